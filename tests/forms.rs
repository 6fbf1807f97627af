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

// ---------------------------------------------------------------------------------------
// Issue 6 follow-ups: checkboxes start unticked (false), look-ups apply their filter and
// honour readOnly, and the forms list.

#[wasm_bindgen_test]
async fn an_unticked_checkbox_is_false_so_a_rule_on_false_shows_its_field() {
    let m = mount_form(definition(json!([{"id": "r1", "fields": [
        {"id": "f1", "type": "checkbox", "model": "custom.own", "label": "I have my own laptop"},
        {"id": "f2", "type": "string", "model": "custom.why", "label": "What do you need",
         "visibleWhen": {"model": "custom.own", "equals": false}}
    ]}])));
    let el = m.el();
    dom::until("the dependent field", || try_testid(&el, "field-custom.why").is_some()).await;
    type_into(&el, "field-custom.why", "a laptop");
    submit(&el);
    dom::until("sent", || m.sent.get_untracked().is_some()).await;
    assert_eq!(
        m.sent.get_untracked(),
        Some(json!({"custom": {"own": false, "why": "a laptop"}})),
        "the unticked box is in the body"
    );
    set_checked(&el, "field-custom.own", true);
    dom::until("hidden once ticked", || try_testid(&el, "field-custom.why").is_none()).await;
}

fn mount_with_client(definition: FormDefinition, values: Value) -> Rendered {
    let values = RwSignal::new(values);
    let sent = RwSignal::new(None::<Value>);
    let mounted = mount(move || {
        gatehouse::api::client::provide_client(gatehouse::session::provide_session());
        let definition = Signal::stored(definition.clone());
        view! { <FormRenderer definition=definition values=values/> }.into_any()
    });
    Rendered { mounted, values, sent }
}

