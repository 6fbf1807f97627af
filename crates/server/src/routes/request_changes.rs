//! Requests made or changed other than by a decision:
//! - `POST /iga/governance/requests/{requestTypeId}?_action=publish` (also without
//!   `_action`): a request of a type, its body `{common, custom}` checked against the
//!   type's schemas ([`gatehouse_wire::request_schema`]) and the form assigned to
//!   `requestType/<id>`. A built-in type becomes the same request a create would make
//!   (same rules, same workflow); a custom type gets the default approval workflow and,
//!   once approved, completes with outcome `fulfilled` (there is nothing to provision).
//! - `_action=modify` (new property values, merged), `PUT` (the whole `request`
//!   object) and `PATCH` (CREST operations on it) change what a request asks for while it
//!   is in progress: only properties its type's schema (or every request's `common`
//!   keys) allows, never its `uniqueKeys` or `notModifiableProperties`; the result is
//!   checked again (schemas, dates, the item's or type's form). The requester, an active
//!   actor with the `modify` permission, or an ORG_ADMIN may do so.
//! - `_action=update` `{status, decision, outcome, comment}`: the workflow engine's
//!   bookkeeping, ORG_ADMIN only (Gatehouse's own workflow never needs it).
//!
//! Each change is one transaction, raises `_rev`, honours `If-Match`, adds a comment
//! saying what changed, and writes its audit row ([`crate::store::iga_audit`]) in that
//! transaction.

use axum::extract::{Path, State};
use axum::response::Response;
use gatehouse_wire::form::FormDefinition;
use gatehouse_wire::request::{
    builtin_parts, AccessRequestRules, Request, RequestContent, RequestMetadata, UserRef, STATUS_CANCELLED,
    STATUS_COMPLETE, STATUS_IN_PROGRESS,
};
use gatehouse_wire::request_schema::{changed_properties, Schemas};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult};
use crate::routes::document::{apply_crest, crest_ops, to_value, with_etag, IfMatch, RawJson};
use crate::routes::forms::validate_submission;
use crate::routes::request_actions::comment_entry;
use crate::routes::requests::{
    self, approval_decision, approvers, audited, new_request_id, parse_instant, read_body, submit, DEFAULT_PRIORITY,
};
use crate::state::AppState;
use crate::store::catalog;
use crate::store::request_types::{self as types, StoredType};
use crate::store::{forms, iga_config, requests as store};

fn bad_list<T: ToString>(errors: &[T]) -> ApiError {
    ApiError::bad(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
}

fn schemas_of(t: &StoredType) -> ApiResult<Schemas> {
    Schemas::parse(t.document.get("schemas"))
        .map_err(|e| ApiError::Internal(format!("stored request type '{}' has bad schemas: {e:?}", t.id)))
}

/// The form assigned to an object (`requestType/<id>`, `role/<id>`, ...), if any.
async fn form_for(state: &AppState, object_id: &str) -> ApiResult<Option<FormDefinition>> {
    let Some(f) = forms::form_for_object(&state.db, object_id).await? else {
        return Ok(None);
    };
    serde_json::from_value(f.document.get("form").cloned().unwrap_or_default())
        .map(Some)
        .map_err(|e| ApiError::Internal(format!("stored form '{}' unreadable: {e}", f.id)))
}

fn check_form(form: Option<&FormDefinition>, values: &Value, what: &str) -> ApiResult<()> {
    if let Some(form) = form {
        if let Err(errors) = validate_submission(form, values) {
            return Err(ApiError::bad(format!(
                "{what} breaks its form's rules: {}",
                errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
            )));
        }
    }
    Ok(())
}

/// endDate after startDate, both readable, when both are given.
fn check_dates(common: &Value) -> ApiResult<()> {
    let (s, e) = (common.get("startDate"), common.get("endDate"));
    if let (Some(Value::String(s)), Some(Value::String(e))) = (s, e) {
        if parse_instant("common.endDate", e)? <= parse_instant("common.startDate", s)? {
            return Err(ApiError::bad(format!(
                "common.endDate {e} must be after common.startDate {s}"
            )));
        }
    }
    Ok(())
}

fn part<'a>(body: &'a Value, key: &str) -> &'a Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    body.get(key)
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

// ---------------------------------------------------------------------------------------
// Publish

