//! The identities list's state: what the address bar holds, what the API is asked,
//! and the rules between them (defaults are left out of the URL, any change of the
//! query goes back to the first page, unknown values fall back to the defaults).
//! No DOM here, so every edge is an ordinary test.

use gatehouse_wire::filter::Expr;
use gatehouse_wire::identity::{parse_sorters, print_sorters, DefaultFilter, Sorter, IDENTITY_STATUSES};
use leptos_router::params::ParamsMap;

use crate::components::pager::{page_in_url, size_in_url};

/// The page sizes on offer; the API allows at most 250.
pub const PAGE_SIZES: [u32; 4] = [25, 50, 100, 250];
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// `processingState` values a filter can ask for (`null` cannot be matched with `eq`).
pub const PROCESSING_STATES: [&str; 2] = ["OK", "ERROR"];
/// The fields the search box matches with `sw`.
pub const SEARCH_FIELDS: [&str; 3] = ["name", "alias", "email"];

/// Everything that decides which identities the table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState {
    /// Name, alias or e-mail starts with this (trimmed when sent).
    pub search: String,
    /// `identityStatus`, filtered as `cloudStatus`.
    pub status: Option<String>,
    pub processing: Option<String>,
    pub correlated: Option<bool>,
    pub protected: Option<bool>,
    /// `defaultFilter=CORRELATED_ONLY` (the API's default) or `NONE`.
    pub correlated_only: bool,
    pub sort: Sorter,
    /// Zero-based; the URL shows it one-based.
    pub page: u32,
    pub size: u32,
}

impl Default for ListState {
    fn default() -> Self {
        Self {
            search: String::new(),
            status: None,
            processing: None,
            correlated: None,
            protected: None,
            correlated_only: true,
            sort: Sorter {
                field: "name".into(),
                descending: false,
            },
            page: 0,
            size: DEFAULT_PAGE_SIZE,
        }
    }
}

