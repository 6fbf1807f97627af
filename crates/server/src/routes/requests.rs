//! Access requests (seed 002): `POST /iga/governance/requests?_action=validate|create`
//! and `GET /iga/governance/requests/{id}`. The actions on one request
//! (`POST .../requests/{id}?_action=...`) are in [`crate::routes::request_actions`].
//!
//! A create makes one request per user × catalog item. Every pairing is checked and the
//! ones that break a rule are answered in `errors` as `{userId, error}` (the error text
//! starts with a code: `USER_NOT_FOUND`, `ITEM_NOT_FOUND`, `DUPLICATED`,
//! `ALREADY_ASSIGNED`, `NOT_ASSIGNED`, `INVALID_DATES`, `JUSTIFICATION_REQUIRED`,
//! `FORM_INVALID`); the others are created, all in one transaction. With
//! `iga_global.enableScoping` on, an item no active scope grants the target user is
//! `ITEM_NOT_FOUND` for that user ([`crate::routes::scopes`]). `validate` runs the
//! same checks and stores nothing. A body that cannot be read at all is a 400.
//!
//! The default workflow: one approval phase whose active actor is the target user's
//! manager, else the members of the `defaultApprover` role, else every ORG_ADMIN (while
//! self-approval is off, those groups leave out the requester and the target when
//! anyone else remains, see [`approvers`]).

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use gatehouse_wire::form::FormDefinition;
use gatehouse_wire::request::{
    builtin_for, AccessRequestConfig, AccessRequestRules, Actor, Actors, Decision, Permissions, Phase, Request,
    RequestBlob, RequestCommon, RequestContent, RequestMetadata, UserError, UserRef, ValidateAnswer, APPROVAL_PHASE,
    STATUS_IN_PROGRESS,
};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::auth::Caller;
use crate::clock::now_stamp;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::{to_value, with_etag, RawJson};
use crate::routes::forms::validate_submission;
use crate::routes::scopes::{enforced, visible_for};
use crate::routes::{iga_list, request_actions, request_changes};
use crate::state::AppState;
use crate::store::catalog::{self, CatalogItem};
use crate::store::{forms, iga_config, requests as store};

pub const REQUESTS: &str = "/iga/governance/requests";

/// A request's `priority` when none is sent.
pub(crate) const DEFAULT_PRIORITY: &str = "low";

pub fn router() -> Router<AppState> {
    Router::new().route(REQUESTS, post(create_or_validate)).route(
        &format!("{REQUESTS}/{{id}}"),
        get(get_one)
            .post(request_actions::act)
            .put(request_changes::replace)
            .patch(request_changes::patch),
    )
}

// ---------------------------------------------------------------------------------------
// The create body

/// One `catalogs[]` entry.
pub(crate) struct CatalogRef {
    pub kind: &'static str,
    pub id: String,
    /// `data.form`: the values of the item's form.
    pub form: Option<Map<String, Value>>,
}

/// A create / validate body, read.
pub(crate) struct NewRequests {
    pub users: Vec<String>,
    pub catalogs: Vec<CatalogRef>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub expiry_date: Option<Value>,
    pub priority: String,
    pub justification: Option<String>,
    pub modifier: &'static str,
    pub external_request_id: Option<String>,
    pub prefix: Option<String>,
}

fn opt_string(map: &Map<String, Value>, key: &str) -> ApiResult<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(ApiError::bad(format!("{key} must be a string"))),
    }
}

/// An ISO 8601 date-time (or a `YYYY-MM-DD` date, read as midnight UTC).
pub fn parse_instant(key: &str, s: &str) -> ApiResult<OffsetDateTime> {
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    OffsetDateTime::parse(&format!("{s}T00:00:00Z"), &Rfc3339).map_err(|_| {
        ApiError::bad(format!(
            "{key} must be an ISO 8601 date-time such as 2026-03-01T12:00:00Z, got '{s}'"
        ))
    })
}

