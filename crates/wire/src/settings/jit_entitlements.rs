//! The entitlements the JIT activation policy can name, as its editor looks them up:
//! `GET /gatehouse/v1/jit-activation/entitlements?search=&ids=&limit=` (Gatehouse's own).
//! The IGA catalog is not enough: privileged entitlements, the ones JIT is for, are
//! usually not requestable, so a POLICY_ADMIN would not find them there.

use serde::{Deserialize, Serialize};

/// One entitlement, with its source's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JitEntitlement {
    pub id: String,
    pub name: String,
    pub source_name: String,
    pub privileged: bool,
    pub requestable: bool,
}

/// The most a look-up answers.
pub const JIT_ENTITLEMENTS_MAX: i64 = 50;
