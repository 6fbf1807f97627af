//! `/`: sends the person to the first area their level allows.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::session::use_session;

#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    let first = move || {
        session
            .principal()
            .and_then(|p| p.nav().first().map(|n| n.path()))
            .unwrap_or("/requests")
    };
    view! { <Redirect path=first()/> }
}
