//! The one error type every handler returns. Each variant documents its status; the
//! body is SailPoint's `ErrorResponseDto` with a fresh tracking id that is also logged.
//! Under `/iga` the same errors are re-shaped to IGA's `{message}` by [`iga_shape`].
//! Database and internal errors are logged and answered as a generic 500.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use gatehouse_wire::error::{detail_code, ErrorMessageDto, ErrorResponseDto, MessageBody, OAuthError};
use serde::de::DeserializeOwned;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request breaks a rule; the text names the field.
    #[error("{0}")]
    BadRequest(String),
    /// 400 with a body of its own (e.g. `IdentityAssociationDetails`).
    #[error("bad request")]
    BadRequestBody(serde_json::Value),
    /// 401: no valid bearer token; `{"error": ...}`.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the caller's user level does not allow this, or the network is not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such object or path.
    #[error("{0}")]
    NotFound(String),
    /// 405: the path exists, the method does not.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 409: conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// 412: `If-Match` does not match the stored revision.
    #[error("{0}")]
    PreconditionFailed(String),
    /// 413: the body is larger than the limit.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 415: the Content-Type is not one this endpoint reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 429: `{"message":" Rate Limit Exceeded "}` plus `Retry-After`.
    #[error("rate limit exceeded")]
    TooManyRequests { retry_after_secs: u64 },
    /// 500: logged with its cause, answered generically.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad(msg: impl Into<String>) -> Self {
        Self::BadRequest(msg.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) | Self::BadRequestBody(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The text a client reads (never driver text for a 500).
    pub fn public_text(&self) -> String {
        match self {
            Self::Internal(_) => "An internal fault occurred.".to_string(),
            Self::TooManyRequests { .. } => " Rate Limit Exceeded ".to_string(),
            Self::BadRequestBody(v) => v
                .get("message")
                .and_then(|m| m.as_str())
                .unwrap_or("Bad request")
                .to_string(),
            other => other.to_string(),
        }
    }
}

/// Marks a response as produced from an [`ApiError`], so the IGA layer can re-shape it.
#[derive(Clone, Debug)]
pub struct ErrorText(pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let tracking_id = uuid::Uuid::new_v4().simple().to_string();
        if let Self::Internal(cause) = &self {
            tracing::error!(%tracking_id, %cause, "internal error");
        } else {
            tracing::debug!(%tracking_id, status = status.as_u16(), error = %self, "request refused");
        }
        let text = self.public_text();
        let mut response = match &self {
            Self::Unauthorized(msg) => (
                status,
                axum::Json(OAuthError {
                    error: msg.clone(),
                    error_description: None,
                }),
            )
                .into_response(),
            Self::TooManyRequests { retry_after_secs } => {
                let mut r = (status, axum::Json(MessageBody { message: text.clone() })).into_response();
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    r.headers_mut().insert(header::RETRY_AFTER, v);
                }
                r
            }
            Self::BadRequestBody(body) => (status, axum::Json(body.clone())).into_response(),
            _ => (
                status,
                axum::Json(ErrorResponseDto {
                    detail_code: detail_code(status.as_u16()).to_string(),
                    tracking_id,
                    messages: vec![ErrorMessageDto::en(text.clone())],
                    causes: vec![],
                }),
            )
                .into_response(),
        };
        response.extensions_mut().insert(ErrorText(text));
        response
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(format!("database: {e}"))
    }
}

impl From<sqlx::migrate::MigrateError> for ApiError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Self::Internal(format!("migration: {e}"))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => {
                Self::UnsupportedMediaType("Content-Type must be application/json".into())
            }
            JsonRejection::JsonDataError(e) => Self::BadRequest(format!("invalid request body: {}", e.body_text())),
            JsonRejection::JsonSyntaxError(e) => Self::BadRequest(format!("malformed JSON: {}", e.body_text())),
            JsonRejection::BytesRejection(e) => body_rejection(e.status(), e.body_text()),
            other => Self::BadRequest(other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        Self::BadRequest(format!("invalid query parameters: {}", r.body_text()))
    }
}

impl From<FormRejection> for ApiError {
    fn from(r: FormRejection) -> Self {
        match r {
            FormRejection::InvalidFormContentType(_) => {
                Self::UnsupportedMediaType("Content-Type must be application/x-www-form-urlencoded".into())
            }
            FormRejection::BytesRejection(e) => body_rejection(e.status(), e.body_text()),
            other => Self::BadRequest(other.body_text()),
        }
    }
}

fn body_rejection(status: StatusCode, text: String) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge("request body is larger than the limit".into())
    } else {
        ApiError::BadRequest(format!("could not read the request body: {text}"))
    }
}

/// `axum::Json` whose rejections are [`ApiError`]s (415, 413, 400 naming the problem).
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Json(value))
    }
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Re-shapes error responses under `/iga` to IGA's `{"message": ...}` (same status).
pub async fn iga_shape(response: Response) -> Response {
    let Some(ErrorText(text)) = response.extensions().get::<ErrorText>().cloned() else {
        return response;
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS {
        return response;
    }
    let mut r = (status, axum::Json(MessageBody { message: text })).into_response();
    for (k, v) in response.headers() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            r.headers_mut().insert(k.clone(), v.clone());
        }
    }
    r
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Decodes a query string (`+` and `%20` both mean a space), refusing a repeated key.
pub fn query_params(raw: Option<&str>) -> ApiResult<std::collections::HashMap<String, String>> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|e| ApiError::bad(format!("the query string cannot be decoded: {e}")))?;
    let mut out = std::collections::HashMap::new();
    for (k, v) in pairs {
        if out.insert(k.clone(), v).is_some() {
            return Err(ApiError::bad(format!("query parameter '{k}' is given more than once")));
        }
    }
    Ok(out)
}
