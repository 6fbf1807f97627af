//! The audit trails of access requests and of the IGA configuration (Gatehouse's own,
//! like the settings history): `GET /gatehouse/v1/requests/{id}/history` and
//! `GET /gatehouse/v1/iga-config/history`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::settings::ChangedBy;

/// What changed a request: its creation (`create`, or `publish` of a request type), an
/// action (`approve`, `reject`, `cancel`, `comment`, `reassign`, `modify`, `update`),
/// or a `put` / `patch` of what it asks for.
pub const REQUEST_CHANGES: [&str; 11] = [
    "create", "publish", "approve", "reject", "cancel", "comment", "reassign", "modify", "update", "put", "patch",
];

/// One change of an access request, written in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestChange {
    pub id: i64,
    pub request_id: String,
    /// The request's `_rev` after the change.
    pub rev: i64,
    pub changed: String,
    pub changed_by: ChangedBy,
    /// One of [`REQUEST_CHANGES`].
    pub action: String,
    /// What the caller sent: the create or publish body, the action's body (`null` when
    /// empty), the `PUT` body or the `PATCH` operations.
    pub body: Value,
    /// The request before the change; `null` for a new one.
    pub before: Option<Value>,
    /// The request after the change.
    pub after: Value,
}

/// One change of the IGA configuration (`PUT /iga/commons/config[/{category}]`),
/// written in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IgaConfigChange {
    pub id: i64,
    /// The configuration's revision after the change.
    pub rev: i64,
    pub changed: String,
    pub changed_by: ChangedBy,
    /// The category replaced (`iga_access_request`, `iga_global`); `null` when the
    /// whole configuration was.
    pub category: Option<String>,
    /// The body that was sent.
    pub body: Value,
    /// The whole configuration before and after the change.
    pub before: Value,
    pub after: Value,
}
