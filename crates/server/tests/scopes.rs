//! IGA scoping rules over real HTTP: CRUD of `/iga/governance/scope` (400s naming the
//! field, 403 for writes without ORG_ADMIN, 412 on a stale If-Match), and enforcement
//! with `iga_global.enableScoping` on: a requester's catalog, an admin's `userId` view,
//! refused requests for out-of-scope items, inactive rules, and scoping off again.

mod common;

use common::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const SCOPES: &str = "/iga/governance/scope";
const CATALOG: &str = "/iga/governance/catalog";
const REQUESTS: &str = "/iga/governance/requests";

async fn call(app: &TestApp, token: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    app.json_call(token, method, path, body, &[]).await
}

fn message(body: &Value) -> String {
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(1),
        "IGA errors carry only a message: {body}"
    );
    body["message"].as_str().expect("message").to_string()
}

fn leaf(name: &str, value: &str) -> Value {
    json!({"operator": "EQUALS", "operand": {"targetName": name, "targetValue": value}})
}

/// demo-requester may see the Finance Analyst role.
fn finance_scope() -> Value {
    json!({
        "name": "Requester sees Finance",
        "description": "demo-requester may request the Finance Analyst role",
        "sourceCondition": leaf("userName", "demo-requester"),
        "targetCondition": leaf("role.name", "Finance Analyst"),
    })
}

