//! Filling a new database: the demo tenant (`--seed demo`), an empty tenant with one
//! administrator (`--seed none`), or a scale tenant (`--seed identities=N`). The demo
//! tenant comes from a fixed random seed, so it is the same on every machine; README
//! lists its fixtures.

use gatehouse_wire::provisioning::{FieldDetailsDto, FieldType, ProvisioningPolicyDto, UsageType};
use gatehouse_wire::request_schema::{SchemaProperty, Schemas};
use gatehouse_wire::settings::JitActivationConfig;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::auth::hash_secret;
use crate::clock::now_stamp;
use crate::config::Seed;
use crate::error::{ApiError, ApiResult};
use crate::store::{forms, provisioning, request_types, settings, tokens};

const FIRST_NAMES: [&str; 52] = [
    "Aaliyah",
    "Arjun",
    "Beatriz",
    "Bruno",
    "Chloe",
    "Carlos",
    "Daniela",
    "Dmitri",
    "Elena",
    "Emeka",
    "Fatima",
    "Finn",
    "Grace",
    "Gabriel",
    "Hana",
    "Hugo",
    "Ingrid",
    "Isaac",
    "Julia",
    "Jamal",
    "Keiko",
    "Kofi",
    "Lucia",
    "Liam",
    "Maya",
    "Mateo",
    "Nadia",
    "Noah",
    "Olivia",
    "Omar",
    "Priya",
    "Pablo",
    "Quinn",
    "Qasim",
    "Rosa",
    "Ravi",
    "Sofia",
    "Samuel",
    "Tara",
    "Tomas",
    "Uma",
    "Umar",
    "Valentina",
    "Victor",
    "Wen",
    "William",
    "Ximena",
    "Xavier",
    "Yara",
    "Yusuf",
    "Zoe",
    "Zane",
];

const LAST_NAMES: [&str; 40] = [
    "Anderson",
    "Bakker",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fernandes",
    "Garcia",
    "Hoffmann",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Urban",
    "Vasquez",
    "Weber",
    "Xu",
    "Yamamoto",
    "Zimmermann",
    "Novak",
    "Haddad",
    "Mensah",
    "Lindqvist",
    "Oliveira",
    "Kim",
    "Singh",
    "Murphy",
    "Costa",
    "Becker",
    "Sato",
    "Walsh",
    "Ahmed",
    "Ortiz",
];

const DEPARTMENTS: [&str; 8] = [
    "Engineering",
    "Finance",
    "Human Resources",
    "Sales",
    "Marketing",
    "Operations",
    "Legal",
    "IT",
];

const TITLES: [&str; 8] = [
    "Software Engineer",
    "Financial Analyst",
    "HR Partner",
    "Account Executive",
    "Marketing Specialist",
    "Operations Coordinator",
    "Counsel",
    "Systems Administrator",
];

const LOCATIONS: [&str; 5] = ["Austin", "London", "Berlin", "Singapore", "Toronto"];

/// One demo persona: client id (also the identity's alias), name, department, levels.
pub struct Persona {
    pub client_id: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub department: &'static str,
    pub levels: &'static str,
}

/// The demo personal access tokens of README.md (secret = client id + "-secret").
pub const PERSONAS: [Persona; 5] = [
    Persona {
        client_id: "demo-admin",
        first: "Ada",
        last: "Lovelace",
        department: "IT",
        levels: "ORG_ADMIN",
    },
    Persona {
        client_id: "demo-policy",
        first: "Paula",
        last: "Reyes",
        department: "Legal",
        levels: "POLICY_ADMIN",
    },
    Persona {
        client_id: "demo-source",
        first: "Samir",
        last: "Khan",
        department: "IT",
        levels: "SOURCE_ADMIN",
    },
    Persona {
        client_id: "demo-requester",
        first: "Rachel",
        last: "Green",
        department: "Engineering",
        levels: "",
    },
    Persona {
        client_id: "demo-approver",
        first: "Alan",
        last: "Turing",
        department: "Engineering",
        levels: "",
    },
];

