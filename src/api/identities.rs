//! SailPoint v2024 Identities: one `async fn` per operation. Every call sends
//! `X-SailPoint-Experimental: true` (the v2024 paths refuse calls without it).

use gatehouse_wire::identity::{
    AssociationDetails, Identity, InviteRequest, OwnershipDetails, ProcessRequest, RoleAssignment,
    SendAccountVerification,
};
use gatehouse_wire::task::{IdentitySyncJob, TaskResultResponse, TaskStatus};
use gloo_net::http::RequestBuilder;

use super::{ApiError, Client};

const BASE: &str = "/v2024/identities";

fn experimental(builder: RequestBuilder) -> RequestBuilder {
    builder.header("X-SailPoint-Experimental", "true")
}

/// `/v2024/identities/{id}{rest}` with the id encoded as one path segment.
fn path(id: &str, rest: &str) -> String {
    format!("{BASE}/{}{rest}", String::from(js_sys::encode_uri_component(id)))
}

/// One page of the identities list and the total (`count=true`).
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityPage {
    pub items: Vec<Identity>,
    pub total: Option<u64>,
}

/// `GET /v2024/identities` with an already encoded query string.
pub async fn list(client: &Client, query: &str) -> Result<IdentityPage, ApiError> {
    let response = client
        .send(experimental(client.get(&format!("{BASE}?{query}"))).build())
        .await?;
    let total = response.headers().get("x-total-count").and_then(|v| v.parse().ok());
    let items = response
        .json::<Vec<Identity>>()
        .await
        .map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))?;
    Ok(IdentityPage { items, total })
}

/// `GET /v2024/identities/{id}`.
pub async fn get(client: &Client, id: &str) -> Result<Identity, ApiError> {
    client.send_json(experimental(client.get(&path(id, ""))).build()).await
}

/// `GET /v2024/identities/{id}/ownership`: what would block deleting the identity.
pub async fn ownership(client: &Client, id: &str) -> Result<OwnershipDetails, ApiError> {
    client
        .send_json(experimental(client.get(&path(id, "/ownership"))).build())
        .await
}

/// `GET /v2024/identities/{id}/role-assignments`.
pub async fn role_assignments(client: &Client, id: &str) -> Result<Vec<RoleAssignment>, ApiError> {
    client
        .send_json(experimental(client.get(&path(id, "/role-assignments"))).build())
        .await
}

/// Why a delete did not happen.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeleteError {
    /// 400 with `IdentityAssociationDetails`: the identity owns objects or is protected.
    #[error("{}", .0.message)]
    Blocked(AssociationDetails),
    #[error(transparent)]
    Failed(ApiError),
}

/// `DELETE /v2024/identities/{id}` (204).
pub async fn delete(client: &Client, id: &str) -> Result<(), DeleteError> {
    match client
        .send_keeping_body(experimental(client.delete(&path(id, ""))).build())
        .await
    {
        Ok(_) => Ok(()),
        Err((error, body)) => Err(match serde_json::from_str::<AssociationDetails>(&body) {
            Ok(details) => DeleteError::Blocked(details),
            Err(_) => DeleteError::Failed(error),
        }),
    }
}

/// `POST /v2024/identities/{id}/reset` (202, no body).
pub async fn reset(client: &Client, id: &str) -> Result<(), ApiError> {
    client
        .send(experimental(client.post(&path(id, "/reset"))).build())
        .await
        .map(drop)
}

/// `POST /v2024/identities/{id}/verification/account/send` (200): the password-reset mail.
pub async fn send_password_reset(client: &Client, id: &str, request: &SendAccountVerification) -> Result<(), ApiError> {
    client
        .send(experimental(client.post(&path(id, "/verification/account/send"))).json(request))
        .await
        .map(drop)
}

/// `POST /v2024/identities/invite` (202 `TaskStatus`).
pub async fn invite(client: &Client, request: &InviteRequest) -> Result<TaskStatus, ApiError> {
    client
        .send_json(experimental(client.post(&format!("{BASE}/invite"))).json(request))
        .await
}

/// `POST /v2024/identities/process` (202 `TaskResultResponse`, whose id is a task id).
pub async fn process(client: &Client, request: &ProcessRequest) -> Result<TaskResultResponse, ApiError> {
    client
        .send_json(experimental(client.post(&format!("{BASE}/process"))).json(request))
        .await
}

/// `POST /v2024/identities/{id}/synchronize-attributes` (202 `IdentitySyncJob`); a
/// second call within 10 s is [`ApiError::RateLimited`] with the server's `Retry-After`.
pub async fn synchronize(client: &Client, id: &str) -> Result<IdentitySyncJob, ApiError> {
    client
        .send_json(experimental(client.post(&path(id, "/synchronize-attributes"))).build())
        .await
}
