//! DOM helpers shared by the browser tests: finding elements by `data-testid`, reading
//! them, typing, firing events and pressing keys, waiting for the page to settle, and
//! mounting a view into a fresh element of the document.

// Each test binary (`tests/*.rs`) includes this module and uses a different subset of
// it, so any one of them leaves some helpers unused.
#![allow(dead_code)]

use leptos::prelude::AnyView;
use leptos::wasm_bindgen::JsCast;

type Handle = leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The element with this `data-testid` under `root`, if there is one.
pub fn try_testid(root: &web_sys::Element, id: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
        .map(JsCast::unchecked_into)
}

/// The element with this `data-testid` under `root`; panics if there is none.
pub fn testid(root: &web_sys::Element, id: &str) -> web_sys::HtmlElement {
    try_testid(root, id).unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

/// Every element under `root` matching the CSS selector, in document order.
pub fn all(root: &web_sys::Element, css: &str) -> Vec<web_sys::HtmlElement> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// Every element under `root` with this `data-testid`, in document order.
pub fn all_testid(root: &web_sys::Element, id: &str) -> Vec<web_sys::HtmlElement> {
    all(root, &format!("[data-testid='{id}']"))
}

/// The text of an element.
pub fn text_of(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

/// The text of the element with this `data-testid` under `root`.
pub fn text(root: &web_sys::Element, id: &str) -> String {
    text_of(&testid(root, id))
}

/// Whether an element has the `disabled` attribute.
pub fn is_disabled(el: &web_sys::Element) -> bool {
    el.has_attribute("disabled")
}

/// Whether the element with this `data-testid` under `root` is disabled.
pub fn disabled(root: &web_sys::Element, id: &str) -> bool {
    is_disabled(&testid(root, id))
}

/// Fires a bubbling event of this kind (`input`, `change`…) on an element.
pub fn fire(el: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

/// Types into an input or a textarea: sets its value and fires `input`, as typing does.
pub fn type_into_el(el: &web_sys::Element, value: &str) {
    js_sys::Reflect::set(el, &"value".into(), &value.into()).unwrap();
    fire(el, "input");
}

/// Types into the input or textarea with this `data-testid` under `root`.
pub fn type_into(root: &web_sys::Element, id: &str, value: &str) {
    type_into_el(&testid(root, id), value);
}

/// Presses a key on an element: a real `KeyboardEvent` with `key` set.
pub fn press(el: &web_sys::Element, key: &str) {
    press_with(el, key, false, false);
}

/// Presses a key with modifiers: a real `KeyboardEvent` with `key`, `ctrlKey` and
/// `shiftKey` set.
pub fn press_with(el: &web_sys::Element, key: &str, ctrl: bool, shift: bool) {
    let f = js_sys::Function::new_with_args(
        "el, key, ctrlKey, shiftKey",
        "el.dispatchEvent(new KeyboardEvent('keydown', {key, ctrlKey, shiftKey, bubbles: true, cancelable: true}))",
    );
    let args = js_sys::Array::of4(el, &key.into(), &ctrl.into(), &shift.into());
    f.apply(&wasm_bindgen::JsValue::NULL, &args).unwrap();
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Lets effects and the renderer run (one short timer, so microtasks drain first).
pub async fn tick() {
    sleep_ms(5).await;
}

/// Polls `pred` every few milliseconds, up to about five seconds; whether it came to hold.
pub async fn poll(mut pred: impl FnMut() -> bool) -> bool {
    for _ in 0..1000 {
        if pred() {
            return true;
        }
        tick().await;
    }
    false
}

/// Polls until `pred` holds (effects, animation frames and timers settle); panics
/// naming `what` if it never does.
pub async fn until(what: &str, pred: impl FnMut() -> bool) {
    if !poll(pred).await {
        panic!("never happened: {what}");
    }
}

/// A view mounted into its own element of the document; removed when dropped.
pub struct Mounted {
    pub root: web_sys::HtmlElement,
    _handle: Handle,
}

impl Mounted {
    /// The element the view is mounted into.
    pub fn el(&self) -> web_sys::Element {
        self.root.clone().unchecked_into()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts a view into a new `div` appended to the document's body.
pub fn mount(view: impl FnOnce() -> AnyView + 'static) -> Mounted {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    Mounted { root, _handle: handle }
}
