//! The IGA configuration (`iga_access_request`, `iga_global`), one document in the
//! `settings` table. Absent until first written; reads answer the defaults until then.

use gatehouse_wire::request::IgaConfig;
use sqlx::SqlitePool;

use crate::error::{ApiError, ApiResult};

const NAME: &str = "iga_config";

pub async fn get(pool: &SqlitePool) -> ApiResult<IgaConfig> {
    let doc: Option<String> = sqlx::query_scalar("SELECT document FROM settings WHERE name = ?")
        .bind(NAME)
        .fetch_optional(pool)
        .await?;
    match doc {
        Some(text) => {
            serde_json::from_str(&text).map_err(|e| ApiError::Internal(format!("stored IGA config unreadable: {e}")))
        }
        None => Ok(IgaConfig::default()),
    }
}

pub async fn put(pool: &SqlitePool, config: &IgaConfig, now: &str) -> ApiResult<()> {
    let text =
        serde_json::to_string(config).map_err(|e| ApiError::Internal(format!("encoding the IGA config: {e}")))?;
    sqlx::query(
        "INSERT INTO settings (name, document, rev, modified) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT(name) DO UPDATE SET document = excluded.document, rev = settings.rev + 1, modified = excluded.modified",
    )
    .bind(NAME)
    .bind(text)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}
