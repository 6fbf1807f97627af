//! The network allow-list (tenant network settings) applied to the API: a client
//! outside every configured range gets 403. Static files stay reachable.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// The client's address for a request, when the server knows its peer.
pub fn request_ip(state: &AppState, req: &Request) -> Option<IpAddr> {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>()?.0.ip();
    let xff = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    Some(state.client_ip(peer, xff))
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(ip) = request_ip(&state, &req) {
        if !state.settings.read().map(|s| s.network.allows(ip)).unwrap_or(true) {
            return ApiError::Forbidden(format!(
                "requests from network address {ip} are not allowed by the tenant's network settings"
            ))
            .into_response();
        }
    }
    next.run(req).await
}
