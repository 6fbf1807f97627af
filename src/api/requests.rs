//! PingOne AIC IGA access requests: the catalog, creating requests, the signed-in
//! user's requests and approvals, one request, and the actions on it.

use gatehouse_wire::request::Request;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiError, Client};

const CATALOG: &str = "/iga/governance/catalog";
const REQUESTS: &str = "/iga/governance/requests";

/// The IGA list envelope.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub result: Vec<T>,
    #[serde(default)]
    pub total_count: u64,
}

/// The three kinds of catalog item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatalogKind {
    Application,
    Entitlement,
    Role,
}

impl CatalogKind {
    pub const ALL: [CatalogKind; 3] = [CatalogKind::Application, CatalogKind::Entitlement, CatalogKind::Role];

    /// The `type` of a create's `catalogs[]` entry, and the key of the object in an item.
    pub fn as_str(self) -> &'static str {
        match self {
            CatalogKind::Application => "application",
            CatalogKind::Entitlement => "entitlement",
            CatalogKind::Role => "role",
        }
    }

    /// The item's `item.type`.
    pub fn item_type(self) -> &'static str {
        match self {
            CatalogKind::Application => "accountGrant",
            CatalogKind::Entitlement => "entitlementGrant",
            CatalogKind::Role => "roleMembership",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CatalogKind::Application => "Applications",
            CatalogKind::Entitlement => "Entitlements",
            CatalogKind::Role => "Roles",
        }
    }

    pub fn parse(s: &str) -> Option<CatalogKind> {
        CatalogKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The dot path of the item's name.
    fn name_path(self) -> &'static str {
        match self {
            CatalogKind::Application => "application.name",
            CatalogKind::Entitlement => "entitlement.displayName",
            CatalogKind::Role => "role.name",
        }
    }
}

/// A catalog item, as the portal shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogItem {
    pub id: String,
    pub kind: CatalogKind,
    pub name: String,
    pub description: String,
    /// The application an entitlement belongs to.
    pub application: Option<String>,
}

impl CatalogItem {
    /// Reads a catalog document (`None` for an item of no known kind).
    pub fn from_doc(doc: &Value) -> Option<CatalogItem> {
        let kind = CatalogKind::ALL
            .into_iter()
            .find(|k| doc["item"]["type"] == k.item_type())?;
        let object = &doc[kind.as_str()];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let name = match kind {
            CatalogKind::Entitlement => object["displayName"]
                .as_str()
                .unwrap_or_else(|| object["name"].as_str().unwrap_or("")),
            _ => object["name"].as_str().unwrap_or(""),
        };
        Some(CatalogItem {
            id: text(&doc["id"]),
            kind,
            name: name.to_string(),
            description: text(&object["description"]),
            application: (kind == CatalogKind::Entitlement).then(|| text(&doc["application"]["name"])),
        })
    }
}

/// Escapes a text for a CREST string literal (quotes and backslashes dropped).
fn literal(s: &str) -> String {
    s.chars().filter(|c| *c != '"' && *c != '\\').collect()
}

/// The query of a catalog page: one kind, an optional name search, a page.
pub fn catalog_query(kind: CatalogKind, search: &str, page: u32, size: u32) -> String {
    let mut filter = format!("item.type eq \"{}\"", kind.item_type());
    let search = literal(search.trim());
    if !search.is_empty() {
        filter = format!("{filter} and {} co \"{search}\"", kind.name_path());
    }
    format!(
        "_queryFilter={}&_pageSize={size}&_pagedResultsOffset={}&_sortKeys={}",
        js_sys::encode_uri_component(&filter),
        u64::from(page) * u64::from(size),
        kind.name_path()
    )
}

/// `GET /iga/governance/catalog?{query}` (see [`catalog_query`]).
pub async fn catalog(client: &Client, query: &str) -> Result<(Vec<CatalogItem>, u64), ApiError> {
    let page: Page<Value> = client
        .send_json(client.get(&format!("{CATALOG}?{query}")).build())
        .await?;
    Ok((
        page.result.iter().filter_map(CatalogItem::from_doc).collect(),
        page.total_count,
    ))
}

/// One `errors[]` entry of a create.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateError {
    #[serde(default)]
    pub user_id: String,
    pub error: String,
}

/// What a create answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Created {
    #[serde(default)]
    pub result: Vec<Request>,
    #[serde(default)]
    pub errors: Vec<CreateError>,
}

/// The create body for one user and one item.
pub fn create_body(user_id: &str, kind: CatalogKind, item_id: &str, justification: &str, priority: &str) -> Value {
    json!({
        "users": [user_id],
        "catalogs": [{"type": kind.as_str(), "id": item_id}],
        "priority": priority,
        "justification": justification.trim(),
        "accessModifier": "add",
    })
}

/// `POST /iga/governance/requests?_action=create`.
pub async fn create(client: &Client, body: &Value) -> Result<Created, ApiError> {
    client
        .send_json(client.post(&format!("{REQUESTS}?_action=create")).json(body))
        .await
}

/// `GET /iga/governance/user/{userId}/requests`, newest first, optionally by status.
pub async fn my_requests(client: &Client, user_id: &str, status: Option<&str>) -> Result<Page<Request>, ApiError> {
    let mut url = format!(
        "/iga/governance/user/{}/requests?_sortKeys=-metadata.createdDate",
        js_sys::encode_uri_component(user_id)
    );
    if let Some(s) = status {
        let filter = format!("decision.status eq \"{}\"", literal(s));
        url.push_str(&format!("&_queryFilter={}", js_sys::encode_uri_component(&filter)));
    }
    client.send_json(client.get(&url).build()).await
}

/// `POST /iga/governance/user/{userId}/approvals?_action=search&actorStatus=active|inactive`
/// (no filter: every request where the user is an actor of that status, newest first).
pub async fn my_approvals(client: &Client, user_id: &str, active: bool) -> Result<Page<Request>, ApiError> {
    let url = format!(
        "/iga/governance/user/{}/approvals?_action=search&actorStatus={}",
        js_sys::encode_uri_component(user_id),
        if active { "active" } else { "inactive" }
    );
    client.send_json(client.post(&url).json(&json!({}))).await
}

/// `GET /iga/governance/requests/{id}`.
pub async fn get(client: &Client, id: &str) -> Result<Request, ApiError> {
    client
        .send_json(
            client
                .get(&format!("{REQUESTS}/{}", js_sys::encode_uri_component(id)))
                .build(),
        )
        .await
}

/// An action on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Approve,
    Reject,
    Cancel,
    Comment,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Cancel => "cancel",
            Action::Comment => "comment",
        }
    }

    /// The body: approve and reject carry a justification, the others a comment.
    pub fn body(self, text: &str) -> Value {
        match self {
            Action::Approve | Action::Reject => json!({"justification": text.trim()}),
            Action::Cancel | Action::Comment => json!({"comment": text.trim()}),
        }
    }
}

/// `POST /iga/governance/requests/{id}?_action=...`.
pub async fn act(client: &Client, id: &str, action: Action, text: &str) -> Result<(), ApiError> {
    let url = format!(
        "{REQUESTS}/{}?_action={}",
        js_sys::encode_uri_component(id),
        action.as_str()
    );
    client
        .send(client.post(&url).json(&action.body(text)))
        .await
        .map(|_| ())
}