/// `POST /iga/governance/requests/{requestTypeId}?_action=publish`.
pub async fn publish(state: &AppState, caller: &Caller, t: StoredType, body: Value) -> ApiResult<Response> {
    let schemas = schemas_of(&t)?;
    let errors = schemas.check(&body);
    if !errors.is_empty() {
        return Err(bad_list(&errors));
    }
    let form = form_for(state, &format!("requestType/{}", t.id)).await?;
    check_form(form.as_ref(), &body, &format!("the request of type '{}'", t.id))?;
    let common = part(&body, "common");
    check_dates(&Value::Object(common.clone()))?;
    if let Some((kind, modifier)) = builtin_parts(&t.id) {
        return publish_builtin(state, caller, kind, modifier, common, &body).await;
    }

    let user_id = common
        .get("userId")
        .and_then(Value::as_str)
        .map(|u| u.strip_prefix("managed/user/").unwrap_or(u).to_string())
        .unwrap_or_else(|| caller.identity_id.clone());
    if user_id != caller.identity_id && !caller.is_org_admin() {
        return Err(ApiError::Forbidden(
            "common.userId: only an ORG_ADMIN may make a request for someone else".into(),
        ));
    }
    let config = iga_config::get(&state.db).await?.iga_access_request;
    // A create's rule (gatehouse_wire): a blank justification is none.
    let justification = common.get("justification").and_then(Value::as_str).unwrap_or("");
    if let Some(problem) = AccessRequestRules::from(&config).request_justification_problem(justification) {
        return Err(ApiError::bad(format!("common.{problem}")));
    }
    let now = now_stamp();
    let mut tx = store::Tx::begin(&state.db).await?;
    let requester = catalog::user_ref(tx.conn(), &caller.identity_id)
        .await?
        .ok_or_else(|| ApiError::Forbidden("your identity no longer exists".into()))?;
    let user = catalog::user_ref(tx.conn(), &user_id)
        .await?
        .ok_or_else(|| ApiError::bad(format!("common.userId: user '{user_id}' does not exist")))?;
    let approvers = approvers(&mut tx, &user_id, &caller.identity_id, &config).await?;
    // The sent properties over the defaults every request has; the user as looked up.
    let mut request_common = common.clone();
    request_common
        .entry("priority")
        .or_insert_with(|| Value::from(DEFAULT_PRIORITY));
    request_common.entry("isDraft").or_insert(Value::Bool(false));
    request_common.insert("userId".into(), Value::String(user.id.clone()));
    let prefix = common.get("requestIdPrefix").and_then(Value::as_str);
    let content = RequestContent {
        common: request_common,
        custom: part(&body, "custom").clone(),
        rev: 1,
    };
    let r = custom_request(
        new_request_id(prefix),
        &t.id,
        &requester,
        &user,
        to_value(&content)?,
        &approvers,
        &now,
    );
    tx.insert(
        &r,
        &store::Keys {
            item_type: "requestType",
            item_id: &t.id,
        },
        &audited(caller, "publish", &body),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(request_id = %r.id, request_type = %t.id, user = %r.user.id, by = %caller.identity_id, "request published");
    Ok(with_etag(&r, r.rev))
}

/// The create body a built-in type's publish becomes (`POST
/// /iga/governance/requests?_action=create`). The values are the publish's `common`
/// ones as sent, so [`read_body`]'s checks name what is wrong with them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody<'a> {
    users: [&'a Value; 1],
    catalogs: [CatalogEntryRef<'a>; 1],
    access_modifier: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_request_id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id_prefix: Option<&'a Value>,
}

/// One `catalogs[]` entry of a [`CreateBody`]: `{type, id, data?: {form}}`.
#[derive(Serialize)]
struct CatalogEntryRef<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    id: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<CatalogData<'a>>,
}

#[derive(Serialize)]
struct CatalogData<'a> {
    form: &'a Value,
}

