//! Requests made or changed other than by a decision, over real HTTP: publishing a
//! request of a custom type (schemas and the type's form enforced, approval fulfils it)
//! and of a built-in type (the same rules as a create); modify, PUT and PATCH of what a
//! request asks for (only allowed properties, checked again, If-Match); the workflow's
//! `update`; my tasks; and `_searchAfter` paging.

mod common;

use common::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const REQUESTS: &str = "/iga/governance/requests";
const TYPES: &str = "/iga/governance/requestTypes";
/// The demo tenant's custom request type "New user".
const NEW_USER: &str = "5d0f6a2e-3b1c-4f7a-9e8d-2c4b6a1f0e93";

struct Who {
    token: String,
    id: String,
}

async fn who(app: &TestApp, client: &str) -> Who {
    let t = app.token_for(client).await;
    Who {
        token: t.access_token,
        id: t.identity_id,
    }
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    app.json_call(token, Method::POST, path, Some(body), &[]).await
}

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    app.json_call(token, Method::GET, path, None, &[]).await
}

fn message(body: &Value) -> &str {
    body["message"]
        .as_str()
        .unwrap_or_else(|| panic!("an IGA error: {body}"))
}

/// A custom "Laptop" type with a form assigned to it; answers its id.
async fn laptop_type(app: &TestApp, admin: &str) -> String {
    let (status, t) = post(
        app,
        admin,
        TYPES,
        json!({"displayName": "Laptop", "schemas": {"custom": [
            {"name": "model", "type": "text", "required": true},
            {"name": "memory", "type": "number"}
        ]}, "workflow": {"id": "laptop", "type": "bpmn"}}),
    )
    .await;
    assert_eq!(status, 200, "{t}");
    let tid = t["id"].as_str().unwrap().to_string();
    let form = json!({"name": "Laptop form", "type": "request", "form": {"fields": [{"id": "r1", "fields": [
        {"id": "f1", "type": "string", "model": "custom.model", "label": "Model",
         "validation": {"required": true, "regex": {"pattern": "^[A-Z][A-Za-z0-9 ]+$", "message": "Start with a capital letter"}},
         "layout": {"columns": 12, "offset": 0}}
    ]}]}});
    let (status, f) = post(app, admin, "/iga/governance/requestForms", form).await;
    assert_eq!(status, 200, "{f}");
    let (status, a) = post(
        app,
        admin,
        "/iga/governance/requestFormAssignments?_action=assign",
        json!({"formId": f["id"], "objectId": format!("requestType/{tid}")}),
    )
    .await;
    assert_eq!(status, 200, "{a}");
    tid
}

