//! The IGA configuration (seed 002): `GET/PUT /iga/commons/config` and
//! `GET/PUT /iga/commons/config/{category}` (`iga_access_request`, `iga_global`).
//! Admins read, ORG_ADMIN writes. A PUT replaces: keys it omits take their defaults
//! (as the seed documents for the whole configuration). The request endpoints read
//! the stored configuration on every call and enforce it.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use gatehouse_wire::request::{self as wire, IgaConfig, ACCESS_REQUEST, GLOBAL};
use serde_json::Value;

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult, Json};
use crate::routes::document::{decode, to_value, RawJson};
use crate::state::AppState;
use crate::store::{catalog, iga_config as store};

const CONFIG: &str = "/iga/commons/config";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(CONFIG, get(read_all).put(write_all))
        .route(&format!("{CONFIG}/{{category}}"), get(read_one).put(write_one))
}

fn require_reader(caller: &Caller) -> ApiResult<()> {
    caller.require(caller.can_read_governance_admin(), "reading the IGA configuration")
}

fn require_writer(caller: &Caller) -> ApiResult<()> {
    caller.require(caller.is_org_admin(), "changing the IGA configuration")
}

fn category_of(config: &IgaConfig, category: &str) -> ApiResult<Value> {
    match category {
        ACCESS_REQUEST => to_value(&config.iga_access_request),
        GLOBAL => to_value(&config.iga_global),
        other => Err(ApiError::bad(wire::not_a_key(other))),
    }
}

/// 400 unless the default approver names a role that exists.
async fn check_approver(state: &AppState, config: &IgaConfig) -> ApiResult<()> {
    if let Some(role) = config.iga_access_request.default_approver_role() {
        let mut conn = state.db.acquire().await?;
        if !catalog::role_exists(&mut conn, role).await? {
            return Err(ApiError::bad(format!(
                "iga_access_request.defaultApprover: role '{role}' does not exist"
            )));
        }
    }
    Ok(())
}

async fn read_all(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<IgaConfig>> {
    require_reader(&caller)?;
    Ok(Json(store::get(&state.db).await?))
}

async fn write_all(State(state): State<AppState>, caller: Caller, body: RawJson) -> ApiResult<Json<IgaConfig>> {
    require_writer(&caller)?;
    let config = wire::parse_config(&body.parse::<Value>()?).map_err(ApiError::bad)?;
    check_approver(&state, &config).await?;
    store::put(&state.db, &config, &now_stamp()).await?;
    tracing::info!(by = %caller.identity_id, "IGA configuration replaced");
    Ok(Json(config))
}

async fn read_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(category): Path<String>,
) -> ApiResult<Json<Value>> {
    require_reader(&caller)?;
    Ok(Json(category_of(&store::get(&state.db).await?, &category)?))
}

async fn write_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(category): Path<String>,
    body: RawJson,
) -> ApiResult<Json<Value>> {
    require_writer(&caller)?;
    let doc = wire::parse_category(&category, &body.parse::<Value>()?).map_err(ApiError::bad)?;
    let mut config = store::get(&state.db).await?;
    match category.as_str() {
        ACCESS_REQUEST => config.iga_access_request = decode(doc)?,
        _ => config.iga_global = decode(doc)?,
    }
    check_approver(&state, &config).await?;
    store::put(&state.db, &config, &now_stamp()).await?;
    tracing::info!(by = %caller.identity_id, %category, "IGA configuration category replaced");
    Ok(Json(category_of(&config, &category)?))
}
