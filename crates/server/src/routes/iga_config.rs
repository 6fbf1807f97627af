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
use sqlx::SqliteConnection;

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult, Json};
use crate::routes::document::{decode, to_value, RawJson};
use crate::state::AppState;
use crate::store::iga_audit::Change;
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
async fn check_approver(conn: &mut SqliteConnection, config: &IgaConfig) -> ApiResult<()> {
    if let Some(role) = config.iga_access_request.default_approver_role() {
        if !catalog::role_exists(conn, role).await? {
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

/// The shared change: in one transaction, read the configuration, let `change` make the
/// new one from it, check it, and store it with its audit row (a PUT that changes
/// nothing stores nothing and leaves no row).
async fn write(
    state: &AppState,
    caller: &Caller,
    category: Option<&str>,
    sent: &Value,
    change: impl FnOnce(IgaConfig) -> ApiResult<IgaConfig>,
) -> ApiResult<IgaConfig> {
    let mut tx = store::Tx::begin(&state.db).await?;
    let before = store::read(tx.conn()).await?;
    let after = change(before.clone())?;
    check_approver(tx.conn(), &after).await?;
    if after == before {
        return Ok(after);
    }
    let audit = Change {
        identity_id: &caller.identity_id,
        fallback_name: &caller.user_name,
        action: "PUT",
        body: sent,
    };
    let rev = tx.put(&before, &after, category, &audit, &now_stamp()).await?;
    tx.commit().await?;
    tracing::info!(by = %caller.identity_id, category = category.unwrap_or("all"), rev, "IGA configuration replaced");
    Ok(after)
}

async fn write_all(State(state): State<AppState>, caller: Caller, body: RawJson) -> ApiResult<Json<IgaConfig>> {
    require_writer(&caller)?;
    let sent = body.parse::<Value>()?;
    let config = wire::parse_config(&sent).map_err(ApiError::bad)?;
    Ok(Json(write(&state, &caller, None, &sent, |_| Ok(config)).await?))
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
    let sent = body.parse::<Value>()?;
    let doc = wire::parse_category(&category, &sent).map_err(ApiError::bad)?;
    let config = write(&state, &caller, Some(&category), &sent, |mut config| {
        match category.as_str() {
            ACCESS_REQUEST => config.iga_access_request = decode(doc)?,
            _ => config.iga_global = decode(doc)?,
        }
        Ok(config)
    })
    .await?;
    Ok(Json(category_of(&config, &category)?))
}
