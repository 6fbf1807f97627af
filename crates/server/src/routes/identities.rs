//! SailPoint v2024 Identities (seed 001) under `/v2024/identities` (experimental header
//! required) and `/identities/v1` (the per-service layout of PyPI `sailpoint` 2.x).

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::StatusCode;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use gatehouse_wire::identity::{self as wire, ListQuery};
use gatehouse_wire::identity::{
    AssociationDetails, InviteRequest, OwnershipDetails, ProcessRequest, RoleAssignment, SendAccountVerification,
};
use gatehouse_wire::task::{IdentitySyncJob, SyncData, SyncPayload, TaskResultResponse, TaskStatus};
use serde_json::value::RawValue;

use crate::auth::Caller;
use crate::clock::{now_secs, now_stamp};
use crate::error::{ApiError, ApiResult, Json};
use crate::state::AppState;
use crate::store::identities::{self as store, Effect};
use crate::tasks;

/// The operations the per-service spec marks experimental (header required there too).
fn experimental_ops(prefix: &str) -> Router<AppState> {
    Router::new()
        .route(&format!("{prefix}/invite"), post(invite))
        .route(&format!("{prefix}/process"), post(process))
        .route(
            &format!("{prefix}/{{identity_id}}/synchronize-attributes"),
            post(synchronize),
        )
        .route(
            &format!("{prefix}/{{id}}/verification/account/send"),
            post(send_verification),
        )
}

/// The other operations.
fn plain_ops(prefix: &str) -> Router<AppState> {
    Router::new()
        .route(prefix, get(list))
        .route(&format!("{prefix}/{{id}}"), get(get_one).delete(delete_one))
        .route(&format!("{prefix}/{{id}}/reset"), post(reset))
        .route(&format!("{prefix}/{{identity_id}}/ownership"), get(ownership))
        .route(
            &format!("{prefix}/{{identity_id}}/role-assignments"),
            get(role_assignments),
        )
        .route(
            &format!("{prefix}/{{identity_id}}/role-assignments/{{assignment_id}}"),
            get(role_assignment),
        )
}

pub fn router(state: &AppState) -> Router<AppState> {
    let guard = || from_fn_with_state(state.clone(), require_experimental);
    let v2024 = plain_ops("/v2024/identities")
        .merge(experimental_ops("/v2024/identities"))
        .layer(guard());
    let v1 = plain_ops("/identities/v1").merge(experimental_ops("/identities/v1").layer(guard()));
    v2024.merge(v1)
}

/// `/v2024/identities*` needs `X-SailPoint-Experimental: true` on every operation (seed 001).
/// The token is checked first, as SailPoint's gateway does: a caller without a valid token
/// gets 401 whatever the headers say.
async fn require_experimental(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    match Caller::from_request_parts(&mut parts, &state).await {
        Ok(caller) => {
            parts.extensions.insert(caller);
        }
        Err(rejection) => return rejection.into_response(),
    }
    let req = Request::from_parts(parts, body);
    let ok = req
        .headers()
        .get("x-sailpoint-experimental")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    if ok {
        next.run(req).await
    } else {
        ApiError::bad("X-SailPoint-Experimental header is required: this is an experimental API; send 'X-SailPoint-Experimental: true'")
            .into_response()
    }
}

/// Reads the list parameters with the `wire` rules.
pub fn parse_list_query(params: &HashMap<String, String>) -> ApiResult<ListQuery> {
    let known = ["filters", "sorters", "defaultFilter", "count", "limit", "offset"];
    if let Some(unknown) = params.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter of this list; use one of {}",
            known.join(", ")
        )));
    }
    let int = |name: &str| -> ApiResult<Option<i64>> {
        params
            .get(name)
            .map(|v| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| ApiError::bad(format!("{name} must be an integer, got '{v}'")))
            })
            .transpose()
    };
    let limit = int("limit")?;
    let offset = int("offset")?;
    wire::check_paging(limit, offset).map_err(|e| ApiError::bad(e.0))?;
    let count = match params.get("count").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(ApiError::bad(format!("count must be true or false, got '{other}'"))),
    };
    let filter = match params.get("filters").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(f) => Some(wire::parse_list_filter(f).map_err(|e| ApiError::bad(e.0))?),
        None => None,
    };
    let sorters =
        wire::parse_sorters(params.get("sorters").map(String::as_str).unwrap_or("")).map_err(|e| ApiError::bad(e.0))?;
    let default_filter = match params.get("defaultFilter") {
        Some(d) => wire::parse_default_filter(d).map_err(|e| ApiError::bad(e.0))?,
        None => wire::DefaultFilter::default(),
    };
    Ok(ListQuery {
        filter,
        sorters,
        default_filter,
        count,
        limit,
        offset,
    })
}

