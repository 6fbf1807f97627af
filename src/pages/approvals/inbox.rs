//! `/approvals`: what waits for the signed-in person's decision (the inbox, actor
//! status active) and what they have acted on (`?tab=done`, inactive), each with the
//! status filter and sort in the URL. In the inbox, open requests can be ticked and
//! approved or rejected together; a row opens `/requests/:id` for one decision.

use std::collections::BTreeSet;

use gatehouse_wire::request::Request;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

use super::bulk::{BulkBar, BulkOutcome, BulkSummary};
use crate::api::client::use_client;
use crate::api::requests::{self, Action as RequestAction, ListQuery};
use crate::components::status::{ErrorNotice, Loading};
use crate::pages::identities::query::query_string;
use crate::pages::requests::actions::access_rules;
use crate::pages::requests::labels::item_label;
use crate::pages::requests::list::{list_pairs, list_query, ListControls, RequestRows, Ticked};
use crate::pages::requests::Required;
use crate::session::use_session;

/// Whether the URL asks for the inbox (active) rather than "Done".
pub fn active_from_query(q: &ParamsMap) -> bool {
    q.get("tab").as_deref() != Some("done")
}

/// The address of a tab with a filter and sort.
pub fn approvals_href(active: bool, q: &ListQuery) -> String {
    let mut pairs = Vec::new();
    if !active {
        pairs.push(("tab", "done".to_string()));
    }
    pairs.extend(list_pairs(q));
    format!("/approvals{}", query_string(&pairs))
}

/// The list of a tab: in the inbox with the bulk bar, the checkboxes and the summary of
/// the last bulk decision.
#[component]
pub fn ApprovalInbox(
    rows: Vec<Request>,
    /// The inbox (true) or "Done".
    active: bool,
    ticked: Ticked,
    #[prop(into)] required: Signal<Required>,
    #[prop(into)] busy: Signal<bool>,
    on_bulk: Callback<(RequestAction, String)>,
    #[prop(into)] summary: Signal<Option<BulkOutcome>>,
) -> impl IntoView {
    view! {
        {active.then(|| view! { <BulkBar ticked=ticked required=required busy=busy on_run=on_bulk/> })}
        {move || summary.get().map(|o| view! { <BulkSummary outcome=o/> })}
        {if active {
            view! { <RequestRows rows=rows testid="approvals" ticked=ticked/> }.into_any()
        } else {
            view! { <RequestRows rows=rows testid="approvals"/> }.into_any()
        }}
    }
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let active = Memo::new(move |_| query.with(active_from_query));
    let state = Memo::new(move |_| query.with(list_query));
    let me = move || session.principal().map(|p| p.identity_id).unwrap_or_default();
    let list = LocalResource::new(move || {
        let (user, active, q) = (me(), active.get(), state.get());
        async move { requests::my_approvals(&client, &user, active, &q).await }
    });
    // Which decisions need a justification: the rules every signed-in person may read.
    let rules = access_rules(client);
    let required = Signal::derive(move || Required::from_rules(&rules.get()));
    let ticked: Ticked = RwSignal::new(BTreeSet::new());
    // Another tab or filter: nothing stays ticked that is not on the page.
    Effect::new(move || {
        let _ = (active.get(), state.get());
        ticked.set(BTreeSet::new());
    });
    let bulk = Action::new_local(
        move |(action, text, targets): &(RequestAction, String, Vec<(String, String)>)| {
            let (action, text, targets) = (*action, text.clone(), targets.clone());
            async move {
                let mut outcome = BulkOutcome::new(action);
                for (id, item) in targets {
                    let result = requests::act(&client, &id, action, &text).await;
                    outcome.record(&id, &item, result);
                }
                outcome
            }
        },
    );
    Effect::new(move || {
        if let Some(o) = bulk.value().get() {
            ticked.update(|t| {
                for (id, _) in &o.done {
                    t.remove(id);
                }
            });
            list.refetch();
        }
    });
    let on_bulk = Callback::new(move |(action, text): (RequestAction, String)| {
        let chosen = ticked.get_untracked();
        let targets: Vec<(String, String)> = match list.get_untracked() {
            Some(Ok(p)) => p
                .result
                .iter()
                .filter(|r| chosen.contains(&r.id))
                .map(|r| (r.id.clone(), item_label(r)))
                .collect(),
            _ => Vec::new(),
        };
        bulk.dispatch((action, text, targets));
    });
    let summary = Signal::derive(move || bulk.value().get());
    let on_change = {
        let navigate = navigate.clone();
        Callback::new(move |q: ListQuery| navigate(&approvals_href(active.get_untracked(), &q), Default::default()))
    };
    let tab = move |is_active: bool, label: &'static str, testid: &'static str| {
        view! {
            <a
                href=move || approvals_href(is_active, &state.get())
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
            <ListControls query=state on_change=on_change/>
            <Transition fallback=|| view! { <Loading what="approvals"/> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(p) => {
                                view! {
                                    <ApprovalInbox
                                        rows=p.result
                                        active=active.get()
                                        ticked=ticked
                                        required=required
                                        busy=bulk.pending()
                                        on_bulk=on_bulk
                                        summary=summary
                                    />
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::requests::Sort;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn tabs_filter_and_sort_round_trip_through_the_url() {
        assert!(active_from_query(&ParamsMap::new()));
        let done: ParamsMap = [("tab", "done".to_string())].into_iter().collect();
        assert!(!active_from_query(&done));
        assert_eq!(approvals_href(false, &ListQuery::default()), "/approvals?tab=done");
        let q = ListQuery {
            status: Some("complete".into()),
            sort: Sort::Oldest,
        };
        assert_eq!(
            approvals_href(false, &q),
            "/approvals?tab=done&status=complete&sort=oldest"
        );
        assert_eq!(approvals_href(true, &q), "/approvals?status=complete&sort=oldest");
    }
}
