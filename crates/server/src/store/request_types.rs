//! Request types (`request_types`). The six built-ins are (re)written at every start
//! by [`ensure_builtins`] when missing, so every tenant has them; they cannot be deleted.
//! A type is kept as its JSON document without `id` and `_rev`.

use gatehouse_wire::request::{builtin_request_type, BUILTIN_REQUEST_TYPES};
use serde_json::{Map, Value};
use sqlx::SqlitePool;

use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone)]
pub struct StoredType {
    pub id: String,
    pub document: Map<String, Value>,
    pub builtin: bool,
    pub rev: i64,
}

impl StoredType {
    pub fn resource(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(self.id.clone()));
        m.extend(self.document.clone());
        m.insert("_rev".into(), Value::from(self.rev));
        Value::Object(m)
    }
}

type Row = (String, String, bool, i64);

fn decode((id, document, builtin, rev): Row) -> ApiResult<StoredType> {
    let Ok(Value::Object(document)) = serde_json::from_str(&document) else {
        return Err(ApiError::Internal(format!("stored request type '{id}' unreadable")));
    };
    Ok(StoredType {
        id,
        document,
        builtin,
        rev,
    })
}

fn text_of(document: &Map<String, Value>) -> ApiResult<String> {
    serde_json::to_string(document).map_err(|e| ApiError::Internal(format!("encoding a request type: {e}")))
}

/// Writes the built-in request types that are missing.
pub async fn ensure_builtins(pool: &SqlitePool) -> ApiResult<()> {
    let now = now_stamp();
    for id in BUILTIN_REQUEST_TYPES {
        let Some(Value::Object(mut doc)) = builtin_request_type(id) else {
            continue;
        };
        doc.remove("id");
        sqlx::query(
            "INSERT OR IGNORE INTO request_types (id, document, builtin, rev, created, modified) VALUES (?, ?, 1, 1, ?, ?)",
        )
        .bind(id)
        .bind(text_of(&doc)?)
        .bind(&now)
        .bind(&now)
        .execute(pool)
        .await?;
    }
    Ok(())
}

pub async fn all(pool: &SqlitePool) -> ApiResult<Vec<StoredType>> {
    let rows: Vec<Row> = sqlx::query_as("SELECT id, document, builtin, rev FROM request_types ORDER BY id")
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(decode).collect()
}

pub async fn get(pool: &SqlitePool, id: &str) -> ApiResult<Option<StoredType>> {
    let row: Option<Row> = sqlx::query_as("SELECT id, document, builtin, rev FROM request_types WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(decode).transpose()
}

/// Stores a new type; `false` when the id is taken.
pub async fn insert(pool: &SqlitePool, id: &str, document: &Map<String, Value>, now: &str) -> ApiResult<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO request_types (id, document, builtin, rev, created, modified) VALUES (?, ?, 0, 1, ?, ?)",
    )
    .bind(id)
    .bind(text_of(document)?)
    .bind(now)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces a type's document if its revision is still `rev`; `false` when it changed meanwhile.
pub async fn replace(
    pool: &SqlitePool,
    id: &str,
    rev: i64,
    document: &Map<String, Value>,
    now: &str,
) -> ApiResult<bool> {
    let done =
        sqlx::query("UPDATE request_types SET document = ?, rev = rev + 1, modified = ? WHERE id = ? AND rev = ?")
            .bind(text_of(document)?)
            .bind(now)
            .bind(id)
            .bind(rev)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a custom type if its revision is still `rev`.
pub async fn delete(pool: &SqlitePool, id: &str, rev: i64) -> ApiResult<bool> {
    let done = sqlx::query("DELETE FROM request_types WHERE id = ? AND rev = ? AND builtin = 0")
        .bind(id)
        .bind(rev)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
