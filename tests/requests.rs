//! Access requests in headless Chromium, mounted with no server: the approver's action
//! panel (justifications as the settings require, asking the requester for more
//! information, reassigning with the type-ahead by keyboard), one request's facts with
//! its form values and the "waiting for the requester" marker, the approvals inbox's
//! selection, bulk bar and summary of what succeeded and what failed, and the override
//! panel of an ORG_ADMIN who is not an approver (cancel after confirming, reassign).

#![cfg(target_arch = "wasm32")]

mod dom;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use dom::{all_testid, disabled, mount, press, testid, text_of, tick, try_testid, type_into, until, Mounted};
use gatehouse::api::requests::Action as RequestAction;
use gatehouse::api::ApiError;
use gatehouse::pages::approvals::bulk::BulkOutcome;
use gatehouse::pages::approvals::ApprovalInbox;
use gatehouse::pages::requests::typeahead::{Choice, Choices};
use gatehouse::pages::requests::{
    panels, ActionPanel, AdminPanel, Panels, ReassignSearch, RequestView, Required, ADMIN_CANCEL_COMMENT,
};
use gatehouse_wire::auth::Principal;
use gatehouse_wire::request::{Permissions, Request};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

type Acted = Arc<Mutex<Vec<(RequestAction, String)>>>;
type Reassigned = Arc<Mutex<Vec<(Choice, String)>>>;

fn people() -> Vec<Choice> {
    ["Ann Archer|ann.archer", "Anna Bell|anna.bell", "Bob Stone|bob.stone"]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (label, detail) = s.split_once('|').unwrap();
            Choice {
                id: format!("id{i}"),
                label: label.into(),
                detail: detail.into(),
            }
        })
        .collect()
}

/// The panel with a fake search over [`people`] (by the start of the name).
fn mount_panel(permissions: Permissions, required: Required, error: Option<ApiError>) -> (Mounted, Acted, Reassigned) {
    let acted: Acted = Arc::default();
    let reassigned: Reassigned = Arc::default();
    let (a, r) = (acted.clone(), reassigned.clone());
    let m = mount(move || {
        let query = RwSignal::new(String::new());
        let choices = Signal::derive(move || -> Choices {
            let q = query.get().to_lowercase();
            Some(Ok(people()
                .into_iter()
                .filter(|c| c.label.to_lowercase().starts_with(&q))
                .collect()))
        });
        let r = r.clone();
        let reassign = ReassignSearch {
            query,
            choices,
            on_reassign: Callback::new(move |x| r.lock().unwrap().push(x)),
        };
        let a = a.clone();
        view! {
            <ActionPanel
                permissions=permissions
                busy=Signal::derive(|| false)
                error=Signal::derive(move || error.clone())
                on_act=Callback::new(move |x| a.lock().unwrap().push(x))
                required=Signal::derive(move || required)
                reassign=reassign
            />
        }
        .into_any()
    });
    (m, acted, reassigned)
}

#[wasm_bindgen_test]
async fn reject_needs_a_justification_when_the_settings_say_so() {
    let required = Required {
        approve: false,
        reject: true,
    };
    let (m, acted, _) = mount_panel(Permissions::APPROVER, required, None);
    let el = m.el();
    tick().await;
    assert!(!disabled(&el, "action-approve"), "approving needs no justification");
    assert!(disabled(&el, "action-reject"));
    assert!(disabled(&el, "action-comment"));
    assert!(text_of(&testid(&el, "action-hint")).contains("Rejecting needs a justification"));

    type_into(&el, "action-text", "   ");
    tick().await;
    assert!(disabled(&el, "action-reject"), "blanks are no justification");

    type_into(&el, "action-text", "Not needed for the job");
    until("reject enabled", || !disabled(&el, "action-reject")).await;
    assert!(!disabled(&el, "action-comment"));
    testid(&el, "action-reject").click();
    tick().await;
    assert_eq!(
        acted.lock().unwrap().as_slice(),
        &[(RequestAction::Reject, "Not needed for the job".to_string())]
    );
}