async fn list(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let q = parse_list_query(&crate::error::query_params(raw.as_deref())?)?;
    let only = (!caller.can_read_identities()).then_some(caller.identity_id.as_str());
    let page = store::list_docs(&state.db, &state.identity_cache, &q, only).await?;
    let mut headers = HeaderMap::new();
    if let Some(total) = page.total {
        if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
            headers.insert("x-total-count", v);
        }
    }
    let docs: Vec<&RawValue> = page.items.iter().map(|d| &**d).collect();
    Ok((headers, Json(docs)).into_response())
}

async fn get_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    if !caller.can_read_identities() && caller.identity_id != id {
        return Err(ApiError::Forbidden("you may only read your own identity".into()));
    }
    let doc = store::get_doc(&state.db, &state.identity_cache, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("identity '{id}' was not found")))?;
    Ok(Json(&*doc).into_response())
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("identity '{id}' was not found"))
}

/// A plain user may read only their own sub-resources; admins anyone's.
fn require_self_or_reader(caller: &Caller, id: &str) -> ApiResult<()> {
    if caller.can_read_identities() || caller.identity_id == id {
        Ok(())
    } else {
        Err(ApiError::Forbidden("you may only read your own identity".into()))
    }
}

/// Refuses changes to yourself and to the last ORG_ADMIN (`what` is "delete" or "reset").
async fn refuse_unsafe(state: &AppState, caller: &Caller, id: &str, what: &str) -> ApiResult<store::Guard> {
    let guard = store::guard(&state.db, id).await?.ok_or_else(|| not_found(id))?;
    if caller.identity_id == id {
        return Err(ApiError::bad(format!("you cannot {what} your own identity")));
    }
    let is_admin = store::levels_of(&guard.user_levels).iter().any(|l| l == "ORG_ADMIN");
    if is_admin && store::org_admin_count(&state.db).await? <= 1 {
        return Err(ApiError::bad(format!(
            "'{}' is the last ORG_ADMIN of the tenant; {what} would leave nobody to administer it",
            guard.name
        )));
    }
    Ok(guard)
}

async fn delete_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<StatusCode> {
    caller.require(caller.can_manage_identities(), "deleting an identity")?;
    let guard = refuse_unsafe(&state, &caller, &id, "delete").await?;
    let owned = store::ownership(&state.db, &id).await?;
    if guard.protected || !owned.is_empty() {
        let message = if guard.protected {
            format!("Identity '{}' is protected and cannot be deleted", guard.name)
        } else {
            format!(
                "Identity '{}' cannot be deleted as it is owner of following resources",
                guard.name
            )
        };
        let body = AssociationDetails {
            message,
            association_details: owned,
        };
        return Err(ApiError::BadRequestBody(
            serde_json::to_value(body).map_err(|e| ApiError::Internal(e.to_string()))?,
        ));
    }
    if !store::delete(&state.db, &state.identity_cache, &id).await? {
        return Err(not_found(&id));
    }
    crate::auth::end_identity_sessions(&state, &id);
    tracing::info!(identity_id = %id, by = %caller.identity_id, "identity deleted");
    Ok(StatusCode::NO_CONTENT)
}

async fn reset(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<StatusCode> {
    caller.require(caller.can_manage_identities(), "resetting an identity")?;
    refuse_unsafe(&state, &caller, &id, "reset").await?;
    store::reset(&state.db, &state.identity_cache, &id, &now_stamp()).await?;
    crate::auth::end_identity_sessions(&state, &id);
    tracing::info!(identity_id = %id, by = %caller.identity_id, "identity reset");
    Ok(StatusCode::ACCEPTED)
}

async fn ownership(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<OwnershipDetails>> {
    require_self_or_reader(&caller, &id)?;
    store::guard(&state.db, &id).await?.ok_or_else(|| not_found(&id))?;
    Ok(Json(OwnershipDetails {
        association_details: store::ownership(&state.db, &id).await?,
    }))
}

async fn role_assignments(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Vec<RoleAssignment>>> {
    require_self_or_reader(&caller, &id)?;
    let params = crate::error::query_params(raw.as_deref())?;
    if let Some(unknown) = params.keys().find(|k| !["roleId", "roleName"].contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter here; use roleId or roleName"
        )));
    }
    store::guard(&state.db, &id).await?.ok_or_else(|| not_found(&id))?;
    let list = store::role_assignments(
        &state.db,
        &id,
        params.get("roleId").map(String::as_str),
        params.get("roleName").map(String::as_str),
        None,
    )
    .await?;
    Ok(Json(list))
}

async fn role_assignment(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, assignment_id)): Path<(String, String)>,
) -> ApiResult<Json<RoleAssignment>> {
    require_self_or_reader(&caller, &id)?;
    store::role_assignments(&state.db, &id, None, None, Some(&assignment_id))
        .await?
        .into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "role assignment '{assignment_id}' of identity '{id}' was not found"
            ))
        })
}

