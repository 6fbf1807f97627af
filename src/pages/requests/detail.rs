//! `/requests/:id`: one request — who asks for what and why, the form values, the
//! decision and the history — with the approver's [`ActionPanel`], the requester's
//! [`AnswerPanel`] and Cancel for the requester while it is open, and the
//! [`AdminPanel`] for an ORG_ADMIN who is not an approver ([`panels`] decides).

use gatehouse_wire::auth::Principal;
use gatehouse_wire::request::{Permissions, Request};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::actions::{access_rules, ActionPanel, AdminPanel, AnswerPanel, ReassignSearch, Required};
use super::labels::{
    comment_action_label, decision_label, form_values, justification, outcome_label, person, priority, requested_item,
    short_stamp, status_label,
};
use super::list::AwaitingBadge;
use super::typeahead::{search_resource, Choice};
use crate::api::client::use_client;
use crate::api::people;
use crate::api::requests::{self, Action as RequestAction};
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{ErrorNotice, Loading};
use crate::session::use_session;

/// One line of a request's history, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub stamp: String,
    pub text: String,
    /// `timeline-phase` or `timeline-comment`.
    pub testid: &'static str,
}

/// The request's history: the request itself, each phase's end, each comment, by time.
pub fn timeline(r: &Request) -> Vec<Event> {
    let d = &r.decision;
    let mut events = vec![Event {
        stamp: d.start_date.clone(),
        text: format!("Requested by {}", r.requester.user_name),
        testid: "timeline-start",
    }];
    for p in &d.phases {
        let by = p
            .completed_by
            .as_ref()
            .map(|u| format!(" by {}", u.user_name))
            .unwrap_or_default();
        let why = p.justification.clone().map(|j| format!(": {j}")).unwrap_or_default();
        events.push(Event {
            stamp: p.completion_date.clone().unwrap_or_else(|| p.start_date.clone()),
            text: format!(
                "{} {} ({}){by}{why}",
                p.display_name,
                status_label(&p.status),
                decision_label(p.decision.as_deref())
            ),
            testid: "timeline-phase",
        });
    }
    for c in &d.comments {
        events.push(Event {
            stamp: c.time_stamp.clone(),
            text: format!(
                "{} {}: {}",
                c.user.user_name,
                comment_action_label(&c.action),
                c.comment
            ),
            testid: "timeline-comment",
        });
    }
    // Stable: a phase and the comment of the same instant keep their order.
    events.sort_by(|a, b| a.stamp.cmp(&b.stamp));
    events
}

