//! Light and dark themes: follow the system setting until the person picks one,
//! then remember the pick (a preference, not a secret, so localStorage is fine).

use leptos::prelude::*;

const KEY: &str = "gatehouse.theme";

/// The chosen theme; `None` follows the system.
#[derive(Debug, Clone, Copy)]
pub struct Theme(pub RwSignal<Option<&'static str>>);

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn apply(theme: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Some(t) => root.set_attribute("data-theme", t),
        None => root.remove_attribute("data-theme"),
    };
}

fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

pub fn provide_theme() {
    let stored = local().and_then(|s| s.get_item(KEY).ok().flatten());
    let initial = match stored.as_deref() {
        Some("dark") => Some("dark"),
        Some("light") => Some("light"),
        _ => None,
    };
    apply(initial);
    provide_context(Theme(RwSignal::new(initial)));
}

/// A button that switches between light and dark and remembers the choice.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = expect_context::<Theme>();
    let is_dark = move || match theme.0.get() {
        Some(t) => t == "dark",
        None => system_prefers_dark(),
    };
    let toggle = move |_| {
        let next = if is_dark() { "light" } else { "dark" };
        if let Some(s) = local() {
            let _ = s.set_item(KEY, next);
        }
        apply(Some(next));
        theme.0.set(Some(next));
    };
    view! {
        <button
            class="btn btn--ghost"
            data-testid="theme-toggle"
            aria-pressed=move || is_dark().to_string()
            title="Switch between light and dark"
            on:click=toggle
        >
            {move || if is_dark() { "Light theme" } else { "Dark theme" }}
        </button>
    }
}
