//! The actions on one access request: `POST /iga/governance/requests/{id}?_action=
//! approve|reject|cancel|comment|reassign` (optional `phaseName`, optional `If-Match`);
//! `modify`, `update` and `publish` (where `{id}` is a request type) are in
//! [`crate::routes::request_changes`].
//!
//! Who may act: approve, reject, reassign and comment need an active actor with that
//! permission (an ORG_ADMIN may reassign any request); cancel is the requester's or an
//! ORG_ADMIN's; the requester may always comment (that is how they answer "ask for
//! more information"). Self-approval only when `allowSelfApproval`; justifications as
//! the IGA configuration requires. An approval provisions the access in the same
//! transaction that records the decision; every step appends to `decision.comments`
//! and `decision.phases` with who and when, raises `_rev`, and is recorded in the
//! request's audit trail in the same transaction ([`crate::store::iga_audit`]).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use gatehouse_wire::request::{
    builtin_parts, Actor, Comment, Permissions, Request, UserRef, ACCESS_REQUEST, STATUS_CANCELLED, STATUS_COMPLETE,
};
use serde_json::Value;

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{query_params, ApiError, ApiResult};
use crate::routes::document::{with_etag, IfMatch};
use crate::routes::requests::{audited, not_found};
use crate::routes::{iga_list, request_changes};
use crate::state::AppState;
use crate::store::catalog::{self, Grant};
use crate::store::{iga_config, request_types, requests as store};

const ACTIONS: [&str; 8] = [
    "approve", "reject", "cancel", "comment", "reassign", "update", "modify", "publish",
];

/// An action or search body: empty (null), or a JSON object.
pub fn optional_body(headers: &HeaderMap, bytes: &Bytes) -> ApiResult<Value> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if mime != "application/json" {
        return Err(ApiError::UnsupportedMediaType(
            "Content-Type must be application/json".into(),
        ));
    }
    let v: Value = serde_json::from_slice(bytes).map_err(|e| ApiError::bad(format!("malformed JSON: {e}")))?;
    if !v.is_object() && !v.is_null() {
        return Err(ApiError::bad("the body must be a JSON object"));
    }
    Ok(v)
}

fn text(body: &Value, key: &str) -> ApiResult<Option<String>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(ApiError::bad(format!("{key} must be a string"))),
    }
}

fn forbidden_actor(id: &str, action: &str) -> ApiError {
    ApiError::Forbidden(format!(
        "only an active actor of request '{id}' with the {action} permission may {action} it"
    ))
}

pub(crate) fn comment_entry(by: &UserRef, text: String, action: &str, now: &str, phase: Option<String>) -> Comment {
    let mut user = by.clone();
    user.account_status = None;
    Comment {
        time_stamp: now.to_string(),
        user,
        comment: text,
        action: action.to_string(),
        phase,
    }
}

