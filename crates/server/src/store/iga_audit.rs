//! The audit trails of access requests (`request_audit`) and of the IGA configuration
//! (`iga_config_audit`). Request rows are written by [`crate::store::requests::Tx`]'s
//! `insert` and `update`, configuration rows by [`crate::store::iga_config::Tx::put`], each
//! on the connection of the change's own transaction; the history endpoints read them
//! newest first, like the settings history.

use gatehouse_wire::request::{IgaConfigChange, RequestChange};
use gatehouse_wire::settings::ChangedBy;
use serde_json::Value;
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{ApiError, ApiResult};

/// Who makes a change, what they did and what they sent.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub identity_id: &'a str,
    /// The name to record when the identity has none in the table (a signed-in caller
    /// always has one).
    pub fallback_name: &'a str,
    /// One of `gatehouse_wire::request::REQUEST_CHANGES` for a request.
    pub action: &'a str,
    pub body: &'a Value,
}

fn text(v: &Value) -> ApiResult<String> {
    serde_json::to_string(v).map_err(|e| ApiError::Internal(format!("audit entry: {e}")))
}

fn parse(what: &str, s: &str) -> ApiResult<Value> {
    serde_json::from_str(s).map_err(|e| ApiError::Internal(format!("audit {what} unreadable: {e}")))
}

async fn name_of(conn: &mut SqliteConnection, c: &Change<'_>) -> ApiResult<String> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM identities WHERE id = ?")
        .bind(c.identity_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(name.unwrap_or_else(|| c.fallback_name.to_string()))
}

/// One request's state on either side of a change.
pub struct RequestEntry<'a> {
    pub request_id: &'a str,
    pub rev: i64,
    pub changed: &'a str,
    pub before: Option<&'a Value>,
    pub after: &'a Value,
}

/// Writes one request row on the connection of an open transaction.
pub async fn insert_request(conn: &mut SqliteConnection, c: &Change<'_>, e: &RequestEntry<'_>) -> ApiResult<()> {
    let name = name_of(conn, c).await?;
    sqlx::query(
        "INSERT INTO request_audit (request_id, rev, changed, identity_id, identity_name, action, body, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.request_id)
    .bind(e.rev)
    .bind(e.changed)
    .bind(c.identity_id)
    .bind(name)
    .bind(c.action)
    .bind(text(c.body)?)
    .bind(e.before.map(text).transpose()?)
    .bind(text(e.after)?)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    request_id: String,
    rev: i64,
    changed: String,
    identity_id: String,
    identity_name: String,
    action: String,
    body: String,
    before: Option<String>,
    after: String,
}

impl RequestRow {
    fn into_wire(self) -> ApiResult<RequestChange> {
        Ok(RequestChange {
            id: self.id,
            request_id: self.request_id,
            rev: self.rev,
            changed: self.changed,
            changed_by: ChangedBy {
                id: self.identity_id,
                name: self.identity_name,
            },
            action: self.action,
            body: parse("body", &self.body)?,
            before: self.before.as_deref().map(|b| parse("before", b)).transpose()?,
            after: parse("after", &self.after)?,
        })
    }
}

/// A page of one request's changes, newest first, and how many there are in all.
pub async fn request_history(
    pool: &SqlitePool,
    request_id: &str,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<RequestChange>, i64)> {
    let rows: Vec<RequestRow> = sqlx::query_as(
        "SELECT id, request_id, rev, changed, identity_id, identity_name, action, body, before, after
         FROM request_audit WHERE request_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
    )
    .bind(request_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM request_audit WHERE request_id = ?")
        .bind(request_id)
        .fetch_one(pool)
        .await?;
    let items = rows.into_iter().map(RequestRow::into_wire).collect::<ApiResult<_>>()?;
    Ok((items, total))
}

/// The configuration on either side of a change.
pub struct ConfigEntry<'a> {
    pub rev: i64,
    pub changed: &'a str,
    pub category: Option<&'a str>,
    pub before: &'a Value,
    pub after: &'a Value,
}

/// Writes one configuration row on the connection of an open transaction.
pub async fn insert_config(conn: &mut SqliteConnection, c: &Change<'_>, e: &ConfigEntry<'_>) -> ApiResult<()> {
    let name = name_of(conn, c).await?;
    sqlx::query(
        "INSERT INTO iga_config_audit (rev, changed, identity_id, identity_name, category, body, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.rev)
    .bind(e.changed)
    .bind(c.identity_id)
    .bind(name)
    .bind(e.category)
    .bind(text(c.body)?)
    .bind(text(e.before)?)
    .bind(text(e.after)?)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ConfigRow {
    id: i64,
    rev: i64,
    changed: String,
    identity_id: String,
    identity_name: String,
    category: Option<String>,
    body: String,
    before: String,
    after: String,
}

impl ConfigRow {
    fn into_wire(self) -> ApiResult<IgaConfigChange> {
        Ok(IgaConfigChange {
            id: self.id,
            rev: self.rev,
            changed: self.changed,
            changed_by: ChangedBy {
                id: self.identity_id,
                name: self.identity_name,
            },
            category: self.category,
            body: parse("body", &self.body)?,
            before: parse("before", &self.before)?,
            after: parse("after", &self.after)?,
        })
    }
}

/// A page of the configuration's changes, newest first, and how many there are in all.
pub async fn config_history(pool: &SqlitePool, limit: i64, offset: i64) -> ApiResult<(Vec<IgaConfigChange>, i64)> {
    let rows: Vec<ConfigRow> = sqlx::query_as(
        "SELECT id, rev, changed, identity_id, identity_name, category, body, before, after
         FROM iga_config_audit ORDER BY id DESC LIMIT ? OFFSET ?",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM iga_config_audit")
        .fetch_one(pool)
        .await?;
    let items = rows.into_iter().map(ConfigRow::into_wire).collect::<ApiResult<_>>()?;
    Ok((items, total))
}
