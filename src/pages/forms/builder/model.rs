//! [`BuilderModel`]: everything the editor does to a definition, without the DOM. The
//! definition, the selected field, an undo/redo stack of snapshots and the sentence
//! announced after each change (the editor puts it in an `aria-live` region, so a
//! keyboard or screen-reader user hears every move).

use gatehouse_wire::form::{
    Field, FieldType, FormDefinition, FormText, InputField, Layout, ObjectLookup, Options, Section, SelectOption,
    Validation, VisibleWhen,
};
use serde_json::Value;

use super::tree::{self, Dest, FieldPath};

/// The most undo steps kept.
const UNDO_LIMIT: usize = 200;

/// The keyboard moves of a selected field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

impl Direction {
    /// The arrow key's `KeyboardEvent.key`.
    pub fn from_key(key: &str) -> Option<Direction> {
        Some(match key {
            "ArrowUp" => Direction::Up,
            "ArrowDown" => Direction::Down,
            "ArrowLeft" => Direction::Left,
            "ArrowRight" => Direction::Right,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    definition: FormDefinition,
    selected: Option<FieldPath>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BuilderModel {
    pub definition: FormDefinition,
    pub selected: Option<FieldPath>,
    /// The last change in words, for the `aria-live` region. Never the same text twice
    /// in a row (see [`BuilderModel::announce`]), or a screen reader would stay silent.
    pub announcement: String,
    /// The sentence last announced, and how many times in a row.
    said: (String, u32),
    /// The options a select had in the mode it was switched away from (static list or
    /// look-up), by field id, so switching back restores them until the form is left.
    options_stash: Vec<((String, bool), Options)>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The property edit the last undo step belongs to: typing in one box is one step.
    coalesce: Option<String>,
}

/// What the palette offers, in order, with the names people see.
pub const PALETTE: [(FieldType, &str); 8] = [
    (FieldType::String, "Text"),
    (FieldType::Textarea, "Long text"),
    (FieldType::Checkbox, "Checkbox"),
    (FieldType::Select, "Select"),
    (FieldType::Multiselect, "Multiselect"),
    (FieldType::Date, "Date"),
    (FieldType::FormText, "Form text"),
    (FieldType::Section, "Section"),
];

pub fn type_name(kind: FieldType) -> &'static str {
    PALETTE.iter().find(|(k, _)| *k == kind).map_or("Field", |(_, n)| n)
}

/// A new field of a type, with an id and model no other field uses and a label, so it
/// is valid as soon as it is added (a select gets one option).
pub fn new_field(def: &FormDefinition, kind: FieldType) -> Field {
    let id = tree::fresh_id(def, kind.as_str());
    match kind {
        FieldType::FormText => Field::FormText(FormText {
            id,
            form_text: Some("Text shown to the requester.".into()),
            ..Default::default()
        }),
        FieldType::Section => Field::Section(Section {
            id,
            header: Some("New section".into()),
            ..Default::default()
        }),
        input => {
            let models: Vec<String> = def
                .all_fields()
                .iter()
                .filter_map(|f| f.model().map(str::to_owned))
                .collect();
            let model = (1..)
                .map(|n| format!("custom.{}{n}", kind.as_str()))
                .find(|m| !models.contains(m))
                .unwrap_or_default();
            let options = matches!(input, FieldType::Select | FieldType::Multiselect).then(|| {
                Options::Static(vec![SelectOption {
                    label: Some("Option 1".into()),
                    value: Value::String("option1".into()),
                    ..Default::default()
                }])
            });
            Field::input_of(
                input,
                InputField {
                    id,
                    model: Some(model),
                    label: Some(type_name(input).to_string()),
                    options,
                    ..Default::default()
                },
            )
        }
    }
}

impl BuilderModel {
    pub fn new(definition: FormDefinition) -> BuilderModel {
        BuilderModel {
            definition,
            ..Default::default()
        }
    }

    /// Puts a sentence in the live region. The same sentence again (a second press at
    /// the edge, a second undo) is numbered, `… (2)`, so the region's text changes and
    /// is read out again.
    pub fn announce(&mut self, text: String) {
        if !text.is_empty() && self.said.0 == text {
            self.said.1 += 1;
            self.announcement = format!("{text} ({})", self.said.1);
        } else {
            self.announcement = text.clone();
            self.said = (text, 1);
        }
    }

    /// Switches the selected select between a fixed list (`lookup` false) and a look-up
    /// (true). What it had is kept aside and comes back when switched back; a mode it
    /// never had starts with one option, or a look-up of people. One undo step.
    pub fn switch_options(&mut self, lookup: bool) {
        let Some(field) = self.selected_field() else { return };
        let Some(input) = field.input() else { return };
        let id = input.id.clone();
        let current = input.options.clone();
        if matches!(current, Some(Options::Lookup(_))) == lookup && current.is_some() {
            return;
        }
        let key = (id.clone(), lookup);
        let stashed = self.options_stash.iter().position(|(k, _)| *k == key);
        let next = stashed.map(|i| self.options_stash.remove(i).1).unwrap_or_else(|| {
            if lookup {
                Options::Lookup(ObjectLookup {
                    object: "user".into(),
                    ..Default::default()
                })
            } else {
                Options::Static(vec![SelectOption {
                    label: Some("Option 1".into()),
                    value: Value::String("option1".into()),
                    ..Default::default()
                }])
            }
        });
        self.edit_selected("options-mode", |f| {
            if let Some(i) = f.input_mut() {
                i.options = Some(next);
            }
        });
        if let Some(before) = current {
            let was_lookup = matches!(before, Options::Lookup(_));
            self.options_stash.retain(|(k, _)| *k != (id.clone(), was_lookup));
            self.options_stash.push(((id, was_lookup), before));
        }
    }

    pub fn selected_field(&self) -> Option<&Field> {
        self.selected.as_ref().and_then(|p| tree::field(&self.definition, p))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            definition: self.definition.clone(),
            selected: self.selected.clone(),
        }
    }

    /// Records the state before a change. Edits with the same `coalesce` key in a row
    /// (typing in one box) make one undo step.
    fn record(&mut self, coalesce: Option<String>) {
        if coalesce.is_none() || coalesce != self.coalesce || self.undo.is_empty() {
            self.undo.push(self.snapshot());
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
        }
        self.coalesce = coalesce;
        self.redo.clear();
    }

    fn restore(&mut self, s: Snapshot) {
        self.definition = s.definition;
        self.selected = s.selected.filter(|p| tree::field(&self.definition, p).is_some());
        self.coalesce = None;
    }

    pub fn undo(&mut self) -> bool {
        let Some(s) = self.undo.pop() else {
            self.announce("Nothing to undo.".to_string());
            return false;
        };
        self.redo.push(self.snapshot());
        self.restore(s);
        self.announce("Undone.".to_string());
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(s) = self.redo.pop() else {
            self.announce("Nothing to redo.".to_string());
            return false;
        };
        self.undo.push(self.snapshot());
        self.restore(s);
        self.announce("Redone.".to_string());
        true
    }

    pub fn select(&mut self, path: Option<FieldPath>) {
        self.selected = path.filter(|p| tree::field(&self.definition, p).is_some());
        self.coalesce = None;
        let text = match self.selected_field() {
            Some(f) => format!(
                "Selected {}, {}. Arrow keys move it.",
                tree::field_name(f),
                tree::describe_place(
                    &self.definition,
                    self.selected.as_ref().unwrap_or(&FieldPath::default())
                )
            ),
            None => String::new(),
        };
        self.announce(text);
    }

    /// Selects the first field with this id (an error's field); `false` if none has it.
    pub fn select_id(&mut self, id: &str) -> bool {
        let path = tree::find_id(&self.definition, id);
        let found = path.is_some();
        self.select(path);
        found
    }

    fn announce_place(&mut self, verb: &str) {
        if let Some(path) = self.selected.clone() {
            let name = self.selected_field().map(tree::field_name).unwrap_or_default();
            let text = format!("{verb} {name}: {}.", tree::describe_place(&self.definition, &path));
            self.announce(text);
        }
    }

    /// Adds a new field of `kind` on a row of its own under the selected field's row (at
    /// the end of the form when nothing is selected), and selects it.
    pub fn add_field(&mut self, kind: FieldType) -> FieldPath {
        let dest = match &self.selected {
            Some(p) => Dest::NewRow {
                container: p.container().to_vec(),
                index: p.last().0 + 1,
            },
            None => Dest::NewRow {
                container: vec![],
                index: self.definition.fields.len(),
            },
        };
        self.insert_new(kind, &dest).unwrap_or_default()
    }

    /// Adds a new field of `kind` at `dest` (a palette item dropped) and selects it.
    pub fn insert_new(&mut self, kind: FieldType, dest: &Dest) -> Option<FieldPath> {
        let field = new_field(&self.definition, kind);
        let mut next = self.definition.clone();
        let path = tree::insert(&mut next, dest, field)?;
        self.record(None);
        self.definition = next;
        self.selected = Some(path.clone());
        self.announce_place("Added");
        Some(path)
    }

    /// Moves the selected field one place; the announcement says where it is now, or
    /// that it cannot go further.
    pub fn move_selected(&mut self, direction: Direction) -> bool {
        let Some(from) = self.selected.clone() else {
            self.announce("Select a field first.".to_string());
            return false;
        };
        let moved = match direction {
            Direction::Up => tree::move_vertical(&self.definition, &from, false),
            Direction::Down => tree::move_vertical(&self.definition, &from, true),
            Direction::Left => tree::move_horizontal(&self.definition, &from, false),
            Direction::Right => tree::move_horizontal(&self.definition, &from, true),
        };
        let Some((next, path)) = moved else {
            let name = self.selected_field().map(tree::field_name).unwrap_or_default();
            let edge = match direction {
                Direction::Up => "the top of the form",
                Direction::Down => "the bottom of the form",
                Direction::Left => "the start of its row",
                Direction::Right => "the end of its row",
            };
            self.announce(format!("{name} is already at {edge}."));
            return false;
        };
        self.record(None);
        self.definition = next;
        self.selected = Some(path);
        self.announce_place("Moved");
        true
    }

    /// Moves a field to `dest` (a drop) and selects it.
    pub fn move_to(&mut self, from: &FieldPath, dest: &Dest) -> bool {
        let mut next = self.definition.clone();
        let Some(path) = tree::move_field(&mut next, from, dest) else {
            self.announce("A field cannot go there.".to_string());
            return false;
        };
        if next == self.definition {
            return false;
        }
        self.record(None);
        self.definition = next;
        self.selected = Some(path);
        self.announce_place("Moved");
        true
    }

    /// Removes the selected field (a section with its fields); the next field (else
    /// the previous) is selected.
    pub fn remove_selected(&mut self) -> bool {
        let Some(path) = self.selected.clone() else {
            return false;
        };
        let mut next = self.definition.clone();
        let Some((field, _)) = tree::remove(&mut next, &path) else {
            return false;
        };
        self.record(None);
        self.definition = next;
        let paths = tree::all_paths(&self.definition);
        let after = paths.iter().find(|p| p.0 >= path.0).or(paths.last()).cloned();
        self.selected = after;
        self.announce(format!("Removed {}.", tree::field_name(&field)));
        true
    }

    /// Changes the selected field; edits under the same `property` in a row are one
    /// undo step.
    pub fn edit_selected(&mut self, property: &str, edit: impl FnOnce(&mut Field)) {
        let Some(path) = self.selected.clone() else { return };
        let mut next = self.definition.clone();
        let Some(field) = tree::field_mut(&mut next, &path) else {
            return;
        };
        edit(field);
        if next == self.definition {
            return;
        }
        self.record(Some(format!("{}:{property}", path.key())));
        self.definition = next;
    }

    /// Replaces the whole definition (the JSON tab); one undo step.
    pub fn replace_definition(&mut self, definition: FormDefinition) {
        if definition == self.definition {
            return;
        }
        self.record(None);
        self.definition = definition;
        self.selected = self
            .selected
            .take()
            .filter(|p| tree::field(&self.definition, p).is_some());
        self.announce("Definition replaced from the JSON.".to_string());
    }
}

// ---------------------------------------------------------------------------------------
// Field properties, as the panel edits them

/// Sets (or, for empty text, removes) an optional text.
pub fn set_text(slot: &mut Option<String>, text: String) {
    *slot = (!text.is_empty()).then_some(text);
}

/// The validation of a field, created on first use.
pub fn validation(slot: &mut Option<Validation>) -> &mut Validation {
    slot.get_or_insert_with(Default::default)
}

/// The layout of any field type (an unknown field has none the builder edits).
pub fn layout_mut(field: &mut Field) -> Option<&mut Option<Layout>> {
    match field {
        Field::FormText(t) => Some(&mut t.layout),
        Field::Section(s) => Some(&mut s.layout),
        Field::Unknown(_) => None,
        input => input.input_mut().map(|f| &mut f.layout),
    }
}

/// Sets `columns` (1..=12) or `offset` (0..=11), keeping the layout's other properties.
pub fn set_layout(field: &mut Field, columns: Option<i64>, offset: Option<i64>) {
    if let Some(layout) = layout_mut(field) {
        let l = layout.get_or_insert_with(Default::default);
        if let Some(c) = columns {
            l.columns = Some(c);
        }
        if let Some(o) = offset {
            l.offset = Some(o);
        }
    }
}

/// Reads the text of a default value box as the field's type wants it: a checkbox's
/// `true`/`false`, text otherwise; empty removes the default.
pub fn default_from_text(kind: FieldType, text: &str) -> Option<Value> {
    if text.is_empty() {
        return None;
    }
    match (kind, text) {
        (FieldType::Checkbox, "true") => Some(Value::Bool(true)),
        (FieldType::Checkbox, "false") => Some(Value::Bool(false)),
        (FieldType::Multiselect, _) => Some(Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.into()))
                .collect(),
        )),
        _ => Some(Value::String(text.into())),
    }
}

