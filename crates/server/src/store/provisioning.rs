//! Provisioning policies (`provisioning_policies`): at most one per source and usage
//! type, stored as a `ProvisioningPolicyDto` document. Every change is one transaction
//! that also checks the source exists, so a missing source is a 404 and never a
//! dangling row. Each change also writes its audit row ([`crate::store::provisioning_audit`])
//! in that transaction; a change that stores the same document again writes none.
//!
//! Revisions (the ETags): each policy carries the revision it was last stored at, taken
//! from one counter per source (`provisioning_revisions`) that every change of any of
//! the source's policies raises. The counter is also the revision of the source's whole
//! set of policies (the list, bulk-update). Every change takes a precondition on the
//! revision it finds, checked inside its transaction (the `If-Match` of the request);
//! a change that stores nothing new raises no revision.

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

/// A stored policy and the revision it was stored at.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPolicy {
    pub policy: ProvisioningPolicyDto,
    pub rev: i64,
}

async fn require_source(conn: &mut SqliteConnection, source_id: &str) -> ApiResult<()> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM sources WHERE id = ?")
        .bind(source_id)
        .fetch_optional(conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| no_source(source_id))
}

async fn find(conn: &mut SqliteConnection, source_id: &str, usage: UsageType) -> ApiResult<Option<StoredPolicy>> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT document, rev FROM provisioning_policies WHERE source_id = ? AND usage_type = ?")
            .bind(source_id)
            .bind(usage.as_str())
            .fetch_optional(conn)
            .await?;
    row.map(|(text, rev)| decode(&text).map(|policy| StoredPolicy { policy, rev }))
        .transpose()
}

/// The revision of a source's set of policies (1 until one of them first changes).
async fn set_rev(conn: &mut SqliteConnection, source_id: &str) -> ApiResult<i64> {
    let rev: Option<i64> = sqlx::query_scalar("SELECT rev FROM provisioning_revisions WHERE source_id = ?")
        .bind(source_id)
        .fetch_optional(conn)
        .await?;
    Ok(rev.unwrap_or(1))
}

/// Raises the source's counter and answers the new revision (2 for the first change:
/// what was stored before the counter existed is at 1).
async fn next_rev(conn: &mut SqliteConnection, source_id: &str) -> ApiResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO provisioning_revisions (source_id, rev) VALUES (?, 2)
         ON CONFLICT (source_id) DO UPDATE SET rev = rev + 1
         RETURNING rev",
    )
    .bind(source_id)
    .fetch_one(conn)
    .await?)
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

/// Inserts or replaces one policy (its `usageType` is set), keeping the revision of a
/// policy already stored (1 for a new one). Used by the seed, inside its own transaction.
pub async fn upsert<'e, E>(exec: E, source_id: &str, policy: &ProvisioningPolicyDto) -> ApiResult<()>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    write(exec, source_id, policy, None).await
}

/// Stores one policy at revision `rev` (`None`: keep the stored one, 1 for a new one).
async fn write<'e, E>(exec: E, source_id: &str, policy: &ProvisioningPolicyDto, rev: Option<i64>) -> ApiResult<()>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let usage = usage_of(policy)?;
    let text = serde_json::to_string(policy).map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = now_stamp();
    sqlx::query(
        "INSERT INTO provisioning_policies (source_id, usage_type, document, rev, created, modified)
         VALUES (?, ?, ?, COALESCE(?, 1), ?, ?)
         ON CONFLICT (source_id, usage_type) DO UPDATE SET document = excluded.document,
             modified = excluded.modified, rev = COALESCE(?, provisioning_policies.rev)",
    )
    .bind(source_id)
    .bind(usage.as_str())
    .bind(text)
    .bind(rev)
    .bind(&now)
    .bind(&now)
    .bind(rev)
    .execute(exec)
    .await?;
    Ok(())
}

