//! PingOne AIC IGA request forms and form assignments (seed 002) over real HTTP: the
//! demo forms, `_queryFilter`, paging, sorting and `_fields`, create / get / replace
//! (which creates an unknown id) / CREST patch / delete, If-Match, the 400s that name
//! the field, 403 for anyone but ORG_ADMIN writing, and IGA's `{message}` error shape.

mod common;

use common::{spawn_app, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const FORMS: &str = "/iga/governance/requestForms";
const ASSIGNMENTS: &str = "/iga/governance/requestFormAssignments";
const EXAMPLE: &str = include_str!("../seed/pingone-form-example.json");
const EXAMPLE_ID: &str = "c385b530-b912-4dcd-98c8-931673add9b7";
const JUSTIFICATION_ID: &str = "4f6b2c1e-8d3a-4e57-9b0c-2a61d5e7f013";

/// One call: status and JSON body (`null` when there is none).
async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut req = app
        .http
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("Accept-API-Version", "resource=1.0");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.expect("request");
    let status = r.status();
    let text = r.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
    };
    (status, body)
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    call(app, token, Method::GET, path, None, &[]).await
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    call(app, token, Method::POST, path, Some(body), &[]).await
}

/// The IGA error body: exactly `{"message": text}`; returns the text.
fn iga_message(body: &Value) -> String {
    let obj = body
        .as_object()
        .unwrap_or_else(|| panic!("error body is not an object: {body}"));
    assert_eq!(obj.len(), 1, "IGA errors carry only a message: {body}");
    obj["message"].as_str().expect("message text").to_string()
}

fn assert_error(got: (StatusCode, Value), status: u16, words: &[&str]) {
    assert_eq!(got.0.as_u16(), status, "{}", got.1);
    let text = iga_message(&got.1);
    for w in words {
        assert!(text.contains(w), "'{text}' should mention '{w}'");
    }
}

