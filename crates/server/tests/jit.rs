//! The JIT activation policy (seed 000) over real HTTP, in both path layouts: the demo
//! tenant's stored policy, replace-only patches and their rules, user levels, 404 until
//! stored, If-Match and the audit history.

mod common;

use common::{error_text, spawn_app, TestApp};
use gatehouse_wire::settings::{JitActivationConfig, SettingsChange};
use reqwest::Response;
use serde_json::{json, Value};
use sqlx::SqlitePool;

const LAYOUTS: [&str; 2] = [
    "/jit-activation-config/v1/policy",
    "/v2026/jit-activation-config/policy",
];
const POLICY: &str = "/jit-activation-config/v1/policy";

async fn patch(app: &TestApp, token: &str, path: &str, ops: Value) -> Response {
    app.http
        .patch(app.url(path))
        .bearer_auth(token)
        .json(&ops)
        .send()
        .await
        .unwrap()
}

async fn read(app: &TestApp, token: &str) -> JitActivationConfig {
    let r = app.get(token, POLICY).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn db(app: &TestApp) -> SqlitePool {
    SqlitePool::connect(&format!("sqlite://{}", app.db_path.display()))
        .await
        .unwrap()
}

async fn assert_400(r: Response, words: &[&str]) {
    assert_eq!(r.status(), 400);
    let text = error_text(r).await;
    for w in words {
        assert!(text.contains(w), "'{text}' should mention '{w}'");
    }
}

#[tokio::test]
async fn the_demo_policy_is_stored_over_entitlements_that_exist() {
    let app = spawn_app().await;
    let pool = db(&app).await;
    for client in ["demo-policy", "demo-admin"] {
        let t = app.bearer(client).await;
        for path in LAYOUTS {
            // The experimental header is accepted (TestApp::get sends it) and not required.
            let r = app.get(&t, path).await;
            assert_eq!(r.status(), 200, "{client} {path}");
            assert_eq!(r.headers()["etag"], "\"1\"");
            let plain = app.http.get(app.url(path)).bearer_auth(&t).send().await.unwrap();
            assert_eq!(plain.status(), 200);
        }
    }
    let t = app.bearer("demo-policy").await;
    let policy = read(&app, &t).await;
    assert_eq!(policy.id.len(), 36, "a uuid");
    assert_eq!(policy.entitlement_ids.len(), 4);
    for id in &policy.entitlement_ids {
        let found: Option<String> = sqlx::query_scalar("SELECT name FROM entitlements WHERE id = ?")
            .bind(id)
            .fetch_optional(&pool)
            .await
            .unwrap();
        assert!(found.is_some(), "entitlement {id} exists");
    }
    assert!(policy.check().is_empty());
    // The raw body has every documented field.
    let raw: Value = app.get(&t, POLICY).await.json().await.unwrap();
    for key in [
        "id",
        "entitlementIds",
        "maxActivationPeriodMins",
        "maxActivationPeriodExtensionMins",
        "defaultMaxActivationPeriodMins",
        "defaultMaxActivationPeriodExtensionMins",
        "notificationRecipients",
        "notificationTemplate",
        "applyToFutureAssignments",
    ] {
        assert!(raw.get(key).is_some(), "{key}");
    }
}

#[tokio::test]
async fn only_policy_and_org_admins_use_it() {
    let app = spawn_app().await;
    for client in ["demo-source", "demo-requester", "demo-approver"] {
        let t = app.bearer(client).await;
        for path in LAYOUTS {
            let r = app.get(&t, path).await;
            assert_eq!(r.status(), 403, "{client} {path}");
            error_text(r).await;
            let r = patch(&app, &t, path, json!([])).await;
            assert_eq!(r.status(), 403);
        }
    }
}

#[tokio::test]
async fn replace_operations_change_the_documented_paths() {
    let app = spawn_app().await;
    let t = app.bearer("demo-policy").await;
    let before = read(&app, &t).await;
    let r = patch(
        &app,
        &t,
        "/v2026/jit-activation-config/policy",
        json!([
            {"op": "replace", "path": "/maxActivationPeriodMins", "value": 480},
            {"path": "/defaultMaxActivationPeriodMins", "value": 120},
            {"op": "replace", "path": "/notificationRecipients", "value": ["owner@example.com", "soc@example.com"]},
            {"op": "replace", "path": "/notificationTemplate", "value": null},
            {"op": "replace", "path": "/applyToFutureAssignments", "value": false},
            {"op": "replace", "path": "/entitlementIds", "value": [before.entitlement_ids[0]]}
        ]),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["etag"], "\"2\"");
    let after: JitActivationConfig = r.json().await.unwrap();
    assert_eq!(after.id, before.id);
    assert_eq!(after.max_activation_period_mins, Some(480));
    assert_eq!(after.default_max_activation_period_mins, Some(120));
    assert_eq!(after.notification_recipients.len(), 2);
    assert_eq!(after.notification_template, None);
    assert!(!after.apply_to_future_assignments);
    assert_eq!(after.entitlement_ids, vec![before.entitlement_ids[0].clone()]);
    assert_eq!(read(&app, &t).await, after);
    // The change is in the history, readable by the policy admin.
    let r = app
        .get(&t, "/gatehouse/v1/settings/jit-activation-config/history")
        .await;
    assert_eq!(r.status(), 200);
    let changes: Vec<SettingsChange> = r.json().await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].changed_by.name, "Paula Reyes");
    assert_eq!(
        changes[0].patch[1]["op"],
        json!("replace"),
        "stored with its default op"
    );
    assert_eq!(
        changes[0].before.as_ref().unwrap()["maxActivationPeriodMins"],
        json!(240)
    );
}

