//! The pure logic of the settings editor, apart from the DOM: the JSON Patch from what
//! was loaded to the draft (exactly what is sent), each operation as old → new for a
//! person to read, the server's error texts put back on the fields they name, and what
//! "overwrite" sends after a conflict: your changes rebased onto their version.

use std::collections::BTreeMap;

use json_patch::{Patch, PatchOperation};
use serde::Serialize;
use serde_json::Value;

/// The document as JSON (a settings document always serializes).
pub fn to_json<D: Serialize>(doc: &D) -> Value {
    serde_json::to_value(doc).unwrap_or(Value::Null)
}

/// The JSON Patch that turns `from` into `to` (empty when they are the same).
pub fn patch_between(from: &Value, to: &Value) -> Patch {
    json_patch::diff(from, to)
}

/// Your changes on top of someone else's: the patch from `loaded` (what you started
/// from) to `draft` (what you made of it), applied to `theirs` (what the server has
/// now). Answers the document that gives, and the patch from theirs to it (what an
/// overwrite sends): fields they changed and you did not touch keep their values; where
/// you both changed one, yours wins. An error when one of your changes no longer fits
/// their version (a list entry they removed), naming it.
pub fn rebase(loaded: &Value, draft: &Value, theirs: &Value) -> Result<(Value, Patch), String> {
    let mine = patch_between(loaded, draft);
    let mut out = theirs.clone();
    // On a copy: a failure leaves `out` half-patched, and it is dropped.
    json_patch::patch_unsafe(&mut out, &mine).map_err(|e| {
        let path = mine
            .0
            .get(e.operation)
            .map(|op| op.path().to_string())
            .unwrap_or_default();
        format!(
            "your change at {} does not fit their version any more ({}); reload and make it again",
            if path.is_empty() { "/" } else { &path },
            e.kind
        )
    })?;
    let send = patch_between(theirs, &out);
    Ok((out, send))
}

/// One operation of a patch as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// `add`, `remove`, `replace`, ...
    pub op: &'static str,
    /// The JSON Pointer (`/maximumAttempts`, `/range/1`).
    pub path: String,
    /// The value there before (`None`: there was none).
    pub old: Option<String>,
    /// The value there after (`None`: removed).
    pub new: Option<String>,
}

fn show(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Each operation of `patch` (applied to `from`) as old → new.
pub fn describe(from: &Value, patch: &Patch) -> Vec<FieldChange> {
    patch
        .0
        .iter()
        .map(|op| {
            let path = op.path().as_str().to_string();
            let old = from.pointer(&path).map(show);
            let (name, new) = match op {
                PatchOperation::Add(a) => ("add", Some(show(&a.value))),
                PatchOperation::Remove(_) => ("remove", None),
                PatchOperation::Replace(r) => ("replace", Some(show(&r.value))),
                PatchOperation::Move(_) => ("move", None),
                PatchOperation::Copy(_) => ("copy", None),
                PatchOperation::Test(t) => ("test", Some(show(&t.value))),
            };
            FieldChange {
                op: name,
                path,
                old,
                new,
            }
        })
        .collect()
}

/// The server's refusal, put back where it belongs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerErrors {
    /// Messages by the field they name.
    pub fields: BTreeMap<String, String>,
    /// Messages that name no known field.
    pub general: Vec<String>,
}

/// The known field a segment starts with: `field: …` (the server's `describe`) or
/// `field …` (a single rule's own text).
fn leading_field<'a>(segment: &'a str, fields: &[&str]) -> Option<(String, &'a str)> {
    fields.iter().find_map(|f| {
        let rest = segment.strip_prefix(f)?;
        if let Some(message) = rest.strip_prefix(": ") {
            Some((f.to_string(), message))
        } else if rest.starts_with(' ') {
            Some((f.to_string(), segment))
        } else {
            None
        }
    })
}

/// A known field named anywhere in the text, as a whole word.
fn mentioned_field(text: &str, fields: &[&str]) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).collect();
    fields.iter().find(|f| words.contains(f)).map(|f| f.to_string())
}

