//! The forms builder in headless Chromium, mounted without a server: a field is selected
//! and moved with the keyboard alone, each move announced in the aria-live region; undo
//! and redo (buttons and Ctrl+Z / Ctrl+Shift+Z); the JSON tab refuses what is not a
//! definition and applies what is; a definition error links to its field; the palette
//! adds a field whose label is typed next; scripts are shown, kept, and never run.

#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{
    disabled, document, mount, press, press_with, sleep_ms, testid, text, try_testid, type_into, until, Mounted,
};
use gatehouse::api::client::provide_client;
use gatehouse::pages::forms::FormEditor;
use gatehouse::session::provide_session;
use gatehouse_wire::form::RequestForm;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::Router;
use serde_json::{json, Value};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The `data-testid` of the focused element.
fn focused() -> String {
    document()
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"))
        .unwrap_or_default()
}

/// The field ids on the canvas, row by row (top-level rows only).
fn canvas_rows(root: &web_sys::Element) -> Vec<Vec<String>> {
    let Some(canvas) = try_testid(root, "builder-canvas") else {
        return Vec::new();
    };
    let rows = canvas
        .query_selector_all(":scope > [data-testid='builder-row']")
        .unwrap();
    (0..rows.length())
        .map(|i| {
            let row: web_sys::Element = rows.item(i).unwrap().unchecked_into();
            let fields = row.query_selector_all("[data-path]").unwrap();
            (0..fields.length())
                .map(|j| {
                    let f: web_sys::Element = fields.item(j).unwrap().unchecked_into();
                    f.get_attribute("data-testid")
                        .unwrap_or_default()
                        .trim_start_matches("builder-field-")
                        .to_string()
                })
                .collect()
        })
        .collect()
}

fn form(rows: Value) -> RequestForm {
    serde_json::from_value(json!({"name": "Test form", "type": "request", "form": {"fields": rows}})).unwrap()
}

fn mount_builder(form: RequestForm) -> Mounted {
    mount(move || {
        provide_client(provide_session());
        let form = form.clone();
        view! { <Router><FormEditor form=Some(form)/></Router> }.into_any()
    })
}

fn two_rows() -> RequestForm {
    form(json!([
        {"id": "r1", "fields": [{"id": "a", "type": "string", "model": "custom.a", "label": "Given name"}]},
        {"id": "r2", "fields": [{"id": "b", "type": "date", "model": "custom.b", "label": "Start"}]}
    ]))
}

#[wasm_bindgen_test]
async fn a_field_moves_with_the_keyboard_and_each_move_is_announced() {
    let m = mount_builder(two_rows());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-b").is_some()).await;
    let b = testid(&el, "builder-field-b");
    b.focus().unwrap();
    press(&b, "ArrowUp");
    sleep_ms(20).await;
    assert_eq!(canvas_rows(&el), [["a"], ["b"]], "arrows move only a selected field");

    press(&b, "Enter");
    until("selected", || {
        testid(&el, "builder-field-b").get_attribute("aria-current").as_deref() == Some("true")
    })
    .await;
    assert!(text(&el, "builder-live").starts_with("Selected Start"));
    press(&testid(&el, "builder-field-b"), "ArrowUp");
    until("moved up", || canvas_rows(&el) == [["a", "b"]]).await;
    assert_eq!(text(&el, "builder-live"), "Moved Start: row 1 of 1, position 2 of 2.");
    let live = testid(&el, "builder-live");
    assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
    until("focus follows the field", || focused() == "builder-field-b").await;

    press(&testid(&el, "builder-field-b"), "ArrowLeft");
    until("moved left", || canvas_rows(&el) == [["b", "a"]]).await;
    assert_eq!(text(&el, "builder-live"), "Moved Start: row 1 of 1, position 1 of 2.");
    press(&testid(&el, "builder-field-b"), "ArrowLeft");
    until("edge announced", || {
        text(&el, "builder-live") == "Start is already at the start of its row."
    })
    .await;
    press(&testid(&el, "builder-field-b"), "ArrowDown");
    until("own row below", || canvas_rows(&el) == [["a"], ["b"]]).await;
    // The preview follows the definition.
    let preview = testid(&el, "builder-preview");
    assert!(preview.text_content().unwrap().contains("Start"));
    assert_eq!(text(&el, "builder-dirty"), "Unsaved changes");
}

