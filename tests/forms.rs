//! The request-form renderer in headless Chromium, mounted with a definition and no
//! server: every field type is shown on the grid, required and regex rules (the browser's
//! own `RegExp`) are checked as the person types and on submit, `visibleWhen` hides a
//! field, and the values build the nested body keyed by model path.

#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{fire, mount, testid, text, tick, try_testid, type_into};
use gatehouse::forms::FormRenderer;
use gatehouse::pages::forms::FormView;
use gatehouse_wire::form::{FormDefinition, RequestForm};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use serde_json::{json, Value};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("../crates/server/seed/pingone-form-example.json");

fn set_checked(root: &web_sys::Element, id: &str, on: bool) {
    let input: web_sys::HtmlInputElement = testid(root, id).unchecked_into();
    input.set_checked(on);
    fire(&input, "change");
}

fn choose(root: &web_sys::Element, id: &str, index: &str) {
    let select: web_sys::HtmlSelectElement = testid(root, id).unchecked_into();
    select.set_value(index);
    fire(&select, "change");
}

fn submit(root: &web_sys::Element) {
    testid(root, "form-submit").click();
}

/// The form renderer, mounted, with its values and what it sent.
struct Rendered {
    mounted: dom::Mounted,
    values: RwSignal<Value>,
    sent: RwSignal<Option<Value>>,
}

impl Rendered {
    fn el(&self) -> web_sys::Element {
        self.mounted.el()
    }
}

fn example() -> FormDefinition {
    serde_json::from_str::<RequestForm>(EXAMPLE).unwrap().form
}

fn definition(rows: Value) -> FormDefinition {
    serde_json::from_value(json!({ "fields": rows })).unwrap()
}

fn mount_form(definition: FormDefinition) -> Rendered {
    let values = RwSignal::new(json!({}));
    let sent = RwSignal::new(None::<Value>);
    let mounted = mount(move || {
        let definition = Signal::stored(definition.clone());
        let on_submit = Callback::new(move |body: Value| sent.set(Some(body)));
        view! { <FormRenderer definition=definition values=values on_submit=on_submit/> }.into_any()
    });
    Rendered { mounted, values, sent }
}

#[wasm_bindgen_test]
async fn every_field_type_of_the_example_is_shown_on_the_grid() {
    let mut def = example();
    def.fields[0]
        .fields
        .push(serde_json::from_value(json!({"id": "x1", "type": "signature", "layout": {"columns": 12}})).unwrap());
    let m = mount_form(def);
    let el = m.el();
    tick().await;

    let tag = |id: &str| testid(&el, id).tag_name().to_lowercase();
    let kind = |id: &str| testid(&el, id).get_attribute("type").unwrap_or_default();
    assert_eq!(
        (tag("field-custom.givenName"), kind("field-custom.givenName")),
        ("input".into(), "text".into())
    );
    assert_eq!(tag("field-custom.notes"), "textarea");
    assert_eq!(kind("field-custom.laptop"), "checkbox");
    assert_eq!(kind("field-custom.startDate"), "date");
    assert_eq!(tag("field-custom.position"), "select");
    let position: web_sys::HtmlSelectElement = testid(&el, "field-custom.position").unchecked_into();
    assert_eq!(position.length(), 3, "a blank choice and the two options");
    assert_eq!(position.value(), "0", "the option selected by default");
    assert_eq!(tag("field-custom.groups"), "fieldset");
    assert_eq!(text(&el, "label-custom.groups").trim(), "Groups (optional)");
    assert_eq!(kind("field-custom.groups-option-1"), "checkbox");
    // Without an API client (no shell), a lookup select is a text box for the id, with a note.
    assert_eq!(kind("field-custom.manager"), "text");
    assert!(text(&el, "lookup-note-custom.manager").contains("user"));
    // Form text, the section's header, descriptions and "(optional)" on labels.
    assert_eq!(text(&el, "form-text-f6"), "Optional details.");
    assert!(text(&el, "section-f5").contains("More"));
    assert_eq!(text(&el, "label-custom.givenName").trim(), "Given Name");
    assert_eq!(text(&el, "label-custom.notes").trim(), "Notes (optional)");
    assert!(el.text_content().unwrap().contains("First Name"));
    // An unknown type is a clear notice, not a silent gap.
    assert!(text(&el, "unknown-field").contains("'signature'"));
    // The grid: placement by class, no inline styles anywhere.
    let cell = testid(&el, "field-custom.phone")
        .closest(".form-cell")
        .unwrap()
        .unwrap();
    assert_eq!(cell.class_name(), "form-cell start-7 col-6");
    let cell = testid(&el, "field-custom.laptop")
        .closest(".form-cell")
        .unwrap()
        .unwrap();
    assert_eq!(cell.class_name(), "form-cell start-9 col-4");
    assert_eq!(el.query_selector_all("[style]").unwrap().length(), 0);
    // Defaults are in the values.
    assert_eq!(
        m.values.get_untracked(),
        json!({"custom": {"position": "one", "notes": "", "laptop": false}})
    );
}

