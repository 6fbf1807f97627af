//! PingOne AIC IGA access requests over real HTTP: validate / create, the default
//! workflow (approve provisions and the v2024 role assignments show it; reject → denied;
//! cancel), duplicates, who may read and act, justifications as the IGA configuration
//! requires, reassign, "ask for more information", my requests and my approvals with
//! filters, sorting and paging, request types, and direct provisioning.

mod common;

use common::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const REQUESTS: &str = "/iga/governance/requests";
const CATALOG: &str = "/iga/governance/catalog";

async fn call(app: &TestApp, token: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = app.http.request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("request");
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
    };
    (status, body)
}

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    call(app, token, Method::GET, path, None).await
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    call(app, token, Method::POST, path, Some(body)).await
}

fn message(body: &Value) -> String {
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(1),
        "IGA errors carry only a message: {body}"
    );
    body["message"].as_str().expect("message").to_string()
}

/// The demo personas: tokens and identity ids.
struct Demo {
    admin: String,
    admin_id: String,
    requester: String,
    requester_id: String,
    approver: String,
    approver_id: String,
    policy: String,
}

async fn demo(app: &TestApp) -> Demo {
    let a = app.token_for("demo-admin").await;
    let r = app.token_for("demo-requester").await;
    let p = app.token_for("demo-approver").await;
    Demo {
        admin: a.access_token,
        admin_id: a.identity_id,
        requester: r.access_token,
        requester_id: r.identity_id,
        approver: p.access_token,
        approver_id: p.identity_id,
        policy: app.bearer("demo-policy").await,
    }
}

/// The catalog id of a requestable role or entitlement by name.
async fn item_id(app: &TestApp, token: &str, kind: &str, name: &str) -> String {
    let filter = json!({"targetFilter": {"operator": "EQUALS",
        "operand": {"targetName": format!("{kind}.name"), "targetValue": name}}});
    let (status, list) = post(
        app,
        token,
        &format!("{CATALOG}?_action=search&ignoreRequestable=false"),
        filter,
    )
    .await;
    assert_eq!(status, 200, "{list}");
    list["result"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{kind} {name}: {list}"))
        .to_string()
}

fn body_for(user: &str, kind: &str, id: &str, extra: Value) -> Value {
    let mut b = json!({"users": [user], "catalogs": [{"type": kind, "id": id}], "priority": "medium",
                       "justification": "Needed for the Q3 close"});
    if let (Value::Object(b), Value::Object(extra)) = (&mut b, extra) {
        b.extend(extra);
    }
    b
}

const GOOD_FORM: &str = r#"{"custom": {"businessJustification": "Working remotely during the migration", "duration": "30d", "acceptPolicy": true}}"#;

/// Creates one request and returns it.
async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let (status, out) = post(app, token, &format!("{REQUESTS}?_action=create"), body).await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["errors"], json!([]), "{out}");
    assert_eq!(out["result"].as_array().map(Vec::len), Some(1), "{out}");
    out["result"][0].clone()
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> (u16, Value) {
    post(app, token, &format!("{REQUESTS}/{id}?_action={action}"), body).await
}

