//! Sources and provisioning policies (seed 003) over real HTTP, in both path layouts:
//! the sources list, the demo CREATE policies, create / get / replace / patch / delete /
//! bulk-update, the rules on usage types, field types and names, and user levels.

mod common;

use common::{error_text, spawn_app, TestApp};
use gatehouse_wire::provisioning::{FieldType, ProvisioningPolicyDto, Source, UsageType};
use reqwest::{Method, Response};
use serde_json::{json, Value};

const LAYOUTS: [&str; 2] = ["/v3/sources", "/sources/v1"];

async fn send(app: &TestApp, token: &str, method: Method, path: &str, body: Option<Value>) -> Response {
    let mut req = app.http.request(method.clone(), app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        let content_type = if method == Method::PATCH {
            "application/json-patch+json"
        } else {
            "application/json"
        };
        req = req.header("content-type", content_type).body(body.to_string());
    }
    req.send().await.unwrap()
}

async fn sources(app: &TestApp, token: &str, query: &str) -> Vec<Source> {
    let r = app.get(token, &format!("/v3/sources{query}")).await;
    assert_eq!(r.status(), 200, "{query}");
    r.json().await.unwrap()
}

async fn assert_400(r: Response, words: &[&str]) {
    assert_eq!(r.status(), 400);
    let text = error_text(r).await;
    for w in words {
        assert!(text.contains(w), "'{text}' should mention '{w}'");
    }
}

/// The spec's create example (its second field has `type: ""`).
fn example(usage: &str) -> Value {
    json!({
        "name": "Account", "description": "Account Provisioning Policy", "usageType": usage,
        "fields": [
            {"name": "displayName", "transform": {"type": "identityAttribute", "attributes": {"name": "displayName"}},
             "attributes": {}, "isRequired": false, "type": "string", "isMultiValued": false},
            {"name": "distinguishedName", "transform": {"type": "usernameGenerator", "attributes": {"sourceCheck": true}},
             "attributes": {"cloudMaxUniqueChecks": "5", "cloudMaxSize": "100", "cloudRequired": "true"},
             "isRequired": false, "type": "", "isMultiValued": false},
            {"name": "description", "transform": {"type": "static", "attributes": {"value": ""}},
             "attributes": {}, "isRequired": true, "type": "string", "isMultiValued": false}
        ]
    })
}

#[tokio::test]
async fn sources_are_listed_filtered_sorted_and_paged() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let all = sources(&app, &t, "").await;
    assert_eq!(all.len(), 4);
    for s in &all {
        let owner = s.owner.as_ref().expect("an owner");
        assert_eq!(owner.kind, "IDENTITY");
        assert!(owner.name.is_some());
        assert!(!s.connector.is_empty() && !s.created.is_empty());
    }
    let raw: Vec<Value> = app.get(&t, "/v3/sources").await.json().await.unwrap();
    assert!(raw[0].get("owner").and_then(|o| o.get("type")).is_some());
    let r = app
        .get(&t, "/v3/sources?count=true&limit=2&offset=2&sorters=-name")
        .await;
    assert_eq!(r.headers()["x-total-count"], "4");
    let page: Vec<Source> = r.json().await.unwrap();
    let mut names: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
    names.sort();
    names.reverse();
    assert_eq!(page.iter().map(|s| s.name.clone()).collect::<Vec<_>>(), names[2..4]);
    let ad = sources(&app, &t, "?filters=name+sw+%22Active%22").await;
    assert_eq!(ad.len(), 1);
    assert_eq!(ad[0].name, "Active Directory");
    let two = sources(
        &app,
        &t,
        &format!("?filters=id in (\"{}\",\"{}\")", all[0].id, all[1].id),
    )
    .await;
    assert_eq!(two.len(), 2);
    assert_eq!(
        sources(&app, &t, "?filters=name co \"hub\"").await[0].name,
        "GitHub Enterprise"
    );
    for bad in [
        "?filters=owner.id eq \"x\"",
        "?filters=name eq",
        "?sorters=owner",
        "?limit=251",
        "?count=yes",
        "?colour=red",
    ] {
        let r = app.get(&t, &format!("/v3/sources{bad}")).await;
        assert_eq!(r.status(), 400, "{bad}");
        error_text(r).await;
    }
    // The SDKs' optional parameters are accepted.
    sources(&app, &t, "?includeIDNSource=false&for-subadmin=me").await;
}