/// A built-in type's publish is a create of one user × one item (`sent` is the
/// publish body, for the audit row).
async fn publish_builtin(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    modifier: &str,
    common: &Map<String, Value>,
    sent: &Value,
) -> ApiResult<Response> {
    let id_key = format!("{kind}Id");
    let create = CreateBody {
        users: [common.get("userId").unwrap_or(&Value::Null)],
        catalogs: [CatalogEntryRef {
            kind,
            id: common.get(&id_key).unwrap_or(&Value::Null),
            data: common
                .get("blob")
                .and_then(|b| b.get("form"))
                .map(|form| CatalogData { form }),
        }],
        access_modifier: modifier,
        start_date: common.get("startDate"),
        end_date: common.get("endDate"),
        priority: common.get("priority"),
        justification: common.get("justification"),
        external_request_id: common.get("externalRequestId"),
        request_id_prefix: common.get("requestIdPrefix"),
    };
    let body = read_body(&to_value(&create)?).map_err(|e| match e {
        ApiError::BadRequest(m) => ApiError::BadRequest(format!("common: {m}")),
        other => other,
    })?;
    let (mut made, errors) = submit(state, caller, &body, Some(&audited(caller, "publish", sent))).await?;
    if let Some(first) = errors.into_iter().next() {
        return Err(ApiError::bad(first.error));
    }
    let r = made
        .pop()
        .ok_or_else(|| ApiError::Internal("a publish made no request".into()))?;
    Ok(with_etag(&r, r.rev))
}

fn custom_request(
    id: String,
    type_id: &str,
    requester: &UserRef,
    user: &UserRef,
    request: Value,
    actors: &[UserRef],
    now: &str,
) -> Request {
    let mut requester = requester.clone();
    requester.account_status = None;
    Request {
        id,
        request_type: type_id.to_string(),
        requester,
        user: user.clone(),
        request,
        application: None,
        application_owner: Vec::new(),
        entitlement: None,
        entitlement_owner: Vec::new(),
        role: None,
        role_owner: Vec::new(),
        decision: approval_decision(actors, now),
        metadata: RequestMetadata {
            created_date: now.to_string(),
            modified_date: now.to_string(),
        },
        rev: 1,
    }
}

// ---------------------------------------------------------------------------------------
// Modify, PUT, PATCH

/// What a change to a request's content may touch, from its type.
struct Rules {
    schemas: Schemas,
    locked: Vec<String>,
    form_object: String,
}

async fn rules_for(state: &AppState, r: &Request) -> ApiResult<Rules> {
    let t = types::TYPES.get(&state.db, &r.request_type).await?;
    let (schemas, mut locked) = match &t {
        Some(t) => {
            let mut locked: Vec<String> = Vec::new();
            for key in ["uniqueKeys", "notModifiableProperties"] {
                if let Some(Value::Array(items)) = t.document.get(key) {
                    locked.extend(items.iter().filter_map(Value::as_str).map(str::to_string));
                }
            }
            (schemas_of(t)?, locked)
        }
        None => (Schemas::default(), Vec::new()),
    };
    // Who the request is for is never changed by editing it.
    locked.push("common.userId".into());
    let form_object = match builtin_parts(&r.request_type) {
        Some((kind, _)) => {
            // The type says what the request grants or removes; the item and the
            // modifier stay what the type's name says.
            locked.push(format!("common.{kind}Id"));
            locked.push("common.accessModifier".into());
            let id = r.request["common"][format!("{kind}Id")].as_str().unwrap_or_default();
            format!("{kind}/{id}")
        }
        None => format!("requestType/{}", r.request_type),
    };
    Ok(Rules {
        schemas,
        locked,
        form_object,
    })
}

/// Who may change what a request asks for.
fn require_modifier(caller: &Caller, r: &Request) -> ApiResult<()> {
    let as_actor = r
        .active_actor(&caller.identity_id)
        .is_some_and(|a| a.permissions.allows("modify"));
    if caller.is_org_admin() || as_actor || r.requester.id == caller.identity_id {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "only the requester of '{}', an active actor with the modify permission or an ORG_ADMIN may change it",
            r.id
        )))
    }
}

