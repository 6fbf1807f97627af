//! Sources (`GET /v3/sources`) and their provisioning policies
//! (`/v3/sources/{sourceId}/provisioning-policies`), and Gatehouse's history of policy
//! changes (`/gatehouse/v1/sources/{sourceId}/provisioning-policies/history`).
//!
//! A policy travels with its revision (the `ETag`): a change goes with `If-Match`, so a
//! change made meanwhile by someone else is a 412 ([`ApiError::Conflict`]).

use gatehouse_wire::provisioning::{ProvisioningPolicyDto, UsageType};
use gatehouse_wire::settings::ProvisioningPolicyChange;
use json_patch::Patch;
use serde::Deserialize;

use super::settings::{send_versioned, Versioned};
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

fn policy_path(source_id: &str, usage: UsageType) -> String {
    format!("{}/{}", policies_path(source_id), usage.as_str())
}

fn json_body<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Server(e.to_string()))
}

fn versioned((body, etag): (serde_json::Value, Option<String>)) -> Result<Versioned<ProvisioningPolicyDto>, ApiError> {
    let doc = serde_json::from_value(body).map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))?;
    Ok(Versioned { doc, etag })
}

/// `GET /v3/sources/{sourceId}/provisioning-policies/{usageType}`, with its ETag.
pub async fn policy(
    client: &Client,
    source_id: &str,
    usage: UsageType,
) -> Result<Versioned<ProvisioningPolicyDto>, ApiError> {
    versioned(send_versioned(client, client.get(&policy_path(source_id, usage)).build()).await?)
}

/// `GET /v3/sources/{sourceId}/provisioning-policies`.
pub async fn policies(client: &Client, source_id: &str) -> Result<Vec<ProvisioningPolicyDto>, ApiError> {
    client.send_json(client.get(&policies_path(source_id)).build()).await
}

/// `POST /v3/sources/{sourceId}/provisioning-policies` (201), with its ETag.
pub async fn create_policy(
    client: &Client,
    source_id: &str,
    policy: &ProvisioningPolicyDto,
) -> Result<Versioned<ProvisioningPolicyDto>, ApiError> {
    let request = client
        .post(&policies_path(source_id))
        .header("Content-Type", "application/json")
        .body(json_body(policy)?);
    versioned(send_versioned(client, request).await?)
}

/// `PATCH /v3/sources/{sourceId}/provisioning-policies/{usageType}` with a JSON Patch and
/// `If-Match: etag` when there is one; answers the policy with its new ETag.
pub async fn patch_policy(
    client: &Client,
    source_id: &str,
    usage: UsageType,
    etag: Option<&str>,
    operations: &Patch,
) -> Result<Versioned<ProvisioningPolicyDto>, ApiError> {
    let mut builder = client
        .patch(&policy_path(source_id, usage))
        .header("Content-Type", "application/json-patch+json");
    if let Some(etag) = etag {
        builder = builder.header("If-Match", etag);
    }
    versioned(send_versioned(client, builder.body(json_body(operations)?)).await?)
}

/// `DELETE /v3/sources/{sourceId}/provisioning-policies/{usageType}` (204), with
/// `If-Match: etag` when there is one.
pub async fn delete_policy(
    client: &Client,
    source_id: &str,
    usage: UsageType,
    etag: Option<&str>,
) -> Result<(), ApiError> {
    let mut builder = client.delete(&policy_path(source_id, usage));
    if let Some(etag) = etag {
        builder = builder.header("If-Match", etag);
    }
    client.send(builder.build()).await.map(|_| ())
}

/// `limit` policy changes of a source from `offset`, newest first, and how many there are.
pub async fn policy_history(
    client: &Client,
    source_id: &str,
    limit: u32,
    offset: u64,
) -> Result<(Vec<ProvisioningPolicyChange>, Option<u64>), ApiError> {
    let response = client
        .send(
            client
                .get(&format!(
                    "/gatehouse/v1/sources/{}/provisioning-policies/history",
                    js_sys::encode_uri_component(source_id)
                ))
                .query([("limit", limit.to_string()), ("offset", offset.to_string())])
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
