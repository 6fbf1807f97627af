//! PingOne AIC IGA scoping rules (`/iga/governance/scope`): who a rule applies to and
//! what it lets them see, both written as `targetFilter` nodes ([`crate::target_filter`]).
//!
//! ```text
//! {name, description?, status: "active"|"inactive" (default active),
//!  sourceCondition: Node   over a user {id, userName, givenName, sn, mail, accountStatus},
//!  targetCondition: Node   over a catalog item as GET /iga/governance/catalog answers it}
//! ```
//! [`check_scope`] reads a body (the server-kept `id`, `_rev` and `metadata` are
//! ignored, so a body read with GET can be sent back) and names the field of every
//! problem. With scoping on, a user sees an item iff some active scope applies to
//! them and allows it ([`visible`]); no active scope for a user means an empty catalog.

use serde_json::Value;

use crate::target_filter::{self, TargetFilter};

/// The properties of a scope body (besides the server-kept `id`, `_rev`, `metadata`).
pub const FIELDS: [&str; 5] = ["name", "description", "status", "sourceCondition", "targetCondition"];

const SERVER_KEPT: [&str; 3] = ["id", "_rev", "metadata"];

/// A scoping rule, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub name: String,
    pub description: Option<String>,
    pub active: bool,
    pub source: TargetFilter,
    pub target: TargetFilter,
}

impl Scope {
    /// Whether the rule applies to a user document.
    pub fn applies_to(&self, user: &Value) -> bool {
        self.source.matches(user)
    }

    /// Whether the rule lets its users see a catalog item document.
    pub fn allows(&self, item: &Value) -> bool {
        self.target.matches(item)
    }
}

/// Whether `user` sees `item`: some active scope applies to the user and allows the item.
pub fn visible(scopes: &[Scope], user: &Value, item: &Value) -> bool {
    scopes.iter().any(|s| s.active && s.applies_to(user) && s.allows(item))
}

