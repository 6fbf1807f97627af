//! What a person can do on an open request: the approver's [`ActionPanel`] (approve,
//! reject, comment, ask the requester for more information, reassign with a type-ahead
//! over identities), the requester's [`AnswerPanel`], and the [`AdminPanel`] of an
//! ORG_ADMIN who is not an approver (the server lets them cancel or reassign any
//! request). They only hand what was chosen to the page, which talks to the server.

use gatehouse_wire::request::{AccessRequestRules, Permissions};
use leptos::prelude::*;

use super::typeahead::{Choice, Choices, TypeAhead};
use crate::api::governance;
use crate::api::requests::Action;
use crate::api::{ApiError, Client};
use crate::components::dialog::ConfirmDialog;
use crate::components::status::ErrorNotice;

/// Which decisions need a justification (`iga_access_request`, read by everyone through
/// `/gatehouse/v1/access-request-rules`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Required {
    pub approve: bool,
    pub reject: bool,
}

impl Required {
    pub fn from_rules(r: &AccessRequestRules) -> Required {
        Required {
            approve: r.require_approve_justification,
            reject: r.require_reject_justification,
        }
    }

    /// Whether an action may be sent with this text.
    pub fn allows(self, action: Action, text: &str) -> bool {
        let blank = text.trim().is_empty();
        match action {
            Action::Approve => !(self.approve && blank),
            Action::Reject => !(self.reject && blank),
            Action::Comment | Action::AskRequester => !blank,
            Action::Cancel => true,
        }
    }

    /// The hint under the text box.
    pub fn hint(self) -> &'static str {
        match (self.approve, self.reject) {
            (true, true) => "Approving and rejecting need a justification.",
            (true, false) => "Approving needs a justification.",
            (false, true) => "Rejecting needs a justification.",
            (false, false) => "A justification is optional; comments and questions need text.",
        }
    }
}

/// The access-request rules every signed-in person reads
/// (`/gatehouse/v1/access-request-rules`): nothing required until they are read, or when
/// they cannot be (nothing is blocked then; the server still checks). Every page that
/// needs them calls this one function, so the resource is built once in the wasm.
pub fn access_rules(client: Client) -> Signal<AccessRequestRules> {
    let rules = LocalResource::new(move || async move { governance::access_rules(&client).await.ok() });
    Signal::derive(move || rules.get().flatten().unwrap_or_default())
}

/// Whether Reject may be sent when the settings require a justification.
pub fn can_reject(justification: &str) -> bool {
    Required {
        approve: false,
        reject: true,
    }
    .allows(Action::Reject, justification)
}

/// The reassign part of the panel: the type-ahead's text and answer, and what to do
/// with the picked identity and the comment.
#[derive(Debug, Clone, Copy)]
pub struct ReassignSearch {
    pub query: RwSignal<String>,
    pub choices: Signal<Choices>,
    pub on_reassign: Callback<(Choice, String)>,
}

/// An actor's actions, as far as the permissions allow.
#[component]
pub fn ActionPanel(
    permissions: Permissions,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    on_act: Callback<(Action, String)>,
    /// Which decisions need a justification (unknown: none; the server still checks).
    #[prop(optional, into)]
    required: Signal<Required>,
    /// Reassigning (shown with the reassign permission).
    #[prop(optional)]
    reassign: Option<ReassignSearch>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let run = move |a: Action| on_act.run((a, text.get_untracked()));
    let blocked = move |a: Action| busy.get() || !text.with(|t| required.get().allows(a, t));
    let button = move |allowed: bool, a: Action, label: &'static str, class: &'static str, testid: &'static str| {
        allowed.then(|| {
            view! {
                <button type="button" class=class data-testid=testid disabled=move || blocked(a) on:click=move |_| run(a)>
                    {label}
                </button>
            }
        })
    };
    let reassigning = RwSignal::new(false);
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
            <p class="hint" data-testid="action-hint">{move || required.get().hint()}</p>
            <div class="request-actions__buttons">
                {button(permissions.approve, Action::Approve, "Approve", "btn btn--primary", "action-approve")}
                {button(permissions.reject, Action::Reject, "Reject", "btn btn--danger", "action-reject")}
                {button(permissions.comment, Action::Comment, "Comment", "btn", "action-comment")}
                {button(
                    permissions.comment,
                    Action::AskRequester,
                    "Ask for more information",
                    "btn",
                    "action-ask",
                )}
                {(permissions.reassign && reassign.is_some())
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn--ghost"
                                data-testid="action-reassign"
                                aria-expanded=move || reassigning.get().to_string()
                                on:click=move |_| reassigning.update(|r| *r = !*r)
                            >
                                "Reassign…"
                            </button>
                        }
                    })}
            </div>
            {move || {
                reassign
                    .filter(|_| reassigning.get())
                    .map(|r| view! { <ReassignPart search=r text=text busy=busy/> })
            }}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
        </section>
    }
}

