//! Sources and their provisioning policies (seed 003): the `Source` shape of
//! `GET /v3/sources`, `ProvisioningPolicyDto` with its 16 usage types and six field
//! types, and the rules a policy must keep before the server stores it.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::filter::{self, Expr, Op};
use crate::identity::{QueryError, Ref, Sorter};
use crate::settings::RuleError;

/// Declares [`UsageType`] and its wire names from one table.
macro_rules! usage_types {
    ($($variant:ident $name:literal),* $(,)?) => {
        /// `UsageType`: which provisioning operation a policy shapes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum UsageType {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl UsageType {
            /// Every usage type, in the spec's order.
            pub const ALL: [UsageType; 16] = [$(UsageType::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(UsageType::$variant => $name,)* }
            }
        }
    };
}

usage_types! {
    Create "CREATE",
    Update "UPDATE",
    Enable "ENABLE",
    Disable "DISABLE",
    Delete "DELETE",
    Assign "ASSIGN",
    Unassign "UNASSIGN",
    CreateGroup "CREATE_GROUP",
    UpdateGroup "UPDATE_GROUP",
    DeleteGroup "DELETE_GROUP",
    Register "REGISTER",
    CreateIdentity "CREATE_IDENTITY",
    UpdateIdentity "UPDATE_IDENTITY",
    EditGroup "EDIT_GROUP",
    Unlock "UNLOCK",
    ChangePassword "CHANGE_PASSWORD",
}

impl UsageType {
    /// Parses the exact (uppercase) wire name, e.g. from the `{usageType}` path segment.
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        Self::ALL.into_iter().find(|u| u.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|u| u.as_str()).collect();
            RuleError::new(
                "usageType",
                format!("'{s}' is not a usage type; use one of {}", names.join(", ")),
            )
        })
    }
}

/// The `type` of a provisioning policy field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Int,
    Long,
    Date,
    Boolean,
    Secret,
}

/// `""` (as in the spec's own create example) means no type; anything else must be one
/// of the six types.
fn empty_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<FieldType>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    match raw.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => FieldType::deserialize(serde::de::value::StrDeserializer::<D::Error>::new(s)).map(Some),
    }
}

/// `FieldDetailsDto`: one attribute the policy produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FieldDetailsDto {
    pub name: Option<String>,
    #[serde(default)]
    pub transform: Map<String, Value>,
    #[serde(default)]
    pub attributes: Map<String, Value>,
    /// Read-only: derived from `attributes.cloudRequired` (see [`ProvisioningPolicyDto::normalize`]).
    #[serde(default)]
    pub is_required: bool,
    #[serde(
        rename = "type",
        default,
        deserialize_with = "empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<FieldType>,
    #[serde(default)]
    pub is_multi_valued: bool,
}

impl FieldDetailsDto {
    /// A field of `kind` filled from the identity attribute `attribute`.
    pub fn from_identity(name: &str, kind: FieldType, attribute: &str) -> Self {
        let mut attributes = Map::new();
        attributes.insert("name".into(), Value::String(attribute.into()));
        let mut transform = Map::new();
        transform.insert("type".into(), Value::String("identityAttribute".into()));
        transform.insert("attributes".into(), Value::Object(attributes));
        Self {
            name: Some(name.into()),
            transform,
            attributes: Map::new(),
            is_required: false,
            kind: Some(kind),
            is_multi_valued: false,
        }
    }
}

/// `ProvisioningPolicyDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProvisioningPolicyDto {
    /// Required (the spec lets it be null on the wire; Gatehouse refuses null).
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_type: Option<UsageType>,
    #[serde(default)]
    pub fields: Vec<FieldDetailsDto>,
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

impl ProvisioningPolicyDto {
    /// Makes the read-only parts what the server says: `isRequired` of each field is
    /// `attributes.cloudRequired` (`"true"` or `true`), whatever the client sent.
    pub fn normalize(&mut self) {
        for f in &mut self.fields {
            f.is_required = truthy(f.attributes.get("cloudRequired"));
        }
    }

    /// `name` is present and not blank; every field has a name, used once.
    pub fn check(&self) -> Vec<RuleError> {
        let mut errors = Vec::new();
        if self.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            errors.push(RuleError::new("name", "name is required"));
        }
        for (i, f) in self.fields.iter().enumerate() {
            match f.name.as_deref().map(str::trim) {
                None | Some("") => errors.push(RuleError::new("fields", format!("fields[{i}].name is required"))),
                Some(n) => {
                    if self.fields[..i]
                        .iter()
                        .any(|g| g.name.as_deref().map(str::trim) == Some(n))
                    {
                        errors.push(RuleError::new(
                            "fields",
                            format!("fields[{i}].name: '{n}' is used by another field"),
                        ));
                    }
                }
            }
        }
        errors
    }
}

/// A source as `GET /v3/sources` lists it (the part of the spec's `Source` Gatehouse keeps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `{type: "IDENTITY", id, name}`, or null when nobody owns it.
    pub owner: Option<Ref>,
    pub connector: String,
    pub created: String,
    pub modified: String,
}

/// Filters `GET /v3/sources` accepts (a subset of the spec's).
pub const SOURCE_FILTERS: &[(&str, &[Op])] = &[("id", &[Op::Eq, Op::In]), ("name", &[Op::Eq, Op::In, Op::Sw, Op::Co])];

