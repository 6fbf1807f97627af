//! Request forms and their assignments (`request_forms`, `request_form_assignments`).
//! A form is kept as the JSON document the admin sent (without `id`, `_rev`, `metadata`,
//! which live in columns); [`StoredForm::resource`] puts the API's view back together.
//! Every change goes through [`Tx`], one `BEGIN IMMEDIATE` transaction, so a revision
//! read there cannot go stale and a form and its assignments change together.

use gatehouse_wire::form::{FormAssignment, FormTarget};
use serde_json::{Map, Value};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::documents::{Metadata, Resource};
use crate::error::{ApiError, ApiResult};

/// A stored form.
#[derive(Debug, Clone)]
pub struct StoredForm {
    pub id: String,
    /// The resource as sent, without `id`, `_rev` and `metadata`.
    pub document: Map<String, Value>,
    pub rev: i64,
    pub created: String,
    pub modified: String,
}

impl StoredForm {
    /// The form as the API answers it: the document plus `id`, `_rev` and `metadata`.
    pub fn resource(&self) -> ApiResult<Value> {
        Resource {
            id: &self.id,
            document: &self.document,
            rev: self.rev,
            metadata: Some(Metadata {
                created_date: &self.created,
                modified_date: &self.modified,
            }),
        }
        .to_value()
    }
}

type FormRow = (String, String, i64, String, String);

const FORM_COLUMNS: &str = "id, document, rev, created, modified";

fn decode((id, document, rev, created, modified): FormRow) -> ApiResult<StoredForm> {
    let document = match serde_json::from_str(&document) {
        Ok(Value::Object(m)) => m,
        Ok(_) => {
            return Err(ApiError::Internal(format!(
                "stored request form '{id}' is not an object"
            )))
        }
        Err(e) => {
            return Err(ApiError::Internal(format!(
                "stored request form '{id}' unreadable: {e}"
            )))
        }
    };
    Ok(StoredForm {
        id,
        document,
        rev,
        created,
        modified,
    })
}

fn text_of(document: &Map<String, Value>) -> ApiResult<String> {
    serde_json::to_string(document).map_err(|e| ApiError::Internal(format!("encoding a request form: {e}")))
}

fn str_of<'a>(document: &'a Map<String, Value>, key: &str) -> &'a str {
    document.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Every form, by name then id.
pub async fn all(pool: &SqlitePool) -> ApiResult<Vec<StoredForm>> {
    let rows: Vec<FormRow> = sqlx::query_as(&format!("SELECT {FORM_COLUMNS} FROM request_forms ORDER BY name, id"))
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(decode).collect()
}

pub async fn get(pool: &SqlitePool, id: &str) -> ApiResult<Option<StoredForm>> {
    let row: Option<FormRow> = sqlx::query_as(&format!("SELECT {FORM_COLUMNS} FROM request_forms WHERE id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(decode).transpose()
}

/// Every assignment, by object id.
pub async fn assignments(pool: &SqlitePool) -> ApiResult<Vec<FormAssignment>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT object_id, form_id FROM request_form_assignments ORDER BY object_id")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(object_id, form_id)| FormAssignment { object_id, form_id })
        .collect())
}

/// The form assigned to an object (`entitlement/<id>`, `requestType/<id>`, ...), if any.
pub async fn form_for_object(pool: &SqlitePool, object_id: &str) -> ApiResult<Option<StoredForm>> {
    let row: Option<FormRow> = sqlx::query_as(
        "SELECT f.id, f.document, f.rev, f.created, f.modified
         FROM request_form_assignments a JOIN request_forms f ON f.id = a.form_id
         WHERE a.object_id = ?",
    )
    .bind(object_id)
    .fetch_optional(pool)
    .await?;
    row.map(decode).transpose()
}

/// Stores a form with revision 1 (a new id), on a pool or inside a transaction.
pub async fn insert<'e, E>(exec: E, id: &str, document: &Map<String, Value>, now: &str) -> ApiResult<StoredForm>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    sqlx::query(
        "INSERT INTO request_forms (id, name, form_type, document, rev, created, modified) VALUES (?, ?, ?, ?, 1, ?, ?)",
    )
    .bind(id)
    .bind(str_of(document, "name"))
    .bind(str_of(document, "type"))
    .bind(text_of(document)?)
    .bind(now)
    .bind(now)
    .execute(exec)
    .await?;
    Ok(StoredForm {
        id: id.to_string(),
        document: document.clone(),
        rev: 1,
        created: now.to_string(),
        modified: now.to_string(),
    })
}