/// Seeds a new database as `--seed` says. Returns a line to print once (the
/// generated administrator token of `--seed none`).
pub async fn seed(pool: &SqlitePool, seed: Seed) -> ApiResult<Option<String>> {
    settings::insert_default(
        pool,
        settings::LOCKOUT,
        &gatehouse_wire::settings::LockoutConfiguration::default(),
    )
    .await?;
    settings::insert_default(
        pool,
        settings::SESSION,
        &gatehouse_wire::settings::SessionConfiguration::default(),
    )
    .await?;
    settings::insert_default(
        pool,
        settings::NETWORK,
        &gatehouse_wire::settings::NetworkConfiguration::default(),
    )
    .await?;
    settings::insert_default(
        pool,
        settings::SERVICE_PROVIDER,
        &gatehouse_wire::settings::ServiceProviderConfiguration::default(),
    )
    .await?;
    match seed {
        Seed::None => seed_none(pool).await.map(Some),
        Seed::Demo => {
            seed_tenant(pool, 320, true).await?;
            seed_demo_forms(pool).await?;
            Ok(None)
        }
        Seed::Identities(n) => {
            seed_tenant(pool, n, false).await?;
            Ok(None)
        }
    }
}

async fn seed_none(pool: &SqlitePool) -> ApiResult<String> {
    let mut rng = rand::thread_rng();
    let id = hex_id(&mut rng);
    let client_id = format!("admin-{}", &hex_id(&mut rng)[..8]);
    let secret = hex_id(&mut rng) + &hex_id(&mut rng);
    let now = now_stamp();
    sqlx::query(
        "INSERT INTO identities (id, name, alias, first_name, last_name, created, modified, identity_status,
            attributes, lifecycle_state, user_levels)
         VALUES (?, 'Administrator', 'admin', 'Tenant', 'Administrator', ?, ?, 'ACTIVE', ?, 'active', 'ORG_ADMIN')",
    )
    .bind(&id)
    .bind(&now)
    .bind(&now)
    .bind(encode_attributes(&SeedAttributes {
        display_name: "Administrator",
        firstname: "Tenant",
        lastname: "Administrator",
        ..SeedAttributes::default()
    })?)
    .execute(pool)
    .await?;
    let hash = hash_secret(&secret)?;
    tokens::insert_pat(pool, &client_id, &hash, &id, "first administrator").await?;
    Ok(format!(
        "Empty tenant created. Sign in as the administrator with client id {client_id} and client secret {secret} (shown only this once)."
    ))
}

fn hex_id(rng: &mut impl Rng) -> String {
    let bytes: [u8; 16] = rng.gen();
    hex::encode(bytes)
}

fn stamp_days_ago(rng: &mut impl Rng, max_days: i64) -> String {
    let base = time::OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap_or(time::OffsetDateTime::UNIX_EPOCH); // 2026-01-01
    let t = base - time::Duration::seconds(rng.gen_range(0..max_days * 86_400));
    crate::clock::stamp(t)
}

struct Person {
    id: String,
    first: String,
    last: String,
    alias: String,
    department: &'static str,
    manager: Option<usize>,
    status: &'static str,
    processing: Option<&'static str>,
    correlated: bool,
    protected: bool,
    lifecycle: &'static str,
    levels: &'static str,
}