#[tokio::test]
async fn user_levels() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let source_id = sources(&app, &admin, "").await[0].id.clone();
    for client in ["demo-source", "demo-admin"] {
        let t = app.bearer(client).await;
        assert_eq!(app.get(&t, "/v3/sources").await.status(), 200);
        for layout in LAYOUTS {
            let path = format!("{layout}/{source_id}/provisioning-policies");
            assert_eq!(app.get(&t, &path).await.status(), 200, "{client} {path}");
        }
    }
    // A SOURCE_ADMIN writes too.
    let t = app.bearer("demo-source").await;
    let r = send(
        &app,
        &t,
        Method::POST,
        &format!("/v3/sources/{source_id}/provisioning-policies"),
        Some(example("UPDATE")),
    )
    .await;
    assert_eq!(r.status(), 201);
    for client in ["demo-policy", "demo-requester"] {
        let t = app.bearer(client).await;
        assert_eq!(app.get(&t, "/v3/sources").await.status(), 403);
        let base = format!("/v3/sources/{source_id}/provisioning-policies");
        for (method, path, body) in [
            (Method::GET, base.clone(), None),
            (Method::POST, base.clone(), Some(example("ENABLE"))),
            (Method::GET, format!("{base}/CREATE"), None),
            (Method::PUT, format!("{base}/CREATE"), Some(example("CREATE"))),
            (Method::PATCH, format!("{base}/CREATE"), Some(json!([]))),
            (Method::DELETE, format!("{base}/CREATE"), None),
            (Method::POST, format!("{base}/bulk-update"), Some(json!([]))),
        ] {
            let r = send(&app, &t, method.clone(), &path, body).await;
            assert_eq!(r.status(), 403, "{client} {method} {path}");
            error_text(r).await;
        }
    }
}

#[tokio::test]
async fn every_demo_source_has_a_create_policy() {
    let app = spawn_app().await;
    let t = app.bearer("demo-source").await;
    for source in sources(&app, &t, "").await {
        for layout in LAYOUTS {
            let r = app
                .get(&t, &format!("{layout}/{}/provisioning-policies", source.id))
                .await;
            let list: Vec<ProvisioningPolicyDto> = r.json().await.unwrap();
            assert_eq!(list.len(), 1, "{}", source.name);
            assert_eq!(list[0].usage_type, Some(UsageType::Create));
            let r = app
                .get(&t, &format!("{layout}/{}/provisioning-policies/CREATE", source.id))
                .await;
            assert_eq!(r.status(), 200);
            let p: ProvisioningPolicyDto = r.json().await.unwrap();
            assert!(p.check().is_empty());
            assert!(p.fields.iter().any(|f| f.is_required));
            assert!(p.fields.iter().all(|f| f.kind == Some(FieldType::String)));
        }
    }
}

