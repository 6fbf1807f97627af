//! The IGA access catalog (seed 002): `GET /iga/governance/catalog`,
//! `POST ...?_action=search` with a `targetFilter`, `GET .../catalog/{type}/{id}`, and
//! the search properties `GET /iga/governance/search/schema[/{type}]`.
//!
//! A catalog item's id is the id of the object it grants (see [`crate::store::catalog`]).
//! Everyone signed in sees the requestable items; an ORG_ADMIN may pass
//! `ignoreRequestable=true` to see the rest.
//!
//! Scoping: with `iga_global.enableScoping` on, everyone but an ORG_ADMIN (other admin
//! levels see the catalog "as no level", API.md) sees only the items some active scope
//! grants them ([`crate::routes::scopes`]); an ORG_ADMIN sees everything, and their `userId=<id>` shows the catalog as scoped for that
//! user (404 when no such user). With scoping off, `userId` is accepted and changes nothing.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use gatehouse_wire::catalog::{SearchProperty, SearchSchema};
use gatehouse_wire::crest::ListPage;
use gatehouse_wire::request::UserRef;
use gatehouse_wire::scope::Scope;

use crate::auth::Caller;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::RawJson;
use crate::routes::iga_list::{self, flag};
use crate::routes::scopes::{enforced, visible_for};
use crate::state::AppState;
use crate::store::catalog::{self as store, kind_of, KINDS};

const CATALOG: &str = "/iga/governance/catalog";
const SCHEMA: &str = "/iga/governance/search/schema";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(CATALOG, get(list).post(search))
        .route(&format!("{CATALOG}/{{kind}}/{{id}}"), get(get_one))
        .route(SCHEMA, get(schema))
        .route(&format!("{SCHEMA}/{{kind}}"), get(schema_of))
}

/// What a caller's catalog holds: the items that are not requestable too (`all`), and,
/// with scoping on, only what the rules grant `user`.
struct View {
    all: bool,
    scoped: Option<(Vec<Scope>, UserRef)>,
}

impl View {
    fn shows(&self, item: &store::CatalogItem) -> bool {
        (self.all || item.requestable)
            && self
                .scoped
                .as_ref()
                .is_none_or(|(rules, user)| visible_for(rules, user, &item.doc))
    }
}

/// The caller's view (403 for anyone but an ORG_ADMIN asking for `ignoreRequestable`
/// or `userId`).
async fn view(state: &AppState, caller: &Caller, params: &HashMap<String, String>) -> ApiResult<View> {
    let all = flag(params, "ignoreRequestable")?;
    if all {
        caller.require(caller.is_org_admin(), "ignoreRequestable=true")?;
    }
    let user_id = params.get("userId").map(|u| u.trim()).filter(|u| !u.is_empty());
    if user_id.is_some() {
        caller.require(caller.is_org_admin(), "the userId parameter of the catalog")?;
    }
    let whose = match user_id {
        Some(id) => Some(id.strip_prefix("managed/user/").unwrap_or(id)),
        None if !caller.is_org_admin() => Some(caller.identity_id.as_str()),
        None => None,
    };
    let scoped = match (whose, enforced(state).await?) {
        (Some(id), Some(rules)) => {
            let mut conn = state.db.acquire().await?;
            let user = store::user_ref(&mut conn, id)
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("userId: user '{id}' does not exist")))?;
            Some((rules, user))
        }
        _ => None,
    };
    Ok(View { all, scoped })
}

async fn items(state: &AppState, view: &View) -> ApiResult<Vec<Value>> {
    let mut conn = state.db.acquire().await?;
    Ok(store::all(&mut conn)
        .await?
        .into_iter()
        .filter(|i| view.shows(i))
        .map(|i| i.doc)
        .collect())
}

const EXTRA: [&str; 2] = ["ignoreRequestable", "userId"];

async fn list(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Json<ListPage>> {
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], false)?;
    let p = iga_list::parse(&params, &EXTRA, "")?;
    let view = view(&state, &caller, &params).await?;
    Ok(Json(p.page(items(&state, &view).await?, &["id", "item"])))
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
    let p = iga_list::parse(&params, &EXTRA, "")?.with_search_body(&body)?;
    let view = view(&state, &caller, &params).await?;
    Ok(Json(p.page(items(&state, &view).await?, &["id", "item"])))
}

fn bad_kind(kind: &str) -> ApiError {
    ApiError::NotFound(format!("'{kind}' is not a catalog type; use {}", KINDS.join(", ")))
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let params = query_params(raw.as_deref())?;
    let view = view(&state, &caller, &params).await?;
    let kind = kind_of(&kind).ok_or_else(|| bad_kind(&kind))?;
    let mut conn = state.db.acquire().await?;
    match store::get(&mut conn, kind, &id).await? {
        Some(item) if view.shows(&item) => Ok(Json(item.doc)),
        _ => Err(ApiError::NotFound(format!(
            "no requestable {kind} '{id}' in the catalog"
        ))),
    }
}

/// The properties a catalog search may filter and sort on, per kind (dot paths of the
/// catalog item, as `targetName` takes them).
fn properties(kind: &str) -> Vec<SearchProperty> {
    let p = SearchProperty::new;
    // The owners are arrays of users: `applicationOwner`, `entitlementOwner`, `roleOwner`.
    let owner = |key: &str| SearchProperty {
        is_multi_value: true,
        ..p(key, "Owner", "string")
    };
    match kind {
        "application" => vec![
            p("application.name", "Name", "string"),
            p("application.description", "Description", "string"),
            p("application.connector", "Connector", "string"),
            owner("applicationOwner.userName"),
        ],
        "entitlement" => vec![
            p("entitlement.displayName", "Display name", "string"),
            p("entitlement.description", "Description", "string"),
            p("entitlement.attribute", "Attribute", "string"),
            p("entitlement.privileged", "Privileged", "boolean"),
            p("application.name", "Application", "string"),
            owner("entitlementOwner.userName"),
        ],
        _ => vec![
            p("role.name", "Name", "string"),
            p("role.description", "Description", "string"),
            owner("roleOwner.userName"),
        ],
    }
}

async fn schema(_caller: Caller) -> Json<SearchSchema> {
    Json(SearchSchema {
        application: properties("application"),
        entitlement: properties("entitlement"),
        role: properties("role"),
    })
}

async fn schema_of(_caller: Caller, Path(kind): Path<String>) -> ApiResult<Json<Vec<SearchProperty>>> {
    let kind = kind_of(&kind).ok_or_else(|| bad_kind(&kind))?;
    Ok(Json(properties(kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_search_properties() {
        for k in KINDS {
            assert!(!properties(k).is_empty());
        }
    }
}
