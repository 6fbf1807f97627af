//! The IGA configuration (`iga_access_request`, `iga_global`), one document in the
//! `settings` table. Absent until first written; reads answer the defaults until then.
//! A change goes through [`Tx`]: one `BEGIN IMMEDIATE` transaction that reads the
//! configuration, stores the new one and writes its audit row
//! ([`crate::store::iga_audit`]).

use gatehouse_wire::request::IgaConfig;
use serde_json::Value;
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::error::{ApiError, ApiResult};
use crate::store::iga_audit::{self, Change, ConfigEntry};

const NAME: &str = "iga_config";

fn decode(text: &str) -> ApiResult<IgaConfig> {
    serde_json::from_str(text).map_err(|e| ApiError::Internal(format!("stored IGA config unreadable: {e}")))
}

fn value_of(config: &IgaConfig) -> ApiResult<Value> {
    serde_json::to_value(config).map_err(|e| ApiError::Internal(format!("encoding the IGA config: {e}")))
}

pub async fn get(pool: &SqlitePool) -> ApiResult<IgaConfig> {
    let mut conn = pool.acquire().await?;
    read(&mut conn).await
}

/// The configuration as a connection (or an open transaction) sees it.
pub async fn read(conn: &mut SqliteConnection) -> ApiResult<IgaConfig> {
    let doc: Option<String> = sqlx::query_scalar("SELECT document FROM settings WHERE name = ?")
        .bind(NAME)
        .fetch_optional(conn)
        .await?;
    doc.as_deref().map_or_else(|| Ok(IgaConfig::default()), decode)
}

/// A change of the configuration. Dropping it without [`Tx::commit`] changes nothing.
pub struct Tx(Transaction<'static, Sqlite>);

impl Tx {
    pub async fn begin(pool: &SqlitePool) -> ApiResult<Self> {
        Ok(Self(pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.0
    }

    /// Stores `after` in place of `before` (both whole) with its audit row; `category`
    /// names the category a PUT replaced, `None` for the whole configuration.
    pub async fn put(
        &mut self,
        before: &IgaConfig,
        after: &IgaConfig,
        category: Option<&str>,
        change: &Change<'_>,
        now: &str,
    ) -> ApiResult<i64> {
        let after_value = value_of(after)?;
        let text = serde_json::to_string(&after_value)
            .map_err(|e| ApiError::Internal(format!("encoding the IGA config: {e}")))?;
        let rev: i64 = sqlx::query_scalar(
            "INSERT INTO settings (name, document, rev, modified) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT(name) DO UPDATE SET document = excluded.document, rev = settings.rev + 1,
               modified = excluded.modified
             RETURNING rev",
        )
        .bind(NAME)
        .bind(text)
        .bind(now)
        .fetch_one(&mut *self.0)
        .await?;
        iga_audit::insert_config(
            &mut self.0,
            change,
            &ConfigEntry {
                rev,
                changed: now,
                category,
                before: &value_of(before)?,
                after: &after_value,
            },
        )
        .await?;
        Ok(rev)
    }

    pub async fn commit(self) -> ApiResult<()> {
        self.0.commit().await?;
        Ok(())
    }
}
