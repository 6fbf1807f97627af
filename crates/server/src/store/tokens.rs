//! Personal access tokens (client id + hashed secret) and issued access tokens.

use sqlx::SqlitePool;

use crate::error::ApiResult;

/// A personal access token and its owner, as sign-in needs them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PatOwner {
    pub secret_hash: String,
    pub identity_id: String,
    pub alias: String,
    pub user_levels: String,
}

pub async fn find_pat(pool: &SqlitePool, client_id: &str) -> ApiResult<Option<PatOwner>> {
    Ok(sqlx::query_as::<_, PatOwner>(
        "SELECT p.secret_hash, p.identity_id, i.alias, i.user_levels
         FROM personal_access_tokens p JOIN identities i ON i.id = p.identity_id
         WHERE p.client_id = ?",
    )
    .bind(client_id)
    .fetch_optional(pool)
    .await?)
}

pub async fn insert_pat(
    pool: &SqlitePool,
    client_id: &str,
    secret_hash: &str,
    identity_id: &str,
    name: &str,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO personal_access_tokens (client_id, secret_hash, identity_id, name, created) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(client_id)
    .bind(secret_hash)
    .bind(identity_id)
    .bind(name)
    .bind(crate::clock::now_stamp())
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn insert_access_token(
    pool: &SqlitePool,
    jti: &str,
    identity_id: &str,
    client_id: &str,
    issued_at: i64,
    expires_at: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO access_tokens (jti, identity_id, client_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(jti)
    .bind(identity_id)
    .bind(client_id)
    .bind(issued_at)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Marks one token revoked.
pub async fn revoke(pool: &SqlitePool, jti: &str) -> ApiResult<()> {
    sqlx::query("UPDATE access_tokens SET revoked = 1 WHERE jti = ?")
        .bind(jti)
        .execute(pool)
        .await?;
    Ok(())
}

/// Marks every token of an identity revoked; returns their ids.
pub async fn revoke_identity(pool: &SqlitePool, identity_id: &str) -> ApiResult<Vec<String>> {
    Ok(sqlx::query_scalar::<_, String>(
        "UPDATE access_tokens SET revoked = 1 WHERE identity_id = ? AND revoked = 0 RETURNING jti",
    )
    .bind(identity_id)
    .fetch_all(pool)
    .await?)
}

/// Unrevoked, unexpired tokens (loaded at start so restarts keep sessions).
pub async fn active(pool: &SqlitePool, now: i64) -> ApiResult<Vec<(String, String, i64)>> {
    Ok(sqlx::query_as::<_, (String, String, i64)>(
        "SELECT jti, identity_id, issued_at FROM access_tokens WHERE revoked = 0 AND expires_at > ?",
    )
    .bind(now)
    .fetch_all(pool)
    .await?)
}
