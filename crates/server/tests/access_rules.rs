//! `GET /gatehouse/v1/access-request-rules` over real HTTP: every signed-in person reads
//! the rules of `iga_access_request` (the IGA configuration itself stays admin-only),
//! they follow each PUT of the configuration at once, and they carry nothing else of it.

mod common;

use common::{spawn_app, TestApp};
use gatehouse_wire::request::AccessRequestRules;
use reqwest::Method;
use serde_json::{json, Value};

const RULES: &str = "/gatehouse/v1/access-request-rules";
const CONFIG: &str = "/iga/commons/config";

async fn rules(app: &TestApp, token: &str) -> AccessRequestRules {
    let r = app.get(token, RULES).await;
    assert_eq!(r.status(), 200, "{RULES}");
    r.json().await.expect("AccessRequestRules")
}

async fn put(app: &TestApp, token: &str, path: &str, body: Value) {
    let (status, answer) = app.json_call(token, Method::PUT, path, Some(body), &[]).await;
    assert_eq!(status, 200, "PUT {path}: {answer}");
}

#[tokio::test]
async fn a_plain_user_reads_the_rules_that_the_configuration_is_closed_to() {
    let app = spawn_app().await;
    let approver = app.bearer("demo-approver").await;

    let r = app.get(&approver, &format!("{CONFIG}/iga_access_request")).await;
    assert_eq!(r.status(), 403, "the configuration is for admins");
    assert_eq!(rules(&app, &approver).await, AccessRequestRules::default());

    let raw: Value = app.get(&approver, RULES).await.json().await.unwrap();
    assert_eq!(
        raw,
        json!({"requireRequestJustification": false, "requireApproveJustification": false,
               "requireRejectJustification": false, "allowSelfApproval": false})
    );
}

#[tokio::test]
async fn the_rules_follow_every_put_of_the_configuration() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let requester = app.bearer("demo-requester").await;
    let approver = app.bearer("demo-approver").await;

    // A PUT of the category.
    put(
        &app,
        &admin,
        &format!("{CONFIG}/iga_access_request"),
        json!({"requireRejectJustification": true, "requireRequestJustification": true,
               "preventRequestWithViolation": true}),
    )
    .await;
    let want = AccessRequestRules {
        require_request_justification: true,
        require_reject_justification: true,
        ..Default::default()
    };
    assert_eq!(rules(&app, &approver).await, want);
    assert_eq!(rules(&app, &requester).await, want, "the same for everyone");
    let raw: Value = app.get(&approver, RULES).await.json().await.unwrap();
    assert!(
        raw.get("preventRequestWithViolation").is_none() && raw.get("defaultApprover").is_none(),
        "only the rules: {raw}"
    );

    // A PUT of the whole configuration replaces it (omitted keys are false again).
    put(
        &app,
        &admin,
        CONFIG,
        json!({"iga_access_request": {"requireApproveJustification": true, "allowSelfApproval": true}}),
    )
    .await;
    assert_eq!(
        rules(&app, &approver).await,
        AccessRequestRules {
            require_approve_justification: true,
            allow_self_approval: true,
            ..Default::default()
        }
    );

    // A refused PUT changes nothing.
    let (status, _) = app
        .json_call(
            &admin,
            Method::PUT,
            &format!("{CONFIG}/iga_access_request"),
            Some(json!({"requireRejectJustification": "yes"})),
            &[],
        )
        .await;
    assert_eq!(status, 400);
    assert!(rules(&app, &approver).await.require_approve_justification);
}

#[tokio::test]
async fn the_rules_need_a_signed_in_caller_and_only_answer_get() {
    let app = spawn_app().await;
    let r = app.http.get(app.url(RULES)).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let approver = app.bearer("demo-approver").await;
    let (status, _) = app
        .json_call(
            &approver,
            Method::PUT,
            RULES,
            Some(json!({"allowSelfApproval": true})),
            &[],
        )
        .await;
    assert_eq!(status, 405, "the rules are changed through the IGA configuration");
    assert!(!rules(&app, &approver).await.allow_self_approval);
}
