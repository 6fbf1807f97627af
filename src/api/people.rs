//! Gatehouse's people search, `GET /gatehouse/v1/people?search=&limit=`: every picker of
//! a person (reassign, the cart's "for other people", a form's user look-up) uses it. Unlike
//! the identities list it finds colleagues for people without an admin level too.

use gatehouse_wire::filter::Expr;
use gatehouse_wire::identity::Person;

use super::{ApiError, Client};

const PEOPLE: &str = "/gatehouse/v1/people";

/// Up to `limit` (1 to 25) people whose name, alias or e-mail starts with `text`, by
/// name; blank text finds nobody without asking the server.
pub async fn search(client: &Client, text: &str, limit: u8) -> Result<Vec<Person>, ApiError> {
    search_where(client, text, limit, None).await
}

/// [`search`] among the people `filters` keeps (`filters=`, printed from its AST: a
/// form look-up's `queryFilter` as `gatehouse_wire::form::people_filter_of` made it).
pub async fn search_where(
    client: &Client,
    text: &str,
    limit: u8,
    filters: Option<&Expr>,
) -> Result<Vec<Person>, ApiError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut path = format!(
        "{PEOPLE}?limit={limit}&search={}",
        js_sys::encode_uri_component(text.trim())
    );
    if let Some(f) = filters {
        path.push_str(&format!("&filters={}", js_sys::encode_uri_component(&f.to_string())));
    }
    client.send_json(client.get(&path).build()).await
}
