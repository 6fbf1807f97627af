//! Helpers for the IGA access-request tests: who signs in, catalog ids by name, request
//! bodies, creating requests and acting on them, the IGA configuration, and what an
//! identity holds as the API shows it.

use reqwest::Method;
use serde_json::{json, Value};

use super::TestApp;

pub const REQUESTS: &str = "/iga/governance/requests";
pub const CATALOG: &str = "/iga/governance/catalog";
pub const CONFIG: &str = "/iga/commons/config";

/// A signed-in persona: its token and identity id.
pub struct Who {
    pub token: String,
    pub id: String,
}

pub async fn who(app: &TestApp, client: &str) -> Who {
    let t = app.token_for(client).await;
    Who {
        token: t.access_token,
        id: t.identity_id,
    }
}

pub async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    app.json_call(token, Method::GET, path, None, &[]).await
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    app.json_call(token, Method::POST, path, Some(body), &[]).await
}

pub async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    app.json_call(token, Method::PUT, path, Some(body), &[]).await
}

/// The text of an IGA error body (`{message}` and nothing else).
pub fn message(body: &Value) -> String {
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(1),
        "IGA errors carry only a message: {body}"
    );
    body["message"].as_str().expect("message").to_string()
}

/// The catalog id of a requestable item by kind (`application`, `entitlement`, `role`)
/// and name.
pub async fn item_id(app: &TestApp, token: &str, kind: &str, name: &str) -> String {
    let filter = json!({"targetFilter": {"operator": "EQUALS",
        "operand": {"targetName": format!("{kind}.name"), "targetValue": name}}});
    let (status, list) = post(app, token, &format!("{CATALOG}?_action=search"), filter).await;
    assert_eq!(status, 200, "{list}");
    let item = list["result"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|i| i["item"]["objectType"] == kind && i[kind]["name"] == name)
        })
        .unwrap_or_else(|| panic!("no {kind} named {name} in {list}"));
    item["id"].as_str().expect("an id").to_string()
}

/// A create body for one user and one catalog item; `extra` adds or replaces keys.
pub fn body_for(user: &str, kind: &str, id: &str, extra: Value) -> Value {
    let mut b = json!({"users": [user], "catalogs": [{"type": kind, "id": id}], "priority": "medium",
                       "justification": "Needed for the Q3 close"});
    if let (Value::Object(b), Value::Object(extra)) = (&mut b, extra) {
        b.extend(extra);
    }
    b
}

/// Creates exactly one request and answers it.
pub async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, out) = post(app, token, &format!("{REQUESTS}?_action=create"), body).await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["errors"], json!([]), "{out}");
    assert_eq!(out["result"].as_array().map(Vec::len), Some(1), "{out}");
    out["result"][0].clone()
}

/// The `errors[].error` texts a validate answers for a body.
pub async fn validate(app: &TestApp, token: &str, body: Value) -> Vec<String> {
    let (status, out) = post(app, token, &format!("{REQUESTS}?_action=validate"), body).await;
    assert_eq!(status, 200, "{out}");
    out["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["error"].as_str().expect("an error text").to_string())
        .collect()
}

pub async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> (u16, Value) {
    post(app, token, &format!("{REQUESTS}/{id}?_action={action}"), body).await
}

/// The request's id.
pub fn id_of(r: &Value) -> String {
    r["id"].as_str().unwrap_or_else(|| panic!("a request: {r}")).to_string()
}

/// The ids of a request's active actors.
pub fn active_ids(r: &Value) -> Vec<String> {
    let mut ids: Vec<String> = r["decision"]["actors"]["active"]
        .as_array()
        .unwrap_or_else(|| panic!("actors in {r}"))
        .iter()
        .map(|a| a["id"].as_str().expect("actor id").to_string())
        .collect();
    ids.sort();
    ids
}

/// Replaces `iga_access_request` (omitted keys take their defaults).
pub async fn set_access_request_config(app: &TestApp, admin: &str, config: Value) {
    let (status, body) = put(app, admin, &format!("{CONFIG}/iga_access_request"), config).await;
    assert_eq!(status, 200, "{body}");
}

/// The names of the roles an identity holds (v2024 role assignments).
pub async fn role_names(app: &TestApp, token: &str, identity: &str) -> Vec<String> {
    let r = app
        .get(token, &format!("/v2024/identities/{identity}/role-assignments"))
        .await;
    assert_eq!(r.status(), 200);
    let list: Value = r.json().await.expect("role assignments");
    list.as_array()
        .expect("a list")
        .iter()
        .map(|a| a["role"]["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The identity id of a demo identity by alias (ORG_ADMIN token).
pub async fn identity_id(app: &TestApp, admin: &str, alias: &str) -> String {
    let r = app
        .get(admin, &format!("/v2024/identities?filters=alias%20eq%20%22{alias}%22"))
        .await;
    assert_eq!(r.status(), 200);
    let list: Value = r.json().await.expect("identities");
    list[0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no identity {alias}: {list}"))
        .to_string()
}
