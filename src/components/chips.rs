//! A list of short values shown as chips, each removable, with an input that adds a
//! value only when it passes a rule (the same `wire` rule the server runs).

use leptos::prelude::*;

/// An editable list of chips.
#[component]
pub fn ChipList(
    /// The DOM id of the input; the message is `{id}-error`, its test id `error-{id}`.
    #[prop(into)]
    id: String,
    /// The label.
    #[prop(into)]
    label: String,
    /// A hint under the label (what a value looks like).
    #[prop(into)]
    hint: String,
    /// The current values.
    #[prop(into)]
    items: Signal<Vec<String>>,
    /// Called with the whole new list after an add or a remove.
    on_change: Callback<Vec<String>>,
    /// Turns typed text into the value to add (trimmed, upper-cased, ...) or says why not.
    normalize: fn(&str) -> Result<String, String>,
    /// The rule's (or the server's) message for the list.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<String>);
    let add = move || {
        let raw = text.get_untracked();
        if raw.trim().is_empty() {
            return;
        }
        match normalize(&raw) {
            Err(e) => refused.set(Some(e)),
            Ok(value) => {
                let mut list = items.get_untracked();
                if list.contains(&value) {
                    refused.set(Some(format!("'{value}' is already in the list")));
                    return;
                }
                list.push(value);
                refused.set(None);
                text.set(String::new());
                on_change.run(list);
            }
        }
    };
    let remove = move |index: usize| {
        let mut list = items.get_untracked();
        if index < list.len() {
            list.remove(index);
            on_change.run(list);
        }
    };
    let message = move || refused.get().or_else(|| error.get());
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let list_label = format!("{label}: current values");
    view! {
        <div class="field chips">
            <label for=id.clone()>{label}</label>
            <span class="field__hint muted" id=hint_id.clone()>{hint}</span>
            <ul class="chips__list" aria-label=list_label data-testid=format!("chips-{id}")>
                <For each=move || items.get().into_iter().enumerate() key=|(i, v)| (*i, v.clone()) let:entry>
                    <li class="chip" data-testid="chip">
                        <span class="chip__text">{entry.1.clone()}</span>
                        <button
                            type="button"
                            class="chip__remove"
                            aria-label=format!("Remove {}", entry.1)
                            data-testid=format!("remove-{}", entry.1)
                            on:click=move |_| remove(entry.0)
                        >
                            "×"
                        </button>
                    </li>
                </For>
            </ul>
            <div class="chips__add">
                <input
                    id=id.clone()
                    type="text"
                    autocomplete="off"
                    data-testid=format!("input-{id}")
                    aria-invalid=move || message().is_some().to_string()
                    aria-describedby=format!("{hint_id} {error_id}")
                    prop:value=text
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        refused.set(None);
                    }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <button type="button" class="btn" data-testid=format!("add-{id}") on:click=move |_| add()>
                    "Add"
                </button>
            </div>
            <p class="field__error" id=error_id data-testid=format!("error-{id}") aria-live="polite">
                {message}
            </p>
        </div>
    }
}
