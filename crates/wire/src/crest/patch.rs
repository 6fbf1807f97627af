//! CREST PATCH: `[{operation, field, value}]` applied to a copy of a document.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::CrestError;

/// A CREST patch operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PatchOp {
    Add,
    Replace,
    Remove,
    Copy,
    Move,
    Increment,
    Transform,
}

impl PatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "add",
            Self::Replace => "replace",
            Self::Remove => "remove",
            Self::Copy => "copy",
            Self::Move => "move",
            Self::Increment => "increment",
            Self::Transform => "transform",
        }
    }
}

/// One element of a CREST PATCH body: `{operation, field, value}` (`from` for copy and
/// move).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatchOperation {
    pub operation: PatchOp,
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// Segments of a patch `field` (a JSON pointer; the leading `/` may be left out). The
/// document root cannot be patched.
fn pointer(field: &str, n: usize, what: &str) -> Result<Vec<String>, CrestError> {
    let f = field.trim();
    if f.is_empty() || f == "/" {
        return Err(CrestError::new(format!(
            "operation {n}: {what} must name a field such as /name, not the whole document"
        )));
    }
    let body = f.strip_prefix('/').unwrap_or(f);
    let segs: Vec<String> = body
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    if segs.iter().any(String::is_empty) {
        return Err(CrestError::new(format!(
            "operation {n}: {what} '{field}' has an empty segment"
        )));
    }
    Ok(segs)
}

fn get_path<'a>(doc: &'a Value, segs: &[String]) -> Option<&'a Value> {
    segs.iter().try_fold(doc, |v, s| match v {
        Value::Object(m) => m.get(s),
        Value::Array(a) => a.get(s.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The parent container of a path, created as objects where missing when `create`.
fn parent_mut<'a>(doc: &'a mut Value, segs: &[String], create: bool, n: usize) -> Result<&'a mut Value, CrestError> {
    let mut v = doc;
    for s in &segs[..segs.len() - 1] {
        v = match v {
            Value::Object(m) => {
                if !m.contains_key(s) {
                    if !create {
                        return Err(CrestError::new(format!("operation {n}: '{s}' does not exist")));
                    }
                    m.insert(s.clone(), Value::Object(Map::new()));
                }
                m.get_mut(s)
                    .ok_or_else(|| CrestError::new(format!("operation {n}: '{s}' does not exist")))?
            }
            Value::Array(a) => {
                let len = a.len();
                s.parse::<usize>().ok().and_then(|i| a.get_mut(i)).ok_or_else(|| {
                    CrestError::new(format!("operation {n}: index '{s}' is outside the array of {len}"))
                })?
            }
            _ => {
                return Err(CrestError::new(format!(
                    "operation {n}: '{s}' is inside a value that is neither an object nor an array"
                )))
            }
        };
    }
    Ok(v)
}

fn add_at(doc: &mut Value, segs: &[String], value: Value, n: usize) -> Result<(), CrestError> {
    let last = &segs[segs.len() - 1];
    let parent = parent_mut(doc, segs, true, n)?;
    match parent {
        Value::Object(m) => {
            match (m.get_mut(last), value) {
                // CREST: adding an array to an array field appends its values.
                (Some(Value::Array(existing)), Value::Array(more)) => existing.extend(more),
                (_, value) => {
                    m.insert(last.clone(), value);
                }
            }
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            match last.parse::<usize>() {
                Ok(i) if i <= a.len() => {
                    a.insert(i, value);
                    Ok(())
                }
                _ => Err(CrestError::new(format!(
                    "operation {n}: '{last}' is not an index of the array (0..={}, or - to append)",
                    a.len()
                ))),
            }
        }
        _ => Err(CrestError::new(format!(
            "operation {n}: the parent of '{last}' is neither an object nor an array"
        ))),
    }
}

fn remove_at(doc: &mut Value, segs: &[String], n: usize) -> Result<Option<Value>, CrestError> {
    let last = &segs[segs.len() - 1];
    let Ok(parent) = parent_mut(doc, segs, false, n) else {
        return Ok(None);
    };
    Ok(match parent {
        Value::Object(m) => m.remove(last),
        Value::Array(a) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => Some(a.remove(i)),
            _ => None,
        },
        _ => None,
    })
}