/// The values of the form filled while requesting, read-only.
#[component]
fn FormValues(values: Vec<(String, String)>) -> impl IntoView {
    if values.is_empty() {
        return view! { <p class="muted" data-testid="form-values-none">"No form was filled for this request."</p> }
            .into_any();
    }
    view! {
        <dl class="request-facts" data-testid="form-values">
            {values
                .into_iter()
                .map(|(k, v)| {
                    view! {
                        <dt>{k.clone()}</dt>
                        <dd data-testid="form-value" data-field=k>{v}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

/// One request, with the decision, the form values and the history.
#[component]
pub fn RequestView(request: Request) -> impl IntoView {
    let item = {
        let r = request.clone();
        move || {
            let (kind, name) = requested_item(&r);
            format!("{kind}: {name}")
        }
    };
    let d = &request.decision;
    let common = &request.request["common"];
    let date = |k: &str| common[k].as_str().map(short_stamp).unwrap_or_else(|| "—".into());
    let awaiting = request.is_open() && d.awaiting_requester;
    view! {
        <dl class="request-facts" data-testid="request-facts">
            <dt>"Item"</dt>
            <dd data-testid="request-item">{item}</dd>
            <dt>"For"</dt>
            <dd data-testid="request-for">{person(&request.user)}</dd>
            <dt>"Requested by"</dt>
            <dd data-testid="request-requester">{person(&request.requester)}</dd>
            <dt>"Justification"</dt>
            <dd data-testid="request-justification">{justification(&request)}</dd>
            <dt>"Priority"</dt>
            <dd>{priority(&request)}</dd>
            <dt>"Access from / until"</dt>
            <dd>{format!("{} / {}", date("startDate"), date("endDate"))}</dd>
            <dt>"Status"</dt>
            <dd>
                <span data-testid="request-status">{status_label(&d.status)}</span>
                {awaiting.then(|| view! { " " <AwaitingBadge/> })}
            </dd>
            <dt>"Decision"</dt>
            <dd data-testid="request-decision">{decision_label(d.decision.as_deref())}</dd>
            <dt>"Outcome"</dt>
            <dd data-testid="request-outcome">{outcome_label(d.outcome.as_deref())}</dd>
            <dt>"Approvers"</dt>
            <dd data-testid="request-approvers">
                {d.actors.active.iter().map(|a| a.user_name.clone()).collect::<Vec<_>>().join(", ")}
            </dd>
        </dl>
        <h2>"Form"</h2>
        <FormValues values=form_values(&request)/>
        <h2>"History"</h2>
        <ol class="timeline" data-testid="timeline">
            {timeline(&request)
                .into_iter()
                .map(|e| {
                    view! {
                        <li class="timeline__item" data-testid=e.testid>
                            <span class="muted">{short_stamp(&e.stamp)}</span>
                            " — "
                            {e.text}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Which panels a person gets on a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Panels {
    /// An active actor: the approver's panel with these permissions.
    pub actor: Option<Permissions>,
    /// The requester of an open request: the answer panel and Cancel.
    pub requester: bool,
    /// An ORG_ADMIN who is not an active actor of an open request: cancel or reassign it.
    pub admin: bool,
}

/// The panels of `me` on `r` (nothing once the request is closed).
pub fn panels(me: &Principal, r: &Request) -> Panels {
    let actor = r.active_actor(&me.identity_id).map(|a| a.permissions);
    let open = r.is_open();
    Panels {
        actor,
        requester: open && r.requester.id == me.identity_id,
        admin: open && actor.is_none() && me.is_org_admin(),
    }
}

/// What the page sends: one action of the panel, a reassign, or the requester's answer.
#[derive(Debug, Clone)]
enum Send {
    Act(RequestAction, String),
    Reassign(Choice, String),
}

#[component]
pub fn RequestDetail() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let request = LocalResource::new(move || {
        let id = id.get();
        async move { requests::get(&client, &id).await }
    });
    // Which decisions need a justification: the rules every signed-in person may read.
    let rules = access_rules(client);
    let required = Signal::derive(move || Required::from_rules(&rules.get()));
    let send = Action::new_local(move |s: &Send| {
        let (s, id) = (s.clone(), id.get_untracked());
        async move {
            match s {
                Send::Act(a, text) => requests::act(&client, &id, a, &text).await,
                Send::Reassign(to, text) => requests::reassign(&client, &id, &to.id, &text).await,
            }
        }
    });
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let confirm_cancel = RwSignal::new(false);
    Effect::new(move || {
        if let Some(Ok(())) = send.value().get() {
            confirm_cancel.set(false);
            request.refetch();
        }
    });
    let query = RwSignal::new(String::new());
    let people = search_resource(query, move |text| async move {
        let found = people::search(&client, &text, 10).await?;
        Ok(found
            .into_iter()
            .map(|p| Choice {
                id: p.id,
                label: p.name,
                detail: p.user_name,
            })
            .collect())
    });
    let reassign = ReassignSearch {
        query,
        choices: Signal::derive(move || people.get()),
        on_reassign: Callback::new(move |(to, text)| {
            send.dispatch(Send::Reassign(to, text));
        }),
    };
    let on_act = Callback::new(move |(a, text)| {
        send.dispatch(Send::Act(a, text));
    });
    let on_admin_cancel = Callback::new(move |text| {
        send.dispatch(Send::Act(RequestAction::Cancel, text));
    });
    let on_answer = Callback::new(move |text| {
        send.dispatch(Send::Act(RequestAction::Comment, text));
    });
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Access request"</h1>
                <div class="page__links">
                    <a class="btn btn--ghost" href="/requests">"My requests"</a>
                    <a class="btn btn--ghost" href="/approvals">"Approvals"</a>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading what="the request"/> }>
                {move || {
                    request.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(r) => {
                                let Panels { actor, requester: mine, admin } = session
                                    .principal()
                                    .map(|p| panels(&p, &r))
                                    .unwrap_or_default();
                                let awaiting = r.decision.awaiting_requester;
                                view! {
                                    <RequestView request=r/>
                                    {actor
                                        .map(|permissions| {
                                            view! {
                                                <ActionPanel
                                                    permissions=permissions
                                                    busy=send.pending()
                                                    error=error
                                                    on_act=on_act
                                                    required=required
                                                    reassign=reassign
                                                />
                                            }
                                        })}
                                    {mine
                                        .then(|| {
                                            view! {
                                                <AnswerPanel
                                                    awaiting=awaiting
                                                    busy=send.pending()
                                                    error=error
                                                    on_send=on_answer
                                                />
                                                <button
                                                    type="button"
                                                    class="btn btn--danger"
                                                    data-testid="request-cancel"
                                                    on:click=move |_| confirm_cancel.set(true)
                                                >
                                                    "Cancel request"
                                                </button>
                                            }
                                        })}
                                    {admin
                                        .then(|| {
                                            view! {
                                                <AdminPanel
                                                    can_cancel=!mine
                                                    busy=send.pending()
                                                    error=error
                                                    on_cancel=on_admin_cancel
                                                    reassign=reassign
                                                />
                                            }
                                        })}
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
                busy=send.pending()
                on_confirm=Callback::new(move |_| {
                    send.dispatch(Send::Act(RequestAction::Cancel, "Cancelled by the requester".to_string()));
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

    fn request() -> Request {
        serde_json::from_value(serde_json::json!({
            "id": "r1", "requestType": "roleGrant",
            "requester": {"id": "a", "userName": "ann", "givenName": "Ann", "sn": "A", "mail": null},
            "user": {"id": "a", "userName": "ann", "givenName": "Ann", "sn": "A", "mail": null},
            "request": {"common": {"justification": "why"}},
            "role": {"name": "R"},
            "decision": {"status": "in-progress", "decision": null, "outcome": null,
                "startDate": "2024-01-01T00:00:00Z", "completionDate": null, "deadline": null,
                "comments": [{"timeStamp": "2024-01-03T00:00:00Z", "user": {"id": "b", "userName": "bob",
                    "givenName": "", "sn": "", "mail": null}, "comment": "more?", "action": "comment", "phase": null}],
                "actors": {"active": [], "inactive": []},
                "phases": [{"name": "p", "displayName": "Approval", "type": "request", "status": "in-progress",
                    "decision": null, "startDate": "2024-01-02T00:00:00Z", "completionDate": null,
                    "justification": null, "completedBy": null}]},
            "metadata": {"createdDate": "2024-01-01T00:00:00Z", "modifiedDate": "2024-01-01T00:00:00Z"},
            "_rev": 1
        }))
        .unwrap()
    }

    #[wasm_bindgen_test]
    fn the_timeline_is_in_time_order() {
        let t = timeline(&request());
        let ids: Vec<_> = t.iter().map(|e| e.testid).collect();
        assert_eq!(ids, ["timeline-start", "timeline-phase", "timeline-comment"]);
        assert_eq!(t[2].text, "bob commented: more?");
    }
}
