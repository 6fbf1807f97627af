//! What the cart sends and reads: the validate / create body for many users and items
//! (`POST /iga/governance/requests?_action=validate|create`), the form assigned to a
//! catalog item (`requestFormAssignments` → `requestForms/{id}`), and the people an
//! admin may request for (Gatehouse's people search).

use gatehouse_wire::form::{FormAssignment, RequestForm};
use serde::Serialize;
use serde_json::Value;

use super::requests::{Created, Page};
use super::{forms, ApiError, Client};
use crate::cart::Person;

const REQUESTS: &str = "/iga/governance/requests";
const ASSIGNMENTS: &str = "/iga/governance/requestFormAssignments";
/// How many people the type-ahead offers.
pub const PEOPLE_LIMIT: u8 = 8;

/// A validate / create body (API.md, access requests).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRequests {
    pub users: Vec<String>,
    pub catalogs: Vec<CatalogEntry>,
    pub priority: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    pub access_modifier: &'static str,
}

/// One `catalogs[]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogEntry {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<EntryData>,
}

/// `catalogs[].data`: the values of the item's form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryData {
    pub form: Value,
}

async fn send(client: &Client, action: &str, body: &NewRequests) -> Result<Created, ApiError> {
    client
        .send_json(client.post(&format!("{REQUESTS}?_action={action}")).json(body))
        .await
}

/// `POST /iga/governance/requests?_action=validate`: what would fail, per user; stores nothing.
pub async fn validate(client: &Client, body: &NewRequests) -> Result<Created, ApiError> {
    send(client, "validate", body).await
}

/// `POST /iga/governance/requests?_action=create`: one request per user and item that
/// passes; the others are answered in `errors`.
pub async fn create(client: &Client, body: &NewRequests) -> Result<Created, ApiError> {
    send(client, "create", body).await
}

/// A CREST string literal (quotes and backslashes escaped).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `GET /iga/governance/requestFormAssignments?_queryFilter=…`.
pub async fn assignments(client: &Client, filter: &str) -> Result<Vec<FormAssignment>, ApiError> {
    let url = format!(
        "{ASSIGNMENTS}?_queryFilter={}",
        String::from(js_sys::encode_uri_component(filter))
    );
    let page: Page<FormAssignment> = client.send_json(client.get(&url).build()).await?;
    Ok(page.result)
}

/// The filter of the assignments to one object: `objectId eq "<objectId>"`.
pub fn assigned_to(object_id: &str) -> String {
    format!("objectId eq {}", quoted(object_id))
}

/// The form assigned to an object (`entitlement/<id>`, `requestType/<id>`, …), if any.
pub async fn form_for(client: &Client, object_id: &str) -> Result<Option<RequestForm>, ApiError> {
    let Some(a) = assignments(client, &assigned_to(object_id)).await?.into_iter().next() else {
        return Ok(None);
    };
    let raw = forms::get(client, &a.form_id).await?;
    serde_json::from_value(raw)
        .map(Some)
        .map_err(|e| ApiError::Server(format!("form '{}' cannot be read: {e}", a.form_id)))
}

/// The people whose name, alias or email starts with the text (admins pick them).
pub async fn people(client: &Client, search: &str) -> Result<Vec<Person>, ApiError> {
    let found = super::people::search(client, search, PEOPLE_LIMIT).await?;
    Ok(found
        .into_iter()
        .map(|p| Person {
            name: p.label(),
            id: p.id,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn filters_quote_what_people_type() {
        assert_eq!(assigned_to("entitlement/e1"), r#"objectId eq "entitlement/e1""#);
        assert_eq!(assigned_to(r#"a"b"#), r#"objectId eq "a\"b""#);
    }
}
