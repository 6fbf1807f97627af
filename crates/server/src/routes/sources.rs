//! Sources and their provisioning policies (seed 003): `GET /v3/sources`, and per
//! source list, create (201), get, replace (PUT), patch (JSON Patch), delete (204) and
//! bulk-update of `ProvisioningPolicyDto`, under `/v3/sources/{sourceId}/provisioning-policies`
//! and `/sources/v1/{sourceId}/provisioning-policies`. User levels ORG_ADMIN,
//! SOURCE_ADMIN, SOURCE_SUBADMIN.
//!
//! Every change is audited in its own transaction (who, when, the patch or document
//! sent, before and after); `GET /gatehouse/v1/sources/{sourceId}/provisioning-policies/history`
//! reads it back, newest first.
//!
//! No lost updates: a policy answers its revision as its `ETag` (`"7"`), and the list
//! the revision of the source's whole set of policies; `PUT`, `PATCH`, `DELETE` (against
//! the policy's) and `bulk-update` (against the set's) honour `If-Match` with a 412, and
//! without it behave as SailPoint's do.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use gatehouse_wire::identity::{check_paging, MAX_LIMIT};
use gatehouse_wire::provisioning::{parse_source_filter, parse_source_sorters, ProvisioningPolicyDto, UsageType};

use crate::auth::Caller;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::{apply_patch, decode, to_value, with_etag, IfMatch, RawJson};
use crate::state::AppState;
use crate::store::provisioning as store;
use crate::store::provisioning_audit::{self as audit, Actor};
use crate::store::sources::{self, SourceQuery};

pub fn router() -> Router<AppState> {
    let mut r = Router::new()
        .route("/v3/sources", get(list_sources))
        .route("/sources/v1", get(list_sources));
    for prefix in ["/v3/sources", "/sources/v1"] {
        let base = format!("{prefix}/{{source_id}}/provisioning-policies");
        r = r
            .route(&base, get(list).post(create))
            .route(&format!("{base}/bulk-update"), post(bulk_update))
            .route(
                &format!("{base}/{{usage_type}}"),
                get(get_one).put(replace).patch(patch).delete(delete),
            );
    }
    r.route(
        "/gatehouse/v1/sources/{source_id}/provisioning-policies/history",
        get(history),
    )
}

fn actor(caller: &Caller) -> Actor<'_> {
    Actor {
        identity_id: &caller.identity_id,
        fallback_name: &caller.user_name,
    }
}

fn require(caller: &Caller) -> ApiResult<()> {
    caller.require(
        caller.can_manage_sources(),
        "reading or changing sources and provisioning policies",
    )
}

fn usage(s: &str) -> ApiResult<UsageType> {
    UsageType::parse(s).map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// Makes a policy ready to store: its usage type set (`path` wins; a different one in
/// the body is refused), read-only parts normalized, the rules kept. `at` prefixes the
/// messages of one element of a bulk body (`[2].`).
fn prepare(mut p: ProvisioningPolicyDto, path: Option<UsageType>, at: &str) -> ApiResult<ProvisioningPolicyDto> {
    match (path, p.usage_type) {
        (Some(u), Some(b)) if u != b => {
            return Err(ApiError::bad(format!(
                "{at}usageType: the body says {} but the path says {}",
                b.as_str(),
                u.as_str()
            )))
        }
        (Some(u), _) => p.usage_type = Some(u),
        (None, Some(_)) => {}
        (None, None) => return Err(ApiError::bad(format!("{at}usageType: usageType is required"))),
    }
    p.normalize();
    let errors = p.check();
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(ApiError::BadRequest(
            errors.iter().map(|e| format!("{at}{e}")).collect::<Vec<_>>().join("; "),
        ))
    }
}

