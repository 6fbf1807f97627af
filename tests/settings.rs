//! The shared settings editor in headless Chromium, mounted with a loaded document and
//! no server: each keystroke runs the `wire` rules (the message sits next to the field
//! and Save is disabled), a valid change enables Save and shows the exact JSON Patch,
//! and discarding goes back to what was loaded. Network's chips refuse bad values.

#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{disabled, fire, mount, testid, text, tick, try_testid, type_into, until, Mounted};
use gatehouse::api::client::provide_client;
use gatehouse::api::settings::{SettingsDocument, Versioned};
use gatehouse::pages::settings::editor::{EditableDocument, SettingsEditor};
use gatehouse::pages::settings::settings_page;
use gatehouse::session::{provide_session, Session, SignedIn};
use gatehouse_wire::auth::Principal;
use gatehouse_wire::settings::{LockoutConfiguration, NetworkConfiguration, SessionConfiguration};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn mount_editor<D: EditableDocument + SettingsDocument>(doc: D) -> Mounted {
    mount(move || {
        provide_client(provide_session());
        let initial = Versioned {
            doc: doc.clone(),
            etag: Some("\"3\"".into()),
        };
        view! { <SettingsEditor<D> initial=initial/> }.into_any()
    })
}

#[wasm_bindgen_test]
async fn an_invalid_value_is_named_next_to_its_field_and_disables_save() {
    let m = mount_editor(LockoutConfiguration::default());
    let el = m.el();
    tick().await;
    assert!(disabled(&el, "save"), "nothing changed yet");
    assert!(try_testid(&el, "no-changes").is_some());

    type_into(&el, "input-maximumAttempts", "0");
    tick().await;
    assert_eq!(
        text(&el, "error-maximumAttempts"),
        "maximumAttempts must be between 1 and 15, got 0"
    );
    let input = testid(&el, "input-maximumAttempts");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap()
        .split(' ')
        .any(|id| id == "maximumAttempts-error"));
    assert!(disabled(&el, "save"));

    type_into(&el, "input-maximumAttempts", "seven");
    tick().await;
    assert_eq!(
        text(&el, "error-maximumAttempts"),
        "maximumAttempts must be a whole number"
    );
    assert!(disabled(&el, "save"));
}

