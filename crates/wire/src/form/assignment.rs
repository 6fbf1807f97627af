//! Form assignments: `{formId, objectId}`, and the `objectId` conventions.

use std::fmt;

use serde::{Deserialize, Serialize};

/// `{formId, objectId}`: which form is filled in for which use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormAssignment {
    pub object_id: String,
    pub form_id: String,
}

/// What a form is assigned to, read from an `objectId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    /// `requestType/<id>`: the form of a request type.
    RequestType(String),
    /// `application/<appId>/<objectType>/<operation>` (or the long
    /// `application/<appId>/objectType/<objectType>/operation/<operation>`).
    ApplicationObject {
        application: String,
        object_type: String,
        operation: String,
    },
    /// `workflow/<id>/node/<node>`: a form shown at a workflow node.
    WorkflowNode {
        workflow: String,
        node: String,
    },
    /// `application/<id>`, `entitlement/<id>`, `role/<id>`: Gatehouse's catalog-item
    /// forms, filled in in the cart.
    Application(String),
    Entitlement(String),
    Role(String),
}

impl FormTarget {
    /// Reads an `objectId`; the message says which shapes are allowed.
    pub fn parse(object_id: &str) -> Result<FormTarget, String> {
        let bad = || {
            format!(
                "objectId '{object_id}' has none of the shapes requestType/<id>, application/<appId>/<objectType>/<operation>, \
                 workflow/<id>/node/<node>, application/<id>, entitlement/<id>, role/<id>"
            )
        };
        if object_id.len() > 512 {
            return Err("objectId must be at most 512 characters".into());
        }
        let parts: Vec<&str> = object_id.split('/').collect();
        let well_formed = |s: &&str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if !parts.iter().all(well_formed) {
            return Err(bad());
        }
        let s = |i: usize| parts[i].to_string();
        Ok(match parts.as_slice() {
            ["requestType", _] => FormTarget::RequestType(s(1)),
            ["application", _] => FormTarget::Application(s(1)),
            ["entitlement", _] => FormTarget::Entitlement(s(1)),
            ["role", _] => FormTarget::Role(s(1)),
            ["application", _, _, _] => FormTarget::ApplicationObject {
                application: s(1),
                object_type: s(2),
                operation: s(3),
            },
            ["application", _, "objectType", _, "operation", _] => FormTarget::ApplicationObject {
                application: s(1),
                object_type: s(3),
                operation: s(5),
            },
            ["workflow", _, "node", _] => FormTarget::WorkflowNode {
                workflow: s(1),
                node: s(3),
            },
            _ => return Err(bad()),
        })
    }
}

impl fmt::Display for FormTarget {
    /// The short `objectId` of the target.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RequestType(id) => write!(f, "requestType/{id}"),
            Self::ApplicationObject {
                application,
                object_type,
                operation,
            } => write!(f, "application/{application}/{object_type}/{operation}"),
            Self::WorkflowNode { workflow, node } => write!(f, "workflow/{workflow}/node/{node}"),
            Self::Application(id) => write!(f, "application/{id}"),
            Self::Entitlement(id) => write!(f, "entitlement/{id}"),
            Self::Role(id) => write!(f, "role/{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_object_ids() {
        let ok = [
            ("requestType/abc", FormTarget::RequestType("abc".into())),
            (
                "application/app1/ACCOUNT/create",
                FormTarget::ApplicationObject {
                    application: "app1".into(),
                    object_type: "ACCOUNT".into(),
                    operation: "create".into(),
                },
            ),
            (
                "application/app1/objectType/ACCOUNT/operation/create",
                FormTarget::ApplicationObject {
                    application: "app1".into(),
                    object_type: "ACCOUNT".into(),
                    operation: "create".into(),
                },
            ),
            (
                "workflow/wf/node/approval-1",
                FormTarget::WorkflowNode {
                    workflow: "wf".into(),
                    node: "approval-1".into(),
                },
            ),
            ("application/a", FormTarget::Application("a".into())),
            ("entitlement/e", FormTarget::Entitlement("e".into())),
            ("role/r", FormTarget::Role("r".into())),
        ];
        for (text, target) in ok {
            assert_eq!(FormTarget::parse(text).as_ref(), Ok(&target), "{text}");
        }
        assert_eq!(FormTarget::Entitlement("e".into()).to_string(), "entitlement/e");
        for bad in [
            "",
            "role",
            "role/",
            "role/a/b",
            "user/x",
            "entitlement/a b",
            "workflow/w/x/n",
            "/role/a",
            "application/a/b",
        ] {
            assert!(
                FormTarget::parse(bad).unwrap_err().contains("none of the shapes"),
                "{bad}"
            );
        }
        assert!(FormTarget::parse(&format!("role/{}", "x".repeat(600))).is_err());
    }
}