#[wasm_bindgen_test]
async fn undo_and_redo_with_buttons_and_keys() {
    let m = mount_builder(two_rows());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-b").is_some()).await;
    assert!(disabled(&el, "undo") && disabled(&el, "redo"));
    testid(&el, "builder-field-b").click();
    press(&testid(&el, "builder-field-b"), "ArrowUp");
    until("moved", || canvas_rows(&el) == [["a", "b"]]).await;

    testid(&el, "undo").click();
    until("undone", || canvas_rows(&el) == [["a"], ["b"]]).await;
    assert_eq!(text(&el, "builder-live"), "Undone.");
    assert!(disabled(&el, "undo") && !disabled(&el, "redo"));
    assert_eq!(text(&el, "builder-dirty"), "All changes saved");
    testid(&el, "redo").click();
    until("redone", || canvas_rows(&el) == [["a", "b"]]).await;

    let builder = testid(&el, "form-builder");
    press_with(&builder, "z", true, false);
    until("Ctrl+Z", || canvas_rows(&el) == [["a"], ["b"]]).await;
    press_with(&builder, "Z", true, true);
    until("Ctrl+Shift+Z", || canvas_rows(&el) == [["a", "b"]]).await;
    assert_eq!(text(&el, "builder-live"), "Redone.");
}