fn parse_bool(v: Option<String>) -> Option<bool> {
    match v.as_deref() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

fn one_of(v: Option<String>, allowed: &[&str]) -> Option<String> {
    v.filter(|v| allowed.contains(&v.as_str()))
}

impl ListState {
    /// Reads the state from the URL's query. Anything unknown or malformed falls back
    /// to its default, so a mangled shared link still opens a sensible view.
    pub fn from_query(q: &ParamsMap) -> Self {
        let d = Self::default();
        let sort = q
            .get("sort")
            .and_then(|s| parse_sorters(&s).ok())
            .and_then(|s| s.into_iter().next())
            .unwrap_or(d.sort);
        Self {
            search: q.get("q").unwrap_or_default(),
            status: one_of(q.get("status"), &IDENTITY_STATUSES),
            processing: one_of(q.get("processing"), &PROCESSING_STATES),
            correlated: parse_bool(q.get("correlated")),
            protected: parse_bool(q.get("protected")),
            correlated_only: q.get("correlatedOnly").as_deref() != Some("false"),
            sort,
            page: page_in_url(q),
            size: size_in_url(q, &PAGE_SIZES, d.size),
        }
    }

    /// The query string (with its `?`, or empty) holding every value that differs from
    /// the default, in a fixed order so equal states give equal URLs.
    pub fn to_query(&self) -> String {
        let d = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        let optional = [
            ("status", self.status.clone()),
            ("processing", self.processing.clone()),
            ("correlated", self.correlated.map(|b| b.to_string())),
            ("protected", self.protected.map(|b| b.to_string())),
        ];
        pairs.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v?))));
        if !self.correlated_only {
            pairs.push(("correlatedOnly", "false".into()));
        }
        if self.sort != d.sort {
            pairs.push(("sort", self.sorters()));
        }
        if self.page > 0 {
            pairs.push(("page", (self.page + 1).to_string()));
        }
        if self.size != d.size {
            pairs.push(("size", self.size.to_string()));
        }
        query_string(&pairs)
    }

    /// The portal address of this view.
    pub fn href(&self) -> String {
        format!("/identities{}", self.to_query())
    }

    /// The filter the controls mean, or `None` when nothing is filtered.
    pub fn filter(&self) -> Option<Expr> {
        let s = self.search.trim();
        let search = if s.is_empty() {
            None
        } else {
            Expr::or(SEARCH_FIELDS.map(|f| Expr::sw(f, s)))
        };
        Expr::and([
            search,
            self.status.clone().map(|v| Expr::eq("cloudStatus", v)),
            self.processing.clone().map(|v| Expr::eq("processingState", v)),
            self.correlated.map(|b| Expr::eq("correlated", b)),
            self.protected.map(|b| Expr::eq("protected", b)),
        ])
    }

    pub fn sorters(&self) -> String {
        print_sorters(std::slice::from_ref(&self.sort))
    }

    pub fn default_filter(&self) -> DefaultFilter {
        if self.correlated_only {
            DefaultFilter::CorrelatedOnly
        } else {
            DefaultFilter::None
        }
    }

    /// The API query (without `?`) for `limit` rows from `offset`, with the total.
    pub fn api_query(&self, limit: u32, offset: u64) -> String {
        let mut pairs = vec![
            ("count", "true".to_string()),
            ("limit", limit.to_string()),
            ("offset", offset.to_string()),
            ("sorters", self.sorters()),
            ("defaultFilter", self.default_filter().as_str().to_string()),
        ];
        if let Some(f) = self.filter() {
            pairs.push(("filters", f.to_string()));
        }
        query_string(&pairs).trim_start_matches('?').to_string()
    }

    /// The API query for the page on screen.
    pub fn page_query(&self) -> String {
        self.api_query(self.size, u64::from(self.page) * u64::from(self.size))
    }

    /// The same view from its first page: every change of the query goes through this.
    pub fn first_page(mut self) -> Self {
        self.page = 0;
        self
    }

    /// Clicking a column header: the same field flips direction, another sorts ascending.
    pub fn sorted_by(&self, field: &str) -> Self {
        let descending = self.sort.field == field && !self.sort.descending;
        Self {
            sort: Sorter {
                field: field.to_string(),
                descending,
            },
            ..self.clone()
        }
        .first_page()
    }

    /// Filtering for uncorrelated identities only makes sense with the default filter
    /// off (the API would hide them all), so choosing it turns "correlated only" off.
    pub fn with_correlated(&self, correlated: Option<bool>) -> Self {
        Self {
            correlated,
            correlated_only: self.correlated_only && correlated != Some(false),
            ..self.clone()
        }
        .first_page()
    }

    /// Whether any filter control is away from its default.
    pub fn is_filtered(&self) -> bool {
        self.filter().is_some() || !self.correlated_only
    }

    /// The number of pages for `total` rows (at least one, so "page 1 of 1" when empty).
    pub fn page_count(&self, total: u64) -> u32 {
        let size = u64::from(self.size.max(1));
        u32::try_from(total.div_ceil(size).max(1)).unwrap_or(u32::MAX)
    }
}

