//! The IGA access catalog over the tenant's tables, and what an identity holds.
//!
//! A catalog item's id is the id of the object it grants: the source id for an
//! application (`accountGrant`), the entitlement id (`entitlementGrant`), the role id
//! (`roleMembership`). So `GET /iga/governance/catalog/role/<roleId>` and
//! `catalogs: [{type: "role", id: <roleId>}]` need no second id scheme, and the form of
//! an item is the one assigned to `role/<roleId>` (same for the other kinds).
//!
//! Provisioning (what an approved request or an administrator grants) lives here too:
//! a role is a `role_assignments` row, an entitlement a row of `account_entitlements` on
//! the identity's account on the entitlement's source (created when missing), an
//! application an account on the source.

use gatehouse_wire::catalog::{
    CatalogApplication, CatalogEntitlement, CatalogEntry, CatalogGlossary, CatalogItemType, CatalogRole,
    GlossaryAttributes, GlossaryIdx,
};
use gatehouse_wire::request::UserRef;
use serde_json::Value;
use sqlx::SqliteConnection;

use crate::error::{ApiError, ApiResult};
use crate::store::new_id;

/// The catalog kinds, as `catalogs[].type` and the path names them.
pub const KINDS: [&str; 3] = ["application", "entitlement", "role"];

/// One catalog entry: its kind, the id of the object, whether it is requestable, and
/// the document the API answers.
#[derive(Debug, Clone)]
pub struct CatalogItem {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub requestable: bool,
    pub doc: Value,
}

impl CatalogItem {
    /// A catalog object of the item (`application`, `entitlement`, `role`), as a request carries it.
    pub fn object(&self, key: &str) -> Option<Value> {
        self.doc.get(key).cloned()
    }

    /// The owners listed under `key` (`applicationOwner`, `entitlementOwner`, `roleOwner`).
    pub fn owners(&self, key: &str) -> Vec<UserRef> {
        self.doc
            .get(key)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    }
}

pub fn kind_of(name: &str) -> Option<&'static str> {
    KINDS.iter().copied().find(|k| *k == name)
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    alias: String,
    first_name: String,
    last_name: String,
    email: Option<String>,
    identity_status: String,
}

impl From<UserRow> for UserRef {
    fn from(r: UserRow) -> Self {
        UserRef {
            id: r.id,
            user_name: r.alias,
            given_name: r.first_name,
            sn: r.last_name,
            mail: r.email,
            account_status: Some(r.identity_status),
        }
    }
}

const USER_COLUMNS: &str = "id, alias, first_name, last_name, email, identity_status";

/// An identity as IGA names a user.
pub async fn user_ref(conn: &mut SqliteConnection, id: &str) -> ApiResult<Option<UserRef>> {
    let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM identities WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(UserRef::from))
}

/// An owner as IGA lists it (no account status).
fn owner(r: Option<UserRef>) -> Vec<UserRef> {
    r.map(|mut u| {
        u.account_status = None;
        u
    })
    .into_iter()
    .collect()
}

async fn owner_of(conn: &mut SqliteConnection, id: Option<&str>) -> ApiResult<Vec<UserRef>> {
    Ok(match id {
        Some(id) => owner(user_ref(conn, id).await?),
        None => Vec::new(),
    })
}

/// The manager of an identity, if it has one.
pub async fn manager_of(conn: &mut SqliteConnection, id: &str) -> ApiResult<Option<UserRef>> {
    let manager: Option<Option<String>> = sqlx::query_scalar("SELECT manager_id FROM identities WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match manager.flatten() {
        Some(m) => user_ref(conn, &m).await,
        None => Ok(None),
    }
}

/// The identities holding a role.
pub async fn role_members(conn: &mut SqliteConnection, role_id: &str) -> ApiResult<Vec<UserRef>> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM identities WHERE id IN (SELECT identity_id FROM role_assignments WHERE role_id = ?)
         ORDER BY alias"
    ))
    .bind(role_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(UserRef::from).collect())
}