fn names(list: &Value) -> Vec<String> {
    list["result"]
        .as_array()
        .expect("result")
        .iter()
        .map(|f| f["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn list(app: &TestApp, token: &str, query: &[(&str, &str)]) -> Value {
    let r = app
        .http
        .get(app.url(FORMS))
        .query(query)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{query:?}");
    r.json().await.unwrap()
}

/// A small valid form body.
fn sample(name: &str) -> Value {
    json!({
        "name": name,
        "type": "request",
        "description": "A test form",
        "categories": {"operation": "create"},
        "vendorExtension": {"kept": [1, 2, 3]},
        "form": {
            "fields": [{"id": "r1", "fields": [
                {"id": "f1", "type": "string", "model": "custom.a", "label": "A",
                 "validation": {"required": true, "regex": {"pattern": "^(?<w>[A-Z])", "message": "Capital"}},
                 "layout": {"columns": 6, "offset": 0}, "customSlot": false, "onChangeEvent": {"type": "script", "script": "x()"}},
                {"id": "f2", "type": "signaturePad", "model": "custom.sig", "layout": {"columns": 6}}
            ]}],
            "events": {"onLoad": {"type": "script", "script": "form.hideField('custom.a');"}},
            "theme": {"dense": true}
        }
    })
}

#[tokio::test]
async fn every_signed_in_user_reads_the_demo_forms() {
    let app = spawn_app().await;
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    for client in ["demo-requester", "demo-policy", "demo-source", "demo-admin"] {
        let t = app.bearer(client).await;
        let (status, page) = get(&app, &t, FORMS).await;
        assert_eq!(status, 200, "{client}");
        assert_eq!(page["totalCount"], 3);
        assert_eq!(page["resultCount"], 3);
        assert_eq!(page["searchAfterKey"], Value::Null);
        let (status, one) = get(&app, &t, &format!("{FORMS}/{EXAMPLE_ID}")).await;
        assert_eq!(status, 200, "{client}");
        // The PingOne example is stored as it is: scripts, customSlot and all.
        assert_eq!(one["form"], example["form"]);
        assert_eq!(one["name"], "new-user");
        assert_eq!(one["categories"], example["categories"]);
        assert_eq!(one["_rev"], 1);
        assert!(one["metadata"]["createdDate"].as_str().unwrap().ends_with('Z'));
        let (status, assignments) = get(&app, &t, ASSIGNMENTS).await;
        assert_eq!(status, 200);
        // The VPN entitlement's justification form, and PingOne's example for the
        // custom request type "New user" (by object id).
        assert_eq!(assignments["totalCount"], 2);
        let a = &assignments["result"][0];
        assert_eq!(a["formId"], JUSTIFICATION_ID);
        assert!(a["objectId"].as_str().unwrap().starts_with("entitlement/"));
        assert_eq!(
            assignments["result"][1],
            json!({"formId": EXAMPLE_ID, "objectId": "requestType/5d0f6a2e-3b1c-4f7a-9e8d-2c4b6a1f0e93"})
        );
    }
    // Not signed in: 401.
    let r = app.http.get(app.url(FORMS)).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn query_filters_select_forms() {
    let app = spawn_app().await;
    let t = app.bearer("demo-requester").await;
    let q = |f: &'static str| [("_queryFilter", f), ("_sortKeys", "name")];
    assert_eq!(names(&list(&app, &t, &q("name eq \"new-user\"")).await), ["new-user"]);
    assert_eq!(
        names(&list(&app, &t, &q("true")).await),
        ["access-justification", "github-account", "new-user"]
    );
    assert!(names(&list(&app, &t, &q("false")).await).is_empty());
    assert_eq!(
        names(&list(&app, &t, &q("type eq \"request\" and name sw \"new\"")).await),
        ["new-user"]
    );
    assert_eq!(
        names(&list(&app, &t, &q("type eq \"applicationRequest\" or name co \"JUSTIF\"")).await),
        ["access-justification", "github-account"]
    );
    assert_eq!(
        names(
            &list(
                &app,
                &t,
                &q("!(type eq \"request\") and (categories/objectType eq \"ACCOUNT\")")
            )
            .await
        ),
        ["github-account"]
    );
    assert_eq!(
        names(&list(&app, &t, &q("categories.operation eq \"create\" and description pr")).await),
        ["github-account", "new-user"]
    );
    assert_eq!(
        names(
            &list(
                &app,
                &t,
                &q("_rev ge 1 and _id eq \"c385b530-b912-4dcd-98c8-931673add9b7\"")
            )
            .await
        ),
        ["new-user"]
    );
    // Fields inside the definition can be searched too.
    assert_eq!(
        names(&list(&app, &t, &q("form.fields.fields.model eq \"custom.githubHandle\"")).await),
        ["github-account"]
    );
    // A bad filter is a 400 that says where.
    let r = app
        .http
        .get(app.url(FORMS))
        .query(&[("_queryFilter", "name eq")])
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let text = iga_message(&r.json().await.unwrap());
    assert!(text.contains("_queryFilter") && text.contains("position 7"), "{text}");
    let r = app
        .http
        .get(app.url(FORMS))
        .query(&[("_queryFilter", "name ne \"x\"")])
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn paging_sorting_and_fields() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let desc = list(&app, &t, &[("_sortKeys", "-name")]).await;
    assert_eq!(names(&desc), ["new-user", "github-account", "access-justification"]);
    let by_dir = list(&app, &t, &[("_sortKeys", "name"), ("_sortDir", "desc")]).await;
    assert_eq!(names(&by_dir), names(&desc));
    let page = list(
        &app,
        &t,
        &[("_sortKeys", "name"), ("_pageSize", "1"), ("_pagedResultsOffset", "1")],
    )
    .await;
    assert_eq!(names(&page), ["github-account"]);
    assert_eq!(page["resultCount"], 1);
    assert_eq!(page["totalCount"], 3);
    let past = list(&app, &t, &[("_pageSize", "2"), ("_pagedResultsOffset", "5")]).await;
    assert_eq!(past["resultCount"], 0);
    assert_eq!(past["totalCount"], 3);
    let sorted_by_type = list(&app, &t, &[("_sortKeys", "type,-name")]).await;
    assert_eq!(
        names(&sorted_by_type),
        ["github-account", "new-user", "access-justification"]
    );
    // _fields keeps the named paths (and the id).
    let slim = list(
        &app,
        &t,
        &[
            ("_queryFilter", "name eq \"new-user\""),
            ("_fields", "name,categories.operation"),
        ],
    )
    .await;
    assert_eq!(
        slim["result"][0],
        json!({"id": EXAMPLE_ID, "name": "new-user", "categories": {"operation": "create"}})
    );
    for (k, v, word) in [
        ("_pageSize", "-1", "_pageSize"),
        ("_pageSize", "5000", "_pageSize"),
        ("_pagedResultsOffset", "x", "_pagedResultsOffset"),
        ("_sortKeys", "a..b", "_sortKeys"),
        ("_sortDir", "up", "_sortDir"),
        ("_bogus", "1", "_bogus"),
    ] {
        let r = app
            .http
            .get(app.url(FORMS))
            .query(&[(k, v)])
            .bearer_auth(&t)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{k}={v}");
        let text = iga_message(&r.json().await.unwrap());
        assert!(text.contains(word), "{text}");
    }
    // Assignments page and filter the same way.
    let r = app
        .http
        .get(app.url(ASSIGNMENTS))
        .query(&[("_queryFilter", "objectId sw \"entitlement/\""), ("_fields", "formId")])
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["result"], json!([{"formId": JUSTIFICATION_ID}]));
}

#[tokio::test]
async fn create_read_replace_patch_and_delete() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;

    // POST without _action and with _action=create both answer 200 with the stored form.
    let (status, created) = post(&app, &t, FORMS, sample("first")).await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "a uuid");
    assert_eq!(created["_rev"], 1);
    assert_eq!(created["metadata"]["createdDate"], created["metadata"]["modifiedDate"]);
    // Stored exactly as sent: unknown properties, unknown field types and scripts.
    assert_eq!(created["form"], sample("first")["form"]);
    assert_eq!(created["vendorExtension"], json!({"kept": [1, 2, 3]}));
    let (status, second) = post(&app, &t, &format!("{FORMS}?_action=create"), sample("second")).await;
    assert_eq!(status, 200);
    assert_ne!(second["id"], created["id"]);
    // A chosen id is kept; taking it again is a conflict.
    let mut chosen = sample("chosen");
    chosen["id"] = json!("my-form.1");
    assert_eq!(post(&app, &t, FORMS, chosen.clone()).await.1["id"], "my-form.1");
    assert_error(
        post(&app, &t, FORMS, chosen).await,
        409,
        &["my-form.1", "already exists"],
    );
    assert_error(
        post(&app, &t, &format!("{FORMS}?_action=search"), sample("x")).await,
        400,
        &["_action"],
    );

    let path = format!("{FORMS}/{id}");
    let (status, read) = get(&app, &t, &path).await;
    assert_eq!(status, 200);
    assert_eq!(read, created);
    let r = app.http.get(app.url(&path)).bearer_auth(&t).send().await.unwrap();
    assert_eq!(r.headers()["etag"], "\"1\"");
    // A method the path does not have: 405, in IGA's shape too.
    assert_error(post(&app, &t, &path, json!({})).await, 405, &["POST"]);

    // PUT replaces: If-Match that matches, or none at all; _rev and metadata in the body are ignored.
    let mut body = read.clone();
    body["name"] = json!("first, renamed");
    body["_rev"] = json!(99);
    let (status, replaced) = call(
        &app,
        &t,
        Method::PUT,
        &path,
        Some(body.clone()),
        &[("If-Match", "\"1\"")],
    )
    .await;
    assert_eq!(status, 200, "{replaced}");
    assert_eq!(replaced["_rev"], 2);
    assert_eq!(replaced["name"], "first, renamed");
    assert_eq!(replaced["metadata"]["createdDate"], created["metadata"]["createdDate"]);
    assert_error(
        call(&app, &t, Method::PUT, &path, Some(body.clone()), &[("If-Match", "1")]).await,
        412,
        &["revision"],
    );
    let (status, again) = call(&app, &t, Method::PUT, &path, Some(body.clone()), &[]).await;
    assert_eq!((status.as_u16(), again["_rev"].clone()), (200, json!(3)));
    assert_error(
        call(&app, &t, Method::PUT, &path, Some(body), &[("If-None-Match", "*")]).await,
        412,
        &["already exists"],
    );

    // PATCH: CREST operations applied to a copy, then checked whole.
    let ops = json!([
        {"operation": "replace", "field": "/name", "value": "patched"},
        {"operation": "add", "field": "/form/fields/0/fields/0/validation/required", "value": false},
        {"operation": "remove", "field": "/description"},
        {"operation": "add", "field": "/categories/objectType", "value": "role"}
    ]);
    assert_error(
        call(
            &app,
            &t,
            Method::PATCH,
            &path,
            Some(ops.clone()),
            &[("If-Match", "\"2\"")],
        )
        .await,
        412,
        &["revision"],
    );
    let (status, patched) = call(&app, &t, Method::PATCH, &path, Some(ops), &[("If-Match", "\"3\"")]).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["_rev"], 4);
    assert_eq!(patched["name"], "patched");
    assert!(patched.get("description").is_none());
    assert_eq!(
        patched["categories"],
        json!({"operation": "create", "objectType": "role"})
    );
    assert_eq!(
        patched["form"]["fields"][0]["fields"][0]["validation"]["required"],
        false
    );
    assert_eq!(patched["form"]["theme"], json!({"dense": true}));

    // DELETE answers the deleted form; it is gone afterwards.
    let (status, deleted) = call(&app, &t, Method::DELETE, &path, None, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(deleted, patched);
    assert_error(get(&app, &t, &path).await, 404, &[&id]);
    assert_error(call(&app, &t, Method::DELETE, &path, None, &[]).await, 404, &[&id]);
    assert_error(
        call(
            &app,
            &t,
            Method::PATCH,
            &path,
            Some(json!([{"operation": "remove", "field": "/x"}])),
            &[],
        )
        .await,
        404,
        &[&id],
    );
}

