//! PingOne AIC IGA `targetFilter`: the JSON filter tree that `POST ...?_action=search`
//! bodies carry (catalog, my requests, my approvals), parsed into [`TargetFilter`] and
//! evaluated over JSON documents.
//!
//! ```text
//! Node := {operator: "AND"|"OR", operand: [Node..]}
//!       | {operator: "NOT", operand: [Node]}            (a bare Node is read too)
//!       | {operator: "ALL", operand: []}                 (matches everything)
//!       | {operator: EQUALS|CONTAINS|STARTS_WITH|ENDS_WITH|GT|GTE|LT|LTE|IN|EXISTS,
//!          operand: {targetName: "dot.path", targetValue}}
//! ```
//! Operators are read without regard to case. `IN` takes an array; `EXISTS` takes no
//! value. Evaluation follows the CREST `_queryFilter` evaluator ([`crate::crest`]) so
//! both languages agree: a path that runs through arrays looks into every element, a
//! comparison holds when it holds for any value found, strings compare ignoring case.
//! Parse errors name where in the body the problem is (`targetFilter.operand[1].operator`).

use serde::Serialize;
use serde_json::Value;

use crate::crest::{resolve, CmpOp, Filter};

/// Deepest nesting of AND / OR / NOT the parser accepts (bounds recursion).
pub const MAX_DEPTH: usize = 32;

/// A parsed target filter.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetFilter {
    All,
    And(Vec<TargetFilter>),
    Or(Vec<TargetFilter>),
    Not(Box<TargetFilter>),
    Leaf { op: LeafOp, name: String, value: Value },
}

/// The comparison of a leaf node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafOp {
    Equals,
    Contains,
    StartsWith,
    EndsWith,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    Exists,
}

impl LeafOp {
    /// Every leaf operator, in the order API.md lists them.
    pub const ALL: [LeafOp; 10] = [
        LeafOp::Equals,
        LeafOp::Contains,
        LeafOp::StartsWith,
        LeafOp::EndsWith,
        LeafOp::Gt,
        LeafOp::Gte,
        LeafOp::Lt,
        LeafOp::Lte,
        LeafOp::In,
        LeafOp::Exists,
    ];

    /// The operator as the wire spells it (`STARTS_WITH`).
    pub fn as_str(self) -> &'static str {
        match self {
            LeafOp::Equals => "EQUALS",
            LeafOp::Contains => "CONTAINS",
            LeafOp::StartsWith => "STARTS_WITH",
            LeafOp::EndsWith => "ENDS_WITH",
            LeafOp::Gt => "GT",
            LeafOp::Gte => "GTE",
            LeafOp::Lt => "LT",
            LeafOp::Lte => "LTE",
            LeafOp::In => "IN",
            LeafOp::Exists => "EXISTS",
        }
    }

    /// Reads an operator as the wire spells it (exact case).
    pub fn from_wire(op: &str) -> Option<LeafOp> {
        LeafOp::parse(op)
    }

    fn parse(op: &str) -> Option<LeafOp> {
        Some(match op {
            "EQUALS" => LeafOp::Equals,
            "CONTAINS" => LeafOp::Contains,
            "STARTS_WITH" => LeafOp::StartsWith,
            "ENDS_WITH" => LeafOp::EndsWith,
            "GT" => LeafOp::Gt,
            "GTE" => LeafOp::Gte,
            "LT" => LeafOp::Lt,
            "LTE" => LeafOp::Lte,
            "IN" => LeafOp::In,
            "EXISTS" => LeafOp::Exists,
            _ => return None,
        })
    }
}

const OPERATORS: &str = "AND, OR, NOT, ALL, EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH, GT, GTE, LT, LTE, IN, EXISTS";

/// Why a target filter cannot be read: `at` is where in the body, `message` what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct TargetFilterError {
    pub at: String,
    pub message: String,
}

fn err(at: &str, message: impl Into<String>) -> TargetFilterError {
    TargetFilterError {
        at: at.to_string(),
        message: message.into(),
    }
}

