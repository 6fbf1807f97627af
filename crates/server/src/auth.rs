//! Sign-in and who is calling: `POST /oauth/token` (client credentials as a urlencoded
//! form, multipart, or the query string), `POST /oauth/revoke`, the [`Caller`]
//! extractor every protected handler takes, and lockout per client id
//! ([`crate::lockout`]). Both OAuth endpoints refuse a client address the tenant's
//! network settings do not allow (the API router's [`crate::net_guard`] does not cover
//! them). Tokens are HS256 JWTs; each is also tracked in memory (and in `access_tokens`)
//! so revocation and the session settings' idle and maximum times apply on every request.

use std::collections::HashMap;
use std::sync::PoisonError;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Multipart, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use gatehouse_wire::auth::{Claims, Principal, TokenResponse};
use gatehouse_wire::error::OAuthError;
use jsonwebtoken::{Algorithm, Header, Validation};

use crate::clock::now_secs;
use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, Session};
use crate::store::{self, identities::levels_of, tokens};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/oauth/revoke", post(revoke))
}

/// Hashes a client secret with argon2id.
pub fn hash_secret(secret: &str) -> ApiResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("hashing: {e}")))
}

fn verify_secret(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// The OAuth endpoints' own error body: `{"error", "error_description"}`.
struct OAuthFailure(StatusCode, &'static str, String);

impl IntoResponse for OAuthFailure {
    fn into_response(self) -> Response {
        let mut r = (
            self.0,
            axum::Json(OAuthError {
                error: self.1.to_string(),
                error_description: Some(self.2),
            }),
        )
            .into_response();
        r.headers_mut()
            .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
        r
    }
}

impl From<ApiError> for OAuthFailure {
    fn from(e: ApiError) -> Self {
        let status = e.status();
        // Keep internal causes out of the body; IntoResponse of ApiError logs them.
        let text = e.public_text();
        if let ApiError::Internal(cause) = &e {
            tracing::error!(%cause, "sign-in failed internally");
        }
        OAuthFailure(status, "server_error", text)
    }
}

/// Reads OAuth parameters from the query string and a urlencoded or multipart body.
async fn oauth_params(req: Request) -> Result<HashMap<String, String>, OAuthFailure> {
    let mut params: HashMap<String, String> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bad = |m: String| OAuthFailure(StatusCode::BAD_REQUEST, "invalid_request", m);
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad(format!("unreadable multipart body: {}", e.body_text())))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| bad(format!("unreadable multipart body: {}", e.body_text())))?
        {
            let name = field.name().unwrap_or_default().to_string();
            let value = field
                .text()
                .await
                .map_err(|e| bad(format!("unreadable multipart field '{name}': {}", e.body_text())))?;
            params.insert(name, value);
        }
    } else {
        let body = axum::body::to_bytes(req.into_body(), 64 * 1024).await.map_err(|_| {
            OAuthFailure(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid_request",
                "body too large".into(),
            )
        })?;
        if !body.is_empty() {
            if !content_type.starts_with("application/x-www-form-urlencoded") {
                return Err(OAuthFailure(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "invalid_request",
                    "Content-Type must be application/x-www-form-urlencoded or multipart/form-data".into(),
                ));
            }
            let form: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&body).map_err(|e| bad(format!("unreadable form body: {e}")))?;
            params.extend(form);
        }
    }
    Ok(params)
}

/// 403 `access_denied` when the tenant's network settings do not allow the client's address.
fn allowed_address(state: &AppState, req: &Request, what: &str) -> Result<(), OAuthFailure> {
    match crate::net_guard::request_ip(state, req) {
        Some(ip) if !state.live().network.allows(ip) => Err(OAuthFailure(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!("{what} from network address {ip} is not allowed by the tenant's network settings"),
        )),
        _ => Ok(()),
    }
}

async fn token(State(state): State<AppState>, req: Request) -> Result<Response, OAuthFailure> {
    allowed_address(&state, &req, "sign-in")?;
    let params = oauth_params(req).await?;
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or("");
    match get("grant_type") {
        "client_credentials" => {}
        "" => {
            return Err(OAuthFailure(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required".into(),
            ))
        }
        other => {
            return Err(OAuthFailure(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                format!("grant_type '{other}' is not supported; use client_credentials"),
            ))
        }
    }
    let (client_id, secret) = (get("client_id").to_string(), get("client_secret").to_string());
    if client_id.is_empty() || secret.is_empty() {
        return Err(OAuthFailure(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client_id and client_secret are required".into(),
        ));
    }
    let now = now_secs();
    if let Some(until) = locked_until(&state, &client_id, now) {
        return Err(OAuthFailure(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            format!(
                "locked until {}",
                crate::clock::stamp(
                    time::OffsetDateTime::from_unix_timestamp(until).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
                )
            ),
        ));
    }
    let owner = tokens::find_pat(&state.db, &client_id).await?;
    let verified = match &owner {
        Some(o) => {
            let (secret, hash) = (secret.clone(), o.secret_hash.clone());
            tokio::task::spawn_blocking(move || verify_secret(&secret, &hash))
                .await
                .map_err(|e| ApiError::Internal(format!("verify task: {e}")))?
        }
        None => false,
    };
    let known = owner.is_some();
    let Some(owner) = owner.filter(|_| verified) else {
        record_failure(&state, &client_id, known, now);
        tracing::info!(%client_id, "sign-in refused: bad client credentials");
        return Err(OAuthFailure(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Bad credentials".into(),
        ));
    };
    clear_failures(&state, &client_id);
    let session = state.live().session;
    let expires_in = session.max_session_time * 60;
    let authorities = levels_of(&owner.user_levels);
    let claims = Claims {
        jti: store::new_id(),
        sub: owner.identity_id.clone(),
        identity_id: owner.identity_id.clone(),
        user_name: owner.alias.clone(),
        client_id: client_id.clone(),
        authorities: authorities.clone(),
        iat: now,
        exp: now + expires_in,
    };
    let jwt = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &state.keys.encoding)
        .map_err(|e| ApiError::Internal(format!("signing: {e}")))?;
    tokens::insert_access_token(&state.db, &claims.jti, &owner.identity_id, &client_id, now, claims.exp).await?;
    if let Ok(mut sessions) = state.sessions.lock() {
        sessions.insert(
            claims.jti.clone(),
            Session {
                identity_id: owner.identity_id.clone(),
                issued_at: now,
                last_used: now,
            },
        );
    }
    tracing::info!(%client_id, identity_id = %owner.identity_id, "signed in");
    let body = TokenResponse {
        access_token: jwt,
        token_type: "bearer".into(),
        expires_in,
        identity_id: owner.identity_id,
        user_name: owner.alias,
        authorities,
        scope: Some("sp:scopes:all".into()),
        jti: Some(claims.jti),
    };
    let mut r = axum::Json(body).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(r)
}

