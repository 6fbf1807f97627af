//! What the editor tells about the definition as a whole: the errors the wire rules find
//! ([`check_definition`], each a link that selects its field), and the scripts of an
//! imported PingOne form, shown read-only: they are kept in the definition, never run.

use gatehouse_wire::form::{check_definition, DefinitionError, Field, FormDefinition};
use leptos::prelude::*;

use super::model::BuilderModel;
use crate::forms::matcher::js_matcher;

/// The definition's errors, regexes compiled by the browser's own `RegExp`.
pub fn definition_errors(def: &FormDefinition) -> Vec<DefinitionError> {
    check_definition(def, &|p| js_matcher(p, "").map(|_| ()))
        .err()
        .unwrap_or_default()
}

/// Every script in a definition: where it hangs and its text (non-empty ones only).
pub fn scripts(def: &FormDefinition) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(script) = def
        .events
        .as_ref()
        .and_then(|e| e.on_load.as_ref())
        .and_then(|s| s.script.clone())
    {
        out.push(("When the form loads (onLoad)".to_string(), script));
    }
    if let Some(events) = &def.events {
        for (name, value) in &events.extra {
            if let Some(script) = value.get("script").and_then(|s| s.as_str()) {
                out.push((format!("Form event {name}"), script.to_string()));
            }
        }
    }
    for field in def.all_fields() {
        if let Some(script) = field
            .input()
            .and_then(|i| i.on_change_event.as_ref())
            .and_then(|s| s.script.clone())
        {
            let name = field.input().map(|i| i.display_name().to_string()).unwrap_or_default();
            out.push((format!("When {name} changes (onChangeEvent)"), script));
        }
        if let Field::Unknown(v) = field {
            if let Some(script) = v.pointer("/onChangeEvent/script").and_then(|s| s.as_str()) {
                out.push((
                    "A field of unknown type (onChangeEvent)".to_string(),
                    script.to_string(),
                ));
            }
        }
    }
    out.retain(|(_, s)| !s.trim().is_empty());
    out
}

#[component]
pub fn DefinitionErrors(
    errors: Memo<Vec<DefinitionError>>,
    /// Called with the field id of the error clicked.
    on_pick: Callback<String>,
) -> impl IntoView {
    let list = move || {
        errors
            .get()
            .into_iter()
            .map(|e| {
                let id = e.field_id.clone();
                view! {
                    <li>
                        <button type="button" class="btn btn--link" data-testid="def-error"
                            on:click=move |_| on_pick.run(id.clone())>
                            {e.message}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="builder-errors" aria-labelledby="builder-errors-title" data-testid="builder-errors">
            <h2 class="builder__title" id="builder-errors-title">
                {move || match errors.with(Vec::len) {
                    0 => "No problems in the definition".to_string(),
                    1 => "1 problem in the definition".to_string(),
                    n => format!("{n} problems in the definition"),
                }}
            </h2>
            <ul class="builder-errors__list">{list}</ul>
        </section>
    }
}

#[component]
pub fn Scripts(model: RwSignal<BuilderModel>) -> impl IntoView {
    let found = Memo::new(move |_| model.with(|m| scripts(&m.definition)));
    move || {
        let found = found.get();
        (!found.is_empty()).then(|| {
            let items = found
                .into_iter()
                .map(|(at, script)| {
                    view! {
                        <li>
                            <p class="builder-scripts__where">{at}</p>
                            <pre class="form-json" data-testid="builder-script">{script}</pre>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="builder-scripts" aria-labelledby="builder-scripts-title" data-testid="builder-scripts">
                    <h2 class="builder__title" id="builder-scripts-title">"Scripts (read-only)"</h2>
                    <p class="notice notice--info">
                        "This form came with PingOne scripts. Gatehouse keeps them in the definition, unchanged, but never runs them: use visible-when rules instead."
                    </p>
                    <ul class="builder-scripts__list">{items}</ul>
                </section>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn scripts_are_found_where_pingone_puts_them() {
        let def: FormDefinition = serde_json::from_value(json!({
            "fields": [{"id": "r", "fields": [
                {"id": "a", "type": "string", "model": "a", "label": "A", "onChangeEvent": {"type": "script", "script": "go()"}},
                {"id": "b", "type": "string", "model": "b", "onChangeEvent": {}}
            ]}],
            "events": {"onLoad": {"type": "script", "script": "load()"}, "onSubmit": {"script": " "}}
        }))
        .unwrap();
        let found = scripts(&def);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[1],
            ("When A changes (onChangeEvent)".to_string(), "go()".to_string())
        );
    }
}