pub(crate) fn read_body(body: &Value) -> ApiResult<NewRequests> {
    let Value::Object(map) = body else {
        return Err(ApiError::bad("the body must be an object {users, catalogs, ...}"));
    };
    const KNOWN: [&str; 11] = [
        "users",
        "catalogs",
        "startDate",
        "endDate",
        "expiryDate",
        "priority",
        "justification",
        "accessModifier",
        "externalRequestId",
        "requestIdPrefix",
        "isDraft",
    ];
    if let Some(k) = map.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{k}' is not a property of an access request; use {}",
            KNOWN.join(", ")
        )));
    }
    let Some(Value::Array(users)) = map.get("users") else {
        return Err(ApiError::bad("users is required: an array of user ids"));
    };
    let mut ids = Vec::new();
    for (i, u) in users.iter().enumerate() {
        let Some(id) = u.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
            return Err(ApiError::bad(format!("users[{i}] must be a user id")));
        };
        let id = id.strip_prefix("managed/user/").unwrap_or(id).to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(ApiError::bad("users must name at least one user"));
    }
    let Some(Value::Array(items)) = map.get("catalogs") else {
        return Err(ApiError::bad("catalogs is required: an array of {type, id}"));
    };
    let mut catalogs: Vec<CatalogRef> = Vec::new();
    for (i, c) in items.iter().enumerate() {
        let kind = c
            .get("type")
            .and_then(Value::as_str)
            .and_then(catalog::kind_of)
            .ok_or_else(|| ApiError::bad(format!("catalogs[{i}].type must be application, entitlement or role")))?;
        let id = c
            .get("id")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ApiError::bad(format!("catalogs[{i}].id is required")))?
            .to_string();
        let form = match c.get("data").and_then(|d| d.get("form")) {
            None | Some(Value::Null) => None,
            Some(Value::Object(f)) => Some(f.clone()),
            Some(_) => return Err(ApiError::bad(format!("catalogs[{i}].data.form must be an object"))),
        };
        if !catalogs.iter().any(|x| x.kind == kind && x.id == id) {
            catalogs.push(CatalogRef { kind, id, form });
        }
    }
    if catalogs.is_empty() {
        return Err(ApiError::bad("catalogs must name at least one catalog item"));
    }
    let start_date = opt_string(map, "startDate")?;
    let end_date = opt_string(map, "endDate")?;
    for (key, v) in [("startDate", &start_date), ("endDate", &end_date)] {
        if let Some(s) = v {
            parse_instant(key, s)?;
        }
    }
    let expiry_date = match map.get("expiryDate") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Number(_)) => Some(v.clone()),
        Some(Value::String(s)) => {
            parse_instant("expiryDate", s)?;
            Some(Value::String(s.clone()))
        }
        Some(_) => return Err(ApiError::bad("expiryDate must be an ISO 8601 date-time")),
    };
    let priority = opt_string(map, "priority")?.unwrap_or_else(|| DEFAULT_PRIORITY.into());
    if !["low", "medium", "high"].contains(&priority.as_str()) {
        return Err(ApiError::bad(format!(
            "priority must be low, medium or high, got '{priority}'"
        )));
    }
    let modifier = match opt_string(map, "accessModifier")?.as_deref() {
        None | Some("add") => "add",
        Some("remove") => "remove",
        Some(other) => {
            return Err(ApiError::bad(format!(
                "accessModifier must be add or remove, got '{other}'"
            )))
        }
    };
    let prefix = opt_string(map, "requestIdPrefix")?;
    if prefix
        .as_deref()
        .is_some_and(|p| p.len() > 32 || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    {
        return Err(ApiError::bad(
            "requestIdPrefix must be at most 32 letters, digits, '-' or '_'",
        ));
    }
    Ok(NewRequests {
        users: ids,
        catalogs,
        start_date,
        end_date,
        expiry_date,
        priority,
        justification: opt_string(map, "justification")?,
        modifier,
        external_request_id: opt_string(map, "externalRequestId")?,
        prefix,
    })
}

