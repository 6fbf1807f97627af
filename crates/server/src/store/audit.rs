//! The audit trail of settings documents (`settings_audit`): rows are written by
//! [`crate::store::settings::Tx::put`] in the same transaction as the change, and read
//! newest first by the history endpoint.

use gatehouse_wire::settings::{ChangedBy, SettingsChange};
use serde_json::Value;
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{ApiError, ApiResult};

/// What one audit row records.
pub struct NewEntry<'a> {
    pub name: &'a str,
    pub rev: i64,
    pub changed: &'a str,
    pub identity_id: &'a str,
    pub identity_name: &'a str,
    pub method: &'a str,
    pub patch: &'a Value,
    pub before: Option<&'a Value>,
    pub after: &'a Value,
}

fn text(v: &Value) -> ApiResult<String> {
    serde_json::to_string(v).map_err(|e| ApiError::Internal(format!("audit entry: {e}")))
}

/// Writes one row on the connection of an open transaction.
pub async fn insert(conn: &mut SqliteConnection, e: &NewEntry<'_>) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO settings_audit (name, rev, changed, identity_id, identity_name, method, patch, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.name)
    .bind(e.rev)
    .bind(e.changed)
    .bind(e.identity_id)
    .bind(e.identity_name)
    .bind(e.method)
    .bind(text(e.patch)?)
    .bind(e.before.map(text).transpose()?)
    .bind(text(e.after)?)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    rev: i64,
    changed: String,
    identity_id: String,
    identity_name: String,
    method: String,
    patch: String,
    before: Option<String>,
    after: String,
}

fn parse(what: &str, s: &str) -> ApiResult<Value> {
    serde_json::from_str(s).map_err(|e| ApiError::Internal(format!("audit {what} unreadable: {e}")))
}

impl Row {
    fn into_wire(self) -> ApiResult<SettingsChange> {
        Ok(SettingsChange {
            id: self.id,
            document: self.name,
            rev: self.rev,
            changed: self.changed,
            changed_by: ChangedBy {
                id: self.identity_id,
                name: self.identity_name,
            },
            method: self.method,
            patch: parse("patch", &self.patch)?,
            before: self.before.as_deref().map(|b| parse("before", b)).transpose()?,
            after: parse("after", &self.after)?,
        })
    }
}

/// A page of one document's changes, newest first, and how many there are in all.
pub async fn history(pool: &SqlitePool, name: &str, limit: i64, offset: i64) -> ApiResult<(Vec<SettingsChange>, i64)> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, rev, changed, identity_id, identity_name, method, patch, before, after
         FROM settings_audit WHERE name = ? ORDER BY id DESC LIMIT ? OFFSET ?",
    )
    .bind(name)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM settings_audit WHERE name = ?")
        .bind(name)
        .fetch_one(pool)
        .await?;
    let items = rows.into_iter().map(Row::into_wire).collect::<ApiResult<_>>()?;
    Ok((items, total))
}
