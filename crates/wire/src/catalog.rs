//! The IGA catalog: its items as `GET /iga/governance/catalog` answers them
//! ([`CatalogEntry`]), its search properties (`GET /iga/governance/search/schema[/{type}]`:
//! `{key, displayName, type, isMultiValue}` per kind) and the rule that turns what a
//! person picks in a filter bar — a property, an operator, a typed-in value — into a
//! `targetFilter` leaf ([`filter_leaf`]): which operators a property's type offers, and
//! what its value must look like (the message names the property).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::request::UserRef;
use crate::target_filter::{LeafOp, TargetFilter};

// ---------------------------------------------------------------------------------------
// Catalog items

/// One catalog item: `{id, item: {type, objectType}, application, applicationOwner[],
/// entitlement, entitlementOwner[], role, roleOwner[], glossary: {idx: {..}}}`. An
/// application item (`accountGrant`) has the application and its owners; an
/// entitlement item (`entitlementGrant`) its application too; a role item
/// (`roleMembership`) only the role. The parts an item has not are absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogEntry {
    /// The id of the object it grants (source, entitlement or role id).
    pub id: String,
    pub item: CatalogItemType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<CatalogApplication>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_owner: Option<Vec<UserRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement: Option<CatalogEntitlement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement_owner: Option<Vec<UserRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<CatalogRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_owner: Option<Vec<UserRef>>,
    #[serde(default)]
    pub glossary: CatalogGlossary,
}

/// `item`: what granting the item does (`accountGrant`, `entitlementGrant`,
/// `roleMembership`) and the kind of object (`application`, `entitlement`, `role`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogItemType {
    #[serde(rename = "type")]
    pub kind: String,
    pub object_type: String,
}

/// An item's `application`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogApplication {
    pub id: String,
    pub name: String,
    pub description: String,
    pub connector: String,
    pub requestable: bool,
}

/// An item's `entitlement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogEntitlement {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub description: String,
    pub attribute: String,
    pub value: String,
    pub privileged: bool,
    pub requestable: bool,
    pub application_id: String,
}

/// An item's `role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRole {
    pub id: String,
    pub name: String,
    pub description: String,
    pub requestable: bool,
}

/// `glossary`: `{idx: {"/application"|"/entitlement"|"/role": {..}}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogGlossary {
    #[serde(default)]
    pub idx: GlossaryIdx,
}

/// The glossary attributes of each object of an item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GlossaryIdx {
    #[serde(rename = "/application", default, skip_serializing_if = "Option::is_none")]
    pub application: Option<GlossaryAttributes>,
    #[serde(rename = "/entitlement", default, skip_serializing_if = "Option::is_none")]
    pub entitlement: Option<GlossaryAttributes>,
    #[serde(rename = "/role", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<GlossaryAttributes>,
}

/// One object's glossary attributes: the ones Gatehouse keeps (`requestable`, and
/// `privileged` for an entitlement) and any others a tenant defines (free-form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GlossaryAttributes {
    #[serde(default)]
    pub requestable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl GlossaryAttributes {
    /// Only `requestable` (and `privileged` when given).
    pub fn new(requestable: bool, privileged: Option<bool>) -> GlossaryAttributes {
        GlossaryAttributes {
            requestable,
            privileged,
            other: Map::new(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Search properties

/// One property a catalog search may filter and sort on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchProperty {
    /// The dot path of the catalog item (`entitlement.displayName`), as `targetName` takes it.
    pub key: String,
    pub display_name: String,
    /// `string`, `boolean`, `integer`, `number` or `date` (anything else reads as text).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub is_multi_value: bool,
}

impl SearchProperty {
    pub fn new(key: &str, display_name: &str, kind: &str) -> SearchProperty {
        SearchProperty {
            key: key.into(),
            display_name: display_name.into(),
            kind: kind.into(),
            is_multi_value: false,
        }
    }

    pub fn value_type(&self) -> ValueType {
        ValueType::of(&self.kind)
    }

    /// The operators a filter on this property offers, the first being the default.
    pub fn operators(&self) -> &'static [LeafOp] {
        self.value_type().operators()
    }
}

/// `GET /iga/governance/search/schema`: the properties of every kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchSchema {
    pub application: Vec<SearchProperty>,
    pub entitlement: Vec<SearchProperty>,
    pub role: Vec<SearchProperty>,
}

/// How a property's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    Boolean,
    Number,
    Date,
}