/// Builds the people: the five personas first, then `n` generated identities
/// (department heads first, so everyone else can report to one).
fn people(rng: &mut ChaCha8Rng, n: usize, demo: bool) -> Vec<Person> {
    let mut out: Vec<Person> = PERSONAS
        .iter()
        .map(|p| Person {
            id: hex_id(rng),
            first: p.first.into(),
            last: p.last.into(),
            alias: p.client_id.into(),
            department: p.department,
            manager: None,
            status: "ACTIVE",
            processing: None,
            correlated: true,
            protected: false,
            lifecycle: "active",
            levels: p.levels,
        })
        .collect();
    // demo-approver manages demo-requester.
    out[3].manager = Some(4);
    let heads = DEPARTMENTS.len();
    for k in 0..n {
        // Walk the first names so every initial occurs early, then pick at random.
        let first = if k < FIRST_NAMES.len() {
            FIRST_NAMES[k]
        } else {
            FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())]
        };
        let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
        let department = if k < heads {
            DEPARTMENTS[k]
        } else {
            DEPARTMENTS[rng.gen_range(0..heads)]
        };
        let alias = if demo {
            format!(
                "{}.{}{}",
                first.to_lowercase(),
                last.to_lowercase(),
                if k >= FIRST_NAMES.len() {
                    format!("{k}")
                } else {
                    String::new()
                }
            )
        } else {
            format!("{}.{}.{k}", first.to_lowercase(), last.to_lowercase())
        };
        let manager = if k < heads {
            Some(0) // department heads report to demo-admin's identity
        } else {
            let dep_idx = DEPARTMENTS.iter().position(|d| *d == department).unwrap_or(0);
            Some(PERSONAS.len() + dep_idx)
        };
        let roll = rng.gen_range(0..1000);
        // Fixed slots for the fixtures the README promises, random mix elsewhere.
        let (status, processing, correlated, protected, lifecycle) = match k {
            10..=19 => ("UNREGISTERED", None, true, false, "prehire"),
            20..=22 => ("ACTIVE", Some("ERROR"), true, false, "active"),
            23..=25 => ("ACTIVE", None, true, true, "active"),
            26..=37 => ("ACTIVE", None, false, false, "active"),
            _ if roll < 40 => ("DISABLED", None, true, false, "inactive"),
            _ if roll < 60 => ("LOCKED", None, true, false, "active"),
            _ if roll < 80 => ("TERMINATED", None, true, false, "terminated"),
            _ if roll < 130 => ("REGISTERED", None, true, false, "active"),
            _ if roll < 160 => ("UNREGISTERED", None, true, false, "prehire"),
            _ => ("ACTIVE", Some("OK"), true, false, "active"),
        };
        out.push(Person {
            id: hex_id(rng),
            first: first.into(),
            last: last.into(),
            alias,
            department,
            manager,
            status,
            processing,
            correlated,
            protected,
            lifecycle,
            levels: "",
        });
    }
    // demo-approver reports to the Engineering head.
    out[4].manager = Some(PERSONAS.len());
    out
}

/// One value of a batched row.
enum Arg {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
}

/// Rows of one INSERT, sent a chunk at a time: one statement per chunk instead of one
/// per row (per-statement overhead dominated seeding 100,000 identities).
struct Batch {
    head: &'static str,
    width: usize,
    rows: Vec<Vec<Arg>>,
}

impl Batch {
    fn new(head: &'static str, width: usize) -> Self {
        Self {
            head,
            width,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<Arg>) {
        debug_assert_eq!(row.len(), self.width);
        self.rows.push(row);
    }

    async fn flush(&mut self, tx: &mut Transaction<'_, Sqlite>) -> ApiResult<()> {
        // SQLite allows 32,766 bound values per statement; stay well below.
        let per_chunk = (900 / self.width).max(1);
        let tuple = format!("({})", vec!["?"; self.width].join(", "));
        for chunk in self.rows.chunks(per_chunk) {
            let sql = format!("{} VALUES {}", self.head, vec![tuple.as_str(); chunk.len()].join(", "));
            let mut q = sqlx::query(&sql);
            for row in chunk {
                for arg in row {
                    q = match arg {
                        Arg::Text(t) => q.bind(t.as_str()),
                        Arg::MaybeText(t) => q.bind(t.as_deref()),
                        Arg::Int(i) => q.bind(*i),
                    };
                }
            }
            q.execute(&mut **tx).await?;
        }
        self.rows.clear();
        Ok(())
    }
}

/// The `attributes` of a seeded identity: what the demo people have (the administrator
/// of an empty tenant has only its names).
#[derive(Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct SeedAttributes<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    uid: Option<&'a str>,
    firstname: &'a str,
    lastname: &'a str,
    display_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cloud_status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identification_number: Option<&'a str>,
}

