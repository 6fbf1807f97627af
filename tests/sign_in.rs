//! The sign-in form in headless Chromium: it refuses to send empty or malformed
//! input (naming the field), sends valid input, and shows the server's reason.

#![cfg(target_arch = "wasm32")]

use gatehouse::pages::sign_in::SignInForm;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn by_testid(root: &web_sys::Element, id: &str) -> web_sys::HtmlElement {
    root.query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
        .unchecked_into()
}

fn by_id(root: &web_sys::Element, id: &str) -> web_sys::HtmlInputElement {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn type_into(input: &web_sys::HtmlInputElement, text: &str) {
    input.set_value(text);
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&ev).unwrap();
}

async fn tick() {
    // Let effects and the renderer run.
    let p = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

struct Mounted {
    root: web_sys::HtmlElement,
    sent: RwSignal<Vec<(String, String)>>,
    error: RwSignal<Option<String>>,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

fn mount() -> Mounted {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let sent = RwSignal::new(Vec::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = Callback::new(move |creds: (String, String)| sent.update(|s| s.push(creds)));
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <SignInForm on_submit=on_submit error=error pending=Signal::derive(|| false)/> }.into_any()
    });
    Mounted {
        root,
        sent,
        error,
        _handle: handle,
    }
}

#[wasm_bindgen_test]
async fn empty_fields_are_named_and_nothing_is_sent() {
    let m = mount();
    let el: web_sys::Element = m.root.clone().unchecked_into();
    by_testid(&el, "signin-submit").click();
    tick().await;
    assert_eq!(
        by_testid(&el, "client-id-error").text_content().unwrap(),
        "Client ID is required"
    );
    assert_eq!(
        by_testid(&el, "client-secret-error").text_content().unwrap(),
        "Client secret is required"
    );
    assert_eq!(
        by_id(&el, "client-id").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(m.sent.get_untracked().is_empty());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn a_client_id_with_spaces_is_refused() {
    let m = mount();
    let el: web_sys::Element = m.root.clone().unchecked_into();
    type_into(&by_id(&el, "client-id"), "demo admin");
    type_into(&by_id(&el, "client-secret"), "x");
    by_testid(&el, "signin-submit").click();
    tick().await;
    assert_eq!(
        by_testid(&el, "client-id-error").text_content().unwrap(),
        "Client ID must not contain spaces"
    );
    assert!(m.sent.get_untracked().is_empty());
    m.root.remove();
}

#[wasm_bindgen_test]
async fn valid_input_is_sent_and_the_server_reason_is_shown() {
    let m = mount();
    let el: web_sys::Element = m.root.clone().unchecked_into();
    type_into(&by_id(&el, "client-id"), "  demo-admin ");
    type_into(&by_id(&el, "client-secret"), "wrong-secret");
    by_testid(&el, "signin-submit").click();
    tick().await;
    assert_eq!(
        m.sent.get_untracked().as_slice(),
        &[("demo-admin".to_string(), "wrong-secret".to_string())]
    );
    assert_eq!(by_testid(&el, "client-id-error").text_content().unwrap(), "");
    assert!(el.query_selector("[data-testid='signin-error']").unwrap().is_none());

    m.error.set(Some("Bad credentials".into()));
    tick().await;
    assert_eq!(
        by_testid(&el, "signin-error").text_content().unwrap(),
        "Bad credentials"
    );
    assert_eq!(
        by_testid(&el, "signin-error").get_attribute("role").as_deref(),
        Some("alert")
    );
    m.root.remove();
}
