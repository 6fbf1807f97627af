//! Sign-in over real HTTP: the three encodings, bad credentials, expired, unknown and
//! revoked tokens, and user-level checks.

mod common;

use common::{error_text, spawn_app};
use gatehouse_wire::auth::{Claims, TokenResponse};
use gatehouse_wire::error::OAuthError;

#[tokio::test]
async fn token_from_urlencoded_form() {
    let app = spawn_app().await;
    let t = app.token_for("demo-admin").await;
    assert_eq!(t.token_type, "bearer");
    assert_eq!(t.user_name, "demo-admin");
    assert_eq!(t.authorities, vec!["ORG_ADMIN"]);
    assert_eq!(t.expires_in, 480 * 60);
    assert_eq!(t.access_token.split('.').count(), 3, "a JWT");
}

#[tokio::test]
async fn token_from_multipart_and_query_string() {
    let app = spawn_app().await;
    let form = reqwest::multipart::Form::new()
        .text("grant_type", "client_credentials")
        .text("client_id", "demo-requester")
        .text("client_secret", "demo-requester-secret");
    let r = app
        .http
        .post(app.url("/oauth/token"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: TokenResponse = r.json().await.unwrap();
    assert_eq!(t.user_name, "demo-requester");
    assert!(t.authorities.is_empty());

    let r =
        app.http
            .post(app.url(
                "/oauth/token?grant_type=client_credentials&client_id=demo-policy&client_secret=demo-policy-secret",
            ))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 200);
    let t: TokenResponse = r.json().await.unwrap();
    assert_eq!(t.authorities, vec!["POLICY_ADMIN"]);
}

#[tokio::test]
async fn wrong_secret_and_unknown_client_are_invalid_client() {
    let app = spawn_app().await;
    for (id, secret) in [("demo-admin", "wrong"), ("nobody", "x")] {
        let r = app
            .http
            .post(app.url("/oauth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let e: OAuthError = r.json().await.unwrap();
        assert_eq!(e.error, "invalid_client");
    }
}

#[tokio::test]
async fn bad_grant_type_and_content_type() {
    let app = spawn_app().await;
    let r = app
        .http
        .post(app.url("/oauth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", "demo-admin"),
            ("client_secret", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<OAuthError>().await.unwrap().error, "unsupported_grant_type");
    let r = app
        .http
        .post(app.url("/oauth/token"))
        .header("content-type", "application/json")
        .body(r#"{"grant_type":"client_credentials"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = app
        .http
        .post(app.url("/oauth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=".repeat(100_000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn missing_unknown_expired_and_revoked_tokens_are_401() {
    let app = spawn_app().await;
    let r = app
        .http
        .get(app.url("/v2024/identities"))
        .header("X-SailPoint-Experimental", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r
        .json::<OAuthError>()
        .await
        .unwrap()
        .error
        .starts_with("JWT validation failed"));

    let r = app.get("not.a.token", "/v2024/identities").await;
    assert_eq!(r.status(), 401);

    // A token signed with the server's own key but already past its expiry.
    let secret: String = {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db_path.display()))
            .await
            .unwrap();
        sqlx::query_scalar("SELECT value FROM app_meta WHERE key = 'jwt_secret'")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let real = app.token_for("demo-admin").await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = Claims {
        jti: real.jti.clone().unwrap(),
        sub: real.identity_id.clone(),
        identity_id: real.identity_id.clone(),
        user_name: "demo-admin".into(),
        client_id: "demo-admin".into(),
        authorities: vec!["ORG_ADMIN".into()],
        iat: now - 7200,
        exp: now - 3600,
    };
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap();
    let r = app.get(&expired, "/v2024/identities").await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<OAuthError>().await.unwrap().error,
        "JWT validation failed: JWT is expired"
    );

    // Revocation ends a working token.
    assert_eq!(
        app.get(&real.access_token, "/v2024/identities?limit=1").await.status(),
        200
    );
    let r = app
        .http
        .post(app.url("/oauth/revoke"))
        .form(&[("token", &real.access_token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app.get(&real.access_token, "/v2024/identities?limit=1").await;
    assert_eq!(r.status(), 401);
    assert!(r.json::<OAuthError>().await.unwrap().error.contains("revoked"));
}

#[tokio::test]
async fn a_user_without_a_level_sees_only_themselves() {
    let app = spawn_app().await;
    let me = app.token_for("demo-requester").await;
    let r = app.get(&me.access_token, "/v2024/identities").await;
    assert_eq!(r.status(), 200);
    let list: Vec<gatehouse_wire::identity::Identity> = r.json().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, me.identity_id);
    assert_eq!(list[0].alias, "demo-requester");

    let admin = app.bearer("demo-admin").await;
    let all: Vec<gatehouse_wire::identity::Identity> =
        app.get(&admin, "/v2024/identities?limit=5").await.json().await.unwrap();
    let other = all.iter().find(|i| i.id != me.identity_id).unwrap();
    let r = app
        .get(&me.access_token, &format!("/v2024/identities/{}", other.id))
        .await;
    assert_eq!(r.status(), 403);
    assert!(error_text(r).await.contains("your own"));
    let r = app
        .get(&me.access_token, &format!("/v2024/identities/{}", me.identity_id))
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn demo_approver_manages_demo_requester() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let list: Vec<gatehouse_wire::identity::Identity> = app
        .get(&admin, "/v2024/identities?filters=alias+eq+%22demo-requester%22")
        .await
        .json()
        .await
        .unwrap();
    let approver: Vec<gatehouse_wire::identity::Identity> = app
        .get(&admin, "/v2024/identities?filters=alias%20eq%20%22demo-approver%22")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0].manager_ref.as_ref().unwrap().id, approver[0].id);
    assert!(approver[0].is_manager);
}