#[wasm_bindgen_test]
async fn approve_needs_a_justification_only_when_required() {
    let both = Required {
        approve: true,
        reject: true,
    };
    let (m, _, _) = mount_panel(Permissions::APPROVER, both, None);
    let el = m.el();
    tick().await;
    assert!(disabled(&el, "action-approve"));
    drop(m);

    let (m, acted, _) = mount_panel(Permissions::APPROVER, Required::default(), None);
    let el = m.el();
    tick().await;
    assert!(!disabled(&el, "action-reject"), "no setting requires a justification");
    testid(&el, "action-approve").click();
    tick().await;
    assert_eq!(acted.lock().unwrap()[0], (RequestAction::Approve, String::new()));
}

#[wasm_bindgen_test]
async fn asking_for_more_information_sends_the_question() {
    let (m, acted, _) = mount_panel(Permissions::APPROVER, Required::default(), None);
    let el = m.el();
    tick().await;
    assert!(disabled(&el, "action-ask"), "a question needs text");
    type_into(&el, "action-text", "Which project is this for?");
    until("ask enabled", || !disabled(&el, "action-ask")).await;
    testid(&el, "action-ask").click();
    tick().await;
    assert_eq!(
        acted.lock().unwrap().as_slice(),
        &[(RequestAction::AskRequester, "Which project is this for?".to_string())]
    );
}

#[wasm_bindgen_test]
async fn reassign_picks_an_identity_with_the_keyboard() {
    let (m, _, reassigned) = mount_panel(Permissions::APPROVER, Required::default(), None);
    let el = m.el();
    tick().await;
    assert!(try_testid(&el, "reassign").is_none(), "closed until asked for");
    testid(&el, "action-reassign").click();
    until("the reassign part", || try_testid(&el, "reassign").is_some()).await;
    assert!(disabled(&el, "reassign-confirm"), "nobody picked yet");

    type_into(&el, "reassign-search", "ann");
    until("two matches", || all_testid(&el, "reassign-search-option").len() == 2).await;
    let input = testid(&el, "reassign-search");
    assert_eq!(input.get_attribute("aria-expanded").as_deref(), Some("true"));
    press(&input, "ArrowDown");
    press(&input, "ArrowDown");
    until("the second option highlighted", || {
        all_testid(&el, "reassign-search-option")[1]
            .get_attribute("aria-selected")
            .as_deref()
            == Some("true")
    })
    .await;
    assert!(input.get_attribute("aria-activedescendant").is_some());
    press(&input, "Enter");
    until("the list closes", || {
        all_testid(&el, "reassign-search-option").is_empty()
    })
    .await;
    assert!(text_of(&testid(&el, "reassign-picked")).contains("Anna Bell (anna.bell)"));

    type_into(&el, "action-text", "On leave, Anna decides");
    until("confirm enabled", || !disabled(&el, "reassign-confirm")).await;
    testid(&el, "reassign-confirm").click();
    tick().await;
    let got = reassigned.lock().unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0.id, "id1");
    assert_eq!(got[0].1, "On leave, Anna decides");
}

#[wasm_bindgen_test]
async fn escape_closes_the_list_and_nothing_found_is_said() {
    let (m, _, _) = mount_panel(Permissions::APPROVER, Required::default(), None);
    let el = m.el();
    tick().await;
    testid(&el, "action-reassign").click();
    until("the reassign part", || try_testid(&el, "reassign").is_some()).await;
    type_into(&el, "reassign-search", "zed");
    until("nothing found", || {
        try_testid(&el, "reassign-search-option-none").is_some()
    })
    .await;
    type_into(&el, "reassign-search", "b");
    until("one match", || all_testid(&el, "reassign-search-option").len() == 1).await;
    press(&testid(&el, "reassign-search"), "Escape");
    until("closed", || all_testid(&el, "reassign-search-option").is_empty()).await;
}