#[wasm_bindgen_test]
async fn a_valid_change_enables_save_and_shows_the_patch() {
    let m = mount_editor(LockoutConfiguration::default());
    let el = m.el();
    type_into(&el, "input-maximumAttempts", "7");
    tick().await;
    assert_eq!(text(&el, "error-maximumAttempts"), "");
    assert_eq!(
        testid(&el, "input-maximumAttempts")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    assert!(!disabled(&el, "save"));
    let row = text(&el, "diff-row");
    assert!(row.contains("maximumAttempts"), "{row}");
    assert!(row.contains("replace"), "{row}");
    assert!(row.contains('5') && row.contains('7'), "{row}");
    let sent: serde_json::Value = serde_json::from_str(&text(&el, "patch-json")).unwrap();
    assert_eq!(
        sent,
        serde_json::json!([{"op": "replace", "path": "/maximumAttempts", "value": 7}])
    );

    // Typing the loaded value back is no change at all.
    type_into(&el, "input-maximumAttempts", "5");
    tick().await;
    assert!(disabled(&el, "save"));
    assert!(try_testid(&el, "no-changes").is_some());

    // Discard goes back to what was loaded.
    type_into(&el, "input-lockoutWindow", "30");
    tick().await;
    assert!(!disabled(&el, "save"));
    testid(&el, "discard").click();
    tick().await;
    assert!(disabled(&el, "save"));
    let window: web_sys::HtmlInputElement = testid(&el, "input-lockoutWindow").unchecked_into();
    assert_eq!(window.value(), "5");
}

#[wasm_bindgen_test]
async fn session_needs_more_session_time_than_idle_time() {
    let m = mount_editor(SessionConfiguration::default());
    let el = m.el();
    type_into(&el, "input-maxSessionTime", "15");
    tick().await;
    assert_eq!(
        text(&el, "error-maxSessionTime"),
        "maxSessionTime (15) must be greater than maxIdleTime (15)"
    );
    assert!(disabled(&el, "save"));
    type_into(&el, "input-maxIdleTime", "10");
    tick().await;
    assert_eq!(text(&el, "error-maxSessionTime"), "");
    assert!(!disabled(&el, "save"));
    assert_eq!(el.query_selector_all("[data-testid='diff-row']").unwrap().length(), 2);
}

#[wasm_bindgen_test]
async fn network_chips_refuse_bad_values_and_add_good_ones() {
    let m = mount_editor(NetworkConfiguration::default());
    let el = m.el();
    tick().await;
    assert!(text(&el, "range-effect").starts_with("No address restriction"));
    assert!(text(&el, "geo-note").contains("does not enforce"));

    type_into(&el, "input-range", "10.0.0.0/33");
    testid(&el, "add-range").click();
    tick().await;
    assert_eq!(
        text(&el, "error-range"),
        "'10.0.0.0/33' has a prefix length larger than 32"
    );
    assert!(disabled(&el, "save"), "a refused value never enters the draft");

    type_into(&el, "input-range", " 127.0.0.0/8 ");
    testid(&el, "add-range").click();
    type_into(&el, "input-geolocation", "de");
    testid(&el, "add-geolocation").click();
    tick().await;
    assert_eq!(text(&el, "error-range"), "");
    assert_eq!(text(&el, "chips-range"), "127.0.0.0/8×");
    assert_eq!(text(&el, "chips-geolocation"), "DE×");
    assert!(text(&el, "range-effect").starts_with("Only requests"));
    assert!(text(&el, "whitelisted-effect").starts_with("Deny list"));
    assert!(!disabled(&el, "save"));
    let mut sent: Vec<serde_json::Value> = serde_json::from_str(&text(&el, "patch-json")).unwrap();
    sent.sort_by_key(|op| op["path"].to_string());
    assert_eq!(
        sent,
        vec![
            serde_json::json!({"op": "replace", "path": "/geolocation", "value": ["DE"]}),
            serde_json::json!({"op": "replace", "path": "/range", "value": ["127.0.0.0/8"]}),
        ]
    );

    // Removing the only range again is no change to the range.
    testid(&el, "remove-127.0.0.0/8").click();
    tick().await;
    let sent: serde_json::Value = serde_json::from_str(&text(&el, "patch-json")).unwrap();
    assert_eq!(
        sent,
        serde_json::json!([{"op": "replace", "path": "/geolocation", "value": ["DE"]}])
    );
}

#[wasm_bindgen_test]
async fn a_policy_admin_gets_an_explanation_instead_of_the_form() {
    let m = mount(move || {
        let session = Session(RwSignal::new(Some(SignedIn {
            token: "not-used".into(),
            principal: Principal::from_authorities("id-1".into(), "demo-policy".into(), &["POLICY_ADMIN".into()]),
        })));
        provide_context(session);
        provide_client(session);
        settings_page::<LockoutConfiguration>().into_any()
    });
    let el = m.el();
    tick().await;
    assert!(text(&el, "settings-org-admin-only").contains("Only organization administrators (ORG_ADMIN)"));
    assert!(try_testid(&el, "settings-editor").is_none());
    assert!(
        try_testid(&el, "error").is_none(),
        "no request was made, so no error either"
    );
}

// ---------------------------------------------------------------------------------------
// Service provider, JIT activation and provisioning policies.

use gatehouse::pages::settings::{JitEditor, PolicyEditor};
use gatehouse_wire::provisioning::{FieldDetailsDto, FieldType, ProvisioningPolicyDto, UsageType};
use gatehouse_wire::settings::{JitActivationConfig, ServiceProviderConfiguration};

const VALID_PEM: &str = include_str!("../crates/wire/fixtures/x509/valid.pem");
const EXPIRED_PEM: &str = include_str!("../crates/wire/fixtures/x509/expired.pem");

fn mount_view(make: impl FnOnce() -> AnyView + 'static) -> Mounted {
    mount(move || {
        provide_client(provide_session());
        make()
    })
}

fn patch_sent(el: &web_sys::Element) -> serde_json::Value {
    serde_json::from_str(&text(el, "patch-json")).unwrap()
}

#[wasm_bindgen_test]
async fn remote_idp_sign_in_is_switched_on_only_after_the_check_passes() {
    let m = mount_editor(ServiceProviderConfiguration::default());
    let el = m.el();
    until("the form", || try_testid(&el, "idp-check").is_some()).await;
    assert!(disabled(&el, "input-enabled"), "locked before any check");
    assert!(
        text(&el, "sp-details").contains("gatehouse-sp"),
        "the SP details are shown"
    );

    // The check names each missing part.
    testid(&el, "idp-check").click();
    until("the failed check", || try_testid(&el, "idp-check-failed").is_some()).await;
    let failed = text(&el, "idp-check-failed");
    for word in ["entityId", "loginUrlPost", "cert"] {
        assert!(failed.contains(word), "{failed}");
    }
    assert!(disabled(&el, "input-enabled"));

    // An expired certificate fails it too.
    type_into(&el, "input-entityId", "http://www.okta.com/exk123");
    type_into(&el, "input-loginUrlPost", "https://idp.example.test/sso/saml");
    type_into(&el, "input-cert", EXPIRED_PEM);
    testid(&el, "idp-check").click();
    until("the expired certificate", || {
        try_testid(&el, "idp-check-failed").is_some_and(|e| e.text_content().unwrap_or_default().contains("expired"))
    })
    .await;
    assert!(disabled(&el, "input-enabled"));

    // A valid one passes: the switch unlocks, the certificate's name and expiry are filled in.
    type_into(&el, "input-cert", VALID_PEM);
    testid(&el, "idp-check").click();
    until("the passing check", || try_testid(&el, "idp-check-ok").is_some()).await;
    assert!(text(&el, "idp-check-ok").contains("CN=idp.example.test"));
    assert!(!disabled(&el, "input-enabled"));
    testid(&el, "input-enabled").click();
    until("the switch in the patch", || {
        text(&el, "patch-json").contains("/enabled")
    })
    .await;
    assert!(!disabled(&el, "save"));
    let sent = text(&el, "patch-json");
    for part in [
        "/enabled",
        "CN=idp.example.test",
        "GMT 2044",
        "/federationProtocolDetails/0/entityId",
    ] {
        assert!(sent.contains(part), "{part} in {sent}");
    }

    // Changing the IdP details afterwards needs the check again before Save.
    type_into(&el, "input-entityId", "urn:example:other-idp");
    until("the stale check", || try_testid(&el, "idp-check-stale").is_some()).await;
    assert!(disabled(&el, "save"));
    assert!(text(&el, "error-enabled").contains("Run the check"));
    testid(&el, "idp-check").click();
    until("save again", || !disabled(&el, "save")).await;
}

fn jit_policy() -> JitActivationConfig {
    JitActivationConfig {
        id: "6d38a587-302a-41d1-a3b1-ffae2c25c960".into(),
        entitlement_ids: vec![],
        max_activation_period_mins: Some(120),
        max_activation_period_extension_mins: Some(60),
        default_max_activation_period_mins: Some(60),
        default_max_activation_period_extension_mins: None,
        notification_recipients: vec!["owner@example.com".into()],
        notification_template: Some("jit-activation-default".into()),
        apply_to_future_assignments: false,
    }
}

#[wasm_bindgen_test]
async fn jit_recipients_are_e_mail_chips_and_durations_have_units() {
    let m = mount_view(|| {
        let initial = Versioned {
            doc: jit_policy(),
            etag: Some("\"2\"".into()),
        };
        view! { <JitEditor initial=initial/> }.into_any()
    });
    let el = m.el();
    until("the form", || try_testid(&el, "input-notificationRecipients").is_some()).await;
    assert!(disabled(&el, "save"));
    // Durations are shown in the largest whole unit.
    let max: web_sys::HtmlInputElement = testid(&el, "input-maxActivationPeriodMins").unchecked_into();
    until("the maximum in hours", || max.value() == "2").await;
    let unit: web_sys::HtmlSelectElement = testid(&el, "unit-maxActivationPeriodMins").unchecked_into();
    assert_eq!(unit.value(), "hours");

    // Not an address: refused next to the list, never in the draft.
    type_into(&el, "input-notificationRecipients", "nobody");
    testid(&el, "add-notificationRecipients").click();
    until("the refusal", || {
        text(&el, "error-notificationRecipients") == "'nobody' is not an e-mail address"
    })
    .await;
    assert_eq!(text(&el, "chips-notificationRecipients"), "owner@example.com×");
    assert!(disabled(&el, "save"));

    // An address: a chip, and one replace of the whole list.
    type_into(&el, "input-notificationRecipients", " ops@example.com ");
    testid(&el, "add-notificationRecipients").click();
    until("the chip", || {
        text(&el, "chips-notificationRecipients").contains("ops@example.com")
    })
    .await;
    assert_eq!(text(&el, "error-notificationRecipients"), "");
    assert!(!disabled(&el, "save"));
    assert_eq!(
        patch_sent(&el),
        serde_json::json!([{"op": "replace", "path": "/notificationRecipients",
                            "value": ["owner@example.com", "ops@example.com"]}])
    );

    // A default above the maximum is named and blocks Save; 1 hour is fine.
    type_into(&el, "input-defaultMaxActivationPeriodMins", "3");
    until("the rule", || {
        text(&el, "error-defaultMaxActivationPeriodMins").contains("must not exceed")
    })
    .await;
    assert!(disabled(&el, "save"));
    type_into(&el, "input-defaultMaxActivationPeriodMins", "1.5");
    until("the unparsable text", || {
        text(&el, "error-defaultMaxActivationPeriodMins").contains("whole number")
    })
    .await;
    type_into(&el, "input-defaultMaxActivationPeriodMins", "90");
    let unit: web_sys::HtmlSelectElement = testid(&el, "unit-defaultMaxActivationPeriodMins").unchecked_into();
    unit.set_value("minutes");
    fire(&unit, "change");
    until("save", || !disabled(&el, "save")).await;
    let sent = patch_sent(&el);
    assert!(
        sent.as_array().unwrap().contains(&serde_json::json!(
            {"op": "replace", "path": "/defaultMaxActivationPeriodMins", "value": 90}
        )),
        "{sent}"
    );
}

fn policy() -> ProvisioningPolicyDto {
    let mut field = FieldDetailsDto::from_identity("displayName", FieldType::String, "displayName");
    field
        .attributes
        .insert("cloudRequired".into(), serde_json::json!("true"));
    let mut policy = ProvisioningPolicyDto {
        name: Some("Account".into()),
        description: Some("Account Provisioning Policy".into()),
        usage_type: Some(UsageType::Create),
        fields: vec![field],
    };
    policy.normalize(); // as the server answers it
    policy
}

/// A policy as the server answers it, with its ETag.
fn stored(doc: ProvisioningPolicyDto) -> Versioned<ProvisioningPolicyDto> {
    Versioned {
        doc,
        etag: Some("\"4\"".into()),
    }
}

#[wasm_bindgen_test]
async fn provisioning_field_json_is_checked_as_typed() {
    let m = mount_view(|| {
        view! { <PolicyEditor source_id="src-1".to_string() initial=stored(policy()) is_new=false/> }.into_any()
    });
    let el = m.el();
    until("the fields table", || {
        try_testid(&el, "input-fields-0-transform").is_some()
    })
    .await;
    assert!(disabled(&el, "save"));
    assert!(
        text(&el, "policy-fields").contains("yes"),
        "isRequired follows cloudRequired"
    );

    // Not JSON: the message names the field, Save stays off, the text stays as typed.
    type_into(&el, "input-fields-0-transform", "{\"type\": \"static\", ");
    until("the JSON message", || {
        text(&el, "error-fields-0-transform").starts_with("fields[0].transform is not valid JSON")
    })
    .await;
    assert!(disabled(&el, "save"));
    // JSON but not an object.
    type_into(&el, "input-fields-0-attributes", "[1, 2]");
    until("the object message", || {
        text(&el, "error-fields-0-attributes").starts_with("fields[0].attributes must be a JSON object")
    })
    .await;

    // Fixed: Save sends a JSON Patch of the changed parts only.
    type_into(&el, "input-fields-0-attributes", "{}");
    type_into(
        &el,
        "input-fields-0-transform",
        "{\"type\": \"static\", \"attributes\": {\"value\": \"x\"}}",
    );
    until("save", || !disabled(&el, "save")).await;
    assert_eq!(text(&el, "error-fields-0-transform"), "");
    let sent = text(&el, "patch-json");
    assert!(
        sent.contains("/fields/0/transform") || sent.contains("/fields/0/attributes"),
        "{sent}"
    );
    assert!(sent.contains("static"), "{sent}");

    // A blank field name is a rule of the policy, named too.
    type_into(&el, "input-fields-0-name", " ");
    until("the name rule", || {
        text(&el, "error-fields").contains("fields[0].name is required")
    })
    .await;
    assert!(disabled(&el, "save"));
}

#[wasm_bindgen_test]
async fn back_forward_and_sign_out_ask_before_unsaved_changes_are_lost() {
    use gatehouse::components::leave_guard::{has_unsaved_changes, may_leave, use_leave_guard};
    use std::cell::Cell;
    use std::rc::Rc;

    // window.confirm answers what the test says, and counts the questions.
    let (asked, answer) = (Rc::new(Cell::new(0_u32)), Rc::new(Cell::new(false)));
    let (a, b) = (asked.clone(), answer.clone());
    let confirm =
        leptos::wasm_bindgen::closure::Closure::<dyn Fn(leptos::wasm_bindgen::JsValue) -> bool>::new(move |_| {
            a.set(a.get() + 1);
            b.get()
        });
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"confirm".into(), confirm.as_ref()).unwrap();
    let history = window.history().unwrap();
    let start = window.location().href().unwrap();
    let null = leptos::wasm_bindgen::JsValue::NULL;
    history.push_state_with_url(&null, "", Some("/guard-a")).unwrap();
    history.push_state_with_url(&null, "", Some("/guard-b")).unwrap();
    let path = || web_sys::window().unwrap().location().pathname().unwrap();

    let m = mount_view(|| {
        use_leave_guard(Signal::stored(true));
        view! { <p>"unsaved"</p> }.into_any()
    });
    tick().await;
    assert!(has_unsaved_changes());

    // Back, refused: still on this page's URL.
    history.back().unwrap();
    until("the question", || asked.get() == 1).await;
    until("the URL back", || path() == "/guard-b").await;

    // Back, confirmed: gone.
    answer.set(true);
    history.back().unwrap();
    until("the second question", || asked.get() == 2).await;
    until("the URL before", || path() == "/guard-a").await;

    // Sign-out asks the same question.
    answer.set(false);
    assert!(!may_leave());
    assert_eq!(asked.get(), 3);

    drop(m);
    assert!(!has_unsaved_changes(), "the guard goes with its page");
    assert!(may_leave());
    assert_eq!(asked.get(), 3, "nothing unsaved, nothing asked");
    history.replace_state_with_url(&null, "", Some(&start)).unwrap();
}

