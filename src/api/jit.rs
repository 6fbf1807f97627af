//! The JIT activation policy (`/jit-activation-config/v1/policy`): read with its ETag,
//! changed with a list of `replace` operations (`application/json`) and `If-Match`; and
//! the entitlement look-ups its picker needs, over the IGA catalog.

use gatehouse_wire::settings::{JitAccessOperation, JitActivationConfig};
use serde_json::Value;

use super::requests::{catalog, catalog_query, CatalogItem, CatalogKind};
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

/// Entitlements whose name contains `text` (ten at most). `all`: an ORG_ADMIN sees the
/// entitlements that are not requestable too (`ignoreRequestable=true`).
pub async fn search_entitlements(client: &Client, text: &str, all: bool) -> Result<Vec<CatalogItem>, ApiError> {
    let mut query = catalog_query(CatalogKind::Entitlement, text, 0, 10);
    if all {
        query.push_str("&ignoreRequestable=true");
    }
    Ok(catalog(client, &query).await?.0)
}

/// `GET /iga/governance/catalog/entitlement/{id}`: one entitlement's name.
pub async fn entitlement(client: &Client, id: &str, all: bool) -> Result<CatalogItem, ApiError> {
    let mut path = format!(
        "/iga/governance/catalog/entitlement/{}",
        js_sys::encode_uri_component(id)
    );
    if all {
        path.push_str("?ignoreRequestable=true");
    }
    let doc: Value = client.send_json(client.get(&path).build()).await?;
    CatalogItem::from_doc(&doc).ok_or_else(|| ApiError::Server("unexpected answer: not an entitlement".into()))
}
