//! The sign-in form in headless Chromium: it refuses to send empty or malformed
//! input (naming the field), sends valid input, and shows the server's reason.

#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{testid, tick, type_into_el};
use gatehouse::pages::sign_in::SignInForm;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn by_id(root: &web_sys::Element, id: &str) -> web_sys::HtmlInputElement {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap()
        .unchecked_into()
}

struct SignIn {
    mounted: dom::Mounted,
    sent: RwSignal<Vec<(String, String)>>,
    error: RwSignal<Option<String>>,
}

fn mount_sign_in() -> SignIn {
    let sent = RwSignal::new(Vec::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = Callback::new(move |creds: (String, String)| sent.update(|s| s.push(creds)));
    let mounted = dom::mount(move || {
        view! { <SignInForm on_submit=on_submit error=error pending=Signal::derive(|| false)/> }.into_any()
    });
    SignIn { mounted, sent, error }
}

#[wasm_bindgen_test]
async fn empty_fields_are_named_and_nothing_is_sent() {
    let m = mount_sign_in();
    let el = m.mounted.el();
    testid(&el, "signin-submit").click();
    tick().await;
    assert_eq!(
        testid(&el, "client-id-error").text_content().unwrap(),
        "Client ID is required"
    );
    assert_eq!(
        testid(&el, "client-secret-error").text_content().unwrap(),
        "Client secret is required"
    );
    assert_eq!(
        by_id(&el, "client-id").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(m.sent.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn a_client_id_with_spaces_is_refused() {
    let m = mount_sign_in();
    let el = m.mounted.el();
    type_into_el(&by_id(&el, "client-id"), "demo admin");
    type_into_el(&by_id(&el, "client-secret"), "x");
    testid(&el, "signin-submit").click();
    tick().await;
    assert_eq!(
        testid(&el, "client-id-error").text_content().unwrap(),
        "Client ID must not contain spaces"
    );
    assert!(m.sent.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn valid_input_is_sent_and_the_server_reason_is_shown() {
    let m = mount_sign_in();
    let el = m.mounted.el();
    type_into_el(&by_id(&el, "client-id"), "  demo-admin ");
    type_into_el(&by_id(&el, "client-secret"), "wrong-secret");
    testid(&el, "signin-submit").click();
    tick().await;
    assert_eq!(
        m.sent.get_untracked().as_slice(),
        &[("demo-admin".to_string(), "wrong-secret".to_string())]
    );
    assert_eq!(testid(&el, "client-id-error").text_content().unwrap(), "");
    assert!(el.query_selector("[data-testid='signin-error']").unwrap().is_none());

    m.error.set(Some("Bad credentials".into()));
    tick().await;
    assert_eq!(testid(&el, "signin-error").text_content().unwrap(), "Bad credentials");
    assert_eq!(
        testid(&el, "signin-error").get_attribute("role").as_deref(),
        Some("alert")
    );
}