// ---------------------------------------------------------------------------------------
// Create and validate

/// The catalog item and assigned form of one `catalogs[]` entry, looked up once.
struct Target {
    item: Option<CatalogItem>,
    form: Option<FormDefinition>,
}

async fn targets(state: &AppState, body: &NewRequests) -> ApiResult<Vec<Target>> {
    let mut out = Vec::new();
    let mut conn = state.db.acquire().await?;
    for c in &body.catalogs {
        let item = catalog::get(&mut conn, c.kind, &c.id).await?;
        let form = match forms::form_for_object(&state.db, &format!("{}/{}", c.kind, c.id)).await? {
            Some(f) => Some(
                serde_json::from_value::<FormDefinition>(f.document.get("form").cloned().unwrap_or_default())
                    .map_err(|e| ApiError::Internal(format!("stored form '{}' unreadable: {e}", f.id)))?,
            ),
            None => None,
        };
        out.push(Target { item, form });
    }
    Ok(out)
}

/// The approvers of the default workflow for a request by `requester_id` for
/// `user_id`: the target's manager, else the members of the `defaultApprover` role, else
/// every ORG_ADMIN. While self-approval is off, a manager who made the request could not
/// approve it, so it goes to the group instead; and a group (role members, ORG_ADMINs)
/// leaves out the requester and the target, who could not approve, as long as someone
/// else remains in it.
pub(crate) async fn approvers(
    tx: &mut store::Tx,
    user_id: &str,
    requester_id: &str,
    config: &AccessRequestConfig,
) -> ApiResult<Vec<UserRef>> {
    if let Some(m) = catalog::manager_of(tx.conn(), user_id).await? {
        if config.allow_self_approval || m.id != requester_id {
            return Ok(vec![m]);
        }
    }
    let mut group = Vec::new();
    if let Some(role) = config.default_approver_role() {
        group = catalog::role_members(tx.conn(), role).await?;
    }
    if group.is_empty() {
        group = catalog::org_admins(tx.conn()).await?;
    }
    if !config.allow_self_approval {
        let others: Vec<UserRef> = group
            .iter()
            .filter(|a| a.id != requester_id && a.id != user_id)
            .cloned()
            .collect();
        if !others.is_empty() {
            return Ok(others);
        }
    }
    Ok(group)
}

pub(crate) fn new_request_id(prefix: Option<&str>) -> String {
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    match prefix {
        Some(p) => format!("{p}-{id}"),
        None => id,
    }
}

/// The default workflow's start: one approval phase in progress, `actors` may act.
pub(crate) fn approval_decision(actors: &[UserRef], now: &str) -> Decision {
    Decision {
        status: STATUS_IN_PROGRESS.into(),
        decision: None,
        outcome: None,
        start_date: now.to_string(),
        completion_date: None,
        deadline: None,
        comments: Vec::new(),
        actors: Actors {
            active: actors
                .iter()
                .map(|a| Actor::new(a, APPROVAL_PHASE, Permissions::APPROVER))
                .collect(),
            inactive: Vec::new(),
        },
        phases: vec![Phase {
            name: APPROVAL_PHASE.into(),
            display_name: "Approval".into(),
            kind: "request".into(),
            status: STATUS_IN_PROGRESS.into(),
            decision: None,
            start_date: now.to_string(),
            completion_date: None,
            justification: None,
            completed_by: None,
        }],
        awaiting_requester: false,
    }
}

