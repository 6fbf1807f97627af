//! The list and search conventions the IGA collections share (request forms and
//! assignments, catalog, request types, my requests, my approvals): `_queryFilter`
//! (CREST), a `targetFilter` search body, `_sortKeys` + `_sortDir` + `_sortType` (`date`
//! compares instants whatever their offset, `integer` numbers even when they are held as
//! strings: [`SortType`]), `_pageSize` with `_pagedResultsOffset` or
//! `_pageNumber`, `_fields`, and the `{result, resultCount, totalCount, searchAfterKey}`
//! envelope. A sort ends with `id` so the order is total (without sort keys, the collection's own order
//! stands); `searchAfterKey` holds the
//! sort values of a page's last entry while more follow, and `_searchAfter` (those values,
//! comma separated) resumes strictly after that entry, so paging is stable while
//! entries are added or removed in between.
//! Collections are small and kept as JSON, so this filters, sorts and pages in memory.

use std::collections::HashMap;

use gatehouse_wire::crest::{self, Filter, ListPage, SortKey, SortType};
use gatehouse_wire::target_filter::{self, TargetFilter};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

const MAX_PAGE_SIZE: usize = 1000;

/// The parameters every list takes.
const COMMON: [&str; 11] = [
    "_queryFilter",
    "_fields",
    "_pageSize",
    "_pagedResultsOffset",
    "_pageNumber",
    "_sortKeys",
    "_sortDir",
    "_sortType",
    "_searchAfter",
    "_action",
    "_prettyPrint",
];

/// What a list or search asks for.
pub struct ListParams {
    filter: Filter,
    target: TargetFilter,
    fields: Option<Vec<String>>,
    page_size: Option<usize>,
    offset: usize,
    sort: Vec<SortKey>,
    search_after: Option<Vec<String>>,
    id_only: [SortKey; 1],
}

