//! Paths into JSON documents (JSON pointers or dot paths), the values they reach, and
//! how values compare (for filters) and order (for sorting).

use std::cmp::Ordering;

use serde_json::{Number, Value};

use super::{CmpOp, CrestError};

/// The segments of a path: a JSON pointer when it contains `/` (leading `/` optional,
/// `~1` is `/` and `~0` is `~`), otherwise a dot path.
pub fn path_segments(path: &str) -> Result<Vec<String>, CrestError> {
    let path = path.trim();
    let segs: Vec<String> = if path.contains('/') {
        path.strip_prefix('/')
            .unwrap_or(path)
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect()
    } else {
        path.split('.').map(str::to_string).collect()
    };
    if segs.iter().any(String::is_empty) {
        return Err(CrestError::new(format!(
            "'{path}' is not a field path: it has an empty segment"
        )));
    }
    Ok(segs)
}

/// Every value a path reaches in `doc`, looking into each element of the arrays on the
/// way and at the end (an array-valued field yields its elements and itself).
pub fn resolve<'a>(doc: &'a Value, path: &str) -> Vec<&'a Value> {
    let Ok(mut segs) = path_segments(path) else {
        return Vec::new();
    };
    if segs.first().map(String::as_str) == Some("_id") && doc.get("_id").is_none() {
        segs[0] = "id".to_string();
    }
    let mut current = vec![doc];
    for seg in &segs {
        let mut next = Vec::new();
        for v in current {
            match v {
                Value::Object(map) => next.extend(map.get(seg)),
                Value::Array(items) => {
                    if let Ok(i) = seg.parse::<usize>() {
                        next.extend(items.get(i));
                    } else {
                        next.extend(items.iter().filter_map(|item| item.get(seg)));
                    }
                }
                _ => {}
            }
        }
        current = next;
    }
    let mut out = Vec::new();
    for v in current {
        if let Value::Array(items) = v {
            out.extend(items.iter());
        }
        out.push(v);
    }
    out
}

/// The first value a path reaches (what sorting uses).
pub fn first_at<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    let segs = path_segments(path).ok()?;
    let mut v = doc;
    for (i, seg) in segs.iter().enumerate() {
        let key = if i == 0 && seg == "_id" && doc.get("_id").is_none() {
            "id"
        } else {
            seg.as_str()
        };
        v = match v {
            Value::Object(map) => map.get(key)?,
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

pub(super) fn compare(found: &Value, op: CmpOp, wanted: &Value) -> bool {
    match op {
        CmpOp::Eq => order(found, wanted) == Some(Ordering::Equal),
        CmpOp::Co => match (found, wanted) {
            (Value::String(f), Value::String(w)) => f.to_lowercase().contains(&w.to_lowercase()),
            _ => false,
        },
        CmpOp::Sw => match (found, wanted) {
            (Value::String(f), Value::String(w)) => f.to_lowercase().starts_with(&w.to_lowercase()),
            _ => false,
        },
        CmpOp::Gt => order(found, wanted) == Some(Ordering::Greater),
        CmpOp::Ge => matches!(order(found, wanted), Some(Ordering::Greater | Ordering::Equal)),
        CmpOp::Lt => order(found, wanted) == Some(Ordering::Less),
        CmpOp::Le => matches!(order(found, wanted), Some(Ordering::Less | Ordering::Equal)),
    }
}

/// Orders two values of the same kind (strings ignoring case, numbers by value); `None`
/// for values of different kinds (a comparison between them is false).
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.to_lowercase().cmp(&y.to_lowercase())),
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => {
            (a == b).then_some(Ordering::Equal)
        }
        _ => None,
    }
}

fn num_cmp(x: &Number, y: &Number) -> Option<Ordering> {
    match (x.as_i64(), y.as_i64()) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => x.as_f64()?.partial_cmp(&y.as_f64()?),
    }
}

/// A total order over JSON values for sorting: absent and null first, then booleans,
/// numbers, strings (ignoring case, then exactly), arrays and objects.
pub fn sort_order(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Bool(_)) => 1,
            Some(Value::Number(_)) => 2,
            Some(Value::String(_)) => 3,
            Some(Value::Array(_)) => 4,
            Some(Value::Object(_)) => 5,
        }
    }
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()).then(x.cmp(y)),
        (Some(x @ (Value::Number(_) | Value::Bool(_))), Some(y)) if rank(Some(x)) == rank(Some(y)) => {
            order(x, y).unwrap_or(Ordering::Equal)
        }
        (Some(x @ (Value::Array(_) | Value::Object(_))), Some(y)) if rank(Some(x)) == rank(Some(y)) => {
            x.to_string().cmp(&y.to_string())
        }
        _ => rank(a).cmp(&rank(b)),
    }
}
