//! `/approvals`: the requests waiting for the signed-in person's decision ("To do",
//! active) and the ones they have acted on ("Done", `?tab=done`). A row opens
//! `/requests/:id`, where the approver's action panel is.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::api::client::use_client;
use crate::api::requests;
use crate::components::status::{ErrorNotice, Loading};
use crate::pages::requests::RequestRows;
use crate::session::use_session;

/// Whether the URL asks for the inbox (active) rather than "Done".
pub fn active_from_query(q: &ParamsMap) -> bool {
    q.get("tab").as_deref() != Some("done")
}

/// The address of a tab.
pub fn approvals_href(active: bool) -> &'static str {
    if active {
        "/approvals"
    } else {
        "/approvals?tab=done"
    }
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let query = use_query_map();
    let active = Memo::new(move |_| query.with(active_from_query));
    let list = LocalResource::new(move || {
        let user = session.principal().map(|p| p.identity_id).unwrap_or_default();
        let active = active.get();
        async move { requests::my_approvals(&client, &user, active).await }
    });
    let tab = move |is_active: bool, label: &'static str, testid: &'static str| {
        view! {
            <a
                href=approvals_href(is_active)
                class="tabs__tab"
                data-testid=testid
                aria-current=move || (active.get() == is_active).then_some("page")
            >
                {label}
            </a>
        }
    };
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Approvals"</h1>
            </div>
            <nav class="tabs" aria-label="Approvals">
                {tab(true, "To do", "tab-active")}
                {tab(false, "Done", "tab-done")}
            </nav>
            <Transition fallback=|| view! { <Loading what="approvals"/> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(p) => view! { <RequestRows rows=p.result testid="approvals"/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn tabs_round_trip_through_the_url() {
        assert!(active_from_query(&ParamsMap::new()));
        let done: ParamsMap = [("tab", "done".to_string())].into_iter().collect();
        assert!(!active_from_query(&done));
        assert_eq!(approvals_href(false), "/approvals?tab=done");
    }
}