#[tokio::test]
async fn a_custom_type_publish_follows_the_justification_rule_and_keeps_the_defaults() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let tid = laptop_type(&app, &admin.token).await;
    let publish = format!("{REQUESTS}/{tid}?_action=publish");
    let (status, cfg) = app
        .json_call(
            &admin.token,
            Method::PUT,
            "/iga/commons/config/iga_access_request",
            Some(json!({"requireRequestJustification": true})),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{cfg}");

    // The same rule as a create's (crates/wire), the message naming common.justification.
    for common in [json!({}), json!({"justification": "   "})] {
        let (status, body) = post(
            &app,
            &requester.token,
            &publish,
            json!({"common": common, "custom": {"model": "X1"}}),
        )
        .await;
        assert_eq!(status, 400, "{common}: {body}");
        assert_eq!(
            message(&body),
            "common.justification is required (iga_access_request.requireRequestJustification)",
            "{common}"
        );
    }
    let (status, r) = post(
        &app,
        &requester.token,
        &publish,
        json!({"common": {"justification": "New starter"}, "custom": {"model": "X1"}}),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(
        r["request"],
        json!({"common": {"justification": "New starter", "priority": "low", "isDraft": false,
                          "userId": requester.id},
               "custom": {"model": "X1"}, "_rev": 1}),
        "the sent properties over the defaults, the user filled in"
    );
    // What is sent wins over a default.
    let (status, r) = post(
        &app,
        &requester.token,
        &publish,
        json!({"common": {"justification": "Spare", "priority": "high", "isDraft": true}, "custom": {"model": "X2"}}),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(
        (&r["request"]["common"]["priority"], &r["request"]["common"]["isDraft"]),
        (&json!("high"), &json!(true))
    );
}

#[tokio::test]
async fn a_custom_type_is_published_checked_and_fulfilled_on_approval() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let tid = laptop_type(&app, &admin.token).await;
    let publish = format!("{REQUESTS}/{tid}?_action=publish");

    // The schema: required, typed, nothing unknown.
    let (status, body) = post(&app, &requester.token, &publish, json!({"custom": {"memory": "lots"}})).await;
    assert_eq!(status, 400, "{body}");
    let text = message(&body);
    assert!(text.contains("custom.memory: must be a number"), "{text}");
    assert!(text.contains("custom.model: is required"), "{text}");
    let (status, body) = post(
        &app,
        &requester.token,
        &publish,
        json!({"custom": {"model": "X1", "wheels": 4}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("custom.wheels"), "{body}");
    // The type's form, with its ECMAScript pattern.
    let (status, body) = post(&app, &requester.token, &publish, json!({"custom": {"model": "x1"}})).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("Start with a capital letter"), "{body}");
    // Nothing was stored by the refusals.
    let (_, mine) = get(
        &app,
        &requester.token,
        &format!("/iga/governance/user/{}/requests", requester.id),
    )
    .await;
    assert_eq!(mine["totalCount"], 0, "{mine}");
    // Only an ORG_ADMIN asks for someone else.
    let (status, _) = post(
        &app,
        &requester.token,
        &publish,
        json!({"common": {"userId": admin.id}, "custom": {"model": "X1"}}),
    )
    .await;
    assert_eq!(status, 403);

    // Without `_action` a request type id publishes too.
    let (status, r) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/{tid}"),
        json!({"common": {"justification": "New starter"}, "custom": {"model": "X1 Carbon", "memory": 32}}),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["requestType"], tid.as_str());
    assert_eq!(r["user"]["id"], requester.id.as_str());
    assert_eq!(r["request"]["custom"]["model"], "X1 Carbon");
    assert_eq!(r["request"]["common"]["priority"], "low");
    assert_eq!(r["decision"]["status"], "in-progress");
    assert_eq!(r["decision"]["actors"]["active"][0]["id"], approver.id.as_str());
    let rid = r["id"].as_str().unwrap();

    let (status, done) = post(
        &app,
        &approver.token,
        &format!("{REQUESTS}/{rid}?_action=approve"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["decision"]["decision"], "approved");
    assert_eq!(done["decision"]["outcome"], "fulfilled");

    let (status, body) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/nope?_action=publish"),
        json!({}),
    )
    .await;
    assert_eq!(status, 404);
    assert!(message(&body).contains("request type 'nope'"));
    let (status, body) = post(&app, &requester.token, &format!("{REQUESTS}/nope"), json!({})).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("_action is required"));
}

#[tokio::test]
async fn a_builtin_type_publish_is_a_create_with_the_same_rules() {
    let app = spawn_app().await;
    let requester = who(&app, "demo-requester").await;
    let (_, list) = post(
        &app,
        &requester.token,
        "/iga/governance/catalog?_action=search",
        json!({"targetFilter": {"operator": "EQUALS", "operand": {"targetName": "role.name", "targetValue": "Finance Analyst"}}}),
    )
    .await;
    let role = list["result"][0]["id"].as_str().unwrap().to_string();
    let body = json!({"common": {"userId": requester.id, "roleId": role, "justification": "Quarter close"}});
    let (status, r) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/roleGrant?_action=publish"),
        body.clone(),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["requestType"], "roleGrant");
    assert_eq!(r["role"]["name"], "Finance Analyst");
    assert_eq!(r["request"]["common"]["justification"], "Quarter close");
    let (status, again) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/roleGrant?_action=publish"),
        body,
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&again).starts_with("DUPLICATED"), "{again}");
    let (status, missing) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/roleGrant?_action=publish"),
        json!({"common": {"userId": requester.id}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&missing).contains("common.roleId: is required"), "{missing}");
}

