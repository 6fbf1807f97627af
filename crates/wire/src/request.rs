//! PingOne AIC IGA access requests (seed 002): the IGA configuration that governs them
//! (`iga_access_request`, `iga_global`), the built-in request types, the `Request`
//! document with its `decision`, the pure rules of the default workflow (who is an
//! active actor, what an action needs), and the audit entries of requests and of the
//! configuration ([`RequestChange`], [`IgaConfigChange`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::request_schema::{SchemaProperty, Schemas};

mod history;

pub use history::{IgaConfigChange, RequestChange, REQUEST_CHANGES};

// ---------------------------------------------------------------------------------------
// IGA configuration

/// `iga_access_request`: how requests and decisions behave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessRequestConfig {
    pub require_request_justification: bool,
    pub require_reject_justification: bool,
    pub require_approve_justification: bool,
    pub prevent_request_with_violation: bool,
    pub require_request_justification_with_violation: bool,
    /// `managed/role/<id>` or empty: who approves when the target has no manager.
    pub default_approver: String,
    pub allow_self_approval: bool,
}

impl AccessRequestConfig {
    /// The role id of `defaultApprover`, if one is set.
    pub fn default_approver_role(&self) -> Option<&str> {
        self.default_approver
            .strip_prefix(ROLE_REF_PREFIX)
            .filter(|id| !id.is_empty())
    }
}

/// Gatehouse's `GET /gatehouse/v1/access-request-rules`: the part of `iga_access_request`
/// that decides what a requester and an approver must do, for every signed-in person
/// (the configuration itself is for admins only, yet an approver without an admin level
/// needs to know whether a rejection needs a justification).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessRequestRules {
    pub require_request_justification: bool,
    pub require_approve_justification: bool,
    pub require_reject_justification: bool,
    pub allow_self_approval: bool,
}

impl From<&AccessRequestConfig> for AccessRequestRules {
    fn from(c: &AccessRequestConfig) -> Self {
        AccessRequestRules {
            require_request_justification: c.require_request_justification,
            require_approve_justification: c.require_approve_justification,
            require_reject_justification: c.require_reject_justification,
            allow_self_approval: c.allow_self_approval,
        }
    }
}

impl AccessRequestRules {
    /// What is wrong with a request's justification under these rules, if anything.
    pub fn request_justification_problem(&self, justification: &str) -> Option<String> {
        (self.require_request_justification && justification.trim().is_empty())
            .then(|| format!("justification is required ({ACCESS_REQUEST}.requireRequestJustification)"))
    }
}

/// `iga_global`: settings across IGA.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GlobalConfig {
    pub enable_scoping: bool,
}

/// Every IGA configuration category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgaConfig {
    pub iga_access_request: AccessRequestConfig,
    pub iga_global: GlobalConfig,
}

pub const ACCESS_REQUEST: &str = "iga_access_request";
pub const GLOBAL: &str = "iga_global";
pub const ROLE_REF_PREFIX: &str = "managed/role/";

const ACCESS_REQUEST_BOOLS: [&str; 6] = [
    "requireRequestJustification",
    "requireRejectJustification",
    "requireApproveJustification",
    "preventRequestWithViolation",
    "requireRequestJustificationWithViolation",
    "allowSelfApproval",
];

/// The message IGA answers for a key it does not know.
pub fn not_a_key(key: &str) -> String {
    format!("{key} is not a valid IGA config key.")
}

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object().ok_or_else(|| format!("{at} must be an object"))
}

fn boolean(map: &Map<String, Value>, key: &str, at: &str) -> Result<bool, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("{at}.{key} must be true or false")),
    }
}

