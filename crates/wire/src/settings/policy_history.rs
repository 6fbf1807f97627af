//! The audit trail of provisioning policies (Gatehouse's own, like the settings
//! history): `GET /gatehouse/v1/sources/{sourceId}/provisioning-policies/history`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ChangedBy;

/// One stored change of a source's provisioning policy, written in the same
/// transaction as the change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisioningPolicyChange {
    pub id: i64,
    pub source_id: String,
    /// The policy's usage type (`CREATE`, ...).
    pub usage_type: String,
    pub changed: String,
    pub changed_by: ChangedBy,
    /// `POST` (created), `PUT` (replaced), `PATCH`, `DELETE` or `BULK_UPDATE`.
    pub method: String,
    /// The JSON Patch of a `PATCH`, the stored document of a `POST`/`PUT`/`BULK_UPDATE`,
    /// `null` for a `DELETE`.
    pub patch: Value,
    /// `null` when the source had no policy of that usage type.
    pub before: Option<Value>,
    /// `null` after a `DELETE`.
    pub after: Option<Value>,
}
