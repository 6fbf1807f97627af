//! The approver's action panel in headless Chromium, mounted with no server: Reject
//! stays disabled until there is a justification, Comment until there is text, and the
//! buttons hand the chosen action and the text to the page. Permissions hide buttons.

#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use gatehouse::api::requests::Action as RequestAction;
use gatehouse::api::ApiError;
use gatehouse::pages::requests::ActionPanel;
use gatehouse_wire::request::Permissions;
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

fn disabled(root: &web_sys::Element, id: &str) -> bool {
    testid(root, id).has_attribute("disabled")
}

fn type_into(root: &web_sys::Element, id: &str, value: &str) {
    let input = testid(root, id);
    js_sys::Reflect::set(&input, &"value".into(), &value.into()).unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

type Acted = Arc<Mutex<Vec<(RequestAction, String)>>>;

struct Mounted {
    root: web_sys::HtmlElement,
    acted: Acted,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn mount(permissions: Permissions, error: Option<ApiError>) -> Mounted {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let acted: Acted = Arc::default();
    let sink = acted.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let sink = sink.clone();
        let error = error.clone();
        view! {
            <ActionPanel
                permissions=permissions
                busy=Signal::derive(|| false)
                error=Signal::derive(move || error.clone())
                on_act=Callback::new(move |a| sink.lock().unwrap().push(a))
            />
        }
        .into_any()
    });
    Mounted {
        root,
        acted,
        _handle: handle,
    }
}

#[wasm_bindgen_test]
async fn reject_needs_a_justification() {
    let m = mount(Permissions::APPROVER, None);
    let el: web_sys::Element = m.root.clone().unchecked_into();
    tick().await;
    assert!(!disabled(&el, "action-approve"), "approving needs no justification");
    assert!(disabled(&el, "action-reject"));
    assert!(disabled(&el, "action-comment"));

    type_into(&el, "action-text", "   ");
    tick().await;
    assert!(disabled(&el, "action-reject"), "blanks are no justification");

    type_into(&el, "action-text", "Not needed for the job");
    tick().await;
    assert!(!disabled(&el, "action-reject"));
    assert!(!disabled(&el, "action-comment"));
    testid(&el, "action-reject").click();
    tick().await;
    assert_eq!(
        m.acted.lock().unwrap().as_slice(),
        &[(RequestAction::Reject, "Not needed for the job".to_string())]
    );
}

#[wasm_bindgen_test]
async fn permissions_hide_buttons_and_errors_show() {
    let only_comment = Permissions {
        comment: true,
        ..Permissions::default()
    };
    let m = mount(only_comment, Some(ApiError::Forbidden("not yours".into())));
    let el: web_sys::Element = m.root.clone().unchecked_into();
    tick().await;
    assert!(try_testid(&el, "action-approve").is_none());
    assert!(try_testid(&el, "action-reject").is_none());
    assert!(try_testid(&el, "action-comment").is_some());
    assert!(testid(&el, "error").text_content().unwrap().contains("not yours"));
}