#[tokio::test]
async fn modify_put_and_patch_change_only_what_may_change() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let policy = who(&app, "demo-policy").await;
    let tid = laptop_type(&app, &admin.token).await;
    let (status, r) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/{tid}?_action=publish"),
        json!({"custom": {"model": "X1"}}),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    let rid = r["id"].as_str().unwrap().to_string();
    let one = format!("{REQUESTS}/{rid}");

    // modify: merged in, recorded, _rev raised.
    let (status, m) = post(
        &app,
        &requester.token,
        &format!("{one}?_action=modify"),
        json!({"common": {"justification": "Old one broke"}, "custom": {"memory": 16}}),
    )
    .await;
    assert_eq!(status, 200, "{m}");
    assert_eq!(m["_rev"], 2);
    assert_eq!(m["request"]["custom"], json!({"model": "X1", "memory": 16}));
    assert_eq!(m["request"]["common"]["justification"], "Old one broke");
    let last = m["decision"]["comments"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "modify");
    assert_eq!(last["comment"], "Changed common.justification, custom.memory");

    // Who the request is for, unknown properties, bad values and the form: refused, unchanged.
    for (body, needle) in [
        (
            json!({"common": {"userId": admin.id}}),
            "common.userId cannot be changed",
        ),
        (json!({"custom": {"wheels": 4}}), "custom.wheels"),
        (json!({"common": {"priority": "urgent"}}), "common.priority"),
        (json!({"custom": {"model": "x"}}), "Start with a capital letter"),
        (
            json!({"common": {"startDate": "2026-12-02", "endDate": "2026-12-01"}}),
            "must be after",
        ),
        (json!({"custom": {"memory": 16}}), "nothing to change"),
    ] {
        let (status, e) = post(&app, &requester.token, &format!("{one}?_action=modify"), body.clone()).await;
        assert_eq!(status, 400, "{body}: {e}");
        assert!(message(&e).contains(needle), "{body}: {e}");
    }
    let (status, _) = post(
        &app,
        &policy.token,
        &format!("{one}?_action=modify"),
        json!({"custom": {"memory": 8}}),
    )
    .await;
    assert_eq!(status, 403, "a stranger cannot modify");
    let (_, now) = get(&app, &requester.token, &one).await;
    assert_eq!(now["_rev"], 2, "refusals change nothing");

    // PUT replaces the request object; PATCH applies CREST operations; both honour If-Match.
    let mut whole = now["request"].clone();
    whole["common"]["priority"] = json!("high");
    let (status, stale) = app
        .json_call(
            &approver.token,
            Method::PUT,
            &one,
            Some(whole.clone()),
            &[("If-Match", "1")],
        )
        .await;
    assert_eq!(status, 412, "{stale}");
    let (status, put) = app
        .json_call(&approver.token, Method::PUT, &one, Some(whole), &[("If-Match", "2")])
        .await;
    assert_eq!(status, 200, "{put}");
    assert_eq!(
        (put["_rev"].clone(), put["request"]["common"]["priority"].clone()),
        (json!(3), json!("high"))
    );
    let (status, patched) = app
        .json_call(
            &requester.token,
            Method::PATCH,
            &one,
            Some(
                json!([{"operation": "replace", "field": "/custom/model", "value": "T14"},
                        {"operation": "add", "field": "/request/common/externalRequestId", "value": "HR-7"}]),
            ),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["request"]["custom"]["model"], "T14");
    assert_eq!(patched["request"]["common"]["externalRequestId"], "HR-7");
    assert_eq!(patched["request"]["_rev"], 4);
    let (status, e) = app
        .json_call(
            &requester.token,
            Method::PATCH,
            &one,
            Some(json!([{"operation": "replace", "field": "/custom/memory", "value": "a lot"}])),
            &[],
        )
        .await;
    assert_eq!(status, 400);
    assert!(message(&e).contains("custom.memory: must be a number"), "{e}");

    // A decided request no longer changes.
    let (status, _) = post(&app, &approver.token, &format!("{one}?_action=approve"), json!({})).await;
    assert_eq!(status, 200);
    let (status, e) = post(
        &app,
        &requester.token,
        &format!("{one}?_action=modify"),
        json!({"custom": {"memory": 8}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&e).contains("complete"), "{e}");
}

