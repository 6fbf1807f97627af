//! PingOne AIC IGA request forms and form assignments (seed 002) under
//! `/iga/governance`: `requestForms` (list with CREST `_queryFilter` through the shared
//! [`crate::routes::iga_list`] conventions, create, get,
//! replace — which creates an unknown id —, CREST patch, delete) and
//! `requestFormAssignments` (list, `_action=assign|unassign`).
//!
//! Every signed-in user may read; only ORG_ADMIN writes. A form is stored as sent and
//! checked with the `wire` rules, whose JavaScript regexes run here on `regress`
//! ([`ecma_match`], [`ecma_compiles`]). Lists are filtered, sorted and paged in memory
//! over the JSON documents (a tenant has a handful of forms, not thousands).

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::crest::ListPage;
use gatehouse_wire::form::{self, FormAssignment, FormDefinition, FormTarget, MAX_FORM_BYTES};
use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::{self, with_etag, IfMatch, RawJson};
use crate::routes::iga_list;
use crate::state::AppState;
use crate::store::forms::{self as store, StoredForm};

const FORMS: &str = "/iga/governance/requestForms";
const ASSIGNMENTS: &str = "/iga/governance/requestFormAssignments";
pub fn router() -> Router<AppState> {
    Router::new()
        .route(FORMS, get(list).post(create))
        .route(
            &format!("{FORMS}/{{id}}"),
            get(get_one).put(replace).patch(patch).delete(delete_one),
        )
        .route(ASSIGNMENTS, get(list_assignments).post(assignment_action))
}

/// Whether a JavaScript regex matches somewhere in `value` (`RegExp.prototype.test`),
/// with ECMAScript semantics; `Err` when the pattern does not compile.
pub fn ecma_match(pattern: &str, value: &str) -> Result<bool, String> {
    let re = regress::Regex::new(pattern).map_err(|e| e.to_string())?;
    Ok(re.find(value).is_some())
}

/// Whether a JavaScript regex compiles.
pub fn ecma_compiles(pattern: &str) -> Result<(), String> {
    regress::Regex::new(pattern).map(|_| ()).map_err(|e| e.to_string())
}

/// Checks submitted values against a form with the server's regex engine (for the
/// request endpoints: `catalogs[].data.form` and typed requests).
pub fn validate_submission(definition: &FormDefinition, values: &Value) -> Result<(), Vec<form::FieldError>> {
    form::validate_values(definition, values, &ecma_match)
}

fn require_writer(caller: &Caller, what: &str) -> ApiResult<()> {
    caller.require(caller.can_write_forms(), what)
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("request form '{id}' was not found"))
}

fn answer(stored: &StoredForm) -> ApiResult<Response> {
    Ok(with_etag(&stored.resource()?, stored.rev))
}

// ---------------------------------------------------------------------------------------
// Lists

/// CREST parameters clients send to form lists that change nothing here.
const LIST_EXTRA: [&str; 2] = ["_totalPagedResultsPolicy", "_mimeType"];

async fn list(State(state): State<AppState>, _caller: Caller, RawQuery(raw): RawQuery) -> ApiResult<Json<ListPage>> {
    let p = iga_list::parse(&query_params(raw.as_deref())?, &LIST_EXTRA, "")?;
    let docs = store::all(&state.db)
        .await?
        .iter()
        .map(StoredForm::resource)
        .collect::<ApiResult<_>>()?;
    Ok(Json(p.page(docs, &["id"])))
}

