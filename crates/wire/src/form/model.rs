//! The request-form resource and the typed model of its `form` definition: rows,
//! fields by type, validation, layout, options, scripts (kept, never run) and
//! Gatehouse's `visibleWhen`. Unknown properties stay in `extra`, unknown field types in
//! [`Field::Unknown`], so a load and save round trip gives back the same JSON.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::value_at;

/// Columns of the layout grid.
pub const GRID_COLUMNS: i64 = 12;
/// The largest `form` definition stored (serialized JSON), as PingOne documents.
pub const MAX_FORM_BYTES: usize = 400 * 1024;
/// The longest regex pattern a field may carry.
pub const MAX_PATTERN_CHARS: usize = 1000;
/// The request-form `type`s.
pub const FORM_TYPES: [&str; 3] = ["request", "applicationRequest", "lcmRequest"];
/// The objects a select's lookup options may list.
pub const LOOKUP_OBJECTS: [&str; 4] = ["user", "role", "application", "entitlement"];

// ---------------------------------------------------------------------------------------
// The resource

/// A stored request form as the API answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// `request`, `applicationRequest` or `lcmRequest`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Map<String, Value>>,
    pub form: FormDefinition,
    /// The revision (a number from Gatehouse; kept as JSON to read other tenants too).
    #[serde(rename = "_rev", default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<FormMetadata>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_date: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Checks the resource around the definition: `name` (non-empty text), `type` (one of
/// [`FORM_TYPES`]) and `form` (an object) are required; `description` is text and
/// `categories` an object when given. Each message names its property.
pub fn check_resource(doc: &Value) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    let Some(obj) = doc.as_object() else {
        return Err(vec!["a request form must be a JSON object".into()]);
    };
    match obj.get("name") {
        None | Some(Value::Null) => errors.push("name is required".to_string()),
        Some(Value::String(s)) if s.trim().is_empty() => errors.push("name must not be empty".to_string()),
        Some(Value::String(s)) if s.chars().count() > 256 => {
            errors.push("name must be at most 256 characters".to_string())
        }
        Some(Value::String(_)) => {}
        Some(_) => errors.push("name must be a string".to_string()),
    }
    match obj.get("type") {
        None | Some(Value::Null) => errors.push(format!("type is required: one of {}", FORM_TYPES.join(", "))),
        Some(Value::String(t)) if FORM_TYPES.contains(&t.as_str()) => {}
        Some(other) => errors.push(format!("type must be one of {}, got {other}", FORM_TYPES.join(", "))),
    }
    match obj.get("form") {
        None | Some(Value::Null) => errors.push("form is required".to_string()),
        Some(Value::Object(_)) => {}
        Some(_) => errors.push("form must be an object".to_string()),
    }
    if obj.get("description").is_some_and(|d| !d.is_string() && !d.is_null()) {
        errors.push("description must be a string".to_string());
    }
    if obj.get("categories").is_some_and(|c| !c.is_object() && !c.is_null()) {
        errors.push("categories must be an object".to_string());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------------------
// The definition

/// The `form` object: rows of fields, and PingOne's form events (kept, never run).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FormDefinition {
    pub fields: Vec<Row>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<FormEvents>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormEvents {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_load: Option<Script>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A PingOne script hook (`{type: "script", script}`, often just `{}`). Shown in the
/// builder, never executed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Script {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One row of the 12-column grid.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Row {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub fields: Vec<Field>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The field types this model knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    String,
    Textarea,
    Checkbox,
    Select,
    Multiselect,
    Date,
    FormText,
    Section,
}

impl FieldType {
    pub const ALL: [FieldType; 8] = [
        FieldType::String,
        FieldType::Textarea,
        FieldType::Checkbox,
        FieldType::Select,
        FieldType::Multiselect,
        FieldType::Date,
        FieldType::FormText,
        FieldType::Section,
    ];

    /// The `type` text on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Textarea => "textarea",
            Self::Checkbox => "checkbox",
            Self::Select => "select",
            Self::Multiselect => "multiselect",
            Self::Date => "date",
            Self::FormText => "formText",
            Self::Section => "section",
        }
    }

    pub fn parse(s: &str) -> Option<FieldType> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether a field of this type takes a value (has a `model`).
    pub fn is_input(self) -> bool {
        !matches!(self, Self::FormText | Self::Section)
    }
}

/// A field, by type. Input types share [`InputField`]; `select`/`multiselect` use its
/// `options`. A field whose `type` is missing or unknown is kept whole in `Unknown`.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    String(InputField),
    Textarea(InputField),
    Checkbox(InputField),
    Select(InputField),
    Multiselect(InputField),
    Date(InputField),
    FormText(FormText),
    Section(Section),
    Unknown(Value),
}

