//! The one place that talks HTTP. Pages never touch gloo-net.

use std::future::Future;
use std::pin::Pin;

use gatehouse_wire::error::AnyErrorBody;
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::session::Session;

/// Every way a call can fail, as a page needs to tell them apart.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("The server could not be reached: {0}")]
    Network(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("Too many requests: try again in {retry_after} s")]
    RateLimited { retry_after: u32 },
    #[error("{}", .0.join("; "))]
    Invalid(Vec<String>),
    #[error("{0}")]
    Conflict(String),
    #[error("The server failed: {0}")]
    Server(String),
}

impl ApiError {
    /// Maps a status and the server's error body to the variant.
    pub fn from_status(status: u16, body: &str, retry_after: Option<u32>) -> Self {
        let texts = serde_json::from_str::<AnyErrorBody>(body)
            .map(|b| b.texts())
            .unwrap_or_default();
        let first = texts.first().cloned().unwrap_or_else(|| format!("HTTP {status}"));
        match status {
            401 => Self::Unauthorized(first),
            403 => Self::Forbidden(first),
            404 => Self::NotFound(first),
            409 | 412 => Self::Conflict(first),
            429 => Self::RateLimited {
                retry_after: retry_after.unwrap_or(10),
            },
            400..=499 => Self::Invalid(if texts.is_empty() { vec![first] } else { texts }),
            _ => Self::Server(first),
        }
    }
}

/// A boxed future: shared code instead of a copy inlined into every caller.
type Boxed<T> = Pin<Box<dyn Future<Output = T>>>;

/// The API client: where the server is and whose session calls go out with.
#[derive(Debug, Clone, Copy)]
pub struct Client {
    session: Session,
}

impl Client {
    pub fn new(session: Session) -> Self {
        Self { session }
    }

    pub fn session(&self) -> Session {
        self.session
    }

    fn authorize(&self, builder: RequestBuilder) -> RequestBuilder {
        match self.session.token() {
            Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
            None => builder,
        }
    }

    pub(crate) fn get(&self, path: &str) -> RequestBuilder {
        self.authorize(Request::get(path))
    }

    pub(crate) fn post(&self, path: &str) -> RequestBuilder {
        self.authorize(Request::post(path))
    }

    pub(crate) fn put(&self, path: &str) -> RequestBuilder {
        self.authorize(Request::put(path))
    }

    pub(crate) fn delete(&self, path: &str) -> RequestBuilder {
        self.authorize(Request::delete(path))
    }

    pub(crate) fn patch(&self, path: &str) -> RequestBuilder {
        self.authorize(Request::patch(path))
    }

    /// Sends a request and returns the raw response on success; maps failures.
    /// A 401 forgets the session, which sends the person back to sign-in.
    pub(crate) async fn send(&self, request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
        self.send_keeping_body(request).await.map_err(|(e, _)| e)
    }

    /// [`Client::send`] for the few endpoints whose error body is a document of its
    /// own (a refused identity delete lists what blocks it): a failure keeps the body.
    ///
    /// Boxed on purpose: every endpoint's future then holds one pointer to this code
    /// instead of its own inlined copy of the whole exchange (it keeps the wasm small).
    pub(crate) fn send_keeping_body(
        &self,
        request: Result<Request, gloo_net::Error>,
    ) -> Boxed<Result<Response, (ApiError, String)>> {
        let session = self.session;
        Box::pin(async move {
            let network = |e: gloo_net::Error| (ApiError::Network(e.to_string()), String::new());
            let response = request.map_err(network)?.send().await.map_err(network)?;
            if response.ok() {
                return Ok(response);
            }
            let status = response.status();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.trim().parse().ok());
            let body = response.text().await.unwrap_or_default();
            let error = ApiError::from_status(status, &body, retry_after);
            if status == 401 && session.token().is_some() {
                session.forget();
            }
            Err((error, body))
        })
    }

    /// Sends and returns the body's text (boxed like [`Client::send_keeping_body`]).
    fn send_for_text(&self, request: Result<Request, gloo_net::Error>) -> Boxed<Result<String, ApiError>> {
        let this = *self;
        Box::pin(async move {
            let response = this.send(request).await?;
            response.text().await.map_err(|e| ApiError::Network(e.to_string()))
        })
    }

    /// Sends and decodes a JSON body.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: Result<Request, gloo_net::Error>,
    ) -> Result<T, ApiError> {
        let text = self.send_for_text(request).await?;
        serde_json::from_str(&text).map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))
    }
}

/// Provides the client for the session.
pub fn provide_client(session: Session) -> Client {
    let client = Client::new(session);
    provide_context(client);
    client
}

pub fn use_client() -> Client {
    expect_context::<Client>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn maps_statuses_to_variants() {
        let sp = r#"{"detailCode":"400.1 Bad Request Content","trackingId":"x","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"limit must be between 0 and 250, got 251"}],"causes":[]}"#;
        assert_eq!(
            ApiError::from_status(400, sp, None),
            ApiError::Invalid(vec!["limit must be between 0 and 250, got 251".into()])
        );
        assert_eq!(
            ApiError::from_status(
                401,
                r#"{"error":"invalid_client","error_description":"Bad credentials"}"#,
                None
            ),
            ApiError::Unauthorized("Bad credentials".into())
        );
        assert_eq!(
            ApiError::from_status(429, "{}", Some(7)),
            ApiError::RateLimited { retry_after: 7 }
        );
        assert_eq!(
            ApiError::from_status(503, "oops", None),
            ApiError::Server("HTTP 503".into())
        );
    }
}