// ---------------------------------------------------------------------------------------
// Issue 5 follow-ups: the Required column as typed, the shared conflict dialog with the
// rebase of my changes, and the history pages.

#[wasm_bindgen_test]
async fn the_required_column_follows_cloud_required_as_it_is_typed() {
    let m = mount_view(|| {
        view! { <PolicyEditor source_id="src-1".to_string() initial=stored(policy()) is_new=false/> }.into_any()
    });
    let el = m.el();
    until("the fields table", || try_testid(&el, "required-0").is_some()).await;
    assert_eq!(text(&el, "required-0"), "yes");
    type_into(&el, "input-fields-0-attributes", r#"{"cloudRequired": "false"}"#);
    until("not required", || text(&el, "required-0") == "no").await;
    type_into(
        &el,
        "input-fields-0-attributes",
        r#"{"cloudRequired": true, "cloudMaxSize": "10"}"#,
    );
    until("required again", || text(&el, "required-0") == "yes").await;
    // What Save sends says so too: the server keeps isRequired in step the same way.
    until("the patch", || text(&el, "patch-json").contains("cloudMaxSize")).await;
    assert!(
        !text(&el, "patch-json").contains("isRequired"),
        "still required: no change"
    );
}

use gatehouse::pages::settings::changes::describe;
use gatehouse::pages::settings::conflict::ConflictDialog;
use gatehouse::pages::settings::editor::overwrite_patch;
use gatehouse::pages::settings::HistoryPager;

#[wasm_bindgen_test]
async fn the_conflict_dialog_shows_their_changes_and_sends_only_mine_on_top() {
    // Both loaded the defaults; they saved lockoutWindow 30; I changed maximumAttempts.
    let loaded = LockoutConfiguration::default();
    let mut draft = loaded.clone();
    draft.maximum_attempts = 9;
    let mut theirs = loaded.clone();
    theirs.lockout_window = 30;
    let ops = overwrite_patch(&loaded, &draft, &theirs).unwrap();
    let (overwrites, reloads) = (RwSignal::new(0_u32), RwSignal::new(0_u32));
    let mine = RwSignal::new(Ok(describe(&serde_json::to_value(&theirs).unwrap(), &ops)));
    let their_rows = describe(
        &serde_json::to_value(&loaded).unwrap(),
        &json_patch::diff(
            &serde_json::to_value(&loaded).unwrap(),
            &serde_json::to_value(&theirs).unwrap(),
        ),
    );
    let open = RwSignal::new(true);
    let m = mount_view(move || {
        view! {
            <ConflictDialog
                open=open
                what="these settings"
                theirs=Signal::stored(their_rows.clone())
                mine=Signal::derive(move || mine.get())
                busy=Signal::stored(false)
                on_overwrite=Callback::new(move |_| overwrites.update(|n| *n += 1))
                on_reload=Callback::new(move |_| reloads.update(|n| *n += 1))
            />
        }
        .into_any()
    });
    let el = m.el();
    until("the dialog", || try_testid(&el, "conflict-theirs-row").is_some()).await;
    let theirs_row = text(&el, "conflict-theirs-row");
    assert!(
        theirs_row.contains("lockoutWindow") && theirs_row.contains("30"),
        "{theirs_row}"
    );
    // Only my field is sent; their window is not put back to 5.
    let mine_rows = dom::all_testid(&el, "conflict-mine-row");
    assert_eq!(mine_rows.len(), 1);
    let row = dom::text_of(&mine_rows[0]);
    assert!(row.contains("maximumAttempts") && row.contains('9'), "{row}");
    assert!(text(&el, "conflict").contains("what they changed and you did not touch stays"));
    assert!(!disabled(&el, "conflict-confirm"));
    testid(&el, "conflict-confirm").click();
    until("overwrite asked", || overwrites.get_untracked() == 1).await;
    testid(&el, "conflict-reload").click();
    until("reload asked", || reloads.get_untracked() == 1).await;

    // When my changes no longer fit (here: they break a rule on their version), the
    // dialog says why and only Reload is offered.
    let draft = SessionConfiguration {
        max_idle_time: 100,
        ..Default::default()
    };
    let theirs = SessionConfiguration {
        max_session_time: 60,
        ..Default::default()
    };
    let e = overwrite_patch(&SessionConfiguration::default(), &draft, &theirs).unwrap_err();
    mine.set(Err(e));
    until("the reason", || try_testid(&el, "conflict-cannot").is_some()).await;
    assert!(text(&el, "conflict-cannot").contains("break a rule"));
    assert!(disabled(&el, "conflict-confirm"));
    assert!(dom::all_testid(&el, "conflict-mine-row").is_empty());
}

#[wasm_bindgen_test]
async fn a_history_is_paged_newest_first() {
    let page = RwSignal::new(0_u32);
    let m = mount_view(move || view! { <HistoryPager page=page total=45_u64/> }.into_any());
    let el = m.el();
    until("the pager", || try_testid(&el, "history-range").is_some()).await;
    assert_eq!(text(&el, "history-range"), "Changes 1–20 of 45, newest first");
    assert!(disabled(&el, "history-newer"));
    testid(&el, "history-older").click();
    until("page 2", || {
        text(&el, "history-range") == "Changes 21–40 of 45, newest first"
    })
    .await;
    assert_eq!(page.get_untracked(), 1);
    testid(&el, "history-older").click();
    until("page 3", || {
        text(&el, "history-range") == "Changes 41–45 of 45, newest first"
    })
    .await;
    assert!(disabled(&el, "history-older"), "no older changes");
    testid(&el, "history-newer").click();
    until("back", || page.get_untracked() == 1).await;
}
