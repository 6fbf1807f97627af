//! What the document endpoints (settings, JIT policy, provisioning policies, and the
//! IGA resources patched with CREST operations) share:
//! a JSON body read as `application/json-patch+json` or `application/json` with errors
//! that name the field; RFC 6902 patches applied to a copy; decoding a patched document
//! into its wire type (the error names the field); the ETag / If-Match pair; the
//! client address a change comes from; and the paging of the history endpoints.

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gatehouse_wire::settings::{describe, RuleError};
use json_patch::{PatchErrorKind, PatchOperation};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{query_params, ApiError, ApiResult};
use crate::state::AppState;

fn located<E: std::fmt::Display>(e: &serde_path_to_error::Error<E>) -> String {
    let path = e.path().to_string();
    if path == "." {
        e.inner().to_string()
    } else {
        format!("{path}: {}", e.inner())
    }
}

/// A request body kept as bytes until the handler has checked who is calling; then
/// [`RawJson::parse`] reads it as `application/json-patch+json` or `application/json`
/// (SailPoint's SDKs use either; anything else is 415), and a body that does not fit
/// `T` is a 400 naming where (`[1].op: unknown variant ...`).
pub struct RawJson {
    mime: String,
    bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for RawJson {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mime = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge("request body is larger than the limit".into())
            } else {
                ApiError::bad(format!("could not read the request body: {}", e.body_text()))
            }
        })?;
        Ok(RawJson { mime, bytes })
    }
}

impl RawJson {
    pub fn parse<T: DeserializeOwned>(&self) -> ApiResult<T> {
        if self.mime != "application/json" && self.mime != "application/json-patch+json" {
            return Err(ApiError::UnsupportedMediaType(
                "Content-Type must be application/json-patch+json or application/json".into(),
            ));
        }
        let mut de = serde_json::Deserializer::from_slice(&self.bytes);
        let value = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| ApiError::bad(format!("invalid request body: {}", located(&e))))?;
        de.end()
            .map_err(|e| ApiError::bad(format!("invalid request body: {e}")))?;
        Ok(value)
    }
}

fn op_name(op: &PatchOperation) -> &'static str {
    match op {
        PatchOperation::Add(_) => "add",
        PatchOperation::Remove(_) => "remove",
        PatchOperation::Replace(_) => "replace",
        PatchOperation::Move(_) => "move",
        PatchOperation::Copy(_) => "copy",
        PatchOperation::Test(_) => "test",
    }
}

/// Applies a patch to a copy of `current`. Any failing operation (a `test` that does not
/// match, a path that does not exist) fails the whole patch with a 400; `current` is
/// never touched.
pub fn apply_patch(current: &Value, patch: &json_patch::Patch) -> ApiResult<Value> {
    let mut doc = current.clone();
    // `patch_unsafe` leaves a half-patched copy on failure (the copy is dropped); unlike
    // `patch` it has no undo step that could panic.
    json_patch::patch_unsafe(&mut doc, patch).map_err(|e| {
        let n = e.operation;
        let op = patch.get(n).map(op_name).unwrap_or("?");
        let path = e.path.to_string();
        ApiError::bad(match e.kind {
            PatchErrorKind::TestFailed => {
                format!("operation {n} (test) failed: the value at '{path}' is not the one the test expects; nothing was changed")
            }
            PatchErrorKind::InvalidFromPointer => {
                format!("operation {n} ({op}): the 'from' path does not exist in the document")
            }
            PatchErrorKind::InvalidPointer => {
                format!("operation {n} ({op}): path '{path}' does not exist in the document")
            }
            PatchErrorKind::CannotMoveInsideItself => {
                format!("operation {n} ({op}): cannot move '{path}' inside itself")
            }
            other => format!("operation {n} ({op}) at '{path}' failed: {other}"),
        })
    })?;
    Ok(doc)
}

/// Reads an IGA (CREST) PATCH body: a non-empty array of `{operation, field, value}`.
pub fn crest_ops(body: &RawJson) -> ApiResult<Vec<gatehouse_wire::crest::PatchOperation>> {
    let ops: Vec<gatehouse_wire::crest::PatchOperation> = body.parse()?;
    if ops.is_empty() {
        return Err(ApiError::bad(
            "the PATCH body must be a non-empty array of {operation, field, value}",
        ));
    }
    Ok(ops)
}

/// Applies CREST operations to a copy of an IGA resource whose `id` must not change.
pub fn apply_crest(current: &Value, ops: &[gatehouse_wire::crest::PatchOperation], id: &str) -> ApiResult<Value> {
    let patched = gatehouse_wire::crest::apply_patch(current, ops).map_err(|e| ApiError::bad(e.message))?;
    if patched.get("id").and_then(Value::as_str) != Some(id) {
        return Err(ApiError::bad("id cannot be changed or removed"));
    }
    Ok(patched)
}