/// Parses a target filter node; `at` names it in errors (`targetFilter`).
pub fn parse(node: &Value, at: &str) -> Result<TargetFilter, TargetFilterError> {
    parse_node(node, at, 0)
}

/// Reads the `targetFilter` of a search body: an absent body, `{}` or a null filter
/// match everything.
pub fn from_search_body(body: &Value) -> Result<TargetFilter, TargetFilterError> {
    match body {
        Value::Null => Ok(TargetFilter::All),
        Value::Object(map) => match map.get("targetFilter") {
            None | Some(Value::Null) => Ok(TargetFilter::All),
            Some(node) => parse(node, "targetFilter"),
        },
        _ => Err(err("body", "a search body must be an object {targetFilter}")),
    }
}

fn parse_node(node: &Value, at: &str, depth: usize) -> Result<TargetFilter, TargetFilterError> {
    if depth > MAX_DEPTH {
        return Err(err(at, format!("filters may nest at most {MAX_DEPTH} levels")));
    }
    let Value::Object(map) = node else {
        return Err(err(at, "a filter node must be an object {operator, operand}"));
    };
    let operator = match map.get("operator") {
        Some(Value::String(s)) => s.trim().to_ascii_uppercase(),
        None | Some(Value::Null) => return Err(err(&format!("{at}.operator"), "is required")),
        Some(_) => return Err(err(&format!("{at}.operator"), "must be a string")),
    };
    let operand = map.get("operand").unwrap_or(&Value::Null);
    let operand_at = format!("{at}.operand");
    match operator.as_str() {
        "ALL" => match operand {
            Value::Null => Ok(TargetFilter::All),
            Value::Array(items) if items.is_empty() => Ok(TargetFilter::All),
            _ => Err(err(&operand_at, "ALL takes an empty operand []")),
        },
        "AND" | "OR" => {
            let Value::Array(items) = operand else {
                return Err(err(&operand_at, format!("{operator} takes an array of filter nodes")));
            };
            let parts = items
                .iter()
                .enumerate()
                .map(|(i, n)| parse_node(n, &format!("{operand_at}[{i}]"), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if operator == "AND" {
                TargetFilter::And(parts)
            } else {
                TargetFilter::Or(parts)
            })
        }
        "NOT" => {
            let inner = match operand {
                Value::Array(items) if items.len() == 1 => {
                    parse_node(&items[0], &format!("{operand_at}[0]"), depth + 1)?
                }
                Value::Object(_) => parse_node(operand, &operand_at, depth + 1)?,
                _ => return Err(err(&operand_at, "NOT takes exactly one filter node")),
            };
            Ok(TargetFilter::Not(Box::new(inner)))
        }
        other => {
            let op = LeafOp::parse(other).ok_or_else(|| {
                err(
                    &format!("{at}.operator"),
                    format!("'{other}' is not one of {OPERATORS}"),
                )
            })?;
            let Value::Object(leaf) = operand else {
                return Err(err(
                    &operand_at,
                    format!("{other} takes an object {{targetName, targetValue}}"),
                ));
            };
            let name = match leaf.get("targetName") {
                Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                Some(Value::String(_)) => return Err(err(&format!("{operand_at}.targetName"), "must not be empty")),
                None | Some(Value::Null) => return Err(err(&format!("{operand_at}.targetName"), "is required")),
                Some(_) => return Err(err(&format!("{operand_at}.targetName"), "must be a string")),
            };
            if name.split('.').any(str::is_empty) {
                return Err(err(
                    &format!("{operand_at}.targetName"),
                    format!("'{name}' is not a dot path"),
                ));
            }
            let value = leaf.get("targetValue").cloned().unwrap_or(Value::Null);
            let value_at = format!("{operand_at}.targetValue");
            match op {
                LeafOp::Exists => {}
                LeafOp::In => {
                    if !value.is_array() {
                        return Err(err(&value_at, "IN takes an array of values"));
                    }
                }
                LeafOp::Contains | LeafOp::StartsWith | LeafOp::EndsWith => {
                    if !value.is_string() {
                        return Err(err(&value_at, format!("{other} takes a string")));
                    }
                }
                _ => {
                    if value.is_null() || value.is_object() || value.is_array() {
                        return Err(err(&value_at, format!("{other} takes a string, number or boolean")));
                    }
                }
            }
            Ok(TargetFilter::Leaf { op, name, value })
        }
    }
}

/// The wire form of a node: `{operator, operand}`. Serialising a [`TargetFilter`] goes
/// through these, so what a client builds from the AST always parses back to it.
#[derive(Serialize)]
struct WireNode<'a> {
    operator: &'static str,
    operand: WireOperand<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum WireOperand<'a> {
    Nodes(Vec<WireNode<'a>>),
    Leaf(WireLeaf<'a>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireLeaf<'a> {
    target_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_value: Option<&'a Value>,
}

impl TargetFilter {
    fn wire(&self) -> WireNode<'_> {
        match self {
            TargetFilter::All => WireNode {
                operator: "ALL",
                operand: WireOperand::Nodes(Vec::new()),
            },
            TargetFilter::And(parts) => WireNode {
                operator: "AND",
                operand: WireOperand::Nodes(parts.iter().map(TargetFilter::wire).collect()),
            },
            TargetFilter::Or(parts) => WireNode {
                operator: "OR",
                operand: WireOperand::Nodes(parts.iter().map(TargetFilter::wire).collect()),
            },
            TargetFilter::Not(inner) => WireNode {
                operator: "NOT",
                operand: WireOperand::Nodes(vec![inner.wire()]),
            },
            TargetFilter::Leaf { op, name, value } => WireNode {
                operator: op.as_str(),
                operand: WireOperand::Leaf(WireLeaf {
                    target_name: name,
                    target_value: (*op != LeafOp::Exists).then_some(value),
                }),
            },
        }
    }

    /// An AND of the parts, flattened: no part is [`TargetFilter::All`], one part
    /// stands alone, none is `All`.
    pub fn and(parts: impl IntoIterator<Item = TargetFilter>) -> TargetFilter {
        let mut parts: Vec<TargetFilter> = parts.into_iter().filter(|p| *p != TargetFilter::All).collect();
        match parts.len() {
            0 => TargetFilter::All,
            1 => parts.remove(0),
            _ => TargetFilter::And(parts),
        }
    }

    /// A leaf node.
    pub fn leaf(op: LeafOp, name: impl Into<String>, value: Value) -> TargetFilter {
        TargetFilter::Leaf {
            op,
            name: name.into(),
            value,
        }
    }
}

impl Serialize for TargetFilter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.wire().serialize(s)
    }
}

