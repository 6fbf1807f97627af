//! The list parameters that go with `_queryFilter`: `_sortKeys`, `_sortType`, `_fields`,
//! and the envelope a list answers ([`ListPage`]).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::path::{first_at, path_segments, sort_order};
use super::CrestError;
use crate::request::instant;

/// How a sort key reads its values (`_sortType`).
///
/// - `Natural` (no `_sortType`): as they are ([`sort_order`]: numbers by value, strings
///   as text ignoring case).
/// - `Date`: as instants: RFC 3339 date-times with any offset and fraction, `YYYY-MM-DD`
///   dates as midnight UTC, numbers as Unix milliseconds; so `10:00+02:00` sorts before
///   `09:00Z`.
/// - `Integer`: as numbers, strings that hold one included; so `"9"` sorts before `"10"`.
///
/// Under `Date` and `Integer`, absent and null values come first, then the values read
/// (in their order), then values that cannot be read so (in their natural order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortType {
    #[default]
    Natural,
    Date,
    Integer,
}

impl SortType {
    /// Reads `_sortType`: `date`, `integer`, or empty (natural).
    pub fn parse(text: &str) -> Result<SortType, CrestError> {
        match text.trim() {
            "" => Ok(SortType::Natural),
            "date" => Ok(SortType::Date),
            "integer" => Ok(SortType::Integer),
            other => Err(CrestError::new(format!(
                "_sortType must be date or integer, got '{other}'"
            ))),
        }
    }
}

/// One `_sortKeys` entry: a path, ascending unless prefixed with `-`, and how its values
/// are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub path: String,
    pub descending: bool,
    pub sort_type: SortType,
}

impl SortKey {
    /// An ascending key that reads its values as they are.
    pub fn ascending(path: &str) -> SortKey {
        SortKey {
            path: path.to_string(),
            descending: false,
            sort_type: SortType::Natural,
        }
    }
}

/// A value as a `Date` or `Integer` sort reads it.
#[derive(Debug, Clone, Copy)]
enum Read {
    Whole(i128),
    Real(f64),
}

impl Read {
    fn cmp(self, other: Read) -> Ordering {
        match (self, other) {
            (Read::Whole(a), Read::Whole(b)) => a.cmp(&b),
            (a, b) => a.real().partial_cmp(&b.real()).unwrap_or(Ordering::Equal),
        }
    }

    fn real(self) -> f64 {
        match self {
            Read::Whole(n) => n as f64,
            Read::Real(x) => x,
        }
    }
}

fn number(n: &Number) -> Option<Read> {
    n.as_i64()
        .map(|i| Read::Whole(i.into()))
        .or_else(|| n.as_u64().map(|u| Read::Whole(u.into())))
        .or_else(|| n.as_f64().filter(|x| x.is_finite()).map(Read::Real))
}

fn read(v: Option<&Value>, sort_type: SortType) -> Option<Read> {
    match (sort_type, v?) {
        (SortType::Integer, Value::Number(n)) => number(n),
        (SortType::Integer, Value::String(s)) => {
            let s = s.trim();
            s.parse::<i128>()
                .ok()
                .map(Read::Whole)
                .or_else(|| s.parse::<f64>().ok().filter(|x| x.is_finite()).map(Read::Real))
        }
        (SortType::Date, Value::Number(n)) => n.as_i64().map(|ms| Read::Whole(i128::from(ms) * 1_000_000)),
        (SortType::Date, Value::String(s)) => {
            instant(s).map(|(secs, nanos)| Read::Whole(i128::from(secs) * 1_000_000_000 + i128::from(nanos)))
        }
        _ => None,
    }
}

/// Orders two values as a sort type reads them (see [`SortType`]).
pub fn typed_order(a: Option<&Value>, b: Option<&Value>, sort_type: SortType) -> Ordering {
    if sort_type == SortType::Natural {
        return sort_order(a, b);
    }
    let missing = |v: Option<&Value>| matches!(v, None | Some(Value::Null));
    match (read(a, sort_type), read(b, sort_type)) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) if missing(b) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) if missing(a) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => sort_order(a, b),
    }
}

