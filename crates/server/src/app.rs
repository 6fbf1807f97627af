//! The router: every API family merged, the portal as the fallback, and the layers
//! every response passes through. `app(state)` is apart from `main` so tests build it.

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::IntoResponse;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::error::{iga_shape, ApiError};
use crate::state::AppState;
use crate::{auth, net_guard, routes, web};

/// The largest request body any endpoint reads (a request form may be 400 KB).
pub const BODY_LIMIT: usize = 1024 * 1024;

pub fn app(state: AppState) -> Router {
    let sailpoint = Router::new()
        .merge(routes::identities::router(&state))
        .merge(routes::identities::task_router())
        .merge(routes::settings::router())
        .merge(routes::jit::router())
        .merge(routes::sources::router())
        .merge(routes::people::router())
        .merge(routes::iga_history::router())
        .merge(routes::access_rules::router());
    // A layer wraps only the routes merged before it: every /iga router goes above it.
    let iga = Router::new()
        .merge(routes::forms::router())
        .merge(routes::catalog::router())
        .merge(routes::iga_config::router())
        .merge(routes::request_types::router())
        .merge(routes::scopes::router())
        .merge(routes::requests::router())
        .merge(routes::my_requests::router())
        .merge(routes::provisioning_iga::router())
        .merge(routes::accounts::router())
        .method_not_allowed_fallback(method_not_allowed)
        .layer(map_response(iga_shape));
    let api = Router::new()
        .merge(sailpoint)
        .merge(iga)
        .layer(from_fn_with_state(state.clone(), net_guard::guard));
    Router::new()
        .merge(auth::router())
        .merge(api)
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(web::fallback)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn_with_state(state.clone(), web::headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn method_not_allowed(req: axum::extract::Request) -> axum::response::Response {
    ApiError::MethodNotAllowed(format!("{} is not allowed on {}", req.method(), req.uri().path())).into_response()
}
