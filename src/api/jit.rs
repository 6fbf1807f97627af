//! The JIT activation policy (`/jit-activation-config/v1/policy`): read with its ETag,
//! changed with a list of `replace` operations (`application/json`) and `If-Match`; and
//! the entitlement look-ups its picker needs (Gatehouse's own endpoint: privileged
//! entitlements are usually not requestable, so the IGA catalog hides them).

use gatehouse_wire::settings::jit_entitlements::JitEntitlement;
use gatehouse_wire::settings::{JitAccessOperation, JitActivationConfig};
use serde_json::Value;

use super::settings::{send_versioned, Versioned};
use super::{ApiError, Client};

const POLICY: &str = "/jit-activation-config/v1/policy";

fn decode(value: Value) -> Result<JitActivationConfig, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))
}

/// `GET /jit-activation-config/v1/policy`; [`ApiError::NotFound`] until a policy is stored.
pub async fn get(client: &Client) -> Result<Versioned<JitActivationConfig>, ApiError> {
    let (body, etag) = send_versioned(client, client.get(POLICY).build()).await?;
    Ok(Versioned {
        doc: decode(body)?,
        etag,
    })
}

/// `PATCH /jit-activation-config/v1/policy` with replace operations, `If-Match: etag`.
pub async fn patch(
    client: &Client,
    etag: Option<&str>,
    operations: &[JitAccessOperation],
) -> Result<Versioned<JitActivationConfig>, ApiError> {
    let mut builder = client.patch(POLICY).header("Content-Type", "application/json");
    if let Some(etag) = etag {
        builder = builder.header("If-Match", etag);
    }
    let body = serde_json::to_string(operations).map_err(|e| ApiError::Server(e.to_string()))?;
    let (body, etag) = send_versioned(client, builder.body(body)).await?;
    Ok(Versioned {
        doc: decode(body)?,
        etag,
    })
}

const ENTITLEMENTS: &str = "/gatehouse/v1/jit-activation/entitlements";

/// Entitlements whose name contains `text` (ten at most, privileged first).
pub async fn search_entitlements(client: &Client, text: &str) -> Result<Vec<JitEntitlement>, ApiError> {
    let request = client
        .get(ENTITLEMENTS)
        .query([("search", text.trim()), ("limit", "10")])
        .build();
    client.send_json(request).await
}

/// The entitlements with these ids that exist (for their names).
pub async fn entitlements_by_id(client: &Client, ids: &[String]) -> Result<Vec<JitEntitlement>, ApiError> {
    let ids = ids.join(",");
    let request = client.get(ENTITLEMENTS).query([("ids", ids.as_str())]).build();
    client.send_json(request).await
}
