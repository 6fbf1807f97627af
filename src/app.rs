//! The router and the shell: sign-in outside, everything else inside a shell whose
//! navigation follows the signed-in person's user level. Routes are an enum-free set
//! of `path!`s here and in [`crate::pages::Page`], never raw strings in pages.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

use crate::api::client::{provide_client, use_client};
use crate::components::theme::ThemeToggle;
use crate::pages::requests::type_names::ProvideTypeNames;
use crate::pages::{
    approvals, cart, catalog, custom_request, forms, home::Home, identities, not_found::NotFound, requests, settings,
    sign_in::SignInPage,
};
use crate::session::{provide_session, use_session};

#[component]
pub fn App() -> impl IntoView {
    let session = provide_session();
    provide_client(session);
    crate::components::theme::provide_theme();
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/signin") view=SignInPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=Home/>
                    <ParentRoute path=path!("identities") view=identities::IdentitiesArea>
                        <Route path=path!("") view=identities::IdentitiesPage/>
                        <Route path=path!(":id") view=identities::IdentityDetail/>
                    </ParentRoute>
                    <Route path=path!("requests") view=requests::RequestsPage/>
                    <Route path=path!("requests/:id") view=requests::RequestDetail/>
                    <Route path=path!("approvals") view=approvals::ApprovalsPage/>
                    <Route path=path!("catalog") view=catalog::CatalogPage/>
                    <Route path=path!("catalog/:kind/:id") view=catalog::CatalogItemPage/>
                    <Route path=path!("cart") view=cart::CartPage/>
                    <Route path=path!("custom-request") view=custom_request::CustomRequestPage/>
                    <Route path=path!("forms") view=forms::FormsPage/>
                    <Route path=path!("forms/new") view=forms::FormBuilder/>
                    <Route path=path!("forms/:id/edit") view=forms::FormBuilder/>
                    <Route path=path!("forms/:id") view=forms::FormDetail/>
                    <ParentRoute path=path!("settings") view=settings::SettingsArea>
                        <Route path=path!("") view=settings::SettingsHome/>
                        <Route path=path!("lockout") view=settings::LockoutPage/>
                        <Route path=path!("session") view=settings::SessionPage/>
                        <Route path=path!("network") view=settings::NetworkPage/>
                        <Route path=path!("service-provider") view=settings::ServiceProviderPage/>
                        <Route path=path!("jit-activation") view=settings::JitActivationPage/>
                        <Route path=path!("provisioning-policies") view=settings::ProvisioningPoliciesPage/>
                        <Route path=path!("request-types") view=settings::RequestTypesPage/>
                        <Route path=path!("access-requests") view=settings::AccessRequestSettingsPage/>
                    </ParentRoute>
                    // An unknown address behind sign-in keeps the navigation around it.
                    <Route path=path!("*any") view=NotFound/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Everything behind sign-in. Without a session it sends the person to sign-in,
/// remembering where they were so they come back after signing in.
#[component]
fn Shell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // Read untracked: the redirect itself changes the location, and a tracked read
    // would redirect again from the sign-in page to itself, forever.
    let next = move || {
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!("/signin?next={}", js_sys::encode_uri_component(&here))
    };
    view! {
        <Show
            when=move || session.0.with(Option::is_some)
            fallback=move || view! { <Redirect path=next()/> }
        >
            <ProvideTypeNames>
                <div class="shell">
                    <Header/>
                    <main class="shell__main" id="main">
                        <Outlet/>
                    </main>
                </div>
            </ProvideTypeNames>
        </Show>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let navigate = use_navigate();
    let principal = move || session.principal();
    let nav = move || principal().map(|p| p.nav()).unwrap_or_default();
    let sign_out = move |_| {
        // Unsaved work on the page asks first, as leaving by a link does.
        if !crate::components::leave_guard::may_leave() {
            return;
        }
        let token = session.token();
        session.forget();
        if let Some(token) = token {
            leptos::task::spawn_local(async move {
                // Revocation failing (server gone) must not keep anyone signed in locally.
                let _ = crate::api::auth::revoke(&client, &token).await;
            });
        }
        navigate("/signin", Default::default());
    };
    view! {
        <header class="topbar">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <a class="topbar__brand" href="/">"Gatehouse"</a>
            <nav class="topbar__nav" aria-label="Main">
                <For each=nav key=|item| item.path() let:item>
                    <A href=item.path() attr:class="topbar__link" attr:data-testid=format!("nav-{}", item.label().to_lowercase())>
                        {item.label()}
                    </A>
                </For>
            </nav>
            <div class="topbar__user">
                <ThemeToggle/>
                <span class="topbar__who" data-testid="who">
                    {move || principal().map(|p| p.user_name).unwrap_or_default()}
                </span>
                <span class="badge" data-testid="level">
                    {move || {
                        principal()
                            .map(|p| {
                                if p.levels.is_empty() {
                                    "User".to_string()
                                } else {
                                    p.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")
                                }
                            })
                            .unwrap_or_default()
                    }}
                </span>
                <button class="btn btn--ghost" data-testid="sign-out" on:click=sign_out>"Sign out"</button>
            </div>
        </header>
    }
}
