//! What the renderer computes without the DOM: the values a form starts with, where each
//! field sits on the 12-column grid, which values are sent (only those of fields that are
//! shown) and the first error per field. Plain functions with ordinary tests.

use std::collections::BTreeMap;

use gatehouse_wire::form::{
    row_lines, set_value_at, value_at, Field, FieldError, FieldType, FormDefinition, Options, Row, GRID_COLUMNS,
};
use serde_json::Value;

/// Fills in the starting value of every input field that has none yet: its
/// `defaultValue`, else (static selects) the option(s) marked `selectedByDefault`, else
/// (checkboxes) `false`: an unticked box is a value, so a `visibleWhen {equals: false}`
/// holds from the start and the body says `false` rather than leaving the key out.
/// Values already present are kept, so running it again after typing changes nothing.
pub fn apply_defaults(definition: &FormDefinition, values: &mut Value) {
    for field in definition.all_fields() {
        let Some(input) = field.input() else { continue };
        let Some(model) = input.model.as_deref().filter(|m| !m.is_empty()) else {
            continue;
        };
        if value_at(values, model).is_some() {
            continue;
        }
        let default = match (&input.default_value, &input.options) {
            (Some(v), _) if !v.is_null() => Some(v.clone()),
            (_, Some(Options::Static(options))) => {
                let mut chosen = options.iter().filter(|o| o.selected_by_default == Some(true));
                match field {
                    Field::Multiselect(_) => {
                        let all: Vec<Value> = chosen.map(|o| o.value.clone()).collect();
                        (!all.is_empty()).then_some(Value::Array(all))
                    }
                    Field::Select(_) => chosen.next().map(|o| o.value.clone()),
                    _ => None,
                }
            }
            _ if matches!(field, Field::Checkbox(_)) => Some(Value::Bool(false)),
            _ => None,
        };
        if let Some(v) = default {
            set_value_at(values, model, v);
        }
    }
}

/// What a field's starting value depends on: where it goes, its type and its default
/// (by field id; a plain list, a form has a few dozen fields at most).
type Start<'a> = (&'a str, &'a str, Option<FieldType>, Option<&'a Value>);

fn starts(definition: &FormDefinition) -> Vec<Start<'_>> {
    definition
        .all_fields()
        .into_iter()
        .filter_map(|f| {
            let input = f.input()?;
            let model = input.model.as_deref().filter(|m| !m.is_empty())?;
            Some((input.id.as_str(), model, f.field_type(), input.default_value.as_ref()))
        })
        .collect()
}

/// The models whose values a live preview drops when its definition goes from `before`
/// to `after`: a field (by id) whose model, type or default changed leaves its old and
/// its new model to start afresh ([`apply_defaults`] then fills in the new default).
pub fn stale_models(before: &FormDefinition, after: &FormDefinition) -> Vec<String> {
    let (old, new) = (starts(before), starts(after));
    let mut out: Vec<String> = Vec::new();
    let mut push = |m: &str| {
        if !out.iter().any(|o| o == m) {
            out.push(m.to_string());
        }
    };
    for now in &new {
        match old.iter().find(|was| was.0 == now.0) {
            Some(was) if was == now => {}
            Some(was) => {
                push(was.1);
                push(now.1);
            }
            None => push(now.1),
        }
    }
    out
}

/// One field on a line of the grid: its index in the row, the first grid column it
/// takes (1-based, after its offset) and how many columns it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub index: usize,
    pub start: i64,
    pub columns: i64,
}

impl Placement {
    /// The CSS classes that place the field (`start-5 col-4`): no inline styles, the
    /// content security policy forbids them.
    pub fn classes(&self) -> String {
        format!("form-cell start-{} col-{}", self.start, self.columns)
    }
}

/// The lines of a row (see [`row_lines`]) with each field's place on its line.
pub fn placements(row: &Row) -> Vec<Vec<Placement>> {
    row_lines(row)
        .into_iter()
        .map(|line| {
            let mut used = 0;
            line.into_iter()
                .map(|index| {
                    let layout = row.fields[index].layout().unwrap_or_default();
                    let columns = layout.columns().clamp(1, GRID_COLUMNS);
                    let offset = layout.offset().clamp(0, GRID_COLUMNS - 1);
                    let start = (used + offset + 1).min(GRID_COLUMNS);
                    let columns = columns.min(GRID_COLUMNS - start + 1);
                    used = start - 1 + columns;
                    Placement { index, start, columns }
                })
                .collect()
        })
        .collect()
}

/// The body to send: the values, without those of fields hidden by `visibleWhen`
/// (or sitting in a hidden section), which the requester cannot see or change.
pub fn shown_body(definition: &FormDefinition, values: &Value) -> Value {
    fn hidden(rows: &[Row], values: &Value, parent_hidden: bool, out: &mut Vec<String>) {
        for field in rows.iter().flat_map(|r| &r.fields) {
            let is_hidden = parent_hidden || !field.is_visible(values);
            if let Field::Section(s) = field {
                hidden(&s.fields, values, is_hidden, out);
            } else if let (true, Some(model)) = (is_hidden, field.model()) {
                out.push(model.to_string());
            }
        }
    }
    let mut models = Vec::new();
    hidden(&definition.fields, values, false, &mut models);
    let mut body = values.clone();
    for model in models {
        remove_value_at(&mut body, &model);
    }
    body
}

/// Removes the value at a dot path; objects left empty on the way are removed too.
pub fn remove_value_at(values: &mut Value, path: &str) {
    let Some((head, rest)) = path.split_once('.') else {
        if let Value::Object(map) = values {
            map.remove(path);
        }
        return;
    };
    let Value::Object(map) = values else { return };
    if let Some(inner) = map.get_mut(head) {
        remove_value_at(inner, rest);
        if inner.as_object().is_some_and(|o| o.is_empty()) {
            map.remove(head);
        }
    }
}