/// Reads one category's document (omitted keys take their defaults).
pub fn parse_category(category: &str, v: &Value) -> Result<Value, String> {
    let map = object(v, category)?;
    match category {
        ACCESS_REQUEST => {
            if let Some(k) = map
                .keys()
                .find(|k| !ACCESS_REQUEST_BOOLS.contains(&k.as_str()) && *k != "defaultApprover")
            {
                return Err(not_a_key(k));
            }
            let default_approver = match map.get("defaultApprover") {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => {
                    let s = s.trim();
                    if !s.is_empty() && s.strip_prefix(ROLE_REF_PREFIX).is_none_or(str::is_empty) {
                        return Err(format!(
                            "{category}.defaultApprover must be a role reference such as managed/role/<id>, got '{s}'"
                        ));
                    }
                    s.to_string()
                }
                Some(_) => return Err(format!("{category}.defaultApprover must be a string")),
            };
            let b = |k: &str| boolean(map, k, category);
            let c = AccessRequestConfig {
                require_request_justification: b("requireRequestJustification")?,
                require_reject_justification: b("requireRejectJustification")?,
                require_approve_justification: b("requireApproveJustification")?,
                prevent_request_with_violation: b("preventRequestWithViolation")?,
                require_request_justification_with_violation: b("requireRequestJustificationWithViolation")?,
                default_approver,
                allow_self_approval: b("allowSelfApproval")?,
            };
            serde_json::to_value(c).map_err(|e| e.to_string())
        }
        GLOBAL => {
            if let Some(k) = map.keys().find(|k| *k != "enableScoping") {
                return Err(not_a_key(k));
            }
            let c = GlobalConfig {
                enable_scoping: boolean(map, "enableScoping", category)?,
            };
            serde_json::to_value(c).map_err(|e| e.to_string())
        }
        other => Err(not_a_key(other)),
    }
}

/// Reads a whole configuration (omitted categories and keys take their defaults).
pub fn parse_config(v: &Value) -> Result<IgaConfig, String> {
    let map = object(v, "the configuration")?;
    if let Some(k) = map.keys().find(|k| *k != ACCESS_REQUEST && *k != GLOBAL) {
        return Err(not_a_key(k));
    }
    let empty = Value::Object(Map::new());
    let ar = parse_category(ACCESS_REQUEST, map.get(ACCESS_REQUEST).unwrap_or(&empty))?;
    let gl = parse_category(GLOBAL, map.get(GLOBAL).unwrap_or(&empty))?;
    Ok(IgaConfig {
        iga_access_request: serde_json::from_value(ar).map_err(|e| e.to_string())?,
        iga_global: serde_json::from_value(gl).map_err(|e| e.to_string())?,
    })
}

// ---------------------------------------------------------------------------------------
// Request types

/// The built-in request types every tenant has (they cannot be deleted).
pub const BUILTIN_REQUEST_TYPES: [&str; 6] = [
    "applicationGrant",
    "applicationRemove",
    "entitlementGrant",
    "entitlementRemove",
    "roleGrant",
    "roleRemove",
];

/// The catalog kind (`application`, `entitlement`, `role`) and modifier (`add`,
/// `remove`) of a built-in request type.
pub fn builtin_parts(id: &str) -> Option<(&'static str, &'static str)> {
    Some(match id {
        "applicationGrant" => ("application", "add"),
        "applicationRemove" => ("application", "remove"),
        "entitlementGrant" => ("entitlement", "add"),
        "entitlementRemove" => ("entitlement", "remove"),
        "roleGrant" => ("role", "add"),
        "roleRemove" => ("role", "remove"),
        _ => return None,
    })
}

/// The built-in request type for a catalog kind and modifier.
pub fn builtin_for(kind: &str, modifier: &str) -> Option<&'static str> {
    BUILTIN_REQUEST_TYPES
        .iter()
        .copied()
        .find(|id| builtin_parts(id) == Some((kind, modifier)))
}

/// The workflow a request type runs: `{id, type}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRef {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// A request type's `validation`: `{source}` (the script IGA runs; empty for the built-ins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeValidation {
    pub source: String,
}

/// A request type's document as a built-in is written (without `_rev`): `{id,
/// displayName, schemas, workflow, validation, uniqueKeys, notModifiableProperties,
/// custom}`. Custom types are kept as the admin sent them, so a stored type is read as
/// JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestTypeDoc {
    pub id: String,
    pub display_name: String,
    pub schemas: Schemas,
    pub workflow: WorkflowRef,
    pub validation: TypeValidation,
    pub unique_keys: Vec<String>,
    pub not_modifiable_properties: Vec<String>,
    pub custom: bool,
}

fn prop(name: &str, display: &str, kind: &str, required: bool) -> SchemaProperty {
    SchemaProperty::new(name, display, kind, required)
}

