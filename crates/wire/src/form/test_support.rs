//! What the form tests share: the PingOne example, a stand-in regex engine, builders.

use serde_json::{json, Value};

use super::{check_definition, validate_values, FormDefinition, RequestForm};

const EXAMPLE: &str = include_str!("../../../server/seed/pingone-form-example.json");

/// A stand-in for a JavaScript regex engine, for the few patterns the tests use.
pub fn test_matcher(pattern: &str, value: &str) -> Result<bool, String> {
    match pattern {
        r"^\d{3}-\d{4}$" => Ok(value.len() == 8
            && value
                .chars()
                .enumerate()
                .all(|(i, c)| if i == 3 { c == '-' } else { c.is_ascii_digit() })),
        "^[A-Z]" => Ok(value.chars().next().is_some_and(|c| c.is_ascii_uppercase())),
        p if p.contains('(') && !p.contains(')') => Err("unterminated group".into()),
        _ => Ok(true),
    }
}

pub fn compiles(pattern: &str) -> Result<(), String> {
    test_matcher(pattern, "").map(|_| ())
}

pub fn example() -> (Value, RequestForm) {
    let raw: Value = serde_json::from_str(EXAMPLE).unwrap();
    let form: RequestForm = serde_json::from_value(raw.clone()).unwrap();
    (raw, form)
}

pub fn def(rows: Value) -> FormDefinition {
    serde_json::from_value(json!({ "fields": rows })).unwrap()
}

pub fn one(field: Value) -> FormDefinition {
    def(json!([{ "id": "r1", "fields": [field] }]))
}

pub fn errors(d: &FormDefinition, values: Value) -> Vec<String> {
    match validate_values(d, &values, &test_matcher) {
        Ok(()) => vec![],
        Err(es) => es.into_iter().map(|e| e.to_string()).collect(),
    }
}

pub fn def_errors(d: &FormDefinition) -> Vec<String> {
    match check_definition(d, &compiles) {
        Ok(()) => vec![],
        Err(es) => es.into_iter().map(|e| e.to_string()).collect(),
    }
}