pub async fn act(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    if_match: IfMatch,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Response> {
    let params = query_params(raw.as_deref())?;
    let action = iga_list::action(&params, &ACTIONS, false)?;
    let body = optional_body(&headers, &bytes)?;
    // `{id}` names a request type when publishing (`_action=publish`, or no `_action`).
    if matches!(action, None | Some("publish")) {
        return match request_types::TYPES.get(&state.db, &id).await? {
            Some(t) => request_changes::publish(&state, &caller, t, body).await,
            None if action.is_some() => Err(ApiError::NotFound(format!("request type '{id}' was not found"))),
            None => Err(ApiError::bad(format!(
                "_action is required: {} (or name a request type to publish a request of it)",
                ACTIONS.join(" or ")
            ))),
        };
    }
    let action = action.unwrap_or_default();
    match action {
        "modify" => return request_changes::modify(&state, &caller, &id, &if_match, body).await,
        "update" => return request_changes::update(&state, &caller, &id, &if_match, body).await,
        _ => {}
    }
    let config = iga_config::get(&state.db).await?;
    let config = config.iga_access_request;
    let now = now_stamp();

    let mut tx = store::Tx::begin(&state.db).await?;
    let mut r = tx.get(&id).await?.ok_or_else(|| not_found(&id))?;
    let before = r.clone();
    if !crate::routes::requests::may_read(&caller, &r) {
        return Err(ApiError::Forbidden(format!(
            "access request '{id}' is not yours to act on"
        )));
    }
    if_match.check(r.rev, &format!("access request '{id}'"))?;
    if !r.is_open() {
        return Err(ApiError::bad(format!(
            "access request '{id}' is {}; only an in-progress request can be acted on",
            r.decision.status
        )));
    }
    let phase = r
        .decision
        .phases
        .iter()
        .find(|p| p.status == "in-progress")
        .map(|p| p.name.clone());
    if let Some(wanted) = params.get("phaseName").filter(|p| !p.is_empty()) {
        if phase.as_deref() != Some(wanted.as_str()) {
            return Err(ApiError::bad(format!(
                "phaseName '{wanted}' is not the phase in progress ({})",
                phase.as_deref().unwrap_or("none")
            )));
        }
    }
    let me = catalog::user_ref(tx.conn(), &caller.identity_id)
        .await?
        .ok_or_else(|| ApiError::Forbidden("your identity no longer exists".into()))?;
    let actor: Option<Actor> = r.active_actor(&caller.identity_id).cloned();
    let may = |what: &str| actor.as_ref().is_some_and(|a| a.permissions.allows(what));

    match action {
        "approve" | "reject" => {
            if !may(action) {
                return Err(forbidden_actor(&id, action));
            }
            let own = r.user.id == caller.identity_id || r.requester.id == caller.identity_id;
            if action == "approve" && own && !config.allow_self_approval {
                return Err(ApiError::Forbidden(format!(
                    "you cannot approve your own request '{id}' ({ACCESS_REQUEST}.allowSelfApproval is false)"
                )));
            }
            let justification = match text(&body, "justification")? {
                Some(j) => Some(j),
                None => text(&body, "comment")?,
            };
            let (required, key) = if action == "approve" {
                (config.require_approve_justification, "requireApproveJustification")
            } else {
                (config.require_reject_justification, "requireRejectJustification")
            };
            if required && justification.is_none() {
                return Err(ApiError::bad(format!(
                    "justification is required to {action} ({ACCESS_REQUEST}.{key})"
                )));
            }
            if let Some(j) = &justification {
                r.decision
                    .comments
                    .push(comment_entry(&me, j.clone(), action, &now, phase.clone()));
            }
            if action == "approve" {
                // A custom type's request has nothing to provision: approving fulfils it.
                let outcome = if builtin_parts(&r.request_type).is_some() {
                    provision(&mut tx, &r, &caller.identity_id, &now).await?;
                    "provisioned"
                } else {
                    "fulfilled"
                };
                r.finish(Some("approved"), outcome, STATUS_COMPLETE, &me, justification, &now);
            } else {
                r.finish(Some("rejected"), "denied", STATUS_COMPLETE, &me, justification, &now);
            }
        }
        "cancel" => {
            if r.requester.id != caller.identity_id && !caller.is_org_admin() && !may("cancel") {
                return Err(ApiError::Forbidden(format!(
                    "only the requester of '{id}' or an ORG_ADMIN may cancel it"
                )));
            }
            let reason = text(&body, "comment")?;
            if let Some(c) = &reason {
                r.decision
                    .comments
                    .push(comment_entry(&me, c.clone(), "cancel", &now, phase.clone()));
            }
            r.finish(None, "cancelled", STATUS_CANCELLED, &me, reason, &now);
        }
        "comment" => {
            let is_requester = r.requester.id == caller.identity_id;
            if !may("comment") && !is_requester {
                return Err(forbidden_actor(&id, "comment"));
            }
            let c = text(&body, "comment")?.ok_or_else(|| ApiError::bad("comment is required"))?;
            let needs_input = match body.get("needsRequesterInput") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Err(ApiError::bad("needsRequesterInput must be true or false")),
            };
            if needs_input && !may("comment") {
                return Err(ApiError::Forbidden(
                    "only an active actor may ask the requester for more information".into(),
                ));
            }
            r.decision
                .comments
                .push(comment_entry(&me, c, "comment", &now, phase.clone()));
            if needs_input {
                r.decision.awaiting_requester = true;
            } else if is_requester {
                r.decision.awaiting_requester = false;
            }
        }
        _ => reassign(&mut tx, &mut r, &caller, actor.as_ref(), &me, &body, phase, &now).await?,
    }
    r.rev += 1;
    r.request["_rev"] = Value::from(r.rev);
    r.metadata.modified_date = now.clone();
    tx.update(&before, &r, &audited(&caller, action, &body)).await?;
    tx.commit().await?;
    tracing::info!(request_id = %id, action, by = %caller.identity_id, status = %r.decision.status, "access request action");
    Ok(with_etag(&r, r.rev))
}