/// A built-in request type's document.
pub fn builtin_request_type(id: &str) -> Option<RequestTypeDoc> {
    let (kind, modifier) = builtin_parts(id)?;
    let id_field = format!("{kind}Id");
    let verb = if modifier == "add" { "Grant" } else { "Remove" };
    let noun = match kind {
        "application" => "Application",
        "entitlement" => "Entitlement",
        _ => "Role",
    };
    Some(RequestTypeDoc {
        id: id.into(),
        display_name: format!("{verb} {noun}"),
        schemas: Schemas {
            common: vec![
                prop(&id_field, &format!("{noun} ID"), "text", true),
                prop("userId", "User ID", "text", true),
                prop("justification", "Justification", "text", false),
                prop("priority", "Priority", "text", false),
                prop("startDate", "Start date", "date", false),
                prop("endDate", "End date", "date", false),
                prop("externalRequestId", "External request ID", "text", false),
                prop("isDraft", "Draft", "boolean", false),
            ],
            custom: Vec::new(),
        },
        workflow: WorkflowRef {
            id: format!("Basic{noun}{verb}"),
            kind: "bpmn".into(),
        },
        validation: TypeValidation::default(),
        unique_keys: vec!["common.userId".into(), format!("common.{id_field}")],
        not_modifiable_properties: Vec::new(),
        custom: false,
    })
}

// ---------------------------------------------------------------------------------------
// The Request document

/// A person on a request (`requester`, `user`, comment authors, `completedBy`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRef {
    pub id: String,
    pub user_name: String,
    pub given_name: String,
    pub sn: String,
    pub mail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_status: Option<String>,
}

/// What an actor may do in a phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Permissions {
    pub approve: bool,
    pub reject: bool,
    pub reassign: bool,
    pub modify: bool,
    pub comment: bool,
    pub cancel: bool,
}

impl Permissions {
    /// An approver of the default workflow: everything but cancel (the requester's).
    pub const APPROVER: Permissions = Permissions {
        approve: true,
        reject: true,
        reassign: true,
        modify: true,
        comment: true,
        cancel: false,
    };

    /// Whether the permission named by an action is granted.
    pub fn allows(&self, action: &str) -> bool {
        match action {
            "approve" => self.approve,
            "reject" => self.reject,
            "reassign" => self.reassign,
            "modify" | "update" => self.modify,
            "comment" => self.comment,
            "cancel" => self.cancel,
            _ => false,
        }
    }
}

/// One actor of a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub id: String,
    pub user_name: String,
    pub given_name: String,
    pub sn: String,
    pub mail: Option<String>,
    pub phase: String,
    pub permissions: Permissions,
}

impl Actor {
    pub fn new(user: &UserRef, phase: &str, permissions: Permissions) -> Actor {
        Actor {
            id: user.id.clone(),
            user_name: user.user_name.clone(),
            given_name: user.given_name.clone(),
            sn: user.sn.clone(),
            mail: user.mail.clone(),
            phase: phase.to_string(),
            permissions,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actors {
    pub active: Vec<Actor>,
    pub inactive: Vec<Actor>,
}

/// One entry of `decision.comments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub time_stamp: String,
    pub user: UserRef,
    pub comment: String,
    /// `comment`, `reassign`, `failure`, or the decision taken (`approve`, `reject`, `cancel`).
    pub action: String,
    pub phase: Option<String>,
}

/// One phase of the workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub name: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub decision: Option<String>,
    pub start_date: String,
    pub completion_date: Option<String>,
    pub justification: Option<String>,
    pub completed_by: Option<UserRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// `in-progress`, `complete`, `cancelled`, `suspended`.
    pub status: String,
    /// `approved`, `rejected` or null.
    pub decision: Option<String>,
    /// `provisioned`, `not provisioned`, `denied`, `fulfilled`, `cancelled` or null.
    pub outcome: Option<String>,
    pub start_date: String,
    pub completion_date: Option<String>,
    pub deadline: Option<String>,
    pub comments: Vec<Comment>,
    pub actors: Actors,
    pub phases: Vec<Phase>,
    /// Gatehouse: an actor asked the requester for more information.
    #[serde(default)]
    pub awaiting_requester: bool,
}

pub const STATUS_IN_PROGRESS: &str = "in-progress";
pub const STATUS_COMPLETE: &str = "complete";
pub const STATUS_CANCELLED: &str = "cancelled";
/// The one phase of the default workflow.
pub const APPROVAL_PHASE: &str = "approvalPhase";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestMetadata {
    pub created_date: String,
    pub modified_date: String,
}

/// A request's `request` object as a create or a publish writes it: `{common, custom,
/// _rev}`. `common` is a [`RequestCommon`] for a catalog request and the properties sent
/// (with their defaults) for a custom type's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestContent<C = Map<String, Value>> {
    pub common: C,
    /// The custom type's properties (free-form: its schema says what they are).
    pub custom: Map<String, Value>,
    #[serde(rename = "_rev")]
    pub rev: i64,
}

