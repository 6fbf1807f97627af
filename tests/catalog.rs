//! The catalog's pieces in headless Chromium, mounted with no server: the filter bar
//! (conditions that suit each property's type, values checked with the wire rule and
//! named when wrong, chips removed one by one or all at once), the sort control, the
//! rows (the quick request only for items without a form) and an item's details with
//! "Add to cart".

#![cfg(target_arch = "wasm32")]

mod dom;

use std::collections::BTreeSet;

use dom::{all_testid, disabled, fire, mount, testid, text, text_of, tick, try_testid, type_into, until, Mounted};
use gatehouse::api::catalog::{CatalogDetails, Owner};
use gatehouse::api::requests::{CatalogItem, CatalogKind};
use gatehouse::cart::{Cart, CartState};
use gatehouse::pages::catalog::details::FormInfo;
use gatehouse::pages::catalog::filters::{FilterBar, SortControl};
use gatehouse::pages::catalog::rows::CatalogTable;
use gatehouse::pages::catalog::state::{CatalogState, Clause, SortBy};
use gatehouse::pages::catalog::ItemDetails;
use gatehouse_wire::catalog::SearchProperty;
use gatehouse_wire::target_filter::LeafOp;
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

fn options(root: &web_sys::Element, id: &str) -> Vec<String> {
    dom::all(&testid(root, id), "option")
        .iter()
        .map(|o| o.get_attribute("value").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_catalog_view_round_trips_through_the_routers_parser() {
    let every = CatalogState {
        kind: CatalogKind::Entitlement,
        search: "Fin &= \"x\" +%".into(),
        filters: vec![
            Clause {
                key: "application.name".into(),
                op: LeafOp::StartsWith,
                value: "Active: Dir/ectory & co".into(),
            },
            Clause {
                key: "entitlement.privileged".into(),
                op: LeafOp::Equals,
                value: "false".into(),
            },
        ],
        sort: Some(SortBy {
            key: "application.name".into(),
            descending: true,
        }),
        page: 2,
        size: 25,
    };
    for state in [CatalogState::default(), every] {
        let href = state.href();
        let url = BrowserUrl::parse(&href).unwrap();
        assert_eq!(url.path(), "/catalog");
        let back = CatalogState::from_query(url.search_params());
        assert_eq!(back, state, "{href}");
        assert_eq!(back.href(), href);
    }
    // A hand-written link with `+` for a space, as forms write it.
    let url = BrowserUrl::parse("/catalog?kind=role&q=Fin+An&f=role.name:contains:An+a&sort=-role.name").unwrap();
    let s = CatalogState::from_query(url.search_params());
    assert_eq!((s.search.as_str(), s.filters[0].value.as_str()), ("Fin An", "An a"));
}

fn properties() -> Vec<SearchProperty> {
    vec![
        SearchProperty::new("entitlement.displayName", "Display name", "string"),
        SearchProperty::new("application.name", "Application", "string"),
        SearchProperty::new("entitlement.privileged", "Privileged", "boolean"),
        SearchProperty::new("entitlement.rank", "Rank", "integer"),
    ]
}

fn entitlements_on_page_three() -> CatalogState {
    CatalogState {
        kind: CatalogKind::Entitlement,
        page: 2,
        ..Default::default()
    }
}

/// The filter bar and the sort control over [`properties`], writing into a state signal.
fn mount_controls(start: CatalogState) -> (Mounted, RwSignal<CatalogState>) {
    let state = RwSignal::new(start);
    let m = mount(move || {
        let on_change = Callback::new(move |s: CatalogState| state.set(s));
        view! {
            <SortControl properties=properties() state=state on_change=on_change/>
            <FilterBar properties=properties() state=state on_change=on_change/>
        }
        .into_any()
    });
    (m, state)
}

#[wasm_bindgen_test]
async fn filters_get_a_condition_that_suits_the_type_and_go_as_chips() {
    let (m, state) = mount_controls(entitlements_on_page_three());
    let el = m.el();
    until("the properties", || options(&el, "filter-property").len() == 4).await;
    assert_eq!(
        options(&el, "filter-op"),
        ["CONTAINS", "STARTS_WITH", "ENDS_WITH", "EQUALS", "EXISTS"],
        "text properties offer the text conditions"
    );

    pick(&el, "filter-property", "application.name");
    pick(&el, "filter-op", "STARTS_WITH");
    type_into(&el, "filter-value", " Active ");
    testid(&el, "filter-add").click();
    until("the filter joins the view", || {
        state.with_untracked(|s| s.filters.len() == 1)
    })
    .await;
    let s = state.get_untracked();
    assert_eq!(
        s.filters,
        [Clause {
            key: "application.name".into(),
            op: LeafOp::StartsWith,
            value: "Active".into()
        }]
    );
    assert_eq!(s.page, 0, "a new filter starts from the first page");
    until("the chip", || try_testid(&el, "filter-chip").is_some()).await;
    assert_eq!(
        text(&el, "filter-chip").trim_end_matches('×'),
        "Application starts with Active"
    );
    let input: web_sys::HtmlInputElement = testid(&el, "filter-value").unchecked_into();
    assert_eq!(input.value(), "", "the value box is emptied for the next filter");

    // A boolean: only "is", and yes or no.
    pick(&el, "filter-property", "entitlement.privileged");
    until("boolean conditions", || options(&el, "filter-op") == ["EQUALS"]).await;
    assert_eq!(options(&el, "filter-value"), ["true", "false"]);
    pick(&el, "filter-value", "false");
    testid(&el, "filter-add").click();
    until("two chips", || all_testid(&el, "filter-chip").len() == 2).await;
    assert!(text_of(&all_testid(&el, "filter-chip")[1]).starts_with("Privileged is no"));
    assert_eq!(state.get_untracked().filters[1].value, "false");

    // Removing one chip keeps the other; clearing removes all.
    all_testid(&el, "filter-remove")[0].click();
    until("one chip left", || state.with_untracked(|s| s.filters.len() == 1)).await;
    assert_eq!(state.get_untracked().filters[0].key, "entitlement.privileged");
    testid(&el, "filters-clear").click();
    until("no filters", || state.with_untracked(|s| s.filters.is_empty())).await;
    until("no chips", || try_testid(&el, "filter-chips").is_none()).await;
}

#[wasm_bindgen_test]
async fn a_value_that_does_not_fit_is_named_and_changes_nothing() {
    let (m, state) = mount_controls(entitlements_on_page_three());
    let el = m.el();
    until("the properties", || options(&el, "filter-property").len() == 4).await;
    testid(&el, "filter-add").click();
    until("the problem", || !text(&el, "filter-error").is_empty()).await;
    assert_eq!(text(&el, "filter-error"), "Display name: enter a value to filter by");
    assert_eq!(
        testid(&el, "filter-value").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );

    pick(&el, "filter-property", "entitlement.rank");
    until("number conditions", || {
        options(&el, "filter-op").contains(&"GTE".to_string())
    })
    .await;
    until("another property starts afresh", || {
        text(&el, "filter-error").is_empty()
    })
    .await;
    pick(&el, "filter-op", "GT");
    type_into(&el, "filter-value", "ten");
    testid(&el, "filter-add").click();
    until("the problem", || !text(&el, "filter-error").is_empty()).await;
    assert_eq!(text(&el, "filter-error"), "Rank: \"ten\" is not a number");
    assert!(
        state.with_untracked(|s| s.filters.is_empty() && s.page == 2),
        "nothing changed"
    );

    type_into(&el, "filter-value", "10");
    until("typing clears the problem", || text(&el, "filter-error").is_empty()).await;
    testid(&el, "filter-add").click();
    until("the filter", || state.with_untracked(|s| s.filters.len() == 1)).await;
    assert_eq!(state.get_untracked().filters[0].op, LeafOp::Gt);
}

#[wasm_bindgen_test]
async fn the_sort_control_picks_a_property_and_a_direction() {
    let (m, state) = mount_controls(entitlements_on_page_three());
    let el = m.el();
    until("the properties", || options(&el, "catalog-sort").len() == 4).await;
    let select: web_sys::HtmlSelectElement = testid(&el, "catalog-sort").unchecked_into();
    assert_eq!(select.value(), "entitlement.displayName", "by name unless chosen");

    pick(&el, "catalog-sort", "application.name");
    until("sorted by application", || state.with_untracked(|s| s.sort.is_some())).await;
    assert_eq!(
        state.get_untracked().sort,
        Some(SortBy {
            key: "application.name".into(),
            descending: false
        })
    );
    assert_eq!(state.get_untracked().page, 0);
    pick(&el, "catalog-sort-dir", "desc");
    until("descending", || {
        state.with_untracked(|s| s.sort.as_ref().is_some_and(|s| s.descending))
    })
    .await;
    assert_eq!(
        state.get_untracked().href(),
        "/catalog?kind=entitlement&sort=-application.name"
    );

    // Back to the name, ascending: the default, which the URL leaves out.
    pick(&el, "catalog-sort", "entitlement.displayName");
    pick(&el, "catalog-sort-dir", "asc");
    until("the default again", || state.with_untracked(|s| s.sort.is_none())).await;
}

fn item(id: &str, name: &str) -> CatalogItem {
    CatalogItem {
        id: id.into(),
        kind: CatalogKind::Entitlement,
        name: name.into(),
        description: format!("{name}, described"),
        application: Some("Active Directory".into()),
    }
}

fn with_cart(name: &str) -> Cart {
    let cart = Cart::for_identity(format!("test-catalog-{name}"));
    cart.state.set(CartState::default());
    provide_context(cart);
    cart
}

#[wasm_bindgen_test]
async fn the_quick_request_is_offered_only_for_items_without_a_form() {
    let formed = RwSignal::new(None::<BTreeSet<String>>);
    let requested = RwSignal::new(Vec::<String>::new());
    let m = mount(move || {
        with_cart("rows");
        view! {
            <CatalogTable
                items=vec![item("e-vpn", "VPN Users"), item("e-wifi", "Guest Wi-Fi")]
                kind=CatalogKind::Entitlement
                formed=formed
                query="?kind=entitlement&q=v"
                on_request=Callback::new(move |i: CatalogItem| requested.update(|r| r.push(i.id)))
            />
        }
        .into_any()
    });
    let el = m.el();
    let row = |name: &str| {
        all_testid(&el, "catalog-row")
            .into_iter()
            .find(|r| r.get_attribute("data-name").as_deref() == Some(name))
            .unwrap()
    };
    until("the rows", || all_testid(&el, "catalog-row").len() == 2).await;
    assert!(
        all_testid(&el, "catalog-request").is_empty(),
        "nothing is requested at once while the forms are unknown"
    );
    formed.set(Some(BTreeSet::from(["e-vpn".to_string()])));
    until("the quick request", || all_testid(&el, "catalog-request").len() == 1).await;
    assert!(try_testid(&row("VPN Users"), "catalog-request").is_none());
    assert!(try_testid(&row("VPN Users"), "catalog-has-form").is_some());
    assert!(try_testid(&row("Guest Wi-Fi"), "catalog-has-form").is_none());
    testid(&row("Guest Wi-Fi"), "catalog-request").click();
    tick().await;
    assert_eq!(requested.get_untracked(), ["e-wifi"]);

    // The name opens the details, carrying the view back.
    assert_eq!(
        testid(&row("VPN Users"), "catalog-open")
            .get_attribute("href")
            .as_deref(),
        Some("/catalog/entitlement/e-vpn?kind=entitlement&q=v")
    );
    // An item with a form goes to the cart.
    testid(&row("VPN Users"), "catalog-add").click();
    until("in the cart", || text(&row("VPN Users"), "catalog-add") == "In cart").await;
    assert!(disabled(&row("VPN Users"), "catalog-add"));
}

fn details() -> CatalogDetails {
    CatalogDetails {
        item: item("e-vpn", "VPN Users"),
        owners: vec![Owner {
            name: "Ada Lovelace".into(),
            user_name: "demo-admin".into(),
        }],
        application_owners: vec![],
        requestable: true,
        privileged: Some(false),
        glossary: vec![("riskLevel".into(), "low".into())],
    }
}

#[wasm_bindgen_test]
async fn item_details_show_owners_flags_glossary_and_the_form_and_add_to_the_cart() {
    let form: RwSignal<FormInfo> = RwSignal::new(None);
    let cart = RwSignal::new(None::<Cart>);
    let m = mount(move || {
        cart.set(Some(with_cart("details")));
        view! { <ItemDetails details=details() form=form/> }.into_any()
    });
    let el = m.el();
    until("the details", || try_testid(&el, "item-details").is_some()).await;
    assert_eq!(text(&el, "item-name"), "VPN Users");
    assert_eq!(text(&el, "item-description"), "VPN Users, described");
    assert_eq!(text(&el, "item-application"), "Active Directory");
    assert_eq!(text(&el, "item-owners"), "Ada Lovelace (demo-admin)");
    assert_eq!(text(&el, "item-application-owners"), "—");
    assert_eq!(text(&el, "item-privileged"), "No");
    assert_eq!(text(&el, "item-requestable"), "Yes");
    assert_eq!(text(&el, "glossary-value"), "low");
    assert!(try_testid(&el, "item-form").is_none(), "the form is still looked up");
    form.set(Some(Ok(Some("access-justification".into()))));
    until("the form", || try_testid(&el, "item-form").is_some()).await;
    assert!(text(&el, "item-form").contains("access-justification"));

    let add = testid(&el, "item-add");
    add.focus().unwrap();
    add.click();
    until("in the cart", || text(&el, "item-add") == "In cart").await;
    assert!(disabled(&el, "item-add"));
    assert!(cart
        .get_untracked()
        .unwrap()
        .state
        .with_untracked(|s| s.contains("entitlement/e-vpn")));
    assert_eq!(
        testid(&el, "item-go-to-cart").get_attribute("href").as_deref(),
        Some("/cart")
    );
}