/// Fields `GET /v3/sources` sorts by.
pub const SOURCE_SORTERS: [&str; 4] = ["name", "id", "created", "modified"];

/// Parses and checks the `filters` of the sources list.
pub fn parse_source_filter(s: &str) -> Result<Expr, QueryError> {
    let expr = filter::parse(s).map_err(|e| QueryError(format!("filters: {e}")))?;
    filter::check(&expr, &filter::Allowed { fields: SOURCE_FILTERS })
        .map_err(|e| QueryError(format!("filters: {e}")))?;
    Ok(expr)
}

/// Parses the `sorters` of the sources list (`name,-created`).
pub fn parse_source_sorters(s: &str) -> Result<Vec<Sorter>, QueryError> {
    let mut out: Vec<Sorter> = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (descending, field) = part.strip_prefix('-').map_or((false, part), |f| (true, f));
        if !SOURCE_SORTERS.contains(&field) {
            return Err(QueryError(format!(
                "sorters: '{field}' is not a sortable field; sortable fields: {}",
                SOURCE_SORTERS.join(", ")
            )));
        }
        if out.iter().any(|o| o.field == field) {
            return Err(QueryError(format!("sorters: '{field}' appears more than once")));
        }
        out.push(Sorter {
            field: field.to_string(),
            descending,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn usage_types_parse_exactly() {
        assert_eq!(UsageType::ALL.len(), 16);
        for u in UsageType::ALL {
            assert_eq!(UsageType::parse(u.as_str()).unwrap(), u);
            assert_eq!(serde_json::to_value(u).unwrap(), json!(u.as_str()));
        }
        assert_eq!(UsageType::parse("CHANGE_PASSWORD").unwrap(), UsageType::ChangePassword);
        let e = UsageType::parse("create").unwrap_err();
        assert_eq!(e.field, "usageType");
        assert!(e.message.contains("'create'"));
    }

    #[test]
    fn the_spec_example_reads_and_type_is_checked() {
        let example = json!({
            "name": "Account", "description": "Account Provisioning Policy", "usageType": "CREATE",
            "fields": [
                {"name": "displayName", "transform": {"type": "identityAttribute", "attributes": {"name": "displayName"}},
                 "attributes": {}, "isRequired": false, "type": "string", "isMultiValued": false},
                {"name": "distinguishedName", "transform": {"type": "usernameGenerator"},
                 "attributes": {"cloudMaxUniqueChecks": "5", "cloudRequired": "true"},
                 "isRequired": false, "type": "", "isMultiValued": false},
                {"name": "description", "transform": {"type": "static", "attributes": {"value": ""}},
                 "attributes": {}, "isRequired": false, "type": "string", "isMultiValued": false}
            ]
        });
        let mut p: ProvisioningPolicyDto = serde_json::from_value(example).unwrap();
        assert_eq!(p.usage_type, Some(UsageType::Create));
        assert_eq!(p.fields[1].kind, None);
        p.normalize();
        assert!(p.fields[1].is_required && !p.fields[0].is_required);
        assert!(p.check().is_empty());
        for kind in ["string", "int", "long", "date", "boolean", "secret"] {
            let f: FieldDetailsDto = serde_json::from_value(json!({"name": "a", "type": kind})).unwrap();
            assert_eq!(serde_json::to_value(&f).unwrap()["type"], json!(kind));
        }
        assert!(serde_json::from_value::<FieldDetailsDto>(json!({"name": "a", "type": "number"})).is_err());
        assert!(serde_json::from_value::<FieldDetailsDto>(json!({"name": "a", "colour": "red"})).is_err());
        let f: FieldDetailsDto = serde_json::from_value(json!({"name": "a"})).unwrap();
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"name": "a", "transform": {}, "attributes": {}, "isRequired": false, "isMultiValued": false})
        );
    }

    #[test]
    fn policy_rules() {
        let p = |name: Option<&str>, fields: &[Option<&str>]| ProvisioningPolicyDto {
            name: name.map(str::to_string),
            description: None,
            usage_type: Some(UsageType::Update),
            fields: fields
                .iter()
                .map(|n| FieldDetailsDto {
                    name: n.map(str::to_string),
                    ..FieldDetailsDto::from_identity("x", FieldType::String, "email")
                })
                .collect(),
        };
        assert!(p(Some("Update"), &[Some("mail"), Some("uid")]).check().is_empty());
        assert_eq!(p(None, &[]).check()[0].field, "name");
        assert_eq!(p(Some("  "), &[]).check()[0].message, "name is required");
        assert!(p(Some("a"), &[None]).check()[0].message.contains("fields[0].name"));
        assert!(p(Some("a"), &[Some("mail"), Some("mail")]).check()[0]
            .message
            .contains("fields[1].name: 'mail'"));
    }

    #[test]
    fn source_list_parameters() {
        assert!(parse_source_filter("name sw \"Active\" or id in (\"a\",\"b\")").is_ok());
        assert!(parse_source_filter("owner.id eq \"x\"")
            .unwrap_err()
            .0
            .contains("owner.id"));
        assert!(parse_source_filter("id sw \"x\"").is_err());
        let s = parse_source_sorters("-created,name").unwrap();
        assert!(s[0].descending && s[1].field == "name");
        assert!(parse_source_sorters("owner").is_err());
        assert!(parse_source_sorters("name,-name").is_err());
    }
}
