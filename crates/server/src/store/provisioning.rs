//! Provisioning policies (`provisioning_policies`): at most one per source and usage
//! type, stored as a `ProvisioningPolicyDto` document. Every change is one transaction
//! that also checks the source exists, so a missing source is a 404 and never a
//! dangling row. Each change also writes its audit row ([`crate::store::provisioning_audit`])
//! in that transaction; a change that stores the same document again writes none.

use gatehouse_wire::provisioning::{ProvisioningPolicyDto, UsageType};
use serde_json::Value;
use sqlx::{Sqlite, SqliteConnection, SqlitePool};

use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult};
use crate::store::provisioning_audit::{self as audit, Actor, NewEntry};

fn no_source(source_id: &str) -> ApiError {
    ApiError::NotFound(format!("source '{source_id}' was not found"))
}

fn no_policy(source_id: &str, usage: UsageType) -> ApiError {
    ApiError::NotFound(format!(
        "source '{source_id}' has no provisioning policy with usageType {}",
        usage.as_str()
    ))
}

fn decode(text: &str) -> ApiResult<ProvisioningPolicyDto> {
    serde_json::from_str(text).map_err(|e| ApiError::Internal(format!("stored provisioning policy unreadable: {e}")))
}

fn usage_of(p: &ProvisioningPolicyDto) -> ApiResult<UsageType> {
    p.usage_type
        .ok_or_else(|| ApiError::Internal("a provisioning policy reached the store without its usageType".into()))
}

async fn require_source(conn: &mut SqliteConnection, source_id: &str) -> ApiResult<()> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM sources WHERE id = ?")
        .bind(source_id)
        .fetch_optional(conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| no_source(source_id))
}

async fn find(
    conn: &mut SqliteConnection,
    source_id: &str,
    usage: UsageType,
) -> ApiResult<Option<ProvisioningPolicyDto>> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT document FROM provisioning_policies WHERE source_id = ? AND usage_type = ?")
            .bind(source_id)
            .bind(usage.as_str())
            .fetch_optional(conn)
            .await?;
    text.as_deref().map(decode).transpose()
}

fn to_value(p: &ProvisioningPolicyDto) -> ApiResult<Value> {
    serde_json::to_value(p).map_err(|e| ApiError::Internal(format!("encoding a provisioning policy: {e}")))
}

/// What one audited change is.
struct Audited<'a> {
    source_id: &'a str,
    usage: UsageType,
    method: &'a str,
    /// The patch, or the document sent (`None`: the stored document after the change).
    input: Option<&'a Value>,
    before: Option<&'a ProvisioningPolicyDto>,
    after: Option<&'a ProvisioningPolicyDto>,
}

/// Writes the audit row of a change, unless it changed nothing.
async fn record(conn: &mut SqliteConnection, actor: Actor<'_>, change: Audited<'_>) -> ApiResult<()> {
    if change.before == change.after {
        return Ok(());
    }
    let before = change.before.map(to_value).transpose()?;
    let after = change.after.map(to_value).transpose()?;
    let patch = match change.input {
        Some(v) => v.clone(),
        None => after.clone().unwrap_or(Value::Null),
    };
    audit::insert(
        conn,
        actor,
        &now_stamp(),
        &NewEntry {
            source_id: change.source_id,
            usage_type: change.usage.as_str(),
            method: change.method,
            patch: &patch,
            before: before.as_ref(),
            after: after.as_ref(),
        },
    )
    .await
}

/// Inserts or replaces one policy (its `usageType` is set). Also used by the seed, inside
/// its own transaction.
pub async fn upsert<'e, E>(exec: E, source_id: &str, policy: &ProvisioningPolicyDto) -> ApiResult<()>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let usage = usage_of(policy)?;
    let text = serde_json::to_string(policy).map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = now_stamp();
    sqlx::query(
        "INSERT INTO provisioning_policies (source_id, usage_type, document, created, modified) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (source_id, usage_type) DO UPDATE SET document = excluded.document, modified = excluded.modified",
    )
    .bind(source_id)
    .bind(usage.as_str())
    .bind(text)
    .bind(&now)
    .bind(&now)
    .execute(exec)
    .await?;
    Ok(())
}