/// The `attributes` column's text.
fn encode_attributes(a: &SeedAttributes) -> ApiResult<String> {
    serde_json::to_string(a).map_err(|e| ApiError::Internal(format!("encoding seeded attributes: {e}")))
}

fn text(s: impl Into<String>) -> Arg {
    Arg::Text(s.into())
}

async fn insert_people(tx: &mut Transaction<'_, Sqlite>, rng: &mut ChaCha8Rng, people: &[Person]) -> ApiResult<()> {
    // Managers may come later in the list: check the foreign keys at commit.
    sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut **tx).await?;
    let mut batch = Batch::new(
        "INSERT INTO identities (id, name, alias, first_name, last_name, email, department, created, modified,
            processing_state, identity_status, last_refresh, attributes, lifecycle_state, correlated, protected,
            user_levels, manager_id)",
        18,
    );
    for p in people {
        let created = stamp_days_ago(rng, 900);
        let name = format!("{} {}", p.first, p.last);
        let email = format!("{}@gatehouse.example", p.alias);
        // Fields are evaluated as written: location, then the number (the seeded values).
        let attributes = encode_attributes(&SeedAttributes {
            uid: Some(&p.alias[..]),
            firstname: &p.first,
            lastname: &p.last,
            display_name: &name,
            email: Some(&email[..]),
            department: Some(p.department),
            title: Some(TITLES[DEPARTMENTS.iter().position(|d| *d == p.department).unwrap_or(0)]),
            location: Some(LOCATIONS[rng.gen_range(0..LOCATIONS.len())]),
            cloud_status: Some(p.status),
            identification_number: Some(&format!("{:06}", rng.gen_range(0..1_000_000))[..]),
        })?;
        batch.push(vec![
            text(&p.id),
            text(name),
            text(&p.alias),
            text(&p.first),
            text(&p.last),
            text(email),
            text(p.department),
            text(&created),
            text(&created),
            Arg::MaybeText(p.processing.map(String::from)),
            text(p.status),
            text(created),
            text(attributes),
            text(p.lifecycle),
            Arg::Int(i64::from(p.correlated)),
            Arg::Int(i64::from(p.protected)),
            text(p.levels),
            Arg::MaybeText(p.manager.map(|m| people[m].id.clone())),
        ]);
    }
    batch.flush(tx).await
}

struct SourceDef {
    name: &'static str,
    connector: &'static str,
    description: &'static str,
    attribute: &'static str,
    entitlements: &'static [(&'static str, &'static str)],
}

const SOURCES: [SourceDef; 4] = [
    SourceDef {
        name: "Active Directory",
        connector: "active-directory",
        description: "Corporate directory: sign-in, groups and file shares",
        attribute: "memberOf",
        entitlements: &[
            ("Domain Users", "Every employee's baseline directory group"),
            ("VPN Users", "Remote access through the corporate VPN"),
            ("Finance Share", "Read and write the finance department share"),
            ("Engineering Share", "Read and write the engineering share"),
            ("Helpdesk Operators", "Reset passwords and unlock accounts"),
            ("Domain Admins", "Full administrative control of the domain"),
        ],
    },
    SourceDef {
        name: "Workday",
        connector: "workday",
        description: "HR system of record",
        attribute: "securityGroup",
        entitlements: &[
            ("Employee Self Service", "View and edit one's own HR record"),
            ("Manager Self Service", "Approve time off and view reports' records"),
            ("HR Partner", "Manage worker records in a department"),
            ("Payroll Administrator", "Run and correct payroll"),
        ],
    },
    SourceDef {
        name: "GitHub Enterprise",
        connector: "github",
        description: "Source code hosting",
        attribute: "team",
        entitlements: &[
            ("org-member", "Member of the company organisation"),
            ("platform-team", "Write access to platform repositories"),
            ("security-reviewers", "Review security-sensitive changes"),
            ("org-owner", "Owner of the organisation"),
        ],
    },
    SourceDef {
        name: "Salesforce",
        connector: "salesforce",
        description: "Customer relationship management",
        attribute: "profile",
        entitlements: &[
            ("Standard User", "Work with accounts and opportunities"),
            ("Sales Manager", "Forecasts and team pipeline"),
            ("System Administrator", "Configure the Salesforce org"),
        ],
    },
];