/// Parses `_sortKeys` (`name,-metadata.modifiedDate`; a `+` prefix is ascending); the
/// keys read their values as they are until a `_sortType` is given to them.
pub fn parse_sort_keys(text: &str) -> Result<Vec<SortKey>, CrestError> {
    let mut keys = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (descending, path) = match part.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, part.strip_prefix('+').unwrap_or(part)),
        };
        path_segments(path).map_err(|e| CrestError::new(format!("_sortKeys: {}", e.message)))?;
        keys.push(SortKey {
            path: path.to_string(),
            descending,
            sort_type: SortType::Natural,
        });
    }
    Ok(keys)
}

/// Orders two documents by sort keys (every key, in turn).
pub fn compare_by(a: &Value, b: &Value, keys: &[SortKey]) -> Ordering {
    for k in keys {
        let o = typed_order(first_at(a, &k.path), first_at(b, &k.path), k.sort_type);
        let o = if k.descending { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// The IGA list envelope `{result, resultCount, searchAfterKey, totalCount}` (the fields
/// declared in the order the answer has always had them). `searchAfterKey` holds the
/// sort values of the page's last entry while more follow (see [`sort_values`]), else
/// null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListPage<T = Value> {
    pub result: Vec<T>,
    #[serde(default)]
    pub result_count: usize,
    #[serde(default)]
    pub search_after_key: Option<Vec<Value>>,
    #[serde(default)]
    pub total_count: usize,
}

/// The values of a document's sort keys, as `searchAfterKey` reports them (absent → null).
pub fn sort_values(doc: &Value, keys: &[SortKey]) -> Vec<Value> {
    keys.iter()
        .map(|k| first_at(doc, &k.path).cloned().unwrap_or(Value::Null))
        .collect()
}

/// Splits `_searchAfter` (the sort values of the last entry seen, comma separated).
pub fn parse_search_after(text: &str) -> Vec<String> {
    text.split(',').map(|p| p.trim().to_string()).collect()
}

/// Whether a document sorts strictly after the entry whose sort values were given as
/// `_searchAfter` text. Each text is read as the kind of value the document holds there
/// (a number for a number, `true`/`false` for a boolean, `null` or nothing for none), so
/// `"10"` resumes after 10, not after the string "10"; a key's sort type reads both.
pub fn is_after(doc: &Value, after: &[String], keys: &[SortKey]) -> bool {
    for (k, text) in keys.iter().zip(after) {
        let mine = first_at(doc, &k.path);
        let theirs = coerce(text, mine);
        let o = typed_order(mine, theirs.as_ref(), k.sort_type);
        let o = if k.descending { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o == Ordering::Greater;
        }
    }
    false
}

fn coerce(text: &str, like: Option<&Value>) -> Option<Value> {
    if text.is_empty() || text == "null" {
        return None;
    }
    let typed = match like {
        Some(Value::Number(_)) => serde_json::from_str::<serde_json::Number>(text).ok().map(Value::Number),
        Some(Value::Bool(_)) => text.parse::<bool>().ok().map(Value::Bool),
        _ => None,
    };
    Some(typed.unwrap_or_else(|| Value::String(text.to_string())))
}

/// Parses `_fields` (comma-separated dot or slash paths).
pub fn parse_fields(text: &str) -> Result<Vec<String>, CrestError> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        path_segments(part).map_err(|e| CrestError::new(format!("_fields: {}", e.message)))?;
        out.push(part.to_string());
    }
    Ok(out)
}

/// The document with only the given paths kept (arrays on the way keep, for each
/// element, the rest of the path). Paths that reach nothing are left out.
pub fn project(doc: &Value, paths: &[String]) -> Value {
    let mut out = Value::Object(Map::new());
    for p in paths {
        if let Ok(segs) = path_segments(p) {
            if let Some(part) = project_one(doc, &segs) {
                merge(&mut out, part);
            }
        }
    }
    out
}

fn project_one(v: &Value, segs: &[String]) -> Option<Value> {
    let Some((first, rest)) = segs.split_first() else {
        return Some(v.clone());
    };
    match v {
        Value::Object(map) => {
            let inner = project_one(map.get(first)?, rest)?;
            let mut m = Map::new();
            m.insert(first.clone(), inner);
            Some(Value::Object(m))
        }
        Value::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|item| project_one(item, segs).unwrap_or(Value::Object(Map::new())))
                .collect(),
        )),
        _ => None,
    }
}

