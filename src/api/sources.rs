//! `GET /v3/sources`: the sources a password-reset mail can name.

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
