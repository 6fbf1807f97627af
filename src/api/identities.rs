//! SailPoint v2024 Identities.

use gatehouse_wire::identity::Identity;

use super::{ApiError, Client};

/// One page of the identities list and the total (`count=true`).
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityPage {
    pub items: Vec<Identity>,
    pub total: Option<u64>,
}

/// `GET /v2024/identities` with an already encoded query string.
pub async fn list(client: &Client, query: &str) -> Result<IdentityPage, ApiError> {
    let response = client
        .send(
            client
                .get(&format!("/v2024/identities?{query}"))
                .header("X-SailPoint-Experimental", "true")
                .build(),
        )
        .await?;
    let total = response
        .headers()
        .get("x-total-count")
        .and_then(|v| v.parse().ok());
    let items = response
        .json::<Vec<Identity>>()
        .await
        .map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))?;
    Ok(IdentityPage { items, total })
}

/// `GET /v2024/identities/{id}`.
pub async fn get(client: &Client, id: &str) -> Result<Identity, ApiError> {
    client
        .send_json(
            client
                .get(&format!("/v2024/identities/{id}"))
                .header("X-SailPoint-Experimental", "true")
                .build(),
        )
        .await
}