/// Every ORG_ADMIN.
pub async fn org_admins(conn: &mut SqliteConnection) -> ApiResult<Vec<UserRef>> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM identities WHERE (',' || user_levels || ',') LIKE '%,ORG_ADMIN,%' ORDER BY alias"
    ))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(UserRef::from).collect())
}

/// Whether a role exists.
pub async fn role_exists(conn: &mut SqliteConnection, id: &str) -> ApiResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM roles WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?
        > 0)
}

#[derive(sqlx::FromRow)]
struct SourceRow {
    id: String,
    name: String,
    description: String,
    connector: String,
    owner_id: Option<String>,
    requestable: bool,
}

#[derive(sqlx::FromRow)]
struct EntitlementRow {
    id: String,
    source_id: String,
    name: String,
    attribute: String,
    value: String,
    description: String,
    owner_id: Option<String>,
    requestable: bool,
    privileged: bool,
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    id: String,
    name: String,
    description: String,
    owner_id: Option<String>,
    requestable: bool,
}

fn application_object(s: &SourceRow) -> CatalogApplication {
    CatalogApplication {
        id: s.id.clone(),
        name: s.name.clone(),
        description: s.description.clone(),
        connector: s.connector.clone(),
        requestable: s.requestable,
    }
}

fn item_type(kind: &str, object_type: &str) -> CatalogItemType {
    CatalogItemType {
        kind: kind.into(),
        object_type: object_type.into(),
    }
}

/// An item of a kind, its document as the API answers it.
fn catalog_item(kind: &'static str, name: &str, requestable: bool, entry: CatalogEntry) -> ApiResult<CatalogItem> {
    let doc = serde_json::to_value(&entry)
        .map_err(|e| ApiError::Internal(format!("encoding catalog item '{}': {e}", entry.id)))?;
    Ok(CatalogItem {
        kind,
        id: entry.id,
        name: name.to_string(),
        requestable,
        doc,
    })
}

async fn application_item(conn: &mut SqliteConnection, s: SourceRow) -> ApiResult<CatalogItem> {
    let owners = owner_of(conn, s.owner_id.as_deref()).await?;
    let entry = CatalogEntry {
        id: s.id.clone(),
        item: item_type("accountGrant", "application"),
        application: Some(application_object(&s)),
        application_owner: Some(owners),
        entitlement: None,
        entitlement_owner: None,
        role: None,
        role_owner: None,
        glossary: CatalogGlossary {
            idx: GlossaryIdx {
                application: Some(GlossaryAttributes::new(s.requestable, None)),
                ..GlossaryIdx::default()
            },
        },
    };
    catalog_item("application", &s.name, s.requestable, entry)
}

