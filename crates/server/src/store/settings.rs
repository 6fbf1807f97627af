//! Settings documents: one JSON document per name with a revision.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult};
use crate::state::LiveSettings;

pub const LOCKOUT: &str = "lockout-config";
pub const SESSION: &str = "session-config";
pub const NETWORK: &str = "network-config";

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

/// Stores a document when none is stored yet (seeding defaults).
pub async fn insert_default<T: Serialize>(pool: &SqlitePool, name: &str, doc: &T) -> ApiResult<()> {
    let text = serde_json::to_string(doc).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query("INSERT OR IGNORE INTO settings (name, document, rev, modified) VALUES (?, ?, 1, ?)")
        .bind(name)
        .bind(text)
        .bind(now_stamp())
        .execute(pool)
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
