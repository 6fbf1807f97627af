//! `POST /oauth/token` and `POST /oauth/revoke`.

use gatehouse_wire::auth::TokenResponse;
use gloo_net::http::Request;

use super::{ApiError, Client};

fn form(pairs: &[(&str, &str)]) -> String {
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams is always constructible");
    for (k, v) in pairs {
        params.append(k, v);
    }
    String::from(params.to_string())
}

/// Exchanges a personal access token for an access token.
pub async fn sign_in(client: &Client, client_id: &str, client_secret: &str) -> Result<TokenResponse, ApiError> {
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", client_secret),
    ]);
    let request = Request::post("/oauth/token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body);
    client.send_json(request).await
}

/// Ends the access token on the server.
pub async fn revoke(client: &Client, token: &str) -> Result<(), ApiError> {
    let request = Request::post("/oauth/revoke")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form(&[("token", token)]));
    client.send(request).await.map(|_| ())
}