pub fn default_to_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// A JSON value as a person edits it: text as is, anything else as JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads edited text back into a value of the kind `like` was: text stays text; for a
/// non-text value, text that reads as JSON (`true`, `3`) becomes that value.
pub fn parse_like(text: &str, like: &Value) -> Value {
    if !like.is_string() {
        if let Ok(v) = serde_json::from_str::<Value>(text.trim()) {
            if !v.is_object() && !v.is_array() && !v.is_null() {
                return v;
            }
        }
    }
    Value::String(text.to_string())
}

// ---------------------------------------------------------------------------------------
// Visible-when: what a rule may compare with, by the field it watches

/// What a `visibleWhen` rule compares with, chosen from the field it watches, so the
/// value has that field's type (a select whose option value is the text `"1"` is
/// matched by `"1"`, never by the number 1).
#[derive(Debug, Clone, PartialEq)]
pub enum EqualsChoice {
    /// A checkbox: checked (`true`) or not (`false`).
    Flag,
    /// A select with a fixed list: one of its option values (label, value).
    One(Vec<(String, Value)>),
    /// A multiselect with a fixed list: the values chosen, in option order.
    Several(Vec<(String, Value)>),
    /// Anything else (text, a date, a look-up's id): text as typed.
    Text,
}

fn option_list(options: &Option<Options>) -> Option<Vec<(String, Value)>> {
    match options {
        Some(Options::Static(list)) => Some(
            list.iter()
                .map(|o| {
                    let label = o
                        .label
                        .clone()
                        .filter(|l| !l.is_empty())
                        .unwrap_or_else(|| value_text(&o.value));
                    (label, o.value.clone())
                })
                .collect(),
        ),
        _ => None,
    }
}

