//! Direct provisioning (seed 002): `POST /iga/governance/user/{userId}/applications|
//! roles|entitlements?_action=add|remove` with `{applicationId|roleId|entitlementId,
//! startDate?, endDate?, grantType: request|admin, requestId?}` → 200 `{}`. ORG_ADMIN
//! only. What it changes is what the v2024 identity endpoints show (role assignments,
//! accounts); adding what is held and removing what is not change nothing.

use axum::extract::{Path, RawQuery, State};
use axum::routing::post;
use axum::Router;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::RawJson;
use crate::routes::iga_list;
use crate::routes::requests::parse_instant;
use crate::state::AppState;
use crate::store::catalog::{self, Grant};

const USER: &str = "/iga/governance/user/{user_id}";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&format!("{USER}/applications"), post(applications))
        .route(&format!("{USER}/roles"), post(roles))
        .route(&format!("{USER}/entitlements"), post(entitlements))
}

/// What a direct provisioning answers: an empty object, `{}`.
#[derive(Debug, Serialize)]
pub struct Provisioned {}

async fn applications(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    query: RawQuery,
    body: RawJson,
) -> ApiResult<Json<Provisioned>> {
    run(state, caller, path, query, body, "application").await
}

async fn roles(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    query: RawQuery,
    body: RawJson,
) -> ApiResult<Json<Provisioned>> {
    run(state, caller, path, query, body, "role").await
}

async fn entitlements(
    state: State<AppState>,
    caller: Caller,
    path: Path<String>,
    query: RawQuery,
    body: RawJson,
) -> ApiResult<Json<Provisioned>> {
    run(state, caller, path, query, body, "entitlement").await
}

fn opt_text(body: &Value, key: &str) -> ApiResult<Option<String>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(ApiError::bad(format!("{key} must be a string"))),
    }
}

async fn run(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    RawQuery(raw): RawQuery,
    body: RawJson,
    kind: &'static str,
) -> ApiResult<Json<Provisioned>> {
    caller.require(caller.is_org_admin(), "provisioning access directly")?;
    let params = query_params(raw.as_deref())?;
    let add = iga_list::action(&params, &["add", "remove"], true)? == Some("add");
    let body: Value = body.parse()?;
    if !body.is_object() {
        return Err(ApiError::bad(format!(
            "the body must be an object {{{kind}Id, grantType}}"
        )));
    }
    let key = format!("{kind}Id");
    let item_id = opt_text(&body, &key)?.ok_or_else(|| ApiError::bad(format!("{key} is required")))?;
    let source = match opt_text(&body, "grantType")?.as_deref() {
        None | Some("admin") => "ADMIN",
        Some("request") => "ACCESS_REQUEST",
        Some(other) => {
            return Err(ApiError::bad(format!(
                "grantType must be request or admin, got '{other}'"
            )))
        }
    };
    for k in ["startDate", "endDate"] {
        if let Some(s) = opt_text(&body, k)? {
            parse_instant(k, &s)?;
        }
    }
    let request_id = opt_text(&body, "requestId")?;
    let now = now_stamp();
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if catalog::user_ref(&mut tx, &user_id).await?.is_none() {
        return Err(ApiError::NotFound(format!("user '{user_id}' was not found")));
    }
    if catalog::get(&mut tx, kind, &item_id).await?.is_none() {
        return Err(ApiError::NotFound(format!("{key}: {kind} '{item_id}' was not found")));
    }
    if add {
        let grant = Grant {
            assigner_id: &caller.identity_id,
            source,
            comment: request_id.map(|r| format!("Access request {r}")),
            remove_date: opt_text(&body, "endDate")?,
            now: &now,
        };
        catalog::grant(&mut tx, &user_id, kind, &item_id, &grant).await?;
    } else {
        catalog::revoke(&mut tx, &user_id, kind, &item_id).await?;
    }
    tx.commit().await?;
    tracing::info!(user = %user_id, kind, item = %item_id, add, by = %caller.identity_id, "access provisioned directly");
    Ok(Json(Provisioned {}))
}