impl ValueType {
    pub fn of(kind: &str) -> ValueType {
        match kind.to_ascii_lowercase().as_str() {
            "boolean" => ValueType::Boolean,
            "integer" | "number" | "long" | "int" => ValueType::Number,
            "date" | "datetime" => ValueType::Date,
            _ => ValueType::Text,
        }
    }

    /// The operators that make sense for the type, the first being the default.
    pub fn operators(self) -> &'static [LeafOp] {
        match self {
            ValueType::Text => &[
                LeafOp::Contains,
                LeafOp::StartsWith,
                LeafOp::EndsWith,
                LeafOp::Equals,
                LeafOp::Exists,
            ],
            ValueType::Boolean => &[LeafOp::Equals],
            ValueType::Number => &[LeafOp::Equals, LeafOp::Gt, LeafOp::Gte, LeafOp::Lt, LeafOp::Lte],
            ValueType::Date => &[LeafOp::Gt, LeafOp::Lt, LeafOp::Gte, LeafOp::Lte],
        }
    }
}

/// How a person reads an operator for a type ("contains", "is after").
pub fn operator_label(op: LeafOp, t: ValueType) -> &'static str {
    match (op, t) {
        (LeafOp::Contains, _) => "contains",
        (LeafOp::StartsWith, _) => "starts with",
        (LeafOp::EndsWith, _) => "ends with",
        (LeafOp::Equals, ValueType::Boolean) => "is",
        (LeafOp::Equals, _) => "equals",
        (LeafOp::Exists, _) => "is set",
        (LeafOp::Gt, ValueType::Date) => "is after",
        (LeafOp::Lt, ValueType::Date) => "is before",
        (LeafOp::Gte, ValueType::Date) => "is on or after",
        (LeafOp::Lte, ValueType::Date) => "is on or before",
        (LeafOp::Gt, _) => "is greater than",
        (LeafOp::Gte, _) => "is at least",
        (LeafOp::Lt, _) => "is less than",
        (LeafOp::Lte, _) => "is at most",
        (LeafOp::In, _) => "is one of",
    }
}

/// Why a filter cannot be built; the message names the property.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FilterProblem(pub String);

