//! The governance admin pages' pieces in headless Chromium, mounted with no server: a
//! request type's schemas edited as JSON show the parser's error with its line and
//! column, and shape problems with the path of the broken part, as the admin types.

#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{document, mount, testid, try_testid, type_into};
use gatehouse::pages::settings::request_type_schemas::SchemasEditor;
use leptos::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Like [`dom::until`], and on failure says what the schemas editor shows.
async fn until(what: &str, pred: impl FnMut() -> bool) {
    if dom::poll(pred).await {
        return;
    }
    let shown = document()
        .query_selector("[data-testid='schemas-json']")
        .ok()
        .flatten()
        .and_then(|e| e.parent_element())
        .and_then(|e| e.parent_element())
        .map(|e| e.text_content().unwrap_or_default());
    panic!("never: {what}; the page says {shown:?}");
}

fn error_text(el: &web_sys::Element) -> Option<String> {
    try_testid(el, "schemas-error").map(|e| e.text_content().unwrap_or_default())
}

/// The paths of every problem shown.
fn all_errors(el: &web_sys::Element) -> Vec<String> {
    let list = el.query_selector_all("[data-testid='schemas-error']").unwrap();
    (0..list.length())
        .map(|i| {
            let t = list.item(i).unwrap().text_content().unwrap_or_default();
            t.split(':').next().unwrap_or_default().to_string()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn schema_problems_show_where_they_are_while_typing() {
    let text = RwSignal::new(r#"{"common": [], "custom": []}"#.to_string());
    let m = mount(move || view! { <SchemasEditor text=text/> }.into_any());
    let el = m.el();
    until("valid at first", || try_testid(&el, "schemas-ok").is_some()).await;
    assert_eq!(
        testid(&el, "schemas-json").get_attribute("aria-invalid").as_deref(),
        Some("false")
    );

    // A JSON syntax error: the parser's message with the line and column.
    type_into(&el, "schemas-json", "{\n  \"common\": [\n}");
    until("a parse error", || error_text(&el).is_some()).await;
    let e = error_text(&el).unwrap();
    assert!(e.starts_with("schemas: not valid JSON"), "{e}");
    assert!(e.contains("line 3"), "{e}");
    assert!(try_testid(&el, "schemas-ok").is_none());
    assert_eq!(
        testid(&el, "schemas-json").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        text.get_untracked(),
        "{\n  \"common\": [\n}",
        "the text is kept as typed"
    );

    // Valid JSON of the wrong shape: the path of the broken part.
    type_into(&el, "schemas-json", r#"{"common": [{"type": "text"}], "custom": []}"#);
    until("a shape error", || {
        error_text(&el).is_some_and(|e| e.starts_with("schemas.common[0]: is not a property"))
    })
    .await;
    type_into(
        &el,
        "schemas-json",
        r#"{"common": [{"name": "a", "type": "colour"}], "custom": [{"name": "a"}, {"name": "a"}]}"#,
    );
    until("every problem listed", || {
        all_errors(&el) == ["schemas.common[0].type", "schemas.custom[1].name"]
    })
    .await;
    type_into(&el, "schemas-json", r#"{"common": [], "custom": "none"}"#);
    until("a list error", || {
        error_text(&el).is_some_and(|e| e == "schemas.custom: must be an array of properties")
    })
    .await;
    type_into(&el, "schemas-json", r#"{"comon": []}"#);
    until("an unknown list", || {
        error_text(&el).is_some_and(|e| e.starts_with("schemas.comon"))
    })
    .await;

    // Fixed: valid again.
    type_into(
        &el,
        "schemas-json",
        r#"{"common": [], "custom": [{"name": "costCentre", "displayName": "Cost centre", "type": "text", "required": true}]}"#,
    );
    until("valid again", || try_testid(&el, "schemas-ok").is_some()).await;
    assert!(error_text(&el).is_none());
}
