//! IGA scoping rules (seed 002): `GET /iga/governance/scope`,
//! `POST /iga/governance/scope?_action=create` (or without `_action`), and
//! `GET/PUT/PATCH/DELETE /iga/governance/scope/{id}`. Admins read, ORG_ADMIN writes.
//! A rule is `{id, name, description, status, sourceCondition, targetCondition,
//! metadata: {createdDate, modifiedDate}, _rev}` (see [`gatehouse_wire::scope`]).
//!
//! With `iga_global.enableScoping` on, the rules decide which catalog items a user
//! sees ([`crate::routes::catalog`]) and may request ([`crate::routes::requests`]);
//! [`visible_for`] is what both ask.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::crest::ListPage;
use gatehouse_wire::request::UserRef;
use gatehouse_wire::scope::{self, check_scope, Scope};
use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::{self, with_etag, IfMatch, RawJson};
use crate::routes::iga_list;
use crate::state::AppState;
use crate::store::iga_config;
use crate::store::scopes::{self as store, StoredScope};

const SCOPES: &str = "/iga/governance/scope";

pub fn router() -> Router<AppState> {
    Router::new().route(SCOPES, get(list).post(create)).route(
        &format!("{SCOPES}/{{id}}"),
        get(get_one).put(replace).patch(patch).delete(delete_one),
    )
}

/// The scoping rules when `iga_global.enableScoping` is on; `None` when it is off.
pub async fn enforced(state: &AppState) -> ApiResult<Option<Vec<Scope>>> {
    if !iga_config::get(&state.db).await?.iga_global.enable_scoping {
        return Ok(None);
    }
    Ok(Some(store::rules(&state.db).await?))
}

/// Whether `user` sees the catalog item document `item` under `rules`.
pub fn visible_for(rules: &[Scope], user: &UserRef, item: &Value) -> bool {
    let user = serde_json::to_value(user).unwrap_or(Value::Null);
    scope::visible(rules, &user, item)
}

fn require_reader(caller: &Caller) -> ApiResult<()> {
    caller.require(caller.can_read_governance_admin(), "reading scopes")
}

fn require_writer(caller: &Caller, what: &str) -> ApiResult<()> {
    caller.require(caller.is_org_admin(), what)
}

fn answer(s: &StoredScope) -> ApiResult<Response> {
    Ok(with_etag(&s.resource_with_metadata()?, s.rev))
}

/// Checks a scope body and returns the document to store (without `id`, `_rev`, `metadata`).
fn prepare(body: &Value, path_id: Option<&str>) -> ApiResult<Map<String, Value>> {
    let rule = check_scope(body).map_err(|errors| ApiError::bad(errors.join("; ")))?;
    if let (Some(Value::String(b)), Some(p)) = (body.get("id"), path_id) {
        if b != p {
            return Err(ApiError::bad(format!(
                "id: '{b}' in the body differs from '{p}' in the path"
            )));
        }
    }
    let mut doc = Map::new();
    doc.insert("name".into(), Value::String(rule.name));
    if let Some(d) = rule.description {
        doc.insert("description".into(), Value::String(d));
    }
    doc.insert(
        "status".into(),
        Value::String(if rule.active { "active" } else { "inactive" }.into()),
    );
    for key in ["sourceCondition", "targetCondition"] {
        doc.insert(key.into(), body.get(key).cloned().unwrap_or(Value::Null));
    }
    Ok(doc)
}

async fn list(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Json<ListPage>> {
    require_reader(&caller)?;
    let params = query_params(raw.as_deref())?;
    iga_list::action(&params, &["search"], false)?;
    let p = iga_list::parse(&params, &[], "")?;
    let docs = store::SCOPES
        .all(&state.db)
        .await?
        .iter()
        .map(StoredScope::resource_with_metadata)
        .collect::<ApiResult<_>>()?;
    Ok(Json(p.page(docs, &["id"])))
}

async fn get_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    require_reader(&caller)?;
    answer(&store::SCOPES.load(&state.db, &id).await?)
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "creating a scope")?;
    iga_list::action(&query_params(raw.as_deref())?, &["create"], false)?;
    let doc = prepare(&body.parse()?, None)?;
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    if !store::SCOPES.insert(&state.db, &id, &doc, &now_stamp()).await? {
        return Err(ApiError::Conflict(format!("a scope with id '{id}' already exists")));
    }
    tracing::info!(scope = %id, by = %caller.identity_id, "scope created");
    answer(&store::SCOPES.load(&state.db, &id).await?)
}

async fn store_replacement(state: &AppState, current: &StoredScope, doc: &Map<String, Value>) -> ApiResult<Response> {
    let stored = store::SCOPES.replace(&state.db, current, doc, &now_stamp()).await?;
    tracing::info!(scope = %current.id, "scope changed");
    answer(&stored)
}

async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "replacing a scope")?;
    let current = store::SCOPES.load(&state.db, &id).await?;
    if_match.check(current.rev, &format!("scope '{id}'"))?;
    let doc = prepare(&body.parse()?, Some(&id))?;
    store_replacement(&state, &current, &doc).await
}

async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "changing a scope")?;
    let ops = document::crest_ops(&body)?;
    let current = store::SCOPES.load(&state.db, &id).await?;
    if_match.check(current.rev, &format!("scope '{id}'"))?;
    let patched = document::apply_crest(&current.resource_with_metadata()?, &ops, &id)?;
    let doc = prepare(&patched, Some(&id))?;
    store_replacement(&state, &current, &doc).await
}

async fn delete_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> ApiResult<Response> {
    require_writer(&caller, "deleting a scope")?;
    let current = store::SCOPES.load(&state.db, &id).await?;
    if_match.check(current.rev, &format!("scope '{id}'"))?;
    store::SCOPES.delete(&state.db, &current).await?;
    tracing::info!(scope = %id, by = %caller.identity_id, "scope deleted");
    answer(&current)
}
