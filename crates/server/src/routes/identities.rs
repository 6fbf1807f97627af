//! SailPoint v2024 Identities (seed 001) under `/v2024/identities` (experimental header
//! required) and `/identities/v1` (the per-service layout of PyPI `sailpoint` 2.x).

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gatehouse_wire::identity::{self as wire, ListQuery};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, Json};
use crate::state::AppState;
use crate::store::identities as store;

pub fn router() -> Router<AppState> {
    let v2024 = Router::new()
        .route("/v2024/identities", get(list))
        .route("/v2024/identities/{id}", get(get_one))
        .layer(from_fn(require_experimental));
    let v1 = Router::new()
        .route("/identities/v1", get(list))
        .route("/identities/v1/{id}", get(get_one));
    v2024.merge(v1)
}

/// `/v2024/identities*` needs `X-SailPoint-Experimental: true` on every operation (seed 001).
async fn require_experimental(req: Request, next: Next) -> Response {
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
    let known = [
        "filters",
        "sorters",
        "defaultFilter",
        "count",
        "limit",
        "offset",
    ];
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
        Some(other) => {
            return Err(ApiError::bad(format!(
                "count must be true or false, got '{other}'"
            )))
        }
    };
    let filter = match params
        .get("filters")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        Some(f) => Some(wire::parse_list_filter(f).map_err(|e| ApiError::bad(e.0))?),
        None => None,
    };
    let sorters = wire::parse_sorters(params.get("sorters").map(String::as_str).unwrap_or(""))
        .map_err(|e| ApiError::bad(e.0))?;
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

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let q = parse_list_query(&crate::error::query_params(raw.as_deref())?)?;
    let only = (!caller.can_read_identities()).then_some(caller.identity_id.as_str());
    let page = store::list(&state.db, &q, only).await?;
    let mut headers = HeaderMap::new();
    if let Some(total) = page.total {
        if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
            headers.insert("x-total-count", v);
        }
    }
    Ok((headers, Json(page.items)).into_response())
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::Identity>> {
    if !caller.can_read_identities() && caller.identity_id != id {
        return Err(ApiError::Forbidden(
            "you may only read your own identity".into(),
        ));
    }
    store::get(&state.db, &id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("identity '{id}' was not found")))
}