async fn list_assignments(
    State(state): State<AppState>,
    _caller: Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<ListPage>> {
    let p = iga_list::parse(&query_params(raw.as_deref())?, &LIST_EXTRA, "")?;
    let docs = store::assignments(&state.db)
        .await?
        .iter()
        .map(document::to_value)
        .collect::<ApiResult<_>>()?;
    Ok(Json(p.page(docs, &[])))
}

// ---------------------------------------------------------------------------------------
// One form

async fn get_one(State(state): State<AppState>, _caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    store::get(&state.db, &id)
        .await?
        .map(|f| answer(&f))
        .ok_or_else(|| not_found(&id))?
}

/// Checks a form resource (the body of a create or replace, or a patched form) and
/// returns the id it names and the document to store (without `id`, `_rev`, `metadata`).
/// `path_id` is the id in the URL, which a body id must equal.
fn prepare(body: &Value, path_id: Option<&str>) -> ApiResult<(Option<String>, Map<String, Value>)> {
    form::check_resource(body).map_err(|errors| ApiError::bad(errors.join("; ")))?;
    let Value::Object(doc) = body else {
        return Err(ApiError::bad("a request form must be a JSON object"));
    };
    let mut doc = doc.clone();
    let definition = doc.get("form").cloned().unwrap_or_default();
    let size = serde_json::to_vec(&definition).map(|v| v.len()).unwrap_or(usize::MAX);
    if size > MAX_FORM_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "form is {size} bytes; a request form definition may be at most {MAX_FORM_BYTES} bytes (400 KB)"
        )));
    }
    let parsed: FormDefinition = serde_json::from_value(definition).map_err(|e| ApiError::bad(format!("form: {e}")))?;
    form::check_definition(&parsed, &ecma_compiles)
        .map_err(|errors| ApiError::bad(format!("form: {}", form::describe(&errors))))?;
    let id = match doc.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(check_id(&id)?),
        Some(_) => return Err(ApiError::bad("id must be a string")),
    };
    if let (Some(body_id), Some(path_id)) = (&id, path_id) {
        if body_id != path_id {
            return Err(ApiError::bad(format!(
                "id '{body_id}' in the body differs from '{path_id}' in the path"
            )));
        }
    }
    doc.remove("_rev");
    doc.remove("metadata");
    Ok((id, doc))
}

fn check_id(id: &str) -> ApiResult<String> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(id.to_string())
    } else {
        Err(ApiError::bad(format!(
            "id '{id}' must be 1 to 128 letters, digits, '-', '_' or '.'"
        )))
    }
}

fn new_form_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "creating a request form")?;
    match query_params(raw.as_deref())?.get("_action").map(String::as_str) {
        None | Some("create") => {}
        Some(other) => {
            return Err(ApiError::bad(format!(
                "_action '{other}' is not supported on request forms; use create"
            )))
        }
    }
    let body: Value = body.parse()?;
    let (id, doc) = prepare(&body, None)?;
    let id = id.unwrap_or_else(new_form_id);
    let mut tx = store::Tx::begin(&state.db).await?;
    if tx.get(&id).await?.is_some() {
        return Err(ApiError::Conflict(format!(
            "a request form with id '{id}' already exists; replace it with PUT {FORMS}/{id}"
        )));
    }
    let stored = tx.insert(&id, &doc, &now_stamp()).await?;
    tx.commit().await?;
    tracing::info!(form_id = %id, by = %caller.identity_id, "request form created");
    answer(&stored)
}

/// `If-None-Match: *` (create only, as CREST clients send it).
fn create_only(headers: &HeaderMap) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == "*")
}

async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    headers: HeaderMap,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "replacing a request form")?;
    let body: Value = body.parse()?;
    let (_, doc) = prepare(&body, Some(&id))?;
    let now = now_stamp();
    let mut tx = store::Tx::begin(&state.db).await?;
    let stored = match tx.get(&id).await? {
        Some(current) => {
            if create_only(&headers) {
                return Err(ApiError::PreconditionFailed(format!(
                    "request form '{id}' already exists (If-None-Match: *)"
                )));
            }
            if_match.check(current.rev, &format!("request form '{id}'"))?;
            tx.replace(&current, &doc, &now).await?
        }
        None => {
            if headers.contains_key(header::IF_MATCH) {
                return Err(ApiError::PreconditionFailed(format!(
                    "request form '{id}' does not exist, so If-Match cannot match it"
                )));
            }
            check_id(&id)?;
            tx.insert(&id, &doc, &now).await?
        }
    };
    tx.commit().await?;
    tracing::info!(form_id = %id, rev = stored.rev, by = %caller.identity_id, "request form stored");
    answer(&stored)
}

async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require_writer(&caller, "changing a request form")?;
    let ops = document::crest_ops(&body)?;
    let mut tx = store::Tx::begin(&state.db).await?;
    let current = tx.get(&id).await?.ok_or_else(|| not_found(&id))?;
    if_match.check(current.rev, &format!("request form '{id}'"))?;
    let patched = document::apply_crest(&current.resource()?, &ops, &id)?;
    let (_, doc) = prepare(&patched, Some(&id))?;
    let stored = tx.replace(&current, &doc, &now_stamp()).await?;
    tx.commit().await?;
    tracing::info!(form_id = %id, rev = stored.rev, by = %caller.identity_id, "request form patched");
    answer(&stored)
}

