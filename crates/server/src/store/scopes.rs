//! IGA scoping rules (`iga_scopes`). A rule is kept as its JSON document without `id`,
//! `_rev` and `metadata`; the row's `created` / `modified` answer as its metadata.

use gatehouse_wire::scope::{check_scope, Scope};
use serde_json::{json, Map, Value};
use sqlx::SqlitePool;

use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone)]
pub struct StoredScope {
    pub id: String,
    pub document: Map<String, Value>,
    pub rev: i64,
    pub created: String,
    pub modified: String,
}

impl StoredScope {
    /// The rule as the API answers it: `id`, its fields, `metadata` and `_rev`.
    pub fn resource(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(self.id.clone()));
        m.extend(self.document.clone());
        m.insert(
            "metadata".into(),
            json!({"createdDate": self.created, "modifiedDate": self.modified}),
        );
        m.insert("_rev".into(), Value::from(self.rev));
        Value::Object(m)
    }

    /// The rule, read for evaluation.
    pub fn rule(&self) -> ApiResult<Scope> {
        check_scope(&Value::Object(self.document.clone())).map_err(|errors| {
            ApiError::Internal(format!("stored scope '{}' unreadable: {}", self.id, errors.join("; ")))
        })
    }
}

type Row = (String, String, i64, String, String);

fn decode((id, document, rev, created, modified): Row) -> ApiResult<StoredScope> {
    let Ok(Value::Object(document)) = serde_json::from_str(&document) else {
        return Err(ApiError::Internal(format!("stored scope '{id}' unreadable")));
    };
    Ok(StoredScope {
        id,
        document,
        rev,
        created,
        modified,
    })
}

fn text_of(document: &Map<String, Value>) -> ApiResult<String> {
    serde_json::to_string(document).map_err(|e| ApiError::Internal(format!("encoding a scope: {e}")))
}

const COLUMNS: &str = "id, document, rev, created, modified";

pub async fn all(pool: &SqlitePool) -> ApiResult<Vec<StoredScope>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM iga_scopes ORDER BY created, id"))
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(decode).collect()
}

/// Every rule, read for evaluation (inactive ones included; [`gatehouse_wire::scope::visible`] skips them).
pub async fn rules(pool: &SqlitePool) -> ApiResult<Vec<Scope>> {
    all(pool).await?.iter().map(StoredScope::rule).collect()
}

pub async fn get(pool: &SqlitePool, id: &str) -> ApiResult<Option<StoredScope>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM iga_scopes WHERE id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(decode).transpose()
}

/// Stores a new rule; `false` when the id is taken.
pub async fn insert(pool: &SqlitePool, id: &str, document: &Map<String, Value>, now: &str) -> ApiResult<bool> {
    let done =
        sqlx::query("INSERT OR IGNORE INTO iga_scopes (id, document, rev, created, modified) VALUES (?, ?, 1, ?, ?)")
            .bind(id)
            .bind(text_of(document)?)
            .bind(now)
            .bind(now)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces a rule's document if its revision is still `rev`; `false` when it changed meanwhile.
pub async fn replace(
    pool: &SqlitePool,
    id: &str,
    rev: i64,
    document: &Map<String, Value>,
    now: &str,
) -> ApiResult<bool> {
    let done = sqlx::query("UPDATE iga_scopes SET document = ?, rev = rev + 1, modified = ? WHERE id = ? AND rev = ?")
        .bind(text_of(document)?)
        .bind(now)
        .bind(id)
        .bind(rev)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a rule if its revision is still `rev`.
pub async fn delete(pool: &SqlitePool, id: &str, rev: i64) -> ApiResult<bool> {
    let done = sqlx::query("DELETE FROM iga_scopes WHERE id = ? AND rev = ?")
        .bind(id)
        .bind(rev)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