/// The choice for a rule watching the field bound to `model` (text when no field is).
pub fn equals_choice(def: &FormDefinition, model: &str) -> EqualsChoice {
    match def.field_for_model(model) {
        Some(Field::Checkbox(_)) => EqualsChoice::Flag,
        Some(Field::Select(f)) => option_list(&f.options).map_or(EqualsChoice::Text, EqualsChoice::One),
        Some(Field::Multiselect(f)) => option_list(&f.options).map_or(EqualsChoice::Text, EqualsChoice::Several),
        _ => EqualsChoice::Text,
    }
}

/// The value a new rule on `model` starts with: checked for a checkbox, the first
/// option of a list, else the watched field's text default (or empty text).
pub fn default_equals(def: &FormDefinition, model: &str) -> Value {
    match equals_choice(def, model) {
        EqualsChoice::Flag => Value::Bool(true),
        EqualsChoice::One(options) => options.into_iter().next().map_or(Value::Null, |(_, v)| v),
        EqualsChoice::Several(options) => Value::Array(options.into_iter().take(1).map(|(_, v)| v).collect()),
        EqualsChoice::Text => def
            .field_for_model(model)
            .and_then(Field::input)
            .and_then(|i| i.default_value.clone())
            .filter(Value::is_string)
            .unwrap_or_else(|| Value::String(String::new())),
    }
}

