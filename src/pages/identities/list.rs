//! `/identities`: the URL's query is read into a [`ListState`] memo, the page of
//! identities is a `LocalResource` keyed on it, and every control navigates to the
//! new state's URL (so reload, back and a shared link show the same view).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::area::use_area;
use super::bulk::BulkActions;
use super::export::ExportButton;
use super::filters::IdentityFilters;
use super::query::ListState;
use super::table::IdentityTable;
use crate::api::client::use_client;
use crate::api::identities;
use crate::components::status::{ErrorNotice, Loading};
use crate::session::use_session;

#[component]
pub fn IdentitiesPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let area = use_area();
    let query = use_query_map();
    let navigate = use_navigate();

    let state = Memo::new(move |_| query.with(ListState::from_query));
    Effect::new(move || area.last_query.set(state.with(ListState::to_query)));
    let page = LocalResource::new(move || {
        let q = state.with(ListState::page_query);
        async move { identities::list(&client, &q).await }
    });
    let go = Callback::new(move |next: ListState| {
        if state.with_untracked(|s| *s != next) {
            navigate(&next.href(), Default::default());
        }
    });
    let can_manage = Memo::new(move |_| session.principal().is_some_and(|p| p.can_manage_identities()));
    let selection = area.selection;
    let (pending, set_pending) = signal(false);
    let flash = area.flash.get_untracked();
    area.flash.set(None);

    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Identities"</h1>
                <ExportButton state=state/>
            </div>
            {flash.map(|text| view! { <p class="notice notice--info" role="status" data-testid="flash">{text}</p> })}
            <IdentityFilters state=state on_change=go/>
            <Show when=move || can_manage.get()>
                <BulkActions selection=selection on_done=Callback::new(move |_| page.refetch())/>
            </Show>
            <div class="list" aria-busy=move || pending.get().to_string() data-testid="list">
                <Transition fallback=|| view! { <Loading what="identities"/> } set_pending=set_pending>
                    {move || {
                        page.get()
                            .map(|result| match result {
                                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                                Ok(p) => {
                                    let selection = can_manage.get_untracked().then_some(selection);
                                    view! {
                                        <IdentityTable page=p state=state on_change=go selection=selection/>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </div>
        </section>
    }
}
