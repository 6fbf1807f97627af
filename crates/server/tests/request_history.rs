//! The audit trails of access requests and of the IGA configuration over real HTTP:
//! every change (create, publish, each action, PUT, PATCH, update; every configuration
//! PUT) leaves one entry, in the order of the changes, with who, when, what was sent and
//! the document before and after; a refused change leaves none; who may read them;
//! paging and `X-Total-Count`.

mod common;

use common::iga::{act, body_for, create, get, id_of, item_id, message, post, put, who, Who, CONFIG, REQUESTS};
use common::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// A history page, its entries and `X-Total-Count`.
async fn history(app: &TestApp, token: &str, path: &str) -> (u16, Vec<Value>, Option<i64>) {
    let r = app
        .http
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    let total = r
        .headers()
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let body: Value = r.json().await.expect("JSON");
    let entries = body.as_array().cloned().unwrap_or_default();
    (status, entries, total)
}

fn request_history_path(id: &str) -> String {
    format!("/gatehouse/v1/requests/{id}/history")
}

/// The actions of a request's history, oldest first.
async fn actions(app: &TestApp, token: &str, id: &str) -> Vec<String> {
    let (status, entries, _) = history(app, token, &request_history_path(id)).await;
    assert_eq!(status, 200);
    entries
        .iter()
        .rev()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn every_change_of_a_request_is_recorded_in_order_and_refusals_are_not() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let policy = who(&app, "demo-policy").await;
    let finance = item_id(&app, &requester.token, "role", "Finance Analyst").await;
    let create_body = body_for(&requester.id, "role", &finance, json!({}));
    let r = create(&app, &requester.token, create_body.clone()).await;
    let id = id_of(&r);
    let one = format!("{REQUESTS}/{id}");

    // Each step, and what it sends.
    let ask = json!({"comment": "Which project?", "needsRequesterInput": true});
    let (status, _) = act(&app, &approver.token, &id, "comment", ask.clone()).await;
    assert_eq!(status, 200);
    let (status, _) = act(&app, &requester.token, &id, "comment", json!({"comment": "Atlas"})).await;
    assert_eq!(status, 200);
    let modify = json!({"common": {"priority": "high"}});
    let (status, body) = act(&app, &requester.token, &id, "modify", modify.clone()).await;
    assert_eq!(status, 200, "{body}");
    let mut whole = body["request"].clone();
    whole["common"]["justification"] = json!("For the Atlas close");
    let (status, body) = put(&app, &requester.token, &one, whole.clone()).await;
    assert_eq!(status, 200, "{body}");
    let ops = json!([{"operation": "replace", "field": "/common/priority", "value": "medium"}]);
    let (status, body) = app
        .json_call(&requester.token, Method::PATCH, &one, Some(ops.clone()), &[])
        .await;
    assert_eq!(status, 200, "{body}");
    let reassign = json!({"updatedActors": [{"id": admin.id}], "comment": "Over to IT"});
    let (status, _) = act(&app, &approver.token, &id, "reassign", reassign.clone()).await;
    assert_eq!(status, 200);

    // Refused changes: no actor, a locked property, a stale If-Match, bad input.
    let before_refusals = actions(&app, &admin.token, &id).await;
    let (status, _) = act(&app, &approver.token, &id, "approve", json!({})).await;
    assert_eq!(status, 403, "the approver handed over");
    let (status, _) = act(&app, &requester.token, &id, "approve", json!({})).await;
    assert_eq!(status, 403);
    let (status, _) = act(&app, &policy.token, &id, "comment", json!({"comment": "hi"})).await;
    assert_eq!(status, 403);
    let locked = json!([{"operation": "replace", "field": "/common/userId", "value": policy.id}]);
    let (status, _) = app
        .json_call(&requester.token, Method::PATCH, &one, Some(locked), &[])
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .json_call(
            &admin.token,
            Method::PUT,
            &one,
            Some(whole.clone()),
            &[("If-Match", "1")],
        )
        .await;
    assert_eq!(status, 412);
    let (status, _) = act(&app, &admin.token, &id, "update", json!({"status": "sideways"})).await;
    assert_eq!(status, 400);
    let (status, _) = act(&app, &admin.token, &id, "reassign", json!({"updatedActors": []})).await;
    assert_eq!(status, 400);
    assert_eq!(actions(&app, &admin.token, &id).await, before_refusals);

    let update = json!({"comment": "Checked the budget"});
    let (status, _) = act(&app, &admin.token, &id, "update", update.clone()).await;
    assert_eq!(status, 200);
    let approve = json!({"justification": "Budget approved"});
    let (status, done) = act(&app, &admin.token, &id, "approve", approve.clone()).await;
    assert_eq!(status, 200, "{done}");
    let (status, _) = act(&app, &admin.token, &id, "cancel", json!({})).await;
    assert_eq!(status, 400, "a finished request takes no more changes");

    let (status, entries, total) = history(&app, &requester.token, &request_history_path(&id)).await;
    assert_eq!(status, 200);
    let oldest_first: Vec<&Value> = entries.iter().rev().collect();
    let expected = [
        ("create", &requester, &create_body),
        ("comment", &approver, &ask),
        ("comment", &requester, &json!({"comment": "Atlas"})),
        ("modify", &requester, &modify),
        ("put", &requester, &whole),
        ("patch", &requester, &ops),
        ("reassign", &approver, &reassign),
        ("update", &admin, &update),
        ("approve", &admin, &approve),
    ];
    assert_eq!(total, Some(expected.len() as i64));
    assert_eq!(oldest_first.len(), expected.len());
    let mut previous: Option<&Value> = None;
    for (i, (entry, (action, by, sent))) in oldest_first.iter().zip(expected.iter()).enumerate() {
        let by: &Who = by;
        assert_eq!(entry["action"], *action, "entry {i}: {entry}");
        assert_eq!(entry["requestId"], id.as_str());
        assert_eq!(entry["changedBy"]["id"], by.id.as_str(), "entry {i}");
        assert_eq!(&entry["body"], *sent, "entry {i} keeps what was sent");
        assert_eq!(entry["rev"], json!(i + 1), "entry {i}");
        assert_eq!(entry["after"]["_rev"], json!(i + 1));
        assert_eq!(entry["changed"], entry["after"]["metadata"]["modifiedDate"]);
        match previous {
            None => assert!(entry["before"].is_null(), "a new request has no before"),
            Some(p) => assert_eq!(entry["before"], p["after"], "entry {i} starts where {} ended", i - 1),
        }
        previous = Some(entry);
    }
    assert_eq!(oldest_first[0]["changedBy"]["name"], "Rachel Green");
    assert_eq!(oldest_first[8]["changedBy"]["name"], "Ada Lovelace");
    assert_eq!(oldest_first[3]["after"]["request"]["common"]["priority"], "high");
    assert_eq!(oldest_first[8]["before"]["decision"]["status"], "in-progress");
    let (_, now) = get(&app, &requester.token, &one).await;
    assert_eq!(oldest_first[8]["after"], now, "the last entry is the request as it is");

    // Paging, newest first.
    let (_, page, total) = history(
        &app,
        &approver.token,
        &format!("{}?limit=2&offset=1", request_history_path(&id)),
    )
    .await;
    assert_eq!(total, Some(9));
    let page: Vec<&str> = page.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(page, ["update", "reassign"]);
}

