//! Settings documents: one JSON document per name with a revision. Changes go through
//! [`Tx`], a write transaction that stores the document and its audit row together.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult};
use crate::state::LiveSettings;
use crate::store::audit;

pub const LOCKOUT: &str = "lockout-config";
pub const SESSION: &str = "session-config";
pub const NETWORK: &str = "network-config";
pub const SERVICE_PROVIDER: &str = "service-provider-config";
/// The JIT activation policy (configType `policy`); absent until stored.
pub const JIT_POLICY: &str = "jit-activation-config";

/// A stored document and its revision.
pub async fn get_raw(pool: &SqlitePool, name: &str) -> ApiResult<Option<(serde_json::Value, i64)>> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT document, rev FROM settings WHERE name = ?")
        .bind(name)
        .fetch_optional(pool)
        .await?;
    row.map(|(doc, rev)| {
        serde_json::from_str(&doc)
            .map(|v| (v, rev))
            .map_err(|e| ApiError::Internal(format!("stored settings '{name}' unreadable: {e}")))
    })
    .transpose()
}

/// A stored document decoded, or `T::default()` when absent.
pub async fn get_or_default<T: DeserializeOwned + Default>(pool: &SqlitePool, name: &str) -> ApiResult<T> {
    match get_raw(pool, name).await? {
        Some((v, _)) => serde_json::from_value(v)
            .map_err(|e| ApiError::Internal(format!("stored settings '{name}' unreadable: {e}"))),
        None => Ok(T::default()),
    }
}

/// Stores a document when none is stored yet (seeding defaults), on a pool or inside
/// the seeding transaction.
pub async fn insert_default<'e, E, T>(exec: E, name: &str, doc: &T) -> ApiResult<()>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
    T: Serialize,
{
    let text = serde_json::to_string(doc).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query("INSERT OR IGNORE INTO settings (name, document, rev, modified) VALUES (?, ?, 1, ?)")
        .bind(name)
        .bind(text)
        .bind(now_stamp())
        .execute(exec)
        .await?;
    Ok(())
}

/// The settings that govern sign-in, as stored.
pub async fn load_live(pool: &SqlitePool) -> ApiResult<LiveSettings> {
    Ok(LiveSettings {
        lockout: get_or_default(pool, LOCKOUT).await?,
        session: get_or_default(pool, SESSION).await?,
        network: get_or_default(pool, NETWORK).await?,
    })
}

/// A stored document and its revision (the ETag).
#[derive(Debug, Clone)]
pub struct Stored {
    pub document: Value,
    pub rev: i64,
}

/// One change to store: the new document and what the audit row records.
pub struct Change<'a> {
    pub name: &'a str,
    pub after: &'a Value,
    /// `None` when nothing was stored before.
    pub before: Option<&'a Value>,
    /// `PATCH` or `POST`.
    pub method: &'a str,
    /// The operations (or the posted document).
    pub patch: &'a Value,
    pub identity_id: &'a str,
    /// Used when the identity is not in the table (it always is for a signed-in caller).
    pub fallback_name: &'a str,
}

/// A write transaction over the settings: read a document, check what it references,
/// store the change with its audit row, commit. Dropping it without [`Tx::commit`]
/// rolls everything back. Starts with `BEGIN IMMEDIATE`, so concurrent writers queue
/// (busy timeout) instead of failing, and a revision read here cannot go stale.
pub struct Tx(Transaction<'static, Sqlite>);

impl Tx {
    pub async fn begin(pool: &SqlitePool) -> ApiResult<Self> {
        Ok(Self(pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    /// The stored document, if any.
    pub async fn get(&mut self, name: &str) -> ApiResult<Option<Stored>> {
        let row: Option<(String, i64)> = sqlx::query_as("SELECT document, rev FROM settings WHERE name = ?")
            .bind(name)
            .fetch_optional(&mut *self.0)
            .await?;
        row.map(|(doc, rev)| {
            serde_json::from_str(&doc)
                .map(|document| Stored { document, rev })
                .map_err(|e| ApiError::Internal(format!("stored settings '{name}' unreadable: {e}")))
        })
        .transpose()
    }

    /// The ids among `ids` that name no entitlement.
    pub async fn missing_entitlements(&mut self, ids: &[String]) -> ApiResult<Vec<String>> {
        let mut missing = Vec::new();
        for id in ids {
            let found: Option<String> = sqlx::query_scalar("SELECT id FROM entitlements WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *self.0)
                .await?;
            if found.is_none() {
                missing.push(id.clone());
            }
        }
        Ok(missing)
    }

    /// Whether a source with this id exists.
    pub async fn source_exists(&mut self, id: &str) -> ApiResult<bool> {
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM sources WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?;
        Ok(found.is_some())
    }

    /// Stores the new document (revision + 1, or 1 when new) and its audit row.
    /// Returns the new revision.
    pub async fn put(&mut self, change: &Change<'_>) -> ApiResult<i64> {
        let now = now_stamp();
        let text = serde_json::to_string(change.after).map_err(|e| ApiError::Internal(e.to_string()))?;
        let rev: i64 = sqlx::query_scalar(
            "INSERT INTO settings (name, document, rev, modified) VALUES (?, ?, 1, ?)
             ON CONFLICT (name) DO UPDATE SET document = excluded.document, rev = settings.rev + 1,
                 modified = excluded.modified
             RETURNING rev",
        )
        .bind(change.name)
        .bind(&text)
        .bind(&now)
        .fetch_one(&mut *self.0)
        .await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM identities WHERE id = ?")
            .bind(change.identity_id)
            .fetch_optional(&mut *self.0)
            .await?;
        audit::insert(
            &mut self.0,
            &audit::NewEntry {
                name: change.name,
                rev,
                changed: &now,
                identity_id: change.identity_id,
                identity_name: name.as_deref().unwrap_or(change.fallback_name),
                method: change.method,
                patch: change.patch,
                before: change.before,
                after: change.after,
            },
        )
        .await?;
        Ok(rev)
    }

    pub async fn commit(self) -> ApiResult<()> {
        Ok(self.0.commit().await?)
    }
}