impl TargetFilter {
    /// Whether a document satisfies the filter.
    pub fn matches(&self, doc: &Value) -> bool {
        match self {
            TargetFilter::All => true,
            TargetFilter::And(parts) => parts.iter().all(|p| p.matches(doc)),
            TargetFilter::Or(parts) => parts.iter().any(|p| p.matches(doc)),
            TargetFilter::Not(inner) => !inner.matches(doc),
            TargetFilter::Leaf { op, name, value } => leaf_matches(*op, name, value, doc),
        }
    }
}

fn leaf_matches(op: LeafOp, name: &str, value: &Value, doc: &Value) -> bool {
    let cmp = |o: CmpOp, v: &Value| Filter::cmp(name, o, v.clone()).matches(doc);
    match op {
        LeafOp::Equals => cmp(CmpOp::Eq, value),
        LeafOp::Contains => cmp(CmpOp::Co, value),
        LeafOp::StartsWith => cmp(CmpOp::Sw, value),
        LeafOp::EndsWith => {
            let wanted = value.as_str().unwrap_or_default().to_lowercase();
            resolve(doc, name)
                .iter()
                .any(|v| v.as_str().is_some_and(|s| s.to_lowercase().ends_with(&wanted)))
        }
        LeafOp::Gt => cmp(CmpOp::Gt, value),
        LeafOp::Gte => cmp(CmpOp::Ge, value),
        LeafOp::Lt => cmp(CmpOp::Lt, value),
        LeafOp::Lte => cmp(CmpOp::Le, value),
        LeafOp::In => value
            .as_array()
            .is_some_and(|items| items.iter().any(|v| cmp(CmpOp::Eq, v))),
        LeafOp::Exists => resolve(doc, name).iter().any(|v| !v.is_null()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "id": "e1",
            "item": {"type": "entitlementGrant"},
            "entitlement": {"displayName": "VPN Users", "privileged": false, "rank": 5},
            "application": {"name": "Active Directory"},
            "tags": ["remote", "Network"],
            "owners": [{"userName": "amy"}, {"userName": "bob"}],
            "empty": null,
            "created": "2026-01-02T00:00:00.000Z"
        })
    }

    fn leaf(op: &str, name: &str, value: Value) -> Value {
        json!({"operator": op, "operand": {"targetName": name, "targetValue": value}})
    }

    fn holds(node: Value) -> bool {
        parse(&node, "targetFilter").expect("parses").matches(&doc())
    }

    #[test]
    fn equals_ignores_case_and_looks_into_arrays() {
        assert!(holds(leaf("EQUALS", "entitlement.displayName", json!("vpn users"))));
        assert!(!holds(leaf("EQUALS", "entitlement.displayName", json!("VPN"))));
        assert!(holds(leaf("EQUALS", "owners.userName", json!("bob"))));
        assert!(holds(leaf("EQUALS", "tags", json!("network"))));
        assert!(holds(leaf("EQUALS", "entitlement.privileged", json!(false))));
        assert!(holds(leaf("equals", "entitlement.rank", json!(5))));
        assert!(!holds(leaf("EQUALS", "missing.path", json!("x"))));
    }

    #[test]
    fn contains_starts_and_ends_with() {
        assert!(holds(leaf("CONTAINS", "application.name", json!("DIRECT"))));
        assert!(!holds(leaf("CONTAINS", "application.name", json!("ldap"))));
        assert!(holds(leaf("STARTS_WITH", "application.name", json!("active"))));
        assert!(!holds(leaf("STARTS_WITH", "application.name", json!("directory"))));
        assert!(holds(leaf("ENDS_WITH", "application.name", json!("DIRECTORY"))));
        assert!(!holds(leaf("ENDS_WITH", "application.name", json!("active"))));
        assert!(holds(leaf("ENDS_WITH", "tags", json!("work"))));
    }

    #[test]
    fn ordering_operators() {
        assert!(holds(leaf("GT", "entitlement.rank", json!(4))));
        assert!(!holds(leaf("GT", "entitlement.rank", json!(5))));
        assert!(holds(leaf("GTE", "entitlement.rank", json!(5))));
        assert!(holds(leaf("LT", "entitlement.rank", json!(6))));
        assert!(!holds(leaf("LT", "entitlement.rank", json!(5))));
        assert!(holds(leaf("LTE", "entitlement.rank", json!(5))));
        assert!(holds(leaf("GT", "created", json!("2026-01-01"))));
        assert!(
            !holds(leaf("GT", "entitlement.rank", json!("4"))),
            "kinds differ: false"
        );
    }

    #[test]
    fn in_exists_and_all() {
        assert!(holds(leaf(
            "IN",
            "item.type",
            json!(["roleMembership", "entitlementGrant"])
        )));
        assert!(!holds(leaf("IN", "item.type", json!(["roleMembership"]))));
        assert!(holds(
            json!({"operator": "EXISTS", "operand": {"targetName": "entitlement.rank"}})
        ));
        assert!(!holds(
            json!({"operator": "EXISTS", "operand": {"targetName": "empty"}})
        ));
        assert!(!holds(
            json!({"operator": "EXISTS", "operand": {"targetName": "role.name"}})
        ));
        assert!(holds(json!({"operator": "ALL", "operand": []})));
        assert!(holds(json!({"operator": "ALL"})));
    }

    #[test]
    fn and_or_not() {
        let yes = leaf("EQUALS", "id", json!("e1"));
        let no = leaf("EQUALS", "id", json!("e2"));
        assert!(holds(json!({"operator": "AND", "operand": [yes, yes]})));
        assert!(!holds(json!({"operator": "AND", "operand": [yes, no]})));
        assert!(holds(json!({"operator": "OR", "operand": [no, yes]})));
        assert!(!holds(json!({"operator": "OR", "operand": [no, no]})));
        assert!(holds(json!({"operator": "NOT", "operand": [no]})));
        assert!(!holds(json!({"operator": "NOT", "operand": yes})));
        assert!(holds(json!({"operator": "AND", "operand": []})), "an empty AND holds");
        assert!(!holds(json!({"operator": "OR", "operand": []})), "an empty OR does not");
    }

    #[test]
    fn errors_name_where() {
        let e = |v: Value| parse(&v, "targetFilter").unwrap_err().to_string();
        assert_eq!(e(json!({"operand": []})), "targetFilter.operator: is required");
        assert!(e(json!({"operator": "LIKE", "operand": {}})).contains("'LIKE' is not one of"));
        assert_eq!(
            e(json!({"operator": "AND", "operand": [{"operator": "EQUALS", "operand": {"targetValue": 1}}]})),
            "targetFilter.operand[0].operand.targetName: is required"
        );
        assert!(e(leaf("IN", "a", json!("x"))).starts_with("targetFilter.operand.targetValue: IN takes an array"));
        assert!(e(leaf("CONTAINS", "a", json!(3))).contains("CONTAINS takes a string"));
        assert!(e(leaf("EQUALS", "a..b", json!(3))).contains("not a dot path"));
        assert!(e(json!({"operator": "NOT", "operand": [1, 2]})).contains("exactly one"));
        assert!(e(json!({"operator": "ALL", "operand": [1]})).contains("empty operand"));
        assert!(e(json!("x")).contains("must be an object"));
        let mut deep = json!({"operator": "ALL", "operand": []});
        for _ in 0..40 {
            deep = json!({"operator": "NOT", "operand": [deep]});
        }
        assert!(e(deep).contains("nest at most"));
    }

    #[test]
    fn the_ast_serialises_to_what_parses_back_to_it() {
        let every = TargetFilter::And(vec![
            TargetFilter::leaf(LeafOp::Equals, "item.type", json!("entitlementGrant")),
            TargetFilter::Or(vec![
                TargetFilter::leaf(LeafOp::Contains, "entitlement.displayName", json!("vpn \"x\"")),
                TargetFilter::Not(Box::new(TargetFilter::leaf(LeafOp::Gt, "rank", json!(3)))),
            ]),
            TargetFilter::leaf(LeafOp::In, "item.type", json!(["a", "b"])),
            TargetFilter::leaf(LeafOp::Exists, "entitlement.rank", Value::Null),
            TargetFilter::All,
        ]);
        let wire = serde_json::to_value(&every).unwrap();
        assert_eq!(
            wire["operand"][3],
            json!({"operator": "EXISTS", "operand": {"targetName": "entitlement.rank"}})
        );
        assert_eq!(wire["operand"][4], json!({"operator": "ALL", "operand": []}));
        assert_eq!(wire["operand"][1]["operand"][1]["operator"], "NOT");
        assert_eq!(parse(&wire, "targetFilter"), Ok(every));
        for op in LeafOp::ALL {
            assert_eq!(LeafOp::from_wire(op.as_str()), Some(op));
        }
    }

    #[test]
    fn and_flattens_what_adds_nothing() {
        let a = TargetFilter::leaf(LeafOp::Equals, "id", json!("e1"));
        assert_eq!(TargetFilter::and([]), TargetFilter::All);
        assert_eq!(TargetFilter::and([TargetFilter::All, a.clone()]), a);
        assert_eq!(
            TargetFilter::and([a.clone(), TargetFilter::All, a.clone()]),
            TargetFilter::And(vec![a.clone(), a])
        );
    }

    #[test]
    fn search_bodies() {
        assert_eq!(from_search_body(&Value::Null), Ok(TargetFilter::All));
        assert_eq!(from_search_body(&json!({})), Ok(TargetFilter::All));
        assert!(
            from_search_body(&json!({"targetFilter": leaf("EQUALS", "id", json!("e1"))}))
                .unwrap()
                .matches(&doc())
        );
        assert!(from_search_body(&json!([1])).is_err());
    }
}
