//! What the catalog shows, as the address bar holds it: the kind, the name search, the
//! filters (`f=<property>:<operator>:<value>`, one per filter), the sort
//! (`sort=<property>` or `sort=-<property>`), the page and its size. Defaults are left out
//! of the URL; any change of the query goes back to the first page. [`CatalogState::search`]
//! turns it into the typed `targetFilter` the search sends. No DOM here.

use gatehouse_wire::catalog::{filter_leaf, FilterProblem, SearchProperty};
use gatehouse_wire::target_filter::{LeafOp, TargetFilter};
use leptos_router::params::ParamsMap;
use serde_json::Value;

use crate::api::catalog::Search;
use crate::api::requests::CatalogKind;
use crate::components::pager::{page_in_url, size_in_url};
use crate::pages::identities::query::query_string;

pub const PAGE_SIZES: &[u32] = &[10, 25, 50];
const DEFAULT_SIZE: u32 = 10;

/// One filter: a property, an operator and the value typed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub key: String,
    pub op: LeafOp,
    pub value: String,
}

impl Clause {
    /// `key:op:value` (the operator in lower case, the value as typed).
    pub fn to_param(&self) -> String {
        format!("{}:{}:{}", self.key, self.op.as_str().to_ascii_lowercase(), self.value)
    }

    /// Reads [`Clause::to_param`]; `None` for anything malformed.
    pub fn from_param(s: &str) -> Option<Clause> {
        let (key, rest) = s.split_once(':')?;
        let (op, value) = rest.split_once(':').unwrap_or((rest, ""));
        let key = key.trim();
        if key.is_empty() || key.split('.').any(str::is_empty) {
            return None;
        }
        Some(Clause {
            key: key.to_string(),
            op: LeafOp::from_wire(&op.to_ascii_uppercase())?,
            value: value.to_string(),
        })
    }
}

/// The order of the list: a property, ascending or descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortBy {
    pub key: String,
    pub descending: bool,
}

impl SortBy {
    /// `_sortKeys` and the URL's `sort`: the key, with `-` for descending.
    pub fn keys(&self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.key)
    }

    pub fn parse(s: &str) -> Option<SortBy> {
        let (descending, key) = match s.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, s),
        };
        let key = key.trim();
        (!key.is_empty() && !key.split('.').any(str::is_empty)).then(|| SortBy {
            key: key.to_string(),
            descending,
        })
    }
}

/// Everything that decides what the catalog lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogState {
    pub kind: CatalogKind,
    pub search: String,
    pub filters: Vec<Clause>,
    /// `None`: by name, A to Z.
    pub sort: Option<SortBy>,
    /// Zero-based.
    pub page: u32,
    pub size: u32,
}

impl Default for CatalogState {
    fn default() -> Self {
        Self {
            kind: CatalogKind::Application,
            search: String::new(),
            filters: Vec::new(),
            sort: None,
            page: 0,
            size: DEFAULT_SIZE,
        }
    }
}

impl CatalogState {
    /// Reads the state from the URL's query; anything malformed falls back to its default.
    pub fn from_query(q: &ParamsMap) -> Self {
        let d = Self::default();
        Self {
            kind: q.get("kind").and_then(|k| CatalogKind::parse(&k)).unwrap_or(d.kind),
            search: q.get("q").unwrap_or_default(),
            filters: q
                .get_all("f")
                .unwrap_or_default()
                .iter()
                .filter_map(|f| Clause::from_param(f))
                .collect(),
            sort: q.get("sort").and_then(|s| SortBy::parse(&s)),
            page: page_in_url(q),
            size: size_in_url(q, PAGE_SIZES, d.size),
        }
    }

    /// The query string (with its `?`, empty for the defaults).
    pub fn query(&self) -> String {
        let d = Self::default();
        let mut pairs = Vec::new();
        if self.kind != d.kind {
            pairs.push(("kind", self.kind.as_str().to_string()));
        }
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        for f in &self.filters {
            pairs.push(("f", f.to_param()));
        }
        if let Some(s) = &self.sort {
            pairs.push(("sort", s.keys()));
        }
        if self.page > 0 {
            pairs.push(("page", (self.page + 1).to_string()));
        }
        if self.size != d.size {
            pairs.push(("size", self.size.to_string()));
        }
        query_string(&pairs)
    }

    pub fn href(&self) -> String {
        format!("/catalog{}", self.query())
    }

    /// Another tab: its own filters and sort do not carry over.
    pub fn with_kind(&self, kind: CatalogKind) -> CatalogState {
        CatalogState {
            kind,
            size: self.size,
            ..Default::default()
        }
    }

    /// The same view with other filters, from the first page.
    pub fn with_filters(&self, filters: Vec<Clause>) -> CatalogState {
        CatalogState {
            filters,
            page: 0,
            ..self.clone()
        }
    }

    /// The same view in another order, from the first page.
    pub fn with_sort(&self, sort: Option<SortBy>) -> CatalogState {
        CatalogState {
            sort,
            page: 0,
            ..self.clone()
        }
    }

    /// The same view with another name search, from the first page.
    pub fn with_search(&self, search: &str) -> CatalogState {
        CatalogState {
            search: search.trim().to_string(),
            page: 0,
            ..self.clone()
        }
    }

