//! PingOne AIC IGA form assignments (`/iga/governance/requestFormAssignments`: which
//! form is filled for which request type, application operation or catalog item), and
//! the request types a form can be assigned to.

use gatehouse_wire::form::FormAssignment;
use serde::Deserialize;

use super::requests::Page;
use super::{ApiError, Client};

const ASSIGNMENTS: &str = "/iga/governance/requestFormAssignments";
const REQUEST_TYPES: &str = "/iga/governance/requestTypes";

/// The filter of one form's assignments (`formId eq "…"`), or of all for `None`.
pub fn form_filter(form_id: Option<&str>) -> String {
    match form_id {
        None => "true".to_string(),
        Some(id) => format!("formId eq \"{}\"", id.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

/// `GET /iga/governance/requestFormAssignments?_queryFilter=…`: every assignment of a
/// form, or every assignment (the list's "where assigned" column).
pub async fn list(client: &Client, form_id: Option<&str>) -> Result<Vec<FormAssignment>, ApiError> {
    let filter = String::from(js_sys::encode_uri_component(&form_filter(form_id)));
    let page: Page<FormAssignment> = client
        .send_json(
            client
                .get(&format!(
                    "{ASSIGNMENTS}?_queryFilter={filter}&_pageSize=1000&_sortKeys=objectId"
                ))
                .build(),
        )
        .await?;
    Ok(page.result)
}

async fn act(client: &Client, action: &str, assignment: &FormAssignment) -> Result<FormAssignment, ApiError> {
    let body = serde_json::to_value(assignment)
        .map(|v| v.to_string())
        .map_err(|e| ApiError::Server(e.to_string()))?;
    client
        .send_json(
            client
                .post(&format!("{ASSIGNMENTS}?_action={action}"))
                .header("Content-Type", "application/json")
                .body(body),
        )
        .await
}

/// `POST …?_action=assign` with `{formId, objectId}`.
pub async fn assign(client: &Client, assignment: &FormAssignment) -> Result<FormAssignment, ApiError> {
    act(client, "assign", assignment).await
}

/// `POST …?_action=unassign` with `{formId, objectId}`.
pub async fn unassign(client: &Client, assignment: &FormAssignment) -> Result<FormAssignment, ApiError> {
    act(client, "unassign", assignment).await
}

/// A request type as the assignment picker shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestTypeName {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
}

impl RequestTypeName {
    pub fn label(&self) -> String {
        self.display_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| self.id.clone())
    }
}

/// `GET /iga/governance/requestTypes?_fields=id,displayName` (built-ins and custom).
pub async fn request_types(client: &Client) -> Result<Vec<RequestTypeName>, ApiError> {
    let page: Page<RequestTypeName> = client
        .send_json(
            client
                .get(&format!(
                    "{REQUEST_TYPES}?_queryFilter=true&_pageSize=1000&_fields=id,displayName"
                ))
                .build(),
        )
        .await?;
    Ok(page.result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn filters_quote_the_form_id() {
        assert_eq!(form_filter(None), "true");
        assert_eq!(form_filter(Some("a\"b")), "formId eq \"a\\\"b\"");
    }
}