async fn role_names(app: &TestApp, token: &str, identity: &str) -> Vec<String> {
    let r = app
        .get(token, &format!("/v2024/identities/{identity}/role-assignments"))
        .await;
    assert_eq!(r.status(), 200);
    let list: Value = r.json().await.unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"]["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_role_request_is_approved_by_the_manager_and_provisioned() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;
    let body = body_for(&d.requester_id, "role", &finance, json!({}));

    // Validate stores nothing.
    let (status, checked) = post(
        &app,
        &d.requester,
        &format!("{REQUESTS}?_action=validate"),
        body.clone(),
    )
    .await;
    assert_eq!(status, 200, "{checked}");
    assert_eq!(checked["errors"], json!([]));
    let (_, mine) = get(
        &app,
        &d.requester,
        &format!("/iga/governance/user/{}/requests", d.requester_id),
    )
    .await;
    assert_eq!(mine["totalCount"], 0, "validate stores nothing");

    let r = create(&app, &d.requester, body).await;
    assert_eq!(r["requestType"], "roleGrant");
    assert_eq!(r["requester"]["userName"], "demo-requester");
    assert_eq!(r["user"]["id"], d.requester_id.as_str());
    assert_eq!(r["role"]["name"], "Finance Analyst");
    assert_eq!(r["request"]["common"]["roleId"], finance.as_str());
    assert_eq!(r["request"]["common"]["priority"], "medium");
    assert_eq!(r["decision"]["status"], "in-progress");
    assert!(r["decision"]["decision"].is_null() && r["decision"]["outcome"].is_null());
    let active = r["decision"]["actors"]["active"].as_array().unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["id"], d.approver_id.as_str(), "the manager approves");
    assert_eq!(active[0]["permissions"]["approve"], true);
    assert_eq!(r["decision"]["phases"][0]["status"], "in-progress");
    assert_eq!(r["_rev"], 1);
    let id = r["id"].as_str().unwrap().to_string();

    let (status, waiting) = post(
        &app,
        &d.approver,
        &format!(
            "/iga/governance/user/{}/approvals?_action=search&actorStatus=active",
            d.approver_id
        ),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{waiting}");
    assert_eq!(waiting["result"][0]["id"], id.as_str());

    let (status, done) = act(
        &app,
        &d.approver,
        &id,
        "approve",
        json!({"justification": "Approved for Q3"}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["decision"]["status"], "complete");
    assert_eq!(done["decision"]["decision"], "approved");
    assert_eq!(done["decision"]["outcome"], "provisioned");
    assert_eq!(
        done["decision"]["phases"][0]["completedBy"]["userName"],
        "demo-approver"
    );
    assert_eq!(done["decision"]["phases"][0]["justification"], "Approved for Q3");
    assert_eq!(done["decision"]["comments"][0]["action"], "approve");
    assert!(done["decision"]["actors"]["active"].as_array().unwrap().is_empty());
    assert_eq!(done["_rev"], 2);
    assert!(role_names(&app, &d.admin, &d.requester_id)
        .await
        .contains(&"Finance Analyst".to_string()));

    let (_, got) = get(&app, &d.requester, &format!("{REQUESTS}/{id}")).await;
    assert_eq!(got, done);
    let (_, past) = post(
        &app,
        &d.approver,
        &format!(
            "/iga/governance/user/{}/approvals?_action=search&actorStatus=inactive",
            d.approver_id
        ),
        json!({}),
    )
    .await;
    assert_eq!(past["result"][0]["id"], id.as_str());
    let (status, body) = act(&app, &d.approver, &id, "approve", json!({})).await;
    assert_eq!(status, 400, "a decided request takes no more actions");
    assert!(message(&body).contains("complete"));
}

#[tokio::test]
async fn an_entitlement_request_checks_its_form_and_provisions_the_account() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let vpn = item_id(&app, &d.requester, "entitlement", "VPN Users").await;

    let (_, out) = post(
        &app,
        &d.requester,
        &format!("{REQUESTS}?_action=validate"),
        body_for(&d.requester_id, "entitlement", &vpn, json!({})),
    )
    .await;
    let error = out["errors"][0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("FORM_INVALID") && error.contains("custom.businessJustification"),
        "{out}"
    );
    assert_eq!(out["errors"][0]["userId"], d.requester_id.as_str());

    let mut body = body_for(&d.requester_id, "entitlement", &vpn, json!({}));
    body["catalogs"][0]["data"] = json!({"form": serde_json::from_str::<Value>(GOOD_FORM).unwrap()});
    let r = create(&app, &d.requester, body.clone()).await;
    assert_eq!(r["requestType"], "entitlementGrant");
    assert_eq!(r["entitlement"]["name"], "VPN Users");
    assert_eq!(r["application"]["name"], "Active Directory");
    assert_eq!(r["request"]["common"]["blob"]["form"]["custom"]["duration"], "30d");

    let (status, done) = act(&app, &d.approver, r["id"].as_str().unwrap(), "approve", json!({})).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["decision"]["outcome"], "provisioned");

    let (_, again) = post(&app, &d.requester, &format!("{REQUESTS}?_action=validate"), body).await;
    assert!(
        again["errors"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("ALREADY_ASSIGNED"),
        "the identity holds the entitlement now: {again}"
    );
}