/// Reads a scope body; every error names its field (`targetCondition.operand: ...`).
pub fn check_scope(doc: &Value) -> Result<Scope, Vec<String>> {
    let Value::Object(map) = doc else {
        return Err(vec![
            "a scope must be an object {name, description, status, sourceCondition, targetCondition}".into(),
        ]);
    };
    let mut errors = Vec::new();
    for k in map.keys() {
        if !FIELDS.contains(&k.as_str()) && !SERVER_KEPT.contains(&k.as_str()) {
            errors.push(format!("{k}: is not a property of a scope; use {}", FIELDS.join(", ")));
        }
    }
    let name = match map.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::String(_)) => {
            errors.push("name: must not be empty".into());
            String::new()
        }
        None | Some(Value::Null) => {
            errors.push("name: is required".into());
            String::new()
        }
        Some(_) => {
            errors.push("name: must be a string".into());
            String::new()
        }
    };
    let description = match map.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push("description: must be a string".into());
            None
        }
    };
    let active = match map.get("status") {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) if s == "active" => true,
        Some(Value::String(s)) if s == "inactive" => false,
        Some(other) => {
            errors.push(format!("status: must be active or inactive, got {other}"));
            true
        }
    };
    let mut condition = |key: &str| match map.get(key) {
        None | Some(Value::Null) => {
            errors.push(format!("{key}: is required (a targetFilter node)"));
            TargetFilter::All
        }
        Some(node) => target_filter::parse(node, key).unwrap_or_else(|e| {
            errors.push(e.to_string());
            TargetFilter::All
        }),
    };
    let source = condition("sourceCondition");
    let target = condition("targetCondition");
    if errors.is_empty() {
        Ok(Scope {
            name,
            description,
            active,
            source,
            target,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn leaf(name: &str, value: &str) -> Value {
        json!({"operator": "EQUALS", "operand": {"targetName": name, "targetValue": value}})
    }

    fn body() -> Value {
        json!({
            "name": "Finance",
            "description": "Finance people see finance roles",
            "sourceCondition": leaf("userName", "amy"),
            "targetCondition": leaf("role.name", "Finance Analyst"),
        })
    }

    fn user(name: &str) -> Value {
        json!({"id": "u1", "userName": name, "givenName": "A", "sn": "B", "mail": null, "accountStatus": "active"})
    }

    fn role(name: &str) -> Value {
        json!({"id": "r1", "item": {"type": "roleMembership"}, "role": {"id": "r1", "name": name}})
    }

    fn errors(v: Value) -> Vec<String> {
        check_scope(&v).expect_err("refused")
    }

    #[test]
    fn a_full_body_reads_and_status_defaults_to_active() {
        let s = check_scope(&body()).expect("reads");
        assert_eq!(s.name, "Finance");
        assert!(s.active);
        assert_eq!(s.description.as_deref(), Some("Finance people see finance roles"));
        let mut b = body();
        b["status"] = json!("inactive");
        b["id"] = json!("x");
        b["_rev"] = json!(3);
        b["metadata"] = json!({"createdDate": "2026-01-01T00:00:00Z"});
        assert!(!check_scope(&b).expect("server-kept fields are ignored").active);
    }

    #[test]
    fn every_error_names_its_field() {
        assert_eq!(errors(json!([])).len(), 1);
        let e = errors(json!({}));
        assert!(e.contains(&"name: is required".to_string()), "{e:?}");
        assert!(e.iter().any(|m| m.starts_with("sourceCondition: is required")), "{e:?}");
        assert!(e.iter().any(|m| m.starts_with("targetCondition: is required")), "{e:?}");
        let mut b = body();
        b["name"] = json!("  ");
        assert_eq!(errors(b), vec!["name: must not be empty"]);
        let mut b = body();
        b["name"] = json!(7);
        b["description"] = json!(1);
        b["status"] = json!("enabled");
        b["colour"] = json!("red");
        let e = errors(b);
        assert!(e.iter().any(|m| m == "name: must be a string"), "{e:?}");
        assert!(e.iter().any(|m| m == "description: must be a string"), "{e:?}");
        assert!(
            e.iter().any(|m| m.starts_with("status: must be active or inactive")),
            "{e:?}"
        );
        assert!(e.iter().any(|m| m.starts_with("colour: is not a property")), "{e:?}");
        let mut b = body();
        b["targetCondition"] = json!({"operator": "EQUALS", "operand": []});
        let e = errors(b);
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("targetCondition.operand: "), "{e:?}");
        let mut b = body();
        b["sourceCondition"] = json!({"operator": "LIKE", "operand": {}});
        assert!(errors(b)[0].starts_with("sourceCondition.operator: "));
    }

    #[test]
    fn applies_to_and_allows() {
        let s = check_scope(&body()).unwrap();
        assert!(s.applies_to(&user("AMY")), "strings compare ignoring case");
        assert!(!s.applies_to(&user("bob")));
        assert!(s.allows(&role("Finance Analyst")));
        assert!(!s.allows(&role("Finance")));
        assert!(!s.allows(&json!({"id": "e1", "entitlement": {"displayName": "Finance Analyst"}})));
    }

    #[test]
    fn visible_needs_an_active_scope_that_applies_and_allows() {
        let s = check_scope(&body()).unwrap();
        assert!(visible(
            std::slice::from_ref(&s),
            &user("amy"),
            &role("Finance Analyst")
        ));
        assert!(!visible(
            std::slice::from_ref(&s),
            &user("bob"),
            &role("Finance Analyst")
        ));
        assert!(!visible(
            std::slice::from_ref(&s),
            &user("amy"),
            &role("IT Administrator")
        ));
        assert!(
            !visible(&[], &user("amy"), &role("Finance Analyst")),
            "no scope: nothing"
        );
        let mut off = s.clone();
        off.active = false;
        assert!(!visible(&[off.clone()], &user("amy"), &role("Finance Analyst")));
        // Two rules: each grants its own part.
        let mut all = body();
        all["sourceCondition"] = json!({"operator": "ALL", "operand": []});
        all["targetCondition"] = leaf("role.name", "IT Administrator");
        let everyone = check_scope(&all).unwrap();
        let rules = [off, s, everyone];
        assert!(visible(&rules, &user("amy"), &role("Finance Analyst")));
        assert!(visible(&rules, &user("bob"), &role("IT Administrator")));
        assert!(!visible(&rules, &user("bob"), &role("Finance Analyst")));
    }
}