#[tokio::test]
async fn put_of_an_unknown_id_creates_it() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let path = format!("{FORMS}/imported-form");
    let (status, created) = call(&app, &t, Method::PUT, &path, Some(sample("imported")), &[]).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["id"], "imported-form");
    assert_eq!(created["_rev"], 1);
    assert_eq!(get(&app, &t, &path).await.1, created);
    // A body id must agree with the path; If-Match on a form that does not exist fails.
    let mut other = sample("x");
    other["id"] = json!("something-else");
    assert_error(
        call(&app, &t, Method::PUT, &format!("{FORMS}/new-one"), Some(other), &[]).await,
        400,
        &["something-else", "new-one"],
    );
    assert_error(
        call(
            &app,
            &t,
            Method::PUT,
            &format!("{FORMS}/new-two"),
            Some(sample("x")),
            &[("If-Match", "\"1\"")],
        )
        .await,
        412,
        &["new-two"],
    );
    assert_error(
        call(
            &app,
            &t,
            Method::PUT,
            &format!("{FORMS}/bad%20id"),
            Some(sample("x")),
            &[],
        )
        .await,
        400,
        &["bad id"],
    );
    // The PingOne example, exported from a tenant with its _rev and metadata, imports as is.
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    let (status, imported) = call(
        &app,
        &t,
        Method::PUT,
        &format!("{FORMS}/{EXAMPLE_ID}"),
        Some(example.clone()),
        &[],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(imported["form"], example["form"]);
    assert_eq!(imported["_rev"], 2);
}

