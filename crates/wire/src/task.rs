//! Long work on the wire: `TaskStatus` (invite), `TaskResultResponse` (process) and
//! `IdentitySyncJob` (synchronize), read back through `/v2024/task-status/{id}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::identity::Ref;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskStatusMessage {
    #[serde(rename = "type")]
    pub kind: String,
    pub localized_text: Option<Value>,
    pub key: String,
    pub parameters: Vec<Value>,
}

/// `TaskReturnDetails`: which attribute of the task holds a result, and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskReturnDetails {
    pub name: String,
    pub attribute_name: String,
}

/// `TaskStatus` as the official spec defines it (every required field present).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskStatus {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub unique_name: String,
    pub description: String,
    pub parent_name: Option<String>,
    pub launcher: String,
    pub target: Option<Ref>,
    pub created: String,
    pub modified: Option<String>,
    pub launched: Option<String>,
    pub completed: Option<String>,
    pub completion_status: Option<String>,
    pub messages: Vec<TaskStatusMessage>,
    pub returns: Vec<TaskReturnDetails>,
    pub attributes: Map<String, Value>,
    pub progress: Option<String>,
    pub percent_complete: i64,
}

impl TaskStatus {
    pub fn is_finished(&self) -> bool {
        self.completed.is_some()
    }
}

/// `TaskResultResponse` (the answer of process).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskResultResponse {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncPayload {
    #[serde(rename = "type")]
    pub kind: String,
    /// A [`SyncData`], as JSON text.
    pub data_json: String,
}

/// What `SyncPayload.dataJson` holds for `SYNCHRONIZE_IDENTITY_ATTRIBUTES`: `{identityId}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncData {
    pub identity_id: String,
}

/// `IdentitySyncJob` (the answer of synchronize-attributes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySyncJob {
    pub id: String,
    pub status: String,
    pub payload: SyncPayload,
}
