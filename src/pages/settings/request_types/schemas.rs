//! A request type's `schemas` edited as JSON: the text is parsed as the admin types and
//! checked with `wire`'s request-schema rule, the one the server runs before it stores
//! (`{common: [..], custom: [..]}`, each property `{name, type, ...}`); each problem is
//! shown with where it is (the JSON parser's line and column, or the path of the broken
//! part).

use gatehouse_wire::request_schema::{SchemaError, Schemas};
use leptos::prelude::*;
use serde_json::Value;

/// Parses and checks a schemas text with the rule the server runs
/// ([`Schemas::parse`]); the value to store, or every problem (a text that is not JSON
/// at all has one: the parser's, with its line and column).
pub fn check_schemas(text: &str) -> Result<Value, Vec<SchemaError>> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        vec![SchemaError {
            path: "schemas".into(),
            message: format!("not valid JSON: {e}"),
        }]
    })?;
    if v.is_null() {
        return Err(vec![SchemaError {
            path: "schemas".into(),
            message: "must be an object {\"common\": [...], \"custom\": [...]}".into(),
        }]);
    }
    Schemas::parse(Some(&v))?;
    Ok(v)
}

/// Each problem as one line: `schemas.custom[0].type: must be one of ...`.
pub fn to_lines(problems: &[SchemaError]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

/// The schemas as the editor first shows them.
pub fn schemas_text(v: &Value) -> String {
    if v.is_null() {
        "{\n  \"common\": [],\n  \"custom\": []\n}".into()
    } else {
        serde_json::to_string_pretty(v).unwrap_or_default()
    }
}

/// The schemas' text box with its check.
#[component]
pub fn SchemasEditor(
    /// The text being edited.
    text: RwSignal<String>,
    /// Only shown (the person may not change request types).
    #[prop(optional)]
    readonly: bool,
) -> impl IntoView {
    let checked = Memo::new(move |_| text.with(|t| check_schemas(t).map(|_| ()).map_err(|e| to_lines(&e))));
    view! {
        <label class="field">
            "Schemas (JSON)"
            <textarea
                class="schemas-json"
                data-testid="schemas-json"
                spellcheck="false"
                readonly=readonly
                aria-invalid=move || checked.with(Result::is_err).to_string()
                aria-describedby="schemas-check"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
        </label>
        <div id="schemas-check">
            {move || match checked.get() {
                Ok(()) => view! { <p class="hint" data-testid="schemas-ok">"The schemas are valid."</p> }.into_any(),
                Err(lines) => {
                    view! {
                        <ul class="field__error" role="alert" data-testid="schemas-errors">
                            {lines.into_iter().map(|l| view! { <li data-testid="schemas-error">{l}</li> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn problems_name_where_they_are() {
        let at = |t: &str| {
            check_schemas(t)
                .unwrap_err()
                .into_iter()
                .map(|e| e.path)
                .collect::<Vec<_>>()
        };
        assert!(check_schemas(r#"{"common": [], "custom": []}"#).is_ok());
        let e = check_schemas("{\"common\": [}").unwrap_err();
        assert_eq!(e[0].path, "schemas");
        assert!(e[0].message.contains("line 1"), "{}", e[0]);
        assert_eq!(at("[]"), ["schemas"]);
        assert_eq!(at("null"), ["schemas"]);
        assert_eq!(at(r#"{"extra": []}"#), ["schemas.extra"]);
        assert_eq!(at(r#"{"custom": {}}"#), ["schemas.custom"]);
        assert_eq!(
            at(r#"{"common": [{"name": "a", "type": "colour"}], "custom": [{"name": " ", "type": "text"}]}"#),
            ["schemas.common[0].type", "schemas.custom[0].name"]
        );
    }
}
