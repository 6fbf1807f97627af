//! Gatehouse's own `GET /gatehouse/v1/people?search=&limit=&filters=`: the people whose
//! name, alias or e-mail starts with `search` (the rule is `gatehouse_wire::identity::
//! people_filter`), and who match `filters` when given (SailPoint filter syntax over
//! `gatehouse_wire::identity::PEOPLE_FILTERS`: a form's user look-up narrowed by its
//! `queryFilter`), for every signed-in person. Pickers need it where the identities
//! API shows a person without an admin level only themselves: an approver reassigning a
//! request, a requester filling a form's user look-up. It answers only what a picker
//! shows ([`Person`]: id, name, user name, e-mail), sorted by name, at most 25.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::Router;
use gatehouse_wire::filter::Expr;
use gatehouse_wire::identity::{
    parse_people_filter, people_filter, DefaultFilter, ListQuery, Person, Sorter, PEOPLE_LIMIT_MAX,
};

use crate::auth::Caller;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::state::AppState;
use crate::store::identities as store;

pub const PEOPLE: &str = "/gatehouse/v1/people";
const DEFAULT_LIMIT: i64 = 10;

pub fn router() -> Router<AppState> {
    Router::new().route(PEOPLE, get(search))
}

async fn search(
    State(state): State<AppState>,
    _caller: Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Vec<Person>>> {
    let params = query_params(raw.as_deref())?;
    if let Some(unknown) = params
        .keys()
        .find(|k| !["search", "limit", "filters"].contains(&k.as_str()))
    {
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter here; use search, limit and filters"
        )));
    }
    let limit = match params.get("limit").map(|l| l.trim()).filter(|l| !l.is_empty()) {
        None => DEFAULT_LIMIT,
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=PEOPLE_LIMIT_MAX).contains(n))
            .ok_or_else(|| ApiError::bad(format!("limit must be between 1 and {PEOPLE_LIMIT_MAX}, got '{l}'")))?,
    };
    let narrowed = match params.get("filters").map(|f| f.trim()).filter(|f| !f.is_empty()) {
        Some(f) => Some(parse_people_filter(f).map_err(|e| ApiError::bad(e.0))?),
        None => None,
    };
    let Some(search) = people_filter(params.get("search").map(String::as_str).unwrap_or_default()) else {
        return Ok(Json(Vec::new()));
    };
    let filter = Expr::and([Some(search), narrowed]);
    let query = ListQuery {
        filter,
        sorters: vec![Sorter {
            field: "name".into(),
            descending: false,
        }],
        default_filter: DefaultFilter::CorrelatedOnly,
        count: false,
        limit: Some(limit),
        offset: None,
    };
    let page = store::list(&state.db, &state.identity_cache, &query, None).await?;
    Ok(Json(
        page.items
            .into_iter()
            .map(|i| Person {
                name: i.display_name(),
                user_name: i.alias,
                email: i.email_address,
                id: i.id,
            })
            .collect(),
    ))
}
