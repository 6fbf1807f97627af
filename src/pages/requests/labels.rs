//! How a request's parts read to a person: statuses, outcomes, decisions, what is
//! asked for, by whom, and the values of the form filled while requesting. No DOM.

use gatehouse_wire::request::{Request, UserRef};
use serde_json::Value;

/// A decision status as a person reads it.
pub fn status_label(status: &str) -> String {
    match status {
        "in-progress" => "In progress".into(),
        "complete" => "Complete".into(),
        "cancelled" => "Cancelled".into(),
        "suspended" => "Suspended".into(),
        other => other.to_string(),
    }
}

/// An outcome as a person reads it (none yet: pending).
pub fn outcome_label(outcome: Option<&str>) -> String {
    match outcome {
        None | Some("") => "Pending".into(),
        Some("provisioned") => "Provisioned".into(),
        Some("not provisioned") => "Not provisioned".into(),
        Some("denied") => "Denied".into(),
        Some("fulfilled") => "Fulfilled".into(),
        Some("cancelled") => "Cancelled".into(),
        Some(other) => other.to_string(),
    }
}

/// A decision as a person reads it.
pub fn decision_label(decision: Option<&str>) -> String {
    match decision {
        Some("approved") => "Approved".into(),
        Some("rejected") => "Rejected".into(),
        Some(other) => other.to_string(),
        None => "Not decided".into(),
    }
}

/// A comment's action as a person reads it.
pub fn comment_action_label(action: &str) -> &str {
    match action {
        "comment" => "commented",
        "reassign" => "reassigned",
        "approve" => "approved",
        "reject" => "rejected",
        "cancel" => "cancelled",
        "failure" => "failed",
        other => other,
    }
}

/// What a request asks for: the kind and the name of the item.
pub fn requested_item(r: &Request) -> (&'static str, String) {
    let name = |v: &Option<Value>, keys: &[&str]| {
        let v = v.as_ref()?;
        keys.iter().find_map(|k| v[*k].as_str().map(str::to_string))
    };
    if let Some(n) = name(&r.role, &["name"]) {
        ("Role", n)
    } else if let Some(n) = name(&r.entitlement, &["displayName", "name"]) {
        ("Entitlement", n)
    } else if let Some(n) = name(&r.application, &["name"]) {
        ("Application", n)
    } else {
        // No catalog item: a request of a custom type.
        let name = super::type_names::type_name(&r.request_type).unwrap_or_else(|| r.request_type.clone());
        ("Custom request", name)
    }
}

/// `Kind: name`, as lists and summaries show a request.
pub fn item_label(r: &Request) -> String {
    let (kind, name) = requested_item(r);
    format!("{kind}: {name}")
}

/// The requester's justification ("—" without one).
pub fn justification(r: &Request) -> String {
    value_text(&r.request["common"]["justification"])
}

/// The priority the requester gave.
pub fn priority(r: &Request) -> String {
    r.request["common"]["priority"].as_str().unwrap_or_default().to_string()
}

/// A person's name for display.
pub fn person(user: &UserRef) -> String {
    let full = format!("{} {}", user.given_name, user.sn);
    let full = full.trim();
    if full.is_empty() {
        user.user_name.clone()
    } else {
        format!("{full} ({})", user.user_name)
    }
}

/// A form value as text: strings as they are, lists joined, booleans as Yes/No, objects
/// as JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::Bool(true) => "Yes".into(),
        Value::Bool(false) => "No".into(),
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
    }
}

/// The values of the form filled while requesting (`catalogs[].data.form`, kept as
/// `request.common.blob.form`), field by field.
pub fn form_values(r: &Request) -> Vec<(String, String)> {
    // A catalog item's form travels in `common.blob.form`; a custom type's form fills
    // the request's `custom` properties.
    let read = |v: &Value| {
        v.as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), value_text(v)))
            .collect::<Vec<_>>()
    };
    let mut values = read(&r.request["common"]["blob"]["form"]);
    values.extend(read(&r.request["custom"]));
    values
}

/// `2024-07-15T07:41:43.000Z` → `2024-07-15 07:41 UTC`.
pub fn short_stamp(stamp: &str) -> String {
    match stamp.get(..16) {
        Some(head) if stamp.as_bytes().get(10) == Some(&b'T') => format!("{} UTC", head.replacen('T', " ", 1)),
        _ => stamp.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn labels_read_well() {
        assert_eq!(status_label("in-progress"), "In progress");
        assert_eq!(outcome_label(None), "Pending");
        assert_eq!(outcome_label(Some("not provisioned")), "Not provisioned");
        assert_eq!(decision_label(Some("rejected")), "Rejected");
        assert_eq!(comment_action_label("reassign"), "reassigned");
        assert_eq!(short_stamp("2024-07-15T07:41:43.000Z"), "2024-07-15 07:41 UTC");
    }

    #[wasm_bindgen_test]
    fn a_custom_requests_values_and_name_are_shown() {
        let r: Request = serde_json::from_value(json!({
            "id": "r1", "requestType": "new-user",
            "request": {"common": {"priority": "low"}, "custom": {"givenName": "Grace", "laptop": true}},
            "decision": {"status": "in-progress", "startDate": "2026-12-02T04:36:00Z",
                         "comments": [], "actors": {"active": [], "inactive": []}, "phases": []},
            "requester": {"id": "u1", "userName": "demo-requester", "givenName": "Rachel", "sn": "Green"},
            "user": {"id": "u1", "userName": "demo-requester", "givenName": "Rachel", "sn": "Green"},
            "metadata": {"createdDate": "2026-12-02T04:36:00Z", "modifiedDate": "2026-12-02T04:36:00Z"},
            "_rev": 1,
        }))
        .unwrap();
        assert_eq!(item_label(&r), "Custom request: new-user");
        assert_eq!(
            form_values(&r),
            [
                ("givenName".to_string(), "Grace".to_string()),
                ("laptop".into(), "Yes".into())
            ]
        );
        assert_eq!(justification(&r), "—");
    }

    #[wasm_bindgen_test]
    fn form_values_read_as_text() {
        assert_eq!(value_text(&json!(["a", "b"])), "a, b");
        assert_eq!(value_text(&json!(true)), "Yes");
        assert_eq!(value_text(&json!("")), "—");
        assert_eq!(value_text(&json!(3)), "3");
    }
}
