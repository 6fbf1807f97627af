//! The settings area's frame: a side navigation over the documents, the page beside it.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

use super::overview::pages_for;
use crate::session::use_session;

#[component]
pub fn SettingsArea() -> impl IntoView {
    let session = use_session();
    let pages = move || pages_for(session.principal().as_ref());
    view! {
        <div class="page settings">
            <nav class="settings__nav" aria-label="Settings">
                <A href="/settings" exact=true attr:class="settings__link" attr:data-testid="settings-nav-overview">
                    "Overview"
                </A>
                {move || {
                    pages()
                        .into_iter()
                        .map(|b| {
                            view! {
                                <A
                                    href=b.path
                                    attr:class="settings__link"
                                    attr:data-testid=format!("settings-nav-{}", b.slug())
                                >
                                    {b.title}
                                </A>
                            }
                        })
                        .collect_view()
                }}
            </nav>
            <div class="settings__main">
                <Outlet/>
            </div>
        </div>
    }
}
