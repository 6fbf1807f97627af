//! The identities table and its controls in headless Chromium: sortable headers,
//! paging, selection across pages, the filter builder (controls → a printed filter
//! that parses and passes the server's rules), the URL round trip through the
//! router's own parser, the confirmation dialog, the task progress bar and the
//! rate-limit countdown.

#![cfg(target_arch = "wasm32")]

mod dom;

use std::time::Duration;

use dom::{all_testid, document, fire, is_disabled, mount, testid, text_of, tick, try_testid, type_into, Mounted};
use gatehouse::api::identities::IdentityPage;
use gatehouse::api::tasks::sleep;
use gatehouse::components::countdown::{Countdown, CountdownNotice};
use gatehouse::components::dialog::ConfirmDialog;
use gatehouse::components::task_progress::TaskProgress;
use gatehouse::pages::identities::bulk::Selection;
use gatehouse::pages::identities::filters::{IdentityFilters, SEARCH_DEBOUNCE};
use gatehouse::pages::identities::query::ListState;
use gatehouse::pages::identities::table::IdentityTable;
use gatehouse_wire::filter;
use gatehouse_wire::identity::{parse_list_filter, Identity};
use gatehouse_wire::task::TaskStatus;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::location::{BrowserUrl, LocationProvider};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn pick(root: &web_sys::Element, id: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = testid(root, id).unchecked_into();
    select.set_value(value);
    assert_eq!(select.value(), value, "{id} has no option {value}");
    fire(&select, "change");
}

/// The `aria-sort` of the header whose button is `sort-{field}`.
fn aria_sort(root: &web_sys::Element, field: &str) -> String {
    testid(root, &format!("sort-{field}"))
        .closest("th")
        .unwrap()
        .unwrap()
        .get_attribute("aria-sort")
        .unwrap_or_default()
}

fn identity(n: usize) -> Identity {
    serde_json::from_value(serde_json::json!({
        "id": format!("id{n}"), "name": format!("Person {n}"),
        "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
        "alias": format!("person.{n}"), "emailAddress": format!("person.{n}@example.com"),
        "processingState": "OK", "identityStatus": "ACTIVE",
        "managerRef": {"type": "IDENTITY", "id": "boss", "name": "The Boss"},
        "isManager": false, "lastRefresh": null, "attributes": {}, "lifecycleState": null
    }))
    .unwrap()
}

fn page_of(rows: usize, total: u64) -> IdentityPage {
    IdentityPage {
        items: (1..=rows).map(identity).collect(),
        total: Some(total),
    }
}

/// A table whose `on_change` writes the state back, as the page's navigation does.
fn mount_table(initial: ListState, page: IdentityPage, selection: Option<Selection>) -> (Mounted, RwSignal<ListState>) {
    let state = RwSignal::new(initial);
    let on_change = Callback::new(move |s: ListState| state.set(s));
    let m = mount(move || {
        view! { <IdentityTable page=page state=state on_change=on_change selection=selection/> }.into_any()
    });
    (m, state)
}

#[wasm_bindgen_test]
async fn clicking_a_sortable_header_changes_the_sort_and_returns_to_page_one() {
    let start = ListState {
        page: 1,
        ..Default::default()
    };
    let (m, state) = mount_table(start, page_of(3, 120), None);
    let el = m.el();
    assert_eq!(aria_sort(&el, "name"), "ascending");
    assert_eq!(aria_sort(&el, "alias"), "none");

    testid(&el, "sort-name").click();
    tick().await;
    assert_eq!(state.get_untracked().sorters(), "-name");
    assert_eq!(state.get_untracked().page, 0);
    assert_eq!(aria_sort(&el, "name"), "descending");

    testid(&el, "sort-cloudStatus").click();
    tick().await;
    assert_eq!(state.get_untracked().sorters(), "cloudStatus");
    assert_eq!(aria_sort(&el, "cloudStatus"), "ascending");
    assert_eq!(aria_sort(&el, "name"), "none");
    // Headers are buttons, so they are reached and pressed from the keyboard.
    assert_eq!(testid(&el, "sort-alias").tag_name(), "BUTTON");
}

#[wasm_bindgen_test]
async fn rows_are_links_to_the_identity() {
    let (m, _) = mount_table(ListState::default(), page_of(3, 3), None);
    let el = m.el();
    let links = all_testid(&el, "identity-link");
    assert_eq!(links.len(), 3);
    assert_eq!(links[1].get_attribute("href").as_deref(), Some("/identities/id2"));
    assert_eq!(text_of(&links[1]), "Person 2");
    assert_eq!(text_of(&testid(&el, "total")), "3 identities");
    assert!(
        try_testid(&el, "select-row").is_none(),
        "no checkboxes without a selection"
    );
}

