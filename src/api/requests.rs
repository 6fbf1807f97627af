//! PingOne AIC IGA access requests: the catalog, creating requests, the signed-in
//! user's requests and approvals, one request, and the actions on it.

use gatehouse_wire::crest::{CmpOp, Filter};
use gatehouse_wire::request::Permissions;
use gatehouse_wire::request::Request;
use serde::{Deserialize, Serialize};
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

    /// The dot path of the item's name (the catalog's default sort).
    pub fn name_path(self) -> &'static str {
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

/// The query of a catalog page: one kind, an optional name search, a page. The filter
/// is wire's CREST AST, printed (so any search text is escaped, never pasted).
pub fn catalog_query(kind: CatalogKind, search: &str, page: u32, size: u32) -> String {
    let search = search.trim();
    let mut parts = vec![Filter::eq("item.type", kind.item_type())];
    if !search.is_empty() {
        parts.push(Filter::cmp(kind.name_path(), CmpOp::Co, search));
    }
    let filter = Filter::and(parts).to_string();
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

/// `POST /iga/governance/requests?_action=create`.
pub async fn create(client: &Client, body: &super::cart::NewRequests) -> Result<Created, ApiError> {
    client
        .send_json(client.post(&format!("{REQUESTS}?_action=create")).json(body))
        .await
}

/// How a list of requests is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    /// By the user the access is for.
    For,
    /// By the requester.
    Requester,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Newest, Sort::Oldest, Sort::For, Sort::Requester];

    /// The value in the portal's URL (`?sort=`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::For => "for",
            Sort::Requester => "requester",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "Newest first",
            Sort::Oldest => "Oldest first",
            Sort::For => "By person it is for",
            Sort::Requester => "By requester",
        }
    }

    /// The IGA `_sortKeys` value.
    pub fn sort_keys(self) -> &'static str {
        match self {
            Sort::Newest => "-metadata.createdDate",
            Sort::Oldest => "metadata.createdDate",
            Sort::For => "user.userName",
            Sort::Requester => "requester.userName",
        }
    }
}

/// What a list of requests shows: an optional decision status and an order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub status: Option<String>,
    pub sort: Sort,
}

impl ListQuery {
    /// The IGA query parameters (`_sortKeys`, and `_queryFilter` on `decision.status`).
    pub fn params(&self) -> String {
        let mut out = format!("_sortKeys={}", self.sort.sort_keys());
        if let Some(s) = &self.status {
            let filter = Filter::eq("decision.status", s.as_str()).to_string();
            out.push_str(&format!("&_queryFilter={}", js_sys::encode_uri_component(&filter)));
        }
        out
    }
}

/// `GET /iga/governance/user/{userId}/requests?{query}`.
pub async fn my_requests(client: &Client, user_id: &str, query: &ListQuery) -> Result<Page<Request>, ApiError> {
    let url = format!(
        "/iga/governance/user/{}/requests?{}",
        js_sys::encode_uri_component(user_id),
        query.params()
    );
    client.send_json(client.get(&url).build()).await
}

/// `POST /iga/governance/user/{userId}/approvals?_action=search&actorStatus=active|inactive`
/// (every request where the user is an actor of that status, filtered and sorted by `query`).
pub async fn my_approvals(
    client: &Client,
    user_id: &str,
    active: bool,
    query: &ListQuery,
) -> Result<Page<Request>, ApiError> {
    let url = format!(
        "/iga/governance/user/{}/approvals?_action=search&actorStatus={}&{}",
        js_sys::encode_uri_component(user_id),
        if active { "active" } else { "inactive" },
        query.params()
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
    /// A comment that asks the requester for more information (`needsRequesterInput`).
    AskRequester,
}

/// The body of an approve or reject.
#[derive(Debug, Serialize)]
struct Decide<'a> {
    justification: &'a str,
}

/// The body of a comment or cancel.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Note<'a> {
    comment: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    needs_requester_input: bool,
}

impl Action {
    /// The `_action` it is sent as.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Cancel => "cancel",
            Action::Comment | Action::AskRequester => "comment",
        }
    }

    /// How a person reads what was done (`approved`, ...).
    pub fn past(self) -> &'static str {
        match self {
            Action::Approve => "approved",
            Action::Reject => "rejected",
            Action::Cancel => "cancelled",
            Action::Comment => "commented",
            Action::AskRequester => "asked for more information",
        }
    }

    /// The body: approve and reject carry a justification, the others a comment.
    pub fn body(self, text: &str) -> Value {
        let text = text.trim();
        let body = match self {
            Action::Approve | Action::Reject => serde_json::to_value(Decide { justification: text }),
            Action::Cancel | Action::Comment | Action::AskRequester => serde_json::to_value(Note {
                comment: text,
                needs_requester_input: self == Action::AskRequester,
            }),
        };
        body.unwrap_or_default()
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

/// One new actor of a reassign.
#[derive(Debug, Serialize)]
struct NewActor<'a> {
    id: &'a str,
    permissions: Permissions,
}

/// The body of a reassign.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Reassign<'a> {
    updated_actors: [NewActor<'a>; 1],
    #[serde(skip_serializing_if = "str::is_empty")]
    comment: &'a str,
}

/// `POST /iga/governance/requests/{id}?_action=reassign`: hands the caller's part (an
/// ORG_ADMIN's: every actor's) to one identity, with the approver's permissions.
pub async fn reassign(client: &Client, id: &str, identity_id: &str, comment: &str) -> Result<(), ApiError> {
    let url = format!("{REQUESTS}/{}?_action=reassign", js_sys::encode_uri_component(id));
    let body = Reassign {
        updated_actors: [NewActor {
            id: identity_id,
            permissions: Permissions::APPROVER,
        }],
        comment: comment.trim(),
    };
    client.send(client.post(&url).json(&body)).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn asking_for_information_is_a_comment_that_needs_the_requester() {
        assert_eq!(Action::AskRequester.as_str(), "comment");
        assert_eq!(
            Action::AskRequester.body(" why? "),
            json!({"comment": "why?", "needsRequesterInput": true})
        );
        assert_eq!(Action::Comment.body("ok"), json!({"comment": "ok"}));
        assert_eq!(Action::Reject.body("no"), json!({"justification": "no"}));
    }

    #[wasm_bindgen_test]
    fn list_queries_sort_and_filter() {
        let q = ListQuery {
            status: Some("complete".into()),
            sort: Sort::Oldest,
        };
        assert_eq!(
            q.params(),
            "_sortKeys=metadata.createdDate&_queryFilter=decision.status%20eq%20%22complete%22"
        );
        assert_eq!(ListQuery::default().params(), "_sortKeys=-metadata.createdDate");
        for s in Sort::ALL {
            assert_eq!(Sort::parse(s.as_str()), Some(s));
        }
    }
}