/// A field that takes a value: where it goes (`model`), how it is shown and its rules.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InputField {
    pub id: String,
    /// Dot path of the value in the submitted body (`custom.givenName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// `select`/`multiselect`: static options or an object lookup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Options>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_change_event: Option<Script>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<VisibleWhen>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Static text shown in the form.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormText {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<VisibleWhen>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A titled group of nested rows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    pub id: String,
    /// A name for the section (it holds no value; nested fields have their own models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    #[serde(default)]
    pub fields: Vec<Row>,
    /// The definition had no `fields` here: kept so that, still empty, it is saved
    /// without one (not as `fields: []`).
    #[serde(skip)]
    pub fields_absent: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<VisibleWhen>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Validation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// PingOne writes `"regex": {}` for "no pattern".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<RegexRule>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RegexRule {
    /// A JavaScript regex, tested against the value (`RegExp.prototype.test`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// What to tell the requester when the value does not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RegexRule {
    /// The pattern, when there is a non-empty one.
    pub fn active_pattern(&self) -> Option<&str> {
        self.pattern.as_deref().filter(|p| !p.is_empty())
    }
}

/// Where a field sits in its row: `columns` 1..=12 wide (default 12) after `offset`
/// 0..=11 empty columns (default 0).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Layout {
    pub fn columns(&self) -> i64 {
        self.columns.unwrap_or(GRID_COLUMNS)
    }

    pub fn offset(&self) -> i64 {
        self.offset.unwrap_or(0)
    }
}

/// Gatehouse's show/hide rule: the field is shown only while the value at `model`
/// equals `equals` (an absent `equals` means `null`: shown while there is no value).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VisibleWhen {
    pub model: String,
    /// `None`: the definition has no `equals` (saved without one); `Some(Null)`: it
    /// says `"equals": null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub equals: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A property that is there, even as `null` (`Some(Null)`); with `#[serde(default)]`
/// an absent one is `None`, so a save writes back exactly what was read.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl VisibleWhen {
    /// The value the rule waits for.
    pub fn expected(&self) -> &Value {
        self.equals.as_ref().unwrap_or(&Value::Null)
    }

    /// Whether the rule holds for these values.
    pub fn holds(&self, values: &Value) -> bool {
        value_at(values, &self.model).unwrap_or(&Value::Null) == self.expected()
    }
}

/// A select's options: a static list, or a lookup of objects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Options {
    Static(Vec<SelectOption>),
    Lookup(ObjectLookup),
}

