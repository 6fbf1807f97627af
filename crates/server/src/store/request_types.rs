//! Request types (`request_types`, a [`documents`](super::documents) table). The six
//! built-ins are (re)written at every start by [`ensure_builtins`] when missing, so every
//! tenant has them; they cannot be deleted.

use gatehouse_wire::request::{builtin_request_type, BUILTIN_REQUEST_TYPES};
use serde_json::Value;
use sqlx::SqlitePool;

use super::documents::{StoredDoc, Table};
use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult};

pub const TYPES: Table = Table {
    name: "request_types",
    what: "request type",
    order: "id",
    builtins: true,
};

/// A stored request type.
pub type StoredType = StoredDoc;

/// Writes the built-in request types that are missing.
pub async fn ensure_builtins(pool: &SqlitePool) -> ApiResult<()> {
    let now = now_stamp();
    for id in BUILTIN_REQUEST_TYPES {
        let Some(builtin) = builtin_request_type(id) else {
            continue;
        };
        let Value::Object(mut doc) = serde_json::to_value(&builtin)
            .map_err(|e| ApiError::Internal(format!("encoding request type '{id}': {e}")))?
        else {
            continue;
        };
        // The id lives in its column.
        doc.remove("id");
        sqlx::query(
            "INSERT OR IGNORE INTO request_types (id, document, builtin, rev, created, modified) VALUES (?, ?, 1, 1, ?, ?)",
        )
        .bind(id)
        .bind(TYPES.encode(&doc)?)
        .bind(&now)
        .bind(&now)
        .execute(pool)
        .await?;
    }
    Ok(())
}