/// Maps the texts of a 400 onto `fields`. The server joins several broken rules as
/// `field: message; field: message`; a message may itself contain `; `, so a segment
/// that starts with no field continues the one before it.
pub fn map_server_errors(texts: &[String], fields: &[&str]) -> ServerErrors {
    let mut out = ServerErrors::default();
    for text in texts {
        let mut entries: Vec<(Option<String>, String)> = Vec::new();
        for segment in text.split("; ") {
            match leading_field(segment, fields) {
                Some((field, message)) => entries.push((Some(field), message.to_string())),
                None => match entries.last_mut() {
                    Some((_, message)) => {
                        message.push_str("; ");
                        message.push_str(segment);
                    }
                    None => entries.push((mentioned_field(segment, fields), segment.to_string())),
                },
            }
        }
        for (field, message) in entries {
            match field {
                Some(field) => {
                    let slot = out.fields.entry(field).or_default();
                    if !slot.is_empty() {
                        slot.push_str("; ");
                    }
                    slot.push_str(&message);
                }
                None => out.general.push(message),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    const LOCKOUT: &[&str] = &["maximumAttempts", "lockoutWindow", "lockoutDuration"];
    const NETWORK: &[&str] = &["range", "geolocation", "whitelisted"];

    #[wasm_bindgen_test]
    fn no_change_is_an_empty_patch() {
        let doc = json!({"maximumAttempts": 5, "lockoutDuration": 15, "lockoutWindow": 5});
        assert!(patch_between(&doc, &doc).0.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_changed_field_is_one_replace_with_old_and_new() {
        let from = json!({"maximumAttempts": 5, "lockoutDuration": 15, "lockoutWindow": 5});
        let to = json!({"maximumAttempts": 7, "lockoutDuration": 15, "lockoutWindow": 5});
        let patch = patch_between(&from, &to);
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!([{"op": "replace", "path": "/maximumAttempts", "value": 7}])
        );
        assert_eq!(
            describe(&from, &patch),
            vec![FieldChange {
                op: "replace",
                path: "/maximumAttempts".into(),
                old: Some("5".into()),
                new: Some("7".into()),
            }]
        );
        // Applying the patch to what was loaded gives the draft.
        let mut doc = from.clone();
        json_patch::patch(&mut doc, &patch).unwrap();
        assert_eq!(doc, to);
    }

    #[wasm_bindgen_test]
    fn list_changes_are_adds_and_removes() {
        let from = json!({"range": ["10.0.0.0/8", "127.0.0.1"], "geolocation": null, "whitelisted": false});
        let to = json!({"range": ["10.0.0.0/8"], "geolocation": ["US"], "whitelisted": true});
        let patch = patch_between(&from, &to);
        let changes = describe(&from, &patch);
        assert!(changes.contains(&FieldChange {
            op: "remove",
            path: "/range/1".into(),
            old: Some("\"127.0.0.1\"".into()),
            new: None,
        }));
        assert!(changes.contains(&FieldChange {
            op: "replace",
            path: "/geolocation".into(),
            old: Some("null".into()),
            new: Some("[\"US\"]".into()),
        }));
        let mut doc = from.clone();
        json_patch::patch(&mut doc, &patch).unwrap();
        assert_eq!(doc, to);
    }

    #[wasm_bindgen_test]
    fn overwriting_rebases_my_changes_onto_theirs() {
        // Both started from window 5 and attempts 5; they saved window 30; I changed attempts.
        let loaded = json!({"maximumAttempts": 5, "lockoutDuration": 15, "lockoutWindow": 5});
        let draft = json!({"maximumAttempts": 9, "lockoutDuration": 15, "lockoutWindow": 5});
        let theirs = json!({"maximumAttempts": 5, "lockoutDuration": 15, "lockoutWindow": 30});
        let (out, send) = rebase(&loaded, &draft, &theirs).unwrap();
        // Their window stays; only my field is sent.
        assert_eq!(
            out,
            json!({"maximumAttempts": 9, "lockoutDuration": 15, "lockoutWindow": 30})
        );
        assert_eq!(
            serde_json::to_value(&send).unwrap(),
            json!([{"op": "replace", "path": "/maximumAttempts", "value": 9}])
        );
        // The old way (theirs → my draft) would have put their window back to 5.
        assert_eq!(patch_between(&theirs, &draft).0.len(), 2);
        // Where we both changed a field, mine wins.
        let theirs = json!({"maximumAttempts": 3, "lockoutDuration": 15, "lockoutWindow": 5});
        assert_eq!(rebase(&loaded, &draft, &theirs).unwrap().0["maximumAttempts"], json!(9));
        // Nothing of mine left to send when they made the same change.
        let (_, send) = rebase(&loaded, &draft, &draft).unwrap();
        assert!(send.0.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_change_that_no_longer_fits_their_version_is_named() {
        let loaded = json!({"range": ["10.0.0.0/8", "127.0.0.1"]});
        let draft = json!({"range": ["10.0.0.0/8", "127.0.0.1", "192.168.0.0/16"]});
        let theirs = json!({"range": null});
        let e = rebase(&loaded, &draft, &theirs).unwrap_err();
        assert!(e.contains("/range/2") && e.contains("reload"), "{e}");
        // A list they added to takes my addition at my index, on top of theirs.
        let theirs = json!({"range": ["10.0.0.0/8", "127.0.0.1", "172.16.0.0/12"]});
        let (out, _) = rebase(&loaded, &draft, &theirs).unwrap();
        assert_eq!(out["range"].as_array().unwrap().len(), 4);
    }

    #[wasm_bindgen_test]
    fn server_texts_go_back_to_their_fields() {
        let text = "maximumAttempts: maximumAttempts must be between 1 and 15, got 0; \
                    lockoutDuration: lockoutDuration must be between 5 and 60, got 1"
            .to_string();
        let mapped = map_server_errors(&[text], LOCKOUT);
        assert_eq!(
            mapped.fields.get("maximumAttempts").map(String::as_str),
            Some("maximumAttempts must be between 1 and 15, got 0")
        );
        assert_eq!(
            mapped.fields.get("lockoutDuration").map(String::as_str),
            Some("lockoutDuration must be between 5 and 60, got 1")
        );
        assert!(mapped.general.is_empty());
    }

    #[wasm_bindgen_test]
    fn a_message_with_its_own_semicolon_stays_whole() {
        let text = "range: this change would shut out the address making it (127.0.0.1); \
                    add a range that contains it, or leave range empty for no restriction"
            .to_string();
        let mapped = map_server_errors(&[text], NETWORK);
        assert_eq!(mapped.fields.len(), 1);
        assert!(mapped.fields["range"].ends_with("leave range empty for no restriction"));
        assert!(mapped.fields["range"].starts_with("this change would shut out"));
    }

    #[wasm_bindgen_test]
    fn bare_rule_texts_and_unknown_texts() {
        let mapped = map_server_errors(
            &[
                "maximumAttempts must be between 1 and 15, got 99".to_string(),
                "the body is not a JSON Patch".to_string(),
                "invalid value for lockoutWindow in the patched document".to_string(),
            ],
            LOCKOUT,
        );
        assert_eq!(
            mapped.fields["maximumAttempts"],
            "maximumAttempts must be between 1 and 15, got 99"
        );
        assert_eq!(
            mapped.fields["lockoutWindow"],
            "invalid value for lockoutWindow in the patched document"
        );
        assert_eq!(mapped.general, vec!["the body is not a JSON Patch".to_string()]);
    }

    #[wasm_bindgen_test]
    fn two_messages_for_one_field_are_joined() {
        let text = "range: 'x' is not an IP address or CIDR range; range: 'y' is not an IP address or CIDR range";
        let mapped = map_server_errors(&[text.to_string()], NETWORK);
        assert_eq!(
            mapped.fields["range"],
            "'x' is not an IP address or CIDR range; 'y' is not an IP address or CIDR range"
        );
    }
}