fn names(list: &Value) -> Vec<String> {
    let mut n: Vec<String> = list["result"]
        .as_array()
        .unwrap_or_else(|| panic!("result: {list}"))
        .iter()
        .map(|i| {
            ["role", "entitlement", "application"]
                .iter()
                .find_map(|k| i[k]["name"].as_str().or(i[k]["displayName"].as_str()))
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    n.sort();
    n
}

async fn set_scoping(app: &TestApp, admin: &str, on: bool) {
    let (status, body) = call(
        app,
        admin,
        Method::PUT,
        "/iga/commons/config/iga_global",
        Some(json!({"enableScoping": on})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn scopes_are_created_read_changed_and_deleted() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let policy = app.bearer("demo-policy").await;
    let requester = app.bearer("demo-requester").await;

    let (status, made) = call(
        &app,
        &admin,
        Method::POST,
        &format!("{SCOPES}?_action=create"),
        Some(finance_scope()),
    )
    .await;
    assert_eq!(status, 200, "{made}");
    let id = made["id"].as_str().expect("id").to_string();
    assert_eq!(made["name"], "Requester sees Finance");
    assert_eq!(made["status"], "active", "status defaults to active");
    assert_eq!(made["targetCondition"], finance_scope()["targetCondition"]);
    assert_eq!(made["_rev"], 1);
    assert!(made["metadata"]["createdDate"].is_string(), "{made}");
    assert_eq!(made["metadata"]["createdDate"], made["metadata"]["modifiedDate"]);

    // Without _action too; other actions are refused.
    let mut second = finance_scope();
    second["name"] = json!("Second");
    second["status"] = json!("inactive");
    let (status, other) = call(&app, &admin, Method::POST, SCOPES, Some(second)).await;
    assert_eq!(status, 200, "{other}");
    assert_eq!(other["status"], "inactive");
    let (status, body) = call(
        &app,
        &admin,
        Method::POST,
        &format!("{SCOPES}?_action=delete"),
        Some(finance_scope()),
    )
    .await;
    assert_eq!(status, 400, "{body}");

    // Every admin reads; a user without a level does not.
    for token in [&admin, &policy] {
        let (status, list) = call(&app, token, Method::GET, &format!("{SCOPES}?_sortKeys=name"), None).await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list["totalCount"], 2);
        assert_eq!(list["result"][0]["name"], "Requester sees Finance");
    }
    let (status, list) = call(
        &app,
        &admin,
        Method::GET,
        &format!("{SCOPES}?_queryFilter=status%20eq%20%22inactive%22&_fields=name"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["resultCount"], 1);
    assert_eq!(list["result"][0], json!({"id": other["id"], "name": "Second"}));
    let (status, body) = call(&app, &requester, Method::GET, SCOPES, None).await;
    assert_eq!(status, 403, "{body}");
    message(&body);
    let r = app
        .http
        .get(app.url(&format!("{SCOPES}/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["etag"], "\"1\"");
    let (status, body) = call(&app, &admin, Method::GET, &format!("{SCOPES}/nope"), None).await;
    assert_eq!(status, 404, "{body}");
    message(&body);

    // Writes need ORG_ADMIN.
    for (method, path) in [
        (Method::POST, format!("{SCOPES}?_action=create")),
        (Method::PUT, format!("{SCOPES}/{id}")),
        (Method::DELETE, format!("{SCOPES}/{id}")),
    ] {
        let (status, body) = call(&app, &policy, method.clone(), &path, Some(finance_scope())).await;
        assert_eq!(status, 403, "{method} {path}: {body}");
        message(&body);
    }

    // PUT replaces (a body read with GET can be sent back); the revision moves on.
    let mut changed = made.clone();
    changed["description"] = json!("changed");
    let (status, put) = call(&app, &admin, Method::PUT, &format!("{SCOPES}/{id}"), Some(changed)).await;
    assert_eq!(status, 200, "{put}");
    assert_eq!(put["description"], "changed");
    assert_eq!(put["_rev"], 2);
    assert_eq!(put["metadata"]["createdDate"], made["metadata"]["createdDate"]);

    // A stale If-Match is 412 and changes nothing.
    let (status, body) = app
        .json_call(
            &admin,
            Method::PUT,
            &format!("{SCOPES}/{id}"),
            Some(finance_scope()),
            &[("If-Match", "\"1\"")],
        )
        .await;
    assert_eq!(status, 412, "{body}");
    message(&body);

    // PATCH with CREST operations.
    let (status, patched) = app
        .json_call(
            &admin,
            Method::PATCH,
            &format!("{SCOPES}/{id}"),
            Some(json!([{"operation": "replace", "field": "/status", "value": "inactive"}])),
            &[("If-Match", "\"2\"")],
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["status"], "inactive");
    assert_eq!(patched["description"], "changed");
    assert_eq!(patched["_rev"], 3);
    let (status, body) = call(
        &app,
        &admin,
        Method::PATCH,
        &format!("{SCOPES}/{id}"),
        Some(json!([{"operation": "replace", "field": "/status", "value": "paused"}])),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(message(&body).starts_with("status: "), "{body}");

    // DELETE answers the deleted rule; then it is gone.
    let (status, body) = app
        .json_call(
            &admin,
            Method::DELETE,
            &format!("{SCOPES}/{id}"),
            None,
            &[("If-Match", "\"2\"")],
        )
        .await;
    assert_eq!(status, 412, "{body}");
    let (status, gone) = call(&app, &admin, Method::DELETE, &format!("{SCOPES}/{id}"), None).await;
    assert_eq!(status, 200, "{gone}");
    assert_eq!(gone["id"], id.as_str());
    assert_eq!(gone["_rev"], 3);
    let (status, _) = call(&app, &admin, Method::GET, &format!("{SCOPES}/{id}"), None).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_scopes_are_400s_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"name": "x", "targetCondition": leaf("id", "1")}),
            "sourceCondition: is required",
        ),
        (
            json!({"name": "", "sourceCondition": leaf("id", "1"), "targetCondition": leaf("id", "1")}),
            "name: must not be empty",
        ),
        (
            json!({"sourceCondition": leaf("id", "1"), "targetCondition": leaf("id", "1")}),
            "name: is required",
        ),
        (
            json!({"name": "x", "status": "on", "sourceCondition": leaf("id", "1"), "targetCondition": leaf("id", "1")}),
            "status: must be active or inactive",
        ),
        (
            json!({"name": "x", "sourceCondition": leaf("id", "1"),
                   "targetCondition": {"operator": "EQUALS", "operand": []}}),
            "targetCondition.operand: ",
        ),
        (
            json!({"name": "x", "sourceCondition": {"operator": "LIKE", "operand": {}}, "targetCondition": leaf("id", "1")}),
            "sourceCondition.operator: ",
        ),
        (
            json!({"name": "x", "owner": "me", "sourceCondition": leaf("id", "1"), "targetCondition": leaf("id", "1")}),
            "owner: is not a property of a scope",
        ),
    ];
    for (body, wanted) in cases {
        let (status, answer) = call(
            &app,
            &admin,
            Method::POST,
            &format!("{SCOPES}?_action=create"),
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, 400, "{body}: {answer}");
        let text = message(&answer);
        assert!(text.contains(wanted), "{body}: '{text}' should contain '{wanted}'");
    }
    let (status, list) = call(&app, &admin, Method::GET, SCOPES, None).await;
    assert_eq!(status, 200);
    assert_eq!(list["totalCount"], 0, "nothing stored: {list}");
}

async fn catalog_names(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let (status, list) = call(app, token, Method::GET, &format!("{CATALOG}{query}"), None).await;
    assert_eq!(status, 200, "{list}");
    names(&list)
}

async fn item_id(app: &TestApp, admin: &str, kind: &str, name: &str) -> String {
    let filter = json!({"targetFilter": leaf(&format!("{kind}.name"), name)});
    let (status, list) = call(
        app,
        admin,
        Method::POST,
        &format!("{CATALOG}?_action=search"),
        Some(filter),
    )
    .await;
    assert_eq!(status, 200, "{list}");
    list["result"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{kind} {name}: {list}"))
        .to_string()
}

#[tokio::test]
async fn with_scoping_on_a_user_sees_and_requests_only_what_a_scope_grants() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let r = app.token_for("demo-requester").await;
    let (requester, requester_id) = (r.access_token, r.identity_id);

    let full = catalog_names(&app, &requester, "").await;
    assert!(full.len() > 1, "{full:?}");
    let admin_full = catalog_names(&app, &admin, "").await;
    assert_eq!(full, admin_full, "scoping off: everyone sees the requestable items");

    let (status, made) = call(&app, &admin, Method::POST, SCOPES, Some(finance_scope())).await;
    assert_eq!(status, 200, "{made}");
    let scope_id = made["id"].as_str().unwrap().to_string();
    assert_eq!(
        catalog_names(&app, &requester, "").await,
        full,
        "a scope changes nothing while scoping is off"
    );

    set_scoping(&app, &admin, true).await;
    assert_eq!(catalog_names(&app, &requester, "").await, vec!["Finance Analyst"]);
    let (status, search) = call(
        &app,
        &requester,
        Method::POST,
        &format!("{CATALOG}?_action=search"),
        Some(json!({"targetFilter": {"operator": "ALL", "operand": []}})),
    )
    .await;
    assert_eq!(status, 200, "{search}");
    assert_eq!(names(&search), vec!["Finance Analyst"]);
    assert_eq!(
        catalog_names(&app, &admin, "").await,
        admin_full,
        "an ORG_ADMIN sees everything"
    );
    let policy = app.bearer("demo-policy").await;
    assert_eq!(
        catalog_names(&app, &policy, "").await,
        Vec::<String>::new(),
        "other admin levels see the catalog as no level: scoped, and no scope applies to them"
    );
    assert_eq!(
        catalog_names(&app, &admin, &format!("?userId={requester_id}")).await,
        vec!["Finance Analyst"],
        "userId shows the catalog as scoped for that user"
    );
    let approver_id = app.token_for("demo-approver").await.identity_id;
    assert_eq!(
        catalog_names(&app, &admin, &format!("?userId={approver_id}")).await,
        Vec::<String>::new(),
        "no scope applies to the approver"
    );
    let (status, body) = call(&app, &admin, Method::GET, &format!("{CATALOG}?userId=nobody"), None).await;
    assert_eq!(status, 404, "{body}");

    // One item: the scoped one reads, the others are 404 for the requester.
    let finance = item_id(&app, &admin, "role", "Finance Analyst").await;
    let vpn = item_id(&app, &admin, "entitlement", "VPN Users").await;
    let (status, _) = call(
        &app,
        &requester,
        Method::GET,
        &format!("{CATALOG}/role/{finance}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = call(
        &app,
        &requester,
        Method::GET,
        &format!("{CATALOG}/entitlement/{vpn}"),
        None,
    )
    .await;
    assert_eq!(status, 404, "{body}");

    // Requests: an out-of-scope item is ITEM_NOT_FOUND for that user; the scoped one passes.
    let body = json!({"users": [requester_id], "justification": "Needed",
                      "catalogs": [{"type": "entitlement", "id": vpn}, {"type": "role", "id": finance}]});
    let (status, out) = call(
        &app,
        &requester,
        Method::POST,
        &format!("{REQUESTS}?_action=validate"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    let errors = out["errors"].as_array().expect("errors");
    let scoped_out: Vec<&Value> = errors
        .iter()
        .filter(|e| e["error"].as_str().is_some_and(|t| t.starts_with("ITEM_NOT_FOUND")))
        .collect();
    assert_eq!(scoped_out.len(), 1, "{out}");
    assert_eq!(scoped_out[0]["userId"], requester_id.as_str());
    let text = scoped_out[0]["error"].as_str().unwrap();
    assert!(
        text.contains(&vpn) && text.contains("not in the catalog as scoped for this user"),
        "{text}"
    );
    let (status, out) = call(
        &app,
        &admin,
        Method::POST,
        &format!("{REQUESTS}?_action=create"),
        Some(json!({"users": [requester_id], "justification": "Needed",
                    "catalogs": [{"type": "entitlement", "id": vpn}]})),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["result"], json!([]), "nothing created: {out}");
    assert!(
        out["errors"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("ITEM_NOT_FOUND"),
        "{out}"
    );

    // An inactive scope grants nothing.
    let (status, body) = call(
        &app,
        &admin,
        Method::PATCH,
        &format!("{SCOPES}/{scope_id}"),
        Some(json!([{"operation": "replace", "field": "/status", "value": "inactive"}])),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(catalog_names(&app, &requester, "").await, Vec::<String>::new());
    let (status, out) = call(
        &app,
        &requester,
        Method::POST,
        &format!("{REQUESTS}?_action=validate"),
        Some(body_one(&requester_id, "role", &finance)),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert!(
        out["errors"][0]["error"]
            .as_str()
            .unwrap()
            .contains("as scoped for this user"),
        "{out}"
    );

    // Scoping off: the full catalog again, and the item passes the scope check.
    set_scoping(&app, &admin, false).await;
    assert_eq!(catalog_names(&app, &requester, "").await, full);
    let (status, out) = call(
        &app,
        &requester,
        Method::POST,
        &format!("{REQUESTS}?_action=validate"),
        Some(body_one(&requester_id, "entitlement", &vpn)),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert!(!out["errors"].to_string().contains("ITEM_NOT_FOUND"), "{out}");
}

fn body_one(user: &str, kind: &str, id: &str) -> Value {
    json!({"users": [user], "justification": "Needed", "catalogs": [{"type": kind, "id": id}]})
}