    /// The search to send: the kind, the name search and every filter (read with the
    /// kind's search properties), the sort and the page. A filter on a property the
    /// schema does not list, or with a value of the wrong type, is a problem naming it.
    pub fn search(&self, properties: &[SearchProperty]) -> Result<Search, FilterProblem> {
        let mut parts = vec![TargetFilter::leaf(
            LeafOp::Equals,
            "item.type",
            Value::from(self.kind.item_type()),
        )];
        let name = self.search.trim();
        if !name.is_empty() {
            parts.push(TargetFilter::leaf(
                LeafOp::Contains,
                self.kind.name_path(),
                Value::from(name),
            ));
        }
        for f in &self.filters {
            let p = properties
                .iter()
                .find(|p| p.key == f.key)
                .ok_or_else(|| FilterProblem(format!("{}: no such property to filter on here", f.key)))?;
            parts.push(filter_leaf(p, f.op, &f.value)?);
        }
        let sort_keys = match &self.sort {
            Some(s) if !properties.iter().any(|p| p.key == s.key) => {
                return Err(FilterProblem(format!("{}: no such property to sort by here", s.key)))
            }
            Some(s) => s.keys(),
            None => self.kind.name_path().to_string(),
        };
        Ok(Search {
            filter: TargetFilter::and(parts),
            sort_keys,
            offset: u64::from(self.page) * u64::from(self.size),
            size: self.size,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn every() -> CatalogState {
        CatalogState {
            kind: CatalogKind::Entitlement,
            search: "Fin &= \"x\"".into(),
            filters: vec![
                Clause {
                    key: "application.name".into(),
                    op: LeafOp::StartsWith,
                    value: "Active: Dir/ectory".into(),
                },
                Clause {
                    key: "entitlement.privileged".into(),
                    op: LeafOp::Equals,
                    value: "false".into(),
                },
            ],
            sort: Some(SortBy {
                key: "application.name".into(),
                descending: true,
            }),
            page: 2,
            size: 25,
        }
    }

    /// The query as the router reads it: pairs split on `&` and `=`, each value decoded
    /// by `ParamsMap::insert`; a repeated key keeps every value (the browser test in
    /// `tests/catalog.rs` runs the router's own parser).
    fn parse(href: &str) -> ParamsMap {
        let mut q = ParamsMap::new();
        for pair in href
            .split_once('?')
            .map_or("", |(_, q)| q)
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap();
            q.insert(k.to_string(), v.to_string());
        }
        q
    }

    #[wasm_bindgen_test]
    fn the_catalog_view_round_trips_through_the_url() {
        assert_eq!(CatalogState::default().href(), "/catalog");
        for state in [CatalogState::default(), every()] {
            let href = state.href();
            assert_eq!(CatalogState::from_query(&parse(&href)), state, "{href}");
        }
        let href = every().href();
        assert!(
            href.contains("f=application.name%3Astarts_with%3AActive%3A%20Dir%2Fectory"),
            "{href}"
        );
        assert!(href.contains("&sort=-application.name&page=3&size=25"), "{href}");
        // Malformed parts of a hand-written link fall back to their defaults.
        let q = parse("/catalog?kind=robot&f=nonsense&f=a..b:equals:x&f=role.name:like:x&sort=-&page=x");
        assert_eq!(CatalogState::from_query(&q), CatalogState::default());
    }

    #[wasm_bindgen_test]
    fn changing_the_query_goes_back_to_the_first_page() {
        let s = every();
        assert_eq!(s.with_filters(Vec::new()).page, 0);
        assert_eq!(s.with_sort(None).page, 0);
        assert_eq!(s.with_search(" vpn ").search, "vpn");
        let other = s.with_kind(CatalogKind::Role);
        assert_eq!((other.filters.len(), other.sort.clone(), other.size), (0, None, 25));
    }

    fn props() -> Vec<SearchProperty> {
        vec![
            SearchProperty::new("entitlement.displayName", "Display name", "string"),
            SearchProperty::new("application.name", "Application", "string"),
            SearchProperty::new("entitlement.privileged", "Privileged", "boolean"),
        ]
    }

    #[wasm_bindgen_test]
    fn the_search_is_a_typed_target_filter_with_sort_and_page() {
        let s = every().search(&props()).unwrap();
        assert_eq!(
            serde_json::to_value(&s.filter).unwrap(),
            json!({"operator": "AND", "operand": [
                {"operator": "EQUALS", "operand": {"targetName": "item.type", "targetValue": "entitlementGrant"}},
                {"operator": "CONTAINS", "operand": {"targetName": "entitlement.displayName", "targetValue": "Fin &= \"x\""}},
                {"operator": "STARTS_WITH", "operand": {"targetName": "application.name", "targetValue": "Active: Dir/ectory"}},
                {"operator": "EQUALS", "operand": {"targetName": "entitlement.privileged", "targetValue": false}},
            ]})
        );
        assert_eq!((s.sort_keys.as_str(), s.offset, s.size), ("-application.name", 50, 25));
        let plain = CatalogState {
            kind: CatalogKind::Role,
            ..Default::default()
        }
        .search(&[])
        .unwrap();
        assert_eq!(plain.sort_keys, "role.name");
        assert_eq!(
            serde_json::to_value(&plain.filter).unwrap(),
            json!({"operator": "EQUALS", "operand": {"targetName": "item.type", "targetValue": "roleMembership"}})
        );
    }

    #[wasm_bindgen_test]
    fn filters_the_schema_does_not_know_or_cannot_read_are_named() {
        let mut s = every();
        s.filters[1].value = "perhaps".into();
        assert_eq!(s.search(&props()).unwrap_err().0, "Privileged: choose yes or no");
        s.filters[1].key = "entitlement.colour".into();
        assert!(s
            .search(&props())
            .unwrap_err()
            .0
            .starts_with("entitlement.colour: no such property"));
    }
}