/// `GET /v3/sources?limit=&offset=&count=&filters=&sorters=`.
async fn list_sources(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    require(&caller)?;
    let params = query_params(raw.as_deref())?;
    // `for-subadmin` and `includeIDNSource` are accepted and change nothing here: there is
    // no subadmin scoping and no IdentityNow source.
    let known = [
        "limit",
        "offset",
        "count",
        "filters",
        "sorters",
        "for-subadmin",
        "includeIDNSource",
    ];
    if let Some(unknown) = params.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter of this list; use one of {}",
            known.join(", ")
        )));
    }
    let int = |k: &str| -> ApiResult<Option<i64>> {
        params
            .get(k)
            .map(|v| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| ApiError::bad(format!("{k} must be an integer, got '{v}'")))
            })
            .transpose()
    };
    let (limit, offset) = (int("limit")?, int("offset")?);
    check_paging(limit, offset).map_err(|e| ApiError::bad(e.0))?;
    let count = match params.get("count").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(ApiError::bad(format!("count must be true or false, got '{other}'"))),
    };
    let filter = match params.get("filters").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(f) => Some(parse_source_filter(f).map_err(|e| ApiError::bad(e.0))?),
        None => None,
    };
    let sorters = parse_source_sorters(params.get("sorters").map(String::as_str).unwrap_or(""))
        .map_err(|e| ApiError::bad(e.0))?;
    let q = SourceQuery {
        filter,
        sorters,
        count,
        limit: limit.unwrap_or(MAX_LIMIT),
        offset: offset.unwrap_or(0),
    };
    let (items, total) = sources::list(&state.db, &q).await?;
    let mut r = Json(items).into_response();
    if let Some(total) = total {
        if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
            r.headers_mut().insert("x-total-count", v);
        }
    }
    Ok(r)
}

/// What `If-Match` messages call a policy.
fn policy_name(source_id: &str, usage: UsageType) -> String {
    format!("the {} provisioning policy of source '{source_id}'", usage.as_str())
}

/// The list, with the revision of the source's set of policies as its `ETag`.
async fn list(State(state): State<AppState>, caller: Caller, Path(source_id): Path<String>) -> ApiResult<Response> {
    require(&caller)?;
    let (items, rev) = store::list(&state.db, &source_id).await?;
    let policies: Vec<ProvisioningPolicyDto> = items.into_iter().map(|p| p.policy).collect();
    Ok(with_etag(&policies, rev))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(source_id): Path<String>,
    body: RawJson,
) -> ApiResult<(StatusCode, Response)> {
    require(&caller)?;
    let policy = prepare(body.parse()?, None, "")?;
    let rev = store::create(&state.db, &source_id, &policy, actor(&caller)).await?;
    tracing::info!(%source_id, usage = ?policy.usage_type, by = %caller.identity_id, "provisioning policy created");
    Ok((StatusCode::CREATED, with_etag(&policy, rev)))
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path((source_id, usage_type)): Path<(String, String)>,
) -> ApiResult<Response> {
    require(&caller)?;
    let usage = usage(&usage_type)?;
    let stored = store::get(&state.db, &source_id, usage).await?;
    Ok(with_etag(&stored.policy, stored.rev))
}

/// PUT replaces the policy of that usage type, creating it when there is none (with
/// `If-Match`, only when it exists at that revision).
async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path((source_id, usage_type)): Path<(String, String)>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require(&caller)?;
    let usage = usage(&usage_type)?;
    let policy = prepare(body.parse()?, Some(usage), "")?;
    let what = policy_name(&source_id, usage);
    let rev = store::replace(&state.db, &source_id, &policy, actor(&caller), |rev| {
        if_match.check_stored(rev, &what)
    })
    .await?;
    tracing::info!(%source_id, usage = usage.as_str(), rev, by = %caller.identity_id, "provisioning policy replaced");
    Ok(with_etag(&policy, rev))
}

