//! The JSON tab: the definition (`form`) as text, checked as it is typed (it must read
//! as a definition, and the rules' findings are listed under the text as for the visual
//! one) and applied as one undo step. Unknown properties and scripts stay as typed. The
//! text lives in the editor, not the tab: switching tabs keeps it, and until it is
//! applied or reverted it is an unsaved change the editor asks about.

use gatehouse_wire::form::FormDefinition;
use leptos::prelude::*;

use super::checks::definition_errors;
use super::model::BuilderModel;

/// Reads the text of the JSON tab: a definition, or what is wrong with it.
pub fn parse_definition(text: &str) -> Result<FormDefinition, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("Not valid JSON: {e}"))?;
    if !value.is_object() {
        return Err("The definition must be a JSON object with \"fields\": [rows].".into());
    }
    serde_json::from_value(value).map_err(|e| format!("Not a form definition: {e}"))
}

pub fn pretty(definition: &FormDefinition) -> String {
    // Through `Value`, whose pretty printer the bundle has anyway.
    serde_json::to_value(definition)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_default()
}

/// Whether the JSON tab holds text that is not the definition: it does not read, or
/// reads as another definition than `current`.
pub fn is_unapplied(text: Option<&str>, current: &FormDefinition) -> bool {
    text.is_some_and(|t| parse_definition(t).map_or(true, |d| d != *current))
}

/// The JSON tab. `text` is the editor's: the text as typed (`None`: the definition as it
/// is), so it outlives the tab and counts as an unsaved change until applied or reverted.
#[component]
pub fn JsonTab(model: RwSignal<BuilderModel>, text: RwSignal<Option<String>>) -> impl IntoView {
    let shown = move || text.get().unwrap_or_else(|| model.with(|m| pretty(&m.definition)));
    let parsed = Memo::new(move |_| parse_definition(&shown()));
    let error = move || parsed.with(|p| p.as_ref().err().cloned());
    let findings = Memo::new(move |_| parsed.with(|p| p.as_ref().map(definition_errors).unwrap_or_default()));
    let unchanged = move || {
        parsed
            .with(|p| p.as_ref().ok().map(|d| model.with(|m| *d == m.definition)))
            .unwrap_or(false)
    };
    let apply = move |_| {
        if let Ok(def) = parsed.get_untracked() {
            model.update(|m| m.replace_definition(def));
            text.set(None);
        }
    };
    let revert = move |_| text.set(None);
    let list = move || {
        findings
            .get()
            .into_iter()
            .map(|e| view! { <li data-testid="json-finding">{e.message}</li> })
            .collect_view()
    };
    view! {
        <section class="builder-json" aria-labelledby="builder-json-title" data-testid="builder-json">
            <h2 class="builder__title" id="builder-json-title">"Definition (JSON)"</h2>
            <p class="muted builder__hint">
                "The form's definition as stored. Apply replaces the visual form (Undo brings it back)."
            </p>
            <label for="builder-json-text" class="sr-only">"Definition JSON"</label>
            <textarea
                id="builder-json-text"
                class="builder-json__text"
                rows="24"
                spellcheck="false"
                data-native-undo="true"
                data-testid="json-text"
                aria-invalid=move || if error().is_some() || !findings.with(Vec::is_empty) { "true" } else { "false" }
                aria-describedby="builder-json-error builder-json-findings"
                prop:value=shown
                on:input=move |ev| text.set(Some(event_target_value(&ev)))
            ></textarea>
            <p class="field__error" id="builder-json-error" role="alert" data-testid="json-error">
                {move || error().unwrap_or_default()}
            </p>
            <div id="builder-json-findings" aria-live="polite">
                <Show when=move || !findings.with(Vec::is_empty)>
                    <p class="field__error" data-testid="json-findings-title">
                        {move || match findings.with(Vec::len) {
                            1 => "This definition has 1 problem:".to_string(),
                            n => format!("This definition has {n} problems:"),
                        }}
                    </p>
                    <ul class="builder-errors__list" data-testid="json-findings">{list}</ul>
                </Show>
            </div>
            <p class="muted" data-testid="json-unapplied">
                {move || (!unchanged() && text.with(Option::is_some)).then_some("Not applied yet: Apply puts it in the form, Revert drops it.")}
            </p>
            <div class="toolbar">
                <button
                    type="button"
                    class="btn btn--primary"
                    data-testid="json-apply"
                    disabled=move || error().is_some() || unchanged()
                    on:click=apply
                >
                    "Apply"
                </button>
                <button type="button" class="btn" data-testid="json-revert" on:click=revert>
                    "Revert to the visual form"
                </button>
            </div>
        </section>
    }
}
