//! Sources (`GET /v3/sources`) and their provisioning policies
//! (`/v3/sources/{sourceId}/provisioning-policies`), and Gatehouse's history of policy
//! changes (`/gatehouse/v1/sources/{sourceId}/provisioning-policies/history`).

use gatehouse_wire::provisioning::{ProvisioningPolicyDto, UsageType};
use gatehouse_wire::settings::ProvisioningPolicyChange;
use json_patch::Patch;
use serde::Deserialize;

use super::{ApiError, Client};

/// The part of a source the portal shows (the rest of the document is ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SourceName {
    pub id: String,
    pub name: String,
}

/// `GET /v3/sources`.
pub async fn list(client: &Client) -> Result<Vec<SourceName>, ApiError> {
    client.send_json(client.get("/v3/sources").build()).await
}

fn policies_path(source_id: &str) -> String {
    format!(
        "/v3/sources/{}/provisioning-policies",
        js_sys::encode_uri_component(source_id)
    )
}

fn json_body<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Server(e.to_string()))
}

/// `GET /v3/sources/{sourceId}/provisioning-policies`.
pub async fn policies(client: &Client, source_id: &str) -> Result<Vec<ProvisioningPolicyDto>, ApiError> {
    client.send_json(client.get(&policies_path(source_id)).build()).await
}

/// `POST /v3/sources/{sourceId}/provisioning-policies` (201).
pub async fn create_policy(
    client: &Client,
    source_id: &str,
    policy: &ProvisioningPolicyDto,
) -> Result<ProvisioningPolicyDto, ApiError> {
    let request = client
        .post(&policies_path(source_id))
        .header("Content-Type", "application/json")
        .body(json_body(policy)?);
    client.send_json(request).await
}

/// `PATCH /v3/sources/{sourceId}/provisioning-policies/{usageType}` with a JSON Patch.
pub async fn patch_policy(
    client: &Client,
    source_id: &str,
    usage: UsageType,
    operations: &Patch,
) -> Result<ProvisioningPolicyDto, ApiError> {
    let request = client
        .patch(&format!("{}/{}", policies_path(source_id), usage.as_str()))
        .header("Content-Type", "application/json-patch+json")
        .body(json_body(operations)?);
    client.send_json(request).await
}

/// `DELETE /v3/sources/{sourceId}/provisioning-policies/{usageType}` (204).
pub async fn delete_policy(client: &Client, source_id: &str, usage: UsageType) -> Result<(), ApiError> {
    client
        .send(
            client
                .delete(&format!("{}/{}", policies_path(source_id), usage.as_str()))
                .build(),
        )
        .await
        .map(|_| ())
}

/// The latest `limit` policy changes of a source, newest first, and how many there are.
pub async fn policy_history(
    client: &Client,
    source_id: &str,
    limit: u32,
) -> Result<(Vec<ProvisioningPolicyChange>, Option<u64>), ApiError> {
    let response = client
        .send(
            client
                .get(&format!(
                    "/gatehouse/v1/sources/{}/provisioning-policies/history",
                    js_sys::encode_uri_component(source_id)
                ))
                .query([("limit", limit.to_string())])
                .build(),
        )
        .await?;
    let total = response.headers().get("x-total-count").and_then(|v| v.parse().ok());
    let items = response
        .json::<Vec<ProvisioningPolicyChange>>()
        .await
        .map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))?;
    Ok((items, total))
}