/// The leaf a filter bar sends for a property, an operator and the typed-in text:
/// text operators take the text as is (trimmed, not empty), booleans `true`/`false`,
/// numbers a number, dates `YYYY-MM-DD`; `EXISTS` takes nothing.
pub fn filter_leaf(p: &SearchProperty, op: LeafOp, text: &str) -> Result<TargetFilter, FilterProblem> {
    let t = p.value_type();
    let name = &p.display_name;
    if !t.operators().contains(&op) {
        return Err(FilterProblem(format!(
            "{name}: \"{}\" is not a way to filter this property",
            operator_label(op, t)
        )));
    }
    if op == LeafOp::Exists {
        return Ok(TargetFilter::leaf(op, p.key.clone(), Value::Null));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(FilterProblem(format!("{name}: enter a value to filter by")));
    }
    let value = match t {
        ValueType::Text => Value::String(text.to_string()),
        ValueType::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(FilterProblem(format!("{name}: choose yes or no"))),
        },
        // JSON's own number syntax (serde_json's parser: the portal carries no second one).
        ValueType::Number => match serde_json::from_str::<serde_json::Number>(text) {
            Ok(n) => Value::Number(n),
            Err(_) => return Err(FilterProblem(format!("{name}: \"{text}\" is not a number"))),
        },
        ValueType::Date => {
            if !crate::form::is_date(text) {
                return Err(FilterProblem(format!("{name}: \"{text}\" is not a date (YYYY-MM-DD)")));
            }
            Value::String(text.to_string())
        }
    };
    Ok(TargetFilter::leaf(op, p.key.clone(), value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target_filter::parse;
    use serde_json::json;

    fn prop(kind: &str) -> SearchProperty {
        SearchProperty::new("entitlement.x", "X", kind)
    }

    #[test]
    fn a_catalog_entry_reads_back_with_the_glossary_attributes_of_a_tenant() {
        let doc = json!({
            "id": "e1",
            "item": {"type": "entitlementGrant", "objectType": "entitlement"},
            "application": {"id": "s1", "name": "AD", "description": "", "connector": "ad", "requestable": true},
            "applicationOwner": [],
            "entitlement": {"id": "e1", "name": "Admins", "displayName": "Admins", "description": "",
                            "attribute": "group", "value": "cn=admins", "privileged": true, "requestable": true,
                            "applicationId": "s1"},
            "entitlementOwner": [{"id": "u1", "userName": "ada", "givenName": "Ada", "sn": "Lovelace", "mail": null}],
            "glossary": {"idx": {"/entitlement": {"requestable": true, "privileged": true, "riskLevel": "high"}}},
        });
        let entry: CatalogEntry = serde_json::from_value(doc.clone()).unwrap();
        assert_eq!(entry.role, None);
        let glossary = entry.glossary.idx.entitlement.as_ref().unwrap();
        assert_eq!((glossary.requestable, glossary.privileged), (true, Some(true)));
        assert_eq!(glossary.other["riskLevel"], "high");
        assert_eq!(serde_json::to_value(&entry).unwrap(), doc, "absent parts stay absent");
    }

    #[test]
    fn every_type_offers_its_operators_first_one_the_default() {
        assert_eq!(prop("string").operators()[0], LeafOp::Contains);
        assert_eq!(prop("boolean").operators(), &[LeafOp::Equals]);
        assert!(prop("integer").operators().contains(&LeafOp::Gte));
        assert!(!prop("date").operators().contains(&LeafOp::Contains));
        assert_eq!(ValueType::of("whatever"), ValueType::Text);
        for t in [ValueType::Text, ValueType::Boolean, ValueType::Number, ValueType::Date] {
            for op in t.operators() {
                assert!(!operator_label(*op, t).is_empty());
            }
        }
    }

    #[test]
    fn leaves_carry_typed_values_that_parse() {
        let check = |p: &SearchProperty, op, text, want: Value| {
            let leaf = filter_leaf(p, op, text).expect("builds");
            let wire = serde_json::to_value(&leaf).unwrap();
            assert_eq!(wire["operand"]["targetValue"], want, "{wire}");
            assert_eq!(parse(&wire, "targetFilter").unwrap(), leaf);
        };
        check(&prop("string"), LeafOp::StartsWith, "  Act ", json!("Act"));
        check(&prop("boolean"), LeafOp::Equals, "false", json!(false));
        check(&prop("integer"), LeafOp::Gt, "42", json!(42));
        check(&prop("number"), LeafOp::Lte, "2.5", json!(2.5));
        check(&prop("date"), LeafOp::Gt, "2026-03-01", json!("2026-03-01"));
        let exists = filter_leaf(&prop("string"), LeafOp::Exists, "ignored").unwrap();
        assert_eq!(
            serde_json::to_value(&exists).unwrap(),
            json!({"operator": "EXISTS", "operand": {"targetName": "entitlement.x"}})
        );
    }

    #[test]
    fn bad_values_name_the_property() {
        let e = |p: &SearchProperty, op, text| filter_leaf(p, op, text).unwrap_err().to_string();
        assert_eq!(
            e(&prop("string"), LeafOp::Contains, "  "),
            "X: enter a value to filter by"
        );
        assert_eq!(e(&prop("boolean"), LeafOp::Equals, "maybe"), "X: choose yes or no");
        assert_eq!(e(&prop("integer"), LeafOp::Gt, "ten"), "X: \"ten\" is not a number");
        assert_eq!(e(&prop("number"), LeafOp::Gt, "NaN"), "X: \"NaN\" is not a number");
        assert!(e(&prop("number"), LeafOp::Gt, "1 2").contains("is not a number"));
        assert!(e(&prop("date"), LeafOp::Lt, "March").contains("is not a date"));
        assert!(e(&prop("boolean"), LeafOp::Contains, "true").contains("is not a way to filter"));
    }

    #[test]
    fn the_schema_reads_the_wire_shape() {
        let s: SearchSchema = serde_json::from_value(json!({
            "application": [{"key": "application.name", "displayName": "Name", "type": "string", "isMultiValue": false}],
            "entitlement": [], "role": [],
        }))
        .unwrap();
        assert_eq!(
            s.application[0],
            SearchProperty::new("application.name", "Name", "string")
        );
    }
}
