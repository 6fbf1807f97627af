//! PingOne AIC IGA request forms: the list (searched by name), one form as stored, and
//! delete. One `async fn` per operation, all through the shared client.

use serde::Deserialize;
use serde_json::Value;

use super::{ApiError, Client};

const FORMS: &str = "/iga/governance/requestForms";

/// What the list shows of a form (a stored definition is not needed, nor decoded, here).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FormSummary {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// The list envelope `{result, resultCount, totalCount}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormPage {
    pub result: Vec<FormSummary>,
    #[serde(default)]
    pub total_count: u64,
}

/// `/iga/governance/requestForms/{id}` with the id encoded as one path segment.
fn path(id: &str) -> String {
    format!("{FORMS}/{}", String::from(js_sys::encode_uri_component(id)))
}

/// The CREST filter for a name search: `name co "…"` (quotes and backslashes escaped),
/// or every form for an empty search.
pub fn name_filter(search: &str) -> String {
    let search = search.trim();
    if search.is_empty() {
        "true".to_string()
    } else {
        format!("name co \"{}\"", search.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `GET /iga/governance/requestForms?_queryFilter=…&_sortKeys=name`.
pub async fn list(client: &Client, search: &str) -> Result<FormPage, ApiError> {
    let filter = String::from(js_sys::encode_uri_component(&name_filter(search)));
    let fields = "id,name,type,description";
    client
        .send_json(
            client
                .get(&format!(
                    "{FORMS}?_queryFilter={filter}&_sortKeys=name&_fields={fields}"
                ))
                .build(),
        )
        .await
}

/// `GET /iga/governance/requestForms/{id}`: the form exactly as stored.
pub async fn get(client: &Client, id: &str) -> Result<Value, ApiError> {
    client.send_json(client.get(&path(id)).build()).await
}

/// `DELETE /iga/governance/requestForms/{id}` (its assignments go with it).
pub async fn delete(client: &Client, id: &str) -> Result<(), ApiError> {
    client.send(client.delete(&path(id)).build()).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_a_quoted_contains_filter() {
        assert_eq!(name_filter("  "), "true");
        assert_eq!(name_filter("new user"), "name co \"new user\"");
        assert_eq!(name_filter(r#"a"b\c"#), r#"name co "a\"b\\c""#);
    }
}