/// `request.common` as a create writes it (API.md "Request shape"). A change to the
/// request (modify, PUT, PATCH) may later add what its type's schema allows, so a stored
/// request's `common` is read as JSON ([`Request::request`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestCommon {
    /// `low`, `medium` or `high`.
    pub priority: String,
    pub justification: Option<String>,
    pub user_id: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub is_draft: bool,
    /// `add` or `remove`.
    pub access_modifier: String,
    pub blob: RequestBlob,
    /// The catalog item: exactly one of the three ids is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlement_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_request_id: Option<String>,
    /// An ISO 8601 date-time or a number, as the requester sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<Value>,
}

/// `request.common.blob`: the values of the catalog item's form (free-form, checked
/// against the form's rules).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestBlob {
    #[serde(default)]
    pub form: Map<String, Value>,
}

/// An access request as the API answers it. `request` (`{common, custom, _rev}`) and the
/// catalog objects are kept as JSON: they carry what the requester and the catalog put
/// there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub id: String,
    pub request_type: String,
    pub requester: UserRef,
    pub user: UserRef,
    pub request: Value,
    pub application: Option<Value>,
    #[serde(default)]
    pub application_owner: Vec<UserRef>,
    pub entitlement: Option<Value>,
    #[serde(default)]
    pub entitlement_owner: Vec<UserRef>,
    pub role: Option<Value>,
    #[serde(default)]
    pub role_owner: Vec<UserRef>,
    pub decision: Decision,
    pub metadata: RequestMetadata,
    #[serde(rename = "_rev")]
    pub rev: i64,
}

impl Request {
    pub fn is_open(&self) -> bool {
        self.decision.status == STATUS_IN_PROGRESS
    }

    /// The active actor entry of an identity, if it is one.
    pub fn active_actor(&self, identity_id: &str) -> Option<&Actor> {
        self.decision.actors.active.iter().find(|a| a.id == identity_id)
    }

    /// Whether an identity is (or was) an actor.
    pub fn is_actor(&self, identity_id: &str) -> bool {
        self.decision
            .actors
            .active
            .iter()
            .chain(&self.decision.actors.inactive)
            .any(|a| a.id == identity_id)
    }

    /// Moves every active actor to inactive (the request is decided).
    pub fn retire_actors(&mut self) {
        let active = std::mem::take(&mut self.decision.actors.active);
        for a in active {
            if !self.decision.actors.inactive.contains(&a) {
                self.decision.actors.inactive.push(a);
            }
        }
    }

    /// The phase in progress, if any.
    pub fn current_phase_mut(&mut self) -> Option<&mut Phase> {
        self.decision.phases.iter_mut().find(|p| p.status == STATUS_IN_PROGRESS)
    }

    /// Ends the request: the phase and the decision get their outcome and date.
    pub fn finish(
        &mut self,
        decision: Option<&str>,
        outcome: &str,
        status: &str,
        by: &UserRef,
        justification: Option<String>,
        now: &str,
    ) {
        if let Some(p) = self.current_phase_mut() {
            p.status = status.to_string();
            p.decision = decision.map(str::to_string);
            p.completion_date = Some(now.to_string());
            p.justification = justification;
            p.completed_by = Some(by.clone());
        }
        self.decision.status = status.to_string();
        self.decision.decision = decision.map(str::to_string);
        self.decision.outcome = Some(outcome.to_string());
        self.decision.completion_date = Some(now.to_string());
        self.decision.awaiting_requester = false;
        self.retire_actors();
    }
}

/// One `errors[]` entry of a create or validate: a user × catalog item pairing that
/// breaks a rule (`error` starts with its code, e.g. `DUPLICATED: ...`). Its fields, like
/// [`ValidateAnswer`]'s, are declared in the order the answer has always had them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserError {
    pub error: String,
    #[serde(default)]
    pub user_id: String,
}