/// Applies CREST patch operations to a copy of `doc`; the first failing operation fails
/// the whole patch (its number, from 0, is in the message) and `doc` is untouched.
pub fn apply_patch(doc: &Value, ops: &[PatchOperation]) -> Result<Value, CrestError> {
    let mut out = doc.clone();
    for (n, op) in ops.iter().enumerate() {
        let segs = pointer(&op.field, n, "field")?;
        let need_value = || {
            op.value
                .clone()
                .ok_or_else(|| CrestError::new(format!("operation {n} ({}) needs a value", op.operation.as_str())))
        };
        match op.operation {
            PatchOp::Add => add_at(&mut out, &segs, need_value()?, n)?,
            PatchOp::Replace => {
                let value = need_value()?;
                remove_at(&mut out, &segs, n)?;
                // replace of an array element keeps its place
                if let Some(Value::Array(a)) = get_path(&out, &segs[..segs.len() - 1]) {
                    let i = segs[segs.len() - 1].parse::<usize>().ok();
                    if i.is_some_and(|i| i > a.len()) {
                        return Err(CrestError::new(format!(
                            "operation {n}: index '{}' is outside the array",
                            segs[segs.len() - 1]
                        )));
                    }
                }
                add_at(&mut out, &segs, value, n)?;
            }
            PatchOp::Remove => match (&op.value, get_path(&out, &segs)) {
                // CREST: remove with a value on an array field removes those values.
                (Some(v), Some(Value::Array(_))) => {
                    let drop: Vec<Value> = match v {
                        Value::Array(vs) => vs.clone(),
                        one => vec![one.clone()],
                    };
                    if let Ok(Value::Object(m)) = parent_mut(&mut out, &segs, false, n) {
                        if let Some(Value::Array(a)) = m.get_mut(&segs[segs.len() - 1]) {
                            a.retain(|x| !drop.contains(x));
                        }
                    }
                }
                _ => {
                    remove_at(&mut out, &segs, n)?;
                }
            },
            PatchOp::Copy | PatchOp::Move => {
                let from_text = op.from.as_deref().ok_or_else(|| {
                    CrestError::new(format!(
                        "operation {n} ({}) needs 'from', the field to take the value from",
                        op.operation.as_str()
                    ))
                })?;
                let from = pointer(from_text, n, "from")?;
                if op.operation == PatchOp::Move && segs.len() > from.len() && segs[..from.len()] == from[..] {
                    return Err(CrestError::new(format!(
                        "operation {n} (move): cannot move '{from_text}' inside itself"
                    )));
                }
                let value = get_path(&out, &from)
                    .cloned()
                    .ok_or_else(|| CrestError::new(format!("operation {n}: 'from' {from_text} does not exist")))?;
                if op.operation == PatchOp::Move {
                    remove_at(&mut out, &from, n)?;
                }
                remove_at(&mut out, &segs, n)?;
                add_at(&mut out, &segs, value, n)?;
            }
            PatchOp::Increment => {
                let by_value = need_value()?;
                let by = by_value
                    .as_f64()
                    .ok_or_else(|| CrestError::new(format!("operation {n} (increment): the value must be a number")))?;
                let current = get_path(&out, &segs).cloned();
                let next = match current {
                    Some(Value::Number(c)) => match (c.as_i64(), by_value.as_i64()) {
                        (Some(a), Some(b)) => a
                            .checked_add(b)
                            .map(Value::from)
                            .ok_or_else(|| CrestError::new(format!("operation {n} (increment) overflows")))?,
                        _ => Number::from_f64(c.as_f64().unwrap_or(0.0) + by)
                            .map(Value::Number)
                            .ok_or_else(|| CrestError::new(format!("operation {n} (increment) is not a number")))?,
                    },
                    _ => {
                        return Err(CrestError::new(format!(
                            "operation {n} (increment): '{}' is not a number field",
                            op.field
                        )))
                    }
                };
                remove_at(&mut out, &segs, n)?;
                add_at(&mut out, &segs, next, n)?;
            }
            PatchOp::Transform => {
                return Err(CrestError::new(format!(
                    "operation {n} (transform) is not supported: Gatehouse does not run scripts"
                )))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[test]
    fn patch_operations() {
        let doc = json!({"name": "a", "n": 1, "list": [1, 2], "obj": {"k": "v"}});
        let op = |operation, field: &str, value: Option<Value>| PatchOperation {
            operation,
            field: field.into(),
            value,
            from: None,
        };
        let out = apply_patch(
            &doc,
            &[
                op(PatchOp::Replace, "/name", Some(json!("b"))),
                op(PatchOp::Add, "/list", Some(json!([3]))),
                op(PatchOp::Add, "/list/-", Some(json!(4))),
                op(PatchOp::Add, "/list/0", Some(json!(0))),
                op(PatchOp::Add, "/new/deep", Some(json!(true))),
                op(PatchOp::Replace, "created", Some(json!("x"))),
                op(PatchOp::Remove, "/obj/k", None),
                op(PatchOp::Remove, "/absent", None),
                op(PatchOp::Increment, "/n", Some(json!(5))),
                op(PatchOp::Remove, "/list", Some(json!(2))),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"name": "b", "n": 6, "list": [0, 1, 3, 4], "obj": {}, "new": {"deep": true}, "created": "x"})
        );
        let copy = PatchOperation {
            operation: PatchOp::Copy,
            field: "/copy".into(),
            value: None,
            from: Some("/obj".into()),
        };
        let moved = PatchOperation {
            operation: PatchOp::Move,
            field: "/moved".into(),
            value: None,
            from: Some("/name".into()),
        };
        let out = apply_patch(&doc, &[copy, moved]).unwrap();
        assert_eq!(out["copy"], json!({"k": "v"}));
        assert_eq!(out["moved"], json!("a"));
        assert!(out.get("name").is_none());
        // Failures name the operation and leave the document alone.
        let e = apply_patch(&doc, &[op(PatchOp::Increment, "/name", Some(json!(1)))]).unwrap_err();
        assert!(
            e.message.contains("operation 0") && e.message.contains("not a number"),
            "{e}"
        );
        let e = apply_patch(
            &doc,
            &[
                op(PatchOp::Replace, "/name", Some(json!(1))),
                op(PatchOp::Transform, "/n", Some(json!({}))),
            ],
        )
        .unwrap_err();
        assert!(e.message.contains("operation 1 (transform)"), "{e}");
        assert!(apply_patch(&doc, &[op(PatchOp::Add, "/name", None)])
            .unwrap_err()
            .message
            .contains("needs a value"));
        assert!(apply_patch(&doc, &[op(PatchOp::Remove, "/", None)])
            .unwrap_err()
            .message
            .contains("whole document"));
        let body: Vec<PatchOperation> =
            serde_json::from_value(json!([{"operation": "replace", "field": "/name", "value": "z"}])).unwrap();
        assert_eq!(apply_patch(&doc, &body).unwrap()["name"], "z");
        assert!(serde_json::from_value::<Vec<PatchOperation>>(json!([{"operation": "test", "field": "/a"}])).is_err());
    }
}
