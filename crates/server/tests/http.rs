//! Transport behaviour over real HTTP: error shapes (404, 405, 400), headers on the
//! portal, on an asset and on the API, and client-side routes falling back to index.html.

mod common;

use common::{error_text, spawn_app, INDEX_HTML};
use sha2::Digest;

#[tokio::test]
async fn unknown_api_path_is_a_404_error_response() {
    let app = spawn_app().await;
    let token = app.bearer("demo-admin").await;
    let r = app.get(&token, "/v2024/no-such-thing").await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert!(error_text(r).await.contains("/v2024/no-such-thing"));
    let r = app.http.get(app.url("/iga/governance/nothing")).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn unknown_identity_is_a_404_naming_it() {
    let app = spawn_app().await;
    let token = app.bearer("demo-admin").await;
    let r = app
        .get(&token, "/v2024/identities/ffffffffffffffffffffffffffffffff")
        .await;
    assert_eq!(r.status(), 404);
    assert!(error_text(r).await.contains("ffffffffffffffffffffffffffffffff"));
}

#[tokio::test]
async fn experimental_header_is_required_on_v2024_identities_only() {
    let app = spawn_app().await;
    let token = app.bearer("demo-admin").await;
    let r = app
        .http
        .get(app.url("/v2024/identities"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(error_text(r).await.contains("X-SailPoint-Experimental"));
    let r = app
        .http
        .get(app.url("/identities/v1?limit=1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_missing_or_bad_token_is_401_before_the_experimental_header_is_asked_for() {
    let app = spawn_app().await;
    for (method, path) in [
        (reqwest::Method::GET, "/v2024/identities"),
        (reqwest::Method::POST, "/identities/v1/process"),
    ] {
        let r = app.http.request(method.clone(), app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path} without a token");
        let r = app
            .http
            .request(method, app.url(path))
            .bearer_auth("not-a-jwt")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{path} with a bad token");
        assert!(r.text().await.unwrap().contains("JWT validation failed"));
    }
}

#[tokio::test]
async fn wrong_method_is_405_error_response() {
    let app = spawn_app().await;
    let r = app.http.put(app.url("/oauth/token")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    error_text(r).await;
}

#[tokio::test]
async fn portal_headers_and_fallback() {
    let app = spawn_app().await;
    let r = app.http.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
    assert!(
        csp.contains("object-src 'none'") && csp.contains("base-uri 'none'") && csp.contains("frame-ancestors 'none'")
    );
    assert!(!csp.contains("unsafe-inline"));
    // The inline loader's hash is allowed, so the strict CSP still runs it.
    let start = INDEX_HTML.find("<script type=\"module\">").unwrap() + "<script type=\"module\">".len();
    let end = INDEX_HTML.find("</script>").unwrap();
    let hash = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        sha2::Sha256::digest(&INDEX_HTML.as_bytes()[start..end]),
    );
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    assert_eq!(r.text().await.unwrap(), INDEX_HTML);

    // Client-side routes get index.html.
    let r = app.http.get(app.url("/identities/abc?x=1")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.text().await.unwrap(), INDEX_HTML);

    // Hashed assets are cached for good; wasm has its type.
    let r = app.http.get(app.url("/app-0123456789abcdef.js")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let r = app
        .http
        .get(app.url("/app-0123456789abcdef_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");

    // A browser that takes brotli gets the file compressed at build time, same type.
    let r = app
        .http
        .get(app.url("/app-0123456789abcdef_bg.wasm"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"brotli bytes");
}

#[tokio::test]
async fn api_answers_carry_security_headers_and_no_store() {
    let app = spawn_app().await;
    let token = app.bearer("demo-admin").await;
    let r = app.get(&token, "/v2024/identities?limit=1").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
}

#[tokio::test]
async fn bad_list_parameters_are_400_naming_them() {
    let app = spawn_app().await;
    let token = app.bearer("demo-admin").await;
    for (query, needle) in [
        ("limit=251", "limit"),
        ("offset=-1", "offset"),
        ("sorters=email", "email"),
        ("filters=name+co+%22a%22", "'co'"),
        ("filters=shoeSize+eq+1", "shoeSize"),
        ("filters=name+eq", "position"),
        ("defaultFilter=SOME", "defaultFilter"),
        ("colour=blue", "colour"),
        ("count=maybe", "count"),
        ("limit=ten", "limit"),
        ("offset=1.5", "offset"),
        ("filters=name+in+(%22a%22)", "'in'"),
        ("filters=cloudStatus+sw+%22AC%22", "'sw'"),
        ("filters=email+pr", "'pr'"),
        ("filters=email+isnull", "'isnull'"),
        ("filters=alias+ca+(%22a%22)", "'ca'"),
        ("filters=correlated+eq+%22yes%22", "correlated"),
        ("filters=name+sw+5", "quoted string"),
        ("filters=(name+eq+%22a%22", "position"),
        ("sorters=name,-name", "name"),
    ] {
        let r = app.get(&token, &format!("/v2024/identities?{query}")).await;
        assert_eq!(r.status(), 400, "{query}");
        let text = error_text(r).await;
        assert!(text.contains(needle), "{query}: {text}");
    }
}
