//! PingOne AIC IGA request forms: the list (searched by name, sorted, paged), one form
//! as stored, create, replace (with `If-Match`), delete, and the objects a form's lookup
//! select offers. One `async fn` per operation, all through the shared client.

use gatehouse_wire::crest::{CmpOp, Filter};
use gatehouse_wire::form::{catalog_filter_of, catalog_kind, people_filter_of, ObjectLookup, RequestForm};
use serde::Deserialize;
use serde_json::Value;

use super::requests;
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
        Filter::True.to_string()
    } else {
        Filter::cmp("name", CmpOp::Co, search).to_string()
    }
}

/// What a page of the list asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub search: String,
    /// `name` or `type`.
    pub sort: &'static str,
    pub descending: bool,
    /// From 0.
    pub page: u32,
    pub size: u32,
}

impl ListQuery {
    /// The query string: filter, sort (`-` for descending, then `name`), page.
    pub fn to_query(&self) -> String {
        let filter = String::from(js_sys::encode_uri_component(&name_filter(&self.search)));
        let dir = if self.descending { "-" } else { "" };
        let then = if self.sort == "name" { "" } else { ",name" };
        format!(
            "_queryFilter={filter}&_sortKeys={dir}{}{then}&_pageSize={}&_pagedResultsOffset={}&_fields=id,name,type,description",
            self.sort,
            self.size,
            u64::from(self.page) * u64::from(self.size)
        )
    }
}

/// `GET /iga/governance/requestForms?_queryFilter=…&_sortKeys=…&_pageSize=…`.
pub async fn list(client: &Client, query: &ListQuery) -> Result<FormPage, ApiError> {
    client
        .send_json(client.get(&format!("{FORMS}?{}", query.to_query())).build())
        .await
}

// Forms go through `Value` both ways: one serializer and one deserializer of the form
// model in the bundle (serde's flattened structs are large once per format).
fn body_of(form: &RequestForm) -> Result<String, ApiError> {
    serde_json::to_value(form)
        .map(|v| v.to_string())
        .map_err(|e| ApiError::Server(format!("the form cannot be sent: {e}")))
}

fn stored(raw: Value) -> Result<RequestForm, ApiError> {
    serde_json::from_value(raw).map_err(|e| ApiError::Server(format!("unexpected answer: {e}")))
}

/// `POST /iga/governance/requestForms`: a new form (no `id`, `_rev` or `metadata`
/// sent); answers the stored form with its id and revision.
pub async fn create(client: &Client, form: &RequestForm) -> Result<RequestForm, ApiError> {
    let mut form = form.clone();
    form.id = None;
    form.rev = None;
    form.metadata = None;
    let request = client
        .post(FORMS)
        .header("Content-Type", "application/json")
        .body(body_of(&form)?);
    stored(client.send_json(request).await?)
}

/// `PUT /iga/governance/requestForms/{id}` with `If-Match: <_rev>` when the form has
/// one: a form changed meanwhile is a 412, [`ApiError::Conflict`].
pub async fn replace(client: &Client, id: &str, form: &RequestForm) -> Result<RequestForm, ApiError> {
    let mut builder = client.put(&path(id)).header("Content-Type", "application/json");
    if let Some(rev) = &form.rev {
        let tag = rev.as_str().map(str::to_owned).unwrap_or_else(|| rev.to_string());
        builder = builder.header("If-Match", &format!("\"{tag}\""));
    }
    stored(client.send_json(builder.body(body_of(form)?)).await?)
}

/// A copy of a stored form as a new one: no id, revision or dates, named `Copy of …`.
pub fn duplicate_of(raw: &Value) -> Result<RequestForm, ApiError> {
    let mut form: RequestForm =
        serde_json::from_value(raw.clone()).map_err(|e| ApiError::Server(format!("the form cannot be read: {e}")))?;
    form.id = None;
    form.rev = None;
    form.metadata = None;
    form.name = format!("Copy of {}", form.name);
    Ok(form)
}

/// One object a lookup select offers: the id that becomes the value, and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupItem {
    pub id: String,
    pub name: String,
}

/// Up to 10 objects a lookup select offers for `search`, narrowed by its `queryFilter`
/// (translated by the wire rules, never pasted into a query): people from Gatehouse's
/// people search (name, alias or e-mail prefix, `filters`; anyone signed in may use
/// it), roles, applications and entitlements from the catalog (what the signed-in
/// person may request, `_queryFilter`). A filter that cannot be applied is
/// [`ApiError::Invalid`] naming it, and nothing is offered.
pub async fn lookup(client: &Client, lookup: &ObjectLookup, search: &str) -> Result<Vec<LookupItem>, ApiError> {
    let invalid = |e: String| ApiError::Invalid(vec![e]);
    let filter = lookup.query_filter.as_deref();
    if lookup.object == "user" {
        let narrowed = people_filter_of(filter).map_err(invalid)?;
        let people = super::people::search_where(client, search, 10, narrowed.as_ref()).await?;
        return Ok(people
            .into_iter()
            .map(|p| LookupItem {
                name: p.label(),
                id: p.id,
            })
            .collect());
    }
    let (_, _, name_path) =
        catalog_kind(&lookup.object).ok_or_else(|| invalid(format!("a lookup cannot list '{}'", lookup.object)))?;
    let query = format!(
        "_queryFilter={}&_pageSize=10&_sortKeys={name_path}",
        js_sys::encode_uri_component(
            &catalog_filter_of(&lookup.object, filter, search)
                .map_err(invalid)?
                .to_string()
        )
    );
    let (items, _) = requests::catalog(client, &query).await?;
    Ok(items
        .into_iter()
        .map(|i| LookupItem { id: i.id, name: i.name })
        .collect())
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
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_search_is_a_quoted_contains_filter() {
        assert_eq!(name_filter("  "), "true");
        assert_eq!(name_filter("new user"), "name co \"new user\"");
        assert_eq!(name_filter(r#"a"b\c"#), r#"name co "a\"b\\c""#);
    }
}
