//! IGA accounts (seed 002): `GET /iga/governance/account` (with `_queryFilter`),
//! `POST /iga/governance/account?_action=search` (a `targetFilter` body) and
//! `GET /iga/governance/account/{accountId}`, with the list conventions of
//! [`crate::routes::iga_list`] (paging, sort, `_fields`, totals, `_searchAfter`).
//!
//! The shape is `gatehouse_wire::account::Account`; an account's id is
//! `system/<applicationId>/User/<accountId>`, so in a path it is URL-encoded
//! (`system%2F…`). Admins (any level) read every account, uncorrelated ones included;
//! anyone else reads only the accounts they hold: lists hold only those, and another
//! person's account is a 403.

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::Router;
use gatehouse_wire::account::{parse_account_path, Account};
use gatehouse_wire::crest::ListPage;
use serde_json::Value;

use crate::auth::Caller;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::{to_value, RawJson};
use crate::routes::iga_list::{self, ListParams};
use crate::state::AppState;
use crate::store::accounts::{self as store, Whose};

const ACCOUNTS: &str = "/iga/governance/account";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(ACCOUNTS, get(list).post(search))
        .route(&format!("{ACCOUNTS}/{{id}}"), get(get_one))
}

/// The accounts the caller may read.
async fn readable(state: &AppState, caller: &Caller) -> ApiResult<Vec<Value>> {
    let whose = if caller.can_read_governance_admin() {
        Whose::Everyone
    } else {
        Whose::Identity(&caller.identity_id)
    };
    let mut conn = state.db.acquire().await?;
    store::list(&mut conn, whose).await?.iter().map(to_value).collect()
}

fn answer(p: &ListParams, docs: Vec<Value>) -> Json<ListPage> {
    Json(p.page(docs, &["id"]))
}

async fn list(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Json<ListPage>> {
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], false)?;
    let p = iga_list::parse(&params, &[], "")?;
    Ok(answer(&p, readable(&state, &caller).await?))
}

async fn search(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    body: RawJson,
) -> ApiResult<Json<ListPage>> {
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], true)?;
    let body: Value = body.parse()?;
    let p = iga_list::parse(&params, &[], "")?.with_search_body(&body)?;
    Ok(answer(&p, readable(&state, &caller).await?))
}

async fn get_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Account>> {
    let not_found = || ApiError::NotFound(format!("no account '{id}'"));
    let (application, account) = parse_account_path(&id).ok_or_else(not_found)?;
    let mut conn = state.db.acquire().await?;
    let found = store::get(&mut conn, account)
        .await?
        .filter(|a| a.keys.application_id == application)
        .ok_or_else(not_found)?;
    let own = found.keys.user_id.as_deref() == Some(caller.identity_id.as_str());
    caller.require(
        own || caller.can_read_governance_admin(),
        "reading another person's account",
    )?;
    Ok(Json(found))
}
