//! The IGA catalog as the catalog page reads it: its search properties
//! (`GET /iga/governance/search/schema/{kind}`), a page of items found with a
//! `targetFilter` (`POST /iga/governance/catalog?_action=search`), one item's details
//! (`GET /iga/governance/catalog/{kind}/{id}`), and which items of a kind have a form to
//! fill (their `requestFormAssignments`).

use std::collections::BTreeSet;

use gatehouse_wire::catalog::SearchProperty;
use gatehouse_wire::form::FormAssignment;
use gatehouse_wire::target_filter::TargetFilter;
use serde::Serialize;
use serde_json::Value;

use super::requests::{CatalogItem, CatalogKind, Page};
use super::{ApiError, Client};

const CATALOG: &str = "/iga/governance/catalog";
const SCHEMA: &str = "/iga/governance/search/schema";
const ASSIGNMENTS: &str = "/iga/governance/requestFormAssignments";

fn segment(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// `GET /iga/governance/search/schema/{kind}`.
pub async fn schema(client: &Client, kind: CatalogKind) -> Result<Vec<SearchProperty>, ApiError> {
    client
        .send_json(client.get(&format!("{SCHEMA}/{}", kind.as_str())).build())
        .await
}

/// An IGA search body, `{targetFilter}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SearchBody<'a> {
    pub target_filter: &'a TargetFilter,
}

/// One catalog search: the filter, the `_sortKeys` (`-` for descending) and the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub filter: TargetFilter,
    pub sort_keys: String,
    pub offset: u64,
    pub size: u32,
}

impl Search {
    /// The query string of the search call.
    pub fn params(&self) -> String {
        format!(
            "_action=search&_pageSize={}&_pagedResultsOffset={}&_sortKeys={}",
            self.size,
            self.offset,
            segment(&self.sort_keys)
        )
    }
}

/// `POST /iga/governance/catalog?_action=search` → the items of the page and the total.
pub async fn search(client: &Client, s: &Search) -> Result<(Vec<CatalogItem>, u64), ApiError> {
    let body = SearchBody {
        target_filter: &s.filter,
    };
    let page: Page<Value> = client
        .send_json(client.post(&format!("{CATALOG}?{}", s.params())).json(&body))
        .await?;
    Ok((
        page.result.iter().filter_map(CatalogItem::from_doc).collect(),
        page.total_count,
    ))
}

/// One person as an item lists its owners.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub name: String,
    pub user_name: String,
}

impl Owner {
    fn list(v: &Value) -> Vec<Owner> {
        v.as_array()
            .map(|people| {
                people
                    .iter()
                    .map(|p| {
                        let text = |k: &str| p[k].as_str().unwrap_or_default().trim().to_string();
                        let name = format!("{} {}", text("givenName"), text("sn")).trim().to_string();
                        Owner {
                            name: if name.is_empty() { text("userName") } else { name },
                            user_name: text("userName"),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// "Ada Lovelace (demo-admin)".
    pub fn label(&self) -> String {
        if self.user_name.is_empty() || self.user_name == self.name {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.user_name)
        }
    }
}

/// What the details of a catalog item show.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogDetails {
    pub item: CatalogItem,
    /// The owners of the item itself (`applicationOwner`, `entitlementOwner`, `roleOwner`).
    pub owners: Vec<Owner>,
    /// The owners of an entitlement's application.
    pub application_owners: Vec<Owner>,
    pub requestable: bool,
    /// Only entitlements say whether they are privileged.
    pub privileged: Option<bool>,
    /// Glossary attributes as `(attribute, value)`, e.g. `("requestable", "true")`.
    pub glossary: Vec<(String, String)>,
}

impl CatalogDetails {
    /// Reads a catalog document (`None` for an item of no known kind).
    pub fn from_doc(doc: &Value) -> Option<CatalogDetails> {
        let item = CatalogItem::from_doc(doc)?;
        let object = &doc[item.kind.as_str()];
        let owners = Owner::list(&doc[format!("{}Owner", item.kind.as_str())]);
        let application_owners = if item.kind == CatalogKind::Entitlement {
            Owner::list(&doc["applicationOwner"])
        } else {
            Vec::new()
        };
        let mut glossary = Vec::new();
        if let Some(idx) = doc["glossary"]["idx"].as_object() {
            for attributes in idx.values().filter_map(Value::as_object) {
                for (k, v) in attributes {
                    let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                    glossary.push((k.clone(), text));
                }
            }
        }
        Some(CatalogDetails {
            requestable: object["requestable"].as_bool().unwrap_or(true),
            privileged: object["privileged"].as_bool(),
            owners,
            application_owners,
            glossary,
            item,
        })
    }
}

/// `GET /iga/governance/catalog/{kind}/{id}`.
pub async fn item(client: &Client, kind: CatalogKind, id: &str) -> Result<CatalogDetails, ApiError> {
    let url = format!("{CATALOG}/{}/{}", kind.as_str(), segment(id));
    let doc: Value = client.send_json(client.get(&url).build()).await?;
    CatalogDetails::from_doc(&doc).ok_or_else(|| ApiError::Server(format!("'{id}' is not a catalog item")))
}

/// The ids of the items of a kind that have a form assigned (`<kind>/<id>` objects).
pub async fn formed(client: &Client, kind: CatalogKind) -> Result<BTreeSet<String>, ApiError> {
    let prefix = format!("{}/", kind.as_str());
    let filter = format!("objectId sw \"{prefix}\"");
    let url = format!("{ASSIGNMENTS}?_queryFilter={}&_pageSize=1000", segment(&filter));
    let page: Page<FormAssignment> = client.send_json(client.get(&url).build()).await?;
    Ok(page
        .result
        .into_iter()
        .filter_map(|a| a.object_id.strip_prefix(&prefix).map(str::to_string))
        // `application/<id>/<objectType>/<operation>` is an application operation's form.
        .filter(|id| !id.contains('/'))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn details_read_owners_flags_and_glossary() {
        let doc = json!({
            "id": "e1", "item": {"type": "entitlementGrant"},
            "application": {"name": "Active Directory"},
            "applicationOwner": [{"userName": "ada", "givenName": "Ada", "sn": "Lovelace"}],
            "entitlement": {"displayName": "VPN Users", "description": "Remote", "privileged": false, "requestable": true},
            "entitlementOwner": [{"userName": "bob", "givenName": "", "sn": ""}],
            "glossary": {"idx": {"/entitlement": {"requestable": true, "riskLevel": "low"}}},
        });
        let d = CatalogDetails::from_doc(&doc).unwrap();
        assert_eq!(d.item.name, "VPN Users");
        assert_eq!(
            d.owners,
            [Owner {
                name: "bob".into(),
                user_name: "bob".into()
            }]
        );
        assert_eq!(d.owners[0].label(), "bob");
        assert_eq!(d.application_owners[0].label(), "Ada Lovelace (ada)");
        assert_eq!(d.privileged, Some(false));
        assert!(d.glossary.contains(&("riskLevel".into(), "low".into())));
        assert!(d.glossary.contains(&("requestable".into(), "true".into())));
    }

    #[wasm_bindgen_test]
    fn a_search_names_its_page_and_sort() {
        let s = Search {
            filter: TargetFilter::All,
            sort_keys: "-role.name".into(),
            offset: 20,
            size: 10,
        };
        assert_eq!(
            s.params(),
            "_action=search&_pageSize=10&_pagedResultsOffset=20&_sortKeys=-role.name"
        );
    }
}
