//! `/requests` (the signed-in person's requests, filtered by status in the URL) and
//! `/requests/:id` (one request: status, decision, outcome, phases and comments, Cancel
//! for the requester while it is open, and the approver's [`ActionPanel`]).

use gatehouse_wire::request::{Permissions, Request};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::params::ParamsMap;
use serde_json::Value;

use crate::api::client::use_client;
use crate::api::requests;
use crate::api::ApiError;
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::pages::identities::query::query_string;
use crate::session::use_session;

/// The statuses the list filters on.
pub const STATUSES: [&str; 4] = ["in-progress", "complete", "cancelled", "suspended"];

/// A decision status as a person reads it.
pub fn status_label(status: &str) -> String {
    match status {
        "in-progress" => "In progress".into(),
        "complete" => "Complete".into(),
        "cancelled" => "Cancelled".into(),
        "suspended" => "Suspended".into(),
        other => other.to_string(),
    }
}

/// An outcome as a person reads it (none yet: pending).
pub fn outcome_label(outcome: Option<&str>) -> String {
    match outcome {
        None | Some("") => "Pending".into(),
        Some("provisioned") => "Provisioned".into(),
        Some("not provisioned") => "Not provisioned".into(),
        Some("denied") => "Denied".into(),
        Some("fulfilled") => "Fulfilled".into(),
        Some("cancelled") => "Cancelled".into(),
        Some(other) => other.to_string(),
    }
}

/// A decision as a person reads it.
pub fn decision_label(decision: Option<&str>) -> String {
    match decision {
        Some("approved") => "Approved".into(),
        Some("rejected") => "Rejected".into(),
        Some(other) => other.to_string(),
        None => "Not decided".into(),
    }
}

/// What a request asks for: the kind and the name of the item.
pub fn requested_item(r: &Request) -> (&'static str, String) {
    let name = |v: &Option<Value>, keys: &[&str]| {
        let v = v.as_ref()?;
        keys.iter().find_map(|k| v[*k].as_str().map(str::to_string))
    };
    if let Some(n) = name(&r.role, &["name"]) {
        ("Role", n)
    } else if let Some(n) = name(&r.entitlement, &["displayName", "name"]) {
        ("Entitlement", n)
    } else if let Some(n) = name(&r.application, &["name"]) {
        ("Application", n)
    } else {
        ("Item", r.request_type.clone())
    }
}

