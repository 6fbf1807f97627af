//! Asks before leaving a page with unsaved work: the browser's own prompt when the tab
//! is closed or reloaded (`beforeunload`), and a confirm before an in-app link is
//! followed. The link check runs in the capture phase on `window`, so it comes before
//! the router's own click handler and can stop it.

use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;

const QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

/// Whether a click on `target` would follow a link to another page of this site.
fn leaves_page(target: &web_sys::EventTarget) -> bool {
    let Some(element) = target.dyn_ref::<web_sys::Element>() else {
        return false;
    };
    let Ok(Some(anchor)) = element.closest("a[href]") else {
        return false;
    };
    let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return false;
    };
    if !anchor.target().is_empty() || anchor.has_attribute("download") {
        return false;
    }
    let here = window().location();
    anchor.origin() == here.origin().unwrap_or_default()
        && (anchor.pathname() != here.pathname().unwrap_or_default()
            || anchor.search() != here.search().unwrap_or_default())
}

/// Guards the current page while `dirty` is true; the guards go when the page does.
pub fn use_leave_guard(dirty: Signal<bool>) {
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value(QUESTION);
        }
    });
    let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty.get_untracked() || ev.default_prevented() || ev.button() != 0 {
            return;
        }
        let Some(target) = ev.target() else { return };
        if leaves_page(&target) && !window().confirm_with_message(QUESTION).unwrap_or(true) {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    let _ = window().add_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true);
    let click = StoredValue::new_local(Some(click));
    on_cleanup(move || {
        unload.remove();
        if let Some(Some(click)) = click.try_update_value(Option::take) {
            let _ =
                window().remove_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true);
        }
    });
}
