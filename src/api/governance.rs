//! PingOne AIC IGA administration: request types (`/iga/governance/requestTypes`), the
//! access-request settings (`/iga/commons/config/iga_access_request`, and the rules of
//! it everyone reads, `/gatehouse/v1/access-request-rules`), direct
//! provisioning (`/iga/governance/user/{userId}/applications|roles|entitlements`), and
//! the look-ups the admin pages' type-aheads need (catalog with `ignoreRequestable`,
//! Gatehouse's people search).

use gatehouse_wire::request::{AccessRequestConfig, AccessRequestRules, ACCESS_REQUEST};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::requests::{catalog_query, CatalogItem, CatalogKind, Page};
use super::{ApiError, Client};

const TYPES: &str = "/iga/governance/requestTypes";
const CONFIG: &str = "/iga/commons/config";
const RULES: &str = "/gatehouse/v1/access-request-rules";

fn segment(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

// ---------------------------------------------------------------------------------------
// Request types

/// The workflow a request type runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    #[serde(default)]
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: String,
}

/// A request type as the API answers it. `schemas` stays JSON: the page edits it as text.
/// Fields the page does not edit travel back unchanged in `rest`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestType {
    /// Empty for a new type (the server then picks a uuid).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub schemas: Value,
    #[serde(default)]
    pub workflow: Workflow,
    /// `false` for the six built-ins (which cannot be deleted).
    #[serde(default)]
    pub custom: bool,
    #[serde(default, rename = "_rev", skip_serializing)]
    pub rev: i64,
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// `GET /iga/governance/requestTypes` (every type, by id).
pub async fn request_types(client: &Client) -> Result<Vec<RequestType>, ApiError> {
    let page: Page<RequestType> = client
        .send_json(client.get(&format!("{TYPES}?_pageSize=1000")).build())
        .await?;
    Ok(page.result)
}

/// `POST /iga/governance/requestTypes` (no id: the server picks one).
pub async fn create_request_type(client: &Client, t: &RequestType) -> Result<RequestType, ApiError> {
    client.send_json(client.post(TYPES).json(t)).await
}

/// `PUT /iga/governance/requestTypes/{id}` with `If-Match` of the revision it was read at.
pub async fn replace_request_type(client: &Client, t: &RequestType) -> Result<RequestType, ApiError> {
    let request = client
        .put(&format!("{TYPES}/{}", segment(&t.id)))
        .header("If-Match", &format!("\"{}\"", t.rev))
        .json(t);
    client.send_json(request).await
}

/// `DELETE /iga/governance/requestTypes/{id}` with `If-Match`.
pub async fn delete_request_type(client: &Client, id: &str, rev: i64) -> Result<(), ApiError> {
    let request = client
        .delete(&format!("{TYPES}/{}", segment(id)))
        .header("If-Match", &format!("\"{rev}\""))
        .build();
    client.send(request).await.map(|_| ())
}

// ---------------------------------------------------------------------------------------
// IGA configuration

/// `GET /iga/commons/config/iga_access_request`.
pub async fn access_request_config(client: &Client) -> Result<AccessRequestConfig, ApiError> {
    client
        .send_json(client.get(&format!("{CONFIG}/{ACCESS_REQUEST}")).build())
        .await
}

/// Gatehouse's `GET /gatehouse/v1/access-request-rules`: which steps need a
/// justification, for every signed-in person (the configuration is for admins only).
pub async fn access_rules(client: &Client) -> Result<AccessRequestRules, ApiError> {
    client.send_json(client.get(RULES).build()).await
}

/// `PUT /iga/commons/config/iga_access_request` (replaces the category).
pub async fn save_access_request_config(
    client: &Client,
    config: &AccessRequestConfig,
) -> Result<AccessRequestConfig, ApiError> {
    let request = client.put(&format!("{CONFIG}/{ACCESS_REQUEST}")).json(config);
    client.send_json(request).await
}

// ---------------------------------------------------------------------------------------
// Look-ups and provisioning

/// Every catalog item of a kind whose name contains `search`, requestable or not
/// (`ignoreRequestable=true`, ORG_ADMIN only), first 10 by name.
pub async fn catalog_all(client: &Client, kind: CatalogKind, search: &str) -> Result<Vec<CatalogItem>, ApiError> {
    let query = format!("{}&ignoreRequestable=true", catalog_query(kind, search, 0, 10));
    Ok(super::requests::catalog(client, &query).await?.0)
}

/// One catalog item, requestable or not (`None` if there is no such item).
pub async fn catalog_item(client: &Client, kind: CatalogKind, id: &str) -> Result<Option<CatalogItem>, ApiError> {
    let url = format!(
        "/iga/governance/catalog/{}/{}?ignoreRequestable=true",
        kind.as_str(),
        segment(id)
    );
    match client.send_json::<Value>(client.get(&url).build()).await {
        Ok(doc) => Ok(CatalogItem::from_doc(&doc)),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Add or remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Add,
    Remove,
}

/// The body of a direct provisioning call.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Provision<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    application_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entitlement_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_id: Option<&'a str>,
    grant_type: &'static str,
}

/// `POST /iga/governance/user/{userId}/applications|entitlements|roles?_action=add|remove`.
pub async fn provision(
    client: &Client,
    user_id: &str,
    kind: CatalogKind,
    item_id: &str,
    change: Change,
) -> Result<(), ApiError> {
    let which = |k: CatalogKind| (kind == k).then_some(item_id);
    let body = Provision {
        application_id: which(CatalogKind::Application),
        entitlement_id: which(CatalogKind::Entitlement),
        role_id: which(CatalogKind::Role),
        grant_type: "admin",
    };
    let url = format!(
        "/iga/governance/user/{}/{}s?_action={}",
        segment(user_id),
        kind.as_str(),
        if change == Change::Add { "add" } else { "remove" }
    );
    client.send(client.post(&url).json(&body)).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn request_types_keep_what_the_page_does_not_edit() {
        let doc = serde_json::json!({"id": "x", "displayName": "X", "schemas": {"common": [], "custom": []},
            "workflow": {"id": "w", "type": "bpmn"}, "custom": true, "_rev": 3, "uniqueKeys": ["a"]});
        let t: RequestType = serde_json::from_value(doc).unwrap();
        assert_eq!(t.rev, 3);
        let back = serde_json::to_value(&t).unwrap();
        assert_eq!(back["uniqueKeys"], serde_json::json!(["a"]));
        assert!(back.get("_rev").is_none());
        let new = serde_json::to_value(RequestType::default()).unwrap();
        assert!(new.get("id").is_none(), "a new type lets the server pick its id");
    }
}
