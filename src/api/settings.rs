//! SailPoint v3 Global Tenant Security Settings (`/v3/auth-org/{lockout,session,network,service-provider}-config`)
//! and Gatehouse's history of them (`/gatehouse/v1/settings/{name}/history`).
//!
//! A document travels with its revision (the `ETag`): a change is an RFC 6902 JSON Patch
//! sent with `If-Match`, so a change made meanwhile by someone else is a 412
//! ([`ApiError::Conflict`]) instead of being silently overwritten.

use gatehouse_wire::settings::{
    LockoutConfiguration, NetworkConfiguration, RuleError, ServiceProviderConfiguration, SessionConfiguration,
    SettingsChange,
};
use json_patch::Patch;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::{ApiError, Client};

/// A settings document the portal edits: where it lives, its fields and its rules (the
/// same `wire` rules the server runs).
pub trait SettingsDocument: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The document's name in paths and in the history (`lockout-config`, ...).
    const NAME: &'static str;
    /// Its top-level fields as the wire spells them, in display order.
    const FIELDS: &'static [&'static str];

    /// The broken rules, each naming its field.
    fn rules(&self) -> Vec<RuleError>;
}

impl SettingsDocument for LockoutConfiguration {
    const NAME: &'static str = "lockout-config";
    const FIELDS: &'static [&'static str] = &["maximumAttempts", "lockoutWindow", "lockoutDuration"];

    fn rules(&self) -> Vec<RuleError> {
        self.check()
    }
}

impl SettingsDocument for SessionConfiguration {
    const NAME: &'static str = "session-config";
    const FIELDS: &'static [&'static str] = &["maxSessionTime", "maxIdleTime", "rememberMe"];

    fn rules(&self) -> Vec<RuleError> {
        self.check()
    }
}

impl SettingsDocument for NetworkConfiguration {
    const NAME: &'static str = "network-config";
    const FIELDS: &'static [&'static str] = &["range", "geolocation", "whitelisted"];

    fn rules(&self) -> Vec<RuleError> {
        self.check()
    }
}

impl SettingsDocument for ServiceProviderConfiguration {
    const NAME: &'static str = "service-provider-config";
    /// The fields the rules and the server's messages name (rules 1 and 2 name
    /// `federationProtocolDetails`, which the form never adds to or removes from).
    const FIELDS: &'static [&'static str] = &[
        "enabled",
        "bypassIdp",
        "federationProtocolDetails",
        "entityId",
        "loginUrlPost",
        "loginUrlRedirect",
        "cert",
        "jitConfiguration.sourceId",
        "jitConfiguration.sourceAttributeMappings",
    ];

    fn rules(&self) -> Vec<RuleError> {
        self.check()
    }
}

/// A document as the server last answered it, with its revision (`"3"`, quotes kept:
/// it goes back verbatim in `If-Match`).
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<D> {
    pub doc: D,
    pub etag: Option<String>,
}

fn path(name: &str) -> String {
    format!("/v3/auth-org/{name}")
}

fn decode<D: DeserializeOwned>(value: Value) -> Result<D, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))
}

/// The shared exchange (not generic, so it is compiled once): the body as JSON and the ETag.
pub(crate) async fn send_versioned(
    client: &Client,
    request: Result<gloo_net::http::Request, gloo_net::Error>,
) -> Result<(Value, Option<String>), ApiError> {
    let response = client.send(request).await?;
    let etag = response.headers().get("etag");
    let body = response
        .json::<Value>()
        .await
        .map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))?;
    Ok((body, etag))
}

/// `GET /v3/auth-org/{name}`.
pub async fn get<D: SettingsDocument>(client: &Client) -> Result<Versioned<D>, ApiError> {
    let (body, etag) = send_versioned(client, client.get(&path(D::NAME)).build()).await?;
    Ok(Versioned {
        doc: decode(body)?,
        etag,
    })
}

/// `PATCH /v3/auth-org/{name}` with a JSON Patch, `If-Match: etag` when there is one.
/// A 412 (changed meanwhile) is [`ApiError::Conflict`]; a refused change is
/// [`ApiError::Invalid`] with the server's texts, which name the fields.
pub async fn patch<D: SettingsDocument>(
    client: &Client,
    etag: Option<&str>,
    operations: &Patch,
) -> Result<Versioned<D>, ApiError> {
    let (body, etag) = send_patch(client, D::NAME, etag, operations).await?;
    Ok(Versioned {
        doc: decode(body)?,
        etag,
    })
}

async fn send_patch(
    client: &Client,
    name: &str,
    etag: Option<&str>,
    operations: &Patch,
) -> Result<(Value, Option<String>), ApiError> {
    let mut builder = client
        .patch(&path(name))
        .header("Content-Type", "application/json-patch+json");
    if let Some(etag) = etag {
        builder = builder.header("If-Match", etag);
    }
    let body = serde_json::to_string(operations).map_err(|e| ApiError::Server(e.to_string()))?;
    send_versioned(client, builder.body(body)).await
}

/// One page of a document's history, newest first, and how many changes there are.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub items: Vec<SettingsChange>,
    pub total: Option<u64>,
}

/// `GET /gatehouse/v1/settings/{name}/history?limit=&offset=`.
pub async fn history(client: &Client, name: &str, limit: u32, offset: u64) -> Result<History, ApiError> {
    let response = client
        .send(
            client
                .get(&format!("/gatehouse/v1/settings/{name}/history"))
                .query([("limit", limit.to_string()), ("offset", offset.to_string())])
                .build(),
        )
        .await?;
    let total = response.headers().get("x-total-count").and_then(|v| v.parse().ok());
    let items = response
        .json::<Vec<SettingsChange>>()
        .await
        .map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))?;
    Ok(History { items, total })
}