/// Replaces a request's content with `new` (`{common, custom}`) after every check;
/// `change` says what the caller did and sent, for the audit row.
async fn revise(
    state: &AppState,
    caller: &Caller,
    id: &str,
    if_match: &IfMatch,
    change: store::Change<'_>,
    new: impl FnOnce(&Value) -> ApiResult<Value>,
) -> ApiResult<Response> {
    let now = now_stamp();
    let mut tx = store::Tx::begin(&state.db).await?;
    let mut r = tx.get(id).await?.ok_or_else(|| requests::not_found(id))?;
    let before = r.clone();
    if !requests::may_read(caller, &r) {
        return Err(ApiError::Forbidden(format!(
            "access request '{id}' is not yours to change"
        )));
    }
    require_modifier(caller, &r)?;
    if_match.check(r.rev, &format!("access request '{id}'"))?;
    if !r.is_open() {
        return Err(ApiError::bad(format!(
            "access request '{id}' is {}; only an in-progress request can be changed",
            r.decision.status
        )));
    }
    let mut new = new(&r.request)?;
    let Value::Object(map) = &mut new else {
        return Err(ApiError::bad("the request must be an object {common, custom}"));
    };
    map.remove("_rev");
    let rules = rules_for(state, &r).await?;
    let changed = changed_properties(&r.request, &new);
    if changed.is_empty() {
        return Err(ApiError::bad(
            "nothing to change: the values are the ones the request has",
        ));
    }
    if let Some(locked) = changed.iter().find(|c| rules.locked.contains(c)) {
        return Err(ApiError::bad(format!(
            "{locked} cannot be changed on an existing request"
        )));
    }
    let errors = rules.schemas.check(&new);
    if !errors.is_empty() {
        return Err(bad_list(&errors));
    }
    check_dates(&new["common"])?;
    let form = form_for(state, &rules.form_object).await?;
    if builtin_parts(&r.request_type).is_some() {
        let values = new["common"]["blob"]["form"].clone();
        let values = if values.is_null() {
            Value::Object(Map::new())
        } else {
            values
        };
        check_form(form.as_ref(), &values, "common.blob.form")?;
    } else {
        check_form(form.as_ref(), &new, "the request")?;
    }
    let me = catalog::user_ref(tx.conn(), &caller.identity_id)
        .await?
        .ok_or_else(|| ApiError::Forbidden("your identity no longer exists".into()))?;
    let phase = r
        .decision
        .phases
        .iter()
        .find(|p| p.status == STATUS_IN_PROGRESS)
        .map(|p| p.name.clone());
    r.decision.comments.push(comment_entry(
        &me,
        format!("Changed {}", changed.join(", ")),
        "modify",
        &now,
        phase,
    ));
    if r.requester.id == caller.identity_id {
        r.decision.awaiting_requester = false;
    }
    r.rev += 1;
    new["_rev"] = Value::from(r.rev);
    r.request = new;
    r.metadata.modified_date = now;
    tx.update(&before, &r, &change).await?;
    tx.commit().await?;
    tracing::info!(request_id = %id, changed = %changed.join(","), by = %caller.identity_id, "access request changed");
    Ok(with_etag(&r, r.rev))
}

/// `_action=modify`: the body's `common` and `custom` properties replace the request's.
pub async fn modify(
    state: &AppState,
    caller: &Caller,
    id: &str,
    if_match: &IfMatch,
    body: Value,
) -> ApiResult<Response> {
    let Value::Object(changes) = &body else {
        return Err(ApiError::bad(
            "modify needs a body {common: {..}, custom: {..}} with the new values",
        ));
    };
    if let Some(k) = changes.keys().find(|k| !["common", "custom"].contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{k}' cannot be modified; send common and custom properties"
        )));
    }
    revise(
        state,
        caller,
        id,
        if_match,
        audited(caller, "modify", &body),
        |current| {
            let mut new = current.clone();
            for (key, values) in changes {
                let Value::Object(values) = values else {
                    return Err(ApiError::bad(format!("{key} must be an object")));
                };
                if !new[key].is_object() {
                    new[key] = Value::Object(Map::new());
                }
                for (k, v) in values {
                    new[key][k] = v.clone();
                }
            }
            Ok(new)
        },
    )
    .await
}

/// `PUT /iga/governance/requests/{id}`: the whole `request` object.
pub async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    let sent: Value = body.parse()?;
    // The whole Request document is accepted too; only its `request` part can change.
    let new = match sent.get("request") {
        Some(inner @ Value::Object(_)) if sent.get("decision").is_some() => inner.clone(),
        _ => sent.clone(),
    };
    revise(&state, &caller, &id, &if_match, audited(&caller, "put", &sent), |_| {
        Ok(new)
    })
    .await
}

