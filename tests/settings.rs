//! The shared settings editor in headless Chromium, mounted with a loaded document and
//! no server: each keystroke runs the `wire` rules (the message sits next to the field
//! and Save is disabled), a valid change enables Save and shows the exact JSON Patch,
//! and discarding goes back to what was loaded. Network's chips refuse bad values.

#![cfg(target_arch = "wasm32")]

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

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn try_testid(root: &web_sys::Element, id: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
        .map(JsCast::unchecked_into)
}

fn testid(root: &web_sys::Element, id: &str) -> web_sys::HtmlElement {
    try_testid(root, id).unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

fn text(root: &web_sys::Element, id: &str) -> String {
    testid(root, id).text_content().unwrap_or_default()
}

fn disabled(root: &web_sys::Element, id: &str) -> bool {
    testid(root, id).has_attribute("disabled")
}

fn fire(el: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

fn type_into(root: &web_sys::Element, id: &str, value: &str) {
    let input: web_sys::HtmlInputElement = testid(root, id).unchecked_into();
    input.set_value(value);
    fire(&input, "input");
}

/// Lets effects and the renderer run.
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

struct Mounted {
    root: web_sys::HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Mounted {
    fn el(&self) -> web_sys::Element {
        self.root.clone().unchecked_into()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn mount<D: EditableDocument + SettingsDocument>(doc: D) -> Mounted {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_client(provide_session());
        let initial = Versioned {
            doc: doc.clone(),
            etag: Some("\"3\"".into()),
        };
        view! { <SettingsEditor<D> initial=initial/> }.into_any()
    });
    Mounted { root, _handle: handle }
}

#[wasm_bindgen_test]
async fn an_invalid_value_is_named_next_to_its_field_and_disables_save() {
    let m = mount(LockoutConfiguration::default());
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
    let m = mount(LockoutConfiguration::default());
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
    let m = mount(SessionConfiguration::default());
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
    let m = mount(NetworkConfiguration::default());
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
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let session = Session(RwSignal::new(Some(SignedIn {
            token: "not-used".into(),
            principal: Principal::from_authorities("id-1".into(), "demo-policy".into(), &["POLICY_ADMIN".into()]),
        })));
        provide_context(session);
        provide_client(session);
        settings_page::<LockoutConfiguration>().into_any()
    });
    let m = Mounted { root, _handle: handle };
    let el = m.el();
    tick().await;
    assert!(text(&el, "settings-org-admin-only").contains("Only organization administrators (ORG_ADMIN)"));
    assert!(try_testid(&el, "settings-editor").is_none());
    assert!(
        try_testid(&el, "error").is_none(),
        "no request was made, so no error either"
    );
}