#[tokio::test]
async fn create_get_replace_patch_and_delete() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let source_id = sources(&app, &t, "").await[1].id.clone();
    let base = format!("/v3/sources/{source_id}/provisioning-policies");
    let one = format!("{base}/UPDATE");

    // Create (201); isRequired is read-only: it follows attributes.cloudRequired.
    let r = send(&app, &t, Method::POST, &base, Some(example("UPDATE"))).await;
    assert_eq!(r.status(), 201);
    let created: ProvisioningPolicyDto = r.json().await.unwrap();
    let required: Vec<bool> = created.fields.iter().map(|f| f.is_required).collect();
    assert_eq!(required, vec![false, true, false]);
    assert_eq!(created.fields[1].kind, None);
    // A second UPDATE policy is refused.
    assert_400(
        send(&app, &t, Method::POST, &base, Some(example("UPDATE"))).await,
        &["usageType", "already has a UPDATE"],
    )
    .await;
    let got: ProvisioningPolicyDto = app
        .get(&t, &format!("/sources/v1/{source_id}/provisioning-policies/UPDATE"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got, created);
    let list: Vec<ProvisioningPolicyDto> = app.get(&t, &base).await.json().await.unwrap();
    assert_eq!(
        list.iter().map(|p| p.usage_type.unwrap()).collect::<Vec<_>>(),
        vec![UsageType::Create, UsageType::Update]
    );

    // Replace (PUT): the path's usage type wins when the body has none; a different one is refused.
    let mut body = example("UPDATE");
    body["name"] = json!("Update Account");
    body.as_object_mut().unwrap().remove("usageType");
    let r = send(&app, &t, Method::PUT, &one, Some(body)).await;
    assert_eq!(r.status(), 200);
    let replaced: ProvisioningPolicyDto = r.json().await.unwrap();
    assert_eq!(
        (replaced.name.as_deref(), replaced.usage_type),
        (Some("Update Account"), Some(UsageType::Update))
    );
    assert_400(
        send(&app, &t, Method::PUT, &one, Some(example("ENABLE"))).await,
        &["usageType", "ENABLE", "UPDATE"],
    )
    .await;
    // PUT of a usage type the source lacks creates it.
    let r = send(
        &app,
        &t,
        Method::PUT,
        &format!("{base}/UNLOCK"),
        Some(example("UNLOCK")),
    )
    .await;
    assert_eq!(r.status(), 200);

    // Patch: the spec's add-field example.
    let r = send(
        &app,
        &t,
        Method::PATCH,
        &one,
        Some(json!([{"op": "add", "path": "/fields/0", "value": {
            "name": "email", "transform": {"type": "identityAttribute", "attributes": {"name": "email"}},
            "attributes": {}, "isRequired": false, "type": "string", "isMultiValued": false}}])),
    )
    .await;
    assert_eq!(r.status(), 200);
    let patched: ProvisioningPolicyDto = r.json().await.unwrap();
    assert_eq!(patched.fields.len(), 4);
    assert_eq!(patched.fields[0].name.as_deref(), Some("email"));
    // Refused patches change nothing.
    let cases: [(Value, &[&str]); 6] = [
        (
            json!([{"op": "replace", "path": "/fields/0/type", "value": "number"}]),
            &["fields[0].type", "number"],
        ),
        (
            json!([{"op": "replace", "path": "/usageType", "value": "ENABLE"}]),
            &["usageType", "cannot change"],
        ),
        (
            json!([{"op": "replace", "path": "/name", "value": null}]),
            &["name is required"],
        ),
        (
            json!([{"op": "add", "path": "/fields/-", "value": {"name": "email"}}]),
            &["fields[4].name", "'email'"],
        ),
        (
            json!([{"op": "test", "path": "/name", "value": "Other"}, {"op": "remove", "path": "/fields"}]),
            &["test"],
        ),
        (json!([{"op": "add", "path": "/owner", "value": "me"}]), &["owner"]),
    ];
    for (ops, words) in cases {
        assert_400(send(&app, &t, Method::PATCH, &one, Some(ops)).await, words).await;
    }
    let unchanged: ProvisioningPolicyDto = app.get(&t, &one).await.json().await.unwrap();
    assert_eq!(unchanged, patched);

    // Delete (204), then it is gone.
    let r = send(&app, &t, Method::DELETE, &one, None).await;
    assert_eq!(r.status(), 204);
    assert_eq!(app.get(&t, &one).await.status(), 404);
    let r = send(&app, &t, Method::DELETE, &one, None).await;
    assert_eq!(r.status(), 404);
    error_text(r).await;
    let r = send(&app, &t, Method::PATCH, &one, Some(json!([]))).await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn policies_are_validated() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let source_id = sources(&app, &t, "").await[2].id.clone();
    let base = format!("/v3/sources/{source_id}/provisioning-policies");
    let mut no_name = example("ENABLE");
    no_name.as_object_mut().unwrap().remove("name");
    let mut null_name = example("ENABLE");
    null_name["name"] = Value::Null;
    let mut bad_type = example("ENABLE");
    bad_type["fields"][0]["type"] = json!("number");
    let mut no_usage = example("ENABLE");
    no_usage.as_object_mut().unwrap().remove("usageType");
    let mut unnamed_field = example("ENABLE");
    unnamed_field["fields"][2]["name"] = json!("");
    let cases: [(Value, &[&str]); 6] = [
        (no_name, &["name is required"]),
        (null_name, &["name is required"]),
        (bad_type, &["fields[0].type", "unknown variant `number`"]),
        (example("CREATE_ACCOUNT"), &["usageType", "CREATE_ACCOUNT"]),
        (no_usage, &["usageType is required"]),
        (unnamed_field, &["fields[2].name is required"]),
    ];
    for (body, words) in cases {
        assert_400(send(&app, &t, Method::POST, &base, Some(body)).await, words).await;
    }
    // Unknown usage types in the path, unknown sources, wrong content types.
    assert_400(
        app.get(&t, &format!("{base}/create")).await,
        &["'create' is not a usage type"],
    )
    .await;
    let r = app.get(&t, "/v3/sources/no-such-source/provisioning-policies").await;
    assert_eq!(r.status(), 404);
    assert!(error_text(r).await.contains("no-such-source"));
    let r = send(
        &app,
        &t,
        Method::POST,
        "/sources/v1/no-such-source/provisioning-policies",
        Some(example("CREATE")),
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = app
        .http
        .post(app.url(&base))
        .bearer_auth(&t)
        .header("content-type", "text/plain")
        .body(example("ENABLE").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    // All 16 usage types are accepted.
    for u in UsageType::ALL {
        let r = send(
            &app,
            &t,
            Method::PUT,
            &format!("{base}/{}", u.as_str()),
            Some(example(u.as_str())),
        )
        .await;
        assert_eq!(r.status(), 200, "{}", u.as_str());
    }
    let list: Vec<ProvisioningPolicyDto> = app.get(&t, &base).await.json().await.unwrap();
    assert_eq!(
        list.iter().map(|p| p.usage_type.unwrap()).collect::<Vec<_>>(),
        UsageType::ALL.to_vec()
    );
}

#[tokio::test]
async fn bulk_update_is_all_or_nothing() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let source_id = sources(&app, &t, "").await[3].id.clone();
    let base = format!("/v3/sources/{source_id}/provisioning-policies");
    let bulk = format!("{base}/bulk-update");
    let r = send(
        &app,
        &t,
        Method::POST,
        &bulk,
        Some(json!([example("CREATE"), example("DISABLE")])),
    )
    .await;
    assert_eq!(r.status(), 200);
    let stored: Vec<ProvisioningPolicyDto> = r.json().await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].name.as_deref(), Some("Account"), "CREATE was replaced");
    // A duplicate or an invalid element refuses the whole list.
    let mut invalid = example("ENABLE");
    invalid["name"] = json!(" ");
    assert_400(
        send(
            &app,
            &t,
            Method::POST,
            &bulk,
            Some(json!([example("UNLOCK"), example("UNLOCK")])),
        )
        .await,
        &["[1].usageType", "UNLOCK"],
    )
    .await;
    assert_400(
        send(&app, &t, Method::POST, &bulk, Some(json!([example("UNLOCK"), invalid]))).await,
        &["[1].name"],
    )
    .await;
    let list: Vec<ProvisioningPolicyDto> = app.get(&t, &base).await.json().await.unwrap();
    assert_eq!(
        list.iter().map(|p| p.usage_type.unwrap()).collect::<Vec<_>>(),
        vec![UsageType::Create, UsageType::Disable]
    );
    let r = send(
        &app,
        &t,
        Method::POST,
        "/sources/v1/no-such-source/provisioning-policies/bulk-update",
        Some(json!([])),
    )
    .await;
    assert_eq!(r.status(), 404);
    // bulk-update is not a usage type to read.
    assert_eq!(app.get(&t, &bulk).await.status(), 405);
}