/// The policies of a source, in the spec's usage-type order, and the revision of the set.
pub async fn list(pool: &SqlitePool, source_id: &str) -> ApiResult<(Vec<StoredPolicy>, i64)> {
    let mut conn = pool.acquire().await?;
    require_source(&mut conn, source_id).await?;
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT document, rev FROM provisioning_policies WHERE source_id = ?")
            .bind(source_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut out = rows
        .iter()
        .map(|(text, rev)| decode(text).map(|policy| StoredPolicy { policy, rev: *rev }))
        .collect::<ApiResult<Vec<_>>>()?;
    out.sort_by_key(|p| p.policy.usage_type);
    Ok((out, set_rev(&mut conn, source_id).await?))
}

pub async fn get(pool: &SqlitePool, source_id: &str, usage: UsageType) -> ApiResult<StoredPolicy> {
    let mut conn = pool.acquire().await?;
    require_source(&mut conn, source_id).await?;
    find(&mut conn, source_id, usage)
        .await?
        .ok_or_else(|| no_policy(source_id, usage))
}

/// Creates a policy and answers its revision; 400 when the source already has one of
/// that usage type.
pub async fn create(
    pool: &SqlitePool,
    source_id: &str,
    policy: &ProvisioningPolicyDto,
    actor: Actor<'_>,
) -> ApiResult<i64> {
    let usage = usage_of(policy)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    if find(&mut tx, source_id, usage).await?.is_some() {
        return Err(ApiError::bad(format!(
            "usageType: source '{source_id}' already has a {} provisioning policy; replace it with PUT",
            usage.as_str()
        )));
    }
    let rev = next_rev(&mut tx, source_id).await?;
    write(&mut *tx, source_id, policy, Some(rev)).await?;
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
    Ok(rev)
}

/// Stores every policy in `tx` (creating or replacing each) at one new revision, unless
/// none of them changes; answers the revision of each, in order.
async fn put_all(
    tx: &mut SqliteConnection,
    source_id: &str,
    policies: &[(ProvisioningPolicyDto, Option<StoredPolicy>)],
    actor: Actor<'_>,
    method: &str,
) -> ApiResult<Vec<i64>> {
    let changes = policies
        .iter()
        .any(|(p, before)| before.as_ref().map(|b| &b.policy) != Some(p));
    let rev = if changes {
        Some(next_rev(tx, source_id).await?)
    } else {
        None
    };
    let mut revs = Vec::with_capacity(policies.len());
    for (p, before) in policies {
        let usage = usage_of(p)?;
        let same = before.as_ref().is_some_and(|b| b.policy == *p);
        let now_at = match (same, before, rev) {
            (true, Some(b), _) => b.rev,
            (_, _, Some(rev)) => rev,
            (_, _, None) => return Err(ApiError::Internal("a changed policy without a new revision".into())),
        };
        if !same {
            write(&mut *tx, source_id, p, Some(now_at)).await?;
        }
        let change = Audited {
            source_id,
            usage,
            method,
            input: None,
            before: before.as_ref().map(|b| &b.policy),
            after: Some(p),
        };
        record(tx, actor, change).await?;
        revs.push(now_at);
    }
    Ok(revs)
}

/// Replaces (or creates) the policy of one usage type (`PUT`) and answers its revision.
/// `precondition` is given the revision stored now (`None`: there is no such policy).
pub async fn replace(
    pool: &SqlitePool,
    source_id: &str,
    policy: &ProvisioningPolicyDto,
    actor: Actor<'_>,
    precondition: impl FnOnce(Option<i64>) -> ApiResult<()>,
) -> ApiResult<i64> {
    let usage = usage_of(policy)?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    let before = find(&mut tx, source_id, usage).await?;
    precondition(before.as_ref().map(|b| b.rev))?;
    let revs = put_all(&mut tx, source_id, &[(policy.clone(), before)], actor, "PUT").await?;
    tx.commit().await?;
    revs.first()
        .copied()
        .ok_or_else(|| ApiError::Internal("a replace stored nothing".into()))
}

/// Creates or replaces every listed policy, all or none (`bulk-update`), and answers the
/// revision of the source's set of policies after it. `precondition` is given the
/// revision of the set before.
pub async fn bulk_update(
    pool: &SqlitePool,
    source_id: &str,
    policies: &[ProvisioningPolicyDto],
    actor: Actor<'_>,
    precondition: impl FnOnce(i64) -> ApiResult<()>,
) -> ApiResult<i64> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    precondition(set_rev(&mut tx, source_id).await?)?;
    let mut pairs = Vec::with_capacity(policies.len());
    for p in policies {
        let before = find(&mut tx, source_id, usage_of(p)?).await?;
        pairs.push((p.clone(), before));
    }
    put_all(&mut tx, source_id, &pairs, actor, "BULK_UPDATE").await?;
    let rev = set_rev(&mut tx, source_id).await?;
    tx.commit().await?;
    Ok(rev)
}

/// Changes a stored policy with `change` (given the stored one, returns the new one or
/// refuses) inside one transaction; `patch` is the request's JSON Patch, for the audit.
/// `precondition` is given the stored revision before anything is changed.
pub async fn update_with(
    pool: &SqlitePool,
    source_id: &str,
    usage: UsageType,
    actor: Actor<'_>,
    patch: &Value,
    precondition: impl FnOnce(i64) -> ApiResult<()>,
    change: impl FnOnce(ProvisioningPolicyDto) -> ApiResult<ProvisioningPolicyDto>,
) -> ApiResult<StoredPolicy> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    let current = find(&mut tx, source_id, usage)
        .await?
        .ok_or_else(|| no_policy(source_id, usage))?;
    precondition(current.rev)?;
    let next = change(current.policy.clone())?;
    if next.usage_type != Some(usage) {
        return Err(ApiError::Internal("a patched policy changed its usageType".into()));
    }
    if next == current.policy {
        return Ok(current);
    }
    let rev = next_rev(&mut tx, source_id).await?;
    write(&mut *tx, source_id, &next, Some(rev)).await?;
    let audited = Audited {
        source_id,
        usage,
        method: "PATCH",
        input: Some(patch),
        before: Some(&current.policy),
        after: Some(&next),
    };
    record(&mut tx, actor, audited).await?;
    tx.commit().await?;
    Ok(StoredPolicy { policy: next, rev })
}

/// Deletes a policy; `precondition` is given its stored revision first.
pub async fn delete(
    pool: &SqlitePool,
    source_id: &str,
    usage: UsageType,
    actor: Actor<'_>,
    precondition: impl FnOnce(i64) -> ApiResult<()>,
) -> ApiResult<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    require_source(&mut tx, source_id).await?;
    let current = find(&mut tx, source_id, usage)
        .await?
        .ok_or_else(|| no_policy(source_id, usage))?;
    precondition(current.rev)?;
    sqlx::query("DELETE FROM provisioning_policies WHERE source_id = ? AND usage_type = ?")
        .bind(source_id)
        .bind(usage.as_str())
        .execute(&mut *tx)
        .await?;
    next_rev(&mut tx, source_id).await?;
    let change = Audited {
        source_id,
        usage,
        method: "DELETE",
        input: Some(&Value::Null),
        before: Some(&current.policy),
        after: None,
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(())
}
