//! The signed-in user's request collections (seed 002):
//! `GET /iga/governance/user/{userId}/requests` (+ `POST ...?_action=search`), the
//! requests the user made or that are for them, and
//! `POST /iga/governance/user/{userId}/approvals?_action=search&actorStatus=active|inactive`
//! (also GET), the requests where the user is an (in)active actor, and
//! `GET /iga/governance/user/{userId}/tasks?type=request|violation|fulfillment` (+ `POST
//! ...?_action=search`), what waits on the user now: request tasks are the requests
//! where they are an active actor. Gatehouse has no policy violations and provisions
//! without manual fulfilment, so those two task types are always empty lists. Newest
//! first unless `_sortKeys` says otherwise. A user may only read their own; an ORG_ADMIN
//! anyone's.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::crest::ListPage;
use gatehouse_wire::request::Request;
use serde_json::Value;

use crate::auth::Caller;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::to_value;
use crate::routes::iga_list;
use crate::routes::request_actions::optional_body;
use crate::state::AppState;
use crate::store::requests as store;

const USER: &str = "/iga/governance/user/{user_id}";
const NEWEST_FIRST: &str = "-metadata.createdDate";

pub fn router() -> Router<AppState> {
    use Collection::*;
    let route = |c: Collection| {
        get(move |s, caller, p, q| list(c, s, caller, p, q))
            .post(move |s, caller, p, q, h, b| search(c, s, caller, p, q, h, b))
    };
    Router::new()
        .route(&format!("{USER}/requests"), route(Requests))
        .route(&format!("{USER}/approvals"), route(Approvals))
        .route(&format!("{USER}/tasks"), route(Tasks))
}

/// The three per-user collections.
#[derive(Debug, Clone, Copy)]
enum Collection {
    /// Made by or for the user.
    Requests,
    /// Where the user is an (in)active actor (`actorStatus`).
    Approvals,
    /// What waits on the user now (`type`).
    Tasks,
}

/// 403 unless the caller may read this user's collections.
pub fn require_self(caller: &Caller, user_id: &str) -> ApiResult<()> {
    if caller.identity_id == user_id || caller.is_org_admin() {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "you may only use your own user/{{userId}} collections, not those of '{user_id}'"
        )))
    }
}

fn docs(requests: Vec<Request>) -> ApiResult<Vec<Value>> {
    requests.iter().map(to_value).collect()
}

const TASK_TYPES: [&str; 3] = ["request", "violation", "fulfillment"];

/// One page of a collection, filtered by the search body when there is one.
async fn page(
    c: Collection,
    state: &AppState,
    caller: &Caller,
    user_id: &str,
    params: &HashMap<String, String>,
    body: Option<&Value>,
) -> ApiResult<ListPage> {
    require_self(caller, user_id)?;
    let (extra, requests): (&[&str], _) = match c {
        Collection::Requests => (&[], Some(store::of_user(&state.db, user_id).await?)),
        Collection::Approvals => {
            let active = match params.get("actorStatus").map(String::as_str) {
                None | Some("") | Some("active") => true,
                Some("inactive") => false,
                Some(other) => {
                    return Err(ApiError::bad(format!(
                        "actorStatus must be active or inactive, got '{other}'"
                    )))
                }
            };
            (
                &["actorStatus"],
                Some(store::of_actor(&state.db, user_id, active).await?),
            )
        }
        Collection::Tasks => match params.get("type").map(String::as_str) {
            None | Some("") | Some("request") => (&["type"], Some(store::of_actor(&state.db, user_id, true).await?)),
            Some(t) if TASK_TYPES.contains(&t) => (&["type"], None),
            Some(other) => {
                return Err(ApiError::bad(format!(
                    "type must be {}, got '{other}'",
                    TASK_TYPES.join(", ")
                )))
            }
        },
    };
    let mut p = iga_list::parse(params, extra, NEWEST_FIRST)?;
    if let Some(b) = body {
        p = p.with_search_body(b)?;
    }
    Ok(p.page(docs(requests.unwrap_or_default())?, &["id"]))
}

async fn list(
    c: Collection,
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<ListPage>> {
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], false)?;
    Ok(Json(page(c, &state, &caller, &user_id, &params, None).await?))
}

async fn search(
    c: Collection,
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Json<ListPage>> {
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], true)?;
    require_self(&caller, &user_id)?;
    let body = optional_body(&headers, &bytes)?;
    Ok(Json(page(c, &state, &caller, &user_id, &params, Some(&body)).await?))
}
