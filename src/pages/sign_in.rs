//! `/signin`: client ID and secret (a personal access token) for an access token.
//! [`SignInForm`] is the form alone (validated with the `wire` rule, showing the
//! server's reason on failure); [`SignInPage`] wires it to the API and the session.

use gatehouse_wire::auth::check_sign_in;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::client::use_client;
use crate::session::{use_session, SignedIn};

/// The sign-in form. Calls `on_submit` with (client id, secret) only when both pass
/// the rule; shows `error` (the server's reason) above the button.
#[component]
pub fn SignInForm(
    /// Called with the client id and secret once they are valid.
    #[prop(into)]
    on_submit: Callback<(String, String)>,
    /// The server's reason for the last failure.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// True while the request is on its way.
    #[prop(into)]
    pending: Signal<bool>,
) -> impl IntoView {
    let client_id = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let field_error = move |field: &'static str| {
        move || {
            if !submitted.get() {
                return None;
            }
            check_sign_in(&client_id.get(), &secret.get())
                .err()
                .and_then(|errs| errs.into_iter().find(|(f, _)| *f == field).map(|(_, m)| m))
        }
    };
    let id_error = field_error("clientId");
    let secret_error = field_error("clientSecret");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        let (id, s) = (client_id.get_untracked(), secret.get_untracked());
        if check_sign_in(&id, &s).is_ok() {
            on_submit.run((id.trim().to_string(), s));
        }
    };
    view! {
        <form class="card signin" on:submit=submit novalidate data-testid="signin-form">
            <h1>"Sign in to Gatehouse"</h1>
            <p class="muted">"Use a personal access token: its client ID and client secret."</p>
            <div class="field">
                <label for="client-id">"Client ID"</label>
                <input
                    id="client-id"
                    name="client_id"
                    autocomplete="username"
                    aria-invalid=move || id_error().is_some().to_string()
                    aria-describedby="client-id-error"
                    prop:value=client_id
                    on:input=move |ev| client_id.set(event_target_value(&ev))
                />
                <p class="field__error" id="client-id-error" data-testid="client-id-error">{id_error}</p>
            </div>
            <div class="field">
                <label for="client-secret">"Client secret"</label>
                <input
                    id="client-secret"
                    name="client_secret"
                    type="password"
                    autocomplete="current-password"
                    aria-invalid=move || secret_error().is_some().to_string()
                    aria-describedby="client-secret-error"
                    prop:value=secret
                    on:input=move |ev| secret.set(event_target_value(&ev))
                />
                <p class="field__error" id="client-secret-error" data-testid="client-secret-error">{secret_error}</p>
            </div>
            <Show when=move || error.get().is_some()>
                <p class="notice notice--error" role="alert" data-testid="signin-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <button class="btn btn--primary" type="submit" disabled=pending data-testid="signin-submit">
                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let sign_in = Action::new_local(move |(id, secret): &(String, String)| {
        let (id, secret) = (id.clone(), secret.clone());
        async move { crate::api::auth::sign_in(&client, &id, &secret).await }
    });
    let error = Signal::derive(move || match sign_in.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    Effect::new(move |_| {
        if let Some(Ok(token)) = sign_in.value().get() {
            session.sign_in(SignedIn::from_token(token));
            // Only same-origin paths: never an open redirect.
            let next = query
                .get_untracked()
                .get("next")
                .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/signin"))
                .unwrap_or_else(|| "/".to_string());
            navigate(&next, Default::default());
        }
    });
    view! {
        <main class="signin-page">
            <SignInForm
                on_submit=move |creds| {
                    sign_in.dispatch(creds);
                }
                error=error
                pending=sign_in.pending()
            />
        </main>
    }
}