/// `?k=v&k=v` with every value percent-encoded, or an empty string for no pairs.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so the text
/// survives both `decodeURIComponent` and `URLSearchParams` (a space is `%20`, never `+`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::identity::parse_list_filter;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn map(pairs: &[(&'static str, &str)]) -> ParamsMap {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    fn every_field() -> ListState {
        ListState {
            search: "Jo \"&=+%".into(),
            status: Some("LOCKED".into()),
            processing: Some("ERROR".into()),
            correlated: Some(false),
            protected: Some(true),
            correlated_only: false,
            sort: Sorter {
                field: "cloudStatus".into(),
                descending: true,
            },
            page: 3,
            size: 250,
        }
    }

    #[wasm_bindgen_test]
    fn the_default_view_has_an_empty_query() {
        assert_eq!(ListState::default().to_query(), "");
        assert_eq!(ListState::default().href(), "/identities");
        assert_eq!(ListState::from_query(&ParamsMap::new()), ListState::default());
    }

    #[wasm_bindgen_test]
    fn every_field_goes_into_the_query_in_a_fixed_order() {
        assert_eq!(
            every_field().to_query(),
            "?q=Jo%20%22%26%3D%2B%25&status=LOCKED&processing=ERROR&correlated=false\
             &protected=true&correlatedOnly=false&sort=-cloudStatus&page=4&size=250"
        );
    }

    #[wasm_bindgen_test]
    fn the_query_reads_back_as_the_same_state() {
        let s = every_field();
        let back = map(&[
            ("q", "Jo \"&=+%"),
            ("status", "LOCKED"),
            ("processing", "ERROR"),
            ("correlated", "false"),
            ("protected", "true"),
            ("correlatedOnly", "false"),
            ("sort", "-cloudStatus"),
            ("page", "4"),
            ("size", "250"),
        ]);
        assert_eq!(ListState::from_query(&back), s);
    }

    #[wasm_bindgen_test]
    fn malformed_values_fall_back_to_defaults() {
        let s = ListState::from_query(&map(&[
            ("status", "active"),
            ("processing", "MAYBE"),
            ("correlated", "yes"),
            ("sort", "email"),
            ("page", "0"),
            ("size", "42"),
            ("correlatedOnly", "nope"),
        ]));
        assert_eq!(s, ListState::default());
        let s = ListState::from_query(&map(&[("page", "-2")]));
        assert_eq!(s.page, 0);
    }

    #[wasm_bindgen_test]
    fn the_filter_is_printed_from_the_ast_and_passes_the_servers_rules() {
        assert_eq!(ListState::default().filter(), None);
        let s = ListState {
            search: "  Ma ".into(),
            status: Some("ACTIVE".into()),
            correlated: Some(true),
            ..Default::default()
        };
        let text = s.filter().unwrap().to_string();
        assert_eq!(
            text,
            "(name sw \"Ma\" or alias sw \"Ma\" or email sw \"Ma\") and cloudStatus eq \"ACTIVE\" \
             and correlated eq true"
        );
        assert_eq!(parse_list_filter(&text).unwrap(), s.filter().unwrap());
        // Quotes and backslashes in the search are escaped, not concatenated.
        let tricky = ListState {
            search: "a\" or id eq \"x\\".into(),
            ..every_field()
        };
        let text = tricky.filter().unwrap().to_string();
        assert_eq!(parse_list_filter(&text).unwrap(), tricky.filter().unwrap());
    }

    #[wasm_bindgen_test]
    fn the_api_query_asks_for_the_page_the_sort_and_the_total() {
        let s = ListState {
            page: 2,
            size: 25,
            ..Default::default()
        };
        assert_eq!(
            s.page_query(),
            "count=true&limit=25&offset=50&sorters=name&defaultFilter=CORRELATED_ONLY"
        );
        let q = every_field().api_query(250, 500);
        assert!(q.starts_with("count=true&limit=250&offset=500&sorters=-cloudStatus&defaultFilter=NONE&filters="));
    }

    #[wasm_bindgen_test]
    fn sorting_flips_the_same_field_and_returns_to_page_one() {
        let s = ListState {
            page: 5,
            ..Default::default()
        };
        let desc = s.sorted_by("name");
        assert_eq!(desc.sorters(), "-name");
        assert_eq!(desc.page, 0);
        assert_eq!(desc.sorted_by("name").sorters(), "name");
        assert_eq!(desc.sorted_by("alias").sorters(), "alias");
    }

    #[wasm_bindgen_test]
    fn asking_for_uncorrelated_identities_turns_the_default_filter_off() {
        let s = ListState::default().with_correlated(Some(false));
        assert!(!s.correlated_only);
        let s = ListState::default().with_correlated(Some(true));
        assert!(s.correlated_only);
        assert!(ListState::default().with_correlated(Some(false)).is_filtered());
    }

    #[wasm_bindgen_test]
    fn page_count_edges() {
        let s = ListState::default();
        assert_eq!(s.page_count(0), 1);
        assert_eq!(s.page_count(50), 1);
        assert_eq!(s.page_count(51), 2);
        assert_eq!(s.page_count(325), 7);
    }

    #[wasm_bindgen_test]
    fn encoding_keeps_unreserved_characters_only() {
        assert_eq!(encode_component("a-Z_0.~"), "a-Z_0.~");
        assert_eq!(encode_component("a b+c/é"), "a%20b%2Bc%2F%C3%A9");
    }
}
