//! The rules of a form definition ([`check_definition`]) and how a row is laid out on
//! the 12-column grid ([`row_lines`]).

use std::collections::{BTreeMap, BTreeSet};

use super::values::check_value;
use super::{
    Field, FieldType, FormDefinition, Options, RegexRule, Row, GRID_COLUMNS, LOOKUP_OBJECTS, MAX_PATTERN_CHARS,
};

/// Something wrong with a definition. `field_id` is the field's (or row's) id, so the
/// builder can show the error there; `message` names it too.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DefinitionError {
    pub field_id: String,
    pub message: String,
}

fn def_err(field_id: &str, message: String) -> DefinitionError {
    DefinitionError {
        field_id: field_id.to_string(),
        message,
    }
}

/// The one text an error body carries for several errors (`a; b`).
pub fn describe(errors: &[DefinitionError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Finds what is wrong with a definition: fields without a model or sharing one (or
/// sharing an id), models that are not dot paths, regexes that do not compile (through
/// `matcher_compiles`) or are too long, selects without options (or with an unknown
/// lookup object, a lookup `queryFilter` that does not parse, or repeated option
/// values), `columns`/`offset` out of range, rows whose columns plus offsets exceed 12,
/// default values that break their field's rules, and `visibleWhen` rules naming no
/// field of the form. Unknown field types are kept and only their layout is checked.
pub fn check_definition(
    def: &FormDefinition,
    matcher_compiles: &dyn Fn(&str) -> Result<(), String>,
) -> Result<(), Vec<DefinitionError>> {
    let mut errors = Vec::new();
    let fields = def.all_fields();
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    let mut models: BTreeMap<&str, &str> = BTreeMap::new();
    for f in &fields {
        if let Some(id) = f.id() {
            if !ids.insert(id) {
                errors.push(def_err(id, format!("field id '{id}' is used by more than one field")));
            }
        }
        let (Some(input), Some(id)) = (f.input(), f.id()) else {
            continue;
        };
        match input.model.as_deref().map(str::trim) {
            None | Some("") => errors.push(def_err(id, format!("field '{id}' has no model (where its value goes)"))),
            Some(model) => {
                if model
                    .split('.')
                    .any(|s| s.is_empty() || s.chars().any(char::is_whitespace))
                {
                    errors.push(def_err(
                        id,
                        format!("field '{id}': model '{model}' must be a dot path such as custom.givenName"),
                    ));
                }
                if let Some(other) = models.insert(model, id) {
                    errors.push(def_err(
                        id,
                        format!("field '{id}': model '{model}' is already used by field '{other}'"),
                    ));
                }
            }
        }
    }
    check_rows(&def.fields, &models, matcher_compiles, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_rows(
    rows: &[Row],
    models: &BTreeMap<&str, &str>,
    matcher_compiles: &dyn Fn(&str) -> Result<(), String>,
    errors: &mut Vec<DefinitionError>,
) {
    for (ri, row) in rows.iter().enumerate() {
        let row_name = row.id.clone().unwrap_or_else(|| format!("#{}", ri + 1));
        for field in &row.fields {
            let id = field.id().unwrap_or("?").to_string();
            let layout = field.layout().unwrap_or_default();
            let (columns, offset) = (layout.columns(), layout.offset());
            let columns_ok = (1..=GRID_COLUMNS).contains(&columns);
            let offset_ok = (0..GRID_COLUMNS).contains(&offset);
            if !columns_ok {
                errors.push(def_err(
                    &id,
                    format!("field '{id}': layout.columns must be between 1 and 12, got {columns}"),
                ));
            }
            if !offset_ok {
                errors.push(def_err(
                    &id,
                    format!("field '{id}': layout.offset must be between 0 and 11, got {offset}"),
                ));
            }
            if columns_ok && offset_ok && columns + offset > GRID_COLUMNS {
                errors.push(def_err(
                    &id,
                    format!(
                        "row '{row_name}': field '{id}' needs {} columns (columns {columns} + offset {offset}), \
                         more than the 12 of the grid",
                        columns + offset
                    ),
                ));
            }
            check_field(field, &id, models, matcher_compiles, errors);
            if let Field::Section(s) = field {
                check_rows(&s.fields, models, matcher_compiles, errors);
            }
        }
    }
}

/// How a row is shown: its fields in lines of the 12-column grid, in order; a field
/// whose columns and offset do not fit in what is left of a line starts the next one
/// (as PingOne's renderer does: its own example row holds 12 + 4 + 4 + 4 + 12 columns,
/// shown as three lines). Returns the indexes into `row.fields`.
pub fn row_lines(row: &Row) -> Vec<Vec<usize>> {
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut used = GRID_COLUMNS;
    for (i, field) in row.fields.iter().enumerate() {
        let layout = field.layout().unwrap_or_default();
        let span = layout.columns().clamp(1, GRID_COLUMNS) + layout.offset().clamp(0, GRID_COLUMNS - 1);
        if used + span > GRID_COLUMNS || lines.is_empty() {
            lines.push(Vec::new());
            used = 0;
        }
        used += span;
        if let Some(line) = lines.last_mut() {
            line.push(i);
        }
    }
    lines
}

fn check_field(
    field: &Field,
    id: &str,
    models: &BTreeMap<&str, &str>,
    matcher_compiles: &dyn Fn(&str) -> Result<(), String>,
    errors: &mut Vec<DefinitionError>,
) {
    if let Some(w) = field.visible_when() {
        let target = w.model.trim();
        if target.is_empty() {
            errors.push(def_err(id, format!("field '{id}': visibleWhen.model is empty")));
        } else if field.model() == Some(target) {
            errors.push(def_err(
                id,
                format!("field '{id}': visibleWhen cannot depend on the field itself"),
            ));
        } else if !models.contains_key(target) {
            errors.push(def_err(
                id,
                format!("field '{id}': visibleWhen.model '{target}' is not the model of any field of the form"),
            ));
        }
    }
    let (Some(kind), Some(f)) = (field.field_type(), field.input()) else {
        return;
    };
    if let Some(pattern) = f.regex().and_then(RegexRule::active_pattern) {
        if pattern.chars().count() > MAX_PATTERN_CHARS {
            errors.push(def_err(
                id,
                format!("field '{id}': validation.regex.pattern is longer than {MAX_PATTERN_CHARS} characters"),
            ));
        } else if let Err(e) = matcher_compiles(pattern) {
            errors.push(def_err(
                id,
                format!("field '{id}': validation.regex.pattern is not a valid regular expression: {e}"),
            ));
        }
    }
    if matches!(kind, FieldType::Select | FieldType::Multiselect) {
        match &f.options {
            None => errors.push(def_err(id, format!("field '{id}': a {} needs options", kind.as_str()))),
            Some(Options::Static(options)) if options.is_empty() => {
                errors.push(def_err(id, format!("field '{id}': a {} needs options", kind.as_str())))
            }
            Some(Options::Static(options)) => {
                for (i, o) in options.iter().enumerate() {
                    if o.value.is_null() {
                        errors.push(def_err(id, format!("field '{id}': option {} has no value", i + 1)));
                    } else if options[..i].iter().any(|p| p.value == o.value) {
                        errors.push(def_err(
                            id,
                            format!("field '{id}': option value {} appears more than once", o.value),
                        ));
                    }
                }
            }
            Some(Options::Lookup(lookup)) => {
                if !LOOKUP_OBJECTS.contains(&lookup.object.as_str()) {
                    errors.push(def_err(
                        id,
                        format!(
                            "field '{id}': options.object must be one of {}, got '{}'",
                            LOOKUP_OBJECTS.join(", "),
                            lookup.object
                        ),
                    ));
                }
                if let Some(q) = lookup.query_filter.as_deref().filter(|q| !q.trim().is_empty()) {
                    if let Err(e) = crate::crest::parse(q) {
                        errors.push(def_err(id, format!("field '{id}': options.queryFilter: {e}")));
                    }
                }
            }
        }
    }
    if let Some(default) = f.default_value.as_ref().filter(|d| !d.is_null()) {
        // Only the shape of a default is checked here: its regex runs on submission.
        let shape_only = |_: &str, _: &str| Ok(true);
        let empty_text = default.as_str().is_some_and(str::is_empty);
        if !empty_text {
            if let Err(e) = check_value(kind, f, Some(default), &shape_only, false) {
                errors.push(def_err(id, format!("field '{id}': defaultValue: {e}")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::test_support::*;
    use serde_json::json;
    #[test]
    fn definition_errors_name_the_field() {
        let d = def(json!([
            {"id": "r1", "fields": [
                {"id": "f1", "type": "string", "model": "custom.a", "layout": {"columns": 8, "offset": 0}},
                {"id": "f2", "type": "string", "model": "custom.a", "layout": {"columns": 8, "offset": 6}}
            ]},
            {"id": "r2", "fields": [
                {"id": "f3", "type": "string", "layout": {"columns": 13}},
                {"id": "f4", "type": "textarea", "model": " ", "layout": {"columns": 0, "offset": 12}},
                {"id": "f5", "type": "select", "model": "custom.s"},
                {"id": "f6", "type": "multiselect", "model": "custom.m", "options": []},
                {"id": "f7", "type": "string", "model": "custom.r", "validation": {"regex": {"pattern": "(x"}}},
                {"id": "f8", "type": "select", "model": "custom.l", "options": {"object": "device", "queryFilter": "name eq"}},
                {"id": "f9", "type": "select", "model": "custom.d", "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "a"}]},
                {"id": "f1", "type": "string", "model": "custom..x", "visibleWhen": {"model": "custom.nowhere", "equals": 1}},
                {"id": "f10", "type": "checkbox", "model": "custom.c", "defaultValue": "yes"},
                {"id": "f11", "type": "date", "model": "custom.dd", "defaultValue": "2024-02-30"}
            ]}
        ]));
        let es = def_errors(&d);
        let expect = [
            "field 'f2': model 'custom.a' is already used by field 'f1'",
            "field 'f3' has no model",
            "field 'f4' has no model",
            "field id 'f1' is used by more than one field",
            "field 'f1': model 'custom..x' must be a dot path",
            "row 'r1': field 'f2' needs 14 columns (columns 8 + offset 6), more than the 12 of the grid",
            "field 'f3': layout.columns must be between 1 and 12, got 13",
            "field 'f4': layout.columns must be between 1 and 12, got 0",
            "field 'f4': layout.offset must be between 0 and 11, got 12",
            "field 'f5': a select needs options",
            "field 'f6': a multiselect needs options",
            "field 'f7': validation.regex.pattern is not a valid regular expression: unterminated group",
            "field 'f8': options.object must be one of user, role, application, entitlement, got 'device'",
            "field 'f8': options.queryFilter: expected a value",
            "field 'f9': option value \"a\" appears more than once",
            "field 'f1': visibleWhen.model 'custom.nowhere' is not the model of any field of the form",
            "field 'f10': defaultValue: custom.c must be true or false",
            "field 'f11': defaultValue: custom.dd must be a date",
        ];
        for e in expect {
            assert!(es.iter().any(|x| x.contains(e)), "missing {e:?} in {es:#?}");
        }
        assert_eq!(es.len(), expect.len(), "{es:#?}");
        let errs = check_definition(&d, &compiles).unwrap_err();
        assert!(errs.iter().any(|e| e.field_id == "f2"));
        assert!(errs.iter().any(|e| e.field_id == "f7"));
        assert!(describe(&errs).contains("; "));
    }

    #[test]
    fn definition_edges() {
        // A full row is fine, defaults are 12 columns at offset 0, sections are checked inside.
        assert!(def_errors(&def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "string", "model": "a", "layout": {"columns": 3, "offset": 3}},
            {"id": "b", "type": "string", "model": "b", "layout": {"columns": 6}}]}])))
        .is_empty());
        assert!(def_errors(&def(
            json!([{"id": "r", "fields": [{"id": "a", "type": "string", "model": "a"}]}])
        ))
        .is_empty());
        // A row wraps: 12 + 1 is two lines, not an error; one field wider than the grid is.
        let wrapped = def(json!([{"id": "r", "fields": [
            {"id": "a", "type": "string", "model": "a"}, {"id": "b", "type": "formText", "formText": "hi", "layout": {"columns": 1}}]}]));
        assert!(def_errors(&wrapped).is_empty());
        assert_eq!(row_lines(&wrapped.fields[0]), vec![vec![0], vec![1]]);
        assert_eq!(
            def_errors(&one(
                json!({"id": "w", "type": "formText", "layout": {"columns": 6, "offset": 7}})
            )),
            ["row 'r1': field 'w' needs 13 columns (columns 6 + offset 7), more than the 12 of the grid"]
        );
        let nested = def(json!([{"id": "r", "fields": [{"id": "s", "type": "section", "fields": [
            {"id": "rs", "fields": [{"id": "x", "type": "select", "model": "x"}]}]}]}]));
        assert_eq!(def_errors(&nested), ["field 'x': a select needs options"]);
        let selfish =
            one(json!({"id": "a", "type": "string", "model": "a", "visibleWhen": {"model": "a", "equals": 1}}));
        assert!(def_errors(&selfish)[0].contains("itself"));
        let long = one(
            json!({"id": "a", "type": "string", "model": "a", "validation": {"regex": {"pattern": "x".repeat(1001)}}}),
        );
        assert!(def_errors(&long)[0].contains("longer than"));
        assert!(def_errors(&FormDefinition::default()).is_empty());
    }
}