/// The first error of each field, by model.
pub fn errors_by_model(errors: Vec<FieldError>) -> BTreeMap<String, String> {
    let mut by_model = BTreeMap::new();
    for e in errors {
        by_model.entry(e.model).or_insert(e.message);
    }
    by_model
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn def(rows: Value) -> FormDefinition {
        serde_json::from_value(json!({ "fields": rows })).unwrap()
    }

    #[wasm_bindgen_test]
    fn defaults_fill_only_what_is_missing() {
        let d = def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "string", "model": "custom.a", "defaultValue": "x"},
            {"id": "b", "type": "select", "model": "custom.b",
             "options": [{"value": "1"}, {"value": "2", "selectedByDefault": true}]},
            {"id": "c", "type": "multiselect", "model": "c",
             "options": [{"value": 1, "selectedByDefault": true}, {"value": 2, "selectedByDefault": true}]},
            {"id": "d", "type": "checkbox", "model": "custom.d", "defaultValue": true},
            {"id": "e", "type": "string", "model": "custom.e"},
            {"id": "f", "type": "checkbox", "model": "custom.f"}
        ]}]));
        let mut values = json!({"custom": {"a": "typed"}});
        apply_defaults(&d, &mut values);
        assert_eq!(
            values,
            json!({"custom": {"a": "typed", "b": "2", "d": true, "f": false}, "c": [1, 2]})
        );
    }

    #[wasm_bindgen_test]
    fn an_unticked_checkbox_is_false_so_rules_on_false_hold_and_the_body_says_so() {
        let d = def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "checkbox", "model": "custom.own"},
            {"id": "b", "type": "string", "model": "custom.reason",
             "visibleWhen": {"model": "custom.own", "equals": false}}
        ]}]));
        let mut values = json!({});
        apply_defaults(&d, &mut values);
        assert!(d.fields[0].fields[1].is_visible(&values));
        set_value_at(&mut values, "custom.reason", json!("shared laptop"));
        assert_eq!(
            shown_body(&d, &values),
            json!({"custom": {"own": false, "reason": "shared laptop"}})
        );
    }

    #[wasm_bindgen_test]
    fn a_changed_default_model_or_type_makes_its_values_stale() {
        let before = def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "string", "model": "custom.a", "defaultValue": "x"},
            {"id": "b", "type": "string", "model": "custom.b"},
            {"id": "c", "type": "string", "model": "custom.c"}
        ]}]));
        let after = def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "string", "model": "custom.a", "defaultValue": "y"},
            {"id": "b", "type": "string", "model": "custom.renamed"},
            {"id": "c", "type": "checkbox", "model": "custom.c"},
            {"id": "d", "type": "string", "model": "custom.d", "label": "new"}
        ]}]));
        let mut stale = stale_models(&before, &after);
        stale.sort();
        assert_eq!(
            stale,
            ["custom.a", "custom.b", "custom.c", "custom.d", "custom.renamed"]
        );
        assert!(
            stale_models(&after, &after).is_empty(),
            "a label change keeps what was typed"
        );
        // Dropped, then the new defaults: what the preview shows after the change.
        let mut values = json!({"custom": {"a": "x", "b": "typed", "c": "text"}});
        for m in stale_models(&before, &after) {
            remove_value_at(&mut values, &m);
        }
        apply_defaults(&after, &mut values);
        assert_eq!(values, json!({"custom": {"a": "y", "c": false}}));
    }

    #[wasm_bindgen_test]
    fn placements_follow_offsets_and_wrap() {
        let d = def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "string", "layout": {"columns": 4, "offset": 2}},
            {"id": "b", "type": "string", "layout": {"columns": 6}},
            {"id": "c", "type": "string", "layout": {"columns": 12}},
            {"id": "d", "type": "string"}
        ]}]));
        let lines = placements(&d.fields[0]);
        let starts: Vec<Vec<(i64, i64)>> = lines
            .iter()
            .map(|l| l.iter().map(|p| (p.start, p.columns)).collect())
            .collect();
        assert_eq!(starts, vec![vec![(3, 4), (7, 6)], vec![(1, 12)], vec![(1, 12)]]);
        assert_eq!(lines[0][0].classes(), "form-cell start-3 col-4");
    }

    #[wasm_bindgen_test]
    fn hidden_fields_are_left_out_of_the_body() {
        let d = def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "checkbox", "model": "custom.more"},
            {"id": "b", "type": "string", "model": "custom.other",
             "visibleWhen": {"model": "custom.more", "equals": true}},
            {"id": "s", "type": "section", "visibleWhen": {"model": "custom.more", "equals": true},
             "fields": [{"id": "r2", "fields": [{"id": "c", "type": "string", "model": "extra.x"}]}]}
        ]}]));
        let values = json!({"custom": {"more": false, "other": "o"}, "extra": {"x": "y"}});
        assert_eq!(shown_body(&d, &values), json!({"custom": {"more": false}}));
        let values = json!({"custom": {"more": true, "other": "o"}, "extra": {"x": "y"}});
        assert_eq!(shown_body(&d, &values), values);
    }

    #[wasm_bindgen_test]
    fn the_first_error_of_a_field_wins() {
        let e = |model: &str, message: &str| FieldError {
            model: model.into(),
            field_id: "f".into(),
            message: message.into(),
        };
        let by_model = errors_by_model(vec![e("a", "one"), e("a", "two"), e("b", "three")]);
        assert_eq!(by_model.get("a").map(String::as_str), Some("one"));
        assert_eq!(by_model.len(), 2);
    }
}
