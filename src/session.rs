//! Who is signed in: the token and the principal, kept in memory and in this tab's
//! sessionStorage (never localStorage), provided as a context newtype.

use gatehouse_wire::auth::{Principal, TokenResponse};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "gatehouse.session";

/// A signed-in session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub principal: Principal,
}

impl SignedIn {
    pub fn from_token(t: TokenResponse) -> Self {
        Self {
            principal: Principal::from_authorities(t.identity_id, t.user_name, &t.authorities),
            token: t.access_token,
        }
    }
}

/// The session context: `None` when signed out.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<Option<SignedIn>>);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

impl Session {
    /// Reads the session this tab kept, if any.
    pub fn restore() -> Option<SignedIn> {
        let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
        serde_json::from_str(&text).ok()
    }

    pub fn sign_in(&self, s: SignedIn) {
        if let (Some(store), Ok(text)) = (storage(), serde_json::to_string(&s)) {
            let _ = store.set_item(STORAGE_KEY, &text);
        }
        self.0.set(Some(s));
    }

    /// Forgets the session (sign-out, or a 401 from any call).
    pub fn forget(&self) {
        if let Some(store) = storage() {
            let _ = store.remove_item(STORAGE_KEY);
        }
        self.0.set(None);
    }

    pub fn token(&self) -> Option<String> {
        self.0.with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    pub fn principal(&self) -> Option<Principal> {
        self.0.with(|s| s.as_ref().map(|s| s.principal.clone()))
    }
}

/// Provides the session context (restored from sessionStorage).
pub fn provide_session() -> Session {
    let session = Session(RwSignal::new(Session::restore()));
    provide_context(session);
    session
}

/// The session context; panics only if `provide_session` was never called (a bug).
pub fn use_session() -> Session {
    expect_context::<Session>()
}
