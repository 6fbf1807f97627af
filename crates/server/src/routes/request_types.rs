//! Request types (seed 002): `GET/POST /iga/governance/requestTypes`,
//! `GET/PUT/PATCH/DELETE /iga/governance/requestTypes/{id}`. Admins read, ORG_ADMIN
//! writes. The six built-ins exist in every tenant and cannot be deleted (they may be
//! replaced, keeping `custom: false`); custom types get uuids and `custom: true`.

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::crest::ListPage;
use gatehouse_wire::request_schema::Schemas;
use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::{self, with_etag, IfMatch, RawJson};
use crate::routes::iga_list;
use crate::state::AppState;
use crate::store::request_types::{self as store, StoredType};

const TYPES: &str = "/iga/governance/requestTypes";

pub fn router() -> Router<AppState> {
    Router::new().route(TYPES, get(list).post(create)).route(
        &format!("{TYPES}/{{id}}"),
        get(get_one).put(replace).patch(patch).delete(delete_one),
    )
}

fn require_reader(caller: &Caller) -> ApiResult<()> {
    caller.require(caller.can_read_governance_admin(), "reading request types")
}

fn require_writer(caller: &Caller, what: &str) -> ApiResult<()> {
    caller.require(caller.is_org_admin(), what)
}

fn answer(t: &StoredType) -> ApiResult<Response> {
    Ok(with_etag(&t.resource()?, t.rev))
}

/// Checks a request type body and returns the document to store (without `id`, `_rev`).
fn prepare(body: &Value, path_id: Option<&str>, builtin: bool) -> ApiResult<(Option<String>, Map<String, Value>)> {
    let Value::Object(doc) = body else {
        return Err(ApiError::bad("a request type must be a JSON object"));
    };
    let mut doc = doc.clone();
    let id = match doc.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if is_id(&s) => Some(s),
        Some(_) => return Err(ApiError::bad("id must be 1 to 128 letters, digits, '-', '_' or '.'")),
    };
    if let (Some(b), Some(p)) = (&id, path_id) {
        if b != p {
            return Err(ApiError::bad(format!(
                "id '{b}' in the body differs from '{p}' in the path"
            )));
        }
    }
    doc.remove("_rev");
    match doc.get("displayName") {
        None | Some(Value::Null) | Some(Value::String(_)) => {}
        Some(_) => return Err(ApiError::bad("displayName must be a string")),
    }
    if let Err(errors) = Schemas::parse(doc.get("schemas")) {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(ApiError::bad(text.join("; ")));
    }
    match doc.get("workflow") {
        None | Some(Value::Null) => {}
        Some(Value::Object(w)) => {
            if !matches!(w.get("id"), None | Some(Value::String(_))) {
                return Err(ApiError::bad("workflow.id must be a string"));
            }
        }
        Some(_) => return Err(ApiError::bad("workflow must be an object {id, type}")),
    }
    for key in ["uniqueKeys", "notModifiableProperties"] {
        if !matches!(doc.get(key), None | Some(Value::Null) | Some(Value::Array(_))) {
            return Err(ApiError::bad(format!("{key} must be an array")));
        }
    }
    doc.insert("custom".into(), Value::Bool(!builtin));
    Ok((id, doc))
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

async fn list(State(state): State<AppState>, caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Json<ListPage>> {
    require_reader(&caller)?;
    let p = iga_list::parse(&query_params(raw.as_deref())?, &[], "")?;
    let docs = store::TYPES
        .all(&state.db)
        .await?
        .iter()
        .map(StoredType::resource)
        .collect::<ApiResult<_>>()?;
    Ok(Json(p.page(docs, &["id"])))
}

async fn get_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    require_reader(&caller)?;
    answer(&store::TYPES.load(&state.db, &id).await?)
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "creating a request type")?;
    iga_list::action(&query_params(raw.as_deref())?, &["create"], false)?;
    let (id, doc) = prepare(&body.parse()?, None, false)?;
    let id = id.unwrap_or_else(|| uuid::Uuid::new_v4().hyphenated().to_string());
    if !store::TYPES.insert(&state.db, &id, &doc, &now_stamp()).await? {
        return Err(ApiError::Conflict(format!(
            "a request type with id '{id}' already exists"
        )));
    }
    tracing::info!(request_type = %id, by = %caller.identity_id, "request type created");
    answer(&store::TYPES.load(&state.db, &id).await?)
}

async fn store_replacement(state: &AppState, current: &StoredType, doc: &Map<String, Value>) -> ApiResult<Response> {
    let stored = store::TYPES.replace(&state.db, current, doc, &now_stamp()).await?;
    answer(&stored)
}

async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "replacing a request type")?;
    let current = store::TYPES.load(&state.db, &id).await?;
    if_match.check(current.rev, &format!("request type '{id}'"))?;
    let (_, doc) = prepare(&body.parse()?, Some(&id), current.builtin)?;
    store_replacement(&state, &current, &doc).await
}

async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "changing a request type")?;
    let ops = document::crest_ops(&body)?;
    let current = store::TYPES.load(&state.db, &id).await?;
    if_match.check(current.rev, &format!("request type '{id}'"))?;
    let patched = document::apply_crest(&current.resource()?, &ops, &id)?;
    let (_, doc) = prepare(&patched, Some(&id), current.builtin)?;
    store_replacement(&state, &current, &doc).await
}

async fn delete_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> ApiResult<Response> {
    require_writer(&caller, "deleting a request type")?;
    let current = store::TYPES.load(&state.db, &id).await?;
    if current.builtin {
        return Err(ApiError::bad(format!(
            "request type '{id}' is built in and cannot be deleted"
        )));
    }
    if_match.check(current.rev, &format!("request type '{id}'"))?;
    store::TYPES.delete(&state.db, &current).await?;
    tracing::info!(request_type = %id, by = %caller.identity_id, "request type deleted");
    answer(&current)
}