struct RoleDef {
    name: &'static str,
    description: &'static str,
    department: Option<&'static str>,
    requestable: bool,
    entitlements: &'static [&'static str],
}

const ROLES: [RoleDef; 6] = [
    RoleDef {
        name: "Employee Baseline",
        description: "What every employee gets on day one",
        department: None,
        requestable: false,
        entitlements: &["Domain Users", "Employee Self Service"],
    },
    RoleDef {
        name: "Engineering Developer",
        description: "Source code and engineering shares",
        department: Some("Engineering"),
        requestable: true,
        entitlements: &["Engineering Share", "org-member"],
    },
    RoleDef {
        name: "Finance Analyst",
        description: "Finance share and reporting",
        department: Some("Finance"),
        requestable: true,
        entitlements: &["Finance Share"],
    },
    RoleDef {
        name: "Sales Representative",
        description: "CRM access for the sales team",
        department: Some("Sales"),
        requestable: true,
        entitlements: &["Standard User"],
    },
    RoleDef {
        name: "HR Business Partner",
        description: "Worker records for a department",
        department: Some("Human Resources"),
        requestable: true,
        entitlements: &["HR Partner", "Manager Self Service"],
    },
    RoleDef {
        name: "IT Administrator",
        description: "Directory administration (privileged)",
        department: Some("IT"),
        requestable: false,
        entitlements: &["Helpdesk Operators", "Domain Admins"],
    },
];

