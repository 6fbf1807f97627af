//! A request type's schemas (`schemas: {common: [..], custom: [..]}`) as rules over a
//! request body `{common: {..}, custom: {..}}`: what `publish` accepts, what a change to
//! a request (`modify`, PUT, PATCH) may touch, and what the portal checks before sending.
//!
//! A schema property is `{name, displayName?, type, required?, isMultiValue?}` with
//! `type` one of `text` (also `string`), `date` (`YYYY-MM-DD` or an RFC 3339 date-time),
//! `boolean`, `number` (also `integer`) or `object`. `common` always allows the keys
//! every request has (`priority`, `justification`, `startDate`, `endDate`,
//! `externalRequestId`, `isDraft`, `requestIdPrefix`, `userId`, `blob`, and the
//! `accessModifier` and `expiryDate` a create writes); `custom`
//! allows only what its schema names. Errors name the property by its path.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::filter::is_date_time;
use crate::form::is_date;

/// The `common` keys every request may carry, whatever its type's schema says.
pub const COMMON_KEYS: [&str; 11] = [
    "priority",
    "justification",
    "startDate",
    "endDate",
    "externalRequestId",
    "isDraft",
    "requestIdPrefix",
    "userId",
    "blob",
    "accessModifier",
    "expiryDate",
];

/// One property of a request type's schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaProperty {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(rename = "type", default = "text")]
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub is_multi_value: bool,
}

impl SchemaProperty {
    /// A single-valued property with a display name.
    pub fn new(name: &str, display: &str, kind: &str, required: bool) -> Self {
        Self {
            name: name.into(),
            display_name: Some(display.into()),
            kind: kind.into(),
            required,
            is_multi_value: false,
        }
    }

    /// The same property, holding a list of values.
    pub fn multi_valued(self) -> Self {
        Self {
            is_multi_value: true,
            ..self
        }
    }
}

fn text() -> String {
    "text".into()
}

/// A request type's two schemas (read with [`Schemas::parse`], which names every
/// problem; written as `{common: [..], custom: [..]}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schemas {
    pub common: Vec<SchemaProperty>,
    pub custom: Vec<SchemaProperty>,
}

/// A broken schema or body rule, naming where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// `schemas.custom[2].type`, `custom.model`, ...
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

const KINDS: [&str; 7] = ["text", "string", "date", "boolean", "number", "integer", "object"];

fn err(path: impl Into<String>, message: impl Into<String>) -> SchemaError {
    SchemaError {
        path: path.into(),
        message: message.into(),
    }
}

