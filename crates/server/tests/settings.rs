//! Global tenant security settings (seed 004) over real HTTP, in both path layouts:
//! JSON Patch applied whole or not at all, the documented rules, ETag / If-Match, the
//! audit history, and the settings actually governing sign-in, sessions and networks.

mod common;

use std::net::SocketAddr;

use common::{error_text, spawn_app, spawn_behind_proxy, TestApp};
use gatehouse_server::{Config, Seed};
use gatehouse_wire::error::OAuthError;
use gatehouse_wire::provisioning::Source;
use gatehouse_wire::settings::{
    LockoutConfiguration, NetworkConfiguration, ServiceProviderConfiguration, SessionConfiguration, SettingsChange,
};
use reqwest::Response;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

const LAYOUTS: [&str; 2] = ["/v3/auth-org", "/auth-org/v1"];
const DOCS: [&str; 4] = [
    "lockout-config",
    "session-config",
    "network-config",
    "service-provider-config",
];

async fn patch(app: &TestApp, token: &str, path: &str, ops: Value) -> Response {
    app.http
        .patch(app.url(path))
        .bearer_auth(token)
        .header("content-type", "application/json-patch+json")
        .body(ops.to_string())
        .send()
        .await
        .unwrap()
}

async fn patch_if(app: &TestApp, token: &str, path: &str, if_match: &str, ops: Value) -> Response {
    app.http
        .patch(app.url(path))
        .bearer_auth(token)
        .header("if-match", if_match)
        .json(&ops)
        .send()
        .await
        .unwrap()
}

fn etag(r: &Response) -> String {
    r.headers()["etag"].to_str().unwrap().to_string()
}

/// Reads a document and its ETag.
async fn read<T: DeserializeOwned>(app: &TestApp, token: &str, path: &str) -> (T, String) {
    let r = app.get(token, path).await;
    assert_eq!(r.status(), 200, "{path}");
    let tag = etag(&r);
    (r.json().await.unwrap(), tag)
}

/// Asserts a 400 ErrorResponseDto whose text contains every one of `words`.
async fn assert_400(r: Response, words: &[&str]) -> String {
    assert_eq!(r.status(), 400);
    let text = error_text(r).await;
    for w in words {
        assert!(text.contains(w), "'{text}' should mention '{w}'");
    }
    text
}

async fn history(app: &TestApp, token: &str, name: &str, query: &str) -> (Vec<SettingsChange>, i64) {
    let r = app
        .get(token, &format!("/gatehouse/v1/settings/{name}/history{query}"))
        .await;
    assert_eq!(r.status(), 200);
    let total = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    (r.json().await.unwrap(), total)
}