async fn send_verification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<SendAccountVerification>,
) -> ApiResult<StatusCode> {
    caller.require(caller.can_manage_identities(), "sending a password-reset mail")?;
    body.check().map_err(|e| ApiError::bad(e.0))?;
    let identity = store::get(&state.db, &id).await?.ok_or_else(|| not_found(&id))?;
    if let Some(source) = &body.source_name {
        let known: Option<String> = sqlx::query_scalar("SELECT id FROM sources WHERE name = ?")
            .bind(source)
            .fetch_optional(&state.db)
            .await?;
        if known.is_none() {
            return Err(ApiError::bad(format!("sourceName: no source is named '{source}'")));
        }
    }
    // Gatehouse sends no mail: the message is recorded in the server log.
    tracing::info!(
        identity_id = %id,
        to = identity.email_address.as_deref().unwrap_or("(no address)"),
        via = %body.via,
        source = body.source_name.as_deref().unwrap_or("(any)"),
        by = %caller.identity_id,
        "password-reset mail recorded (not sent: Gatehouse has no mail transport)"
    );
    Ok(StatusCode::OK)
}

async fn invite(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<InviteRequest>,
) -> ApiResult<(StatusCode, Json<TaskStatus>)> {
    caller.require(caller.can_manage_identities(), "inviting identities")?;
    body.check().map_err(|e| ApiError::bad(e.0))?;
    let requested = body.ids.clone().filter(|ids| !ids.is_empty());
    if let Some(ids) = &requested {
        let found = store::existing(&state.db, ids).await?;
        if let Some(missing) = ids.iter().find(|i| !found.contains(i)) {
            return Err(ApiError::bad(format!("ids: identity '{missing}' was not found")));
        }
    }
    let targets = store::uninvited(&state.db, requested.as_deref()).await?;
    let status = tasks::start(
        &state,
        "Identity Invitation",
        "Invite identities to register",
        &caller.identity_id,
        targets,
        Effect::Invite,
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(status)))
}

async fn process(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<ProcessRequest>,
) -> ApiResult<(StatusCode, Json<TaskResultResponse>)> {
    caller.require(caller.can_manage_identities(), "processing identities")?;
    body.check().map_err(|e| ApiError::bad(e.0))?;
    let found = store::existing(&state.db, &body.identity_ids).await?;
    if let Some(missing) = body.identity_ids.iter().find(|i| !found.contains(i)) {
        return Err(ApiError::bad(format!(
            "identityIds: identity '{missing}' was not found"
        )));
    }
    let status = tasks::start(
        &state,
        "Identity Processing",
        "Process identities",
        &caller.identity_id,
        body.identity_ids,
        Effect::Process,
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(TaskResultResponse {
            kind: "TASK_RESULT".into(),
            id: status.id,
            name: status.unique_name,
        }),
    ))
}

/// The documented limit: one synchronize per identity per 10 s.
const SYNC_INTERVAL_SECS: i64 = 10;

async fn synchronize(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<IdentitySyncJob>)> {
    caller.require(caller.can_manage_identities(), "synchronizing attributes")?;
    store::guard(&state.db, &id).await?.ok_or_else(|| not_found(&id))?;
    let now = now_secs();
    {
        let mut calls = state
            .sync_calls
            .lock()
            .map_err(|_| ApiError::Internal("sync table poisoned".into()))?;
        if let Some(last) = calls.get(&id) {
            let wait = SYNC_INTERVAL_SECS - (now - last);
            if wait > 0 {
                return Err(ApiError::TooManyRequests {
                    retry_after_secs: wait as u64,
                });
            }
        }
        calls.retain(|_, t| now - *t < SYNC_INTERVAL_SECS);
        calls.insert(id.clone(), now);
    }
    let status = tasks::start(
        &state,
        "Identity Attribute Synchronization",
        "Synchronize identity attributes",
        &caller.identity_id,
        vec![id.clone()],
        Effect::Sync,
    )
    .await?;
    let data_json =
        serde_json::to_string(&SyncData { identity_id: id }).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(IdentitySyncJob {
            id: status.id,
            status: "QUEUED".into(),
            payload: SyncPayload {
                kind: "SYNCHRONIZE_IDENTITY_ATTRIBUTES".into(),
                data_json,
            },
        }),
    ))
}

/// `GET /v2024/task-status/{id}`, `/v3/...`, `/beta/...` and the per-service `/task-status/v1/{id}`.
pub fn task_router() -> Router<AppState> {
    Router::new()
        .route("/v2024/task-status/{id}", get(task_status))
        .route("/v3/task-status/{id}", get(task_status))
        .route("/beta/task-status/{id}", get(task_status))
        .route("/task-status/v1/{id}", get(task_status))
}

async fn task_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<TaskStatus>> {
    caller.require(caller.is_any_admin(), "reading task status")?;
    crate::store::tasks::get(&state.db, &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("task '{id}' was not found")))
}