impl Schemas {
    /// Reads a type's `schemas` value (absent or null = none), every problem named.
    pub fn parse(schemas: Option<&Value>) -> Result<Schemas, Vec<SchemaError>> {
        let mut out = Schemas::default();
        let mut errors = Vec::new();
        let map = match schemas {
            None | Some(Value::Null) => return Ok(out),
            Some(Value::Object(m)) => m,
            Some(_) => return Err(vec![err("schemas", "must be an object {common: [..], custom: [..]}")]),
        };
        if let Some(k) = map.keys().find(|k| !["common", "custom"].contains(&k.as_str())) {
            errors.push(err(format!("schemas.{k}"), "is not a schema; use common or custom"));
        }
        for (key, into) in [("common", &mut out.common), ("custom", &mut out.custom)] {
            let items = match map.get(key) {
                None | Some(Value::Null) => continue,
                Some(Value::Array(items)) => items,
                Some(_) => {
                    errors.push(err(format!("schemas.{key}"), "must be an array of properties"));
                    continue;
                }
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("schemas.{key}[{i}]");
                match serde_json::from_value::<SchemaProperty>(item.clone()) {
                    Err(e) => errors.push(err(at, format!("is not a property {{name, type, required}}: {e}"))),
                    Ok(p) if p.name.trim().is_empty() => errors.push(err(format!("{at}.name"), "is required")),
                    Ok(p) if !KINDS.contains(&p.kind.as_str()) => errors.push(err(
                        format!("{at}.type"),
                        format!("must be one of {}, got '{}'", KINDS.join(", "), p.kind),
                    )),
                    Ok(p) if into.iter().any(|q| q.name == p.name) => {
                        errors.push(err(format!("{at}.name"), format!("'{}' is named twice", p.name)))
                    }
                    Ok(p) => into.push(p),
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Checks a request body `{common, custom}` against the schemas.
    pub fn check(&self, body: &Value) -> Vec<SchemaError> {
        let mut errors = Vec::new();
        let Value::Object(map) = body else {
            return vec![err("request", "must be an object {common: {..}, custom: {..}}")];
        };
        if let Some(k) = map.keys().find(|k| !["common", "custom", "_rev"].contains(&k.as_str())) {
            errors.push(err(k.clone(), "is not part of a request; use common and custom"));
        }
        let empty = Map::new();
        for (key, props) in [("common", &self.common), ("custom", &self.custom)] {
            let part = match map.get(key) {
                None | Some(Value::Null) => &empty,
                Some(Value::Object(m)) => m,
                Some(_) => {
                    errors.push(err(key, "must be an object"));
                    continue;
                }
            };
            for (name, value) in part {
                match props.iter().find(|p| &p.name == name) {
                    Some(p) => check_value(p, &format!("{key}.{name}"), value, &mut errors),
                    None if key == "common" && COMMON_KEYS.contains(&name.as_str()) => {
                        check_common(name, value, &mut errors)
                    }
                    None => errors.push(err(
                        format!("{key}.{name}"),
                        "is not a property of this request type's schema",
                    )),
                }
            }
            for p in props.iter().filter(|p| p.required) {
                if part.get(&p.name).is_none_or(is_empty) {
                    errors.push(err(format!("{key}.{}", p.name), "is required"));
                }
            }
        }
        errors
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn check_value(p: &SchemaProperty, path: &str, value: &Value, errors: &mut Vec<SchemaError>) {
    if value.is_null() {
        return;
    }
    if p.is_multi_value {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_one(&p.kind, &format!("{path}[{i}]"), item, errors);
                }
            }
            _ => errors.push(err(path, "must be an array (the property is multi-valued)")),
        }
    } else {
        check_one(&p.kind, path, value, errors);
    }
}

fn check_one(kind: &str, path: &str, value: &Value, errors: &mut Vec<SchemaError>) {
    let ok = match kind {
        "date" => value.as_str().is_some_and(|s| is_date(s) || is_date_time(s)),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "object" => value.is_object(),
        _ => value.is_string(),
    };
    if !ok {
        let what = match kind {
            "date" => "a date (YYYY-MM-DD or an ISO 8601 date-time)",
            "boolean" => "true or false",
            "number" => "a number",
            "integer" => "a whole number",
            "object" => "an object",
            _ => "text",
        };
        errors.push(err(path, format!("must be {what}")));
    }
}

fn check_common(name: &str, value: &Value, errors: &mut Vec<SchemaError>) {
    let path = format!("common.{name}");
    match name {
        "priority" => {
            if !matches!(value.as_str(), Some("low" | "medium" | "high")) && !value.is_null() {
                errors.push(err(path, "must be low, medium or high"));
            }
        }
        "startDate" | "endDate" => check_one("date", &path, value, errors),
        "isDraft" => check_one("boolean", &path, value, errors),
        "blob" => check_one("object", &path, value, errors),
        "accessModifier" => {
            if !matches!(value.as_str(), Some("add" | "remove")) && !value.is_null() {
                errors.push(err(path, "must be add or remove"));
            }
        }
        // A create accepts a date-time or a number (as PingOne's clients send).
        "expiryDate" if value.is_number() => {}
        "expiryDate" => check_one("date", &path, value, errors),
        _ => check_one("text", &path, value, errors),
    }
}

/// The properties of `new` that differ from `old` (as `common.x` / `custom.y` paths).
pub fn changed_properties(old: &Value, new: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["common", "custom"] {
        let (a, b) = (old.get(key), new.get(key));
        let empty = Map::new();
        let a = a.and_then(Value::as_object).unwrap_or(&empty);
        let b = b.and_then(Value::as_object).unwrap_or(&empty);
        let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
        names.sort();
        names.dedup();
        for n in names {
            let (x, y) = (a.get(n).unwrap_or(&Value::Null), b.get(n).unwrap_or(&Value::Null));
            if x != y {
                out.push(format!("{key}.{n}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn laptop() -> Schemas {
        Schemas::parse(Some(&json!({"custom": [
            {"name": "model", "type": "text", "required": true},
            {"name": "memory", "type": "number"},
            {"name": "needed", "type": "date"},
            {"name": "extras", "type": "text", "isMultiValue": true},
            {"name": "loaner", "type": "boolean"}
        ]})))
        .unwrap()
    }

    fn paths(errors: &[SchemaError]) -> Vec<&str> {
        errors.iter().map(|e| e.path.as_str()).collect()
    }

    #[test]
    fn schemas_are_read_with_every_problem_named() {
        assert_eq!(Schemas::parse(None).unwrap(), Schemas::default());
        assert_eq!(laptop().custom.len(), 5);
        assert_eq!(laptop().custom[0].kind, "text");
        let errors = Schemas::parse(Some(&json!({"custom": [{"name": ""}, {"name": "a", "type": "blob"},
            {"name": "b"}, {"name": "b"}], "common": {}, "other": []})))
        .unwrap_err();
        assert_eq!(
            paths(&errors),
            vec![
                "schemas.other",
                "schemas.common",
                "schemas.custom[0].name",
                "schemas.custom[1].type",
                "schemas.custom[3].name"
            ]
        );
        assert!(Schemas::parse(Some(&json!([]))).is_err());
    }

    #[test]
    fn a_body_is_checked_against_types_required_and_unknown_properties() {
        let s = laptop();
        let good = json!({"common": {"justification": "new starter", "priority": "high", "startDate": "2026-12-01"},
            "custom": {"model": "X1", "memory": 32, "needed": "2026-12-01T09:00:00Z", "extras": ["dock"], "loaner": false}});
        assert_eq!(s.check(&good), vec![]);
        let bad = json!({"common": {"priority": "urgent", "colour": "red", "startDate": "soon"},
            "custom": {"memory": "lots", "needed": "2026-13-01", "extras": "dock", "loaner": "no", "wheels": 4},
            "extra": 1});
        assert_eq!(
            paths(&s.check(&bad)),
            vec![
                "extra",
                "common.colour",
                "common.priority",
                "common.startDate",
                "custom.extras",
                "custom.loaner",
                "custom.memory",
                "custom.needed",
                "custom.wheels",
                "custom.model"
            ]
        );
        // What a create writes into every request's common passes, checked.
        let created = json!({"common": {"accessModifier": "remove", "expiryDate": 1_800_000_000_000i64,
            "blob": {"form": {}}}, "custom": {"model": "X1"}});
        assert_eq!(s.check(&created), vec![]);
        let wrong = json!({"common": {"accessModifier": "swap", "expiryDate": "later"}, "custom": {"model": "X1"}});
        assert_eq!(
            paths(&s.check(&wrong)),
            vec!["common.accessModifier", "common.expiryDate"]
        );
        let blank = json!({"custom": {"model": "  "}});
        assert_eq!(s.check(&blank)[0].to_string(), "custom.model: is required");
        assert_eq!(paths(&s.check(&json!([]))), vec!["request"]);
    }

    #[test]
    fn changed_properties_lists_what_differs() {
        let old = json!({"common": {"a": 1, "b": 2}, "custom": {"x": "y"}});
        let new = json!({"common": {"a": 1, "b": 3, "c": null}, "custom": {}});
        assert_eq!(changed_properties(&old, &new), vec!["common.b", "custom.x"]);
    }
}