#[tokio::test]
async fn bad_forms_are_400s_naming_the_field() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let without = |key: &str| {
        let mut b = sample("x");
        b.as_object_mut().unwrap().remove(key);
        b
    };
    assert_error(post(&app, &t, FORMS, without("name")).await, 400, &["name is required"]);
    assert_error(post(&app, &t, FORMS, without("type")).await, 400, &["type is required"]);
    assert_error(post(&app, &t, FORMS, without("form")).await, 400, &["form is required"]);
    let mut b = sample("x");
    b["type"] = json!("custom");
    assert_error(
        post(&app, &t, FORMS, b).await,
        400,
        &["type must be one of request, applicationRequest, lcmRequest"],
    );
    let with_field = |field: Value| {
        let mut b = sample("x");
        b["form"]["fields"][0]["fields"][1] = field;
        b
    };
    for (field, words) in [
        (
            json!({"id": "f9", "type": "string", "model": "custom.a"}),
            vec!["f9", "custom.a", "already used by field 'f1'"],
        ),
        (json!({"id": "f9", "type": "string"}), vec!["f9", "has no model"]),
        (
            json!({"id": "f9", "type": "string", "model": "m", "validation": {"regex": {"pattern": "(unclosed"}}}),
            vec!["f9", "regex", "not a valid regular expression"],
        ),
        (
            json!({"id": "f9", "type": "string", "model": "m", "layout": {"columns": 8, "offset": 6}}),
            vec!["f9", "14 columns"],
        ),
        (
            json!({"id": "f9", "type": "select", "model": "m"}),
            vec!["f9", "needs options"],
        ),
        (
            json!({"id": "f9", "type": "date", "model": "m", "layout": {"columns": 13}}),
            vec!["f9", "layout.columns"],
        ),
        (
            json!({"id": "f9", "type": "date", "model": "m", "layout": {"offset": 12}}),
            vec!["f9", "layout.offset"],
        ),
        (
            json!({"id": "f9", "type": "string", "model": "m", "layout": {"columns": "wide"}}),
            vec!["form", "f9"],
        ),
    ] {
        let got = post(&app, &t, FORMS, with_field(field.clone())).await;
        assert_error(got, 400, &words);
    }
    // PATCH that would break the form changes nothing.
    let (_, created) = post(&app, &t, FORMS, sample("patch-me")).await;
    let path = format!("{FORMS}/{}", created["id"].as_str().unwrap());
    for (ops, words) in [
        (
            json!([{"operation": "remove", "field": "/name"}]),
            vec!["name is required"],
        ),
        (
            json!([{"operation": "replace", "field": "/form/fields/0/fields/0/layout/columns", "value": 20}]),
            vec!["f1"],
        ),
        (
            json!([{"operation": "transform", "field": "/name", "value": {"script": "x"}}]),
            vec!["transform", "scripts"],
        ),
        (
            json!([{"operation": "replace", "field": "/id", "value": "other"}]),
            vec!["id cannot be changed"],
        ),
        (
            json!([{"operation": "increment", "field": "/name", "value": 1}]),
            vec!["not a number"],
        ),
        (json!([{"operation": "test", "field": "/name"}]), vec!["operation"]),
        (json!([]), vec!["non-empty"]),
        (json!({"operation": "replace"}), vec!["invalid request body"]),
    ] {
        let got = call(&app, &t, Method::PATCH, &path, Some(ops.clone()), &[]).await;
        assert_error(got, 400, &words);
    }
    assert_eq!(get(&app, &t, &path).await.1, created);
    // A body that is not JSON, or not sent as JSON.
    let r = app
        .http
        .post(app.url(FORMS))
        .bearer_auth(&t)
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    iga_message(&r.json().await.unwrap());
    let r = app
        .http
        .post(app.url(FORMS))
        .bearer_auth(&t)
        .header("Content-Type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    iga_message(&r.json().await.unwrap());
}