#[wasm_bindgen_test]
async fn the_json_tab_refuses_what_is_not_a_definition_and_applies_what_is() {
    let m = mount_builder(two_rows());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-b").is_some()).await;
    testid(&el, "tab-json").click();
    until("json tab", || try_testid(&el, "json-text").is_some()).await;
    let shown: Value = serde_json::from_str(
        &js_sys::Reflect::get(&testid(&el, "json-text"), &"value".into())
            .unwrap()
            .as_string()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(shown["fields"][1]["fields"][0]["id"], json!("b"));
    assert!(disabled(&el, "json-apply"), "nothing changed");

    type_into(&el, "json-text", "{\"fields\": [");
    until("a JSON error", || text(&el, "json-error").starts_with("Not valid JSON")).await;
    assert!(disabled(&el, "json-apply"));
    type_into(
        &el,
        "json-text",
        r#"{"fields": [{"id": "r", "fields": [{"id": "x", "type": "string", "layout": {"columns": "six"}}]}]}"#,
    );
    until("a model error", || text(&el, "json-error").contains("field 'x'")).await;
    assert_eq!(
        testid(&el, "json-text").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );

    let good = json!({"fields": [{"id": "r", "fields": [
        {"id": "c", "type": "checkbox", "model": "custom.c", "label": "Laptop", "futureProp": {"keep": true}}
    ]}], "theme": "kept"});
    type_into(&el, "json-text", &good.to_string());
    until("valid", || text(&el, "json-error").is_empty()).await;
    assert!(!disabled(&el, "json-apply"));
    testid(&el, "json-apply").click();
    until("applied", || {
        text(&el, "builder-live") == "Definition replaced from the JSON."
    })
    .await;
    testid(&el, "tab-design").click();
    until("design tab", || canvas_rows(&el) == [["c"]]).await;
    // Unknown properties survive: back in the JSON tab they are still there.
    testid(&el, "tab-json").click();
    until("json tab again", || try_testid(&el, "json-text").is_some()).await;
    let text_now = js_sys::Reflect::get(&testid(&el, "json-text"), &"value".into())
        .unwrap()
        .as_string()
        .unwrap();
    let now: Value = serde_json::from_str(&text_now).unwrap();
    assert_eq!(now, good);
    testid(&el, "undo").click();
    testid(&el, "tab-design").click();
    until("undo of the apply", || canvas_rows(&el) == [["a"], ["b"]]).await;
}

#[wasm_bindgen_test]
async fn a_definition_error_links_to_its_field() {
    let m = mount_builder(form(json!([
        {"id": "r1", "fields": [{"id": "ok", "type": "string", "model": "custom.ok"}]},
        {"id": "r2", "fields": [{"id": "pick", "type": "select", "model": "custom.pick", "label": "Pick"}]}
    ])));
    let el = m.el();
    until("errors listed", || try_testid(&el, "def-error").is_some()).await;
    assert!(text(&el, "builder-errors").contains("1 problem"));
    let link = testid(&el, "def-error");
    assert_eq!(link.text_content().unwrap(), "field 'pick': a select needs options");
    assert_eq!(link.tag_name().to_lowercase(), "button", "reachable from the keyboard");
    link.click();
    until("selected", || {
        testid(&el, "builder-field-pick")
            .get_attribute("aria-current")
            .as_deref()
            == Some("true")
    })
    .await;
    until("focused", || focused() == "builder-field-pick").await;
    // The properties panel shows the field; an option fixes the error.
    until("props", || try_testid(&el, "options-editor").is_some()).await;
    testid(&el, "option-add").click();
    until("no errors", || try_testid(&el, "def-error").is_none()).await;
    assert!(text(&el, "builder-errors").contains("No problems"));
}

#[wasm_bindgen_test]
async fn the_palette_adds_a_field_and_the_keyboard_goes_to_its_label() {
    let m = mount_builder(two_rows());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-a").is_some()).await;
    testid(&el, "builder-field-a").click();
    testid(&el, "palette-textarea").click();
    until("added under a", || canvas_rows(&el) == [["a"], ["textarea-1"], ["b"]]).await;
    assert!(text(&el, "builder-live").starts_with("Added Long text: row 2 of 3"));
    until("label focused", || focused() == "prop-label").await;
    type_into(&el, "prop-label", "Why");
    until("canvas shows the label", || {
        text(&el, "builder-field-textarea-1").contains("Why")
    })
    .await;
    until("preview shows it", || {
        testid(&el, "builder-preview").text_content().unwrap().contains("Why")
    })
    .await;
    type_into(&el, "prop-model", "custom.why");
    press(&testid(&el, "prop-model"), "Escape");
    until("back on the field", || focused() == "builder-field-textarea-1").await;
    press(&testid(&el, "builder-field-textarea-1"), "Delete");
    until("removed", || canvas_rows(&el) == [["a"], ["b"]]).await;
    assert_eq!(text(&el, "builder-live"), "Removed Why.");
}

#[wasm_bindgen_test]
async fn scripts_of_an_imported_form_are_shown_and_never_run() {
    let mut f = form(json!([{"id": "r1", "fields": [
        {"id": "a", "type": "string", "model": "custom.a", "label": "A",
         "onChangeEvent": {"type": "script", "script": "window.__ran = true;"}}
    ]}]));
    f.form.events =
        Some(serde_json::from_value(json!({"onLoad": {"type": "script", "script": "window.__ran = true;"}})).unwrap());
    let m = mount_builder(f);
    let el = m.el();
    until("scripts", || try_testid(&el, "builder-scripts").is_some()).await;
    let shown = el.query_selector_all("[data-testid='builder-script']").unwrap();
    assert_eq!(shown.length(), 2);
    assert!(text(&el, "builder-scripts").contains("never runs them"));
    let ran = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__ran".into()).unwrap();
    assert!(ran.is_undefined());
}

/// Fires an HTML5 drag event (with a `DataTransfer`, as a browser would) on an element.
fn drag(el: &web_sys::Element, kind: &str) {
    let f = js_sys::Function::new_with_args(
        "el, kind",
        "el.dispatchEvent(new DragEvent(kind, {dataTransfer: new DataTransfer(), bubbles: true, cancelable: true}))",
    );
    f.call2(&wasm_bindgen::JsValue::NULL, el, &kind.into()).unwrap();
}

#[wasm_bindgen_test]
async fn fields_are_added_and_moved_with_drag_and_drop() {
    let m = mount_builder(two_rows());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-a").is_some()).await;
    // A palette item dropped on the gap above the first row makes a new first row.
    drag(&testid(&el, "palette-date"), "dragstart");
    let gap = el.query_selector("[data-testid='builder-gap']").unwrap().unwrap();
    until("gaps light up", || gap.class_name().contains("builder-gap--active")).await;
    drag(&gap, "dragover");
    drag(&gap, "drop");
    until("added on top", || canvas_rows(&el) == [["date-1"], ["a"], ["b"]]).await;
    assert!(text(&el, "builder-live").starts_with("Added Date: row 1 of 3"));
    // A field dropped on another goes before it, in its row.
    drag(&testid(&el, "builder-field-b"), "dragstart");
    drag(&testid(&el, "builder-field-a"), "drop");
    until("moved before a", || {
        canvas_rows(&el) == vec![vec!["date-1"], vec!["b", "a"]]
    })
    .await;
    assert_eq!(text(&el, "builder-live"), "Moved Start: row 2 of 2, position 1 of 2.");
    // Dropped on a row, a field goes to its end.
    drag(&testid(&el, "builder-field-date-1"), "dragstart");
    let rows = el.query_selector_all("[data-testid='builder-row']").unwrap();
    let second: web_sys::Element = rows.item(1).unwrap().unchecked_into();
    drag(&second, "drop");
    until("moved to the end of the row", || {
        canvas_rows(&el) == [["b", "a", "date-1"]]
    })
    .await;
    testid(&el, "undo").click();
    until("undone", || canvas_rows(&el) == vec![vec!["date-1"], vec!["b", "a"]]).await;
}
