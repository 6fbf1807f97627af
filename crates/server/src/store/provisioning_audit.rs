//! The audit trail of provisioning policies (`provisioning_audit`): rows are written by
//! the writes of [`crate::store::provisioning`] on the connection of their own
//! transaction, and read newest first by the history endpoint.

use gatehouse_wire::settings::{ChangedBy, ProvisioningPolicyChange};
use serde_json::Value;
use sqlx::{SqliteConnection, SqlitePool};

use crate::error::{ApiError, ApiResult};

/// Who makes a change: the identity, and the name to record when it has none in the
/// table (it always has one for a signed-in caller).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub identity_id: &'a str,
    pub fallback_name: &'a str,
}

/// What one audit row records (the time is taken when it is written).
pub struct NewEntry<'a> {
    pub source_id: &'a str,
    pub usage_type: &'a str,
    pub method: &'a str,
    pub patch: &'a Value,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
}

fn text(v: &Value) -> ApiResult<String> {
    serde_json::to_string(v).map_err(|e| ApiError::Internal(format!("audit entry: {e}")))
}

/// Writes one row on the connection of an open transaction.
pub async fn insert(conn: &mut SqliteConnection, actor: Actor<'_>, changed: &str, e: &NewEntry<'_>) -> ApiResult<()> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM identities WHERE id = ?")
        .bind(actor.identity_id)
        .fetch_optional(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO provisioning_audit
             (source_id, usage_type, changed, identity_id, identity_name, method, patch, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.source_id)
    .bind(e.usage_type)
    .bind(changed)
    .bind(actor.identity_id)
    .bind(name.as_deref().unwrap_or(actor.fallback_name))
    .bind(e.method)
    .bind(text(e.patch)?)
    .bind(e.before.map(text).transpose()?)
    .bind(e.after.map(text).transpose()?)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    source_id: String,
    usage_type: String,
    changed: String,
    identity_id: String,
    identity_name: String,
    method: String,
    patch: String,
    before: Option<String>,
    after: Option<String>,
}

fn parse(what: &str, s: &str) -> ApiResult<Value> {
    serde_json::from_str(s).map_err(|e| ApiError::Internal(format!("audit {what} unreadable: {e}")))
}

impl Row {
    fn into_wire(self) -> ApiResult<ProvisioningPolicyChange> {
        Ok(ProvisioningPolicyChange {
            id: self.id,
            source_id: self.source_id,
            usage_type: self.usage_type,
            changed: self.changed,
            changed_by: ChangedBy {
                id: self.identity_id,
                name: self.identity_name,
            },
            method: self.method,
            patch: parse("patch", &self.patch)?,
            before: self.before.as_deref().map(|b| parse("before", b)).transpose()?,
            after: self.after.as_deref().map(|a| parse("after", a)).transpose()?,
        })
    }
}

/// A page of one source's policy changes (of one usage type, when given), newest
/// first, and how many there are in all.
pub async fn history(
    pool: &SqlitePool,
    source_id: &str,
    usage_type: Option<&str>,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ProvisioningPolicyChange>, i64)> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, source_id, usage_type, changed, identity_id, identity_name, method, patch, before, after
         FROM provisioning_audit WHERE source_id = ?1 AND (?2 IS NULL OR usage_type = ?2)
         ORDER BY id DESC LIMIT ?3 OFFSET ?4",
    )
    .bind(source_id)
    .bind(usage_type)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM provisioning_audit WHERE source_id = ?1 AND (?2 IS NULL OR usage_type = ?2)",
    )
    .bind(source_id)
    .bind(usage_type)
    .fetch_one(pool)
    .await?;
    let items = rows.into_iter().map(Row::into_wire).collect::<ApiResult<_>>()?;
    Ok((items, total))
}
