//! Asks before leaving a page with unsaved work, every way a person can leave it:
//! - closing or reloading the tab: the browser's own prompt (`beforeunload`);
//! - an in-app link: a confirm before the router follows it (a capture-phase click
//!   listener on `window`, which runs before the router's own and can stop it);
//! - the browser's back and forward buttons: a confirm on `popstate`, registered in the
//!   capture phase so it runs before the router's (non-capture) listener on `window`;
//!   refused, the router never hears of it and the page's URL is pushed back;
//! - signing out, and anything else that navigates in code: [`may_leave`].

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;

const QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

thread_local! {
    /// The guards of the pages on screen, by id. A registry rather than a context: the
    /// sign-out button lives in the header, outside the pages, and pages are also
    /// mounted on their own in tests. Each guard removes itself when its page goes.
    static GUARDS: RefCell<Vec<(u64, Signal<bool>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: RefCell<u64> = const { RefCell::new(0) };
}

/// Asks the question; `true` when the person chooses to leave.
pub fn confirm_leave() -> bool {
    window().confirm_with_message(QUESTION).unwrap_or(true)
}

/// Whether some page on screen has unsaved changes.
pub fn has_unsaved_changes() -> bool {
    GUARDS.with(|g| {
        g.borrow()
            .iter()
            .any(|(_, dirty)| dirty.try_get_untracked().unwrap_or(false))
    })
}

/// For code that is about to leave (sign-out): `true` when nothing is unsaved or the
/// person confirms leaving anyway.
pub fn may_leave() -> bool {
    !has_unsaved_changes() || confirm_leave()
}

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

/// The page's URL now (path, query and hash).
fn here() -> String {
    let location = window().location();
    format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    )
}

/// Guards the current page while `dirty` is true; the guards go when the page does.
pub fn use_leave_guard(dirty: Signal<bool>) {
    let id = NEXT_ID.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    GUARDS.with(|g| g.borrow_mut().push((id, dirty)));
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
        if leaves_page(&target) && !confirm_leave() {
            ev.prevent_default();
            ev.stop_immediate_propagation();
        }
    });
    // The URL this page is at, to return to when back/forward is refused.
    let at = StoredValue::new(here());
    Effect::new(move |_| {
        if dirty.get() {
            at.set_value(here());
        }
    });
    let popstate = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if !dirty.get_untracked() {
            at.set_value(here());
            return;
        }
        if confirm_leave() {
            return;
        }
        // Refused: the router does not hear of it, and the address bar shows this page again.
        ev.stop_immediate_propagation();
        if let Ok(history) = window().history() {
            let url = at.get_value();
            let _ = history.push_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    let capture = |kind: &str, f: &js_sys::Function| {
        let _ = window().add_event_listener_with_callback_and_bool(kind, f, true);
    };
    capture("click", click.as_ref().unchecked_ref());
    capture("popstate", popstate.as_ref().unchecked_ref());
    let listeners = StoredValue::new_local(Some((click, popstate)));
    on_cleanup(move || {
        GUARDS.with(|g| g.borrow_mut().retain(|(g, _)| *g != id));
        unload.remove();
        if let Some(Some((click, popstate))) = listeners.try_update_value(Option::take) {
            let remove = |kind: &str, f: &js_sys::Function| {
                let _ = window().remove_event_listener_with_callback_and_bool(kind, f, true);
            };
            remove("click", click.as_ref().unchecked_ref());
            remove("popstate", popstate.as_ref().unchecked_ref());
        }
    });
}