#[wasm_bindgen_test]
async fn paging_controls_move_between_pages_and_change_the_size() {
    let (m, state) = mount_table(ListState::default(), page_of(3, 120), None);
    let el = m.el();
    assert_eq!(text_of(&testid(&el, "page-of")), "Page 1 of 3");
    assert_eq!(text_of(&testid(&el, "page-range")), "1–50 of 120");
    assert!(is_disabled(&testid(&el, "page-prev")));

    testid(&el, "page-next").click();
    tick().await;
    assert_eq!(state.get_untracked().page, 1);
    assert_eq!(text_of(&testid(&el, "page-of")), "Page 2 of 3");
    assert_eq!(text_of(&testid(&el, "page-range")), "51–100 of 120");
    assert!(!is_disabled(&testid(&el, "page-prev")));

    testid(&el, "page-next").click();
    tick().await;
    assert_eq!(state.get_untracked().page, 2);
    assert!(is_disabled(&testid(&el, "page-next")));
    assert_eq!(text_of(&testid(&el, "page-range")), "101–120 of 120");

    testid(&el, "page-prev").click();
    tick().await;
    assert_eq!(state.get_untracked().page, 1);

    pick(&el, "page-size", "25");
    tick().await;
    let s = state.get_untracked();
    assert_eq!((s.size, s.page), (25, 0), "a new page size starts at page one");
    assert_eq!(text_of(&testid(&el, "page-of")), "Page 1 of 5");
}

#[wasm_bindgen_test]
async fn an_empty_page_past_the_end_offers_the_first_page() {
    let start = ListState {
        page: 9,
        ..Default::default()
    };
    let (m, state) = mount_table(start, page_of(0, 12), None);
    let el = m.el();
    assert_eq!(text_of(&testid(&el, "empty")), "No identities match.");
    testid(&el, "page-first").click();
    tick().await;
    assert_eq!(state.get_untracked().page, 0);
}

#[wasm_bindgen_test]
async fn rows_can_be_selected_one_by_one_or_a_page_at_a_time() {
    let selection = Selection::new();
    // Something picked on another page stays picked.
    selection.set("elsewhere", "Someone Else", true);
    let (m, _) = mount_table(ListState::default(), page_of(3, 3), Some(selection));
    let el = m.el();
    let header: web_sys::HtmlInputElement = testid(&el, "select-page").unchecked_into();
    assert!(!header.checked());

    header.click();
    tick().await;
    assert_eq!(selection.len(), 4);
    assert!(all_testid(&el, "select-row")
        .iter()
        .all(|c| c.clone().unchecked_into::<web_sys::HtmlInputElement>().checked()));

    all_testid(&el, "select-row")[0].click();
    tick().await;
    assert_eq!(selection.len(), 3);
    assert!(!selection.contains("id1"));
    assert!(header.indeterminate(), "some but not all rows of the page are selected");

    header.click();
    tick().await;
    header.click();
    tick().await;
    assert_eq!(
        selection.ids(),
        ["elsewhere"],
        "clearing the page keeps other pages' picks"
    );
}

#[wasm_bindgen_test]
async fn the_url_state_round_trips_through_the_routers_parser() {
    let every = ListState {
        search: "Jo \"Smith\" & co/+".into(),
        status: Some("LOCKED".into()),
        processing: Some("ERROR".into()),
        correlated: Some(false),
        protected: Some(true),
        correlated_only: false,
        sort: gatehouse_wire::identity::Sorter {
            field: "alias".into(),
            descending: true,
        },
        page: 4,
        size: 100,
    };
    for state in [ListState::default(), every] {
        let href = state.href();
        let url = BrowserUrl::parse(&href).unwrap();
        assert_eq!(url.path(), "/identities");
        let back = ListState::from_query(url.search_params());
        assert_eq!(back, state, "{href}");
        assert_eq!(back.href(), href);
    }
    // A hand-written link, with `+` for a space as forms write it.
    let url = BrowserUrl::parse("/identities?q=Jo+Smith&sort=-name&page=2&size=25").unwrap();
    let s = ListState::from_query(url.search_params());
    assert_eq!(
        (s.search.as_str(), s.sorters().as_str(), s.page, s.size),
        ("Jo Smith", "-name", 1, 25)
    );
    assert_eq!(s.href(), "/identities?q=Jo%20Smith&sort=-name&page=2&size=25");
}