/// Pick the identity to hand the decision to, then confirm.
#[component]
fn ReassignPart(search: ReassignSearch, text: RwSignal<String>, busy: Signal<bool>) -> impl IntoView {
    let picked = RwSignal::new(None::<Choice>);
    let on_pick = Callback::new(move |c: Choice| {
        search.query.set(c.label.clone());
        picked.set(Some(c));
    });
    let confirm = move |_| {
        if let Some(c) = picked.get_untracked() {
            search.on_reassign.run((c, text.get_untracked()));
        }
    };
    view! {
        <div class="request-actions__reassign" data-testid="reassign">
            <TypeAhead
                label="Reassign to"
                testid="reassign-search"
                placeholder="Name, alias or e-mail"
                query=search.query
                choices=search.choices
                on_pick=on_pick
            />
            {move || {
                picked
                    .get()
                    .map(|c| {
                        view! {
                            <p data-testid="reassign-picked">
                                {format!("The decision goes to {} ({}); the comment above goes with it.", c.label, c.detail)}
                            </p>
                        }
                    })
            }}
            <button
                type="button"
                class="btn btn--primary"
                data-testid="reassign-confirm"
                disabled=move || busy.get() || picked.with(Option::is_none)
                on:click=confirm
            >
                "Reassign"
            </button>
        </div>
    }
}

/// The comment a cancel by an administrator carries when they give no reason.
pub const ADMIN_CANCEL_COMMENT: &str = "Cancelled by an administrator";

/// An ORG_ADMIN's override of a request they do not decide: cancel it (after a
/// confirmation, with an optional reason) or reassign it to someone found by name.
#[component]
pub fn AdminPanel(
    /// Offer Cancel (the requester has their own Cancel button).
    can_cancel: bool,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    /// Called with the cancel's comment.
    on_cancel: Callback<String>,
    reassign: ReassignSearch,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let reassigning = RwSignal::new(false);
    let cancel = Callback::new(move |()| {
        let why = reason.get_untracked();
        let why = if why.trim().is_empty() {
            ADMIN_CANCEL_COMMENT.to_string()
        } else {
            why.trim().to_string()
        };
        on_cancel.run(why);
    });
    view! {
        <section class="request-actions request-actions--admin" data-testid="admin-panel" aria-labelledby="admin-panel-title">
            <h2 id="admin-panel-title">"Administrator"</h2>
            <p class="hint">
                "You are not an approver of this request; as an organization administrator you may still cancel it or hand it to someone else."
            </p>
            <div class="request-actions__buttons">
                {can_cancel
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn--danger"
                                data-testid="admin-cancel"
                                disabled=busy
                                on:click=move |_| {
                                    reason.set(String::new());
                                    confirming.set(true);
                                }
                            >
                                "Cancel request…"
                            </button>
                        }
                    })}
                <button
                    type="button"
                    class="btn btn--ghost"
                    data-testid="admin-reassign"
                    aria-expanded=move || reassigning.get().to_string()
                    on:click=move |_| reassigning.update(|r| *r = !*r)
                >
                    "Reassign…"
                </button>
            </div>
            <Show when=move || reassigning.get()>
                <label class="field">
                    "Comment for the new approver (optional)"
                    <textarea
                        data-testid="admin-text"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <ReassignPart search=reassign text=text busy=busy/>
            </Show>
            {move || error.get().filter(|_| !confirming.get()).map(|e| view! { <ErrorNotice error=e/> })}
            <ConfirmDialog
                open=confirming
                title="Cancel this request as an administrator?"
                confirm="Cancel request"
                danger=true
                busy=busy
                on_confirm=cancel
                testid="admin-cancel-dialog"
            >
                <p>"The request is withdrawn for the requester and nobody can approve it any more."</p>
                <label class="field">
                    "Reason (optional; the requester sees it)"
                    <textarea
                        data-testid="admin-cancel-reason"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                </label>
                {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            </ConfirmDialog>
        </section>
    }
}

/// The requester's answer (a comment; it clears "waiting for the requester").
#[component]
pub fn AnswerPanel(
    /// An approver asked for more information.
    awaiting: bool,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] error: Signal<Option<ApiError>>,
    on_send: Callback<String>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let (title, hint) = if awaiting {
        (
            "An approver asked you for more information",
            "Your answer goes to the approvers, and the request is no longer marked as waiting for you.",
        )
    } else {
        (
            "Add a comment",
            "The approvers see your comment in the request's history.",
        )
    };
    view! {
        <section
            id="answer"
            class="request-actions"
            class:request-actions--awaiting=awaiting
            data-testid="answer-panel"
            aria-label=title
        >
            <h2>{title}</h2>
            <p class="hint">{hint}</p>
            <label class="field">
                "Your answer"
                <textarea
                    data-testid="answer-text"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <button
                type="button"
                class="btn btn--primary"
                data-testid="answer-send"
                disabled=move || busy.get() || text.with(|t| t.trim().is_empty())
                on:click=move |_| on_send.run(text.get_untracked())
            >
                "Send"
            </button>
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn justifications_as_the_settings_require() {
        let none = Required::default();
        assert!(none.allows(Action::Reject, ""));
        assert!(!none.allows(Action::AskRequester, "  "));
        let both = Required {
            approve: true,
            reject: true,
        };
        assert!(!both.allows(Action::Approve, " "));
        assert!(both.allows(Action::Approve, "fine"));
        assert!(!can_reject("  "));
        assert!(can_reject("no"));
    }

    #[wasm_bindgen_test]
    fn the_rules_everyone_reads_say_what_needs_a_justification() {
        let rules = AccessRequestRules {
            require_reject_justification: true,
            ..Default::default()
        };
        let r = Required::from_rules(&rules);
        assert_eq!(
            r,
            Required {
                approve: false,
                reject: true
            }
        );
        assert!(!r.allows(Action::Reject, ""));
        assert_eq!(r.hint(), "Rejecting needs a justification.");
    }
}