#[tokio::test]
async fn update_is_the_workflows_bookkeeping_for_org_admins() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let tid = laptop_type(&app, &admin.token).await;
    let (_, r) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/{tid}?_action=publish"),
        json!({"custom": {"model": "X1"}}),
    )
    .await;
    let one = format!("{REQUESTS}/{}", r["id"].as_str().unwrap());
    let update = format!("{one}?_action=update");

    let (status, _) = post(&app, &approver.token, &update, json!({"status": "suspended"})).await;
    assert_eq!(status, 403, "even an actor may not update");
    let (status, e) = post(&app, &admin.token, &update, json!({"status": "paused"})).await;
    assert_eq!(status, 400);
    assert!(message(&e).contains("status must be one of"), "{e}");
    let (status, s) = post(
        &app,
        &admin.token,
        &update,
        json!({"status": "suspended", "comment": "Waiting on stock"}),
    )
    .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["decision"]["status"], "suspended");
    let (status, _) = post(&app, &approver.token, &format!("{one}?_action=approve"), json!({})).await;
    assert_eq!(status, 400, "a suspended request cannot be decided");
    let (status, done) = post(
        &app,
        &admin.token,
        &update,
        json!({"status": "complete", "decision": "approved", "outcome": "fulfilled"}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["decision"]["outcome"], "fulfilled");
    assert_eq!(done["decision"]["phases"][0]["status"], "complete");
    assert_eq!(done["decision"]["actors"]["active"], json!([]));
    let (status, _) = post(&app, &admin.token, &update, json!({"status": "in-progress"})).await;
    assert_eq!(status, 400, "a finished request stays finished");
}