async fn entitlement_item(conn: &mut SqliteConnection, e: EntitlementRow) -> ApiResult<Option<CatalogItem>> {
    let Some(source) = sqlx::query_as::<_, SourceRow>(
        "SELECT id, name, description, connector, owner_id, requestable FROM sources WHERE id = ?",
    )
    .bind(&e.source_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let app_owners = owner_of(conn, source.owner_id.as_deref()).await?;
    let owners = owner_of(conn, e.owner_id.as_deref()).await?;
    let entry = CatalogEntry {
        id: e.id.clone(),
        item: item_type("entitlementGrant", "entitlement"),
        application: Some(application_object(&source)),
        application_owner: Some(app_owners),
        entitlement: Some(CatalogEntitlement {
            id: e.id.clone(),
            name: e.name.clone(),
            display_name: e.name.clone(),
            description: e.description,
            attribute: e.attribute,
            value: e.value,
            privileged: e.privileged,
            requestable: e.requestable,
            application_id: e.source_id,
        }),
        entitlement_owner: Some(owners),
        role: None,
        role_owner: None,
        glossary: CatalogGlossary {
            idx: GlossaryIdx {
                entitlement: Some(GlossaryAttributes::new(e.requestable, Some(e.privileged))),
                ..GlossaryIdx::default()
            },
        },
    };
    catalog_item("entitlement", &e.name, e.requestable, entry).map(Some)
}

async fn role_item(conn: &mut SqliteConnection, r: RoleRow) -> ApiResult<CatalogItem> {
    let owners = owner_of(conn, r.owner_id.as_deref()).await?;
    let entry = CatalogEntry {
        id: r.id.clone(),
        item: item_type("roleMembership", "role"),
        application: None,
        application_owner: None,
        entitlement: None,
        entitlement_owner: None,
        role: Some(CatalogRole {
            id: r.id.clone(),
            name: r.name.clone(),
            description: r.description,
            requestable: r.requestable,
        }),
        role_owner: Some(owners),
        glossary: CatalogGlossary {
            idx: GlossaryIdx {
                role: Some(GlossaryAttributes::new(r.requestable, None)),
                ..GlossaryIdx::default()
            },
        },
    };
    catalog_item("role", &r.name, r.requestable, entry)
}

/// Every catalog item (applications, then entitlements, then roles, each by name).
pub async fn all(conn: &mut SqliteConnection) -> ApiResult<Vec<CatalogItem>> {
    let sources: Vec<SourceRow> =
        sqlx::query_as("SELECT id, name, description, connector, owner_id, requestable FROM sources ORDER BY name, id")
            .fetch_all(&mut *conn)
            .await?;
    let ents: Vec<EntitlementRow> = sqlx::query_as(
        "SELECT id, source_id, name, attribute, value, description, owner_id, requestable, privileged
         FROM entitlements ORDER BY name, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let roles: Vec<RoleRow> =
        sqlx::query_as("SELECT id, name, description, owner_id, requestable FROM roles ORDER BY name, id")
            .fetch_all(&mut *conn)
            .await?;
    let mut out = Vec::new();
    for s in sources {
        out.push(application_item(conn, s).await?);
    }
    for e in ents {
        out.extend(entitlement_item(conn, e).await?);
    }
    for r in roles {
        out.push(role_item(conn, r).await?);
    }
    Ok(out)
}

/// One catalog item by kind and object id.
pub async fn get(conn: &mut SqliteConnection, kind: &str, id: &str) -> ApiResult<Option<CatalogItem>> {
    match kind {
        "application" => {
            let row: Option<SourceRow> = sqlx::query_as(
                "SELECT id, name, description, connector, owner_id, requestable FROM sources WHERE id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            match row {
                Some(s) => Ok(Some(application_item(conn, s).await?)),
                None => Ok(None),
            }
        }
        "entitlement" => {
            let row: Option<EntitlementRow> = sqlx::query_as(
                "SELECT id, source_id, name, attribute, value, description, owner_id, requestable, privileged
                 FROM entitlements WHERE id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            match row {
                Some(e) => entitlement_item(conn, e).await,
                None => Ok(None),
            }
        }
        "role" => {
            let row: Option<RoleRow> =
                sqlx::query_as("SELECT id, name, description, owner_id, requestable FROM roles WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
            match row {
                Some(r) => Ok(Some(role_item(conn, r).await?)),
                None => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

/// The source an entitlement lives on.
async fn source_of_entitlement(conn: &mut SqliteConnection, entitlement_id: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT source_id FROM entitlements WHERE id = ?")
        .bind(entitlement_id)
        .fetch_optional(&mut *conn)
        .await?)
}

async fn account_on(conn: &mut SqliteConnection, identity_id: &str, source_id: &str) -> ApiResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM accounts WHERE identity_id = ? AND source_id = ? ORDER BY created, id LIMIT 1",
    )
    .bind(identity_id)
    .bind(source_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Whether an identity holds a catalog item now.
pub async fn holds(conn: &mut SqliteConnection, identity_id: &str, kind: &str, item_id: &str) -> ApiResult<bool> {
    let n: i64 = match kind {
        "role" => {
            sqlx::query_scalar("SELECT COUNT(*) FROM role_assignments WHERE identity_id = ? AND role_id = ?")
                .bind(identity_id)
                .bind(item_id)
                .fetch_one(&mut *conn)
                .await?
        }
        "entitlement" => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM account_entitlements ae JOIN accounts a ON a.id = ae.account_id
                 WHERE a.identity_id = ? AND ae.entitlement_id = ?",
            )
            .bind(identity_id)
            .bind(item_id)
            .fetch_one(&mut *conn)
            .await?
        }
        _ => {
            sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE identity_id = ? AND source_id = ?")
                .bind(identity_id)
                .bind(item_id)
                .fetch_one(&mut *conn)
                .await?
        }
    };
    Ok(n > 0)
}

/// Who grants, and why (kept on the assignment).
pub struct Grant<'a> {
    pub assigner_id: &'a str,
    /// `ACCESS_REQUEST` or `ADMIN` (the v2024 `assignmentSource`).
    pub source: &'a str,
    pub comment: Option<String>,
    pub remove_date: Option<String>,
    pub now: &'a str,
}

async fn ensure_account(
    conn: &mut SqliteConnection,
    identity_id: &str,
    source_id: &str,
    now: &str,
) -> ApiResult<String> {
    if let Some(id) = account_on(conn, identity_id, source_id).await? {
        return Ok(id);
    }
    let alias: String = sqlx::query_scalar("SELECT alias FROM identities WHERE id = ?")
        .bind(identity_id)
        .fetch_one(&mut *conn)
        .await?;
    let id = new_id();
    // A native identity that is free on the source (an uncorrelated account may hold the alias).
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE source_id = ? AND native_identity = ?")
        .bind(source_id)
        .bind(&alias)
        .fetch_one(&mut *conn)
        .await?;
    let native = if taken > 0 {
        format!("{alias}-{}", &id[..8])
    } else {
        alias.clone()
    };
    sqlx::query(
        "INSERT INTO accounts (id, source_id, identity_id, native_identity, name, created) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(source_id)
    .bind(identity_id)
    .bind(&native)
    .bind(&alias)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Grants a catalog item to an identity (nothing changes when it already holds it).
/// The caller has checked that the identity and the item exist.
pub async fn grant(
    conn: &mut SqliteConnection,
    identity_id: &str,
    kind: &str,
    item_id: &str,
    g: &Grant<'_>,
) -> ApiResult<()> {
    match kind {
        "role" => {
            sqlx::query(
                "INSERT OR IGNORE INTO role_assignments
                   (id, identity_id, role_id, assigner_id, assignment_source, comments, created, remove_date)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(new_id())
            .bind(identity_id)
            .bind(item_id)
            .bind(g.assigner_id)
            .bind(g.source)
            .bind(&g.comment)
            .bind(g.now)
            .bind(&g.remove_date)
            .execute(&mut *conn)
            .await?;
        }
        "entitlement" => {
            let Some(source_id) = source_of_entitlement(conn, item_id).await? else {
                return Ok(());
            };
            let account = ensure_account(conn, identity_id, &source_id, g.now).await?;
            sqlx::query(
                "INSERT OR IGNORE INTO account_entitlements (account_id, entitlement_id, granted) VALUES (?, ?, ?)",
            )
            .bind(&account)
            .bind(item_id)
            .bind(g.now)
            .execute(&mut *conn)
            .await?;
        }
        _ => {
            ensure_account(conn, identity_id, item_id, g.now).await?;
        }
    }
    Ok(())
}

/// Takes a catalog item away from an identity (nothing changes when it does not hold it).
/// Removing an application deletes the identity's accounts on it.
pub async fn revoke(conn: &mut SqliteConnection, identity_id: &str, kind: &str, item_id: &str) -> ApiResult<()> {
    let sql = match kind {
        "role" => "DELETE FROM role_assignments WHERE identity_id = ?1 AND role_id = ?2",
        "entitlement" => {
            "DELETE FROM account_entitlements WHERE entitlement_id = ?2
               AND account_id IN (SELECT id FROM accounts WHERE identity_id = ?1)"
        }
        _ => "DELETE FROM accounts WHERE identity_id = ?1 AND source_id = ?2",
    };
    sqlx::query(sql)
        .bind(identity_id)
        .bind(item_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
