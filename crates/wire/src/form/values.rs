//! The values a requester submits, checked against a definition: required fields,
//! JavaScript regexes (through a matcher the caller passes), options, dates, checkboxes.

use serde_json::{Map, Value};

use super::{Field, FieldType, FormDefinition, InputField, Options, Row};

/// The value at a dot path (`custom.givenName`) of the submitted body.
pub fn value_at<'a>(values: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(values, |v, seg| v.as_object()?.get(seg))
}

/// Sets the value at a dot path, creating objects on the way (a non-object on the way is
/// replaced by an object).
pub fn set_value_at(values: &mut Value, path: &str, value: Value) {
    let mut v = values;
    let segs: Vec<&str> = path.split('.').collect();
    for (i, seg) in segs.iter().enumerate() {
        if !v.is_object() {
            *v = Value::Object(Map::new());
        }
        let Value::Object(map) = v else { return };
        if i + 1 == segs.len() {
            map.insert((*seg).to_string(), value);
            return;
        }
        v = map
            .entry((*seg).to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// A value a requester entered that breaks a field's rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{model}: {message}")]
pub struct FieldError {
    /// The field's model (dot path), the key the portal shows the error under.
    pub model: String,
    pub field_id: String,
    pub message: String,
}

/// Runs a JavaScript regex: `(pattern, value)` → whether `value` matches, or why the
/// pattern cannot be used.
pub type Matcher<'a> = &'a dyn Fn(&str, &str) -> Result<bool, String>;

/// Checks submitted values (the nested body, `{"custom": {"givenName": "x"}}`) against a
/// definition: required fields, regexes (through `matcher`), option membership of
/// static selects, dates (`YYYY-MM-DD`, a real calendar date), checkboxes (booleans)
/// and types. Fields hidden by `visibleWhen` (or inside a hidden section) are skipped
/// entirely: they are not required and what they hold is not checked. Values the form
/// does not ask for are left alone.
pub fn validate_values(
    definition: &FormDefinition,
    values: &Value,
    matcher: &dyn Fn(&str, &str) -> Result<bool, String>,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    validate_rows(&definition.fields, values, matcher, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn validate_rows(rows: &[Row], values: &Value, matcher: Matcher<'_>, errors: &mut Vec<FieldError>) {
    for field in rows.iter().flat_map(|r| &r.fields) {
        if !field.is_visible(values) {
            continue;
        }
        if let Field::Section(s) = field {
            validate_rows(&s.fields, values, matcher, errors);
            continue;
        }
        let (Some(kind), Some(input)) = (field.field_type(), field.input()) else {
            continue;
        };
        let Some(model) = input.model.as_deref().filter(|m| !m.is_empty()) else {
            continue;
        };
        if let Err(message) = check_value(kind, input, value_at(values, model), matcher, true) {
            errors.push(FieldError {
                model: model.to_string(),
                field_id: input.id.clone(),
                message,
            });
        }
    }
}

/// One field's rule for one value (`None` = not given). `required` off checks only
/// what is given (a default value).
pub(super) fn check_value(
    kind: FieldType,
    f: &InputField,
    value: Option<&Value>,
    matcher: Matcher<'_>,
    enforce_required: bool,
) -> Result<(), String> {
    let name = f.display_name();
    let required = enforce_required && f.is_required();
    let missing = || {
        if required {
            Err(format!("{name} is required"))
        } else {
            Ok(())
        }
    };
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return missing();
    };
    match kind {
        FieldType::String | FieldType::Textarea | FieldType::Date => {
            let Some(text) = value.as_str() else {
                return Err(format!("{name} must be text, got {value}"));
            };
            if text.trim().is_empty() {
                return missing();
            }
            if kind == FieldType::Date && !is_date(text) {
                return Err(format!(
                    "{name} must be a date written YYYY-MM-DD (a real calendar date), got '{text}'"
                ));
            }
            check_regex(f, text, matcher)
        }
        FieldType::Checkbox => match value {
            Value::Bool(true) => Ok(()),
            Value::Bool(false) if required => Err(format!("{name} must be checked")),
            Value::Bool(false) => Ok(()),
            other => Err(format!("{name} must be true or false, got {other}")),
        },
        FieldType::Select => {
            if value.as_str().is_some_and(|s| s.is_empty()) {
                return missing();
            }
            check_option(f, value, name)
        }
        FieldType::Multiselect => {
            let Some(items) = value.as_array() else {
                return Err(format!("{name} must be a list of choices, got {value}"));
            };
            if items.is_empty() {
                return missing();
            }
            let mut seen = Vec::new();
            for item in items {
                check_option(f, item, name)?;
                if seen.contains(&item) {
                    return Err(format!("{name} lists {item} twice"));
                }
                seen.push(item);
            }
            Ok(())
        }
        FieldType::FormText | FieldType::Section => Ok(()),
    }
}

fn check_option(f: &InputField, value: &Value, name: &str) -> Result<(), String> {
    match &f.options {
        Some(Options::Static(options)) => {
            if options.iter().any(|o| o.value == *value) {
                Ok(())
            } else {
                let allowed: Vec<String> = options.iter().map(|o| o.value.to_string()).collect();
                Err(format!(
                    "{name}: {value} is not one of the options ({})",
                    allowed.join(", ")
                ))
            }
        }
        Some(Options::Lookup(lookup)) => match value.as_str() {
            Some(id) if !id.trim().is_empty() => Ok(()),
            _ => Err(format!("{name} must be the id of a {}, got {value}", lookup.object)),
        },
        None => Err(format!("{name} has no options to choose from")),
    }
}

fn check_regex(f: &InputField, text: &str, matcher: Matcher<'_>) -> Result<(), String> {
    let Some(rule) = f.regex() else {
        return Ok(());
    };
    let pattern = rule.active_pattern().unwrap_or_default();
    match matcher(pattern, text) {
        Ok(true) => Ok(()),
        Ok(false) => Err(rule
            .message
            .clone()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or_else(|| format!("{} does not match the pattern {pattern}", f.display_name()))),
        Err(e) => Err(format!(
            "the pattern of {} is not a valid regular expression: {e}",
            f.display_name()
        )),
    }
}

/// Whether `s` is `YYYY-MM-DD` naming a real day (years 0001..9999).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r.clone())
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|t| t.parse().ok())
    };
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::check_definition;
    use crate::form::test_support::*;
    use serde_json::json;
    #[test]
    fn the_example_validates_values() {
        let (_, form) = example();
        let d = &form.form;
        let good = json!({"custom": {"givenName": "Ada", "phone": "555-1234", "position": "other", "manager": "u-1",
            "startDate": "2026-02-28", "notes": "", "laptop": true, "groups": ["it", "sales"]}});
        assert_eq!(errors(d, good.clone()), Vec::<String>::new());
        let minimal = json!({"custom": {"givenName": "Ada", "phone": "555-1234", "position": "one", "manager": "u-1"}});
        assert_eq!(errors(d, minimal), Vec::<String>::new());
        let all = errors(d, json!({}));
        assert_eq!(
            all,
            [
                "custom.givenName: Given Name is required",
                "custom.phone: Cell number is required",
                "custom.position: Position is required",
                "custom.manager: Manager is required",
            ]
        );
        let mut bad = good;
        bad["custom"]["phone"] = json!("5551234");
        bad["custom"]["startDate"] = json!("2026-02-30");
        bad["custom"]["groups"] = json!(["it", "hr"]);
        let es = validate_values(d, &bad, &test_matcher).unwrap_err();
        assert_eq!(
            es[0],
            FieldError {
                model: "custom.phone".into(),
                field_id: "f2".into(),
                message: "Fix phone".into()
            }
        );
        assert!(es[1].message.contains("real calendar date"), "{}", es[1]);
        assert!(es[2].message.contains("\"hr\" is not one of the options"), "{}", es[2]);
        assert_eq!(es.len(), 3);
    }

    #[test]
    fn text_fields() {
        let d = one(
            json!({"id": "f", "type": "string", "model": "custom.name", "label": "Name",
            "validation": {"required": true, "regex": {"pattern": "^[A-Z]"}}}),
        );
        assert!(errors(&d, json!({"custom": {"name": "Bob"}})).is_empty());
        assert_eq!(
            errors(&d, json!({"custom": {"name": "   "}})),
            ["custom.name: Name is required"]
        );
        assert_eq!(
            errors(&d, json!({"custom": {"name": null}})),
            ["custom.name: Name is required"]
        );
        assert_eq!(
            errors(&d, json!({"custom": {"name": 5}})),
            ["custom.name: Name must be text, got 5"]
        );
        assert_eq!(
            errors(&d, json!({"custom": {"name": "bob"}})),
            ["custom.name: Name does not match the pattern ^[A-Z]"]
        );
        // A value that is not an object on the way is as good as missing.
        assert_eq!(errors(&d, json!({"custom": "x"})), ["custom.name: Name is required"]);
        let optional = one(
            json!({"id": "f", "type": "textarea", "model": "notes", "validation": {"regex": {"pattern": "^[A-Z]"}}}),
        );
        assert!(errors(&optional, json!({})).is_empty());
        assert!(
            errors(&optional, json!({"notes": ""})).is_empty(),
            "an empty optional value skips the regex"
        );
        assert_eq!(
            errors(&optional, json!({"notes": "x"})),
            ["notes: notes does not match the pattern ^[A-Z]"]
        );
        let broken =
            one(json!({"id": "f", "type": "string", "model": "a", "validation": {"regex": {"pattern": "(x"}}}));
        assert!(errors(&broken, json!({"a": "x"}))[0].contains("not a valid regular expression"));
    }

    #[test]
    fn checkboxes() {
        let d = one(json!({"id": "c", "type": "checkbox", "model": "ok", "label": "Accept"}));
        assert!(errors(&d, json!({"ok": false})).is_empty());
        assert!(errors(&d, json!({})).is_empty());
        assert_eq!(
            errors(&d, json!({"ok": "yes"})),
            ["ok: Accept must be true or false, got \"yes\""]
        );
        let req = one(
            json!({"id": "c", "type": "checkbox", "model": "ok", "label": "Accept", "validation": {"required": true}}),
        );
        assert_eq!(errors(&req, json!({"ok": false})), ["ok: Accept must be checked"]);
        assert_eq!(errors(&req, json!({})), ["ok: Accept is required"]);
        assert!(errors(&req, json!({"ok": true})).is_empty());
    }

    #[test]
    fn selects_and_multiselects() {
        let s = one(
            json!({"id": "s", "type": "select", "model": "p", "label": "P", "validation": {"required": true},
            "options": [{"label": "One", "value": "one"}, {"label": "Two", "value": 2}]}),
        );
        assert!(errors(&s, json!({"p": "one"})).is_empty());
        assert!(errors(&s, json!({"p": 2})).is_empty());
        assert_eq!(
            errors(&s, json!({"p": "2"})),
            ["p: P: \"2\" is not one of the options (\"one\", 2)"]
        );
        assert_eq!(errors(&s, json!({"p": ""})), ["p: P is required"]);
        let m = one(
            json!({"id": "m", "type": "multiselect", "model": "g", "label": "G", "validation": {"required": true},
            "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]}),
        );
        assert!(errors(&m, json!({"g": ["a", "b"]})).is_empty());
        assert_eq!(errors(&m, json!({"g": []})), ["g: G is required"]);
        assert_eq!(
            errors(&m, json!({"g": "a"})),
            ["g: G must be a list of choices, got \"a\""]
        );
        assert_eq!(errors(&m, json!({"g": ["a", "a"]})), ["g: G lists \"a\" twice"]);
        assert!(errors(&m, json!({"g": ["c"]}))[0].contains("not one of the options"));
        let lookup = one(json!({"id": "l", "type": "select", "model": "u", "label": "U",
            "options": {"object": "user", "queryFilter": "true"}}));
        assert!(errors(&lookup, json!({"u": "abc"})).is_empty());
        assert_eq!(
            errors(&lookup, json!({"u": 5})),
            ["u: U must be the id of a user, got 5"]
        );
    }

    #[test]
    fn dates() {
        let d = one(json!({"id": "d", "type": "date", "model": "when", "label": "When"}));
        for ok in ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"] {
            assert!(errors(&d, json!({"when": ok})).is_empty(), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024-01-01T00:00:00Z",
            "2024/01/01",
            "0000-01-01",
            "２０２４-01-01",
        ] {
            assert!(errors(&d, json!({"when": bad}))[0].contains("YYYY-MM-DD"), "{bad}");
        }
    }

    #[test]
    fn hidden_fields_are_not_required() {
        let d = def(json!([{"id": "r1", "fields": [
            {"id": "a", "type": "select", "model": "custom.position", "options": [{"label": "One", "value": "one"}, {"label": "Other", "value": "other"}]},
            {"id": "b", "type": "string", "model": "custom.other", "label": "Other", "validation": {"required": true},
             "visibleWhen": {"model": "custom.position", "equals": "other"}},
        ]}, {"id": "r2", "fields": [
            {"id": "s", "type": "section", "visibleWhen": {"model": "custom.position", "equals": "other"}, "fields": [
                {"id": "r3", "fields": [{"id": "c", "type": "date", "model": "custom.since", "label": "Since", "validation": {"required": true}}]}
            ]}
        ]}]));
        check_definition(&d, &compiles).unwrap();
        assert!(errors(&d, json!({"custom": {"position": "one"}})).is_empty());
        assert!(
            errors(&d, json!({"custom": {"position": "one", "since": "junk"}})).is_empty(),
            "hidden values are not checked"
        );
        assert_eq!(
            errors(&d, json!({"custom": {"position": "other"}})),
            ["custom.other: Other is required", "custom.since: Since is required"]
        );
    }

    #[test]
    fn values_by_dot_path() {
        let mut v = json!({});
        set_value_at(&mut v, "custom.a.b", json!(1));
        set_value_at(&mut v, "top", json!("x"));
        assert_eq!(v, json!({"custom": {"a": {"b": 1}}, "top": "x"}));
        assert_eq!(value_at(&v, "custom.a.b"), Some(&json!(1)));
        assert_eq!(value_at(&v, "custom.a.c"), None);
        assert_eq!(value_at(&v, "top.x"), None);
    }
}