#[tokio::test]
async fn a_form_over_400_kb_is_refused() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let mut big = sample("big");
    big["form"]["padding"] = json!("x".repeat(410 * 1024));
    assert_error(post(&app, &t, FORMS, big.clone()).await, 413, &["400 KB"]);
    // Past the server's body limit the answer is 413 too, still in IGA's shape.
    big["form"]["padding"] = json!("x".repeat(1100 * 1024));
    assert_error(post(&app, &t, FORMS, big).await, 413, &["limit"]);
    let mut fits = sample("fits");
    fits["form"]["padding"] = json!("x".repeat(300 * 1024));
    assert_eq!(post(&app, &t, FORMS, fits).await.0, 200);
}

#[tokio::test]
async fn only_org_admin_writes() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let (_, created) = post(&app, &admin, FORMS, sample("guarded")).await;
    let path = format!("{FORMS}/{}", created["id"].as_str().unwrap());
    for client in ["demo-requester", "demo-policy", "demo-source"] {
        let t = app.bearer(client).await;
        assert_error(post(&app, &t, FORMS, sample("nope")).await, 403, &["request form"]);
        assert_error(
            call(&app, &t, Method::PUT, &path, Some(sample("nope")), &[]).await,
            403,
            &[],
        );
        assert_error(
            call(
                &app,
                &t,
                Method::PUT,
                &format!("{FORMS}/fresh"),
                Some(sample("nope")),
                &[],
            )
            .await,
            403,
            &[],
        );
        assert_error(
            call(
                &app,
                &t,
                Method::PATCH,
                &path,
                Some(json!([{"operation": "replace", "field": "/name", "value": "n"}])),
                &[],
            )
            .await,
            403,
            &[],
        );
        assert_error(call(&app, &t, Method::DELETE, &path, None, &[]).await, 403, &[]);
        // The level check comes before the body is read.
        let r = app
            .http
            .post(app.url(FORMS))
            .bearer_auth(&t)
            .header("Content-Type", "application/json")
            .body("not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let body = json!({"formId": created["id"], "objectId": "requestType/entitlementGrant"});
        assert_error(
            post(&app, &t, &format!("{ASSIGNMENTS}?_action=assign"), body.clone()).await,
            403,
            &[],
        );
        assert_error(
            post(&app, &t, &format!("{ASSIGNMENTS}?_action=unassign"), body).await,
            403,
            &[],
        );
    }
    // Nothing changed.
    assert_eq!(get(&app, &admin, &path).await.1, created);
    assert_eq!(get(&app, &admin, FORMS).await.1["totalCount"], 4);
}

