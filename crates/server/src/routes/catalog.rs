//! The IGA access catalog (seed 002): `GET /iga/governance/catalog`,
//! `POST ...?_action=search` with a `targetFilter`, `GET .../catalog/{type}/{id}`, and
//! the search properties `GET /iga/governance/search/schema[/{type}]`.
//!
//! A catalog item's id is the id of the object it grants (see [`crate::store::catalog`]).
//! Everyone signed in sees the requestable items; an ORG_ADMIN may pass
//! `ignoreRequestable=true` to see the rest, and `userId` (accepted: scoping is not
//! enforced yet, so every user's catalog is the same).

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::RawJson;
use crate::routes::iga_list::{self, flag};
use crate::state::AppState;
use crate::store::catalog::{self as store, kind_of, KINDS};

const CATALOG: &str = "/iga/governance/catalog";
const SCHEMA: &str = "/iga/governance/search/schema";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(CATALOG, get(list).post(search))
        .route(&format!("{CATALOG}/{{kind}}/{{id}}"), get(get_one))
        .route(SCHEMA, get(schema))
        .route(&format!("{SCHEMA}/{{kind}}"), get(schema_of))
}

/// Whether the caller sees items that are not requestable (403 for anyone but an
/// ORG_ADMIN asking for them; `userId` is likewise for admins).
fn sees_all(caller: &Caller, params: &HashMap<String, String>) -> ApiResult<bool> {
    let ignore = flag(params, "ignoreRequestable")?;
    if ignore {
        caller.require(caller.is_org_admin(), "ignoreRequestable=true")?;
    }
    if params.get("userId").is_some_and(|u| !u.trim().is_empty()) {
        caller.require(caller.is_org_admin(), "the userId parameter of the catalog")?;
    }
    Ok(ignore)
}

async fn items(state: &AppState, all: bool) -> ApiResult<Vec<Value>> {
    let mut conn = state.db.acquire().await?;
    Ok(store::all(&mut conn)
        .await?
        .into_iter()
        .filter(|i| all || i.requestable)
        .map(|i| i.doc)
        .collect())
}

const EXTRA: [&str; 2] = ["ignoreRequestable", "userId"];

async fn list(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Json<Value>> {
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], false)?;
    let p = iga_list::parse(&params, &EXTRA, "")?;
    let all = sees_all(&caller, &params)?;
    Ok(Json(p.page(items(&state, all).await?, &["id", "item"])))
}

async fn search(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    body: RawJson,
) -> ApiResult<Json<Value>> {
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], true)?;
    let body: Value = body.parse()?;
    let p = iga_list::parse(&params, &EXTRA, "")?.with_search_body(&body)?;
    let all = sees_all(&caller, &params)?;
    Ok(Json(p.page(items(&state, all).await?, &["id", "item"])))
}

fn bad_kind(kind: &str) -> ApiError {
    ApiError::NotFound(format!("'{kind}' is not a catalog type; use {}", KINDS.join(", ")))
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let params = query_params(raw.as_deref())?;
    let all = sees_all(&caller, &params)?;
    let kind = kind_of(&kind).ok_or_else(|| bad_kind(&kind))?;
    let mut conn = state.db.acquire().await?;
    match store::get(&mut conn, kind, &id).await? {
        Some(item) if all || item.requestable => Ok(Json(item.doc)),
        _ => Err(ApiError::NotFound(format!(
            "no requestable {kind} '{id}' in the catalog"
        ))),
    }
}

fn prop(key: &str, display: &str, kind: &str) -> Value {
    json!({"key": key, "displayName": display, "type": kind, "isMultiValue": false})
}

/// The properties a catalog search may filter and sort on, per kind (dot paths of the
/// catalog item, as `targetName` takes them).
fn properties(kind: &str) -> Vec<Value> {
    match kind {
        "application" => vec![
            prop("application.name", "Name", "string"),
            prop("application.description", "Description", "string"),
            prop("application.connector", "Connector", "string"),
            prop("applicationOwner.userName", "Owner", "string"),
        ],
        "entitlement" => vec![
            prop("entitlement.displayName", "Display name", "string"),
            prop("entitlement.description", "Description", "string"),
            prop("entitlement.attribute", "Attribute", "string"),
            prop("entitlement.privileged", "Privileged", "boolean"),
            prop("application.name", "Application", "string"),
            prop("entitlementOwner.userName", "Owner", "string"),
        ],
        _ => vec![
            prop("role.name", "Name", "string"),
            prop("role.description", "Description", "string"),
            prop("roleOwner.userName", "Owner", "string"),
        ],
    }
}

async fn schema(_caller: Caller) -> Json<Value> {
    Json(json!({
        "application": properties("application"),
        "entitlement": properties("entitlement"),
        "role": properties("role"),
    }))
}

async fn schema_of(_caller: Caller, Path(kind): Path<String>) -> ApiResult<Json<Value>> {
    let kind = kind_of(&kind).ok_or_else(|| bad_kind(&kind))?;
    Ok(Json(Value::Array(properties(kind))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_search_properties() {
        for k in KINDS {
            assert!(!properties(k).is_empty());
        }
    }
}
