//! `/requests`: the signed-in person's requests, with the status filter and the sort
//! in the URL (`?status=&sort=`), the "waiting for you" marker and a way to answer;
//! and the rows and controls the approvals inbox shares.

use std::collections::BTreeSet;

use gatehouse_wire::request::Request;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

use super::labels::{item_label, outcome_label, short_stamp, status_label};
use crate::api::client::use_client;
use crate::api::requests::{self, ListQuery, Sort};
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::pages::identities::query::query_string;
use crate::session::use_session;

/// The statuses the lists filter on.
pub const STATUSES: [&str; 4] = ["in-progress", "complete", "cancelled", "suspended"];

/// The list's filter from the URL (`?status=`; anything unknown means all).
pub fn status_from_query(q: &ParamsMap) -> Option<String> {
    q.get("status").filter(|s| STATUSES.contains(&s.as_str()))
}

/// The filter and sort of a list from the URL (unknown values fall back to the defaults).
pub fn list_query(q: &ParamsMap) -> ListQuery {
    ListQuery {
        status: status_from_query(q),
        sort: q.get("sort").and_then(|s| Sort::parse(&s)).unwrap_or_default(),
    }
}

/// The URL pairs of a list's filter and sort (defaults left out).
pub fn list_pairs(q: &ListQuery) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(s) = &q.status {
        pairs.push(("status", s.clone()));
    }
    if q.sort != Sort::default() {
        pairs.push(("sort", q.sort.as_str().to_string()));
    }
    pairs
}

/// The address of my requests with a filter and sort.
pub fn requests_href(q: &ListQuery) -> String {
    format!("/requests{}", query_string(&list_pairs(q)))
}