/// The policies of a source, in the spec's usage-type order.
pub async fn list(pool: &SqlitePool, source_id: &str) -> ApiResult<Vec<ProvisioningPolicyDto>> {
    let mut conn = pool.acquire().await?;
    require_source(&mut conn, source_id).await?;
    let texts: Vec<String> = sqlx::query_scalar("SELECT document FROM provisioning_policies WHERE source_id = ?")
        .bind(source_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = texts.iter().map(|t| decode(t)).collect::<ApiResult<Vec<_>>>()?;
    out.sort_by_key(|p| p.usage_type);
    Ok(out)
}

pub async fn get(pool: &SqlitePool, source_id: &str, usage: UsageType) -> ApiResult<ProvisioningPolicyDto> {
    let mut conn = pool.acquire().await?;
    require_source(&mut conn, source_id).await?;
    find(&mut conn, source_id, usage)
        .await?
        .ok_or_else(|| no_policy(source_id, usage))
}

/// Creates a policy; 400 when the source already has one of that usage type.
pub async fn create(
    pool: &SqlitePool,
    source_id: &str,
    policy: &ProvisioningPolicyDto,
    actor: Actor<'_>,
) -> ApiResult<()> {
    let usage = usage_of(policy)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    if find(&mut tx, source_id, usage).await?.is_some() {
        return Err(ApiError::bad(format!(
            "usageType: source '{source_id}' already has a {} provisioning policy; replace it with PUT",
            usage.as_str()
        )));
    }
    upsert(&mut *tx, source_id, policy).await?;
    let change = Audited {
        source_id,
        usage,
        method: "POST",
        input: None,
        before: None,
        after: Some(policy),
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores every policy (creating or replacing each) in one transaction; `method` is what
/// the audit rows say (`PUT`, `BULK_UPDATE`).
pub async fn put_all(
    pool: &SqlitePool,
    source_id: &str,
    policies: &[ProvisioningPolicyDto],
    actor: Actor<'_>,
    method: &str,
) -> ApiResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    for p in policies {
        let usage = usage_of(p)?;
        let before = find(&mut tx, source_id, usage).await?;
        upsert(&mut *tx, source_id, p).await?;
        let change = Audited {
            source_id,
            usage,
            method,
            input: None,
            before: before.as_ref(),
            after: Some(p),
        };
        record(&mut tx, actor, change).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Changes a stored policy with `change` (given the stored one, returns the new one or
/// refuses) inside one transaction; `patch` is the request's JSON Patch, for the audit.
pub async fn update_with(
    pool: &SqlitePool,
    source_id: &str,
    usage: UsageType,
    actor: Actor<'_>,
    patch: &Value,
    change: impl FnOnce(ProvisioningPolicyDto) -> ApiResult<ProvisioningPolicyDto>,
) -> ApiResult<ProvisioningPolicyDto> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    let current = find(&mut tx, source_id, usage)
        .await?
        .ok_or_else(|| no_policy(source_id, usage))?;
    let next = change(current.clone())?;
    if next.usage_type != Some(usage) {
        return Err(ApiError::Internal("a patched policy changed its usageType".into()));
    }
    upsert(&mut *tx, source_id, &next).await?;
    let audited = Audited {
        source_id,
        usage,
        method: "PATCH",
        input: Some(patch),
        before: Some(&current),
        after: Some(&next),
    };
    record(&mut tx, actor, audited).await?;
    tx.commit().await?;
    Ok(next)
}

pub async fn delete(pool: &SqlitePool, source_id: &str, usage: UsageType, actor: Actor<'_>) -> ApiResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    let current = find(&mut tx, source_id, usage)
        .await?
        .ok_or_else(|| no_policy(source_id, usage))?;
    sqlx::query("DELETE FROM provisioning_policies WHERE source_id = ? AND usage_type = ?")
        .bind(source_id)
        .bind(usage.as_str())
        .execute(&mut *tx)
        .await?;
    let change = Audited {
        source_id,
        usage,
        method: "DELETE",
        input: Some(&Value::Null),
        before: Some(&current),
        after: None,
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(())
}
