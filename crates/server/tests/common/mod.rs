//! `spawn_app()`: the real server on a loopback port with a fresh demo database and a
//! small stand-in portal, plus typed helpers for signing in and calling the API.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::net::SocketAddr;
use std::path::PathBuf;

use gatehouse_server::{Config, Seed};
use gatehouse_wire::auth::TokenResponse;
use gatehouse_wire::error::ErrorResponseDto;
use reqwest::{Client, Response};
use tempfile::TempDir;

pub mod iga;

pub const INDEX_HTML: &str = r#"<!doctype html><html><head><script type="module">import init from '/app-0123456789abcdef.js'; await init();</script></head><body></body></html>"#;

pub struct TestApp {
    pub base: String,
    pub http: Client,
    pub dir: TempDir,
    pub db_path: PathBuf,
    /// The server's state, for tests that must reach what only its memory holds.
    pub state: gatehouse_server::state::AppState,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Seed::Demo).await
}

pub async fn spawn_with(seed: Seed) -> TestApp {
    spawn_config(seed, None).await
}

/// The demo tenant behind a trusted reverse proxy on loopback: `X-Forwarded-For`
/// decides the client address.
pub async fn spawn_behind_proxy() -> TestApp {
    spawn_config(Seed::Demo, Some("127.0.0.1/32".parse().expect("cidr"))).await
}

pub async fn spawn_config(seed: Seed, trusted_proxy: Option<gatehouse_server::config::Cidr>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(dist.join("index.html"), INDEX_HTML).expect("index");
    std::fs::write(
        dist.join("app-0123456789abcdef.js"),
        "export default function init() {}",
    )
    .expect("asset");
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    // What `cargo xtask build` writes beside it (contents only need to be distinct here).
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm.br"), b"brotli bytes").expect("wasm.br");
    let db_path = dir.path().join("test.db");
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database: db_path.display().to_string(),
        seed,
        dist,
        trusted_proxy,
    };
    let (state, _) = gatehouse_server::build_state(&config).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(gatehouse_server::serve_on(listener, state.clone(), async {
        let _ = rx.await;
    }));
    TestApp {
        base: format!("http://{addr}"),
        http: Client::builder().build().expect("client"),
        dir,
        db_path,
        state,
        _shutdown: tx,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn token_for(&self, client_id: &str) -> TokenResponse {
        let r = self
            .http
            .post(self.url("/oauth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", &format!("{client_id}-secret")),
            ])
            .send()
            .await
            .expect("token request");
        assert_eq!(r.status(), 200, "sign-in of {client_id}");
        r.json().await.expect("token body")
    }

    pub async fn bearer(&self, client_id: &str) -> String {
        self.token_for(client_id).await.access_token
    }

    /// GET with a bearer token and the experimental header.
    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .header("X-SailPoint-Experimental", "true")
            .send()
            .await
            .expect("request")
    }
}

impl TestApp {
    /// Any method with a bearer token, an optional JSON body and optional headers;
    /// answers the status and the JSON body (null when empty).
    pub async fn json_call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let mut req = self.http.request(method, self.url(path)).bearer_auth(token);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("request");
        let status = r.status().as_u16();
        let text = r.text().await.expect("body");
        let body = if text.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
        };
        (status, body)
    }
}

/// Reads an ErrorResponseDto and returns its first text.
pub async fn error_text(r: Response) -> String {
    let body: ErrorResponseDto = r.json().await.expect("ErrorResponseDto body");
    assert!(!body.tracking_id.is_empty(), "tracking id present");
    body.messages.first().map(|m| m.text.clone()).unwrap_or_default()
}