/// Filters whose `on_change` writes the state back.
fn mount_filters(initial: ListState) -> (Mounted, RwSignal<ListState>, RwSignal<usize>) {
    let state = RwSignal::new(initial);
    let changes = RwSignal::new(0usize);
    let on_change = Callback::new(move |s: ListState| {
        changes.update(|n| *n += 1);
        state.set(s);
    });
    let m = mount(move || view! { <IdentityFilters state=state on_change=on_change/> }.into_any());
    (m, state, changes)
}

#[wasm_bindgen_test]
async fn filter_controls_build_a_filter_that_parses_and_passes_the_servers_rules() {
    let (m, state, _) = mount_filters(ListState {
        page: 3,
        ..Default::default()
    });
    let el = m.el();
    pick(&el, "filter-status", "LOCKED");
    tick().await;
    assert_eq!(state.get_untracked().page, 0, "a new filter starts at page one");
    pick(&el, "filter-processing", "ERROR");
    pick(&el, "filter-protected", "true");
    type_into(&el, "search", "O\"Brien");
    sleep(SEARCH_DEBOUNCE + Duration::from_millis(150)).await;

    let s = state.get_untracked();
    let expr = s.filter().expect("a filter");
    let printed = expr.to_string();
    assert_eq!(
        printed,
        r#"(name sw "O\"Brien" or alias sw "O\"Brien" or email sw "O\"Brien") and cloudStatus eq "LOCKED" and processingState eq "ERROR" and protected eq true"#
    );
    assert_eq!(filter::parse(&printed).unwrap(), expr);
    assert_eq!(parse_list_filter(&printed).unwrap(), expr);
    assert!(s.page_query().contains("defaultFilter=CORRELATED_ONLY"));

    // Uncorrelated identities only show with the default filter off.
    pick(&el, "filter-correlated", "false");
    tick().await;
    let s = state.get_untracked();
    assert_eq!(s.correlated, Some(false));
    assert!(!s.correlated_only);
    let correlated_only: web_sys::HtmlInputElement = testid(&el, "correlated-only").unchecked_into();
    assert!(!correlated_only.checked());
    assert!(s.page_query().contains("defaultFilter=NONE"));
    assert!(parse_list_filter(&s.filter().unwrap().to_string()).is_ok());

    correlated_only.click();
    tick().await;
    assert!(state.get_untracked().correlated_only);

    testid(&el, "clear-filters").click();
    tick().await;
    assert_eq!(state.get_untracked().filter(), None);
    assert!(try_testid(&el, "clear-filters").is_none());
    let search: web_sys::HtmlInputElement = testid(&el, "search").unchecked_into();
    assert_eq!(search.value(), "", "the box follows a state changed from elsewhere");
}