/// Reads the list parameters; `extra` names the endpoint's own parameters (anything
/// else is a 400 naming it); `default_sort` applies when `_sortKeys` is absent.
pub fn parse(params: &HashMap<String, String>, extra: &[&str], default_sort: &str) -> ApiResult<ListParams> {
    if let Some(unknown) = params
        .keys()
        .find(|k| !COMMON.contains(&k.as_str()) && !extra.contains(&k.as_str()))
    {
        let mut known: Vec<&str> = COMMON.to_vec();
        known.extend(extra);
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter here; use {}",
            known.join(", ")
        )));
    }
    let filter = match params.get("_queryFilter").map(|f| f.trim()).filter(|f| !f.is_empty()) {
        Some(text) => crest::parse(text).map_err(|e| ApiError::bad(format!("_queryFilter: {e}")))?,
        None => Filter::True,
    };
    let fields = params
        .get("_fields")
        .filter(|f| !f.trim().is_empty())
        .map(|f| crest::parse_fields(f))
        .transpose()
        .map_err(|e| ApiError::bad(e.message))?;
    let number = |name: &str| -> ApiResult<Option<usize>> {
        params
            .get(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .map_err(|_| ApiError::bad(format!("{name} must be a whole number of at least 0, got '{v}'")))
            })
            .transpose()
    };
    let page_size = number("_pageSize")?.filter(|n| *n > 0);
    if page_size.is_some_and(|n| n > MAX_PAGE_SIZE) {
        return Err(ApiError::bad(format!("_pageSize must be at most {MAX_PAGE_SIZE}")));
    }
    let offset = match (number("_pagedResultsOffset")?, number("_pageNumber")?) {
        (Some(o), _) => o,
        (None, Some(n)) => n.saturating_sub(1).saturating_mul(page_size.unwrap_or(0)),
        (None, None) => 0,
    };
    let keys = params
        .get("_sortKeys")
        .map(String::as_str)
        .filter(|k| !k.trim().is_empty())
        .unwrap_or(default_sort);
    let mut sort = crest::parse_sort_keys(keys).map_err(|e| ApiError::bad(e.message))?;
    match params.get("_sortDir").map(String::as_str) {
        None | Some("asc") | Some("") => {}
        Some("desc") => sort.iter_mut().for_each(|k| k.descending = !k.descending),
        Some(other) => return Err(ApiError::bad(format!("_sortDir must be asc or desc, got '{other}'"))),
    }
    // `_sortType` reads the values of the keys asked for; the `id` that ends a sort stays text.
    let sort_type =
        SortType::parse(params.get("_sortType").map_or("", String::as_str)).map_err(|e| ApiError::bad(e.message))?;
    sort.iter_mut().for_each(|k| k.sort_type = sort_type);
    if !sort.is_empty() && !sort.iter().any(|k| k.path == "id") {
        sort.push(SortKey::ascending("id"));
    }
    let search_after = params
        .get("_searchAfter")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(crest::parse_search_after);
    if let Some(values) = &search_after {
        if values.len() > sort.len() {
            return Err(ApiError::bad(format!(
                "_searchAfter has {} values but the list is sorted by {} keys ({}); pass the searchAfterKey of the previous page",
                values.len(),
                sort.len().max(1),
                sort.iter().map(|k| k.path.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(ListParams {
        filter,
        target: TargetFilter::All,
        fields,
        page_size,
        offset,
        sort,
        search_after,
        id_only: [SortKey::ascending("id")],
    })
}

impl ListParams {
    /// Adds the `targetFilter` of a search body.
    pub fn with_search_body(mut self, body: &Value) -> ApiResult<Self> {
        self.target = target_filter::from_search_body(body).map_err(|e| ApiError::bad(e.to_string()))?;
        Ok(self)
    }

    /// Filters, sorts, pages and projects documents into the IGA list envelope. `keep`
    /// names what `_fields` always keeps.
    pub fn page(&self, docs: Vec<Value>, keep: &[&str]) -> ListPage {
        let mut matched: Vec<Value> = docs
            .into_iter()
            .filter(|d| self.filter.matches(d) && self.target.matches(d))
            .collect();
        // Without sort keys the collection's own order stands and an entry is found by id.
        let keys = if self.sort.is_empty() {
            &self.id_only[..]
        } else {
            &self.sort[..]
        };
        matched.sort_by(|a, b| crest::compare_by(a, b, &self.sort));
        let total = matched.len();
        let start = match &self.search_after {
            Some(after) if self.sort.is_empty() => matched
                .iter()
                .position(|d| d.get("id").and_then(Value::as_str) == after.first().map(String::as_str))
                .map_or(matched.len(), |i| i + 1),
            Some(after) => matched
                .iter()
                .position(|d| crest::is_after(d, after, keys))
                .unwrap_or(matched.len()),
            None => 0,
        };
        let end = start
            .saturating_add(self.offset)
            .saturating_add(self.page_size.unwrap_or(usize::MAX))
            .min(matched.len());
        let search_after_key = match (self.page_size, end.checked_sub(1)) {
            (Some(_), Some(last)) if end < matched.len() && last >= start + self.offset => {
                Some(crest::sort_values(&matched[last], keys))
            }
            _ => None,
        };
        let result: Vec<Value> = matched
            .into_iter()
            .skip(start.saturating_add(self.offset))
            .take(self.page_size.unwrap_or(usize::MAX))
            .map(|d| match &self.fields {
                Some(fields) => {
                    let mut paths: Vec<String> = keep.iter().map(|k| k.to_string()).collect();
                    paths.extend(fields.iter().cloned());
                    crest::project(&d, &paths)
                }
                None => d,
            })
            .collect();
        ListPage {
            result_count: result.len(),
            result,
            search_after_key,
            total_count: total,
        }
    }
}

/// The `_action` of a call, checked against what the endpoint supports.
pub fn action<'a>(params: &'a HashMap<String, String>, allowed: &[&str], required: bool) -> ApiResult<Option<&'a str>> {
    match params.get("_action").map(String::as_str) {
        None if required => Err(ApiError::bad(format!("_action is required: {}", allowed.join(" or ")))),
        None => Ok(None),
        Some(a) if allowed.contains(&a) => Ok(Some(a)),
        Some(other) => Err(ApiError::bad(format!(
            "_action must be {}, got '{other}'",
            allowed.join(" or ")
        ))),
    }
}

/// A boolean query parameter (`true`/`false`, absent = false).
pub fn flag(params: &HashMap<String, String>, name: &str) -> ApiResult<bool> {
    match params.get(name).map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(ApiError::bad(format!("{name} must be true or false, got '{other}'"))),
    }
}
