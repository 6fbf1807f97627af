//! IGA objects kept whole as JSON documents, in tables of one shape: `id`, `document`
//! (the object without `id`, `_rev` and `metadata`), `rev`, `created`, `modified`, and
//! for tables with built-in rows a `builtin` flag. Request types and scopes use it. A
//! missing document is a 404 naming it; every change checks the revision it was read at
//! in its `WHERE` clause and is a 412 when the row changed (or went) meanwhile.

use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::SqlitePool;

use crate::error::{ApiError, ApiResult};

/// One document table.
pub struct Table {
    /// The SQL table (a constant, never input).
    pub name: &'static str,
    /// What a row is, for error texts ("request type").
    pub what: &'static str,
    /// The list order (SQL).
    pub order: &'static str,
    /// Whether the table has a `builtin` column (built-in rows are never deleted).
    pub builtins: bool,
}

/// One stored document.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    pub id: String,
    pub document: Map<String, Value>,
    pub rev: i64,
    pub builtin: bool,
    pub created: String,
    pub modified: String,
}

/// `metadata: {createdDate, modifiedDate}` of a stored object.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata<'a> {
    pub created_date: &'a str,
    pub modified_date: &'a str,
}

/// A stored object as the API answers it: its document (kept as sent, without the keys
/// below) with `id`, `_rev` and, where the API has it, `metadata`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Resource<'a> {
    pub id: &'a str,
    #[serde(flatten)]
    pub document: &'a Map<String, Value>,
    #[serde(rename = "_rev")]
    pub rev: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata<'a>>,
}

impl Resource<'_> {
    /// The resource as JSON (what lists filter and PATCH rewrites).
    pub fn to_value(&self) -> ApiResult<Value> {
        serde_json::to_value(self).map_err(|e| ApiError::Internal(format!("encoding '{}': {e}", self.id)))
    }
}

impl StoredDoc {
    /// The object as the API answers it: `id`, its fields and `_rev`.
    pub fn resource(&self) -> ApiResult<Value> {
        self.view(None).to_value()
    }

    /// [`StoredDoc::resource`] with `metadata: {createdDate, modifiedDate}`.
    pub fn resource_with_metadata(&self) -> ApiResult<Value> {
        self.view(Some(Metadata {
            created_date: &self.created,
            modified_date: &self.modified,
        }))
        .to_value()
    }

    fn view<'a>(&'a self, metadata: Option<Metadata<'a>>) -> Resource<'a> {
        Resource {
            id: &self.id,
            document: &self.document,
            rev: self.rev,
            metadata,
        }
    }
}

type Row = (String, String, i64, bool, String, String);

impl Table {
    fn columns(&self) -> String {
        let builtin = if self.builtins { "builtin" } else { "0" };
        format!("id, document, rev, {builtin}, created, modified")
    }

    fn decode(&self, (id, document, rev, builtin, created, modified): Row) -> ApiResult<StoredDoc> {
        let Ok(Value::Object(document)) = serde_json::from_str(&document) else {
            return Err(ApiError::Internal(format!("stored {} '{id}' unreadable", self.what)));
        };
        Ok(StoredDoc {
            id,
            document,
            rev,
            builtin,
            created,
            modified,
        })
    }

    /// The document as stored text.
    pub fn encode(&self, document: &Map<String, Value>) -> ApiResult<String> {
        serde_json::to_string(document).map_err(|e| ApiError::Internal(format!("encoding a {}: {e}", self.what)))
    }

    pub async fn all(&self, pool: &SqlitePool) -> ApiResult<Vec<StoredDoc>> {
        let sql = format!("SELECT {} FROM {} ORDER BY {}", self.columns(), self.name, self.order);
        let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(pool).await?;
        rows.into_iter().map(|r| self.decode(r)).collect()
    }

    pub async fn get(&self, pool: &SqlitePool, id: &str) -> ApiResult<Option<StoredDoc>> {
        let sql = format!("SELECT {} FROM {} WHERE id = ?", self.columns(), self.name);
        let row: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?;
        row.map(|r| self.decode(r)).transpose()
    }

    /// A document, or a 404 naming it.
    pub async fn load(&self, pool: &SqlitePool, id: &str) -> ApiResult<StoredDoc> {
        self.get(pool, id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("{} '{id}' was not found", self.what)))
    }

    fn changed_meanwhile(&self, id: &str) -> ApiError {
        ApiError::PreconditionFailed(format!("{} '{id}' was changed meanwhile; read it again", self.what))
    }

    /// Stores a new document with revision 1, on a pool or inside a transaction; `false`
    /// when the id is taken.
    pub async fn insert<'e, E>(&self, exec: E, id: &str, document: &Map<String, Value>, now: &str) -> ApiResult<bool>
    where
        E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
    {
        let sql = format!(
            "INSERT OR IGNORE INTO {} (id, document, rev, created, modified) VALUES (?, ?, 1, ?, ?)",
            self.name
        );
        let done = sqlx::query(&sql)
            .bind(id)
            .bind(self.encode(document)?)
            .bind(now)
            .bind(now)
            .execute(exec)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Replaces `current` (raising its revision) and answers what is stored now; a 412
    /// when it changed since it was read.
    pub async fn replace(
        &self,
        pool: &SqlitePool,
        current: &StoredDoc,
        document: &Map<String, Value>,
        now: &str,
    ) -> ApiResult<StoredDoc> {
        let sql = format!(
            "UPDATE {} SET document = ?, rev = rev + 1, modified = ? WHERE id = ? AND rev = ?",
            self.name
        );
        let done = sqlx::query(&sql)
            .bind(self.encode(document)?)
            .bind(now)
            .bind(&current.id)
            .bind(current.rev)
            .execute(pool)
            .await?;
        if done.rows_affected() != 1 {
            return Err(self.changed_meanwhile(&current.id));
        }
        self.load(pool, &current.id).await
    }

    /// Deletes `current` (never a built-in document); a 412 when it changed since it was read.
    pub async fn delete(&self, pool: &SqlitePool, current: &StoredDoc) -> ApiResult<()> {
        let not_builtin = if self.builtins { " AND builtin = 0" } else { "" };
        let sql = format!("DELETE FROM {} WHERE id = ? AND rev = ?{not_builtin}", self.name);
        let done = sqlx::query(&sql)
            .bind(&current.id)
            .bind(current.rev)
            .execute(pool)
            .await?;
        if done.rows_affected() != 1 {
            return Err(self.changed_meanwhile(&current.id));
        }
        Ok(())
    }
}