async fn sign_in(app: &TestApp, client_id: &str, secret: &str, forwarded_for: Option<&str>) -> Response {
    let mut req = app.http.post(app.url("/oauth/token")).form(&[
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
    ]);
    if let Some(xff) = forwarded_for {
        req = req.header("x-forwarded-for", xff);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn documents_read_with_an_etag_in_both_layouts() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    for layout in LAYOUTS {
        let (lockout, tag) = read::<LockoutConfiguration>(&app, &t, &format!("{layout}/lockout-config")).await;
        assert_eq!(lockout, LockoutConfiguration::default());
        assert_eq!(tag, "\"1\"");
        let (session, _) = read::<SessionConfiguration>(&app, &t, &format!("{layout}/session-config")).await;
        assert_eq!(session, SessionConfiguration::default());
        let (network, _) = read::<NetworkConfiguration>(&app, &t, &format!("{layout}/network-config")).await;
        assert_eq!(network, NetworkConfiguration::default());
        let (sp, tag) =
            read::<ServiceProviderConfiguration>(&app, &t, &format!("{layout}/service-provider-config")).await;
        assert_eq!(sp, ServiceProviderConfiguration::default());
        assert!(sp.idp().is_some() && sp.sp().is_some());
        assert_eq!(tag, "\"1\"");
    }
    // The raw document has the spec's field names.
    let raw: Value = app.get(&t, "/v3/auth-org/session-config").await.json().await.unwrap();
    assert_eq!(
        raw,
        json!({"maxIdleTime": 15, "rememberMe": false, "maxSessionTime": 480})
    );
}

#[tokio::test]
async fn only_org_admins_read_and_write_them() {
    let app = spawn_app().await;
    for client in ["demo-policy", "demo-source", "demo-requester"] {
        let t = app.bearer(client).await;
        for layout in LAYOUTS {
            for doc in DOCS {
                let path = format!("{layout}/{doc}");
                let r = app.get(&t, &path).await;
                assert_eq!(r.status(), 403, "{client} GET {path}");
                error_text(r).await;
                // Refused before the body is even read.
                let r = patch(&app, &t, &path, json!("not a patch")).await;
                assert_eq!(r.status(), 403, "{client} PATCH {path}");
            }
            let r = app
                .http
                .post(app.url(&format!("{layout}/network-config")))
                .bearer_auth(&t)
                .json(&json!({"range": null, "geolocation": null, "whitelisted": false}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403);
        }
    }
    let r = app
        .http
        .get(app.url("/v3/auth-org/lockout-config"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_patch_is_applied_whole_and_validated_whole() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    // The spec's example: replace then add, as application/json-patch+json.
    let r = patch(
        &app,
        &t,
        "/v3/auth-org/lockout-config",
        json!([{"op": "replace", "path": "/maximumAttempts", "value": 7},
               {"op": "add", "path": "/lockoutDuration", "value": 35}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(etag(&r), "\"2\"");
    let body: LockoutConfiguration = r.json().await.unwrap();
    assert_eq!(
        (body.maximum_attempts, body.lockout_duration, body.lockout_window),
        (7, 35, 5)
    );
    // application/json is accepted too, on the per-service path.
    let r = patch_if(
        &app,
        &t,
        "/auth-org/v1/lockout-config",
        "*",
        json!([{"op": "replace", "path": "/lockoutWindow", "value": 10}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let stored = || async {
        read::<LockoutConfiguration>(&app, &t, "/v3/auth-org/lockout-config")
            .await
            .0
    };
    let expected = LockoutConfiguration {
        maximum_attempts: 7,
        lockout_duration: 35,
        lockout_window: 10,
    };
    assert_eq!(stored().await, expected);

    // Each of these is refused and changes nothing.
    let lockout = "/v3/auth-org/lockout-config";
    let cases: [(Value, &[&str]); 7] = [
        (
            json!([{"op": "replace", "path": "/maximumAttempts", "value": 16}]),
            &["maximumAttempts", "between 1 and 15"],
        ),
        (
            json!([{"op": "replace", "path": "/lockoutDuration", "value": 4},
                   {"op": "replace", "path": "/lockoutWindow", "value": 61}]),
            &["lockoutDuration", "lockoutWindow"],
        ),
        (
            json!([{"op": "add", "path": "/description", "value": "New description"}]),
            &["description"],
        ),
        (
            json!([{"op": "replace", "path": "/lockoutWindow", "value": "ten"}]),
            &["lockoutWindow", "invalid type"],
        ),
        // A failing test fails the whole patch, even after an operation that applied.
        (
            json!([{"op": "replace", "path": "/maximumAttempts", "value": 3},
                   {"op": "test", "path": "/maximumAttempts", "value": 99}]),
            &["operation 1 (test) failed", "/maximumAttempts"],
        ),
        (
            json!([{"op": "remove", "path": "/nothing"}]),
            &["operation 0 (remove)", "/nothing"],
        ),
        (
            json!([{"op": "frobnicate", "path": "/maximumAttempts"}]),
            &["[0]", "frobnicate"],
        ),
    ];
    for (ops, words) in cases {
        assert_400(patch(&app, &t, lockout, ops).await, words).await;
    }
    assert_eq!(stored().await, expected);
    // A test that holds lets the patch through.
    let r = patch(
        &app,
        &t,
        lockout,
        json!([{"op": "test", "path": "/maximumAttempts", "value": 7},
               {"op": "replace", "path": "/maximumAttempts", "value": 3}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    // Not JSON at all, or not a patch.
    let r = app
        .http
        .patch(app.url(lockout))
        .bearer_auth(&t)
        .header("content-type", "text/plain")
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    error_text(r).await;
    assert_400(
        patch(&app, &t, lockout, json!({"op": "replace"})).await,
        &["invalid request body"],
    )
    .await;

    // Session: the bounds and maxSessionTime > maxIdleTime.
    let session = "/v3/auth-org/session-config";
    let session_before = read::<SessionConfiguration>(&app, &t, session).await.0;
    assert_400(
        patch(
            &app,
            &t,
            session,
            json!([{"op": "replace", "path": "/maxSessionTime", "value": 10081}]),
        )
        .await,
        &["maxSessionTime", "10080"],
    )
    .await;
    assert_400(
        patch(
            &app,
            &t,
            session,
            json!([{"op": "replace", "path": "/maxSessionTime", "value": 10}]),
        )
        .await,
        &["maxSessionTime", "greater than maxIdleTime"],
    )
    .await;
    assert_400(
        patch(
            &app,
            &t,
            session,
            json!([{"op": "replace", "path": "/maxIdleTime", "value": 1441}]),
        )
        .await,
        &["maxIdleTime", "1440"],
    )
    .await;
    assert_eq!(read::<SessionConfiguration>(&app, &t, session).await.0, session_before);
    let r = patch(
        &app,
        &t,
        session,
        json!([{"op": "replace", "path": "/rememberMe", "value": true},
               {"op": "add", "path": "/maxSessionTime", "value": 480}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(r.json::<SessionConfiguration>().await.unwrap().remember_me);

    // Network: ranges are addresses or CIDR; countries two uppercase letters.
    let network = "/v3/auth-org/network-config";
    let network_before = read::<NetworkConfiguration>(&app, &t, network).await.0;
    assert_400(
        patch(
            &app,
            &t,
            network,
            json!([{"op": "add", "path": "/range", "value": ["10.0.0.0/33"]}]),
        )
        .await,
        &["range", "10.0.0.0/33"],
    )
    .await;
    assert_400(
        patch(
            &app,
            &t,
            network,
            json!([{"op": "add", "path": "/geolocation", "value": ["CA", "usa"]}]),
        )
        .await,
        &["geolocation", "usa"],
    )
    .await;
    assert_eq!(read::<NetworkConfiguration>(&app, &t, network).await.0, network_before);
    let r = patch(
        &app,
        &t,
        network,
        json!([{"op": "replace", "path": "/whitelisted", "value": false},
               {"op": "add", "path": "/geolocation", "value": ["AF", "HN", "ES"]}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let n: NetworkConfiguration = r.json().await.unwrap();
    assert_eq!(n.geolocation, Some(vec!["AF".into(), "HN".into(), "ES".into()]));
}

#[tokio::test]
async fn service_provider_keeps_the_five_rules() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let path = "/v3/auth-org/service-provider-config";
    let (before, _) = read::<ServiceProviderConfiguration>(&app, &t, path).await;
    let cases: [(Value, &[&str]); 6] = [
        (
            json!([{"op": "add", "path": "/federationProtocolDetails/-",
                    "value": {"role": "SAML_IDP", "mappingAttribute": "email"}}]),
            &["rule 1", "federationProtocolDetails"],
        ),
        (
            json!([{"op": "remove", "path": "/federationProtocolDetails/0"}]),
            &["rule 1"],
        ),
        (
            json!([{"op": "replace", "path": "/federationProtocolDetails/1/alias", "value": "mine"}]),
            &["rule 2", "SAML_SP"],
        ),
        (
            json!([{"op": "replace", "path": "/enabled", "value": true}]),
            &["rule 4", "entityId"],
        ),
        (
            json!([{"op": "replace", "path": "/enabled", "value": true},
                   {"op": "replace", "path": "/federationProtocolDetails/0/entityId", "value": "http://idp"},
                   {"op": "add", "path": "/federationProtocolDetails/0/jitConfiguration",
                    "value": {"enabled": true, "sourceAttributeMappings": {"firstName": "okta.firstName"}}}]),
            &["rule 5", "jitConfiguration.sourceId", "missing: lastName, email"],
        ),
        (
            json!([{"op": "add", "path": "/federationProtocolDetails/0/jitConfiguration",
                    "value": {"enabled": true, "sourceId": "no-such-source",
                              "sourceAttributeMappings": {"firstName": "a", "lastName": "b", "email": "c"}}}]),
            &["rule 5", "'no-such-source' is invalid"],
        ),
    ];
    for (ops, words) in cases {
        assert_400(patch(&app, &t, path, ops).await, words).await;
    }
    assert_eq!(read::<ServiceProviderConfiguration>(&app, &t, path).await.0, before);

    // The spec's example, with a source that exists, on the per-service path.
    let sources: Vec<Source> = app.get(&t, "/v3/sources").await.json().await.unwrap();
    let r = patch(
        &app,
        &t,
        "/auth-org/v1/service-provider-config",
        json!([{"op": "replace", "path": "/enabled", "value": true},
               {"op": "replace", "path": "/federationProtocolDetails/0/entityId", "value": "http://www.okta.com/exk"},
               {"op": "add", "path": "/federationProtocolDetails/0/jitConfiguration",
                "value": {"enabled": true, "sourceId": sources[0].id,
                          "sourceAttributeMappings": {"firstName": "okta.firstName", "lastName": "okta.lastName",
                                                      "email": "okta.email", "employeeNumber": "okta.employeeNumber"}}}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let after: ServiceProviderConfiguration = r.json().await.unwrap();
    assert!(after.enabled);
    assert_eq!(after.jit_source_id(), Some(sources[0].id.as_str()));
    assert_eq!(after.sp(), before.sp());
    // Once enabled, the IdP keeps its entityId.
    assert_400(
        patch(
            &app,
            &t,
            path,
            json!([{"op": "replace", "path": "/federationProtocolDetails/0/entityId", "value": null}]),
        )
        .await,
        &["rule 4"],
    )
    .await;
}

#[tokio::test]
async fn if_match_refuses_a_stale_change() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let path = "/v3/auth-org/session-config";
    let (_, tag) = read::<SessionConfiguration>(&app, &t, path).await;
    assert_eq!(tag, "\"1\"");
    let change = |v: i64| json!([{"op": "replace", "path": "/maxIdleTime", "value": v}]);
    let r = patch_if(&app, &t, path, &tag, change(20)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(etag(&r), "\"2\"");
    // Someone else's change arrived first: the old tag no longer matches.
    let r = patch_if(&app, &t, path, &tag, change(25)).await;
    assert_eq!(r.status(), 412);
    let text = error_text(r).await;
    assert!(text.contains("\"2\""), "{text}");
    let (now, tag) = read::<SessionConfiguration>(&app, &t, path).await;
    assert_eq!((now.max_idle_time, tag.as_str()), (20, "\"2\""));
    // A list containing the current tag, a weak tag and `*` all match.
    for if_match in ["\"7\", \"2\"", "W/\"3\"", "*"] {
        let r = patch_if(&app, &t, path, if_match, change(30)).await;
        assert_eq!(r.status(), 200, "{if_match}");
    }
    // Without If-Match, as SailPoint: applied.
    let r = patch(&app, &t, path, change(31)).await;
    assert_eq!(r.status(), 200);
    // POST network-config honours it too.
    let r = app
        .http
        .post(app.url("/v3/auth-org/network-config"))
        .bearer_auth(&t)
        .header("if-match", "\"9\"")
        .json(&json!({"range": [], "geolocation": ["CA"], "whitelisted": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 412);
}

#[tokio::test]
async fn every_change_is_in_the_history_newest_first() {
    let app = spawn_app().await;
    let admin = app.token_for("demo-admin").await;
    let t = admin.access_token.clone();
    let path = "/v3/auth-org/lockout-config";
    let first = json!([{"op": "replace", "path": "/maximumAttempts", "value": 9}]);
    let second = json!([{"op": "replace", "path": "/lockoutWindow", "value": 30}]);
    assert_eq!(patch(&app, &t, path, first.clone()).await.status(), 200);
    assert_eq!(patch(&app, &t, path, second.clone()).await.status(), 200);
    // Refused and no-op changes leave no trace.
    assert_eq!(
        patch(
            &app,
            &t,
            path,
            json!([{"op": "replace", "path": "/maximumAttempts", "value": 0}])
        )
        .await
        .status(),
        400
    );
    let r = patch(
        &app,
        &t,
        path,
        json!([{"op": "replace", "path": "/maximumAttempts", "value": 9}]),
    )
    .await;
    assert_eq!((r.status().as_u16(), etag(&r)), (200, "\"3\"".to_string()));

    let (changes, total) = history(&app, &t, "lockout-config", "").await;
    assert_eq!((changes.len(), total), (2, 2));
    let newest = &changes[0];
    assert_eq!(newest.document, "lockout-config");
    assert_eq!(newest.rev, 3);
    assert_eq!(newest.method, "PATCH");
    assert_eq!(newest.patch, second);
    assert_eq!(newest.changed_by.id, admin.identity_id);
    assert_eq!(newest.changed_by.name, "Ada Lovelace");
    assert_eq!(newest.before.as_ref().unwrap()["lockoutWindow"], json!(5));
    assert_eq!(newest.after["lockoutWindow"], json!(30));
    assert_eq!(changes[1].patch, first);
    assert_eq!(changes[1].before.as_ref().unwrap()["maximumAttempts"], json!(5));
    assert!(changes[0].changed >= changes[1].changed);
    // Paging.
    let (page, total) = history(&app, &t, "lockout-config", "?limit=1&offset=1").await;
    assert_eq!((page.len(), total, page[0].rev), (1, 2, 2));
    // A POST is recorded with the posted document as its patch.
    let posted = json!({"range": ["127.0.0.1"], "geolocation": null, "whitelisted": false});
    let r = app
        .http
        .post(app.url("/auth-org/v1/network-config"))
        .bearer_auth(&t)
        .json(&posted)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (changes, _) = history(&app, &t, "network-config", "").await;
    assert_eq!((changes[0].method.as_str(), &changes[0].patch), ("POST", &posted));
    // Other documents have their own history.
    assert!(history(&app, &t, "session-config", "").await.0.is_empty());
    // Who may read it, and the parameters.
    let policy = app.bearer("demo-policy").await;
    assert_eq!(
        app.get(&policy, "/gatehouse/v1/settings/lockout-config/history")
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get(&policy, "/gatehouse/v1/settings/jit-activation-config/history")
            .await
            .status(),
        200
    );
    let r = app.get(&t, "/gatehouse/v1/settings/colour-config/history").await;
    assert_eq!(r.status(), 404);
    assert!(error_text(r).await.contains("colour-config"));
    for bad in ["?limit=251", "?offset=-1", "?limit=x", "?page=2"] {
        let r = app
            .get(&t, &format!("/gatehouse/v1/settings/lockout-config/history{bad}"))
            .await;
        assert_eq!(r.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn lockout_settings_lock_a_client_after_failed_sign_ins() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    // Under the default (5 attempts) two failures do not lock.
    for _ in 0..2 {
        assert_eq!(sign_in(&app, "demo-approver", "wrong", None).await.status(), 401);
    }
    assert_eq!(
        sign_in(&app, "demo-approver", "demo-approver-secret", None)
            .await
            .status(),
        200
    );
    // Two attempts now lock, at once (the live settings follow the write).
    let r = patch(
        &app,
        &t,
        "/v3/auth-org/lockout-config",
        json!([{"op": "replace", "path": "/maximumAttempts", "value": 2}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    for _ in 0..2 {
        let r = sign_in(&app, "demo-requester", "wrong", None).await;
        assert_eq!(r.status(), 401);
        assert_eq!(r.json::<OAuthError>().await.unwrap().error, "invalid_client");
    }
    let r = sign_in(&app, "demo-requester", "demo-requester-secret", None).await;
    assert_eq!(r.status(), 401);
    let body: OAuthError = r.json().await.unwrap();
    assert_eq!(body.error, "invalid_client");
    assert!(body.error_description.unwrap().starts_with("locked until "));
    // Other clients are not affected.
    assert_eq!(
        sign_in(&app, "demo-approver", "demo-approver-secret", None)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn once_a_lock_is_served_earlier_failures_no_longer_count() {
    // Arrange: two failures within an hour lock for five minutes; lock demo-requester.
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let r = patch(
        &app,
        &t,
        "/v3/auth-org/lockout-config",
        json!([{"op": "replace", "path": "/maximumAttempts", "value": 2},
               {"op": "replace", "path": "/lockoutWindow", "value": 60},
               {"op": "replace", "path": "/lockoutDuration", "value": 5}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let right = "demo-requester-secret";
    for _ in 0..2 {
        assert_eq!(sign_in(&app, "demo-requester", "wrong", None).await.status(), 401);
    }
    let locked = sign_in(&app, "demo-requester", right, None).await;
    assert_eq!(locked.status(), 401);
    assert!(locked
        .json::<OAuthError>()
        .await
        .unwrap()
        .error_description
        .unwrap()
        .starts_with("locked until "));
    // Six minutes pass (only the server's memory knows when the failures were): the lock
    // is served, while both failures are still inside the 60-minute window.
    {
        let mut failures = app.state.failures.lock().unwrap();
        let entry = failures
            .by_client
            .get_mut("demo-requester")
            .expect("failures of demo-requester");
        assert_eq!(entry.times.len(), 2);
        entry.times.iter_mut().for_each(|at| *at -= 6 * 60);
    }

    // Act + Assert: one wrong attempt is just a wrong attempt, not a new lock.
    let r = sign_in(&app, "demo-requester", "wrong", None).await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<OAuthError>().await.unwrap().error_description.as_deref(),
        Some("Bad credentials")
    );
    assert_eq!(sign_in(&app, "demo-requester", right, None).await.status(), 200);
    // The success reset the count: one more failure still does not lock.
    assert_eq!(sign_in(&app, "demo-requester", "wrong", None).await.status(), 401);
    assert_eq!(sign_in(&app, "demo-requester", right, None).await.status(), 200);
}

/// Serves the same database again (a restart): sessions are loaded from `access_tokens`.
async fn restart(app: &TestApp) -> (String, tokio::sync::oneshot::Sender<()>) {
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: app.db_path.display().to_string(),
        seed: Seed::Demo,
        dist: app.dir.path().join("dist"),
        trusted_proxy: None,
    };
    let (state, _) = gatehouse_server::build_state(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(gatehouse_server::serve_on(listener, state, async {
        let _ = rx.await;
    }));
    (format!("http://{addr}"), tx)
}

#[tokio::test]
async fn session_settings_govern_token_lifetimes() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let old = app.token_for("demo-requester").await;
    assert_eq!(old.expires_in, 480 * 60);
    let r = patch(
        &app,
        &t,
        "/v3/auth-org/session-config",
        json!([{"op": "replace", "path": "/maxSessionTime", "value": 60},
               {"op": "replace", "path": "/maxIdleTime", "value": 10}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    // New tokens follow maxSessionTime.
    let fresh = app.token_for("demo-requester").await;
    assert_eq!(fresh.expires_in, 3600);
    // A token issued two hours ago (under the old 480 minutes) is expired under the
    // current 60, checked at the request; the fresh one still works.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db_path.display()))
        .await
        .unwrap();
    let two_hours_ago = time::OffsetDateTime::now_utc().unix_timestamp() - 7200;
    sqlx::query("UPDATE access_tokens SET issued_at = ? WHERE jti = ?")
        .bind(two_hours_ago)
        .bind(old.jti.as_deref().unwrap())
        .execute(&pool)
        .await
        .unwrap();
    let (base, _stop) = restart(&app).await;
    let call = |token: String| {
        let http = app.http.clone();
        let url = format!("{base}/v2024/identities?limit=1");
        async move {
            http.get(url)
                .bearer_auth(token)
                .header("X-SailPoint-Experimental", "true")
                .send()
                .await
                .unwrap()
        }
    };
    let r = call(old.access_token.clone()).await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<OAuthError>().await.unwrap().error,
        "JWT validation failed: JWT is expired"
    );
    assert_eq!(call(fresh.access_token.clone()).await.status(), 200);
}

#[tokio::test]
async fn a_network_change_that_shuts_out_its_maker_is_refused() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let path = "/v3/auth-org/network-config";
    let text = assert_400(
        patch(
            &app,
            &t,
            path,
            json!([{"op": "add", "path": "/range", "value": ["10.0.0.0/8"]}]),
        )
        .await,
        &["range", "shut out", "127.0.0.1"],
    )
    .await;
    assert!(!text.contains("database"));
    let r = app
        .http
        .post(app.url("/auth-org/v1/network-config"))
        .bearer_auth(&t)
        .json(&json!({"range": ["192.168.0.0/16"], "geolocation": null, "whitelisted": false}))
        .send()
        .await
        .unwrap();
    assert_400(r, &["shut out"]).await;
    assert_eq!(
        read::<NetworkConfiguration>(&app, &t, path).await.0,
        NetworkConfiguration::default()
    );
    // A range that keeps the maker in is stored and enforced; the maker goes on working.
    let r = patch(
        &app,
        &t,
        path,
        json!([{"op": "add", "path": "/range", "value": ["127.0.0.0/8", "::1"]}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.get(&t, "/v2024/identities?limit=1").await.status(), 200);
}

#[tokio::test]
async fn the_network_allow_list_refuses_other_addresses() {
    let app = spawn_behind_proxy().await;
    let inside = "10.1.2.3";
    let outside = "192.0.2.7";
    let t = app.bearer("demo-admin").await;
    let r = app
        .http
        .patch(app.url("/v3/auth-org/network-config"))
        .bearer_auth(&t)
        .header("x-forwarded-for", inside)
        .header("content-type", "application/json-patch+json")
        .body(json!([{"op": "add", "path": "/range", "value": ["10.0.0.0/8"]}]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let call = |xff: Option<&'static str>| {
        let mut req = app
            .http
            .get(app.url("/v2024/identities?limit=1"))
            .bearer_auth(&t)
            .header("X-SailPoint-Experimental", "true");
        if let Some(xff) = xff {
            req = req.header("x-forwarded-for", xff);
        }
        req.send()
    };
    assert_eq!(call(Some(inside)).await.unwrap().status(), 200);
    for from in [Some(outside), None] {
        let r = call(from).await.unwrap();
        assert_eq!(r.status(), 403, "{from:?}");
        assert!(error_text(r)
            .await
            .contains("not allowed by the tenant's network settings"));
    }
    // Sign-in from outside is refused too; from inside it works.
    assert_eq!(
        sign_in(&app, "demo-policy", "demo-policy-secret", Some(outside))
            .await
            .status(),
        403
    );
    assert_eq!(
        sign_in(&app, "demo-policy", "demo-policy-secret", Some(inside))
            .await
            .status(),
        200
    );
    // The portal's files stay reachable.
    let r = app
        .http
        .get(app.url("/"))
        .header("x-forwarded-for", outside)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn token_revocation_from_a_denied_address_is_refused() {
    let app = spawn_behind_proxy().await;
    let (inside, outside) = ("10.1.2.3", "192.0.2.7");
    let t = app.bearer("demo-admin").await;
    let r = app
        .http
        .patch(app.url("/v3/auth-org/network-config"))
        .bearer_auth(&t)
        .header("x-forwarded-for", inside)
        .header("content-type", "application/json-patch+json")
        .body(json!([{"op": "add", "path": "/range", "value": ["10.0.0.0/8"]}]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let victim = sign_in(&app, "demo-requester", "demo-requester-secret", Some(inside))
        .await
        .json::<gatehouse_wire::auth::TokenResponse>()
        .await
        .unwrap()
        .access_token;
    let revoke = |xff: &'static str| {
        app.http
            .post(app.url("/oauth/revoke"))
            .header("x-forwarded-for", xff)
            .form(&[("token", victim.as_str())])
            .send()
    };
    let works = || {
        app.http
            .get(app.url("/v2024/identities?limit=1"))
            .bearer_auth(&victim)
            .header("X-SailPoint-Experimental", "true")
            .header("x-forwarded-for", inside)
            .send()
    };

    let r = revoke(outside).await.unwrap();
    assert_eq!(r.status(), 403);
    let body: OAuthError = r.json().await.unwrap();
    assert_eq!(body.error, "access_denied");
    assert!(body.error_description.unwrap().contains(outside));
    assert_eq!(
        works().await.unwrap().status(),
        200,
        "the refused revoke changed nothing"
    );

    assert_eq!(revoke(inside).await.unwrap().status(), 200);
    assert_eq!(works().await.unwrap().status(), 401);
}

/// Serves the same database again with `prepare` run on the state first (to age a
/// session, which only the server's memory knows the last use of).
async fn restart_with(
    app: &TestApp,
    prepare: impl FnOnce(&gatehouse_server::state::AppState),
) -> (String, tokio::sync::oneshot::Sender<()>) {
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database: app.db_path.display().to_string(),
        seed: Seed::Demo,
        dist: app.dir.path().join("dist"),
        trusted_proxy: None,
    };
    let (state, _) = gatehouse_server::build_state(&config).await.unwrap();
    prepare(&state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(gatehouse_server::serve_on(listener, state, async {
        let _ = rx.await;
    }));
    (format!("http://{addr}"), tx)
}

#[tokio::test]
async fn a_token_idles_out_after_max_idle_time() {
    // Arrange: sessions may idle 10 minutes; two tokens, one unused for 11 minutes and
    // one for 9 (both well inside the 60-minute maximum).
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let r = patch(
        &app,
        &t,
        "/v3/auth-org/session-config",
        json!([{"op": "replace", "path": "/maxSessionTime", "value": 60},
               {"op": "replace", "path": "/maxIdleTime", "value": 10}]),
    )
    .await;
    assert_eq!(r.status(), 200);
    let idle = app.token_for("demo-requester").await;
    let busy = app.token_for("demo-requester").await;
    let (base, _stop) = restart_with(&app, |state| {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut sessions = state.sessions.lock().unwrap();
        for (token, idle_minutes) in [(&idle, 11), (&busy, 9)] {
            let session = sessions.get_mut(token.jti.as_deref().unwrap()).expect("a live session");
            session.issued_at = now - idle_minutes * 60;
            session.last_used = now - idle_minutes * 60;
        }
    })
    .await;
    let call = |token: String| {
        let http = app.http.clone();
        let url = format!("{base}/v2024/identities?limit=1");
        async move {
            http.get(url)
                .bearer_auth(token)
                .header("X-SailPoint-Experimental", "true")
                .send()
                .await
                .unwrap()
        }
    };

    // Act + Assert: the idle one is refused (and stays refused), the other works and
    // its use counts as activity.
    let r = call(idle.access_token.clone()).await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<OAuthError>().await.unwrap().error,
        "JWT validation failed: the session was idle longer than the tenant allows"
    );
    assert_eq!(call(idle.access_token.clone()).await.status(), 401);
    assert_eq!(call(busy.access_token.clone()).await.status(), 200);
    assert_eq!(call(busy.access_token.clone()).await.status(), 200);
}