#[allow(clippy::too_many_arguments)] // one request's parts, each named where it is built
fn build(
    body: &NewRequests,
    c: &CatalogRef,
    item: &CatalogItem,
    request_type: &str,
    requester: &UserRef,
    user: &UserRef,
    actors: &[UserRef],
    now: &str,
) -> ApiResult<Request> {
    let item_id = |kind: &str| (c.kind == kind).then(|| item.id.clone());
    let common = RequestCommon {
        priority: body.priority.clone(),
        justification: body.justification.clone(),
        user_id: user.id.clone(),
        start_date: body.start_date.clone(),
        end_date: body.end_date.clone(),
        is_draft: false,
        access_modifier: body.modifier.to_string(),
        blob: RequestBlob {
            form: c.form.clone().unwrap_or_default(),
        },
        application_id: item_id("application"),
        entitlement_id: item_id("entitlement"),
        role_id: item_id("role"),
        external_request_id: body.external_request_id.clone(),
        expiry_date: body.expiry_date.clone(),
    };
    let mut requester_ref = requester.clone();
    requester_ref.account_status = None;
    Ok(Request {
        id: new_request_id(body.prefix.as_deref()),
        request_type: request_type.to_string(),
        requester: requester_ref,
        user: user.clone(),
        request: to_value(&RequestContent {
            common,
            custom: Map::new(),
            rev: 1,
        })?,
        application: item.object("application"),
        application_owner: item.owners("applicationOwner"),
        entitlement: item.object("entitlement"),
        entitlement_owner: item.owners("entitlementOwner"),
        role: item.object("role"),
        role_owner: item.owners("roleOwner"),
        decision: approval_decision(actors, now),
        metadata: RequestMetadata {
            created_date: now.to_string(),
            modified_date: now.to_string(),
        },
        rev: 1,
    })
}

async fn create_or_validate(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
    body: RawJson,
) -> ApiResult<Json<ValidateAnswer>> {
    let params = query_params(raw.as_deref())?;
    let create = iga_list::action(&params, &["create", "validate"], true)? == Some("create");
    iga_list::flag(&params, "runPreventativeScan")?;
    let sent = body.parse::<Value>()?;
    let body = read_body(&sent)?;
    let change = create.then(|| audited(&caller, "create", &sent));
    let (result, errors) = submit(&state, &caller, &body, change.as_ref()).await?;
    Ok(Json(ValidateAnswer { errors, result }))
}

/// The audit record of a change the caller makes by `action`, sending `body`.
pub(crate) fn audited<'a>(caller: &'a Caller, action: &'a str, body: &'a Value) -> store::Change<'a> {
    store::Change {
        identity_id: &caller.identity_id,
        fallback_name: &caller.user_name,
        action,
        body,
    }
}

