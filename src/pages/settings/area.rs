//! The settings area's frame: a side navigation over the documents, the page beside it.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

use crate::session::use_session;

#[component]
pub fn SettingsArea() -> impl IntoView {
    let session = use_session();
    let org_admin = move || session.principal().is_some_and(|p| p.can_manage_auth_org());
    view! {
        <div class="page settings">
            <nav class="settings__nav" aria-label="Settings">
                <A href="/settings" exact=true attr:class="settings__link" attr:data-testid="settings-nav-overview">
                    "Overview"
                </A>
                <Show when=org_admin>
                    <A href="/settings/lockout" attr:class="settings__link" attr:data-testid="settings-nav-lockout">
                        "Lockout"
                    </A>
                    <A href="/settings/session" attr:class="settings__link" attr:data-testid="settings-nav-session">
                        "Session"
                    </A>
                    <A href="/settings/network" attr:class="settings__link" attr:data-testid="settings-nav-network">
                        "Network"
                    </A>
                </Show>
            </nav>
            <div class="settings__main">
                <Outlet/>
            </div>
        </div>
    }
}