#[wasm_bindgen_test]
async fn a_read_only_lookup_cannot_be_changed() {
    let m = mount_with_client(
        definition(json!([{"id": "r1", "fields": [
            {"id": "f1", "type": "multiselect", "model": "custom.approvers", "label": "Approvers", "readOnly": true,
             "options": {"object": "user", "queryFilter": "true"}}
        ]}])),
        json!({"custom": {"approvers": ["u1", "u2"]}}),
    );
    let el = m.el();
    dom::until("the chips", || dom::all_testid(&el, "lookup-chip").len() == 2).await;
    assert!(
        try_testid(&el, "lookup-remove").is_none(),
        "no ✕ on a read-only look-up"
    );
    let input: web_sys::HtmlInputElement = testid(&el, "field-custom.approvers").unchecked_into();
    assert!(input.read_only());
    input.focus().unwrap();
    fire(&input, "focus");
    tick().await;
    assert_eq!(input.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(text(&el, "lookup-note-custom.approvers").contains("Read-only"));
    assert_eq!(m.values.get_untracked(), json!({"custom": {"approvers": ["u1", "u2"]}}));
}

#[wasm_bindgen_test]
async fn a_lookup_says_what_it_is_narrowed_to_and_offers_nothing_it_cannot_narrow() {
    let m = mount_with_client(
        definition(json!([{"id": "r1", "fields": [
            {"id": "f1", "type": "select", "model": "custom.lead", "label": "Lead",
             "options": {"object": "user", "queryFilter": "userName sw \"demo-\""}},
            {"id": "f2", "type": "select", "model": "custom.other", "label": "Other",
             "options": {"object": "user", "queryFilter": "accountStatus eq \"active\""}}
        ]}])),
        json!({}),
    );
    let el = m.el();
    dom::until("the notes", || try_testid(&el, "lookup-note-custom.other").is_some()).await;
    assert!(
        text(&el, "lookup-note-custom.lead").contains("among those matching userName sw \"demo-\""),
        "{}",
        text(&el, "lookup-note-custom.lead")
    );
    let other = text(&el, "lookup-note-custom.other");
    assert!(
        other.starts_with("Nothing can be offered here") && other.contains("accountStatus"),
        "{other}"
    );
    // Typing asks for nothing it cannot filter: no request, no options, no network error.
    let before = testid(&el, "field-custom.other");
    type_into(&el, "field-custom.other", "ad");
    dom::until("the list opened", || {
        testid(&el, "field-custom.other")
            .get_attribute("aria-expanded")
            .as_deref()
            == Some("true")
    })
    .await;
    assert_eq!(
        m.values.get_untracked(),
        json!({"custom": {"other": "ad"}}),
        "an id can still be typed"
    );
    assert!(try_testid(&el, "lookup-option").is_none());
    assert!(try_testid(&el, "lookup-error").is_none());
    // Typing in a look-up does not redraw the form (which took the focus away).
    let now = testid(&el, "field-custom.other");
    assert!(before.is_same_node(Some(&now)), "the same input, not a new one");
}

use gatehouse::api::assignments::{RequestTypeName, TargetNames};
use gatehouse::api::forms::{FormPage, FormSummary, ListQuery};
use gatehouse::pages::forms::{first_query, query_from_url, query_href, FormList, FormSearch, WhereUsed};

fn summary(id: &str, name: &str, kind: &str) -> FormSummary {
    FormSummary {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        description: Some(format!("About {name}")),
    }
}

struct ListMount {
    mounted: dom::Mounted,
    query: RwSignal<ListQuery>,
    deleted: RwSignal<Vec<(String, u64)>>,
    copied: RwSignal<Vec<String>>,
}

fn mount_list(can_edit: bool) -> ListMount {
    let query = RwSignal::new(first_query());
    let (deleted, copied) = (RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
    let page = FormPage {
        result: vec![
            summary("f1", "access-justification", "request"),
            summary("f2", "github-account", "applicationRequest"),
        ],
        total_count: 30,
    };
    let used = WhereUsed {
        by_form: [(
            "f1".to_string(),
            vec!["entitlement/e7".to_string(), "requestType/roleGrant".to_string()],
        )]
        .into_iter()
        .collect(),
        names: TargetNames {
            types: vec![RequestTypeName {
                id: "roleGrant".into(),
                display_name: Some("Grant Role".into()),
            }],
            items: vec![("entitlement", "e7".to_string(), "VPN Users".to_string())],
        },
    };
    let mounted = mount(move || {
        let on_delete = Callback::new(move |(f, total): (FormSummary, u64)| deleted.update(|d| d.push((f.id, total))));
        let on_copy = Callback::new(move |f: FormSummary| copied.update(|c| c.push(f.id)));
        view! {
            <FormSearch query=query/>
            <FormList page=page.clone() used=used.clone() query=query can_edit=can_edit on_delete=on_delete on_copy=on_copy/>
        }
        .into_any()
    });
    ListMount {
        mounted,
        query,
        deleted,
        copied,
    }
}

#[wasm_bindgen_test]
async fn the_forms_list_searches_sorts_pages_and_shows_where_each_form_is_assigned() {
    let m = mount_list(true);
    let el = m.mounted.el();
    dom::until("the rows", || dom::all_testid(&el, "form-row").len() == 2).await;
    // Where assigned: names, the object id kept as the title.
    let assigned = dom::text_of(&dom::all_testid(&el, "form-assigned")[0]);
    assert!(
        assigned.contains("Entitlement VPN Users") && assigned.contains("Request type Grant Role"),
        "{assigned}"
    );
    assert!(!assigned.contains("e7"), "names, not ids: {assigned}");
    let item = el.query_selector(".form-assigned").unwrap().unwrap();
    assert_eq!(item.get_attribute("title").as_deref(), Some("entitlement/e7"));
    assert_eq!(dom::text_of(&dom::all_testid(&el, "form-assigned")[1]), "nowhere");

    // Paging: to page 2 of 2.
    assert_eq!(text(&el, "page-of"), "Page 1 of 2");
    testid(&el, "page-next").click();
    dom::until("page 2", || m.query.with_untracked(|q| q.page) == 1).await;
    // Sorting goes back to page one: by name descending, then by type.
    testid(&el, "sort-name").click();
    dom::until("descending", || m.query.with_untracked(|q| q.descending && q.page == 0)).await;
    testid(&el, "sort-type").click();
    dom::until("by type", || {
        m.query.with_untracked(|q| q.sort == "type" && !q.descending)
    })
    .await;
    // Searching too.
    m.query.update(|q| q.page = 1);
    type_into(&el, "forms-search", "git");
    dom::until("searched", || {
        m.query.with_untracked(|q| q.search == "git" && q.page == 0)
    })
    .await;
}

#[wasm_bindgen_test]
async fn duplicate_and_delete_after_a_confirmation() {
    let m = mount_list(true);
    let el = m.mounted.el();
    dom::until("the rows", || dom::all_testid(&el, "form-row").len() == 2).await;
    dom::all_testid(&el, "form-copy")[1].click();
    dom::until("copied", || m.copied.get_untracked() == ["f2"]).await;

    // Delete asks first; Cancel deletes nothing.
    dom::all_testid(&el, "form-delete")[0].click();
    let dialog = testid(&el, "delete-form-dialog");
    dom::until("the dialog", || dialog.has_attribute("open")).await;
    assert!(text(&el, "delete-form-dialog").contains("Delete the form access-justification?"));
    testid(&el, "delete-form-dialog-cancel").click();
    dom::until("closed", || !dialog.has_attribute("open")).await;
    assert!(m.deleted.get_untracked().is_empty());
    // Confirmed: the form and how many the list had (to step back from an emptied page).
    dom::all_testid(&el, "form-delete")[0].click();
    dom::until("the dialog again", || dialog.has_attribute("open")).await;
    testid(&el, "delete-form-dialog-confirm").click();
    dom::until("deleted", || m.deleted.get_untracked() == [("f1".to_string(), 30)]).await;
    let q = ListQuery {
        page: 1,
        size: 29,
        ..first_query()
    };
    assert_eq!(
        gatehouse::pages::forms::page_after_delete(&q, 30),
        0,
        "page 2 held only that form"
    );
}

#[wasm_bindgen_test]
async fn someone_who_may_not_change_forms_is_not_offered_to() {
    let m = mount_list(false);
    let el = m.mounted.el();
    dom::until("the rows", || dom::all_testid(&el, "form-row").len() == 2).await;
    for id in ["form-edit", "form-copy", "form-delete"] {
        assert!(try_testid(&el, id).is_none(), "{id} is not offered");
    }
    assert!(
        try_testid(&el, "form-link").is_some(),
        "forms can still be opened and read"
    );
}

#[wasm_bindgen_test]
fn the_forms_list_round_trips_through_the_url() {
    assert_eq!(query_href(&first_query()), "/forms");
    let q = ListQuery {
        search: "new \"user\" & co".into(),
        sort: "type",
        descending: true,
        page: 3,
        size: 50,
    };
    let href = query_href(&q);
    let params: leptos_router::params::ParamsMap = href
        .trim_start_matches("/forms?")
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (
                k.to_string(),
                js_sys::decode_uri_component(v).unwrap().as_string().unwrap(),
            )
        })
        .collect();
    assert_eq!(query_from_url(&params), q);
    // What a hand-edited link gets wrong falls back to the first page's.
    let bad: leptos_router::params::ParamsMap = [("sort", "colour"), ("page", "x"), ("size", "7")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(query_from_url(&bad), first_query());
}

#[wasm_bindgen_test]
async fn typing_a_search_keeps_the_box_and_its_focus_while_the_list_follows() {
    // As on the page: the list is drawn again whenever the query changes.
    let query = RwSignal::new(first_query());
    let mounted = mount(move || {
        let page = FormPage {
            result: vec![summary("f1", "access-justification", "request")],
            total_count: 1,
        };
        view! {
            <FormSearch query=query/>
            {move || {
                query.track();
                let (on_delete, on_copy) = (Callback::new(|_| {}), Callback::new(|_| {}));
                view! {
                    <FormList page=page.clone() used=WhereUsed::default() query=query can_edit=true on_delete=on_delete on_copy=on_copy/>
                }
            }}
        }
        .into_any()
    });
    let el = mounted.el();
    let input: web_sys::HtmlInputElement = testid(&el, "forms-search").unchecked_into();
    input.focus().unwrap();
    type_into(&el, "forms-search", "acc");
    // The query follows after the pause; the box is the same element, still focused.
    dom::until("searched", || query.with_untracked(|q| q.search == "acc")).await;
    let now = testid(&el, "forms-search");
    assert!(now.is_same_node(Some(&input)));
    let active = web_sys::window().unwrap().document().unwrap().active_element();
    assert!(active.is_some_and(|a| a.is_same_node(Some(&input))), "focus kept");
    // A search changed elsewhere (back, a link) refills the box.
    query.update(|q| q.search = "git".into());
    dom::until("refilled", || input.value() == "git").await;
}