/// The requester's justification.
pub fn justification(r: &Request) -> String {
    r.request["common"]["justification"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The priority the requester gave.
pub fn priority(r: &Request) -> String {
    r.request["common"]["priority"].as_str().unwrap_or_default().to_string()
}

/// A person's name for display.
pub fn person(user: &gatehouse_wire::request::UserRef) -> String {
    let full = format!("{} {}", user.given_name, user.sn);
    let full = full.trim();
    if full.is_empty() {
        user.user_name.clone()
    } else {
        format!("{full} ({})", user.user_name)
    }
}

/// The list's filter from the URL (`?status=`; anything unknown means all).
pub fn status_from_query(q: &ParamsMap) -> Option<String> {
    q.get("status").filter(|s| STATUSES.contains(&s.as_str()))
}

/// The list's address for a filter.
pub fn requests_href(status: Option<&str>) -> String {
    match status {
        Some(s) => format!("/requests{}", query_string(&[("status", s.to_string())])),
        None => "/requests".into(),
    }
}

/// Rows of requests, each opening its detail page.
#[component]
pub fn RequestRows(rows: Vec<Request>, #[prop(into)] testid: String) -> impl IntoView {
    if rows.is_empty() {
        return view! { <Empty message="No requests here."/> }.into_any();
    }
    view! {
        <table class="table" data-testid=testid>
            <thead>
                <tr>
                    <th scope="col">"Item"</th>
                    <th scope="col">"For"</th>
                    <th scope="col">"Requested by"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Outcome"</th>
                    <th scope="col">"Created"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        let (kind, name) = requested_item(&r);
                        let href = format!("/requests/{}", r.id);
                        view! {
                            <tr data-testid="request-row" data-id=r.id.clone() data-item=format!("{kind}: {name}")>
                                <td>
                                    <a href=href data-testid="request-open">{format!("{kind}: {name}")}</a>
                                </td>
                                <td>{r.user.user_name.clone()}</td>
                                <td>{r.requester.user_name.clone()}</td>
                                <td data-testid="request-status">{status_label(&r.decision.status)}</td>
                                <td data-testid="request-outcome">{outcome_label(r.decision.outcome.as_deref())}</td>
                                <td>{r.metadata.created_date.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let status = Memo::new(move |_| query.with(status_from_query));
    let list = LocalResource::new(move || {
        let user = session.principal().map(|p| p.identity_id).unwrap_or_default();
        let status = status.get();
        async move { requests::my_requests(&client, &user, status.as_deref()).await }
    });
    let on_filter = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let s = STATUSES.iter().find(|s| **s == v).copied();
        navigate(&requests_href(s), Default::default());
    };
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"My requests"</h1>
                <a class="btn btn--primary" href="/catalog">"Request access"</a>
            </div>
            <label class="field">
                "Status "
                <select data-testid="status-filter" on:change=on_filter>
                    <option value="" prop:selected=move || status.with(Option::is_none)>"All"</option>
                    {STATUSES
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=*s prop:selected=move || status.with(|v| v.as_deref() == Some(*s))>
                                    {status_label(s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Transition fallback=|| view! { <Loading what="requests"/> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(p) => view! { <RequestRows rows=p.result testid="requests"/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// Whether Reject may be sent: a justification is required.
pub fn can_reject(justification: &str) -> bool {
    !justification.trim().is_empty()
}

/// An actor's actions: Approve, Reject (only with a justification) and Comment.
#[component]
pub fn ActionPanel(
    permissions: Permissions,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    on_act: Callback<(requests::Action, String)>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let run = move |a: requests::Action| {
        on_act.run((a, text.get_untracked()));
    };
    view! {
        <section class="request-actions" data-testid="action-panel" aria-label="Decide">
            <label class="field">
                "Justification or comment"
                <textarea
                    data-testid="action-text"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <p class="hint">"Rejecting needs a justification."</p>
            <div class="request-actions__buttons">
                <Show when=move || permissions.approve>
                    <button
                        type="button"
                        class="btn btn--primary"
                        data-testid="action-approve"
                        disabled=move || busy.get()
                        on:click=move |_| run(requests::Action::Approve)
                    >
                        "Approve"
                    </button>
                </Show>
                <Show when=move || permissions.reject>
                    <button
                        type="button"
                        class="btn btn--danger"
                        data-testid="action-reject"
                        disabled=move || { busy.get() || !text.with(|t| can_reject(t)) }
                        on:click=move |_| run(requests::Action::Reject)
                    >
                        "Reject"
                    </button>
                </Show>
                <Show when=move || permissions.comment>
                    <button
                        type="button"
                        class="btn"
                        data-testid="action-comment"
                        disabled=move || { busy.get() || text.with(|t| t.trim().is_empty()) }
                        on:click=move |_| run(requests::Action::Comment)
                    >
                        "Comment"
                    </button>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
        </section>
    }
}

/// One request, with the decision and its timeline.
#[component]
pub fn RequestView(request: Request) -> impl IntoView {
    let (kind, name) = requested_item(&request);
    let d = &request.decision;
    view! {
        <dl class="request-facts" data-testid="request-facts">
            <dt>"Item"</dt>
            <dd data-testid="request-item">{format!("{kind}: {name}")}</dd>
            <dt>"For"</dt>
            <dd>{person(&request.user)}</dd>
            <dt>"Requested by"</dt>
            <dd>{person(&request.requester)}</dd>
            <dt>"Justification"</dt>
            <dd data-testid="request-justification">{justification(&request)}</dd>
            <dt>"Priority"</dt>
            <dd>{priority(&request)}</dd>
            <dt>"Status"</dt>
            <dd data-testid="request-status">{status_label(&d.status)}</dd>
            <dt>"Decision"</dt>
            <dd data-testid="request-decision">{decision_label(d.decision.as_deref())}</dd>
            <dt>"Outcome"</dt>
            <dd data-testid="request-outcome">{outcome_label(d.outcome.as_deref())}</dd>
            <dt>"Approvers"</dt>
            <dd>{d.actors.active.iter().map(|a| a.user_name.clone()).collect::<Vec<_>>().join(", ")}</dd>
        </dl>
        <h2>"Timeline"</h2>
        <ol class="timeline" data-testid="timeline">
            <li class="timeline__item">{format!("{} — requested", d.start_date)}</li>
            {d.phases
                .iter()
                .map(|p| {
                    let by = p.completed_by.as_ref().map(|u| format!(" by {}", u.user_name)).unwrap_or_default();
                    let why = p.justification.clone().map(|j| format!(": {j}")).unwrap_or_default();
                    view! {
                        <li class="timeline__item" data-testid="timeline-phase">
                            {format!(
                                "{} — {} {} ({}){by}{why}",
                                p.completion_date.clone().unwrap_or_else(|| p.start_date.clone()),
                                p.display_name,
                                status_label(&p.status),
                                decision_label(p.decision.as_deref()),
                            )}
                        </li>
                    }
                })
                .collect_view()}
            {d.comments
                .iter()
                .map(|c| {
                    view! {
                        <li class="timeline__item" data-testid="timeline-comment">
                            {format!("{} — {} ({}): {}", c.time_stamp, c.user.user_name, c.action, c.comment)}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
pub fn RequestDetail() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let me = move || session.principal().map(|p| p.identity_id).unwrap_or_default();
    let request = LocalResource::new(move || {
        let id = id.get();
        async move { requests::get(&client, &id).await }
    });
    let act = Action::new_local(move |(action, text): &(requests::Action, String)| {
        let (action, text, id) = (*action, text.clone(), id.get_untracked());
        async move { requests::act(&client, &id, action, &text).await }
    });
    let error = Signal::derive(move || act.value().get().and_then(Result::err));
    let confirm_cancel = RwSignal::new(false);
    Effect::new(move || {
        if let Some(Ok(())) = act.value().get() {
            confirm_cancel.set(false);
            request.refetch();
        }
    });
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Access request"</h1>
                <a class="btn btn--ghost" href="/requests">"My requests"</a>
                <a class="btn btn--ghost" href="/approvals">"Approvals"</a>
            </div>
            <Transition fallback=|| view! { <Loading what="the request"/> }>
                {move || {
                    request.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(r) => {
                                let me = me();
                                let actor = r.active_actor(&me).map(|a| a.permissions);
                                let may_cancel = r.is_open() && r.requester.id == me;
                                view! {
                                    <RequestView request=r/>
                                    {actor
                                        .map(|permissions| {
                                            view! {
                                                <ActionPanel
                                                    permissions=permissions
                                                    busy=act.pending()
                                                    error=error
                                                    on_act=Callback::new(move |input| {
                                                        act.dispatch(input);
                                                    })
                                                />
                                            }
                                        })}
                                    <Show when=move || may_cancel>
                                        <button
                                            type="button"
                                            class="btn btn--danger"
                                            data-testid="request-cancel"
                                            on:click=move |_| confirm_cancel.set(true)
                                        >
                                            "Cancel request"
                                        </button>
                                    </Show>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <ConfirmDialog
                open=confirm_cancel
                title="Cancel this request?"
                confirm="Cancel request"
                danger=true
                busy=act.pending()
                on_confirm=Callback::new(move |_| {
                    act.dispatch((requests::Action::Cancel, "Cancelled by the requester".to_string()));
                })
                testid="cancel-dialog"
            >
                <p>"The request is withdrawn and nobody can approve it any more."</p>
                {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            </ConfirmDialog>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn labels_read_well() {
        assert_eq!(status_label("in-progress"), "In progress");
        assert_eq!(outcome_label(None), "Pending");
        assert_eq!(outcome_label(Some("not provisioned")), "Not provisioned");
        assert_eq!(decision_label(Some("rejected")), "Rejected");
        assert!(!can_reject("  "));
        assert!(can_reject("no"));
    }

    #[wasm_bindgen_test]
    fn the_status_filter_round_trips_through_the_url() {
        for s in STATUSES {
            let href = requests_href(Some(s));
            let q: ParamsMap = [("status", s.to_string())].into_iter().collect();
            assert_eq!(status_from_query(&q).as_deref(), Some(s));
            assert!(href.starts_with("/requests?status="), "{href}");
        }
        assert_eq!(requests_href(None), "/requests");
        let bad: ParamsMap = [("status", "dancing".to_string())].into_iter().collect();
        assert_eq!(status_from_query(&bad), None);
    }
}