fn merge(into: &mut Value, part: Value) {
    match (into, part) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (x, y) in a.iter_mut().zip(b) {
                merge(x, y);
            }
        }
        (slot, part) => *slot = part,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crest::parse_sort_keys;
    use serde_json::json;
    #[test]
    fn sort_keys_fields_and_projection() {
        assert_eq!(
            parse_sort_keys("name,-metadata.modifiedDate,+_rev").unwrap(),
            vec![
                SortKey::ascending("name"),
                SortKey {
                    descending: true,
                    ..SortKey::ascending("metadata.modifiedDate")
                },
                SortKey::ascending("_rev"),
            ]
        );
        assert!(parse_sort_keys("a..b").is_err());
        let mut docs = [
            json!({"name": "b", "n": 2}),
            json!({"name": "A", "n": 10}),
            json!({"n": 1}),
            json!({"name": "c", "n": 2}),
        ];
        docs.sort_by(|a, b| compare_by(a, b, &parse_sort_keys("name").unwrap()));
        assert_eq!(
            docs.iter().map(|d| d["n"].as_i64().unwrap()).collect::<Vec<_>>(),
            vec![1, 10, 2, 2]
        );
        docs.sort_by(|a, b| compare_by(a, b, &parse_sort_keys("-n,name").unwrap()));
        assert_eq!(
            docs.iter().map(|d| d["name"].clone()).collect::<Vec<_>>(),
            vec![json!("A"), json!("b"), json!("c"), Value::Null]
        );

        let doc = json!({"id": "1", "name": "x", "metadata": {"createdDate": "c", "modifiedDate": "m"}, "rows": [{"id": "a", "x": 1}, {"id": "b"}]});
        let fields = parse_fields("name, metadata.createdDate,rows/id,missing").unwrap();
        assert_eq!(
            project(&doc, &fields),
            json!({"name": "x", "metadata": {"createdDate": "c"}, "rows": [{"id": "a"}, {"id": "b"}]})
        );
    }

    #[test]
    fn search_after_resumes_strictly_after_the_given_values() {
        let keys = parse_sort_keys("-n,id").unwrap();
        let docs = [
            json!({"id": "a", "n": 10}),
            json!({"id": "b", "n": 10}),
            json!({"id": "c", "n": 9}),
            json!({"id": "d"}),
        ];
        assert_eq!(sort_values(&docs[0], &keys), vec![json!(10), json!("a")]);
        assert_eq!(sort_values(&docs[3], &keys), vec![Value::Null, json!("d")]);
        let after = parse_search_after("10,a");
        let kept: Vec<&str> = docs
            .iter()
            .filter(|d| is_after(d, &after, &keys))
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        assert_eq!(kept, vec!["b", "c", "d"]);
        // Nothing sorts after the last entry; everything sorts after a value before the first.
        assert!(!docs.iter().any(|d| is_after(d, &parse_search_after("null,d"), &keys)));
        assert!(docs.iter().all(|d| is_after(d, &parse_search_after("11,z"), &keys)));
        // Strings compare as strings, ignoring case first.
        let by_name = parse_sort_keys("name").unwrap();
        assert!(is_after(
            &json!({"name": "Bob"}),
            &parse_search_after("alice"),
            &by_name
        ));
        assert!(!is_after(
            &json!({"name": "Alice"}),
            &parse_search_after("alice"),
            &by_name
        ));
    }

    fn typed(keys: &str, sort_type: &str) -> Vec<SortKey> {
        let sort_type = SortType::parse(sort_type).unwrap();
        parse_sort_keys(keys)
            .unwrap()
            .into_iter()
            .map(|k| SortKey { sort_type, ..k })
            .collect()
    }

    fn order_of(docs: &[Value], keys: &[SortKey]) -> Vec<String> {
        let mut docs = docs.to_vec();
        docs.sort_by(|a, b| compare_by(a, b, keys));
        docs.iter().map(|d| d["id"].as_str().unwrap().to_string()).collect()
    }

    #[test]
    fn sort_type_is_date_integer_or_nothing() {
        assert_eq!(SortType::parse(""), Ok(SortType::Natural));
        assert_eq!(SortType::parse(" date "), Ok(SortType::Date));
        assert_eq!(SortType::parse("integer"), Ok(SortType::Integer));
        let e = SortType::parse("number").unwrap_err();
        assert!(
            e.message.contains("_sortType") && e.message.contains("'number'"),
            "{e:?}"
        );
        assert_eq!(parse_sort_keys("a").unwrap()[0].sort_type, SortType::Natural);
    }

    #[test]
    fn integer_sorts_numbers_and_strings_that_hold_them_by_value() {
        let docs = [
            json!({"id": "ten", "n": "10"}),
            json!({"id": "nine", "n": " 9"}),
            json!({"id": "hundred", "n": 100}),
            json!({"id": "half", "n": "9.5"}),
            json!({"id": "minus", "n": "-3"}),
            json!({"id": "word", "n": "many"}),
            json!({"id": "flag", "n": true}),
            json!({"id": "none"}),
            json!({"id": "null", "n": null}),
        ];
        assert_eq!(
            order_of(&docs, &typed("n,id", "integer")),
            ["none", "null", "minus", "nine", "half", "ten", "hundred", "flag", "word"],
            "absent first, then by value, then what is no number"
        );
        assert_eq!(
            order_of(&docs, &typed("-n,id", "integer"))[..6],
            ["word", "flag", "hundred", "ten", "half", "nine"]
        );
        // As text, "10" sorts before " 9" and 100 (a number) before every string.
        assert_eq!(
            order_of(&docs, &parse_sort_keys("n,id").unwrap())[..5],
            ["none", "null", "flag", "hundred", "nine"]
        );
        // _searchAfter reads its text the same way: after "9" come 9.5, 10 and 100.
        let keys = typed("n", "integer");
        let after: Vec<&str> = docs
            .iter()
            .filter(|d| is_after(d, &parse_search_after("9"), &keys))
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        assert_eq!(after, ["ten", "hundred", "half", "word", "flag"]);
    }

    #[test]
    fn date_sorts_instants_across_offsets_and_precisions() {
        let docs = [
            json!({"id": "plus5", "at": "2026-06-01T09:00:00+05:00"}),
            json!({"id": "five", "at": "2026-06-01T05:00:00Z"}),
            json!({"id": "day", "at": "2026-06-01"}),
            json!({"id": "almost", "at": "2026-06-01T04:59:59.999Z"}),
            json!({"id": "later", "at": "2026-06-01T05:00:00.5Z"}),
            json!({"id": "millis", "at": 1_780_290_000_000i64}),
            json!({"id": "never", "at": "soon"}),
            json!({"id": "none"}),
        ];
        // 09:00+05:00 is 04:00Z; 1780290000000 ms is 2026-06-01T05:00:00Z, the instant of "five".
        assert_eq!(
            order_of(&docs, &typed("at,id", "date")),
            ["none", "day", "plus5", "almost", "five", "millis", "later", "never"]
        );
        assert_eq!(
            order_of(&docs, &typed("-at", "date"))[..3],
            ["never", "later", "five"],
            "descending (equal instants keep their order)"
        );
        // As text the offset is ignored and "2026-06-01T09..." comes last of the strings.
        let natural = order_of(&docs, &parse_sort_keys("at,id").unwrap());
        assert_eq!(natural[..3], ["none", "millis", "day"]);
        let keys = typed("at", "date");
        assert!(is_after(
            &docs[1],
            &parse_search_after("2026-06-01T09:00:00+05:00"),
            &keys
        ));
        assert!(!is_after(&docs[0], &parse_search_after("2026-06-01T04:30:00Z"), &keys));
        assert!(is_after(&docs[0], &parse_search_after("2026-06-01T03:59:59Z"), &keys));
    }

    #[test]
    fn a_list_page_keeps_its_bytes_and_reads_back() {
        let last = ListPage {
            result: vec![json!({"id": "a"})],
            result_count: 1,
            search_after_key: None,
            total_count: 3,
        };
        let text = serde_json::to_string(&last).unwrap();
        assert_eq!(
            text, r#"{"result":[{"id":"a"}],"resultCount":1,"searchAfterKey":null,"totalCount":3}"#,
            "no more pages: searchAfterKey is null, not absent"
        );
        assert_eq!(serde_json::from_str::<ListPage>(&text).unwrap(), last);
        let more = ListPage::<Value> {
            search_after_key: Some(vec![json!("Ada"), json!("a")]),
            ..last
        };
        assert_eq!(
            serde_json::to_value(&more).unwrap()["searchAfterKey"],
            json!(["Ada", "a"])
        );
    }
}