#[tokio::test]
async fn invalid_patches_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let before = read(&app, &t).await;
    let cases: [(Value, &[&str]); 12] = [
        (json!([]), &["at least one"]),
        (json!({"op": "replace"}), &["invalid request body"]),
        (
            json!([{"op": "add", "path": "/maxActivationPeriodMins", "value": 5}]),
            &["op 'add'", "only replace"],
        ),
        (
            json!([{"op": "replace", "path": "/id", "value": "x"}]),
            &["'/id' is not a path"],
        ),
        (
            json!([{"op": "replace", "path": "/maxActivationPeriodMins"}]),
            &["value"],
        ),
        (
            json!([{"op": "replace", "path": "/defaultMaxActivationPeriodMins", "value": 241}]),
            &["defaultMaxActivationPeriodMins (241) must not exceed maxActivationPeriodMins (240)"],
        ),
        (
            json!([{"op": "replace", "path": "/maxActivationPeriodExtensionMins", "value": 10}]),
            &[
                "defaultMaxActivationPeriodExtensionMins (30)",
                "maxActivationPeriodExtensionMins (10)",
            ],
        ),
        (
            json!([{"op": "replace", "path": "/maxActivationPeriodMins", "value": 0}]),
            &["at least 1 minute"],
        ),
        (
            json!([{"op": "replace", "path": "/maxActivationPeriodMins", "value": "60"}]),
            &["maxActivationPeriodMins"],
        ),
        (
            json!([{"op": "replace", "path": "/notificationRecipients", "value": ["owner@example.com", "not-an-address"]}]),
            &["notificationRecipients", "'not-an-address' is not an e-mail address"],
        ),
        (
            json!([{"op": "replace", "path": "/entitlementIds", "value": [before.entitlement_ids[0], "no-such-entitlement"]}]),
            &["entitlementIds", "'no-such-entitlement'"],
        ),
        (
            json!([{"op": "replace", "path": "/applyToFutureAssignments", "value": "yes"}]),
            &["applyToFutureAssignments"],
        ),
    ];
    for (ops, words) in cases {
        assert_400(patch(&app, &t, POLICY, ops).await, words).await;
    }
    // Only `policy` exists.
    for path in [
        "/jit-activation-config/v1/activation",
        "/v2026/jit-activation-config/other",
    ] {
        assert_400(app.get(&t, path).await, &["configType", "only 'policy'"]).await;
        assert_400(
            patch(
                &app,
                &t,
                path,
                json!([{"path": "/maxActivationPeriodMins", "value": 5}]),
            )
            .await,
            &["configType"],
        )
        .await;
    }
    assert_eq!(read(&app, &t).await, before);
    let r = app
        .get(&t, "/gatehouse/v1/settings/jit-activation-config/history")
        .await;
    assert!(r.json::<Vec<SettingsChange>>().await.unwrap().is_empty());
}