/// Checks every user × item pairing of a create body; with `create` (how the requests
/// are made, for their audit rows), stores the ones that pass in one transaction.
/// Answers the requests (made or that would be made) and the `{userId, error}` of the
/// pairings that break a rule.
pub(crate) async fn submit(
    state: &AppState,
    caller: &Caller,
    body: &NewRequests,
    create: Option<&store::Change<'_>>,
) -> ApiResult<(Vec<Request>, Vec<UserError>)> {
    if !caller.is_org_admin() && body.users.iter().any(|u| *u != caller.identity_id) {
        return Err(ApiError::Forbidden(
            "users: only an ORG_ADMIN may request access for someone else; name only yourself".into(),
        ));
    }
    let config = iga_config::get(&state.db).await?.iga_access_request;
    let targets = targets(state, body).await?;
    let scopes = enforced(state).await?;
    let now = now_stamp();
    // Rules that hold for every pairing.
    let mut general = Vec::new();
    if let (Some(s), Some(e)) = (&body.start_date, &body.end_date) {
        if parse_instant("endDate", e)? <= parse_instant("startDate", s)? {
            general.push(format!("INVALID_DATES: endDate {e} must be after startDate {s}"));
        }
    }
    // The rule the cart checks too (gatehouse_wire), a blank justification being none.
    if let Some(problem) =
        AccessRequestRules::from(&config).request_justification_problem(body.justification.as_deref().unwrap_or(""))
    {
        general.push(format!("JUSTIFICATION_REQUIRED: {problem}"));
    }

    let mut tx = store::Tx::begin(&state.db).await?;
    let requester = catalog::user_ref(tx.conn(), &caller.identity_id)
        .await?
        .ok_or_else(|| ApiError::Forbidden("your identity no longer exists".into()))?;
    let mut result = Vec::new();
    let mut errors = Vec::new();
    let refuse = |user_id: &str, error: String| UserError {
        error,
        user_id: user_id.to_string(),
    };
    for user_id in &body.users {
        let Some(user) = catalog::user_ref(tx.conn(), user_id).await? else {
            errors.push(refuse(
                user_id,
                format!("USER_NOT_FOUND: user '{user_id}' does not exist"),
            ));
            continue;
        };
        let approvers = approvers(&mut tx, user_id, &caller.identity_id, &config).await?;
        for (c, t) in body.catalogs.iter().zip(&targets) {
            let mut problems = general.clone();
            let item = match &t.item {
                Some(item) if item.requestable => item,
                _ => {
                    errors.push(refuse(
                        user_id,
                        format!(
                            "ITEM_NOT_FOUND: catalogs: no requestable {} '{}' in the catalog",
                            c.kind, c.id
                        ),
                    ));
                    continue;
                }
            };
            if scopes
                .as_ref()
                .is_some_and(|rules| !visible_for(rules, &user, &item.doc))
            {
                errors.push(refuse(
                    user_id,
                    format!(
                        "ITEM_NOT_FOUND: catalogs: {} '{}' is not in the catalog as scoped for this user",
                        c.kind, c.id
                    ),
                ));
                continue;
            }
            let request_type = builtin_for(c.kind, body.modifier).unwrap_or("roleGrant");
            if let Some(dup) = tx.open_duplicate(user_id, request_type, &item.id).await? {
                problems.push(format!(
                    "DUPLICATED: request {dup} for {} '{}' is already in progress for this user",
                    c.kind, item.name
                ));
            }
            let held = catalog::holds(tx.conn(), user_id, c.kind, &item.id).await?;
            if body.modifier == "add" && held {
                problems.push(format!(
                    "ALREADY_ASSIGNED: the user already holds {} '{}'",
                    c.kind, item.name
                ));
            } else if body.modifier == "remove" && !held {
                problems.push(format!(
                    "NOT_ASSIGNED: the user does not hold {} '{}'",
                    c.kind, item.name
                ));
            }
            if let Some(form) = &t.form {
                let values = Value::Object(c.form.clone().unwrap_or_default());
                if let Err(errs) = validate_submission(form, &values) {
                    let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
                    problems.push(format!(
                        "FORM_INVALID: catalogs[{}/{}].data.form: {}",
                        c.kind,
                        c.id,
                        text.join("; ")
                    ));
                }
            }
            if !problems.is_empty() {
                errors.extend(problems.into_iter().map(|p| refuse(user_id, p)));
                continue;
            }
            let r = build(body, c, item, request_type, &requester, &user, &approvers, &now)?;
            if let Some(change) = create {
                tx.insert(
                    &r,
                    &store::Keys {
                        item_type: c.kind,
                        item_id: &item.id,
                    },
                    change,
                )
                .await?;
            }
            result.push(r);
        }
    }
    if create.is_some() {
        tx.commit().await?;
        for r in &result {
            tracing::info!(request_id = %r.id, request_type = %r.request_type, user = %r.user.id, by = %caller.identity_id, "access request created");
        }
    }
    Ok((result, errors))
}

// ---------------------------------------------------------------------------------------
// One request

/// Whether the caller may read a request: an ORG_ADMIN, its requester, its target user
/// or one of its actors.
pub fn may_read(caller: &Caller, r: &Request) -> bool {
    caller.is_org_admin()
        || r.requester.id == caller.identity_id
        || r.user.id == caller.identity_id
        || r.is_actor(&caller.identity_id)
}

pub fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("access request '{id}' was not found"))
}

async fn get_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    let r = store::get(&state.db, &id).await?.ok_or_else(|| not_found(&id))?;
    if !may_read(&caller, &r) {
        return Err(ApiError::Forbidden(format!(
            "access request '{id}' is neither yours, for you, nor waiting on you"
        )));
    }
    Ok(with_etag(&r, r.rev))
}