/// `PATCH /iga/governance/requests/{id}`: CREST operations on the `request` object
/// (fields `/common/...`, `/custom/...`; a `/request` prefix is accepted).
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    let mut ops = crest_ops(&body)?;
    let sent = to_value(&ops)?;
    for op in &mut ops {
        if let Some(rest) = op.field.strip_prefix("/request/") {
            op.field = format!("/{rest}");
        }
    }
    revise(
        &state,
        &caller,
        &id,
        &if_match,
        audited(&caller, "patch", &sent),
        |current| {
            let mut doc = current.clone();
            doc["id"] = Value::String(id.clone());
            let mut patched = apply_crest(&doc, &ops, &id)?;
            if let Value::Object(m) = &mut patched {
                m.remove("id");
            }
            Ok(patched)
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Update

const STATUSES: [&str; 4] = [STATUS_IN_PROGRESS, STATUS_COMPLETE, STATUS_CANCELLED, "suspended"];
const DECISIONS: [&str; 2] = ["approved", "rejected"];
const OUTCOMES: [&str; 5] = ["provisioned", "not provisioned", "denied", "fulfilled", "cancelled"];

fn one_of(body: &Value, key: &str, allowed: &[&str]) -> ApiResult<Option<String>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.clone())),
        Some(other) => Err(ApiError::bad(format!(
            "{key} must be one of {}, got {other}",
            allowed.join(", ")
        ))),
    }
}

/// `_action=update`: sets status, decision and outcome as a workflow would. A terminal
/// status completes the phase in progress and retires its actors.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: &str,
    if_match: &IfMatch,
    body: Value,
) -> ApiResult<Response> {
    caller.require(caller.is_org_admin(), "updating a request's status (_action=update)")?;
    if let Some(k) = body.as_object().and_then(|m| {
        m.keys()
            .find(|k| !["status", "decision", "outcome", "comment"].contains(&k.as_str()))
    }) {
        return Err(ApiError::bad(format!(
            "'{k}' cannot be updated; use status, decision, outcome and comment"
        )));
    }
    let status = one_of(&body, "status", &STATUSES)?;
    let decision = one_of(&body, "decision", &DECISIONS)?;
    let outcome = one_of(&body, "outcome", &OUTCOMES)?;
    let comment = match body.get("comment") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(_) => return Err(ApiError::bad("comment must be text")),
    };
    if status.is_none() && decision.is_none() && outcome.is_none() && comment.is_none() {
        return Err(ApiError::bad(
            "update needs at least one of status, decision, outcome, comment",
        ));
    }
    let now = now_stamp();
    let mut tx = store::Tx::begin(&state.db).await?;
    let mut r = tx.get(id).await?.ok_or_else(|| requests::not_found(id))?;
    let before = r.clone();
    if_match.check(r.rev, &format!("access request '{id}'"))?;
    if [STATUS_COMPLETE, STATUS_CANCELLED].contains(&r.decision.status.as_str()) {
        return Err(ApiError::bad(format!(
            "access request '{id}' is {}; a finished request cannot be updated",
            r.decision.status
        )));
    }
    let me = catalog::user_ref(tx.conn(), &caller.identity_id)
        .await?
        .ok_or_else(|| ApiError::Forbidden("your identity no longer exists".into()))?;
    let phase = r
        .decision
        .phases
        .iter()
        .find(|p| p.status == STATUS_IN_PROGRESS)
        .map(|p| p.name.clone());
    if let Some(c) = &comment {
        r.decision
            .comments
            .push(comment_entry(&me, c.clone(), "comment", &now, phase));
    }
    match status.as_deref() {
        Some(s @ (STATUS_COMPLETE | STATUS_CANCELLED)) => {
            let default_outcome = if s == STATUS_CANCELLED {
                "cancelled"
            } else {
                "fulfilled"
            };
            let outcome = outcome.clone().unwrap_or_else(|| default_outcome.to_string());
            r.finish(decision.as_deref(), &outcome, s, &me, comment, &now);
        }
        Some(s) => {
            r.decision.status = s.to_string();
            if let Some(d) = &decision {
                r.decision.decision = Some(d.clone());
            }
            if let Some(o) = &outcome {
                r.decision.outcome = Some(o.clone());
            }
        }
        None => {
            if let Some(d) = &decision {
                r.decision.decision = Some(d.clone());
            }
            if let Some(o) = &outcome {
                r.decision.outcome = Some(o.clone());
            }
        }
    }
    r.rev += 1;
    r.request["_rev"] = Value::from(r.rev);
    r.metadata.modified_date = now;
    tx.update(&before, &r, &audited(caller, "update", &body)).await?;
    tx.commit().await?;
    tracing::info!(request_id = %id, status = %r.decision.status, by = %caller.identity_id, "access request updated");
    Ok(with_etag(&r, r.rev))
}