async fn seed_tenant(pool: &SqlitePool, n: usize, demo: bool) -> ApiResult<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(20_261_124);
    let people = people(&mut rng, n, demo);
    let mut tx = pool.begin().await?;
    insert_people(&mut tx, &mut rng, &people).await?;
    let now = now_stamp();

    // Personal access tokens of the personas.
    let mut hashed = Vec::new();
    for (i, p) in PERSONAS.iter().enumerate() {
        let secret = format!("{}-secret", p.client_id);
        let hash = tokio::task::spawn_blocking(move || hash_secret(&secret))
            .await
            .map_err(|e| ApiError::Internal(format!("hash task: {e}")))??;
        hashed.push((p.client_id, hash, people[i].id.clone()));
    }
    for (client_id, hash, identity_id) in &hashed {
        sqlx::query(
            "INSERT INTO personal_access_tokens (client_id, secret_hash, identity_id, name, created) VALUES (?, ?, ?, 'demo', ?)",
        )
        .bind(client_id)
        .bind(hash)
        .bind(identity_id)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }

    // Sources, entitlements; owners are department heads and the source admin.
    let heads: Vec<&Person> = people.iter().skip(PERSONAS.len()).take(DEPARTMENTS.len()).collect();
    let mut ent_ids: Vec<(&'static str, String, String)> = Vec::new(); // (name, id, source id)
    let mut source_ids = Vec::new();
    for (si, s) in SOURCES.iter().enumerate() {
        let sid = hex_id(&mut rng);
        let owner = if si == 0 {
            &people[2].id
        } else {
            &heads[si % heads.len()].id
        };
        sqlx::query(
            "INSERT INTO sources (id, name, description, connector, owner_id, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&sid)
        .bind(s.name)
        .bind(s.description)
        .bind(s.connector)
        .bind(owner)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        for (ei, (ename, edesc)) in s.entitlements.iter().enumerate() {
            let eid = hex_id(&mut rng);
            let privileged = ename.contains("Admin") || ename.contains("owner");
            sqlx::query(
                "INSERT INTO entitlements (id, source_id, name, attribute, value, description, owner_id, requestable, privileged, created)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&eid)
            .bind(&sid)
            .bind(ename)
            .bind(s.attribute)
            .bind(format!("CN={ename},OU=Groups"))
            .bind(edesc)
            .bind(&heads[(si + ei) % heads.len()].id)
            .bind(!privileged)
            .bind(privileged)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            ent_ids.push((ename, eid, sid.clone()));
        }
        source_ids.push(sid);
    }

    // Roles and their entitlements.
    let mut role_ids = Vec::new();
    for (ri, r) in ROLES.iter().enumerate() {
        let rid = hex_id(&mut rng);
        sqlx::query(
            "INSERT INTO roles (id, name, description, owner_id, requestable, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&rid)
        .bind(r.name)
        .bind(r.description)
        .bind(&heads[ri % heads.len()].id)
        .bind(r.requestable)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        for e in r.entitlements {
            if let Some((_, eid, _)) = ent_ids.iter().find(|(n, _, _)| n == e) {
                sqlx::query("INSERT INTO role_entitlements (role_id, entitlement_id) VALUES (?, ?)")
                    .bind(&rid)
                    .bind(eid)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        role_ids.push(rid);
    }

    // Accounts (directory + HR for every correlated identity, code hosting for
    // engineers) and role assignments by department.
    let admin_id = people[0].id.clone();
    let mut accounts = Batch::new(
        "INSERT INTO accounts (id, source_id, identity_id, native_identity, name, created)",
        6,
    );
    let mut account_entitlements = Batch::new(
        "INSERT INTO account_entitlements (account_id, entitlement_id, granted)",
        3,
    );
    let mut assignments = Batch::new(
        "INSERT OR IGNORE INTO role_assignments (id, identity_id, role_id, assigner_id, assignment_source, comments, created)",
        7,
    );
    for p in &people {
        let name = format!("{} {}", p.first, p.last);
        let mut sources_for: Vec<usize> = vec![0, 1];
        if p.department == "Engineering" {
            sources_for.push(2);
        }
        if p.department == "Sales" {
            sources_for.push(3);
        }
        for si in sources_for {
            let aid = hex_id(&mut rng);
            let native = if si == 0 {
                format!("CN={name} ({}),OU=People", p.alias)
            } else {
                p.alias.clone()
            };
            accounts.push(vec![
                text(&aid),
                text(&source_ids[si]),
                Arg::MaybeText(p.correlated.then(|| p.id.clone())),
                text(native),
                text(&p.alias),
                text(&now),
            ]);
            let baseline: &[&str] = match si {
                0 => &["Domain Users"],
                1 => &["Employee Self Service"],
                2 => &["org-member"],
                _ => &["Standard User"],
            };
            for e in baseline {
                if let Some((_, eid, _)) = ent_ids.iter().find(|(n, _, _)| n == e) {
                    account_entitlements.push(vec![text(&aid), text(eid), text(&now)]);
                }
            }
        }
        if !p.correlated {
            continue;
        }
        for (ri, r) in ROLES.iter().enumerate() {
            let holds = match r.department {
                None => true,
                Some(d) => d == p.department && (r.requestable || p.levels.contains("ADMIN")) && rng.gen_bool(0.7),
            };
            // The requester holds the engineering role; the approver holds it too.
            let holds = holds || (p.alias == "demo-requester" && ri == 1);
            if holds {
                assignments.push(vec![
                    text(hex_id(&mut rng)),
                    text(&p.id),
                    text(&role_ids[ri]),
                    text(&admin_id),
                    text(if r.department.is_none() {
                        "ROLE_MEMBERSHIP"
                    } else {
                        "ACCESS_REQUEST"
                    }),
                    Arg::MaybeText(r.department.map(|_| "Granted by the demo seed".to_string())),
                    text(&now),
                ]);
            }
        }
    }
    accounts.flush(&mut tx).await?;
    account_entitlements.flush(&mut tx).await?;
    assignments.flush(&mut tx).await?;
    if demo {
        seed_demo_policies(&mut tx, &mut rng, &ent_ids, &source_ids).await?;
    }
    tx.commit().await?;
    tracing::info!(identities = people.len(), demo, "tenant seeded");
    Ok(())
}

/// The privileged entitlements the demo JIT activation policy governs.
const JIT_ENTITLEMENTS: [&str; 4] = [
    "Domain Admins",
    "Payroll Administrator",
    "org-owner",
    "System Administrator",
];

/// The CREATE provisioning policy's fields of each demo source, in `SOURCES` order:
/// (account attribute, type, identity attribute it comes from, required).
const CREATE_FIELDS: [&[(&str, FieldType, &str, bool)]; 4] = [
    &[
        ("sAMAccountName", FieldType::String, "uid", true),
        ("givenName", FieldType::String, "firstname", false),
        ("sn", FieldType::String, "lastname", false),
        ("mail", FieldType::String, "email", true),
        ("department", FieldType::String, "department", false),
    ],
    &[
        ("employeeId", FieldType::String, "identificationNumber", true),
        ("firstName", FieldType::String, "firstname", true),
        ("lastName", FieldType::String, "lastname", true),
        ("workEmail", FieldType::String, "email", false),
    ],
    &[
        ("login", FieldType::String, "uid", true),
        ("email", FieldType::String, "email", true),
    ],
    &[
        ("Username", FieldType::String, "email", true),
        ("FirstName", FieldType::String, "firstname", false),
        ("LastName", FieldType::String, "lastname", true),
        ("Email", FieldType::String, "email", true),
    ],
];

/// The demo tenant's JIT activation policy (over privileged entitlements that exist) and
/// a CREATE provisioning policy for each source.
async fn seed_demo_policies(
    tx: &mut Transaction<'_, Sqlite>,
    rng: &mut ChaCha8Rng,
    ent_ids: &[(&'static str, String, String)],
    source_ids: &[String],
) -> ApiResult<()> {
    let policy = JitActivationConfig {
        id: uuid::Builder::from_random_bytes(rng.gen())
            .into_uuid()
            .hyphenated()
            .to_string(),
        entitlement_ids: JIT_ENTITLEMENTS
            .iter()
            .filter_map(|name| ent_ids.iter().find(|(n, _, _)| n == name).map(|(_, id, _)| id.clone()))
            .collect(),
        max_activation_period_mins: Some(240),
        max_activation_period_extension_mins: Some(60),
        default_max_activation_period_mins: Some(60),
        default_max_activation_period_extension_mins: Some(30),
        notification_recipients: vec!["security-team@gatehouse.example".into()],
        notification_template: Some("jit-activation-default".into()),
        apply_to_future_assignments: true,
    };
    settings::insert_default(&mut **tx, settings::JIT_POLICY, &policy).await?;
    for ((def, sid), fields) in SOURCES.iter().zip(source_ids).zip(CREATE_FIELDS) {
        let mut p = ProvisioningPolicyDto {
            name: Some(format!("{} account", def.name)),
            description: Some(format!("Creates a {} account for a joiner", def.name)),
            usage_type: Some(UsageType::Create),
            fields: fields
                .iter()
                .map(|(name, kind, from, required)| {
                    let mut f = FieldDetailsDto::from_identity(name, *kind, from);
                    if *required {
                        f.attributes
                            .insert("cloudRequired".into(), serde_json::Value::String("true".into()));
                    }
                    f
                })
                .collect(),
        };
        p.normalize();
        provisioning::upsert(&mut **tx, sid, &p).await?;
    }
    Ok(())
}

/// The demo tenant's request forms (PingOne's example among them), kept in `seed/`.
const DEMO_FORMS: [&str; 3] = [
    include_str!("../seed/pingone-form-example.json"),
    include_str!("../seed/access-justification.json"),
    include_str!("../seed/github-account.json"),
];

/// Stores the demo forms, assigns `access-justification` to the requestable "VPN Users"
/// entitlement (which demo-requester does not hold) and PingOne's `new-user` example to
/// the custom request type "New user", in one transaction.
async fn seed_demo_forms(pool: &SqlitePool) -> ApiResult<()> {
    let now = now_stamp();
    let mut tx = pool.begin().await?;
    for text in DEMO_FORMS {
        let serde_json::Value::Object(mut doc) =
            serde_json::from_str(text).map_err(|e| ApiError::Internal(format!("demo form: {e}")))?
        else {
            return Err(ApiError::Internal("a demo form is not an object".into()));
        };
        let id = doc
            .remove("id")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        doc.remove("_rev");
        doc.remove("metadata");
        forms::insert(&mut *tx, &id, &doc, &now).await?;
    }
    let vpn: String = sqlx::query_scalar("SELECT id FROM entitlements WHERE name = 'VPN Users'")
        .fetch_one(&mut *tx)
        .await?;
    forms::assign(&mut *tx, &format!("entitlement/{vpn}"), ACCESS_JUSTIFICATION_FORM, &now).await?;
    let serde_json::Value::Object(new_user) = serde_json::to_value(new_user_request_type())
        .map_err(|e| ApiError::Internal(format!("demo request type: {e}")))?
    else {
        return Err(ApiError::Internal("the demo request type is not an object".into()));
    };
    request_types::TYPES
        .insert(&mut *tx, NEW_USER_REQUEST_TYPE, &new_user, &now)
        .await?;
    forms::assign(
        &mut *tx,
        &format!("requestType/{NEW_USER_REQUEST_TYPE}"),
        NEW_USER_FORM,
        &now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The id of the demo tenant's custom request type "New user" (custom types get uuids),
/// filled with PingOne's example form.
pub const NEW_USER_REQUEST_TYPE: &str = "5d0f6a2e-3b1c-4f7a-9e8d-2c4b6a1f0e93";

/// The id of PingOne's example form (`seed/pingone-form-example.json`).
pub const NEW_USER_FORM: &str = "c385b530-b912-4dcd-98c8-931673add9b7";

/// A custom request type as the API stores one (`custom` set, no built-in workflow).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomRequestType {
    display_name: &'static str,
    schemas: Schemas,
    custom: bool,
}

/// "New user": one custom property for each value the `new-user` form holds.
fn new_user_request_type() -> CustomRequestType {
    let prop = SchemaProperty::new;
    CustomRequestType {
        display_name: "New user",
        schemas: Schemas {
            common: Vec::new(),
            custom: vec![
                prop("givenName", "Given name", "text", true),
                prop("phone", "Phone", "text", true),
                prop("position", "Position", "text", true),
                prop("manager", "Manager", "text", true),
                prop("startDate", "Start date", "date", false),
                prop("notes", "Notes", "text", false),
                prop("laptop", "Laptop", "boolean", false),
                prop("groups", "Groups", "text", false).multi_valued(),
            ],
        },
        custom: true,
    }
}

/// The id of the demo form assigned to the "VPN Users" entitlement.
pub const ACCESS_JUSTIFICATION_FORM: &str = "4f6b2c1e-8d3a-4e57-9b0c-2a61d5e7f013";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn seeded_attributes_name_only_what_is_known() {
        let admin = SeedAttributes {
            display_name: "Administrator",
            firstname: "Tenant",
            lastname: "Administrator",
            ..SeedAttributes::default()
        };
        let text = encode_attributes(&admin).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json!({"displayName": "Administrator", "firstname": "Tenant", "lastname": "Administrator"})
        );
        let person = SeedAttributes {
            cloud_status: Some("ACTIVE"),
            identification_number: Some("000042"),
            ..admin
        };
        let v: Value = serde_json::from_str(&encode_attributes(&person).unwrap()).unwrap();
        assert_eq!(
            (&v["cloudStatus"], &v["identificationNumber"]),
            (&json!("ACTIVE"), &json!("000042"))
        );
        assert!(v.get("email").is_none() && v.get("uid").is_none());
    }
}