#[tokio::test]
async fn assignments_assign_unassign_and_follow_deletes() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let (_, created) = post(&app, &t, FORMS, sample("assignable")).await;
    let form_id = created["id"].as_str().unwrap().to_string();
    let (_, seeded) = get(&app, &t, ASSIGNMENTS).await;
    let vpn = seeded["result"][0]["objectId"].as_str().unwrap().to_string();
    let assign = format!("{ASSIGNMENTS}?_action=assign");
    let unassign = format!("{ASSIGNMENTS}?_action=unassign");

    // Every documented objectId shape is accepted.
    let objects = [
        "requestType/entitlementGrant".to_string(),
        "application/app-1/ACCOUNT/create".to_string(),
        "application/app-1/objectType/ACCOUNT/operation/update".to_string(),
        "workflow/basicApproval/node/approvalTask-1".to_string(),
    ];
    for object in &objects {
        let (status, body) = post(&app, &t, &assign, json!({"formId": form_id, "objectId": object})).await;
        assert_eq!(status, 200, "{object}: {body}");
        assert_eq!(body, json!({"objectId": object, "formId": form_id}));
    }
    // Catalog-item forms must name an item that exists.
    let (status, body) = post(&app, &t, &assign, json!({"formId": form_id, "objectId": vpn})).await;
    assert_eq!(status, 200, "{body}");
    assert_error(
        post(
            &app,
            &t,
            &assign,
            json!({"formId": form_id, "objectId": "role/no-such-role"}),
        )
        .await,
        400,
        &["role/no-such-role"],
    );
    // So must a request type's (issue 6: it was assigned, to nothing).
    assert_error(
        post(
            &app,
            &t,
            &assign,
            json!({"formId": form_id, "objectId": "requestType/no-such-type"}),
        )
        .await,
        400,
        &["objectId", "requestType/no-such-type", "no request type"],
    );
    let r = app
        .http
        .get(app.url(ASSIGNMENTS))
        .query(&[
            ("_queryFilter", format!("formId eq \"{form_id}\"").as_str()),
            ("_sortKeys", "objectId"),
        ])
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    let mine: Value = r.json().await.unwrap();
    assert_eq!(mine["totalCount"], 5, "{mine}");
    // Re-assigning an object replaces its form: the VPN form moved away from the seed form.
    let (_, seed_form) = get(
        &app,
        &t,
        &format!("{ASSIGNMENTS}?_queryFilter=formId%20eq%20%22{JUSTIFICATION_ID}%22"),
    )
    .await;
    assert_eq!(seed_form["totalCount"], 0);

    // Errors: unknown form, bad shapes, missing fields, missing or unknown _action.
    assert_error(
        post(
            &app,
            &t,
            &assign,
            json!({"formId": "no-such-form", "objectId": "role/x"}),
        )
        .await,
        400,
        &["formId", "no-such-form", "does not exist"],
    );
    for bad in [
        "entitlement",
        "user/abc",
        "role/a/b",
        "workflow/w/step/n",
        "entitlement/has space",
    ] {
        assert_error(
            post(&app, &t, &assign, json!({"formId": form_id, "objectId": bad})).await,
            400,
            &["objectId", "requestType/<id>"],
        );
    }
    assert_error(
        post(&app, &t, &assign, json!({"formId": form_id})).await,
        400,
        &["objectId is required"],
    );
    assert_error(
        post(&app, &t, &assign, json!({"objectId": "role/x"})).await,
        400,
        &["formId is required"],
    );
    assert_error(
        post(
            &app,
            &t,
            ASSIGNMENTS,
            json!({"formId": form_id, "objectId": "requestType/x"}),
        )
        .await,
        400,
        &["_action is required"],
    );
    assert_error(
        post(
            &app,
            &t,
            &format!("{ASSIGNMENTS}?_action=move"),
            json!({"formId": form_id, "objectId": "requestType/x"}),
        )
        .await,
        400,
        &["_action"],
    );

    // Unassign removes one; a second time it is not there.
    let one = json!({"formId": form_id, "objectId": objects[0]});
    assert_eq!(
        post(&app, &t, &unassign, one.clone()).await,
        (StatusCode::OK, json!({"formId": form_id, "objectId": objects[0]}))
    );
    assert_error(post(&app, &t, &unassign, one).await, 404, &["not assigned"]);

    // Deleting the form removes its remaining assignments.
    let (status, _) = call(&app, &t, Method::DELETE, &format!("{FORMS}/{form_id}"), None, &[]).await;
    assert_eq!(status, 200);
    let (_, after) = get(&app, &t, ASSIGNMENTS).await;
    // Only the seeded "New user" assignment is left (the VPN one had moved to this form).
    assert_eq!(after["totalCount"], 1, "{after}");
    assert_eq!(
        after["result"][0]["objectId"],
        "requestType/5d0f6a2e-3b1c-4f7a-9e8d-2c4b6a1f0e93"
    );
    assert!(after["result"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["formId"] != json!(form_id)));
}

