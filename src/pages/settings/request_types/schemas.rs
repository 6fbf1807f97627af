//! A request type's `schemas` edited as JSON: the text is parsed as the admin types and
//! checked for the shape the server stores (`{common: [..], custom: [..]}`, each
//! property an object with a `name` and a `type`), and the first problem is shown with
//! where it is (the JSON parser's line and column, or the path of the broken part).

use leptos::prelude::*;
use serde_json::{Map, Value};

/// The first thing wrong with a schemas text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaProblem {
    /// Where: `schemas`, `schemas.common[2].name`, ...
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

fn problem(at: impl Into<String>, message: impl Into<String>) -> SchemaProblem {
    SchemaProblem {
        at: at.into(),
        message: message.into(),
    }
}

fn check_property(p: &Value, at: &str, seen: &mut Vec<String>) -> Result<(), SchemaProblem> {
    let Some(p) = p.as_object() else {
        return Err(problem(
            at,
            "must be an object {name, displayName, type, required, isMultiValue}",
        ));
    };
    let text = |key: &str, p: &Map<String, Value>| match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(problem(format!("{at}.{key}"), "must be a string")),
    };
    let name = text("name", p)?.filter(|n| !n.trim().is_empty());
    let Some(name) = name else {
        return Err(problem(format!("{at}.name"), "is required"));
    };
    if seen.contains(&name) {
        return Err(problem(
            format!("{at}.name"),
            format!("'{name}' is already used in this list"),
        ));
    }
    seen.push(name);
    text("displayName", p)?;
    if text("type", p)?.is_none_or(|t| t.trim().is_empty()) {
        return Err(problem(format!("{at}.type"), "is required (text, date, boolean, ...)"));
    }
    for key in ["required", "isMultiValue"] {
        if !matches!(p.get(key), None | Some(Value::Null) | Some(Value::Bool(_))) {
            return Err(problem(format!("{at}.{key}"), "must be true or false"));
        }
    }
    Ok(())
}

/// Parses and checks a schemas text; the value to store, or the first problem.
pub fn check_schemas(text: &str) -> Result<Value, SchemaProblem> {
    let v: Value = serde_json::from_str(text).map_err(|e| problem("schemas", format!("not valid JSON: {e}")))?;
    let Some(map) = v.as_object() else {
        return Err(problem(
            "schemas",
            "must be an object {\"common\": [...], \"custom\": [...]}",
        ));
    };
    if let Some(k) = map.keys().find(|k| *k != "common" && *k != "custom") {
        return Err(problem(
            format!("schemas.{k}"),
            "is not a schema list; use common or custom",
        ));
    }
    for key in ["common", "custom"] {
        match map.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(props)) => {
                let mut seen = Vec::new();
                for (i, p) in props.iter().enumerate() {
                    check_property(p, &format!("schemas.{key}[{i}]"), &mut seen)?;
                }
            }
            Some(_) => return Err(problem(format!("schemas.{key}"), "must be an array of properties")),
        }
    }
    Ok(v)
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
    let checked = Memo::new(move |_| text.with(|t| check_schemas(t).map(|_| ())));
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
                Err(p) => {
                    view! {
                        <p class="field__error" role="alert" data-testid="schemas-error">{p.to_string()}</p>
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
        assert!(check_schemas(r#"{"common": [], "custom": []}"#).is_ok());
        let e = check_schemas("{\"common\": [}").unwrap_err();
        assert_eq!(e.at, "schemas");
        assert!(e.message.contains("line 1"), "{e}");
        assert_eq!(check_schemas("[]").unwrap_err().at, "schemas");
        assert_eq!(check_schemas(r#"{"extra": []}"#).unwrap_err().at, "schemas.extra");
        assert_eq!(check_schemas(r#"{"custom": {}}"#).unwrap_err().at, "schemas.custom");
        let e = check_schemas(r#"{"custom": [{"name": "a", "type": "text"}, {"type": "text"}]}"#).unwrap_err();
        assert_eq!(e.at, "schemas.custom[1].name");
        let e = check_schemas(r#"{"common": [{"name": "a", "type": ""}]}"#).unwrap_err();
        assert_eq!(e.at, "schemas.common[0].type");
        let e =
            check_schemas(r#"{"common": [{"name": "a", "type": "text"}, {"name": "a", "type": "text"}]}"#).unwrap_err();
        assert!(e.message.contains("already used"));
        let e = check_schemas(r#"{"common": [{"name": "a", "type": "text", "required": "yes"}]}"#).unwrap_err();
        assert_eq!(e.at, "schemas.common[0].required");
    }
}