fn locked_until(state: &AppState, client_id: &str, now: i64) -> Option<i64> {
    let lockout = state.live().lockout;
    let mut failures = state.failures.lock().unwrap_or_else(PoisonError::into_inner);
    failures.locked_until(client_id, now, &lockout)
}

fn record_failure(state: &AppState, client_id: &str, known: bool, now: i64) {
    let mut failures = state.failures.lock().unwrap_or_else(PoisonError::into_inner);
    failures.record(client_id, known, now);
}

fn clear_failures(state: &AppState, client_id: &str) {
    let mut failures = state.failures.lock().unwrap_or_else(PoisonError::into_inner);
    failures.clear(client_id);
}

/// RFC 7009: always 200, whether or not the token was known (from an allowed address).
async fn revoke(State(state): State<AppState>, req: Request) -> Result<Response, OAuthFailure> {
    allowed_address(&state, &req, "token revocation")?;
    let params = oauth_params(req).await?;
    if let Some(token) = params.get("token") {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        if let Ok(data) = jsonwebtoken::decode::<Claims>(token, &state.keys.decoding, &validation) {
            end_sessions(&state, std::slice::from_ref(&data.claims.jti));
            tokens::revoke(&state.db, &data.claims.jti).await?;
            tracing::info!(identity_id = %data.claims.identity_id, "token revoked");
        }
    }
    Ok(StatusCode::OK.into_response())
}

/// Forgets sessions in memory (the caller revokes them in the store).
pub fn end_sessions(state: &AppState, jtis: &[String]) {
    if let Ok(mut sessions) = state.sessions.lock() {
        for jti in jtis {
            sessions.remove(jti);
        }
    }
}

/// Forgets every in-memory session of an identity (its tokens were revoked in the store).
pub fn end_identity_sessions(state: &AppState, identity_id: &str) {
    if let Ok(mut sessions) = state.sessions.lock() {
        sessions.retain(|_, s| s.identity_id != identity_id);
    }
}

/// The signed-in caller. Taking it makes a handler require a valid bearer token.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl std::ops::Deref for Caller {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl<S> FromRequestParts<S> for Caller
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // A layer that already checked the token (the experimental-header guard) left
        // the caller here: the token is verified once per request.
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let state = AppState::from_ref(state);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .ok_or_else(|| ApiError::Unauthorized("JWT validation failed: no bearer token".into()))?;
        let data = jsonwebtoken::decode::<Claims>(token, &state.keys.decoding, &Validation::new(Algorithm::HS256))
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    ApiError::Unauthorized("JWT validation failed: JWT is expired".into())
                }
                _ => ApiError::Unauthorized("JWT validation failed: the token is not valid".into()),
            })?;
        let claims = data.claims;
        let now = now_secs();
        let session_cfg = state.settings.read().map(|s| s.session.clone()).unwrap_or_default();
        {
            let mut sessions = state
                .sessions
                .lock()
                .map_err(|_| ApiError::Internal("session table poisoned".into()))?;
            let session = sessions
                .get_mut(&claims.jti)
                .ok_or_else(|| ApiError::Unauthorized("JWT validation failed: the token was revoked".into()))?;
            if now - session.issued_at > session_cfg.max_session_time * 60 {
                sessions.remove(&claims.jti);
                return Err(ApiError::Unauthorized("JWT validation failed: JWT is expired".into()));
            }
            if now - session.last_used > session_cfg.max_idle_time * 60 {
                sessions.remove(&claims.jti);
                return Err(ApiError::Unauthorized(
                    "JWT validation failed: the session was idle longer than the tenant allows".into(),
                ));
            }
            session.last_used = now;
        }
        Ok(Caller(Principal::from_authorities(
            claims.identity_id,
            claims.user_name,
            &claims.authorities,
        )))
    }
}

impl Caller {
    /// 403 unless `allowed`.
    pub fn require(&self, allowed: bool, what: &str) -> ApiResult<()> {
        if allowed {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "{what} requires a user level you do not have (your levels: {})",
                if self.levels.is_empty() {
                    "none".to_string()
                } else {
                    self.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")
                }
            )))
        }
    }
}
