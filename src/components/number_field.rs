//! A whole-number input that keeps what the person typed (even when it is not a number
//! yet) and reports a number only when it parses; the message next to it is wired
//! with `aria-describedby` and `aria-invalid`.

use leptos::prelude::*;

/// A labelled whole-number field.
#[component]
pub fn NumberField(
    /// The DOM id of the input; the message is `{id}-error`, its test id `error-{id}`.
    #[prop(into)]
    id: String,
    /// The label.
    #[prop(into)]
    label: String,
    /// A hint under the label (the allowed range, the unit).
    #[prop(into)]
    hint: String,
    /// The current value (of the draft).
    #[prop(into)]
    value: Signal<i64>,
    /// Called with each value that parses.
    on_change: Callback<i64>,
    /// Called with `Some(message)` while the text is not a whole number, `None` after.
    on_unparsable: Callback<Option<String>>,
    /// The rule's (or the server's) message for this field.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let text = RwSignal::new(value.get_untracked().to_string());
    let unparsable = RwSignal::new(None::<String>);
    // Follow the value when it changes from outside (discard, reload).
    Effect::new(move |_| {
        let v = value.get();
        if text.with_untracked(|t| t.trim().parse::<i64>().ok()) != Some(v) {
            text.set(v.to_string());
            unparsable.set(None);
            on_unparsable.run(None);
        }
    });
    let field_name = id.clone();
    let on_input = move |ev| {
        let raw = event_target_value(&ev);
        text.set(raw.clone());
        match raw.trim().parse::<i64>() {
            Ok(v) => {
                unparsable.set(None);
                on_unparsable.run(None);
                on_change.run(v);
            }
            Err(_) => {
                let message = format!("{field_name} must be a whole number");
                unparsable.set(Some(message.clone()));
                on_unparsable.run(Some(message));
            }
        }
    };
    let message = move || unparsable.get().or_else(|| error.get());
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <span class="field__hint muted" id=hint_id.clone()>{hint}</span>
            <input
                id=id.clone()
                class="field__number"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                data-testid=format!("input-{id}")
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=format!("{hint_id} {error_id}")
                prop:value=text
                on:input=on_input
            />
            <p class="field__error" id=error_id data-testid=format!("error-{id}") aria-live="polite">
                {message}
            </p>
        </div>
    }
}