#[wasm_bindgen_test]
async fn typing_is_debounced_and_enter_searches_at_once() {
    let (m, state, changes) = mount_filters(ListState::default());
    let el = m.el();
    for partial in ["A", "Ad", "Ada"] {
        type_into(&el, "search", partial);
        tick().await;
    }
    assert_eq!(changes.get_untracked(), 0, "nothing is sent while typing");
    sleep(SEARCH_DEBOUNCE).await;
    // Timers run late on a loaded machine: wait for the one change, up to 3 s.
    for _ in 0..60 {
        if changes.get_untracked() > 0 {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(changes.get_untracked(), 1);
    assert_eq!(state.get_untracked().search, "Ada");

    type_into(&el, "search", "Alan");
    let form = el.query_selector("form[role='search']").unwrap().unwrap();
    let submit: web_sys::HtmlFormElement = form.unchecked_into();
    submit.request_submit().unwrap();
    tick().await;
    assert_eq!(changes.get_untracked(), 2);
    assert_eq!(state.get_untracked().search, "Alan");
    sleep(SEARCH_DEBOUNCE + Duration::from_millis(100)).await;
    assert_eq!(changes.get_untracked(), 2, "the pending debounce was cancelled");
}

#[wasm_bindgen_test]
async fn the_confirm_dialog_is_modal_focuses_cancel_and_reports_confirmation() {
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let confirmed = RwSignal::new(0usize);
    let on_confirm = Callback::new(move |_| confirmed.update(|n| *n += 1));
    let m = mount(move || {
        view! {
            <ConfirmDialog open=open title="Delete Ada?" confirm="Delete" danger=true busy=busy on_confirm=on_confirm testid="d">
                <p>"Gone for good."</p>
            </ConfirmDialog>
        }
        .into_any()
    });
    let el = m.el();
    let dialog: web_sys::HtmlDialogElement = testid(&el, "d").unchecked_into();
    assert!(!dialog.open());

    open.set(true);
    tick().await;
    assert!(dialog.open());
    assert!(dialog.matches(":modal").unwrap(), "opened as a modal");
    let cancel = testid(&el, "d-cancel");
    let focused = document().active_element().unwrap();
    assert_eq!(focused.get_attribute("data-testid").as_deref(), Some("d-cancel"));
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("d-title"),
        "the heading names the dialog"
    );

    testid(&el, "d-confirm").click();
    tick().await;
    assert_eq!(confirmed.get_untracked(), 1);
    assert!(dialog.open(), "the owner closes it when the work is done");

    busy.set(true);
    tick().await;
    assert!(is_disabled(&testid(&el, "d-confirm")) && is_disabled(&cancel));
    busy.set(false);
    tick().await;

    cancel.click();
    tick().await;
    assert!(!open.get_untracked());
    assert!(!dialog.open());

    // Escape (the browser closes the dialog itself) is reported the same way.
    open.set(true);
    tick().await;
    dialog.close();
    // The browser queues the `close` event as a task of its own: wait for it rather
    // than for one turn of the event loop.
    for _ in 0..50 {
        if !open.get_untracked() {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    assert!(!open.get_untracked());

    // Opened again at once after a Cancel: the close event still queued from the Cancel
    // must not shut the dialog that is open now.
    open.set(true);
    tick().await;
    assert!(dialog.open());
    cancel.click();
    // Let the effects close the dialog (microtasks) but not the queued close event (a task).
    for _ in 0..5 {
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&leptos::wasm_bindgen::JsValue::NULL))
            .await
            .unwrap();
    }
    assert!(!dialog.open(), "closed by the Cancel");
    open.set(true);
    for _ in 0..10 {
        sleep(Duration::from_millis(20)).await;
    }
    assert!(dialog.open(), "still open after the stale close event");
    assert!(open.get_untracked());
}

fn task(percent: i64, finished: bool) -> TaskStatus {
    serde_json::from_value(serde_json::json!({
        "id": "t1", "type": "QUARTZ", "uniqueName": "Identity Invitation", "description": "Invite",
        "parentName": null, "launcher": "me", "target": null, "created": "2024-01-01T00:00:00Z",
        "modified": null, "launched": null,
        "completed": if finished { Some("2024-01-01T00:00:05Z") } else { None },
        "completionStatus": if finished { Some("SUCCESS") } else { None },
        "messages": [], "returns": [], "attributes": {},
        "progress": if finished { "Completed: 2 identities" } else { "1 of 2 identities" },
        "percentComplete": percent
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn the_progress_bar_follows_the_task_and_ends_with_a_summary() {
    let status = RwSignal::new(None::<TaskStatus>);
    let m = mount(move || view! { <TaskProgress label="Inviting 2 identities" status=status/> }.into_any());
    let el = m.el();
    let bar: web_sys::HtmlElement = testid(&el, "task-progress");
    assert_eq!(bar.tag_name(), "PROGRESS");
    assert_eq!(bar.get_attribute("max").as_deref(), Some("100"));
    assert_eq!(bar.get_attribute("value").as_deref(), Some("0"));

    status.set(Some(task(50, false)));
    tick().await;
    assert_eq!(bar.get_attribute("value").as_deref(), Some("50"));
    assert!(try_testid(&el, "task-summary").is_none());

    status.set(Some(task(100, true)));
    tick().await;
    assert_eq!(bar.get_attribute("value").as_deref(), Some("100"));
    assert_eq!(
        text_of(&testid(&el, "task-summary")),
        "SUCCESS · Completed: 2 identities"
    );
}

#[wasm_bindgen_test]
async fn the_countdown_shows_the_seconds_left_and_then_goes() {
    let countdown = RwSignal::new(None::<Countdown>);
    let m = mount(move || {
        let c = Countdown::new();
        countdown.set(Some(c));
        view! { <CountdownNotice countdown=c what="synchronize"/> }.into_any()
    });
    let el = m.el();
    let c = countdown.get_untracked().unwrap();
    assert!(try_testid(&el, "countdown").is_none());
    c.start(1);
    tick().await;
    assert_eq!(
        text_of(&testid(&el, "countdown")),
        "Too many requests: you can synchronize again in 1 s."
    );
    sleep(Duration::from_millis(1000)).await;
    for _ in 0..60 {
        if try_testid(&el, "countdown").is_none() {
            break;
        }
        sleep(Duration::from_millis(50)).await;
    }
    assert!(try_testid(&el, "countdown").is_none());
    assert_eq!(c.remaining(), 0);
}