async fn policy_history(
    app: &TestApp,
    token: &str,
    source_id: &str,
    query: &str,
) -> (Vec<gatehouse_wire::settings::ProvisioningPolicyChange>, i64) {
    let r = app
        .get(
            token,
            &format!("/gatehouse/v1/sources/{source_id}/provisioning-policies/history{query}"),
        )
        .await;
    assert_eq!(r.status(), 200, "{query}");
    let total = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    (r.json().await.unwrap(), total)
}

#[tokio::test]
async fn every_policy_change_is_audited_with_who_what_before_and_after() {
    // Arrange
    let app = spawn_app().await;
    let t = app.bearer("demo-source").await;
    let source = sources(&app, &t, "").await.remove(0);
    let base = format!("/v3/sources/{}/provisioning-policies", source.id);
    let (seeded, total) = policy_history(&app, &t, &source.id, "").await;
    assert!(seeded.is_empty() && total == 0, "the seed is not a change: {seeded:?}");

    // Act: create, patch, a no-op replace, a refused patch, bulk-update, delete.
    assert_eq!(
        send(&app, &t, Method::POST, &base, Some(example("UPDATE")))
            .await
            .status(),
        201
    );
    let ops = json!([{"op": "replace", "path": "/description", "value": "Renamed"}]);
    let r = send(&app, &t, Method::PATCH, &format!("{base}/UPDATE"), Some(ops.clone())).await;
    assert_eq!(r.status(), 200);
    let now: Value = r.json().await.unwrap();
    let r = send(&app, &t, Method::PUT, &format!("{base}/UPDATE"), Some(now.clone())).await;
    assert_eq!(r.status(), 200);
    let refused = json!([{"op": "replace", "path": "/name", "value": ""}]);
    assert_400(
        send(&app, &t, Method::PATCH, &format!("{base}/UPDATE"), Some(refused)).await,
        &["name"],
    )
    .await;
    let mut disable = example("DISABLE");
    disable["name"] = json!("Disable");
    let r = send(
        &app,
        &t,
        Method::POST,
        &format!("{base}/bulk-update"),
        Some(json!([disable])),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        send(&app, &t, Method::DELETE, &format!("{base}/UPDATE"), None)
            .await
            .status(),
        204
    );

    // Assert: newest first, one row per stored change, none for the no-op or the refusal.
    let (rows, total) = policy_history(&app, &t, &source.id, "").await;
    let methods: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.method.as_str(), r.usage_type.as_str()))
        .collect();
    assert_eq!(
        methods,
        vec![
            ("DELETE", "UPDATE"),
            ("BULK_UPDATE", "DISABLE"),
            ("PATCH", "UPDATE"),
            ("POST", "UPDATE")
        ]
    );
    assert_eq!(total, 4);
    for row in &rows {
        assert_eq!(row.source_id, source.id);
        assert_eq!(row.changed_by.name, "Samir Khan");
        assert!(row.changed.ends_with('Z'));
    }
    let (deleted, bulk, patched, created) = (&rows[0], &rows[1], &rows[2], &rows[3]);
    assert_eq!(created.before, None);
    assert_eq!(created.after.as_ref().unwrap()["name"], "Account");
    assert_eq!(created.patch, *created.after.as_ref().unwrap());
    assert_eq!(patched.patch, ops);
    assert_eq!(
        patched.before.as_ref().unwrap()["description"],
        "Account Provisioning Policy"
    );
    assert_eq!(patched.after.as_ref().unwrap()["description"], "Renamed");
    assert_eq!(bulk.after.as_ref().unwrap()["name"], "Disable");
    assert_eq!(deleted.before.as_ref().unwrap()["description"], "Renamed");
    assert_eq!((deleted.after.clone(), deleted.patch.clone()), (None, Value::Null));

    // One usage type, paging, the /sources/v1 layout writes the same trail.
    let (updates, total) = policy_history(&app, &t, &source.id, "?usageType=UPDATE&limit=1&offset=1").await;
    assert_eq!((updates.len(), total), (1, 3));
    assert_eq!(updates[0].method, "PATCH");
    let ops = json!([{"op": "replace", "path": "/description", "value": "v1"}]);
    let r = send(
        &app,
        &t,
        Method::PATCH,
        &format!("/sources/v1/{}/provisioning-policies/DISABLE", source.id),
        Some(ops),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(policy_history(&app, &t, &source.id, "").await.1, 5);
}