/// What `POST /iga/governance/requests?_action=validate|create` answers: the requests
/// made (or that a create would make) and the pairings that break a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidateAnswer {
    #[serde(default)]
    pub errors: Vec<UserError>,
    #[serde(default)]
    pub result: Vec<Request>,
}

// ---------------------------------------------------------------------------------------
// Request dates

/// A broken rule of a request's `startDate` / `endDate`, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateProblem {
    /// `startDate` or `endDate`.
    pub field: &'static str,
    pub message: String,
}

/// Seconds since 1970-01-01 of a `YYYY-MM-DD` date (midnight UTC) or an ISO 8601
/// date-time `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`; `None` for anything else.
pub fn instant_seconds(s: &str) -> Option<i64> {
    instant(s).map(|(secs, _)| secs)
}

/// The instant [`instant_seconds`] reads, with the fraction of its second kept as
/// nanoseconds (digits beyond the ninth are dropped): `(seconds, nanoseconds)`.
pub fn instant(s: &str) -> Option<(i64, u32)> {
    let s = s.trim();
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    if !crate::form::is_date(date) {
        return None;
    }
    let num = |t: &str| t.parse::<i64>().ok();
    let (y, m, d) = (num(&date[0..4])?, num(&date[5..7])?, num(&date[8..10])?);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let Some(time) = time else {
        return Some((days * 86_400, 0));
    };
    let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (c, o) = time.split_at(at);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let (oh, om) = o[1..].split_once(':')?;
        if oh.len() != 2 || om.len() != 2 {
            return None;
        }
        let (oh, om) = (num(oh)?, num(om)?);
        if oh > 23 || om > 59 {
            return None;
        }
        (c, sign * (oh * 3600 + om * 60))
    };
    let mut parts = clock.split(':');
    let two = |t: Option<&str>| {
        t.filter(|t| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(num)
    };
    let h = two(parts.next())?;
    let mi = two(parts.next())?;
    let (sec, nanos) = match parts.next() {
        None => (0, 0),
        Some(t) => match t.split_once('.') {
            None => (two(Some(t))?, 0),
            Some((whole, frac)) => {
                if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let nanos = frac
                    .bytes()
                    .chain(std::iter::repeat(b'0'))
                    .take(9)
                    .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
                (two(Some(whole))?, nanos)
            }
        },
    };
    if parts.next().is_some() || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some((days * 86_400 + h * 3600 + mi * 60 + sec - offset, nanos))
}

