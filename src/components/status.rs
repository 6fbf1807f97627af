//! Loading, empty and error states, the same on every page.

use leptos::prelude::*;

use crate::api::ApiError;

#[component]
pub fn Loading(#[prop(optional, into)] what: Option<String>) -> impl IntoView {
    view! {
        <p class="state state--loading" role="status" aria-live="polite">
            {format!("Loading {}…", what.unwrap_or_else(|| "".into())).replace(" …", "…")}
        </p>
    }
}

#[component]
pub fn Empty(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="state state--empty" data-testid="empty">{message}</p> }
}

/// Shows an [`ApiError`] the way a person should read it.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let (title, detail) = match &error {
        ApiError::Forbidden(m) => ("You do not have access to this.", m.clone()),
        ApiError::NotFound(m) => ("Not found.", m.clone()),
        ApiError::Network(m) => ("The server could not be reached.", m.clone()),
        ApiError::Server(m) => ("The server failed.", m.clone()),
        other => ("That did not work.", other.to_string()),
    };
    view! {
        <div class="notice notice--error" role="alert" data-testid="error">
            <strong>{title}</strong>
            " "
            <span>{detail}</span>
        </div>
    }
}