#[tokio::test]
async fn reject_ends_denied_and_cancel_ends_cancelled() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;

    let r = create(
        &app,
        &d.requester,
        body_for(&d.requester_id, "role", &finance, json!({})),
    )
    .await;
    let id = r["id"].as_str().unwrap();
    let (status, done) = act(&app, &d.approver, id, "reject", json!({"comment": "Not in finance"})).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["decision"]["decision"], "rejected");
    assert_eq!(done["decision"]["outcome"], "denied");
    assert!(!role_names(&app, &d.admin, &d.requester_id)
        .await
        .contains(&"Finance Analyst".to_string()));

    let r = create(
        &app,
        &d.requester,
        body_for(&d.requester_id, "role", &finance, json!({})),
    )
    .await;
    let id = r["id"].as_str().unwrap();
    let (status, body) = act(&app, &d.approver, id, "cancel", json!({})).await;
    assert_eq!(status, 403, "the approver is not the requester: {body}");
    let (status, done) = act(&app, &d.requester, id, "cancel", json!({"comment": "No longer needed"})).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["decision"]["status"], "cancelled");
    assert_eq!(done["decision"]["outcome"], "cancelled");
    assert_eq!(done["decision"]["comments"][0]["comment"], "No longer needed");
}

#[tokio::test]
async fn an_identical_request_in_progress_is_a_duplicate() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;
    let body = body_for(&d.requester_id, "role", &finance, json!({}));
    let first = create(&app, &d.requester, body.clone()).await;

    let (status, out) = post(&app, &d.requester, &format!("{REQUESTS}?_action=create"), body).await;

    assert_eq!(status, 200);
    assert_eq!(out["result"], json!([]));
    let error = out["errors"][0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("DUPLICATED") && error.contains(first["id"].as_str().unwrap()),
        "{error}"
    );

    // Unknown users and items, and end before start, are per-user errors too.
    let bad = json!({"users": [d.requester_id, "nobody"], "catalogs": [{"type": "role", "id": "nope"}],
                     "startDate": "2026-05-01T00:00:00Z", "endDate": "2026-04-01T00:00:00Z"});
    let (status, out) = post(&app, &d.admin, &format!("{REQUESTS}?_action=validate"), bad).await;
    assert_eq!(status, 200, "{out}");
    let errors: Vec<String> = out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["error"].as_str().unwrap().to_string())
        .collect();
    assert!(errors.iter().any(|e| e.starts_with("USER_NOT_FOUND")), "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("ITEM_NOT_FOUND")), "{errors:?}");
    let (status, body) = post(
        &app,
        &d.requester,
        &format!("{REQUESTS}?_action=create"),
        json!({"users": []}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("users"));
}

#[tokio::test]
async fn strangers_can_neither_act_nor_read() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;
    let r = create(
        &app,
        &d.requester,
        body_for(&d.requester_id, "role", &finance, json!({})),
    )
    .await;
    let id = r["id"].as_str().unwrap();

    let (status, body) = act(&app, &d.policy, id, "approve", json!({})).await;
    assert_eq!(status, 403, "{body}");
    message(&body);
    let (status, _) = get(&app, &d.policy, &format!("{REQUESTS}/{id}")).await;
    assert_eq!(status, 403);
    let (status, _) = act(&app, &d.requester, id, "approve", json!({})).await;
    assert_eq!(status, 403, "the requester is no actor");
    let (status, _) = get(
        &app,
        &d.requester,
        &format!("/iga/governance/user/{}/requests", d.approver_id),
    )
    .await;
    assert_eq!(status, 403, "a user reads only their own requests");
    let (status, _) = post(
        &app,
        &d.requester,
        &format!("/iga/governance/user/{}/approvals?_action=search", d.approver_id),
        json!({}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = post(
        &app,
        &d.requester,
        &format!("{REQUESTS}?_action=create"),
        body_for(&d.approver_id, "role", &finance, json!({})),
    )
    .await;
    assert_eq!(status, 403, "only an ORG_ADMIN requests for others: {body}");
    let (status, _) = get(&app, &d.admin, &format!("{REQUESTS}/{id}")).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn justifications_and_self_approval_follow_the_iga_config() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;

    let (status, body) = call(
        &app,
        &d.admin,
        Method::PUT,
        "/iga/commons/config/iga_access_request",
        Some(json!({"requireRequestJustification": true, "requireRejectJustification": true, "bogus": 1})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(message(&body), "bogus is not a valid IGA config key.");
    let (status, _) = call(
        &app,
        &d.requester,
        Method::PUT,
        "/iga/commons/config/iga_access_request",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, cfg) = call(
        &app,
        &d.admin,
        Method::PUT,
        "/iga/commons/config/iga_access_request",
        Some(json!({"requireRequestJustification": true, "requireRejectJustification": true})),
    )
    .await;
    assert_eq!(status, 200, "{cfg}");
    assert_eq!(cfg["allowSelfApproval"], false);
    let (_, all) = get(&app, &d.policy, "/iga/commons/config").await;
    assert_eq!(all["iga_access_request"]["requireRequestJustification"], true);
    assert_eq!(all["iga_global"]["enableScoping"], false);
    let (status, _) = get(&app, &d.requester, "/iga/commons/config").await;
    assert_eq!(status, 403);
    let (status, body) = get(&app, &d.admin, "/iga/commons/config/iga_other").await;
    assert_eq!(
        (status, message(&body)),
        (400, "iga_other is not a valid IGA config key.".to_string())
    );

    let mut body = body_for(&d.requester_id, "role", &finance, json!({}));
    body.as_object_mut().unwrap().remove("justification");
    let refused = json!({"errors": [{"userId": d.requester_id, "error":
        "JUSTIFICATION_REQUIRED: justification is required (iga_access_request.requireRequestJustification)"}],
        "result": []});
    let (_, out) = post(&app, &d.requester, &format!("{REQUESTS}?_action=create"), body).await;
    assert_eq!(out, refused);
    let blank = body_for(&d.requester_id, "role", &finance, json!({"justification": "   "}));
    let (_, out) = post(&app, &d.requester, &format!("{REQUESTS}?_action=validate"), blank).await;
    assert_eq!(out, refused, "a blank justification is none");

    let r = create(
        &app,
        &d.requester,
        body_for(&d.requester_id, "role", &finance, json!({})),
    )
    .await;
    let id = r["id"].as_str().unwrap();
    let (status, body) = act(&app, &d.approver, id, "reject", json!({})).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("requireRejectJustification"));
    let (status, _) = act(&app, &d.approver, id, "reject", json!({"justification": "No"})).await;
    assert_eq!(status, 200);

    // An ORG_ADMIN without a manager, the only ORG_ADMIN, is the actor of their own
    // request and may not approve it while self-approval is off.
    let (status, _) = call(
        &app,
        &d.admin,
        Method::PUT,
        "/iga/commons/config",
        Some(json!({"iga_access_request": {"allowSelfApproval": false}})),
    )
    .await;
    assert_eq!(status, 200);
    let sales = item_id(&app, &d.admin, "role", "Sales Representative").await;
    let mine = create(&app, &d.admin, body_for(&d.admin_id, "role", &sales, json!({}))).await;
    let mine_id = mine["id"].as_str().unwrap();
    let admin_is_actor = mine["decision"]["actors"]["active"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == d.admin_id.as_str());
    assert!(admin_is_actor, "{mine}");
    let (status, body) = act(&app, &d.admin, mine_id, "approve", json!({})).await;
    assert_eq!(status, 403);
    assert!(message(&body).contains("allowSelfApproval"));
}

#[tokio::test]
async fn reassign_moves_the_active_actor_and_comments_ask_for_input() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;
    let r = create(
        &app,
        &d.requester,
        body_for(&d.requester_id, "role", &finance, json!({})),
    )
    .await;
    let id = r["id"].as_str().unwrap();

    let (status, asked) = act(
        &app,
        &d.approver,
        id,
        "comment",
        json!({"comment": "Which project?", "needsRequesterInput": true}),
    )
    .await;
    assert_eq!(status, 200, "{asked}");
    assert_eq!(asked["decision"]["awaitingRequester"], true);
    let (status, answered) = act(&app, &d.requester, id, "comment", json!({"comment": "Project Atlas"})).await;
    assert_eq!(status, 200);
    assert_eq!(answered["decision"]["awaitingRequester"], false);
    assert_eq!(answered["decision"]["comments"].as_array().unwrap().len(), 2);
    assert_eq!(
        answered["decision"]["comments"][1]["user"]["userName"],
        "demo-requester"
    );
    let (status, _) = act(&app, &d.policy, id, "comment", json!({"comment": "hi"})).await;
    assert_eq!(status, 403);

    let (status, body) = act(
        &app,
        &d.approver,
        id,
        "reassign",
        json!({"updatedActors": [{"id": "nobody"}]}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("updatedActors[0].id"));
    let (status, moved) = act(
        &app,
        &d.approver,
        id,
        "reassign",
        json!({"updatedActors": [{"id": d.admin_id}], "comment": "Over to IT"}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    let active = moved["decision"]["actors"]["active"].as_array().unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["id"], d.admin_id.as_str());
    assert_eq!(moved["decision"]["comments"][2]["action"], "reassign");
    assert_eq!(moved["_rev"], 4);

    let (status, _) = act(&app, &d.approver, id, "approve", json!({})).await;
    assert_eq!(status, 403, "the approver handed over");
    let (_, waiting) = post(
        &app,
        &d.approver,
        &format!("/iga/governance/user/{}/approvals?_action=search", d.approver_id),
        json!({}),
    )
    .await;
    assert_eq!(waiting["totalCount"], 0);
    let (status, done) = act(&app, &d.admin, id, "approve", json!({})).await;
    assert_eq!(status, 200, "{done}");
    assert!(role_names(&app, &d.admin, &d.requester_id)
        .await
        .contains(&"Finance Analyst".to_string()));
}

#[tokio::test]
async fn my_requests_filter_sort_and_page() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;
    let vpn = item_id(&app, &d.requester, "entitlement", "VPN Users").await;
    let salesforce = {
        let (_, list) = post(
            &app,
            &d.requester,
            &format!("{CATALOG}?_action=search"),
            json!({"targetFilter":
            {"operator": "AND", "operand": [
                {"operator": "EQUALS", "operand": {"targetName": "item.type", "targetValue": "accountGrant"}},
                {"operator": "EQUALS", "operand": {"targetName": "application.name", "targetValue": "Salesforce"}}]}}),
        )
        .await;
        list["result"][0]["id"].as_str().unwrap().to_string()
    };
    create(
        &app,
        &d.requester,
        body_for(&d.requester_id, "role", &finance, json!({})),
    )
    .await;
    let mut ent = body_for(&d.requester_id, "entitlement", &vpn, json!({"priority": "high"}));
    ent["catalogs"][0]["data"] = json!({"form": serde_json::from_str::<Value>(GOOD_FORM).unwrap()});
    create(&app, &d.requester, ent).await;
    create(
        &app,
        &d.requester,
        body_for(&d.requester_id, "application", &salesforce, json!({"priority": "low"})),
    )
    .await;
    let mine = format!("/iga/governance/user/{}/requests", d.requester_id);

    let (status, all) = get(&app, &d.requester, &mine).await;
    assert_eq!(status, 200);
    assert_eq!(all["totalCount"], 3);

    let (_, page) = get(&app, &d.requester, &format!("{mine}?_sortKeys=requestType&_pageSize=2")).await;
    assert_eq!(
        (page["resultCount"].clone(), page["totalCount"].clone()),
        (json!(2), json!(3))
    );
    assert_eq!(page["result"][0]["requestType"], "applicationGrant");
    assert_eq!(page["result"][1]["requestType"], "entitlementGrant");
    let (_, rest) = get(
        &app,
        &d.requester,
        &format!("{mine}?_sortKeys=requestType&_pageSize=2&_pagedResultsOffset=2"),
    )
    .await;
    assert_eq!(rest["result"][0]["requestType"], "roleGrant");
    let (_, desc) = get(
        &app,
        &d.requester,
        &format!("{mine}?_sortKeys=requestType&_sortDir=desc&_fields=requestType"),
    )
    .await;
    assert_eq!(
        desc["result"][0],
        json!({"id": desc["result"][0]["id"], "requestType": "roleGrant"})
    );

    let (status, high) = post(
        &app,
        &d.requester,
        &format!("{mine}?_action=search"),
        json!({"targetFilter":
        {"operator": "EQUALS", "operand": {"targetName": "request.common.priority", "targetValue": "high"}}}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(high["totalCount"], 1);
    assert_eq!(high["result"][0]["entitlement"]["name"], "VPN Users");
    let (_, crest) = get(
        &app,
        &d.requester,
        &format!("{mine}?_queryFilter=requestType%20eq%20%22roleGrant%22"),
    )
    .await;
    assert_eq!(crest["totalCount"], 1);
    let (status, body) = get(&app, &d.requester, &format!("{mine}?_sortDir=sideways")).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("_sortDir"));

    let (_, approvals) = get(
        &app,
        &d.approver,
        &format!("/iga/governance/user/{}/approvals", d.approver_id),
    )
    .await;
    assert_eq!(approvals["totalCount"], 3);
}

#[tokio::test]
async fn request_types_have_the_builtins_and_custom_ones() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    const TYPES: &str = "/iga/governance/requestTypes";

    let (status, list) = get(&app, &d.policy, TYPES).await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = list["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for b in [
        "applicationGrant",
        "applicationRemove",
        "entitlementGrant",
        "entitlementRemove",
        "roleGrant",
        "roleRemove",
    ] {
        assert!(ids.contains(&b), "{b} in {ids:?}");
    }
    let (status, _) = get(&app, &d.requester, TYPES).await;
    assert_eq!(status, 403);

    let (status, t) = post(
        &app,
        &d.admin,
        TYPES,
        json!({"displayName": "Laptop", "schemas": {"custom": [{"name": "model"}]},
        "workflow": {"id": "laptop", "type": "bpmn"}}),
    )
    .await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["custom"], true);
    assert_eq!(t["_rev"], 1);
    let tid = t["id"].as_str().unwrap();
    let (status, patched) = call(
        &app,
        &d.admin,
        Method::PATCH,
        &format!("{TYPES}/{tid}"),
        Some(json!([{"operation": "replace", "field": "/displayName", "value": "New laptop"}])),
    )
    .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        (patched["displayName"].clone(), patched["_rev"].clone()),
        (json!("New laptop"), json!(2))
    );
    let (status, body) = post(&app, &d.admin, TYPES, json!({"schemas": []})).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("schemas"));
    let (status, _) = post(&app, &d.policy, TYPES, json!({})).await;
    assert_eq!(status, 403);
    let (status, deleted) = call(&app, &d.admin, Method::DELETE, &format!("{TYPES}/{tid}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(deleted["id"], tid);
    let (status, _) = get(&app, &d.admin, &format!("{TYPES}/{tid}")).await;
    assert_eq!(status, 404);
    let (status, body) = call(&app, &d.admin, Method::DELETE, &format!("{TYPES}/roleGrant"), None).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("built in"));
}

#[tokio::test]
async fn an_org_admin_provisions_directly() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    let finance = item_id(&app, &d.requester, "role", "Finance Analyst").await;
    let path = format!("/iga/governance/user/{}/roles", d.requester_id);

    let (status, body) = post(
        &app,
        &d.admin,
        &format!("{path}?_action=add"),
        json!({"roleId": finance, "grantType": "admin"}),
    )
    .await;
    assert_eq!((status, body), (200, json!({})));
    assert!(role_names(&app, &d.admin, &d.requester_id)
        .await
        .contains(&"Finance Analyst".to_string()));
    let (status, _) = post(
        &app,
        &d.admin,
        &format!("{path}?_action=remove"),
        json!({"roleId": finance}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!role_names(&app, &d.admin, &d.requester_id)
        .await
        .contains(&"Finance Analyst".to_string()));

    let (status, _) = post(
        &app,
        &d.requester,
        &format!("{path}?_action=add"),
        json!({"roleId": finance}),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = post(
        &app,
        &d.admin,
        &format!("{path}?_action=add"),
        json!({"roleId": "nope"}),
    )
    .await;
    assert_eq!(status, 404);
    assert!(message(&body).contains("roleId"));
    let (status, body) = post(&app, &d.admin, &format!("{path}?_action=add"), json!({})).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("roleId is required"));
}

#[tokio::test]
async fn sort_type_reads_dates_as_instants_and_integers_as_numbers() {
    let app = spawn_app().await;
    let d = demo(&app).await;
    for (role, start) in [
        ("Finance Analyst", "2026-06-01T09:00:00+05:00"),
        ("Sales Representative", "2026-06-01T05:00:00Z"),
        ("HR Business Partner", "2026-06-01"),
    ] {
        let id = item_id(&app, &d.requester, "role", role).await;
        create(
            &app,
            &d.requester,
            body_for(&d.requester_id, "role", &id, json!({"startDate": start})),
        )
        .await;
    }
    let mine = format!("/iga/governance/user/{}/requests", d.requester_id);
    let values = |list: &Value, path: &[&str]| -> Vec<String> {
        list["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{list}"))
            .iter()
            .map(|r| {
                let v = path.iter().fold(r, |v, k| &v[*k]);
                v.as_str().unwrap_or_default().to_string()
            })
            .collect()
    };
    let start = ["request", "common", "startDate"];

    let (_, as_text) = get(
        &app,
        &d.requester,
        &format!("{mine}?_sortKeys=request.common.startDate"),
    )
    .await;
    assert_eq!(
        values(&as_text, &start),
        ["2026-06-01", "2026-06-01T05:00:00Z", "2026-06-01T09:00:00+05:00"]
    );
    let (status, as_date) = get(
        &app,
        &d.requester,
        &format!("{mine}?_sortKeys=request.common.startDate&_sortType=date"),
    )
    .await;
    assert_eq!(status, 200, "{as_date}");
    assert_eq!(
        values(&as_date, &start),
        ["2026-06-01", "2026-06-01T09:00:00+05:00", "2026-06-01T05:00:00Z"],
        "09:00+05:00 is 04:00Z"
    );
    let (_, latest) = get(
        &app,
        &d.requester,
        &format!("{mine}?_sortKeys=request.common.startDate&_sortDir=desc&_sortType=date&_pageSize=1"),
    )
    .await;
    assert_eq!(values(&latest, &start), ["2026-06-01T05:00:00Z"]);

    // Integers held as text, in a custom type's property.
    let (status, t) = post(
        &app,
        &d.admin,
        "/iga/governance/requestTypes",
        json!({"displayName": "Monitors", "schemas": {"custom": [{"name": "quantity", "type": "text"}]},
               "workflow": {"id": "monitors", "type": "bpmn"}}),
    )
    .await;
    assert_eq!(status, 200, "{t}");
    let tid = t["id"].as_str().unwrap();
    for quantity in ["9", "100", "10"] {
        let (status, r) = post(
            &app,
            &d.requester,
            &format!("{REQUESTS}/{tid}?_action=publish"),
            json!({"custom": {"quantity": quantity}}),
        )
        .await;
        assert_eq!(status, 200, "{r}");
    }
    let only = format!("_queryFilter=requestType%20eq%20%22{tid}%22&_sortKeys=request.custom.quantity");
    let quantity = ["request", "custom", "quantity"];
    let (_, as_text) = get(&app, &d.requester, &format!("{mine}?{only}")).await;
    assert_eq!(values(&as_text, &quantity), ["10", "100", "9"]);
    let (_, as_integer) = get(&app, &d.requester, &format!("{mine}?{only}&_sortType=integer")).await;
    assert_eq!(values(&as_integer, &quantity), ["9", "10", "100"]);

    let (status, body) = get(&app, &d.requester, &format!("{mine}?{only}&_sortType=number")).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("_sortType"));
}
