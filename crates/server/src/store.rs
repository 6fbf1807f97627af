//! The store: opening the database, and one module per table family. Handlers call
//! these functions and never see sqlx types; driver errors become `ApiError::Internal`.

pub mod accounts;
pub mod audit;
pub mod catalog;
pub mod documents;
pub mod forms;
pub mod identities;
pub mod identity_cache;
pub mod iga_audit;
pub mod iga_config;
pub mod jit_entitlements;
pub mod provisioning;
pub mod provisioning_audit;
pub mod request_types;
pub mod requests;
pub mod scopes;
pub mod settings;
pub mod sources;
pub mod tasks;
pub mod tokens;

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::error::ApiResult;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating when missing) and migrates the database. Returns the pool and
/// whether the database was never seeded (so `--seed` applies).
pub async fn open(url: &str) -> ApiResult<(SqlitePool, bool)> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("cache_size", "-65536");
    let in_memory = url.contains(":memory:");
    let pool = SqlitePoolOptions::new()
        .max_connections(if in_memory { 1 } else { 8 })
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    request_types::ensure_builtins(&pool).await?;
    let seeded = sqlx::query_scalar::<_, String>("SELECT value FROM app_meta WHERE key = 'seeded'")
        .fetch_optional(&pool)
        .await?;
    Ok((pool, seeded.is_none()))
}

/// Records that the database was seeded, so `--seed` is not applied again.
pub async fn mark_seeded(pool: &SqlitePool, what: &str) -> ApiResult<()> {
    sqlx::query("INSERT OR REPLACE INTO app_meta (key, value) VALUES ('seeded', ?)")
        .bind(what)
        .execute(pool)
        .await?;
    // Statistics for the planner, so it picks the index that serves each filter and
    // order of a freshly seeded (perhaps large) tenant instead of guessing.
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

/// A value from `app_meta`, created with `make` when missing.
pub async fn meta_or_insert(pool: &SqlitePool, key: &str, make: impl FnOnce() -> String) -> ApiResult<String> {
    if let Some(v) = sqlx::query_scalar::<_, String>("SELECT value FROM app_meta WHERE key = ?")
        .bind(key)
        .fetch_optional(pool)
        .await?
    {
        return Ok(v);
    }
    let v = make();
    sqlx::query("INSERT OR IGNORE INTO app_meta (key, value) VALUES (?, ?)")
        .bind(key)
        .bind(&v)
        .execute(pool)
        .await?;
    Ok(
        sqlx::query_scalar::<_, String>("SELECT value FROM app_meta WHERE key = ?")
            .bind(key)
            .fetch_one(pool)
            .await?,
    )
}

/// A new 32-hex-digit id, the shape SailPoint's ids have.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
