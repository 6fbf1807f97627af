//! Small labelled inputs the settings forms share: a line of text, a multi-line text
//! and a checkbox. Each wires its message with `aria-describedby` and `aria-invalid`
//! and gets the test ids `input-{id}` and `error-{id}`.

use leptos::prelude::*;

/// A labelled one-line text input.
#[component]
pub fn TextField(
    /// The DOM id of the input.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with each new text.
    on_input: Callback<String>,
    /// The message for this field.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// The input type (`text`, `url`, `email`).
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <span class="field__hint muted" id=hint_id.clone()>{h}</span> })}
            <input
                id=id.clone()
                type=kind
                autocomplete="off"
                data-testid=format!("input-{id}")
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=format!("{hint_id} {error_id}")
                disabled=disabled
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            <p class="field__error" id=error_id data-testid=format!("error-{id}") aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A labelled multi-line text input (certificates, JSON).
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <span class="field__hint muted" id=hint_id.clone()>{h}</span> })}
            <textarea
                id=id.clone()
                class="field__code"
                rows=rows
                spellcheck="false"
                data-testid=format!("input-{id}")
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=format!("{hint_id} {error_id}")
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
            <p class="field__error" id=error_id data-testid=format!("error-{id}") aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A labelled checkbox (`switch`: shown to assistive technology as an on/off switch).
#[component]
pub fn CheckField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into)] checked: Signal<bool>,
    on_change: Callback<bool>,
    #[prop(optional)] switch: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field field--check">
            <label class="check">
                <input
                    type="checkbox"
                    role=switch.then_some("switch")
                    id=id.clone()
                    data-testid=format!("input-{id}")
                    aria-describedby=hint_id.clone()
                    disabled=disabled
                    prop:checked=checked
                    on:change=move |ev| on_change.run(event_target_checked(&ev))
                />
                " "
                {label}
            </label>
            {hint.map(|h| view! { <span class="field__hint muted" id=hint_id data-testid=format!("hint-{id}")>{h}</span> })}
        </div>
    }
}

/// `Some(text)` unless the text is blank.
pub fn non_blank(text: String) -> Option<String> {
    if text.trim().is_empty() {
        None
    } else {
        Some(text)
    }
}
