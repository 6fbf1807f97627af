//! PingOne AIC IGA form assignments (`/iga/governance/requestFormAssignments`: which
//! form is filled for which request type, application operation or catalog item), the
//! request types a form can be assigned to, and the names of what assignments point at
//! (request types, applications, entitlements, roles), so people read names, not ids.

use gatehouse_wire::crest::Filter;
use gatehouse_wire::form::{FormAssignment, FormTarget};
use serde::Deserialize;

use super::requests::{self, CatalogKind, Page};
use super::{ApiError, Client};

const ASSIGNMENTS: &str = "/iga/governance/requestFormAssignments";
const REQUEST_TYPES: &str = "/iga/governance/requestTypes";

/// The filter of one form's assignments (`formId eq "…"`), or of all for `None`.
pub fn form_filter(form_id: Option<&str>) -> String {
    match form_id {
        None => Filter::True.to_string(),
        Some(id) => Filter::eq("formId", id).to_string(),
    }
}

/// `GET /iga/governance/requestFormAssignments?_queryFilter=…`: every assignment of a
/// form, or every assignment (the list's "where assigned" column).
pub async fn list(client: &Client, form_id: Option<&str>) -> Result<Vec<FormAssignment>, ApiError> {
    list_where(client, &form_filter(form_id)).await
}

/// The assignment of one object (`objectId eq "…"`), if it has one: an object is filled
/// with at most one form, and assigning another replaces it.
pub async fn of_object(client: &Client, object_id: &str) -> Result<Option<FormAssignment>, ApiError> {
    Ok(list_where(client, &Filter::eq("objectId", object_id).to_string())
        .await?
        .into_iter()
        .next())
}

async fn list_where(client: &Client, filter: &str) -> Result<Vec<FormAssignment>, ApiError> {
    let filter = String::from(js_sys::encode_uri_component(filter));
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

/// Names of what assignments point at: request types by id, catalog items by kind and
/// id (`(kind, id, name)`: a plain list, looked through linearly, is lighter in the
/// bundle than a map).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetNames {
    pub types: Vec<RequestTypeName>,
    pub items: Vec<(&'static str, String, String)>,
}

impl TargetNames {
    fn item(&self, kind: CatalogKind, id: &str) -> String {
        self.items
            .iter()
            .find(|(k, i, _)| *k == kind.as_str() && i == id)
            .map_or_else(|| id.to_string(), |(_, _, name)| name.clone())
    }

    /// What an `objectId` means, in words, by name where the name is known (else the id).
    pub fn describe(&self, object_id: &str) -> String {
        match FormTarget::parse(object_id) {
            Ok(FormTarget::RequestType(id)) => {
                let name = self
                    .types
                    .iter()
                    .find(|t| t.id == id)
                    .map_or(id.clone(), RequestTypeName::label);
                format!("Request type {name}")
            }
            Ok(FormTarget::ApplicationObject {
                application,
                object_type,
                operation,
            }) => format!(
                "Application {}: {operation} {object_type}",
                self.item(CatalogKind::Application, &application)
            ),
            Ok(FormTarget::WorkflowNode { workflow, node }) => format!("Workflow {workflow}, node {node}"),
            Ok(FormTarget::Application(id)) => format!("Application {}", self.item(CatalogKind::Application, &id)),
            Ok(FormTarget::Entitlement(id)) => format!("Entitlement {}", self.item(CatalogKind::Entitlement, &id)),
            Ok(FormTarget::Role(id)) => format!("Role {}", self.item(CatalogKind::Role, &id)),
            Err(_) => object_id.to_string(),
        }
    }
}

/// The catalog ids `object_ids` name (applications of operations included), once each.
pub fn catalog_ids(object_ids: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for o in object_ids {
        let id = match FormTarget::parse(o) {
            Ok(
                FormTarget::Application(id)
                | FormTarget::Entitlement(id)
                | FormTarget::Role(id)
                | FormTarget::ApplicationObject { application: id, .. },
            ) => id,
            _ => continue,
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The names of what `object_ids` point at: the request types, and the catalog items
/// in one search by id (every item, requestable or not: an ORG_ADMIN's view; for anyone
/// else, or when a search fails, the ids stand in for the names).
pub async fn target_names(client: &Client, object_ids: &[String]) -> TargetNames {
    let types = request_types(client).await.unwrap_or_default();
    let ids = catalog_ids(object_ids);
    let mut items = Vec::new();
    for chunk in ids.chunks(100) {
        let filter = Filter::or(chunk.iter().map(|id| Filter::eq("id", id.as_str())));
        let query = format!(
            "_queryFilter={}&_pageSize={}&ignoreRequestable=true",
            js_sys::encode_uri_component(&filter.to_string()),
            chunk.len() * CatalogKind::ALL.len()
        );
        if let Ok((found, _)) = requests::catalog(client, &query).await {
            items.extend(found.into_iter().map(|i| (i.kind.as_str(), i.id, i.name)));
        }
    }
    TargetNames { types, items }
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

    #[wasm_bindgen_test]
    fn targets_read_as_names() {
        let names = TargetNames {
            types: vec![RequestTypeName {
                id: "t1".into(),
                display_name: Some("Onboarding".into()),
            }],
            items: vec![
                ("application", "a1".to_string(), "Active Directory".to_string()),
                ("role", "r1".to_string(), "Finance Admin".to_string()),
            ],
        };
        assert_eq!(names.describe("requestType/t1"), "Request type Onboarding");
        assert_eq!(names.describe("requestType/t2"), "Request type t2");
        assert_eq!(
            names.describe("application/a1/ACCOUNT/create"),
            "Application Active Directory: create ACCOUNT"
        );
        assert_eq!(names.describe("role/r1"), "Role Finance Admin");
        assert_eq!(names.describe("entitlement/e9"), "Entitlement e9");
        assert_eq!(names.describe("odd"), "odd");
        assert_eq!(
            catalog_ids(&[
                "role/r1".into(),
                "application/a1/ACCOUNT/create".into(),
                "application/a1".into(),
                "requestType/t".into()
            ]),
            ["r1", "a1"]
        );
    }
}