#[wasm_bindgen_test]
async fn required_and_regex_rules_show_as_the_person_types_and_on_submit() {
    let m = mount_form(example());
    let el = m.el();
    tick().await;
    assert_eq!(text(&el, "error-custom.givenName"), "", "nothing shown before a change");

    type_into(&el, "field-custom.phone", "5551234");
    tick().await;
    assert_eq!(text(&el, "error-custom.phone"), "Fix phone");
    let phone = testid(&el, "field-custom.phone");
    assert_eq!(phone.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&el, "field-custom.phone", "555-1234");
    tick().await;
    assert_eq!(text(&el, "error-custom.phone"), "");
    assert_eq!(phone.get_attribute("aria-invalid").as_deref(), Some("false"));

    submit(&el);
    tick().await;
    assert_eq!(text(&el, "error-custom.givenName"), "Given Name is required");
    assert_eq!(text(&el, "error-custom.manager"), "Manager is required");
    assert!(text(&el, "form-error-summary").starts_with("2 fields need attention"));
    assert_eq!(m.sent.get_untracked(), None, "nothing is sent while errors remain");

    type_into(&el, "field-custom.givenName", "Ada");
    tick().await;
    assert_eq!(text(&el, "error-custom.givenName"), "");
    type_into(&el, "field-custom.givenName", "  ");
    tick().await;
    assert_eq!(text(&el, "error-custom.givenName"), "Given Name is required");
}

#[wasm_bindgen_test]
async fn a_field_is_shown_only_while_its_visible_when_holds() {
    let m = mount_form(definition(json!([{"id": "r1", "fields": [
        {"id": "f1", "type": "checkbox", "model": "custom.more", "label": "More", "defaultValue": false},
        {"id": "f2", "type": "string", "model": "custom.other", "label": "Other",
         "validation": {"required": true}, "visibleWhen": {"model": "custom.more", "equals": true}}
    ]}])));
    let el = m.el();
    tick().await;
    assert!(try_testid(&el, "field-custom.other").is_none());
    submit(&el);
    tick().await;
    assert_eq!(
        m.sent.get_untracked(),
        Some(json!({"custom": {"more": false}})),
        "a hidden required field is not required"
    );

    set_checked(&el, "field-custom.more", true);
    tick().await;
    assert!(try_testid(&el, "field-custom.other").is_some());
    assert_eq!(
        text(&el, "error-custom.other"),
        "Other is required",
        "after a submit every error shows"
    );

    set_checked(&el, "field-custom.more", false);
    tick().await;
    assert!(try_testid(&el, "field-custom.other").is_none());
}

#[wasm_bindgen_test]
async fn the_values_build_the_nested_body() {
    let m = mount_form(example());
    let el = m.el();
    tick().await;
    type_into(&el, "field-custom.givenName", "Ada");
    type_into(&el, "field-custom.phone", "555-1234");
    choose(&el, "field-custom.position", "1");
    type_into(&el, "field-custom.manager", "u-7");
    set_checked(&el, "field-custom.laptop", true);
    set_checked(&el, "field-custom.groups-option-1", true);
    set_checked(&el, "field-custom.groups-option-0", true);
    type_into(&el, "field-custom.startDate", "2026-02-28");
    tick().await;
    submit(&el);
    tick().await;
    assert_eq!(
        m.sent.get_untracked(),
        Some(json!({"custom": {
            "givenName": "Ada", "phone": "555-1234", "position": "other", "manager": "u-7",
            "laptop": true, "groups": ["sales", "it"], "startDate": "2026-02-28", "notes": ""
        }}))
    );
    assert!(try_testid(&el, "form-error-summary").is_none());
}