/// The status filter and the sort of a list; a change hands the new query over.
#[component]
pub fn ListControls(#[prop(into)] query: Signal<ListQuery>, on_change: Callback<ListQuery>) -> impl IntoView {
    let set_status = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let mut q = query.get_untracked();
        q.status = STATUSES.iter().find(|s| **s == v).map(|s| s.to_string());
        on_change.run(q);
    };
    let set_sort = move |ev: leptos::ev::Event| {
        let mut q = query.get_untracked();
        q.sort = Sort::parse(&event_target_value(&ev)).unwrap_or_default();
        on_change.run(q);
    };
    view! {
        <div class="toolbar request-controls">
            <label class="field">
                "Status "
                <select data-testid="status-filter" on:change=set_status>
                    <option value="" prop:selected=move || query.with(|q| q.status.is_none())>"All"</option>
                    {STATUSES
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=*s prop:selected=move || query.with(|q| q.status.as_deref() == Some(*s))>
                                    {status_label(s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                "Sort "
                <select data-testid="sort" on:change=set_sort>
                    {Sort::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() prop:selected=move || query.with(|q| q.sort == s)>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

/// The "waiting for the requester" marker.
#[component]
pub fn AwaitingBadge() -> impl IntoView {
    view! {
        <span class="badge badge--awaiting" data-testid="awaiting-requester">
            "Waiting for the requester"
        </span>
    }
}

/// Which requests are ticked, by id (the approvals inbox's bulk actions).
pub type Ticked = RwSignal<BTreeSet<String>>;

/// Rows of requests, each opening its detail page. With `ticked`, each open request
/// has a checkbox (and the header one ticks them all); with `answer`, a request
/// waiting for the signed-in requester links to where they answer.
#[component]
pub fn RequestRows(
    rows: Vec<Request>,
    #[prop(into)] testid: String,
    #[prop(optional)] ticked: Option<Ticked>,
    #[prop(optional)] answer: bool,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <Empty message="No requests here."/> }.into_any();
    }
    let open_ids: Vec<String> = rows.iter().filter(|r| r.is_open()).map(|r| r.id.clone()).collect();
    let head_box = ticked.map(|t| {
        let ids = open_ids.clone();
        let all = {
            let ids = ids.clone();
            move || !ids.is_empty() && t.with(|s| ids.iter().all(|i| s.contains(i)))
        };
        view! {
            <th scope="col" class="table__check">
                <input
                    type="checkbox"
                    aria-label="Select every open request"
                    data-testid="select-all"
                    disabled=ids.is_empty()
                    prop:checked=all
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        t.update(|s| {
                            for i in &ids {
                                if on {
                                    s.insert(i.clone());
                                } else {
                                    s.remove(i);
                                }
                            }
                        });
                    }
                />
            </th>
        }
    });
    view! {
        <table class="table" data-testid=testid>
            <thead>
                <tr>
                    {head_box}
                    <th scope="col">"Item"</th>
                    <th scope="col">"For"</th>
                    <th scope="col">"Requested by"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"Created"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| view! { <RequestRow r=r ticked=ticked answer=answer/> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn RequestRow(r: Request, ticked: Option<Ticked>, answer: bool) -> impl IntoView {
    // The name of a custom type may arrive after the row: the label follows it.
    let item = {
        let r = r.clone();
        Signal::derive(move || item_label(&r))
    };
    let href = format!("/requests/{}", r.id);
    let awaiting = r.is_open() && r.decision.awaiting_requester;
    let check = ticked.map(|t| {
        let id = r.id.clone();
        let on = {
            let id = id.clone();
            move || t.with(|s| s.contains(&id))
        };
        view! {
            <td class="table__check">
                {r.is_open()
                    .then(|| {
                        view! {
                            <input
                                type="checkbox"
                                aria-label=move || format!("Select {}", item.get())
                                data-testid="request-select"
                                prop:checked=on
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    t.update(|s| {
                                        if on {
                                            s.insert(id.clone());
                                        } else {
                                            s.remove(&id);
                                        }
                                    });
                                }
                            />
                        }
                    })}
            </td>
        }
    });
    let answer_link = (answer && awaiting).then(|| {
        view! {
            <a class="btn btn--small" href=format!("{href}#answer") data-testid="request-answer">
                "Answer"
            </a>
        }
    });
    view! {
        <tr data-testid="request-row" data-id=r.id.clone() data-item=item data-awaiting=awaiting.to_string()>
            {check}
            <td>
                <a href=href data-testid="request-open">{item}</a>
                {awaiting.then(|| view! { " " <AwaitingBadge/> })}
                {answer_link}
            </td>
            <td>{r.user.user_name.clone()}</td>
            <td>{r.requester.user_name.clone()}</td>
            <td data-testid="request-status">{status_label(&r.decision.status)}</td>
            <td data-testid="request-outcome">{outcome_label(r.decision.outcome.as_deref())}</td>
            <td>{short_stamp(&r.metadata.created_date)}</td>
        </tr>
    }
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let state = Memo::new(move |_| query.with(list_query));
    let list = LocalResource::new(move || {
        let user = session.principal().map(|p| p.identity_id).unwrap_or_default();
        let q = state.get();
        async move { requests::my_requests(&client, &user, &q).await }
    });
    let on_change = Callback::new(move |q: ListQuery| navigate(&requests_href(&q), Default::default()));
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"My requests"</h1>
                <a class="btn btn--primary" href="/catalog">"Request access"</a>
            </div>
            <ListControls query=state on_change=on_change/>
            <Transition fallback=|| view! { <Loading what="requests"/> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(p) => view! { <RequestRows rows=p.result testid="requests" answer=true/> }.into_any(),
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
    fn the_filter_and_sort_round_trip_through_the_url() {
        for s in STATUSES {
            let q = ListQuery {
                status: Some(s.to_string()),
                sort: Sort::For,
            };
            let href = requests_href(&q);
            assert!(href.starts_with("/requests?status="), "{href}");
            let params: ParamsMap = list_pairs(&q).into_iter().collect();
            assert_eq!(list_query(&params), q);
        }
        assert_eq!(requests_href(&ListQuery::default()), "/requests");
        let bad: ParamsMap = [("status", "dancing".to_string()), ("sort", "up".to_string())]
            .into_iter()
            .collect();
        assert_eq!(list_query(&bad), ListQuery::default());
    }
}