/// Decodes a (patched) document into its wire type; a 400 names the field.
pub fn decode<T: DeserializeOwned>(doc: Value) -> ApiResult<T> {
    serde_path_to_error::deserialize(doc).map_err(|e| ApiError::bad(located(&e)))
}

/// A wire value as a JSON value (to store or compare).
pub fn to_value<T: Serialize>(v: &T) -> ApiResult<Value> {
    serde_json::to_value(v).map_err(|e| ApiError::Internal(format!("encoding a document: {e}")))
}

/// 400 with every broken rule (`field: message; field: message`) unless there are none.
pub fn refuse(errors: Vec<RuleError>) -> ApiResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::BadRequest(describe(&errors)))
    }
}

/// A JSON answer carrying the document's revision as its `ETag` (`"3"`).
pub fn with_etag<T: Serialize>(body: &T, rev: i64) -> Response {
    let mut r = axum::Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{rev}\"")) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// The `If-Match` header: absent (no precondition, as SailPoint behaves), `*`, or a list
/// of entity tags (`"3"`; `W/"3"` and a bare `3` are read the same).
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<Vec<String>>);

impl IfMatch {
    /// 412 unless the precondition holds for the stored revision `rev`.
    pub fn check(&self, rev: i64, what: &str) -> ApiResult<()> {
        let Some(tags) = &self.0 else {
            return Ok(());
        };
        let current = rev.to_string();
        if tags.iter().any(|t| t == "*" || *t == current) {
            Ok(())
        } else {
            Err(ApiError::PreconditionFailed(format!(
                "If-Match {} does not match the current revision \"{rev}\" of {what}: it was changed meanwhile; \
                 read it again and reapply your change",
                tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ")
            )))
        }
    }
}

impl IfMatch {
    /// [`IfMatch::check`] for something that may not exist (`rev` `None`): with a
    /// precondition, a missing one is a 412 as well (RFC 9110: `If-Match` needs a
    /// current representation); without one, anything goes.
    pub fn check_stored(&self, rev: Option<i64>, what: &str) -> ApiResult<()> {
        match (rev, &self.0) {
            (Some(rev), _) => self.check(rev, what),
            (None, None) => Ok(()),
            (None, Some(_)) => Err(ApiError::PreconditionFailed(format!(
                "If-Match names a revision of {what}, which does not exist (any more); read it again"
            ))),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut tags = Vec::new();
        let mut present = false;
        for v in parts.headers.get_all(header::IF_MATCH) {
            present = true;
            let v = v
                .to_str()
                .map_err(|_| ApiError::bad("If-Match must be an entity tag such as \"3\""))?;
            for tag in v.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                let tag = tag.strip_prefix("W/").unwrap_or(tag);
                tags.push(tag.trim_matches('"').to_string());
            }
        }
        if present && tags.is_empty() {
            return Err(ApiError::bad("If-Match must be an entity tag such as \"3\""));
        }
        Ok(IfMatch(present.then_some(tags)))
    }
}

/// The address a request comes from (see [`crate::state::Inner::client_ip`]); `None`
/// when the server was not given its peers' addresses.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl<S> FromRequestParts<S> for ClientIp
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            return Ok(ClientIp(None));
        };
        let xff = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        Ok(ClientIp(Some(state.client_ip(peer.ip(), xff))))
    }
}

/// The largest and the default page of a history endpoint.
pub const HISTORY_LIMIT: i64 = 250;
pub const HISTORY_DEFAULT_LIMIT: i64 = 50;

/// The `limit` (0..250, default 50) and `offset` of a history endpoint's query string;
/// any other parameter is a 400 naming it.
pub fn history_paging(raw: Option<&str>) -> ApiResult<(i64, i64)> {
    let params = query_params(raw)?;
    if let Some(unknown) = params.keys().find(|k| !["limit", "offset"].contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter here; use limit or offset"
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
    gatehouse_wire::identity::check_paging(limit, offset).map_err(|e| ApiError::bad(e.0))?;
    Ok((
        limit.unwrap_or(HISTORY_DEFAULT_LIMIT).min(HISTORY_LIMIT),
        offset.unwrap_or(0),
    ))
}

/// A page of history entries as JSON, with `X-Total-Count`.
pub fn history_page<T: Serialize>(items: Vec<T>, total: i64) -> Response {
    let mut r = axum::Json(items).into_response();
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        r.headers_mut().insert("x-total-count", v);
    }
    r
}