/// The rule of a request's dates, the same in the cart and on the server: each is
/// empty or a date / ISO 8601 date-time, and an end comes strictly after a start.
pub fn check_request_dates(start: &str, end: &str) -> Result<(), DateProblem> {
    let read = |field: &'static str, s: &str| -> Result<Option<i64>, DateProblem> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        instant_seconds(s).map(Some).ok_or_else(|| DateProblem {
            field,
            message: format!(
                "{field} must be a date such as 2026-03-01 or a date-time such as 2026-03-01T12:00:00Z, got '{s}'"
            ),
        })
    };
    let (s, e) = (read("startDate", start)?, read("endDate", end)?);
    match (s, e) {
        (Some(s_at), Some(e_at)) if e_at <= s_at => Err(DateProblem {
            field: "endDate",
            message: format!("endDate {} must be after startDate {}", end.trim(), start.trim()),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_rules_everyone_reads_follow_the_configuration() {
        let c = AccessRequestConfig {
            require_request_justification: true,
            require_reject_justification: true,
            default_approver: "managed/role/r1".into(),
            prevent_request_with_violation: true,
            ..Default::default()
        };
        let r = AccessRequestRules::from(&c);
        assert!(r.require_request_justification && r.require_reject_justification);
        assert!(!r.require_approve_justification && !r.allow_self_approval);
        let wire = serde_json::to_value(r).unwrap();
        assert_eq!(
            wire,
            json!({"requireRequestJustification": true, "requireApproveJustification": false,
                   "requireRejectJustification": true, "allowSelfApproval": false}),
            "nothing but the rules: no approver, no violation settings"
        );
        assert!(r
            .request_justification_problem("  ")
            .unwrap()
            .contains("requireRequestJustification"));
        assert_eq!(r.request_justification_problem("travel"), None);
        assert_eq!(AccessRequestRules::default().request_justification_problem(""), None);
    }

    #[test]
    fn config_categories_take_defaults_and_refuse_unknown_keys() {
        let c = parse_config(&json!({"iga_access_request": {"allowSelfApproval": true}})).unwrap();
        assert!(c.iga_access_request.allow_self_approval);
        assert!(!c.iga_access_request.require_request_justification);
        assert!(!c.iga_global.enable_scoping);
        assert_eq!(
            parse_config(&json!({"iga_other": {}})).unwrap_err(),
            "iga_other is not a valid IGA config key."
        );
        assert_eq!(
            parse_category(ACCESS_REQUEST, &json!({"allowSelfApprovals": true})).unwrap_err(),
            "allowSelfApprovals is not a valid IGA config key."
        );
        assert!(parse_category(GLOBAL, &json!({"enableScoping": "yes"}))
            .unwrap_err()
            .contains("iga_global.enableScoping"));
        assert!(parse_category(ACCESS_REQUEST, &json!({"defaultApprover": "role/x"}))
            .unwrap_err()
            .contains("managed/role/"));
        let ok = parse_category(ACCESS_REQUEST, &json!({"defaultApprover": "managed/role/abc"})).unwrap();
        let c: AccessRequestConfig = serde_json::from_value(ok).unwrap();
        assert_eq!(c.default_approver_role(), Some("abc"));
    }

    #[test]
    fn builtins_name_their_kind() {
        for id in BUILTIN_REQUEST_TYPES {
            let (kind, modifier) = builtin_parts(id).unwrap();
            assert_eq!(builtin_for(kind, modifier), Some(id));
            let doc = builtin_request_type(id).unwrap();
            assert_eq!(doc.id, id);
            assert!(!doc.custom);
        }
        assert_eq!(builtin_parts("other"), None);
    }

    #[test]
    fn a_builtin_type_document_has_the_api_shape() {
        let prop = |name: &str, display: &str, kind: &str, required: bool| json!({"name": name, "displayName": display, "type": kind, "required": required, "isMultiValue": false});
        let doc = serde_json::to_value(builtin_request_type("entitlementRemove").unwrap()).unwrap();
        assert_eq!(
            doc,
            json!({
                "id": "entitlementRemove",
                "displayName": "Remove Entitlement",
                "schemas": {
                    "common": [
                        prop("entitlementId", "Entitlement ID", "text", true),
                        prop("userId", "User ID", "text", true),
                        prop("justification", "Justification", "text", false),
                        prop("priority", "Priority", "text", false),
                        prop("startDate", "Start date", "date", false),
                        prop("endDate", "End date", "date", false),
                        prop("externalRequestId", "External request ID", "text", false),
                        prop("isDraft", "Draft", "boolean", false),
                    ],
                    "custom": [],
                },
                "workflow": {"id": "BasicEntitlementRemove", "type": "bpmn"},
                "validation": {"source": ""},
                "uniqueKeys": ["common.userId", "common.entitlementId"],
                "notModifiableProperties": [],
                "custom": false,
            })
        );
        // What the server reads back from it.
        let schemas = Schemas::parse(doc.get("schemas")).unwrap();
        assert_eq!(schemas, builtin_request_type("entitlementRemove").unwrap().schemas);
    }

    #[test]
    fn a_created_request_common_has_nulls_and_absent_keys_as_the_api_says() {
        let mut form = Map::new();
        form.insert("duration".into(), json!("30d"));
        let common = RequestCommon {
            priority: "low".into(),
            justification: None,
            user_id: "u1".into(),
            start_date: None,
            end_date: Some("2026-03-01".into()),
            is_draft: false,
            access_modifier: "add".into(),
            blob: RequestBlob { form },
            application_id: None,
            entitlement_id: None,
            role_id: Some("r1".into()),
            external_request_id: None,
            expiry_date: None,
        };
        let content = RequestContent {
            common,
            custom: Map::new(),
            rev: 1,
        };
        assert_eq!(
            serde_json::to_value(&content).unwrap(),
            json!({"common": {"priority": "low", "justification": null, "userId": "u1", "startDate": null,
                              "endDate": "2026-03-01", "isDraft": false, "accessModifier": "add",
                              "blob": {"form": {"duration": "30d"}}, "roleId": "r1"},
                   "custom": {}, "_rev": 1}),
            "unset dates and justification are null; the other item ids, externalRequestId and expiryDate absent"
        );
        let mut with_all = content.common.clone();
        with_all.external_request_id = Some("HR-7".into());
        with_all.expiry_date = Some(json!(1_767_225_600));
        let v = serde_json::to_value(&with_all).unwrap();
        assert_eq!(
            (&v["externalRequestId"], &v["expiryDate"]),
            (&json!("HR-7"), &json!(1_767_225_600))
        );
    }

    #[test]
    fn a_validate_answer_keeps_its_bytes() {
        let answer = ValidateAnswer {
            errors: vec![UserError {
                error: "USER_NOT_FOUND: user 'x' does not exist".into(),
                user_id: "x".into(),
            }],
            result: Vec::new(),
        };
        let text = serde_json::to_string(&answer).unwrap();
        assert_eq!(
            text,
            r#"{"errors":[{"error":"USER_NOT_FOUND: user 'x' does not exist","userId":"x"}],"result":[]}"#
        );
        assert_eq!(serde_json::from_str::<ValidateAnswer>(&text).unwrap(), answer);
    }

    #[test]
    fn permissions_by_action() {
        assert!(Permissions::APPROVER.allows("approve"));
        assert!(!Permissions::APPROVER.allows("cancel"));
        assert!(!Permissions::default().allows("comment"));
        assert!(!Permissions::APPROVER.allows("dance"));
    }
    #[test]
    fn request_dates_end_after_start() {
        assert_eq!(check_request_dates("", ""), Ok(()));
        assert_eq!(check_request_dates("2026-03-01", ""), Ok(()));
        assert_eq!(check_request_dates("", "2026-03-01"), Ok(()));
        assert_eq!(check_request_dates("2026-03-01", "2026-03-02"), Ok(()));
        let same = check_request_dates("2026-03-01", "2026-03-01").unwrap_err();
        assert_eq!(same.field, "endDate");
        assert_eq!(same.message, "endDate 2026-03-01 must be after startDate 2026-03-01");
        assert_eq!(
            check_request_dates("2026-03-02", "2026-03-01").unwrap_err().field,
            "endDate"
        );
        // Offsets are taken into account: 10:00+02:00 is 08:00Z.
        assert!(check_request_dates("2026-03-01T09:00:00Z", "2026-03-01T10:00:00+02:00").is_err());
        assert!(check_request_dates("2026-03-01T07:00:00Z", "2026-03-01T10:00:00+02:00").is_ok());
        assert!(check_request_dates("2026-03-01", "2026-03-01T00:00:01.5Z").is_ok());
        let bad = check_request_dates("2026-02-30", "").unwrap_err();
        assert_eq!(bad.field, "startDate");
        assert!(bad.message.contains("'2026-02-30'"));
        assert_eq!(check_request_dates("", "soon").unwrap_err().field, "endDate");
    }

    #[test]
    fn instants_count_seconds_since_the_epoch() {
        assert_eq!(instant_seconds("1970-01-01"), Some(0));
        assert_eq!(instant_seconds("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(instant_seconds("2000-03-01"), Some(951_868_800));
        assert_eq!(instant_seconds("1970-01-01T01:00-01:00"), Some(7200));
        for bad in [
            "",
            "2026-1-01",
            "2026-01-01T",
            "2026-01-01T25:00Z",
            "2026-01-01T10:00",
            "2026-01-01T10:00+2",
        ] {
            assert_eq!(instant_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants_keep_the_fraction_of_their_second() {
        assert_eq!(instant("1970-01-01T00:00:01.5Z"), Some((1, 500_000_000)));
        assert_eq!(instant("1970-01-01T00:00:01.123456789123Z"), Some((1, 123_456_789)));
        assert_eq!(instant("1970-01-01T01:00:00.000+01:00"), Some((0, 0)));
        assert_eq!(instant("1970-01-02"), Some((86_400, 0)));
        assert_eq!(instant("1970-01-01T00:00:01.Z"), None);
        assert_eq!(instant("1970-01-01T00:00:01.5x"), None);
        assert_eq!(instant_seconds("1970-01-01T00:00:01.999Z"), Some(1));
    }
}
