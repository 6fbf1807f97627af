//! Accounts as IGA answers them (`gatehouse_wire::account::Account`), read from the
//! `accounts` and `account_entitlements` tables with their source, its owner, the
//! identity holding each account and the entitlements granted on it — in four queries
//! whatever the number of accounts (no query per account). Provisioning
//! ([`crate::store::catalog::grant`]) writes these tables; this module only reads them.

use std::collections::HashMap;

use gatehouse_wire::account::{
    account_path, Account, AccountApplication, AccountKeys, AccountMetadata, AccountObject, Descriptor, DescriptorIdx,
    DisplayName, HeldEntitlement,
};
use gatehouse_wire::request::UserRef;
use serde_json::{Map, Value};
use sqlx::SqliteConnection;

use crate::error::ApiResult;

/// Whose accounts to read.
#[derive(Debug, Clone, Copy)]
pub enum Whose<'a> {
    Everyone,
    Identity(&'a str),
    /// One account, by its row id.
    Account(&'a str),
}

impl Whose<'_> {
    /// The condition on `accounts a` and its one argument (every condition takes one,
    /// so the queries bind the same way whatever is asked).
    fn condition(&self) -> (&'static str, Option<&str>) {
        match self {
            Whose::Everyone => ("?1 IS NULL", None),
            Whose::Identity(id) => ("a.identity_id = ?1", Some(id)),
            Whose::Account(id) => ("a.id = ?1", Some(id)),
        }
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    source_id: String,
    identity_id: Option<String>,
    native_identity: String,
    name: String,
    disabled: bool,
    attributes: String,
    created: String,
    user_alias: Option<String>,
    user_first: Option<String>,
    user_last: Option<String>,
    user_email: Option<String>,
    user_status: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SourceRow {
    id: String,
    name: String,
    description: String,
    connector: String,
    requestable: bool,
    owner_id: Option<String>,
    owner_alias: Option<String>,
    owner_first: Option<String>,
    owner_last: Option<String>,
    owner_email: Option<String>,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    account_id: String,
    id: String,
    name: String,
    attribute: String,
    value: String,
    description: String,
    privileged: bool,
    requestable: bool,
    granted: String,
}

fn user_ref(
    id: Option<String>,
    alias: Option<String>,
    first: Option<String>,
    last: Option<String>,
    email: Option<String>,
    status: Option<String>,
) -> Option<UserRef> {
    Some(UserRef {
        id: id?,
        user_name: alias.unwrap_or_default(),
        given_name: first.unwrap_or_default(),
        sn: last.unwrap_or_default(),
        mail: email,
        account_status: status,
    })
}

/// The accounts of `whose`, by application name, then native identity.
pub async fn list(conn: &mut SqliteConnection, whose: Whose<'_>) -> ApiResult<Vec<Account>> {
    let (condition, arg) = whose.condition();
    let rows: Vec<AccountRow> = sqlx::query_as(&format!(
        "SELECT a.id, a.source_id, a.identity_id, a.native_identity, a.name, a.disabled, a.attributes, a.created,
                i.alias AS user_alias, i.first_name AS user_first, i.last_name AS user_last,
                i.email AS user_email, i.identity_status AS user_status
         FROM accounts a
         JOIN sources s ON s.id = a.source_id
         LEFT JOIN identities i ON i.id = a.identity_id
         WHERE {condition}
         ORDER BY s.name, a.native_identity, a.id"
    ))
    .bind(arg)
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let grants: Vec<GrantRow> = sqlx::query_as(&format!(
        "SELECT ae.account_id, e.id, e.name, e.attribute, e.value, e.description, e.privileged, e.requestable,
                ae.granted
         FROM account_entitlements ae
         JOIN entitlements e ON e.id = ae.entitlement_id
         JOIN accounts a ON a.id = ae.account_id
         WHERE {condition}
         ORDER BY e.name, e.id"
    ))
    .bind(arg)
    .fetch_all(&mut *conn)
    .await?;
    let sources: Vec<SourceRow> = sqlx::query_as(
        "SELECT s.id, s.name, s.description, s.connector, s.requestable, s.owner_id,
                o.alias AS owner_alias, o.first_name AS owner_first, o.last_name AS owner_last,
                o.email AS owner_email
         FROM sources s LEFT JOIN identities o ON o.id = s.owner_id",
    )
    .fetch_all(&mut *conn)
    .await?;

    let mut held: HashMap<String, Vec<HeldEntitlement>> = HashMap::new();
    for g in grants {
        held.entry(g.account_id).or_default().push(HeldEntitlement {
            id: g.id,
            display_name: g.name.clone(),
            name: g.name,
            attribute: g.attribute,
            value: g.value,
            description: g.description,
            privileged: g.privileged,
            requestable: g.requestable,
            granted: g.granted,
        });
    }
    let applications: HashMap<String, (AccountApplication, Vec<UserRef>)> = sources
        .into_iter()
        .map(|s| {
            let owner = user_ref(
                s.owner_id,
                s.owner_alias,
                s.owner_first,
                s.owner_last,
                s.owner_email,
                None,
            );
            let app = AccountApplication {
                id: s.id.clone(),
                name: s.name,
                description: s.description,
                connector: s.connector,
                requestable: s.requestable,
            };
            (s.id, (app, owner.into_iter().collect()))
        })
        .collect();

    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some((application, owners)) = applications.get(&r.source_id).cloned() else {
            continue;
        };
        // Stored as JSON text by the seed and provisioning; anything unreadable is no attributes.
        let attributes = serde_json::from_str::<Value>(&r.attributes)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        out.push(Account {
            id: account_path(&r.source_id, &r.id),
            keys: AccountKeys {
                account_id: r.id.clone(),
                application_id: r.source_id.clone(),
                user_id: r.identity_id.clone(),
            },
            descriptor: Descriptor {
                idx: DescriptorIdx {
                    account: DisplayName {
                        display_name: r.native_identity.clone(),
                    },
                },
            },
            entitlements: held.remove(&r.id).unwrap_or_default(),
            user: user_ref(
                r.identity_id,
                r.user_alias,
                r.user_first,
                r.user_last,
                r.user_email,
                r.user_status,
            ),
            metadata: AccountMetadata {
                created_date: r.created.clone(),
                modified_date: r.created.clone(),
            },
            account: AccountObject {
                id: r.id,
                native_identity: r.native_identity,
                name: r.name,
                disabled: r.disabled,
                created: r.created,
                attributes,
            },
            application,
            application_owner: owners,
            glossary: Map::new(),
            item: Account::item(),
        });
    }
    Ok(out)
}

/// One account by its row id.
pub async fn get(conn: &mut SqliteConnection, account_id: &str) -> ApiResult<Option<Account>> {
    Ok(list(conn, Whose::Account(account_id)).await?.into_iter().next())
}
