//! Request types for custom requests: the types (admins may list them), the forms
//! assigned to types (`requestType/<id>`, readable by everyone), and publishing a
//! request of a type (`POST /iga/governance/requests/{requestTypeId}?_action=publish`).

use gatehouse_wire::form::{FormAssignment, FormTarget};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::cart::assignments;
use super::requests::Page;
use super::{ApiError, Client};

const TYPES: &str = "/iga/governance/requestTypes";
const REQUESTS: &str = "/iga/governance/requests";

/// What the picker shows of a request type.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestTypeSummary {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub custom: bool,
}

/// `GET /iga/governance/requestTypes` (admins; others are answered 403).
pub async fn list(client: &Client) -> Result<Vec<RequestTypeSummary>, ApiError> {
    let page: Page<RequestTypeSummary> = client
        .send_json(client.get(&format!("{TYPES}?_pageSize=200")).build())
        .await?;
    Ok(page.result)
}

/// The request type id of each `requestType/<id>` assignment, with its form id.
pub fn type_forms(assignments: &[FormAssignment]) -> Vec<(String, String)> {
    assignments
        .iter()
        .filter_map(|a| match FormTarget::parse(&a.object_id) {
            Ok(FormTarget::RequestType(id)) => Some((id, a.form_id.clone())),
            _ => None,
        })
        .collect()
}

/// Every form assigned to a request type: `(requestTypeId, formId)`.
pub async fn forms_of_types(client: &Client) -> Result<Vec<(String, String)>, ApiError> {
    let found = assignments(client, r#"objectId sw "requestType/""#).await?;
    Ok(type_forms(&found))
}

/// A publish body: `{common, custom}`, each an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishBody {
    pub common: Value,
    pub custom: Value,
}

impl PublishBody {
    /// From the values a form gives (`{"common": {..}, "custom": {..}}`, either may be
    /// missing; anything else a form put at the top is kept under `custom`).
    pub fn from_form(values: &Value) -> PublishBody {
        let mut common = Map::new();
        let mut custom = Map::new();
        if let Value::Object(map) = values {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("common", Value::Object(m)) => common.extend(m.clone()),
                    ("custom", Value::Object(m)) => custom.extend(m.clone()),
                    _ => {
                        custom.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        PublishBody {
            common: Value::Object(common),
            custom: Value::Object(custom),
        }
    }
}

/// What a publish answers: the request (only its id is needed here).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Published {
    pub id: String,
}

/// `POST /iga/governance/requests/{requestTypeId}?_action=publish`.
pub async fn publish(client: &Client, type_id: &str, body: &PublishBody) -> Result<Published, ApiError> {
    let url = format!(
        "{REQUESTS}/{}?_action=publish",
        String::from(js_sys::encode_uri_component(type_id))
    );
    client.send_json(client.post(&url).json(body)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn only_request_type_assignments_count() {
        let a = |o: &str, f: &str| FormAssignment {
            object_id: o.into(),
            form_id: f.into(),
        };
        assert_eq!(
            type_forms(&[
                a("requestType/t1", "f1"),
                a("entitlement/e1", "f2"),
                a("requestType", "f3")
            ]),
            [("t1".to_string(), "f1".to_string())]
        );
    }

    #[wasm_bindgen_test]
    fn a_publish_body_always_has_common_and_custom() {
        let b = PublishBody::from_form(&json!({"custom": {"a": 1}, "loose": true}));
        assert_eq!(
            serde_json::to_value(&b).unwrap(),
            json!({"common": {}, "custom": {"a": 1, "loose": true}})
        );
        let b = PublishBody::from_form(&json!({"common": {"justification": "x"}}));
        assert_eq!(b.common, json!({"justification": "x"}));
        assert_eq!(b.custom, json!({}));
    }
}
