//! A type-ahead (ARIA combobox with a listbox): the person types, the owner searches
//! with what was typed and hands the choices back, the person picks one with the mouse
//! or with the arrow keys and Enter (Escape closes the list). The component does no
//! fetching itself, so it mounts in a test with any choices; [`search_resource`] is the
//! debounced search the pages connect it to.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;

use crate::api::tasks::sleep;
use crate::api::ApiError;
use crate::components::status::ErrorNotice;

/// How long typing must pause before a search goes out.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// One thing a type-ahead offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// A second line (an alias, the application of an entitlement...).
    pub detail: String,
}

/// What a search answered: `None` while it runs.
pub type Choices = Option<Result<Vec<Choice>, ApiError>>;

/// Runs `search` on what was typed once typing pauses for [`DEBOUNCE`]; blank text
/// finds nothing.
pub fn search_resource<F, Fut>(query: RwSignal<String>, search: F) -> LocalResource<Result<Vec<Choice>, ApiError>>
where
    F: Fn(String) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<Choice>, ApiError>> + 'static,
{
    LocalResource::new(move || {
        let text = query.get();
        let found = search(text.clone());
        async move {
            if text.trim().is_empty() {
                return Ok(Vec::new());
            }
            sleep(DEBOUNCE).await;
            if query.try_get_untracked().as_ref() != Some(&text) {
                return Ok(Vec::new());
            }
            found.await
        }
    })
}

/// The next highlighted option after an arrow key (`None`: nothing highlighted).
pub fn step(current: Option<usize>, len: usize, down: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (current, down) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1) % len,
        (Some(i), false) => (i + len - 1) % len,
    })
}

/// A text field that offers choices as the person types.
#[component]
pub fn TypeAhead(
    /// The field's label.
    #[prop(into)]
    label: String,
    /// `data-testid` of the input; the options get `{testid}-option`.
    #[prop(into)]
    testid: String,
    /// What is typed; the owner searches with it.
    query: RwSignal<String>,
    /// The owner's answer for the current text.
    #[prop(into)]
    choices: Signal<Choices>,
    /// Called with the picked choice.
    on_pick: Callback<Choice>,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let list_id = format!("{testid}-listbox");
    let option_id = {
        let testid = testid.clone();
        move |i: usize| format!("{testid}-opt-{i}")
    };
    let current = move || match choices.get() {
        Some(Ok(list)) => list,
        _ => Vec::new(),
    };
    let pick = move |c: Choice| {
        open.set(false);
        active.set(None);
        on_pick.run(c);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let list = current();
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = step(*a, list.len(), ev.key() == "ArrowDown"));
            }
            "Enter" => {
                if let Some(c) = active.get_untracked().and_then(|i| list.get(i).cloned()) {
                    ev.prevent_default();
                    pick(c);
                }
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let shown = move || open.get() && !query.with(|q| q.trim().is_empty());
    let active_descendant = {
        let option_id = option_id.clone();
        move || active.get().filter(|_| shown()).map(&option_id)
    };
    let option_testid = format!("{testid}-option");
    view! {
        <div class="combo">
            <label class="field">
                {label}
                <input
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=move || if shown() { "true" } else { "false" }
                    aria-activedescendant=active_descendant
                    placeholder=placeholder
                    data-testid=testid.clone()
                    disabled=disabled
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        active.set(None);
                        open.set(true);
                    }
                    on:keydown=on_keydown
                />
            </label>
            {move || shown().then(|| options(choices.get(), &list_id, &option_testid, option_id.clone(), active, pick))}
        </div>
    }
}

/// The open list: searching, an error, nothing found, or the options.
fn options(
    choices: Choices,
    list_id: &str,
    testid: &str,
    option_id: impl Fn(usize) -> String,
    active: RwSignal<Option<usize>>,
    pick: impl Fn(Choice) + Copy + 'static,
) -> AnyView {
    match choices {
        None => view! { <p class="combo__state" role="status">"Searching…"</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="combo__state" role="status" data-testid=format!("{testid}-none")>
                "Nothing found."
            </p>
        }
        .into_any(),
        Some(Ok(list)) => view! {
            <ul class="combo__list" role="listbox" id=list_id.to_string()>
                {list
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let chosen = c.clone();
                        view! {
                            <li
                                role="option"
                                class="combo__option"
                                id=option_id(i)
                                data-testid=testid.to_string()
                                data-id=c.id.clone()
                                aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| pick(chosen.clone())
                            >
                                <span>{c.label}</span>
                                <span class="muted combo__detail">{c.detail}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn arrows_wrap_around() {
        assert_eq!(step(None, 0, true), None);
        assert_eq!(step(None, 3, true), Some(0));
        assert_eq!(step(None, 3, false), Some(2));
        assert_eq!(step(Some(2), 3, true), Some(0));
        assert_eq!(step(Some(0), 3, false), Some(2));
    }
}
