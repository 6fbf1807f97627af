//! IGA scoping rules (`iga_scopes`, a [`documents`](super::documents) table). A rule's
//! row `created` / `modified` answer as its metadata.

use gatehouse_wire::scope::{check_scope, Scope};
use serde_json::Value;
use sqlx::SqlitePool;

use super::documents::{StoredDoc, Table};
use crate::error::{ApiError, ApiResult};

pub const SCOPES: Table = Table {
    name: "iga_scopes",
    what: "scope",
    order: "created, id",
    builtins: false,
};

/// A stored scoping rule.
pub type StoredScope = StoredDoc;

/// A stored rule, read for evaluation.
pub fn rule(s: &StoredScope) -> ApiResult<Scope> {
    check_scope(&Value::Object(s.document.clone()))
        .map_err(|errors| ApiError::Internal(format!("stored scope '{}' unreadable: {}", s.id, errors.join("; "))))
}

/// Every rule, read for evaluation (inactive ones included; [`gatehouse_wire::scope::visible`] skips them).
pub async fn rules(pool: &SqlitePool) -> ApiResult<Vec<Scope>> {
    SCOPES.all(pool).await?.iter().map(rule).collect()
}
