//! Gatehouse's own audit trails of the IGA side (like the settings history):
//! - `GET /gatehouse/v1/requests/{id}/history?limit=&offset=`: every change of one access
//!   request (create or publish, each action, PUT, PATCH), for whoever may read the
//!   request (its requester, its target, its actors, an ORG_ADMIN); 404 for an unknown
//!   request.
//! - `GET /gatehouse/v1/iga-config/history?limit=&offset=`: every stored change of the
//!   IGA configuration, for the admins who may read it.
//!
//! Both answer the entries newest first with `X-Total-Count`; `limit` is 0..250
//! (default 50). The rows are written in the transaction of each change
//! ([`crate::store::iga_audit`]), so a refused change leaves none.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::routes::document::{history_page, history_paging};
use crate::routes::requests::{may_read, not_found};
use crate::state::AppState;
use crate::store::{iga_audit, requests};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/gatehouse/v1/requests/{id}/history", get(request_history))
        .route("/gatehouse/v1/iga-config/history", get(config_history))
}

async fn request_history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let r = requests::get(&state.db, &id).await?.ok_or_else(|| not_found(&id))?;
    if !may_read(&caller, &r) {
        return Err(ApiError::Forbidden(format!(
            "the history of access request '{id}' is for its requester, its target, its actors and ORG_ADMINs"
        )));
    }
    let (limit, offset) = history_paging(raw.as_deref())?;
    let (items, total) = iga_audit::request_history(&state.db, &id, limit, offset).await?;
    Ok(history_page(items, total))
}

async fn config_history(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    caller.require(
        caller.can_read_governance_admin(),
        "reading the history of the IGA configuration",
    )?;
    let (limit, offset) = history_paging(raw.as_deref())?;
    let (items, total) = iga_audit::config_history(&state.db, limit, offset).await?;
    Ok(history_page(items, total))
}
