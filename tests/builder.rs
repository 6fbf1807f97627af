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
    assert_eq!(text(&el, "builder-dirty"), "Not saved yet");
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

// ---------------------------------------------------------------------------------------
// Issue 6 follow-ups.

/// Replaces `window.confirm` with one that answers `answer` and counts the questions.
fn answer_confirms(answer: std::rc::Rc<std::cell::Cell<bool>>) -> std::rc::Rc<std::cell::Cell<u32>> {
    let asked = std::rc::Rc::new(std::cell::Cell::new(0_u32));
    let counter = asked.clone();
    let confirm = wasm_bindgen::closure::Closure::<dyn Fn(wasm_bindgen::JsValue) -> bool>::new(move |_| {
        counter.set(counter.get() + 1);
        answer.get()
    });
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"confirm".into(), confirm.as_ref()).unwrap();
    confirm.forget();
    asked
}

fn json_text(el: &web_sys::Element) -> String {
    js_sys::Reflect::get(&testid(el, "json-text"), &"value".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn unsaved_changes_in_the_design_or_the_json_tab_ask_before_leaving() {
    use gatehouse::components::leave_guard::has_unsaved_changes;
    let answer = std::rc::Rc::new(std::cell::Cell::new(false));
    let asked = answer_confirms(answer.clone());
    let m = mount(move || {
        provide_client(provide_session());
        let form = two_rows();
        view! {
            <Router>
                <FormEditor form=Some(form)/>
                <a href="/somewhere-else" data-testid="away">"Elsewhere"</a>
            </Router>
        }
        .into_any()
    });
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-b").is_some()).await;
    assert!(!has_unsaved_changes());
    let start = web_sys::window().unwrap().location().pathname().unwrap();

    // A move is an unsaved change: a link asks, and refused, nothing happens.
    testid(&el, "builder-field-b").click();
    press(&testid(&el, "builder-field-b"), "ArrowUp");
    until("moved", || canvas_rows(&el) == [["a", "b"]]).await;
    assert!(has_unsaved_changes());
    testid(&el, "away").click();
    until("asked", || asked.get() == 1).await;
    assert_eq!(web_sys::window().unwrap().location().pathname().unwrap(), start);
    testid(&el, "undo").click();
    until("saved state again", || text(&el, "builder-dirty") == "Not saved yet").await;
    assert!(!has_unsaved_changes());

    // JSON typed but not applied is an unsaved change too, and survives a tab switch.
    testid(&el, "tab-json").click();
    until("json tab", || try_testid(&el, "json-text").is_some()).await;
    let typed =
        json!({"fields": [{"id": "r", "fields": [{"id": "z", "type": "string", "model": "custom.z"}]}]}).to_string();
    type_into(&el, "json-text", &typed);
    until("dirty", || text(&el, "builder-dirty") == "Unsaved changes").await;
    assert!(has_unsaved_changes());
    assert!(text(&el, "json-unapplied").contains("Not applied yet"));
    // Switching away asks; refused, the JSON tab stays.
    testid(&el, "tab-design").click();
    until("asked about the JSON", || asked.get() == 2).await;
    assert!(try_testid(&el, "json-text").is_some());
    // Agreed, the Design tab shows, and coming back the text is still there.
    answer.set(true);
    testid(&el, "tab-design").click();
    until("design tab", || try_testid(&el, "builder-canvas").is_some()).await;
    assert_eq!(asked.get(), 3);
    assert_eq!(canvas_rows(&el), [["a"], ["b"]], "not applied");
    testid(&el, "tab-json").click();
    until("json tab again", || try_testid(&el, "json-text").is_some()).await;
    assert_eq!(json_text(&el), typed);
    // Save asks before leaving the text out; refused, nothing is sent.
    answer.set(false);
    testid(&el, "builder-save").click();
    until("asked about saving", || asked.get() == 4).await;
    assert!(try_testid(&el, "builder-saved").is_none() && try_testid(&el, "error").is_none());
    // Revert drops it: nothing unsaved.
    testid(&el, "json-revert").click();
    until("clean", || text(&el, "builder-dirty") == "Not saved yet").await;
    assert!(!has_unsaved_changes());
}

#[wasm_bindgen_test]
async fn the_json_tab_lists_the_definition_s_problems_as_it_is_typed() {
    let m = mount_builder(two_rows());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-b").is_some()).await;
    testid(&el, "tab-json").click();
    until("json tab", || try_testid(&el, "json-text").is_some()).await;
    assert!(try_testid(&el, "json-finding").is_none());
    let bad = json!({"fields": [{"id": "r", "fields": [
        {"id": "pick", "type": "select", "model": "custom.pick"},
        {"id": "twice", "type": "string", "model": "custom.pick"}
    ]}]});
    type_into(&el, "json-text", &bad.to_string());
    until("the findings", || dom::all_testid(&el, "json-finding").len() == 2).await;
    let findings: Vec<String> = dom::all_testid(&el, "json-finding")
        .iter()
        .map(|f| dom::text_of(f))
        .collect();
    assert!(
        findings.iter().any(|f| f == "field 'pick': a select needs options"),
        "{findings:?}"
    );
    assert!(findings.iter().any(|f| f.contains("custom.pick")), "{findings:?}");
    assert!(text(&el, "json-findings-title").contains("2 problems"));
    assert_eq!(
        testid(&el, "json-text").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    // Fixed as typed, the list goes.
    let good = json!({"fields": [{"id": "r", "fields": [
        {"id": "pick", "type": "select", "model": "custom.pick", "options": [{"value": "a"}]}
    ]}]});
    type_into(&el, "json-text", &good.to_string());
    until("no findings", || try_testid(&el, "json-finding").is_none()).await;
}

fn with_section() -> RequestForm {
    form(json!([
        {"id": "r1", "fields": [{"id": "a", "type": "string", "model": "custom.a", "label": "Given name"}]},
        {"id": "r2", "fields": [{"id": "s", "type": "section", "header": "Laptop", "fields": [
            {"id": "r3", "fields": [{"id": "x", "type": "string", "model": "custom.x", "label": "Model"}]}
        ]}]},
        {"id": "r4", "fields": [{"id": "b", "type": "date", "model": "custom.b", "label": "Start"}]}
    ]))
}

/// Whether the field `id`'s card sits inside the section `section`'s card.
fn in_section(el: &web_sys::Element, section: &str, id: &str) -> bool {
    try_testid(el, &format!("builder-field-{section}"))
        .and_then(|s| {
            s.query_selector(&format!("[data-testid='builder-field-{id}']"))
                .unwrap()
        })
        .is_some()
}

#[wasm_bindgen_test]
async fn a_field_moves_into_a_section_with_the_keyboard() {
    let m = mount_builder(with_section());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-a").is_some()).await;
    testid(&el, "builder-field-a").click();
    press(&testid(&el, "builder-field-a"), "ArrowDown");
    until("beside the section", || {
        text(&el, "builder-live") == "Moved Given name: row 1 of 2, position 2 of 2."
    })
    .await;
    assert!(!in_section(&el, "s", "a"));
    press(&testid(&el, "builder-field-a"), "ArrowDown");
    until("into the section", || in_section(&el, "s", "a")).await;
    assert_eq!(
        text(&el, "builder-live"),
        "Moved Given name: row 1 of 2, position 1 of 1, in section Laptop."
    );
    until("focus follows", || focused() == "builder-field-a").await;
    // And up again, out of it.
    press(&testid(&el, "builder-field-a"), "ArrowUp");
    until("out of the section", || !in_section(&el, "s", "a")).await;
}

#[wasm_bindgen_test]
async fn a_field_is_dragged_into_a_section() {
    let m = mount_builder(with_section());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-b").is_some()).await;
    // Dropped on a field of the section, it goes before that field, in the section.
    drag(&testid(&el, "builder-field-b"), "dragstart");
    drag(&testid(&el, "builder-field-x"), "drop");
    until("in the section", || in_section(&el, "s", "b")).await;
    assert_eq!(
        text(&el, "builder-live"),
        "Moved Start: row 1 of 1, position 1 of 2, in section Laptop."
    );
    // Dropped on the gap inside the section, it takes a row of its own there.
    drag(&testid(&el, "builder-field-a"), "dragstart");
    let section = testid(&el, "builder-field-s");
    let gap = section.query_selector("[data-testid='builder-gap']").unwrap().unwrap();
    drag(&gap, "dragover");
    drag(&gap, "drop");
    until("a in the section too", || in_section(&el, "s", "a")).await;
    assert!(text(&el, "builder-live").contains("in section Laptop"));
    assert_eq!(canvas_rows(&el).len(), 1, "only the section's row is left at the top");
}

#[wasm_bindgen_test]
async fn repeated_moves_at_an_edge_are_each_announced() {
    let m = mount_builder(two_rows());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-a").is_some()).await;
    testid(&el, "builder-field-a").click();
    press(&testid(&el, "builder-field-a"), "ArrowUp");
    until("the edge", || {
        text(&el, "builder-live") == "Given name is already at the top of the form."
    })
    .await;
    press(&testid(&el, "builder-field-a"), "ArrowUp");
    until("said again, differently", || {
        text(&el, "builder-live") == "Given name is already at the top of the form. (2)"
    })
    .await;
}

fn with_targets() -> RequestForm {
    form(json!([
        {"id": "r1", "fields": [
            {"id": "laptop", "type": "checkbox", "model": "custom.laptop", "label": "Needs a laptop"},
            {"id": "size", "type": "select", "model": "custom.size", "label": "Size",
             "options": [{"label": "Small", "value": "1"}, {"label": "Large", "value": "2"}]}
        ]},
        {"id": "r2", "fields": [{"id": "why", "type": "string", "model": "custom.why", "label": "Why"}]}
    ]))
}

fn pick(root: &web_sys::Element, id: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = testid(root, id).unchecked_into();
    select.set_value(value);
    assert_eq!(select.value(), value, "{id} has no option {value}");
    dom::fire(&select, "change");
}

fn preview_has(el: &web_sys::Element, id: &str) -> bool {
    testid(el, "builder-preview")
        .query_selector(&format!("[data-testid='{id}']"))
        .unwrap()
        .is_some()
}

#[wasm_bindgen_test]
async fn the_visible_when_editor_takes_its_value_from_the_watched_field() {
    let m = mount_builder(with_targets());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-why").is_some()).await;
    testid(&el, "builder-field-why").click();
    until("props", || try_testid(&el, "prop-visible-model").is_some()).await;
    assert!(preview_has(&el, "field-custom.why"));
    // Watching the checkbox: "is checked" to start with, so the field hides until it is.
    pick(&el, "prop-visible-model", "custom.laptop");
    until("a flag", || {
        try_testid(&el, "prop-visible-equals").is_some_and(|e| e.tag_name() == "SELECT")
    })
    .await;
    let equals: web_sys::HtmlSelectElement = testid(&el, "prop-visible-equals").unchecked_into();
    assert_eq!(equals.value(), "true");
    until("hidden in the preview", || !preview_has(&el, "field-custom.why")).await;
    let laptop: web_sys::HtmlInputElement =
        testid(&testid(&el, "builder-preview"), "field-custom.laptop").unchecked_into();
    laptop.set_checked(true);
    dom::fire(&laptop, "change");
    until("shown once checked", || preview_has(&el, "field-custom.why")).await;
    // "is not checked": the other way round.
    pick(&el, "prop-visible-equals", "false");
    until("hidden while checked", || !preview_has(&el, "field-custom.why")).await;

    // Watching the select: its options, and the value stays the text "1".
    pick(&el, "prop-visible-model", "custom.size");
    until("the options", || text(&el, "prop-visible-equals").contains("Small")).await;
    let equals: web_sys::HtmlSelectElement = testid(&el, "prop-visible-equals").unchecked_into();
    assert_eq!(equals.value(), "0", "the first option to start with");
    pick(&testid(&el, "builder-preview"), "field-custom.size", "0");
    until("shown for Small", || preview_has(&el, "field-custom.why")).await;
    testid(&el, "tab-json").click();
    until("json", || try_testid(&el, "json-text").is_some()).await;
    let def: Value = serde_json::from_str(&json_text(&el)).unwrap();
    assert_eq!(
        def["fields"][1]["fields"][0]["visibleWhen"],
        json!({"model": "custom.size", "equals": "1"})
    );
    testid(&el, "tab-design").click();
    until("design", || try_testid(&el, "builder-canvas").is_some()).await;
    // Always shown again: the rule goes.
    testid(&el, "builder-field-why").click();
    until("props", || try_testid(&el, "prop-visible-model").is_some()).await;
    pick(&el, "prop-visible-model", "");
    until("no rule", || try_testid(&el, "prop-visible-equals-none").is_some()).await;
}

#[wasm_bindgen_test]
async fn the_options_editor_switches_to_a_lookup_and_back_without_losing_either() {
    let m = mount_builder(with_targets());
    let el = m.el();
    until("the canvas", || try_testid(&el, "builder-field-size").is_some()).await;
    testid(&el, "builder-field-size").click();
    until("options", || try_testid(&el, "options-list").is_some()).await;
    assert_eq!(dom::all_testid(&el, "option-row").len(), 2);

    testid(&el, "options-lookup").click();
    until("lookup mode", || try_testid(&el, "prop-lookup-object").is_some()).await;
    pick(&el, "prop-lookup-object", "role");
    type_into(&el, "prop-lookup-filter", r#"name sw "Fin""#);
    until("the filter applies", || text(&el, "lookup-filter-error").is_empty()).await;
    // A filter the role search cannot read, and one people cannot be searched by, are named.
    type_into(&el, "prop-lookup-filter", "name sw");
    until("unreadable", || {
        text(&el, "lookup-filter-error").contains("queryFilter")
    })
    .await;
    pick(&el, "prop-lookup-object", "user");
    type_into(&el, "prop-lookup-filter", r#"accountStatus eq "active""#);
    until("not for people", || {
        text(&el, "lookup-filter-error").contains("accountStatus")
    })
    .await;
    assert_eq!(
        testid(&el, "prop-lookup-filter")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    type_into(&el, "prop-lookup-filter", r#"userName sw "a""#);
    until("fine for people", || text(&el, "lookup-filter-error").is_empty()).await;

    // Back to the list: both options are there; and the look-up comes back as left.
    testid(&el, "options-static").click();
    until("the list", || dom::all_testid(&el, "option-row").len() == 2).await;
    let second: web_sys::HtmlInputElement = testid(&el, "option-label-1").unchecked_into();
    assert_eq!(second.value(), "Large");
    testid(&el, "options-lookup").click();
    until("lookup again", || try_testid(&el, "prop-lookup-filter").is_some()).await;
    let filter: web_sys::HtmlInputElement = testid(&el, "prop-lookup-filter").unchecked_into();
    assert_eq!(filter.value(), r#"userName sw "a""#);
    let object: web_sys::HtmlSelectElement = testid(&el, "prop-lookup-object").unchecked_into();
    assert_eq!(object.value(), "user");
    // The preview's look-up says what it is narrowed to.
    until("the preview note", || {
        text(&el, "lookup-note-custom.size").contains(r#"userName sw "a""#)
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_preview_starts_a_field_afresh_when_its_default_or_model_changes() {
    let m = mount_builder(form(json!([
        {"id": "r1", "fields": [{"id": "a", "type": "string", "model": "custom.a", "label": "City", "defaultValue": "Oslo"}]}
    ])));
    let el = m.el();
    until("the preview", || try_testid(&el, "field-custom.a").is_some()).await;
    let input = || -> web_sys::HtmlInputElement {
        testid(&testid(&el, "builder-preview"), "form-renderer")
            .query_selector("input")
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    until("the default", || input().value() == "Oslo").await;
    dom::type_into_el(&input(), "typed");
    // A label change keeps what was typed.
    testid(&el, "builder-field-a").click();
    until("props", || try_testid(&el, "prop-default").is_some()).await;
    type_into(&el, "prop-label", "Town");
    until("relabelled", || {
        testid(&el, "builder-preview").text_content().unwrap().contains("Town")
    })
    .await;
    assert_eq!(input().value(), "typed");
    // A new default replaces it.
    type_into(&el, "prop-default", "Bergen");
    until("the new default", || input().value() == "Bergen").await;
    // A new model starts from the default too.
    dom::type_into_el(&input(), "typed again");
    type_into(&el, "prop-model", "custom.town");
    until("the default at the new model", || input().value() == "Bergen").await;
}

#[wasm_bindgen_test]
async fn a_new_form_says_it_is_not_saved_yet_until_it_is() {
    let m = mount(move || {
        provide_client(provide_session());
        view! { <Router><FormEditor form=None/></Router> }.into_any()
    });
    let el = m.el();
    until("the palette", || try_testid(&el, "palette-textarea").is_some()).await;
    assert_eq!(text(&el, "builder-title"), "New request form");
    assert_eq!(text(&el, "builder-dirty"), "Not saved yet");
    testid(&el, "palette-textarea").click();
    until("a change", || text(&el, "builder-dirty") == "Unsaved changes").await;
    testid(&el, "undo").click();
    until("back to nothing", || text(&el, "builder-dirty") == "Not saved yet").await;
}