/// Assigns a form to an object (replacing the object's previous form), on a pool or
/// inside a transaction.
pub async fn assign<'e, E>(exec: E, object_id: &str, form_id: &str, now: &str) -> ApiResult<()>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    sqlx::query(
        "INSERT INTO request_form_assignments (object_id, form_id, created) VALUES (?, ?, ?)
         ON CONFLICT(object_id) DO UPDATE SET form_id = excluded.form_id, created = excluded.created",
    )
    .bind(object_id)
    .bind(form_id)
    .bind(now)
    .execute(exec)
    .await?;
    Ok(())
}

/// A write transaction over forms and assignments. Dropping it without
/// [`Tx::commit`] rolls everything back.
pub struct Tx(Transaction<'static, Sqlite>);

impl Tx {
    pub async fn begin(pool: &SqlitePool) -> ApiResult<Self> {
        Ok(Self(pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    pub async fn get(&mut self, id: &str) -> ApiResult<Option<StoredForm>> {
        let row: Option<FormRow> = sqlx::query_as(&format!("SELECT {FORM_COLUMNS} FROM request_forms WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?;
        row.map(decode).transpose()
    }

    pub async fn insert(&mut self, id: &str, document: &Map<String, Value>, now: &str) -> ApiResult<StoredForm> {
        insert(&mut *self.0, id, document, now).await
    }

    /// Replaces a stored form's document; the revision goes up by one.
    pub async fn replace(
        &mut self,
        current: &StoredForm,
        document: &Map<String, Value>,
        now: &str,
    ) -> ApiResult<StoredForm> {
        let rev = current.rev + 1;
        sqlx::query(
            "UPDATE request_forms SET name = ?, form_type = ?, document = ?, rev = ?, modified = ? WHERE id = ?",
        )
        .bind(str_of(document, "name"))
        .bind(str_of(document, "type"))
        .bind(text_of(document)?)
        .bind(rev)
        .bind(now)
        .bind(&current.id)
        .execute(&mut *self.0)
        .await?;
        Ok(StoredForm {
            id: current.id.clone(),
            document: document.clone(),
            rev,
            created: current.created.clone(),
            modified: now.to_string(),
        })
    }

    /// Deletes a form and its assignments; returns how many assignments went with it.
    pub async fn delete(&mut self, id: &str) -> ApiResult<u64> {
        let gone = sqlx::query("DELETE FROM request_form_assignments WHERE form_id = ?")
            .bind(id)
            .execute(&mut *self.0)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM request_forms WHERE id = ?")
            .bind(id)
            .execute(&mut *self.0)
            .await?;
        Ok(gone)
    }

    pub async fn form_exists(&mut self, id: &str) -> ApiResult<bool> {
        Ok(sqlx::query_scalar::<_, i64>("SELECT 1 FROM request_forms WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?
            .is_some())
    }

    /// Whether the catalog item a catalog-item form targets exists (`None` for targets
    /// that are not catalog items: request types, application operations, workflows).
    pub async fn catalog_item_exists(&mut self, target: &FormTarget) -> ApiResult<Option<bool>> {
        let (sql, id) = match target {
            FormTarget::Application(id) => ("SELECT 1 FROM sources WHERE id = ?", id),
            FormTarget::Entitlement(id) => ("SELECT 1 FROM entitlements WHERE id = ?", id),
            FormTarget::Role(id) => ("SELECT 1 FROM roles WHERE id = ?", id),
            _ => return Ok(None),
        };
        Ok(Some(
            sqlx::query_scalar::<_, i64>(sql)
                .bind(id)
                .fetch_optional(&mut *self.0)
                .await?
                .is_some(),
        ))
    }

    /// Whether a request type (built-in or custom) has this id.
    pub async fn request_type_exists(&mut self, id: &str) -> ApiResult<bool> {
        Ok(sqlx::query_scalar::<_, i64>("SELECT 1 FROM request_types WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?
            .is_some())
    }

    pub async fn assign(&mut self, object_id: &str, form_id: &str, now: &str) -> ApiResult<()> {
        assign(&mut *self.0, object_id, form_id, now).await
    }

    /// Removes one assignment; `false` when the form was not assigned to the object.
    pub async fn unassign(&mut self, object_id: &str, form_id: &str) -> ApiResult<bool> {
        Ok(
            sqlx::query("DELETE FROM request_form_assignments WHERE object_id = ? AND form_id = ?")
                .bind(object_id)
                .bind(form_id)
                .execute(&mut *self.0)
                .await?
                .rows_affected()
                > 0,
        )
    }

    pub async fn commit(self) -> ApiResult<()> {
        self.0.commit().await?;
        Ok(())
    }
}