#[wasm_bindgen_test]
async fn permissions_hide_buttons_and_errors_show() {
    let only_comment = Permissions {
        comment: true,
        ..Permissions::default()
    };
    let (m, _, _) = mount_panel(
        only_comment,
        Required::default(),
        Some(ApiError::Forbidden("not yours".into())),
    );
    let el = m.el();
    tick().await;
    assert!(try_testid(&el, "action-approve").is_none());
    assert!(try_testid(&el, "action-reject").is_none());
    assert!(try_testid(&el, "action-reassign").is_none());
    assert!(try_testid(&el, "action-comment").is_some());
    assert!(try_testid(&el, "action-ask").is_some());
    assert!(text_of(&testid(&el, "error")).contains("not yours"));
}

fn request(id: &str, role: &str, status: &str, awaiting: bool) -> Request {
    serde_json::from_value(serde_json::json!({
        "id": id, "requestType": "roleGrant",
        "requester": {"id": "r", "userName": "rita", "givenName": "Rita", "sn": "Requester", "mail": null},
        "user": {"id": "r", "userName": "rita", "givenName": "Rita", "sn": "Requester", "mail": null},
        "request": {"common": {"justification": "Quarterly reporting", "priority": "high",
            "blob": {"form": {"project": "Apollo", "hours": 12, "laptop": true}}}},
        "role": {"name": role},
        "decision": {"status": status, "decision": null, "outcome": null, "startDate": "2024-01-01T00:00:00Z",
            "completionDate": null, "deadline": null, "awaitingRequester": awaiting,
            "comments": [{"timeStamp": "2024-01-02T00:00:00Z", "user": {"id": "a", "userName": "amos",
                "givenName": "", "sn": "", "mail": null}, "comment": "Which project?", "action": "comment", "phase": null}],
            "actors": {"active": [{"id": "a", "userName": "amos", "givenName": "Amos", "sn": "Approver", "mail": null,
                "phase": "approvalPhase", "permissions": {"approve": true}}], "inactive": []},
            "phases": []},
        "metadata": {"createdDate": "2024-01-01T00:00:00Z", "modifiedDate": "2024-01-02T00:00:00Z"},
        "_rev": 2
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn a_request_shows_who_what_why_the_form_and_the_history() {
    let m = mount(|| view! { <RequestView request=request("r1", "Finance Analyst", "in-progress", true)/> }.into_any());
    let el = m.el();
    tick().await;
    assert_eq!(text_of(&testid(&el, "request-item")), "Role: Finance Analyst");
    assert_eq!(text_of(&testid(&el, "request-for")), "Rita Requester (rita)");
    assert_eq!(text_of(&testid(&el, "request-justification")), "Quarterly reporting");
    assert!(try_testid(&el, "awaiting-requester").is_some());
    let values: Vec<(String, String)> = all_testid(&el, "form-value")
        .iter()
        .map(|d| (d.get_attribute("data-field").unwrap(), text_of(d)))
        .collect();
    assert!(values.contains(&("project".into(), "Apollo".into())), "{values:?}");
    assert!(values.contains(&("hours".into(), "12".into())));
    assert!(values.contains(&("laptop".into(), "Yes".into())));
    assert!(text_of(&testid(&el, "timeline")).contains("amos commented: Which project?"));
}

#[wasm_bindgen_test]
async fn the_inbox_selects_several_and_summarises_the_bulk_decision() {
    let bulk: Acted = Arc::default();
    let sink = bulk.clone();
    let summary = RwSignal::new(None::<BulkOutcome>);
    let ticked = RwSignal::new(BTreeSet::<String>::new());
    let m = mount(move || {
        let rows = vec![
            request("r1", "Finance Analyst", "in-progress", true),
            request("r2", "Sales Representative", "in-progress", false),
            request("r3", "HR Business Partner", "complete", false),
        ];
        view! {
            <ApprovalInbox
                rows=rows
                active=true
                ticked=ticked
                required=Signal::derive(Required::default)
                busy=Signal::derive(|| false)
                on_bulk=Callback::new(move |x| sink.lock().unwrap().push(x))
                summary=summary
            />
        }
        .into_any()
    });
    let el = m.el();
    tick().await;
    // Only open requests can be ticked; the awaiting one is marked in the list.
    assert_eq!(all_testid(&el, "request-select").len(), 2);
    assert_eq!(all_testid(&el, "awaiting-requester").len(), 1);
    assert!(disabled(&el, "bulk-approve"), "nothing selected");

    for b in all_testid(&el, "request-select") {
        b.click();
    }
    until("two selected", || {
        text_of(&testid(&el, "bulk-count")) == "2 requests selected."
    })
    .await;
    let select_all: web_sys::HtmlInputElement = testid(&el, "select-all").unchecked_into();
    assert!(select_all.checked(), "every open request is ticked");
    assert_eq!(text_of(&testid(&el, "bulk-approve")), "Approve 2");
    testid(&el, "bulk-approve").click();
    tick().await;
    assert_eq!(
        bulk.lock().unwrap().as_slice(),
        &[(RequestAction::Approve, String::new())]
    );
    assert_eq!(
        ticked.get_untracked().into_iter().collect::<Vec<_>>(),
        ["r1".to_string(), "r2".to_string()]
    );

    let mut outcome = BulkOutcome::new(RequestAction::Approve);
    outcome.record("r1", "Role: Finance Analyst", Ok(()));
    outcome.record(
        "r2",
        "Role: Sales Representative",
        Err(ApiError::Invalid(vec![
            "access request 'r2' is cancelled; only an in-progress request can be acted on".into(),
        ])),
    );
    summary.set(Some(outcome));
    until("the summary", || try_testid(&el, "bulk-summary").is_some()).await;
    assert_eq!(text_of(&testid(&el, "bulk-headline")), "1 approved, 1 failed.");
    assert_eq!(text_of(&testid(&el, "bulk-ok")), "Role: Finance Analyst: approved");
    let failed = text_of(&testid(&el, "bulk-failed"));
    assert!(failed.contains("Role: Sales Representative: not approved"), "{failed}");
    assert!(failed.contains("is cancelled"), "{failed}");

    // Clearing unticks everything (also through the header box).
    select_all.click();
    until("none selected", || ticked.with_untracked(BTreeSet::is_empty)).await;
    until("nothing to approve", || disabled(&el, "bulk-approve")).await;
    assert_eq!(
        text_of(&testid(&el, "bulk-count")),
        "Select requests to decide them together."
    );
}

fn principal(id: &str, levels: &[&str]) -> Principal {
    let levels: Vec<String> = levels.iter().map(|l| l.to_string()).collect();
    Principal::from_authorities(id.into(), id.into(), &levels)
}

#[wasm_bindgen_test]
async fn only_an_org_admin_who_is_not_an_approver_gets_the_override() {
    let open = request("r1", "Finance Analyst", "in-progress", false);
    let admin = panels(&principal("boss", &["ORG_ADMIN"]), &open);
    assert_eq!(
        admin,
        Panels {
            actor: None,
            requester: false,
            admin: true
        }
    );
    // The approver (amos) decides with the approver's panel, ORG_ADMIN or not.
    let approver = panels(&principal("a", &["ORG_ADMIN"]), &open);
    assert!(approver.actor.is_some() && !approver.admin);
    // Other admin levels and plain users get nothing; the requester gets their own panel.
    assert_eq!(panels(&principal("p", &["POLICY_ADMIN"]), &open), Panels::default());
    assert_eq!(panels(&principal("s", &["SOURCE_ADMIN"]), &open), Panels::default());
    let own = panels(&principal("r", &["ORG_ADMIN"]), &open);
    assert!(own.requester && own.admin, "an ORG_ADMIN requester may also reassign");
    // A closed request has no panels at all.
    let done = request("r2", "Finance Analyst", "complete", false);
    assert_eq!(panels(&principal("boss", &["ORG_ADMIN"]), &done), Panels::default());
}

/// The admin panel with the fake people search; what it asked to cancel and reassign.
fn mount_admin(can_cancel: bool) -> (Mounted, Arc<Mutex<Vec<String>>>, Reassigned) {
    let cancelled: Arc<Mutex<Vec<String>>> = Arc::default();
    let reassigned: Reassigned = Arc::default();
    let (c, r) = (cancelled.clone(), reassigned.clone());
    let m = mount(move || {
        let query = RwSignal::new(String::new());
        let choices = Signal::derive(move || -> Choices {
            let q = query.get().to_lowercase();
            Some(Ok(people()
                .into_iter()
                .filter(|c| c.label.to_lowercase().starts_with(&q))
                .collect()))
        });
        let r = r.clone();
        let c = c.clone();
        view! {
            <AdminPanel
                can_cancel=can_cancel
                busy=Signal::derive(|| false)
                error=Signal::derive(|| None)
                on_cancel=Callback::new(move |why| c.lock().unwrap().push(why))
                reassign=ReassignSearch {
                    query,
                    choices,
                    on_reassign: Callback::new(move |x| r.lock().unwrap().push(x)),
                }
            />
        }
        .into_any()
    });
    (m, cancelled, reassigned)
}

#[wasm_bindgen_test]
async fn the_admin_cancels_only_after_confirming() {
    let (m, cancelled, _) = mount_admin(true);
    let el = m.el();
    until("the panel", || try_testid(&el, "admin-panel").is_some()).await;
    let dialog: web_sys::HtmlDialogElement = testid(&el, "admin-cancel-dialog").unchecked_into();
    assert!(!dialog.open());
    // The browser reports a closed dialog with a `close` event of its own task: count them.
    let closes = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let counter = closes.clone();
    let on_close = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || counter.set(counter.get() + 1));
    dialog
        .add_event_listener_with_callback("close", on_close.as_ref().unchecked_ref())
        .unwrap();
    on_close.forget();
    testid(&el, "admin-cancel").click();
    until("the dialog opens", || dialog.open()).await;
    // Saying no sends nothing.
    testid(&el, "admin-cancel-dialog-cancel").click();
    until("the dialog closes", || !dialog.open() && closes.get() == 1).await;
    assert!(cancelled.lock().unwrap().is_empty());

    testid(&el, "admin-cancel").click();
    until("the dialog opens again", || dialog.open()).await;
    testid(&el, "admin-cancel-dialog-confirm").click();
    until("cancelled", || !cancelled.lock().unwrap().is_empty()).await;
    assert_eq!(cancelled.lock().unwrap()[0], ADMIN_CANCEL_COMMENT, "no reason given");
    testid(&el, "admin-cancel").click();
    until("the dialog opens a third time", || dialog.open()).await;
    type_into(&el, "admin-cancel-reason", "  Duplicate of another request ");
    testid(&el, "admin-cancel-dialog-confirm").click();
    until("cancelled with the reason", || cancelled.lock().unwrap().len() == 2).await;
    assert_eq!(cancelled.lock().unwrap()[1], "Duplicate of another request");
}

#[wasm_bindgen_test]
async fn the_admin_reassigns_to_someone_found_by_name() {
    let (m, _, reassigned) = mount_admin(false);
    let el = m.el();
    until("the panel", || try_testid(&el, "admin-panel").is_some()).await;
    assert!(
        try_testid(&el, "admin-cancel").is_none(),
        "the requester cancels with their own button"
    );
    assert!(try_testid(&el, "reassign").is_none(), "closed until asked for");
    testid(&el, "admin-reassign").click();
    until("the reassign part", || try_testid(&el, "reassign").is_some()).await;
    type_into(&el, "reassign-search", "bob");
    until("one match", || all_testid(&el, "reassign-search-option").len() == 1).await;
    let input = testid(&el, "reassign-search");
    press(&input, "ArrowDown");
    press(&input, "Enter");
    until("picked", || try_testid(&el, "reassign-picked").is_some()).await;
    type_into(&el, "admin-text", "Amos left the company");
    until("confirm enabled", || !disabled(&el, "reassign-confirm")).await;
    testid(&el, "reassign-confirm").click();
    until("reassigned", || !reassigned.lock().unwrap().is_empty()).await;
    let got = reassigned.lock().unwrap();
    assert_eq!(
        (got[0].0.id.as_str(), got[0].1.as_str()),
        ("id2", "Amos left the company")
    );
}