/// Grants (or, for a remove request, takes away) what the request is about.
async fn provision(tx: &mut store::Tx, r: &Request, approver: &str, now: &str) -> ApiResult<()> {
    let (kind, modifier) = builtin_parts(&r.request_type)
        .ok_or_else(|| ApiError::Internal(format!("request {} is not of a built-in type", r.id)))?;
    let item_id = r.request["common"][format!("{kind}Id")]
        .as_str()
        .ok_or_else(|| ApiError::Internal(format!("request {} names no {kind}", r.id)))?
        .to_string();
    if catalog::get(tx.conn(), kind, &item_id).await?.is_none() {
        return Err(ApiError::bad(format!(
            "the {kind} '{item_id}' of this request no longer exists; reject the request instead"
        )));
    }
    if catalog::user_ref(tx.conn(), &r.user.id).await?.is_none() {
        return Err(ApiError::bad(format!(
            "user '{}' of this request no longer exists; reject the request instead",
            r.user.id
        )));
    }
    if modifier == "remove" {
        return catalog::revoke(tx.conn(), &r.user.id, kind, &item_id).await;
    }
    let grant = Grant {
        assigner_id: approver,
        source: "ACCESS_REQUEST",
        comment: Some(format!("Access request {}", r.id)),
        remove_date: r.request["common"]["endDate"].as_str().map(str::to_string),
        now,
    };
    catalog::grant(tx.conn(), &r.user.id, kind, &item_id, &grant).await
}

#[allow(clippy::too_many_arguments)] // the parts of one action, each read once above
async fn reassign(
    tx: &mut store::Tx,
    r: &mut Request,
    caller: &Caller,
    actor: Option<&Actor>,
    me: &UserRef,
    body: &Value,
    phase: Option<String>,
    now: &str,
) -> ApiResult<()> {
    let as_actor = actor.is_some_and(|a| a.permissions.reassign);
    if !as_actor && !caller.is_org_admin() {
        return Err(forbidden_actor(&r.id, "reassign"));
    }
    let Some(Value::Array(updated)) = body.get("updatedActors") else {
        return Err(ApiError::bad(
            "updatedActors is required: an array of {id, permissions}",
        ));
    };
    if updated.is_empty() {
        return Err(ApiError::bad("updatedActors must name at least one actor"));
    }
    let phase_name = phase.clone().unwrap_or_default();
    let mut new_actors = Vec::new();
    for (i, u) in updated.iter().enumerate() {
        let raw = u
            .get("id")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ApiError::bad(format!("updatedActors[{i}].id is required")))?;
        let uid = raw.strip_prefix("managed/user/").unwrap_or(raw);
        let user = catalog::user_ref(tx.conn(), uid)
            .await?
            .ok_or_else(|| ApiError::bad(format!("updatedActors[{i}].id: identity '{uid}' does not exist")))?;
        let permissions = match u.get("permissions") {
            None | Some(Value::Null) => Permissions::APPROVER,
            Some(p @ Value::Object(_)) => serde_json::from_value(p.clone())
                .map_err(|e| ApiError::bad(format!("updatedActors[{i}].permissions: {e}")))?,
            Some(_) => {
                return Err(ApiError::bad(format!(
                    "updatedActors[{i}].permissions must be an object"
                )))
            }
        };
        new_actors.push(Actor::new(&user, &phase_name, permissions));
    }
    // An actor hands over its own part; an ORG_ADMIN who is not one replaces them all.
    let active = std::mem::take(&mut r.decision.actors.active);
    let (leaving, staying): (Vec<Actor>, Vec<Actor>) = active
        .into_iter()
        .partition(|a| !as_actor || a.id == caller.identity_id);
    r.decision.actors.active = staying;
    for a in leaving {
        if !r.decision.actors.inactive.contains(&a) {
            r.decision.actors.inactive.push(a);
        }
    }
    let names: Vec<String> = new_actors.iter().map(|a| a.user_name.clone()).collect();
    for a in new_actors {
        r.decision.actors.inactive.retain(|x| x.id != a.id);
        r.decision.actors.active.retain(|x| x.id != a.id);
        r.decision.actors.active.push(a);
    }
    let note = match text(body, "comment")? {
        Some(c) => c,
        None => format!("Reassigned to {}", names.join(", ")),
    };
    r.decision
        .comments
        .push(comment_entry(me, note, "reassign", now, phase));
    Ok(())
}