#[tokio::test]
async fn if_match_guards_the_policy() {
    let app = spawn_app().await;
    let t = app.bearer("demo-policy").await;
    let change = |v: i64| json!([{"op": "replace", "path": "/maxActivationPeriodMins", "value": v}]);
    let send = |tag: &'static str, ops: Value| {
        app.http
            .patch(app.url(POLICY))
            .bearer_auth(&t)
            .header("if-match", tag)
            .json(&ops)
            .send()
    };
    assert_eq!(send("\"1\"", change(300)).await.unwrap().status(), 200);
    let r = send("\"1\"", change(360)).await.unwrap();
    assert_eq!(r.status(), 412);
    error_text(r).await;
    assert_eq!(read(&app, &t).await.max_activation_period_mins, Some(300));
}

#[tokio::test]
async fn no_policy_is_a_404_until_one_is_stored() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    sqlx::query("DELETE FROM settings WHERE name = 'jit-activation-config'")
        .execute(&db(&app).await)
        .await
        .unwrap();
    for path in LAYOUTS {
        let r = app.get(&t, path).await;
        assert_eq!(r.status(), 404);
        assert!(error_text(r).await.contains("has not been stored"));
        let r = patch(
            &app,
            &t,
            path,
            json!([{"path": "/maxActivationPeriodMins", "value": 5}]),
        )
        .await;
        assert_eq!(r.status(), 404);
    }
}

#[tokio::test]
async fn the_policy_editor_finds_entitlements_by_name_and_id() {
    use gatehouse_wire::settings::jit_entitlements::JitEntitlement;
    let app = common::spawn_app().await;
    let t = app.bearer("demo-policy").await;
    let path = "/gatehouse/v1/jit-activation/entitlements";

    // By name, privileged first: the non-requestable ones a POLICY_ADMIN needs are there.
    let r = app.get(&t, &format!("{path}?search=admin")).await;
    assert_eq!(r.status(), 200);
    let found: Vec<JitEntitlement> = r.json().await.unwrap();
    let domain = found.iter().find(|e| e.name == "Domain Admins").expect("Domain Admins");
    assert!(domain.privileged && !domain.requestable);
    assert!(!domain.source_name.is_empty());
    assert!(found.iter().all(|e| e.name.to_lowercase().contains("admin")));
    let first_plain = found.iter().position(|e| !e.privileged).unwrap_or(found.len());
    assert!(found[first_plain..].iter().all(|e| !e.privileged), "privileged first");

    // LIKE wildcards are literal.
    let r = app.get(&t, &format!("{path}?search=%25")).await;
    assert!(r.json::<Vec<JitEntitlement>>().await.unwrap().is_empty());

    // By id, in the order asked, unknown ones left out.
    let ids = format!("{},nope,{}", found[1].id, found[0].id);
    let r = app.get(&t, &format!("{path}?ids={ids}")).await;
    let named: Vec<JitEntitlement> = r.json().await.unwrap();
    assert_eq!(
        named.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        vec![found[1].id.as_str(), found[0].id.as_str()]
    );

    // Limits, unknown parameters, and who may ask.
    let r = app.get(&t, &format!("{path}?search=a&limit=2")).await;
    assert_eq!(r.json::<Vec<JitEntitlement>>().await.unwrap().len(), 2);
    assert_eq!(app.get(&t, &format!("{path}?limit=0")).await.status(), 400);
    assert_eq!(app.get(&t, &format!("{path}?sorters=name")).await.status(), 400);
    let source = app.bearer("demo-source").await;
    assert_eq!(app.get(&source, path).await.status(), 403);
    let admin = app.bearer("demo-admin").await;
    assert_eq!(app.get(&admin, path).await.status(), 200);
}
