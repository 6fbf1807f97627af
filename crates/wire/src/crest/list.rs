//! The list parameters that go with `_queryFilter`: `_sortKeys`, `_fields`.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::path::{first_at, path_segments, sort_order};
use super::CrestError;

/// One `_sortKeys` entry: a path, ascending unless prefixed with `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub path: String,
    pub descending: bool,
}

/// Parses `_sortKeys` (`name,-metadata.modifiedDate`; a `+` prefix is ascending).
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
        });
    }
    Ok(keys)
}

/// Orders two documents by sort keys (every key, in turn).
pub fn compare_by(a: &Value, b: &Value, keys: &[SortKey]) -> Ordering {
    for k in keys {
        let o = sort_order(first_at(a, &k.path), first_at(b, &k.path));
        let o = if k.descending { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
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
/// `"10"` resumes after 10, not after the string "10".
pub fn is_after(doc: &Value, after: &[String], keys: &[SortKey]) -> bool {
    for (k, text) in keys.iter().zip(after) {
        let mine = first_at(doc, &k.path);
        let theirs = coerce(text, mine);
        let o = sort_order(mine, theirs.as_ref());
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
                SortKey {
                    path: "name".into(),
                    descending: false
                },
                SortKey {
                    path: "metadata.modifiedDate".into(),
                    descending: true
                },
                SortKey {
                    path: "_rev".into(),
                    descending: false
                },
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
}