#[tokio::test]
async fn the_seeded_vpn_form_belongs_to_a_requestable_entitlement_the_requester_lacks() {
    let app = spawn_app().await;
    let t = app.bearer("demo-requester").await;
    let (_, assignments) = get(&app, &t, ASSIGNMENTS).await;
    let object = assignments["result"][0]["objectId"].as_str().unwrap().to_string();
    let entitlement_id = object.strip_prefix("entitlement/").unwrap().to_string();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db_path.display()))
        .await
        .unwrap();
    let (name, requestable): (String, bool) = sqlx::query_as("SELECT name, requestable FROM entitlements WHERE id = ?")
        .bind(&entitlement_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!((name.as_str(), requestable), ("VPN Users", true));
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_entitlements ae JOIN accounts a ON a.id = ae.account_id
         JOIN identities i ON i.id = a.identity_id WHERE i.alias = 'demo-requester' AND ae.entitlement_id = ?",
    )
    .bind(&entitlement_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(held, 0);
    // The form's rules, as the server runs them on a submission.
    let (_, form) = get(&app, &t, &format!("{FORMS}/{JUSTIFICATION_ID}")).await;
    let definition = serde_json::from_value(form["form"].clone()).unwrap();
    let good = json!({"custom": {"businessJustification": "I work from home two days a week", "duration": "90d",
        "acceptPolicy": true}});
    gatehouse_server::routes::forms::validate_submission(&definition, &good).unwrap();
    let bad = json!({"custom": {"businessJustification": "short", "duration": "permanent", "acceptPolicy": false}});
    let errors = gatehouse_server::routes::forms::validate_submission(&definition, &bad).unwrap_err();
    let models: Vec<&str> = errors.iter().map(|e| e.model.as_str()).collect();
    assert_eq!(
        models,
        [
            "custom.businessJustification",
            "custom.permanentReason",
            "custom.acceptPolicy"
        ]
    );
    assert_eq!(errors[0].message, "Please write at least 20 characters");
}