#[tokio::test]
async fn tasks_and_search_after_paging() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let tid = laptop_type(&app, &admin.token).await;
    let mut ids = Vec::new();
    for model in ["A1", "B2", "C3"] {
        let (status, r) = post(
            &app,
            &requester.token,
            &format!("{REQUESTS}/{tid}"),
            json!({"custom": {"model": model}}),
        )
        .await;
        assert_eq!(status, 200, "{r}");
        ids.push(r["id"].as_str().unwrap().to_string());
    }

    let tasks = format!("/iga/governance/user/{}/tasks", approver.id);
    let (status, t) = get(&app, &approver.token, &format!("{tasks}?type=request")).await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["totalCount"], 3);
    let (_, none) = get(&app, &approver.token, &format!("{tasks}?type=violation")).await;
    assert_eq!(none["totalCount"], 0);
    let (status, e) = get(&app, &approver.token, &format!("{tasks}?type=chores")).await;
    assert_eq!(status, 400);
    assert!(message(&e).contains("type must be"));
    let (status, _) = get(&app, &requester.token, &tasks).await;
    assert_eq!(status, 403, "only one's own tasks");
    let (status, found) = post(
        &app,
        &approver.token,
        &format!("{tasks}?_action=search&type=request"),
        json!({"targetFilter": {"operator": "EQUALS", "operand": {"targetName": "request.custom.model", "targetValue": "B2"}}}),
    )
    .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["result"][0]["id"], ids[1].as_str());

    // Pages of one by model, each resuming after the previous page's searchAfterKey.
    let mine = format!(
        "/iga/governance/user/{}/requests?_pageSize=1&_sortKeys=request.custom.model",
        requester.id
    );
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..4 {
        let path = match &after {
            Some(a) => format!("{mine}&_searchAfter={}", urlencode(a)),
            None => mine.clone(),
        };
        let (status, page) = get(&app, &requester.token, &path).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["totalCount"], 3);
        seen.extend(
            page["result"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["request"]["custom"]["model"].clone()),
        );
        match page["searchAfterKey"].as_array() {
            Some(key) => {
                after = Some(
                    key.iter()
                        .map(|v| v.as_str().unwrap().to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                )
            }
            None => break,
        }
    }
    assert_eq!(seen, vec![json!("A1"), json!("B2"), json!("C3")]);
    let (status, e) = get(&app, &requester.token, &format!("{mine}&_searchAfter=a,b,c")).await;
    assert_eq!(status, 400);
    assert!(message(&e).contains("_searchAfter"), "{e}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_created_builtin_request_can_be_changed_but_not_its_modifier() {
    let app = spawn_app().await;
    let requester = who(&app, "demo-requester").await;
    let (_, list) = post(
        &app,
        &requester.token,
        "/iga/governance/catalog?_action=search",
        json!({"targetFilter": {"operator": "EQUALS",
               "operand": {"targetName": "role.name", "targetValue": "Finance Analyst"}}}),
    )
    .await;
    let finance = list["result"][0]["id"].as_str().unwrap().to_string();
    let (status, out) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}?_action=create"),
        json!({"users": [requester.id], "catalogs": [{"type": "role", "id": finance}],
               "expiryDate": "2027-01-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    let r = &out["result"][0];
    assert_eq!(r["request"]["common"]["accessModifier"], "add");
    let one = format!("{REQUESTS}/{}", r["id"].as_str().unwrap());

    // What the create wrote into `common` does not stand in the way of a change.
    let (status, changed) = post(
        &app,
        &requester.token,
        &format!("{one}?_action=modify"),
        json!({"common": {"priority": "high"}}),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["request"]["common"]["priority"], "high");
    let mut whole = changed["request"].clone();
    whole["common"]["justification"] = json!("Quarter close");
    let (status, put) = app
        .json_call(&requester.token, Method::PUT, &one, Some(whole), &[])
        .await;
    assert_eq!(status, 200, "{put}");
    assert_eq!(put["request"]["common"]["justification"], "Quarter close");

    // The modifier is what the type says: a grant does not become a removal.
    let (status, e) = app
        .json_call(
            &requester.token,
            Method::PATCH,
            &one,
            Some(json!([{"operation": "replace", "field": "/common/accessModifier", "value": "remove"}])),
            &[],
        )
        .await;
    assert_eq!(status, 400, "{e}");
    assert!(message(&e).contains("common.accessModifier"), "{e}");
    let (_, now) = get(&app, &requester.token, &one).await;
    assert_eq!(
        (now["_rev"].clone(), now["requestType"].clone()),
        (json!(3), json!("roleGrant"))
    );
}

#[tokio::test]
async fn the_demo_new_user_type_publishes_with_pingones_example_form() {
    let app = spawn_app().await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let publish = format!("{REQUESTS}/{NEW_USER}?_action=publish");
    let valid = json!({
        "givenName": "Grace", "phone": "555-0101", "position": "one", "manager": approver.id,
        "startDate": "2027-01-04", "laptop": true, "groups": ["it"],
    });

    // The form's own rule (its phone pattern and message) refuses a bad value.
    let mut bad = valid.clone();
    bad["phone"] = json!("5550101");
    let (status, body) = post(&app, &requester.token, &publish, json!({"custom": bad})).await;
    assert_eq!(status, 400, "{body}");
    assert!(message(&body).contains("Fix phone"), "{body}");
    // The type's schema: the given name is required.
    let mut missing = valid.clone();
    missing.as_object_mut().unwrap().remove("givenName");
    let (status, body) = post(&app, &requester.token, &publish, json!({"custom": missing})).await;
    assert_eq!(status, 400, "{body}");
    assert!(message(&body).contains("custom.givenName"), "{body}");

    let (status, r) = post(&app, &requester.token, &publish, json!({"custom": valid})).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["requestType"], NEW_USER);
    assert_eq!(r["request"]["custom"]["groups"], json!(["it"]));
    assert_eq!(r["decision"]["status"], "in-progress");
    assert_eq!(r["decision"]["actors"]["active"][0]["id"], approver.id.as_str());
}
