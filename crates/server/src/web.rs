//! Serving the built portal and the headers every response carries: the strict CSP
//! (with the hashes of Trunk's inline loader script), `nosniff`, `no-referrer`,
//! `frame-ancestors 'none'`; `no-store` for index.html and API answers, long
//! immutable caching for hashed assets; client-side routes fall back to index.html.

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;
use crate::state::AppState;

/// Path prefixes that belong to the API (never answered with the portal).
pub const API_PREFIXES: [&str; 12] = [
    "/oauth/",
    "/v2024/",
    "/v2026/",
    "/v3/",
    "/beta/",
    "/iga/",
    "/identities/v1",
    "/auth-org/v1",
    "/sources/v1",
    "/jit-activation-config/v1",
    "/task-status/v1",
    "/gatehouse/",
];

pub fn is_api_path(path: &str) -> bool {
    API_PREFIXES.iter().any(|p| {
        let p = p.trim_end_matches('/');
        path == p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/'))
    })
}

/// The CSP for a portal whose index.html has these inline scripts.
pub fn csp_for(index_html: Option<&str>) -> String {
    let hashes: String = index_html
        .map(inline_scripts)
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements without `src`.
fn inline_scripts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let tag = &rest[..open_end];
        let body_start = open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(rest[body_start..body_start + close].to_string());
        }
        rest = &rest[body_start + close..];
    }
    out
}

/// Reads `dist/index.html` at start-up (when the portal is built).
pub fn read_index(dist: &Path) -> Option<String> {
    std::fs::read_to_string(dist.join("index.html")).ok()
}

/// Security and caching headers on every response.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // The portal's page gets the hashes of the index.html on disk now (a rebuild
    // changes its inline loader); everything else gets the start-up policy.
    let csp = match (&state.dist, is_html) {
        (Some(dist), true) => csp_for(read_index(dist).as_deref()),
        _ => state.csp.clone(),
    };
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        let value = if is_api_path(&path) || is_html {
            "no-store"
        } else if is_hashed_asset(&path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

/// Trunk's file names carry a hex content hash of up to 16 digits (leading zeros
/// dropped): `gatehouse-0123456789abcdef_bg.wasm`, `main-a2aa55776b17a3c.css`.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.split(['-', '_', '.'])
        .any(|part| (12..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The fallback: unknown API paths are 404 ErrorResponseDto; anything else is the
/// portal (a file from dist/, or index.html for client-side routes).
pub async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if is_api_path(&path) {
        return ApiError::NotFound(format!("no API resource at {path}")).into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::MethodNotAllowed(format!("{} is not allowed on {path}", req.method())).into_response();
    }
    let Some(dist) = state.dist.clone() else {
        return (
            StatusCode::NOT_FOUND,
            "The portal is not built: run `cargo xtask build`.",
        )
            .into_response();
    };
    serve_dist(dist, req).await
}

async fn serve_dist(dist: PathBuf, req: Request) -> Response {
    let index = dist.join("index.html");
    // `cargo xtask build` writes `.br` and `.gz` beside the wasm, js and css.
    let service = ServeDir::new(&dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(index));
    match service.oneshot(req).await {
        Ok(res) => res.into_response(),
        Err(e) => ApiError::Internal(format!("serving the portal: {e}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hashes_inline_scripts_only() {
        let html = r#"<script type="module">import init from '/a.js';</script><script src="/b.js"></script>"#;
        let csp = csp_for(Some(html));
        assert_eq!(csp.matches("'sha256-").count(), 1);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn hashed_assets() {
        assert!(is_hashed_asset("/gatehouse-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(is_hashed_asset("/gatehouse-a2aa55776b17a3c_bg.wasm"));
        assert!(!is_hashed_asset("/favicon.svg"));
    }

    #[test]
    fn api_paths() {
        assert!(is_api_path("/v2024/identities"));
        assert!(is_api_path("/oauth/token"));
        assert!(is_api_path("/iga"));
        assert!(is_api_path("/identities/v1/abc"));
        assert!(!is_api_path("/identities"));
        assert!(!is_api_path("/identities/0123abc"));
        assert!(!is_api_path("/v2024x"));
        assert!(!is_api_path("/"));
    }
}
