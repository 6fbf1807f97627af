//! Gatehouse's own `GET /gatehouse/v1/access-request-rules`: the rules of
//! `iga_access_request` that decide what a requester and an approver must do (which
//! steps need a justification, whether self-approval is allowed), as
//! `gatehouse_wire::request::AccessRequestRules`, for every signed-in person. The IGA
//! configuration itself (`/iga/commons/config`) is for admins only, yet an approver
//! without an admin level must know whether rejecting needs a justification, and a
//! requester whether requesting does. Read from the stored configuration at each call,
//! so it follows every change at once.

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::request::AccessRequestRules;

use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::state::AppState;
use crate::store::iga_config;

pub const RULES: &str = "/gatehouse/v1/access-request-rules";

pub fn router() -> Router<AppState> {
    Router::new().route(RULES, get(read))
}

async fn read(State(state): State<AppState>, _caller: Caller) -> ApiResult<Json<AccessRequestRules>> {
    let config = iga_config::get(&state.db).await?;
    Ok(Json(AccessRequestRules::from(&config.iga_access_request)))
}