#[tokio::test]
async fn publish_create_for_several_people_reject_and_cancel_are_recorded() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let policy = who(&app, "demo-policy").await;
    let sales = item_id(&app, &admin.token, "role", "Sales Representative").await;

    // One create for two people: two requests, each with its own entry of the same body.
    let both = json!({"users": [requester.id, policy.id], "catalogs": [{"type": "role", "id": sales}],
                      "justification": "Sales push"});
    let (status, out) = post(&app, &admin.token, &format!("{REQUESTS}?_action=create"), both.clone()).await;
    assert_eq!(status, 200, "{out}");
    let made: Vec<String> = out["result"].as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(made.len(), 2);
    for id in &made {
        let (_, entries, total) = history(&app, &admin.token, &request_history_path(id)).await;
        assert_eq!(total, Some(1));
        assert_eq!(entries[0]["action"], "create");
        assert_eq!(entries[0]["body"], both);
        assert_eq!(entries[0]["changedBy"]["id"], admin.id.as_str());
    }
    let for_requester = made
        .iter()
        .find(|id| {
            out["result"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == id.as_str() && r["user"]["id"] == requester.id.as_str())
        })
        .unwrap();
    let (status, _) = act(
        &app,
        &approver.token,
        for_requester,
        "reject",
        json!({"comment": "Not in sales"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        actions(&app, &requester.token, for_requester).await,
        ["create", "reject"]
    );

    // A validate stores nothing, so it records nothing either.
    let finance = item_id(&app, &requester.token, "role", "Finance Analyst").await;
    let (status, checked) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}?_action=validate"),
        body_for(&requester.id, "role", &finance, json!({})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(checked["result"].as_array().unwrap().len(), 1);
    let would_be = id_of(&checked["result"][0]);
    let (status, body) = get(&app, &requester.token, &request_history_path(&would_be)).await;
    assert_eq!(status, 404, "{body}");

    // A publish of a built-in type, then a cancel.
    let publish = json!({"common": {"userId": requester.id, "roleId": finance, "justification": "Q3"}});
    let (status, r) = post(
        &app,
        &requester.token,
        &format!("{REQUESTS}/roleGrant?_action=publish"),
        publish.clone(),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    let id = id_of(&r);
    let (status, _) = act(&app, &requester.token, &id, "cancel", json!({"comment": "Not needed"})).await;
    assert_eq!(status, 200);
    let (_, entries, _) = history(&app, &requester.token, &request_history_path(&id)).await;
    assert_eq!(entries.len(), 2);
    assert_eq!(
        (entries[1]["action"].clone(), entries[1]["body"].clone()),
        (json!("publish"), publish)
    );
    assert_eq!(entries[0]["action"], "cancel");
    assert_eq!(entries[0]["body"], json!({"comment": "Not needed"}));
    assert_eq!(entries[0]["after"]["decision"]["status"], "cancelled");
}

#[tokio::test]
async fn a_request_history_is_read_by_whoever_may_read_the_request() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let policy = who(&app, "demo-policy").await;
    let finance = item_id(&app, &requester.token, "role", "Finance Analyst").await;
    let r = create(
        &app,
        &requester.token,
        body_for(&requester.id, "role", &finance, json!({})),
    )
    .await;
    let path = request_history_path(&id_of(&r));

    for (who, status) in [(&requester, 200), (&approver, 200), (&admin, 200), (&policy, 403)] {
        let (got, _, _) = history(&app, &who.token, &path).await;
        assert_eq!(got, status);
    }
    let r = app.get(&admin.token, "/gatehouse/v1/requests/nope/history").await;
    assert_eq!(r.status(), 404);
    for bad in ["?limit=251", "?offset=-1", "?limit=x", "?page=2"] {
        let r = app.get(&admin.token, &format!("{path}{bad}")).await;
        assert_eq!(r.status(), 400, "{bad}");
    }
    let (status, entries, total) = history(&app, &admin.token, &format!("{path}?limit=0")).await;
    assert_eq!((status, entries.len(), total), (200, 0, Some(1)));
}

#[tokio::test]
async fn every_iga_config_change_is_recorded_and_refusals_are_not() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let policy = who(&app, "demo-policy").await;
    let path = "/gatehouse/v1/iga-config/history";
    let (status, entries, total) = history(&app, &admin.token, path).await;
    assert_eq!((status, entries.len(), total), (200, 0, Some(0)));

    let category = json!({"allowSelfApproval": true, "requireRejectJustification": true});
    let (status, body) = put(
        &app,
        &admin.token,
        &format!("{CONFIG}/iga_access_request"),
        category.clone(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let whole = json!({"iga_access_request": {"allowSelfApproval": true}, "iga_global": {"enableScoping": true}});
    let (status, body) = put(&app, &admin.token, CONFIG, whole.clone()).await;
    assert_eq!(status, 200, "{body}");

    // Refused or changing nothing: no entry.
    let (status, body) = put(
        &app,
        &admin.token,
        &format!("{CONFIG}/iga_access_request"),
        json!({"bogus": 1}),
    )
    .await;
    assert_eq!(status, 400);
    message(&body);
    let (status, _) = put(&app, &requester.token, CONFIG, json!({})).await;
    assert_eq!(status, 403);
    let (status, body) = put(
        &app,
        &admin.token,
        &format!("{CONFIG}/iga_access_request"),
        json!({"defaultApprover": "managed/role/nope"}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("defaultApprover"));
    let (status, _) = put(&app, &admin.token, CONFIG, whole.clone()).await;
    assert_eq!(status, 200, "the same configuration again changes nothing");

    let (status, entries, total) = history(&app, &policy.token, path).await;
    assert_eq!(status, 200, "admins read the history");
    assert_eq!(total, Some(2));
    let (newest, oldest) = (&entries[0], &entries[1]);
    assert_eq!(oldest["category"], "iga_access_request");
    assert_eq!(oldest["body"], category);
    assert_eq!(oldest["before"]["iga_access_request"]["allowSelfApproval"], false);
    assert_eq!(oldest["after"]["iga_access_request"]["allowSelfApproval"], true);
    assert_eq!(
        oldest["after"]["iga_access_request"]["requireRejectJustification"],
        true
    );
    assert_eq!(oldest["changedBy"], json!({"id": admin.id, "name": "Ada Lovelace"}));
    assert!(newest["category"].is_null(), "the whole configuration: {newest}");
    assert_eq!(newest["body"], whole);
    assert_eq!(newest["before"], oldest["after"]);
    assert_eq!(newest["after"]["iga_global"]["enableScoping"], true);
    assert_eq!(
        newest["after"]["iga_access_request"]["requireRejectJustification"], false,
        "a PUT of the whole configuration resets what it omits"
    );
    let (_, now) = get(&app, &admin.token, CONFIG).await;
    assert_eq!(newest["after"], now);
    assert_eq!(newest["rev"].as_i64().unwrap(), oldest["rev"].as_i64().unwrap() + 1);

    let (_, page, _) = history(&app, &admin.token, &format!("{path}?limit=1&offset=1")).await;
    assert_eq!(page, vec![oldest.clone()]);
    let (status, _, _) = history(&app, &requester.token, path).await;
    assert_eq!(status, 403);
    let r = app.get(&admin.token, &format!("{path}?limit=251")).await;
    assert_eq!(r.status(), 400);
}
