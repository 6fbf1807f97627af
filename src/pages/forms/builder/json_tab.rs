//! The JSON tab: the definition (`form`) as text, checked as it is typed (it must read
//! as a definition; the rules' findings are listed under the editor as for the visual
//! one) and applied as one undo step. Unknown properties and scripts stay as typed.

use gatehouse_wire::form::FormDefinition;
use leptos::prelude::*;

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

#[component]
pub fn JsonTab(model: RwSignal<BuilderModel>) -> impl IntoView {
    let text = RwSignal::new(model.with_untracked(|m| pretty(&m.definition)));
    let parsed = Memo::new(move |_| text.with(|t| parse_definition(t)));
    let error = move || parsed.with(|p| p.as_ref().err().cloned());
    let unchanged = move || {
        parsed
            .with(|p| p.as_ref().ok().map(|d| model.with(|m| *d == m.definition)))
            .unwrap_or(false)
    };
    let apply = move |_| {
        if let Ok(def) = parsed.get_untracked() {
            model.update(|m| m.replace_definition(def));
        }
    };
    let revert = move |_| text.set(model.with_untracked(|m| pretty(&m.definition)));
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
                aria-invalid=move || if error().is_some() { "true" } else { "false" }
                aria-describedby="builder-json-error"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <p class="field__error" id="builder-json-error" role="alert" data-testid="json-error">
                {move || error().unwrap_or_default()}
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