/// A list is a static list, an object a lookup; an error names what is wrong where
/// (`options[2].label: invalid type ...`), not just "no variant matched".
impl<'de> Deserialize<'de> for Options {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, o)| serde_json::from_value(o).map_err(|e| D::Error::custom(format!("options[{i}]: {e}"))))
                .collect::<Result<Vec<SelectOption>, _>>()
                .map(Options::Static),
            v @ Value::Object(_) => serde_json::from_value(v)
                .map(Options::Lookup)
                .map_err(|e| D::Error::custom(format!("options: {e}"))),
            other => Err(D::Error::custom(format!(
                "options must be a list of {{label, value}} or a lookup {{object, queryFilter}}, got {other}"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectOption {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The value chosen. An option without one reads as `null` (which
    /// [`crate::form::check_definition`] names: "option 2 has no value"), and a `null`
    /// one is saved without it.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub value: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_by_default: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Options looked up at run time: objects of a kind (`user`, `role`, `application`,
/// `entitlement`) matching a CREST `queryFilter`. The value is the chosen object's id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectLookup {
    pub object: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_filter: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Field::from_value(Value::deserialize(d)?).map_err(D::Error::custom)
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Tagged<'a, T: Serialize> {
            #[serde(rename = "type")]
            kind: &'static str,
            #[serde(flatten)]
            inner: &'a T,
        }
        fn tagged<S: Serializer, T: Serialize>(s: S, kind: FieldType, inner: &T) -> Result<S::Ok, S::Error> {
            Tagged {
                kind: kind.as_str(),
                inner,
            }
            .serialize(s)
        }
        match self {
            Field::FormText(f) => tagged(s, FieldType::FormText, f),
            Field::Section(f) if f.fields_absent && f.fields.is_empty() => {
                let mut v = serde_json::to_value(f).map_err(S::Error::custom)?;
                if let Value::Object(map) = &mut v {
                    map.remove("fields");
                }
                tagged(s, FieldType::Section, &v)
            }
            Field::Section(f) => tagged(s, FieldType::Section, f),
            Field::Unknown(v) => v.serialize(s),
            input => match (input.field_type(), input.input()) {
                (Some(kind), Some(f)) => tagged(s, kind, f),
                _ => Value::Null.serialize(s),
            },
        }
    }
}

impl Field {
    /// Reads a field from JSON, dispatching on `type`. Errors name the field id.
    pub fn from_value(value: Value) -> Result<Field, String> {
        let Value::Object(mut map) = value else {
            return Err(format!("a form field must be an object, got {value}"));
        };
        let Some(kind) = map.get("type").and_then(Value::as_str).and_then(FieldType::parse) else {
            return Ok(Field::Unknown(Value::Object(map)));
        };
        map.remove("type");
        let id = map.get("id").and_then(Value::as_str).map(str::to_owned);
        let context = |e: serde_json::Error| match &id {
            Some(id) => format!("field '{id}': {e}"),
            None => format!("a {} field: {e}", kind.as_str()),
        };
        let v = Value::Object(map);
        let fields_absent = v.get("fields").is_none();
        Ok(match kind {
            FieldType::FormText => Field::FormText(serde_json::from_value(v).map_err(context)?),
            FieldType::Section => {
                let mut section: Section = serde_json::from_value(v).map_err(context)?;
                section.fields_absent = fields_absent;
                Field::Section(section)
            }
            input => {
                let f: InputField = serde_json::from_value(v).map_err(context)?;
                Field::input_of(input, f)
            }
        })
    }

    /// An input field of the given input type (`FormText`/`Section` give `Unknown`).
    pub fn input_of(kind: FieldType, f: InputField) -> Field {
        match kind {
            FieldType::String => Field::String(f),
            FieldType::Textarea => Field::Textarea(f),
            FieldType::Checkbox => Field::Checkbox(f),
            FieldType::Select => Field::Select(f),
            FieldType::Multiselect => Field::Multiselect(f),
            FieldType::Date => Field::Date(f),
            FieldType::FormText | FieldType::Section => Field::Unknown(serde_json::to_value(f).unwrap_or(Value::Null)),
        }
    }

    /// The type, `None` for an unknown one.
    pub fn field_type(&self) -> Option<FieldType> {
        Some(match self {
            Field::String(_) => FieldType::String,
            Field::Textarea(_) => FieldType::Textarea,
            Field::Checkbox(_) => FieldType::Checkbox,
            Field::Select(_) => FieldType::Select,
            Field::Multiselect(_) => FieldType::Multiselect,
            Field::Date(_) => FieldType::Date,
            Field::FormText(_) => FieldType::FormText,
            Field::Section(_) => FieldType::Section,
            Field::Unknown(_) => return None,
        })
    }

    /// The input part of an input field.
    pub fn input(&self) -> Option<&InputField> {
        match self {
            Field::String(f)
            | Field::Textarea(f)
            | Field::Checkbox(f)
            | Field::Select(f)
            | Field::Multiselect(f)
            | Field::Date(f) => Some(f),
            _ => None,
        }
    }

    pub fn input_mut(&mut self) -> Option<&mut InputField> {
        match self {
            Field::String(f)
            | Field::Textarea(f)
            | Field::Checkbox(f)
            | Field::Select(f)
            | Field::Multiselect(f)
            | Field::Date(f) => Some(f),
            _ => None,
        }
    }

    /// The field's id (`None` only for an unknown field without one).
    pub fn id(&self) -> Option<&str> {
        match self {
            Field::FormText(f) => Some(&f.id),
            Field::Section(f) => Some(&f.id),
            Field::Unknown(v) => v.get("id").and_then(Value::as_str),
            input => input.input().map(|f| f.id.as_str()),
        }
    }

    /// The model of an input field.
    pub fn model(&self) -> Option<&str> {
        self.input().and_then(|f| f.model.as_deref())
    }

    /// The layout (an unknown field's, when it reads as one).
    pub fn layout(&self) -> Option<Layout> {
        match self {
            Field::FormText(f) => f.layout.clone(),
            Field::Section(f) => f.layout.clone(),
            Field::Unknown(v) => v.get("layout").and_then(|l| serde_json::from_value(l.clone()).ok()),
            input => input.input().and_then(|f| f.layout.clone()),
        }
    }

    pub fn visible_when(&self) -> Option<&VisibleWhen> {
        match self {
            Field::FormText(f) => f.visible_when.as_ref(),
            Field::Section(f) => f.visible_when.as_ref(),
            Field::Unknown(_) => None,
            input => input.input().and_then(|f| f.visible_when.as_ref()),
        }
    }

    /// Whether the field is shown for these values (its `visibleWhen` holds).
    pub fn is_visible(&self, values: &Value) -> bool {
        match self.visible_when() {
            None => true,
            Some(w) => w.holds(values),
        }
    }
}

impl InputField {
    pub fn is_required(&self) -> bool {
        self.validation.as_ref().and_then(|v| v.required).unwrap_or(false)
    }

    /// The active regex rule, when the field has one with a pattern.
    pub fn regex(&self) -> Option<&RegexRule> {
        self.validation
            .as_ref()
            .and_then(|v| v.regex.as_ref())
            .filter(|r| r.active_pattern().is_some())
    }

    /// What messages call the field: its label, else its model, else its id.
    pub fn display_name(&self) -> &str {
        self.label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .or(self.model.as_deref().filter(|m| !m.is_empty()))
            .unwrap_or(&self.id)
    }
}

impl FormDefinition {
    /// Every field, depth first (a section, then the fields of its rows).
    pub fn all_fields(&self) -> Vec<&Field> {
        fn walk<'a>(rows: &'a [Row], out: &mut Vec<&'a Field>) {
            for row in rows {
                for f in &row.fields {
                    out.push(f);
                    if let Field::Section(s) = f {
                        walk(&s.fields, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.fields, &mut out);
        out
    }

    /// The input field bound to `model`.
    pub fn field_for_model(&self, model: &str) -> Option<&Field> {
        self.all_fields().into_iter().find(|f| f.model() == Some(model))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::test_support::*;
    use crate::form::{check_definition, row_lines, FieldType, Options};
    use serde_json::json;
    #[test]
    fn the_pingone_example_loads_checks_and_round_trips() {
        let (raw, form) = example();
        assert_eq!(form.name, "new-user");
        assert_eq!(form.kind, "request");
        assert_eq!(form.rev, Some(json!(36)));
        check_resource(&raw).unwrap();
        check_definition(&form.form, &compiles).unwrap();
        // Every field type of the example is typed, scripts and unknown keys are kept.
        let fields = form.form.all_fields();
        let kinds: Vec<&str> = fields
            .iter()
            .filter_map(|f| f.field_type())
            .map(FieldType::as_str)
            .collect();
        assert_eq!(
            kinds,
            [
                "string",
                "string",
                "select",
                "select",
                "section",
                "formText",
                "date",
                "textarea",
                "checkbox",
                "multiselect"
            ]
        );
        assert!(matches!(fields[3].input().unwrap().options, Some(Options::Lookup(_))));
        let script = fields[2].input().unwrap().on_change_event.as_ref().unwrap();
        assert!(script.script.as_deref().unwrap().contains("showField"));
        assert!(form.form.events.as_ref().unwrap().on_load.is_some());
        assert_eq!(fields[0].input().unwrap().extra.get("customSlot"), Some(&json!(false)));
        assert_eq!(serde_json::to_value(&form).unwrap(), raw);
        assert_eq!(serde_json::to_value(&form.form).unwrap(), raw["form"]);
        // Its section's row holds 12 + 4 + 4 + 4 + 12 columns: three lines of the grid.
        let Field::Section(section) = &form.form.fields[2].fields[0] else {
            panic!("a section")
        };
        assert_eq!(row_lines(&section.fields[0]), vec![vec![0], vec![1, 2, 3], vec![4]]);
        assert_eq!(row_lines(&form.form.fields[0]), vec![vec![0, 1]]);
    }

    #[test]
    fn unknown_types_and_properties_survive_a_round_trip() {
        let raw = json!({
            "fields": [{"id": "r1", "rowProp": 1, "fields": [
                {"id": "x1", "type": "signature", "whatever": {"a": [1, 2]}, "layout": {"columns": 6}},
                {"type": "mystery"},
                {"id": "x2", "type": "string", "model": "custom.a", "validation": {"required": true, "minLength": 3,
                    "regex": {"pattern": "^[A-Z]", "message": "Capital", "flags": "i"}},
                 "layout": {"columns": 6, "offset": 0, "breakpoint": "md"}, "visibleWhen": {"model": "custom.b", "equals": true, "note": "n"},
                 "onChangeEvent": {"type": "script", "script": "x()", "extraHook": 1}}
            ]}],
            "events": {"onLoad": {"type": "script", "script": "go()"}, "onSubmit": {"type": "script", "script": "s()"}},
            "theme": "dark"
        });
        let d: FormDefinition = serde_json::from_value(raw.clone()).unwrap();
        assert!(matches!(d.fields[0].fields[0], Field::Unknown(_)));
        assert!(matches!(d.fields[0].fields[1], Field::Unknown(_)));
        assert_eq!(d.fields[0].fields[0].layout().unwrap().columns(), 6);
        assert_eq!(serde_json::to_value(&d).unwrap(), raw);
    }

    #[test]
    fn malformed_known_fields_are_errors_naming_the_field() {
        let e = serde_json::from_value::<FormDefinition>(json!({"fields": [{"id": "r", "fields": [
            {"id": "f9", "type": "string", "layout": {"columns": "six"}}]}]}))
        .unwrap_err();
        assert!(e.to_string().contains("field 'f9'"), "{e}");
        let e = serde_json::from_value::<FormDefinition>(json!({"fields": [{"id": "r", "fields": [
            {"type": "select", "model": "m"}]}]}))
        .unwrap_err();
        assert!(
            e.to_string().contains("select field") && e.to_string().contains("id"),
            "{e}"
        );
        assert!(serde_json::from_value::<FormDefinition>(json!({"fields": [{"id": "r", "fields": ["x"]}]})).is_err());
    }

    #[test]
    fn absent_properties_stay_absent_through_a_round_trip() {
        // A section without `fields`, a visibleWhen without `equals` (and one with an
        // explicit null), an option without a value: each is saved as it was read.
        let raw = json!({"fields": [{"id": "r", "fields": [
            {"id": "s", "type": "section", "header": "Empty"},
            {"id": "t", "type": "section", "fields": []},
            {"id": "a", "type": "string", "model": "a", "visibleWhen": {"model": "b"}},
            {"id": "b", "type": "string", "model": "b", "visibleWhen": {"model": "a", "equals": null}},
            {"id": "c", "type": "select", "model": "c", "options": [{"label": "No value"}, {"label": "One", "value": "1"}]}
        ]}]});
        let d: FormDefinition = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&d).unwrap(), raw);
        // Absent and null `equals` mean the same: shown while there is no value.
        let (a, b) = (&d.fields[0].fields[2], &d.fields[0].fields[3]);
        assert!(a.is_visible(&json!({})) && b.is_visible(&json!({})));
        assert!(!a.is_visible(&json!({"b": "x"})));
        // A section the builder fills gets its fields, emptied again it has none.
        let mut d2 = d.clone();
        let Field::Section(s) = &mut d2.fields[0].fields[0] else {
            panic!("a section")
        };
        s.fields.push(Row::default());
        assert_eq!(
            serde_json::to_value(&d2).unwrap()["fields"][0]["fields"][0]["fields"],
            json!([{"fields": []}])
        );
        // The option without a value is a named definition error, not an unreadable form.
        let errors = check_definition(&d, &compiles).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, "field 'c': option 1 has no value");
    }

    #[test]
    fn a_malformed_option_is_named_where_it_is() {
        let e = serde_json::from_value::<FormDefinition>(json!({"fields": [{"id": "r", "fields": [
            {"id": "c", "type": "select", "model": "c", "options": [{"value": 1}, {"label": 5, "value": 2}]}]}]}))
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("field 'c'") && e.contains("options[1]") && e.contains("invalid type"),
            "{e}"
        );
        let e = serde_json::from_value::<FormDefinition>(json!({"fields": [{"id": "r", "fields": [
            {"id": "c", "type": "select", "model": "c", "options": "all"}]}]}))
        .unwrap_err()
        .to_string();
        assert!(e.contains("options must be a list"), "{e}");
        let e = serde_json::from_value::<FormDefinition>(json!({"fields": [{"id": "r", "fields": [
            {"id": "c", "type": "select", "model": "c", "options": {"queryFilter": "true"}}]}]}))
        .unwrap_err()
        .to_string();
        assert!(e.contains("options: missing field `object`"), "{e}");
    }

    #[test]
    fn resource_rules_name_the_property() {
        assert_eq!(
            check_resource(&json!({})).unwrap_err(),
            [
                "name is required",
                "type is required: one of request, applicationRequest, lcmRequest",
                "form is required"
            ]
        );
        assert_eq!(
            check_resource(&json!({"name": " ", "type": "x", "form": [], "description": 1, "categories": "c"}))
                .unwrap_err(),
            [
                "name must not be empty",
                "type must be one of request, applicationRequest, lcmRequest, got \"x\"",
                "form must be an object",
                "description must be a string",
                "categories must be an object"
            ]
        );
        assert!(check_resource(&json!({"name": "n", "type": "lcmRequest", "form": {}})).is_ok());
        assert!(check_resource(&json!([])).is_err());
    }
}