/// A rule watching `model`, starting at [`default_equals`] (`None` for an empty model).
pub fn visible_rule(def: &FormDefinition, model: &str) -> Option<VisibleWhen> {
    (!model.trim().is_empty()).then(|| VisibleWhen {
        model: model.to_string(),
        equals: Some(default_equals(def, model)),
        ..Default::default()
    })
}

/// The models another field's rule may watch: every input field's but `own`'s.
pub fn watchable_models(def: &FormDefinition, own: Option<&str>) -> Vec<String> {
    def.all_fields()
        .iter()
        .filter_map(|f| f.model())
        .filter(|m| !m.is_empty() && Some(*m) != own)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::form::check_definition;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn compiles(_: &str) -> Result<(), String> {
        Ok(())
    }

    fn ids(m: &BuilderModel) -> Vec<Vec<String>> {
        m.definition
            .fields
            .iter()
            .map(|r| r.fields.iter().map(|f| f.id().unwrap_or("?").to_string()).collect())
            .collect()
    }

    #[wasm_bindgen_test]
    fn new_fields_are_valid_and_unique() {
        let mut m = BuilderModel::default();
        for (kind, _) in PALETTE {
            m.add_field(kind);
        }
        m.add_field(FieldType::String);
        check_definition(&m.definition, &compiles).unwrap();
        assert_eq!(ids(&m).len(), 9);
        assert_eq!(m.definition.fields[8].fields[0].model(), Some("custom.string2"));
        assert!(
            m.announcement.starts_with("Added Text: row 9 of 9"),
            "{}",
            m.announcement
        );
    }

    #[wasm_bindgen_test]
    fn a_new_field_goes_under_the_selected_one() {
        let mut m = BuilderModel::default();
        m.add_field(FieldType::String);
        m.add_field(FieldType::Date);
        m.select(Some(FieldPath::top(0, 0)));
        m.add_field(FieldType::Checkbox);
        assert_eq!(ids(&m), [["string-1"], ["checkbox-1"], ["date-1"]]);
        assert_eq!(m.selected, Some(FieldPath::top(1, 0)));
    }

    #[wasm_bindgen_test]
    fn keyboard_moves_are_announced_and_undone() {
        let mut m = BuilderModel::default();
        m.add_field(FieldType::String);
        m.add_field(FieldType::Date);
        assert!(m.move_selected(Direction::Up));
        assert_eq!(ids(&m), [vec!["string-1", "date-1"]]);
        assert_eq!(m.announcement, "Moved Date: row 1 of 1, position 2 of 2.");
        assert!(m.move_selected(Direction::Left));
        assert_eq!(ids(&m), [vec!["date-1", "string-1"]]);
        assert!(!m.move_selected(Direction::Left));
        assert_eq!(m.announcement, "Date is already at the start of its row.");
        // Pressed again, the same news is worded anew, so the live region reads it out.
        assert!(!m.move_selected(Direction::Left));
        assert_eq!(m.announcement, "Date is already at the start of its row. (2)");
        assert!(!m.move_selected(Direction::Left));
        assert_eq!(m.announcement, "Date is already at the start of its row. (3)");
        assert!(m.undo());
        assert_eq!(ids(&m), [vec!["string-1", "date-1"]]);
        assert!(m.undo());
        assert_eq!(ids(&m), [vec!["string-1"], vec!["date-1"]]);
        assert!(m.redo() && m.redo());
        assert_eq!(ids(&m), [vec!["date-1", "string-1"]]);
        assert!(!m.can_redo());
        assert_eq!(m.selected, Some(FieldPath::top(0, 0)));
    }

    #[wasm_bindgen_test]
    fn typing_in_one_box_is_one_undo_step() {
        let mut m = BuilderModel::default();
        m.add_field(FieldType::String);
        for text in ["G", "Gi", "Giv"] {
            m.edit_selected("label", |f| set_text(&mut f.input_mut().unwrap().label, text.into()));
        }
        m.edit_selected("model", |f| {
            set_text(&mut f.input_mut().unwrap().model, "custom.g".into())
        });
        assert_eq!(m.selected_field().unwrap().model(), Some("custom.g"));
        m.undo();
        assert_eq!(
            m.selected_field().unwrap().input().unwrap().label.as_deref(),
            Some("Giv")
        );
        m.undo();
        assert_eq!(
            m.selected_field().unwrap().input().unwrap().label.as_deref(),
            Some("Text")
        );
        m.undo();
        assert!(m.definition.fields.is_empty());
        assert_eq!(m.selected, None);
    }

    #[wasm_bindgen_test]
    fn remove_selects_a_neighbour_and_errors_lead_to_fields() {
        let mut m = BuilderModel::new(
            serde_json::from_value(json!({"fields": [{"id": "r", "fields": [
                {"id": "a", "type": "string", "model": "x"},
                {"id": "b", "type": "select", "model": "y"},
                {"id": "c", "type": "string", "model": "z", "unknownProp": [1]}
            ]}], "theme": "dark"}))
            .unwrap(),
        );
        let errors = check_definition(&m.definition, &compiles).unwrap_err();
        assert!(m.select_id(&errors[0].field_id));
        assert_eq!(m.selected, Some(FieldPath::top(0, 1)));
        assert!(
            m.announcement.starts_with("Selected y, row 1 of 1, position 2 of 3"),
            "{}",
            m.announcement
        );
        assert!(m.remove_selected());
        assert_eq!(m.selected_field().and_then(Field::id), Some("c"));
        assert_eq!(m.announcement, "Removed y.");
        let out = serde_json::to_value(&m.definition).unwrap();
        assert_eq!(out["theme"], json!("dark"));
        assert_eq!(out["fields"][0]["fields"][1]["unknownProp"], json!([1]));
        assert!(!m.select_id("nope"));
    }

    #[wasm_bindgen_test]
    fn a_visible_when_value_takes_the_type_of_the_field_it_watches() {
        let def: FormDefinition = serde_json::from_value(json!({"fields": [{"id": "r", "fields": [
            {"id": "a", "type": "checkbox", "model": "custom.laptop"},
            {"id": "b", "type": "select", "model": "custom.size",
             "options": [{"label": "Small", "value": "1"}, {"label": "Large", "value": "2"}]},
            {"id": "c", "type": "multiselect", "model": "custom.tags", "options": [{"value": 7}, {"value": 8}]},
            {"id": "d", "type": "string", "model": "custom.city", "defaultValue": "Oslo"},
            {"id": "e", "type": "select", "model": "custom.who", "options": {"object": "user"}}
        ]}]}))
        .unwrap();
        assert_eq!(equals_choice(&def, "custom.laptop"), EqualsChoice::Flag);
        assert_eq!(default_equals(&def, "custom.laptop"), json!(true));
        // The string "1" stays a string: it is what the select's option holds.
        assert_eq!(
            equals_choice(&def, "custom.size"),
            EqualsChoice::One(vec![("Small".into(), json!("1")), ("Large".into(), json!("2"))])
        );
        assert_eq!(default_equals(&def, "custom.size"), json!("1"));
        assert_eq!(default_equals(&def, "custom.tags"), json!([7]));
        assert_eq!(default_equals(&def, "custom.city"), json!("Oslo"));
        assert_eq!(equals_choice(&def, "custom.who"), EqualsChoice::Text);
        assert_eq!(default_equals(&def, "nowhere"), json!(""));
        let rule = visible_rule(&def, "custom.size").unwrap();
        assert!(rule.holds(&json!({"custom": {"size": "1"}})));
        assert!(!rule.holds(&json!({"custom": {"size": 1}})));
        assert_eq!(visible_rule(&def, " "), None);
        assert_eq!(watchable_models(&def, Some("custom.size")).len(), 4);
    }

    #[wasm_bindgen_test]
    fn switching_a_select_to_a_lookup_and_back_keeps_its_list() {
        let mut m = BuilderModel::default();
        m.add_field(FieldType::Select);
        m.edit_selected("option-0-label", |f| {
            if let Some(Options::Static(list)) = &mut f.input_mut().unwrap().options {
                list.push(SelectOption {
                    label: Some("Two".into()),
                    value: json!("2"),
                    ..Default::default()
                });
            }
        });
        let list = m.selected_field().unwrap().input().unwrap().options.clone();
        m.switch_options(true);
        assert!(matches!(
            m.selected_field().unwrap().input().unwrap().options,
            Some(Options::Lookup(_))
        ));
        m.edit_selected("lookup-object", |f| {
            if let Some(Options::Lookup(l)) = &mut f.input_mut().unwrap().options {
                l.object = "role".into();
            }
        });
        m.switch_options(false);
        assert_eq!(m.selected_field().unwrap().input().unwrap().options, list);
        // And the look-up comes back as it was left.
        m.switch_options(true);
        match &m.selected_field().unwrap().input().unwrap().options {
            Some(Options::Lookup(l)) => assert_eq!(l.object, "role"),
            other => panic!("{other:?}"),
        }
        // Switching to the mode it is in changes nothing.
        let before = m.definition.clone();
        m.switch_options(true);
        assert_eq!(m.definition, before);
    }

    #[wasm_bindgen_test]
    fn property_helpers() {
        let mut f = new_field(&FormDefinition::default(), FieldType::String);
        set_layout(&mut f, Some(6), None);
        set_layout(&mut f, None, Some(2));
        assert_eq!(f.layout().map(|l| (l.columns(), l.offset())), Some((6, 2)));
        assert_eq!(default_from_text(FieldType::Checkbox, "true"), Some(json!(true)));
        assert_eq!(
            default_from_text(FieldType::Multiselect, "a, b"),
            Some(json!(["a", "b"]))
        );
        assert_eq!(default_from_text(FieldType::String, ""), None);
        assert_eq!(default_to_text(Some(&json!(["a", "b"]))), "a, b");
        assert_eq!(default_to_text(Some(&json!(false))), "false");
        assert_eq!(Direction::from_key("ArrowUp"), Some(Direction::Up));
        assert_eq!(parse_like("true", &json!(1)), json!(true));
        assert_eq!(parse_like("3", &json!(false)), json!(3));
        assert_eq!(parse_like("3", &json!("x")), json!("3"));
        assert_eq!(parse_like("hello", &json!(1)), json!("hello"));
        assert_eq!(value_text(&json!(2)), "2");
    }
}