async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path((source_id, usage_type)): Path<(String, String)>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require(&caller)?;
    let usage = usage(&usage_type)?;
    let patch: json_patch::Patch = body.parse()?;
    let ops = to_value(&patch)?;
    let what = policy_name(&source_id, usage);
    let stored = store::update_with(
        &state.db,
        &source_id,
        usage,
        actor(&caller),
        &ops,
        |rev| if_match.check(rev, &what),
        |current| {
            let patched: ProvisioningPolicyDto = decode(apply_patch(&to_value(&current)?, &patch)?)?;
            if patched.usage_type != Some(usage) {
                return Err(ApiError::bad(format!(
                    "usageType: a patch cannot change the usage type; this policy is {}",
                    usage.as_str()
                )));
            }
            prepare(patched, Some(usage), "")
        },
    )
    .await?;
    tracing::info!(%source_id, usage = usage.as_str(), rev = stored.rev, by = %caller.identity_id, "provisioning policy patched");
    Ok(with_etag(&stored.policy, stored.rev))
}

async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((source_id, usage_type)): Path<(String, String)>,
    if_match: IfMatch,
) -> ApiResult<StatusCode> {
    require(&caller)?;
    let usage = usage(&usage_type)?;
    let what = policy_name(&source_id, usage);
    store::delete(&state.db, &source_id, usage, actor(&caller), |rev| {
        if_match.check(rev, &what)
    })
    .await?;
    tracing::info!(%source_id, usage = usage.as_str(), by = %caller.identity_id, "provisioning policy deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// Creates or replaces every listed policy, all or none; `If-Match` is checked against
/// the revision of the source's set of policies (the list's `ETag`).
async fn bulk_update(
    State(state): State<AppState>,
    caller: Caller,
    Path(source_id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require(&caller)?;
    let list: Vec<ProvisioningPolicyDto> = body.parse()?;
    let mut out: Vec<ProvisioningPolicyDto> = Vec::with_capacity(list.len());
    for (i, p) in list.into_iter().enumerate() {
        let p = prepare(p, None, &format!("[{i}]."))?;
        if out.iter().any(|o| o.usage_type == p.usage_type) {
            return Err(ApiError::bad(format!(
                "[{i}].usageType: {} is listed more than once",
                p.usage_type.map(UsageType::as_str).unwrap_or_default()
            )));
        }
        out.push(p);
    }
    let what = format!("the provisioning policies of source '{source_id}'");
    let rev = store::bulk_update(&state.db, &source_id, &out, actor(&caller), |rev| {
        if_match.check(rev, &what)
    })
    .await?;
    tracing::info!(%source_id, count = out.len(), rev, by = %caller.identity_id, "provisioning policies bulk-updated");
    Ok(with_etag(&out, rev))
}

/// The largest and default page of the history.
const HISTORY_LIMIT: i64 = 250;
const HISTORY_DEFAULT_LIMIT: i64 = 50;

/// `GET /gatehouse/v1/sources/{sourceId}/provisioning-policies/history?usageType=&limit=&offset=`:
/// the source's policy changes newest first (of one usage type when given), with
/// `X-Total-Count`. 404 for an unknown source.
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(source_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    require(&caller)?;
    let params = query_params(raw.as_deref())?;
    let known = ["usageType", "limit", "offset"];
    if let Some(unknown) = params.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter here; use one of {}",
            known.join(", ")
        )));
    }
    let int = |k: &str| -> ApiResult<Option<i64>> {
        params
            .get(k)
            .map(|v| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| ApiError::bad(format!("{k} must be an integer, got '{v}'")))
            })
            .transpose()
    };
    let (limit, offset) = (int("limit")?, int("offset")?);
    check_paging(limit, offset).map_err(|e| ApiError::bad(e.0))?;
    let usage_type = params.get("usageType").map(|u| usage(u)).transpose()?;
    // An unknown source is a 404, as for its policies.
    store::list(&state.db, &source_id).await?;
    let (items, total) = audit::history(
        &state.db,
        &source_id,
        usage_type.map(UsageType::as_str),
        limit.unwrap_or(HISTORY_DEFAULT_LIMIT).min(HISTORY_LIMIT),
        offset.unwrap_or(0),
    )
    .await?;
    let mut r = Json(items).into_response();
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        r.headers_mut().insert("x-total-count", v);
    }
    Ok(r)
}