#[tokio::test]
async fn the_policy_history_is_for_source_admins_and_checks_its_query() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let source = sources(&app, &admin, "").await.remove(0);
    let path = format!("/gatehouse/v1/sources/{}/provisioning-policies/history", source.id);
    let requester = app.bearer("demo-requester").await;
    assert_eq!(app.get(&requester, &path).await.status(), 403);
    assert_eq!(app.get(&admin, &path).await.status(), 200);
    assert_eq!(
        app.get(&admin, "/gatehouse/v1/sources/nope/provisioning-policies/history")
            .await
            .status(),
        404
    );
    assert_400(
        app.get(&admin, &format!("{path}?usageType=create")).await,
        &["usageType"],
    )
    .await;
    assert_400(app.get(&admin, &format!("{path}?limit=251")).await, &["limit"]).await;
    assert_400(app.get(&admin, &format!("{path}?sorters=id")).await, &["sorters"]).await;
}

/// A call with an optional `If-Match`; answers the status, the `ETag` and the body.
async fn call_if(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    if_match: Option<&str>,
    body: Option<Value>,
) -> (u16, Option<String>, Value) {
    let mut req = app.http.request(method.clone(), app.url(path)).bearer_auth(token);
    if let Some(tag) = if_match {
        req = req.header("if-match", tag);
    }
    if let Some(body) = body {
        let content_type = if method == Method::PATCH {
            "application/json-patch+json"
        } else {
            "application/json"
        };
        req = req.header("content-type", content_type).body(body.to_string());
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let etag = r.headers().get("etag").map(|v| v.to_str().unwrap().to_string());
    let text = r.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    (status, etag, body)
}

fn rename(name: &str) -> Value {
    json!([{"op": "replace", "path": "/name", "value": name}])
}

#[tokio::test]
async fn a_policy_answers_its_revision_and_a_stale_if_match_is_a_412_that_changes_nothing() {
    // Arrange: two admins read the demo CREATE policy at the same revision.
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let source_id = sources(&app, &t, "").await[0].id.clone();
    for layout in LAYOUTS {
        let one = format!("{layout}/{source_id}/provisioning-policies/CREATE");
        let (status, read_at, before) = call_if(&app, &t, Method::GET, &one, None, None).await;
        assert_eq!(status, 200);
        let read_at = read_at.expect("GET answers an ETag");
        assert!(read_at.starts_with('"') && read_at.ends_with('"'), "{read_at}");
        let (_, history_before) = policy_history(&app, &t, &source_id, "").await;

        // Act: the first saves with If-Match; the second, still holding that revision, too.
        let (status, saved_at, saved) =
            call_if(&app, &t, Method::PATCH, &one, Some(&read_at), Some(rename("First"))).await;
        assert_eq!(status, 200, "{saved}");
        let saved_at = saved_at.expect("PATCH answers the new ETag");
        assert_ne!(saved_at, read_at);
        let (status, _, refused) = call_if(&app, &t, Method::PATCH, &one, Some(&read_at), Some(rename("Second"))).await;

        // Assert: a 412 naming the policy; nothing stored, nothing audited.
        assert_eq!(status, 412, "{refused}");
        let text = refused["messages"][0]["text"].as_str().unwrap();
        assert!(text.contains("CREATE provisioning policy"), "{text}");
        let (_, now_at, now) = call_if(&app, &t, Method::GET, &one, None, None).await;
        assert_eq!(
            (now_at.as_deref(), &now["name"]),
            (Some(saved_at.as_str()), &json!("First"))
        );
        let (_, history_after) = policy_history(&app, &t, &source_id, "").await;
        assert_eq!(history_after, history_before + 1, "only the first change is audited");

        // PUT and DELETE with the stale revision are refused the same way.
        let mut body = before.clone();
        body["name"] = json!("Replaced");
        let (status, _, _) = call_if(&app, &t, Method::PUT, &one, Some(&read_at), Some(body.clone())).await;
        assert_eq!(status, 412);
        let (status, _, _) = call_if(&app, &t, Method::DELETE, &one, Some(&read_at), None).await;
        assert_eq!(status, 412);
        assert_eq!(
            call_if(&app, &t, Method::GET, &one, None, None).await.2["name"],
            json!("First")
        );

        // With the current revision (also weak, or `*`) each goes through.
        let weak = format!("W/{saved_at}");
        let (status, put_at, _) = call_if(&app, &t, Method::PUT, &one, Some(&weak), Some(body)).await;
        assert_eq!(status, 200);
        let put_at = put_at.unwrap();
        // A change that changes nothing keeps the revision.
        let same = json!([{"op": "test", "path": "/name", "value": "Replaced"}]);
        let (status, same_at, _) = call_if(&app, &t, Method::PATCH, &one, Some("*"), Some(same)).await;
        assert_eq!((status, same_at.as_deref()), (200, Some(put_at.as_str())));
        // Without If-Match, as SailPoint: applied whatever the revision.
        let (status, _, _) = call_if(&app, &t, Method::PATCH, &one, None, Some(rename("Account"))).await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn a_deleted_policy_created_again_never_matches_an_old_revision() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let source_id = sources(&app, &t, "").await[1].id.clone();
    let one = format!("/v3/sources/{source_id}/provisioning-policies/CREATE");
    let (_, old_at, original) = call_if(&app, &t, Method::GET, &one, None, None).await;
    let old_at = old_at.unwrap();

    let (status, _, _) = call_if(&app, &t, Method::DELETE, &one, Some(&old_at), None).await;
    assert_eq!(status, 204);
    // A PUT with If-Match needs the policy to exist: 412, and nothing is created.
    let (status, _, _) = call_if(&app, &t, Method::PUT, &one, Some(&old_at), Some(original.clone())).await;
    assert_eq!(status, 412);
    let (status, _, _) = call_if(&app, &t, Method::PUT, &one, Some("*"), Some(original.clone())).await;
    assert_eq!(status, 412);
    assert_eq!(call_if(&app, &t, Method::GET, &one, None, None).await.0, 404);

    // Created again (POST answers 201 with its ETag), it is at a revision never used before.
    let (status, new_at, _) = call_if(
        &app,
        &t,
        Method::POST,
        &format!("/v3/sources/{source_id}/provisioning-policies"),
        None,
        Some(original),
    )
    .await;
    assert_eq!(status, 201);
    let new_at = new_at.expect("POST answers an ETag");
    assert_ne!(new_at, old_at);
    let (status, _, _) = call_if(&app, &t, Method::PATCH, &one, Some(&old_at), Some(rename("x"))).await;
    assert_eq!(
        status, 412,
        "an editor of the deleted policy cannot overwrite the new one"
    );
    let (status, _, _) = call_if(&app, &t, Method::PATCH, &one, Some(&new_at), Some(rename("x"))).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_list_answers_the_revision_of_the_set_and_bulk_update_honours_it() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let source_id = sources(&app, &t, "").await[2].id.clone();
    let base = format!("/sources/v1/{source_id}/provisioning-policies");
    let bulk = format!("{base}/bulk-update");
    let (status, set_at, _) = call_if(&app, &t, Method::GET, &base, None, None).await;
    assert_eq!(status, 200);
    let set_at = set_at.expect("the list answers an ETag");

    // bulk-update at the revision read: applied, and the set's revision moves.
    let (status, after_at, stored) = call_if(
        &app,
        &t,
        Method::POST,
        &bulk,
        Some(&set_at),
        Some(json!([example("CREATE"), example("DISABLE")])),
    )
    .await;
    assert_eq!(status, 200, "{stored}");
    let after_at = after_at.unwrap();
    assert_ne!(after_at, set_at);
    assert_eq!(
        call_if(&app, &t, Method::GET, &base, None, None).await.1,
        Some(after_at.clone())
    );

    // Again with the old revision: 412, and the set is as the first left it.
    let (status, _, _) = call_if(
        &app,
        &t,
        Method::POST,
        &bulk,
        Some(&set_at),
        Some(json!([example("UNLOCK")])),
    )
    .await;
    assert_eq!(status, 412);
    let list: Vec<ProvisioningPolicyDto> = app.get(&t, &base).await.json().await.unwrap();
    assert_eq!(
        list.iter().map(|p| p.usage_type.unwrap()).collect::<Vec<_>>(),
        vec![UsageType::Create, UsageType::Disable]
    );

    // A change to one policy moves the set's revision too.
    let (_, one_at, _) = call_if(&app, &t, Method::GET, &format!("{base}/DISABLE"), None, None).await;
    let (status, _, _) = call_if(
        &app,
        &t,
        Method::PATCH,
        &format!("{base}/DISABLE"),
        one_at.as_deref(),
        Some(rename("Disable")),
    )
    .await;
    assert_eq!(status, 200);
    let (_, moved_at, _) = call_if(&app, &t, Method::GET, &base, None, None).await;
    assert_ne!(moved_at.as_deref(), Some(after_at.as_str()));
    let (status, _, _) = call_if(
        &app,
        &t,
        Method::POST,
        &bulk,
        Some(&after_at),
        Some(json!([example("UNLOCK")])),
    )
    .await;
    assert_eq!(status, 412);
    // Without If-Match, as SailPoint.
    let (status, _, _) = call_if(&app, &t, Method::POST, &bulk, None, Some(json!([example("UNLOCK")]))).await;
    assert_eq!(status, 200);
}