#[wasm_bindgen_test]
async fn an_invalid_pattern_is_an_error_not_a_crash() {
    let m = mount_form(definition(json!([{"id": "r1", "fields": [
        {"id": "f1", "type": "string", "model": "code", "label": "Code",
         "validation": {"regex": {"pattern": "([a-z]"}}}
    ]}])));
    let el = m.el();
    type_into(&el, "field-code", "abc");
    tick().await;
    assert!(text(&el, "error-code").starts_with("the pattern of Code is not a valid regular expression"));
}

fn mount_page(raw: Value) -> Rendered {
    let mounted = mount(move || view! { <FormView raw=raw.clone()/> }.into_any());
    Rendered {
        mounted,
        values: RwSignal::new(Value::Null),
        sent: RwSignal::new(None),
    }
}

#[wasm_bindgen_test]
async fn the_form_page_shows_the_preview_beside_the_stored_json() {
    let raw: Value = serde_json::from_str(EXAMPLE).unwrap();
    let m = mount_page(raw.clone());
    let el = m.el();
    tick().await;
    assert_eq!(text(&el, "form-name"), "new-user");
    assert_eq!(text(&el, "form-type"), "request");
    let shown: Value = serde_json::from_str(&text(&el, "form-json")).unwrap();
    assert_eq!(shown, raw, "the JSON is the stored form, unchanged");
    assert!(try_testid(&el, "field-custom.givenName").is_some());

    type_into(&el, "field-custom.givenName", "Ada");
    type_into(&el, "field-custom.phone", "555-1234");
    type_into(&el, "field-custom.manager", "u-1");
    tick().await;
    submit(&el);
    tick().await;
    let body: Value = serde_json::from_str(&text(&el, "form-preview-body")).unwrap();
    assert_eq!(body["custom"]["givenName"], json!("Ada"));
    assert_eq!(body["custom"]["position"], json!("one"));
}

#[wasm_bindgen_test]
async fn a_definition_the_model_cannot_read_is_named_and_its_json_still_shown() {
    let raw = json!({"id": "x", "name": "broken", "type": "request",
        "form": {"fields": [{"id": "r", "fields": [{"id": "f", "type": "string", "layout": {"columns": "six"}}]}]}});
    let m = mount_page(raw);
    let el = m.el();
    tick().await;
    assert!(text(&el, "form-unreadable").contains("field 'f'"));
    assert!(text(&el, "form-json").contains("\"six\""));
}

#[wasm_bindgen_test]
async fn read_only_fields_show_their_default_and_form_text_is_never_markup() {
    let m = mount_form(definition(json!([{"id": "r1", "fields": [
        {"id": "f1", "type": "string", "model": "custom.code", "label": "Code", "readOnly": true,
         "defaultValue": "C-42", "layout": {"columns": 4, "offset": 4}},
        {"id": "f2", "type": "checkbox", "model": "custom.ok", "label": "OK", "readOnly": true, "defaultValue": true},
        {"id": "f3", "type": "formText", "formText": "<img src=x onerror=alert(1)><script>alert(2)</script>"}
    ]}])));
    let el = m.el();
    tick().await;
    let code: web_sys::HtmlInputElement = testid(&el, "field-custom.code").unchecked_into();
    assert!(code.read_only());
    assert_eq!(code.value(), "C-42");
    assert_eq!(
        code.closest(".form-cell").unwrap().unwrap().class_name(),
        "form-cell start-5 col-4"
    );
    let ok: web_sys::HtmlInputElement = testid(&el, "field-custom.ok").unchecked_into();
    assert!(ok.disabled() && ok.checked());
    assert!(text(&el, "form-text-f3").contains("<script>"));
    assert!(el.query_selector("img, script").unwrap().is_none());
    assert_eq!(
        m.values.get_untracked(),
        json!({"custom": {"code": "C-42", "ok": true}})
    );
}