async fn delete_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> ApiResult<Response> {
    require_writer(&caller, "deleting a request form")?;
    let mut tx = store::Tx::begin(&state.db).await?;
    let current = tx.get(&id).await?.ok_or_else(|| not_found(&id))?;
    if_match.check(current.rev, &format!("request form '{id}'"))?;
    let assignments = tx.delete(&id).await?;
    tx.commit().await?;
    tracing::info!(form_id = %id, assignments, by = %caller.identity_id, "request form deleted");
    answer(&current)
}

// ---------------------------------------------------------------------------------------
// Assignments

fn read_assignment(body: &Value) -> ApiResult<FormAssignment> {
    let text = |key: &str| -> ApiResult<String> {
        match body.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            None | Some(Value::Null) => Err(ApiError::bad(format!("{key} is required"))),
            Some(Value::String(_)) => Err(ApiError::bad(format!("{key} must not be empty"))),
            Some(_) => Err(ApiError::bad(format!("{key} must be a string"))),
        }
    };
    if !body.is_object() {
        return Err(ApiError::bad("the body must be an object {formId, objectId}"));
    }
    Ok(FormAssignment {
        form_id: text("formId")?,
        object_id: text("objectId")?,
    })
}

async fn assignment_action(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    body: RawJson,
) -> ApiResult<Json<FormAssignment>> {
    require_writer(&caller, "assigning request forms")?;
    let assign = match query_params(raw.as_deref())?.get("_action").map(String::as_str) {
        Some("assign") => true,
        Some("unassign") => false,
        None => return Err(ApiError::bad("_action is required: assign or unassign")),
        Some(other) => {
            return Err(ApiError::bad(format!(
                "_action must be assign or unassign, got '{other}'"
            )))
        }
    };
    let a = read_assignment(&body.parse::<Value>()?)?;
    let target = FormTarget::parse(&a.object_id).map_err(ApiError::bad)?;
    let mut tx = store::Tx::begin(&state.db).await?;
    if !tx.form_exists(&a.form_id).await? {
        return Err(ApiError::bad(format!(
            "formId: request form '{}' does not exist",
            a.form_id
        )));
    }
    if assign {
        if tx.catalog_item_exists(&target).await? == Some(false) {
            return Err(ApiError::bad(format!(
                "objectId: '{}' names no {} of the catalog",
                a.object_id,
                a.object_id.split('/').next().unwrap_or("item")
            )));
        }
        if let FormTarget::RequestType(type_id) = &target {
            if !tx.request_type_exists(type_id).await? {
                return Err(ApiError::bad(format!(
                    "objectId: '{}' names no request type: request type '{type_id}' does not exist",
                    a.object_id
                )));
            }
        }
        tx.assign(&a.object_id, &a.form_id, &now_stamp()).await?;
    } else if !tx.unassign(&a.object_id, &a.form_id).await? {
        return Err(ApiError::NotFound(format!(
            "request form '{}' is not assigned to '{}'",
            a.form_id, a.object_id
        )));
    }
    tx.commit().await?;
    tracing::info!(form_id = %a.form_id, object_id = %a.object_id, assign, by = %caller.identity_id, "form assignment changed");
    Ok(Json(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexes_have_ecmascript_semantics() {
        assert_eq!(ecma_match(r"^\d{3}-\d{4}$", "555-1234"), Ok(true));
        assert_eq!(ecma_match(r"^\d{3}-\d{4}$", "5551234"), Ok(false));
        // test() looks for a match anywhere, as RegExp does.
        assert_eq!(ecma_match("b", "abc"), Ok(true));
        // ECMAScript-only syntax: lookbehind, named groups, \d is ASCII only.
        assert_eq!(ecma_match(r"(?<=\$)\d+", "$42"), Ok(true));
        assert_eq!(ecma_match(r"^(?<y>\d{4})$", "2024"), Ok(true));
        assert_eq!(ecma_match(r"^\d$", "٣"), Ok(false));
        assert!(ecma_compiles("(x").is_err());
        assert!(ecma_compiles("[a-").is_err());
        assert!(ecma_compiles(r"^[\s\S]{20,}$").is_ok());
    }
}
