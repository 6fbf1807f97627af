//! The cart in headless Chromium, mounted with no server: a fixed validate answer puts
//! each person's problems next to the items they are about (and the rest in the general
//! list); the dates rule names the end date as the person types; the cart survives a
//! reload through sessionStorage, kept apart per identity; "for other people" is offered
//! only to an ORG_ADMIN (the one level the server lets request for others).

#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all, mount, testid, try_testid, type_into, until};
use gatehouse::api::client::provide_client;
use gatehouse::api::requests::{CatalogKind, Created};
use gatehouse::cart::{self, Cart, CartItem, CartState, Person};
use gatehouse::pages::cart::check::{CheckReport, GeneralProblems, ItemProblems};
use gatehouse::pages::cart::details::RequestDetails;
use gatehouse::pages::cart::CartPage;
use gatehouse::session::{Session, SignedIn};
use gatehouse_wire::auth::Principal;
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn item(kind: CatalogKind, id: &str, name: &str) -> CartItem {
    CartItem {
        kind,
        id: id.into(),
        name: name.into(),
        description: String::new(),
        application: None,
        form: json!({}),
    }
}

fn two_people_cart() -> CartState {
    let mut c = CartState::default();
    c.add(item(CatalogKind::Role, "r1", "Finance Analyst"));
    c.add(item(CatalogKind::Entitlement, "e1", "VPN Users"));
    for (id, name) in [("u1", "Ada Lovelace"), ("u2", "Bo Diddley")] {
        c.add_person(Person {
            id: id.into(),
            name: name.into(),
        });
    }
    c
}

#[wasm_bindgen_test]
async fn a_validate_answer_shows_each_persons_problems_next_to_their_items() {
    let c = two_people_cart();
    let answer: Created = serde_json::from_value(json!({
        "result": [],
        "errors": [
            {"userId": "u1", "error": "DUPLICATED: request q9 for role 'Finance Analyst' is already in progress for this user"},
            {"userId": "u2", "error": "FORM_INVALID: catalogs[entitlement/e1].data.form: custom.businessJustification: Please write at least 20 characters; custom.acceptPolicy: I have read the remote-access policy is required"},
            {"userId": "u2", "error": "JUSTIFICATION_REQUIRED: justification is required (iga_access_request.requireRequestJustification)"},
            {"userId": "u2", "error": "JUSTIFICATION_REQUIRED: justification is required (iga_access_request.requireRequestJustification)"},
        ],
    }))
    .unwrap();
    let report = CheckReport::from_answer(&answer, &c, "me");
    let role = report.for_item("role/r1");
    let ent = report.for_item("entitlement/e1");
    let general = report.general.clone();
    let m = mount(move || {
        view! {
            <div data-testid="role">
                <ItemProblems problems=Signal::stored(role)/>
            </div>
            <div data-testid="entitlement">
                <ItemProblems problems=Signal::stored(ent)/>
            </div>
            <div data-testid="none">
                <ItemProblems problems=Signal::stored(Vec::new())/>
            </div>
            <GeneralProblems problems=Signal::stored(general)/>
        }
        .into_any()
    });
    let root = m.el();
    until("the problems render", || {
        !all(&root, "[data-testid='problem']").is_empty()
    })
    .await;

    let texts = |css: &str| -> Vec<String> { all(&root, css).iter().map(|e| e.inner_text()).collect() };
    let role = texts("[data-testid='role'] [data-testid='problem']");
    assert_eq!(role.len(), 1);
    assert!(
        role[0].starts_with("Ada Lovelace: request q9 for role 'Finance Analyst'"),
        "{role:?}"
    );
    let ent = texts("[data-testid='entitlement'] [data-testid='problem']");
    assert_eq!(
        ent,
        [
            "Bo Diddley: custom.businessJustification: Please write at least 20 characters",
            "Bo Diddley: custom.acceptPolicy: I have read the remote-access policy is required",
        ]
    );
    let codes: Vec<String> = all(&root, "[data-testid='entitlement'] [data-testid='problem']")
        .iter()
        .map(|e| e.get_attribute("data-code").unwrap_or_default())
        .collect();
    assert_eq!(codes, ["FORM_INVALID", "FORM_INVALID"]);
    assert!(all(&root, "[data-testid='none'] [data-testid='item-problems']").is_empty());
    // The justification problem names no item: once, in the general list, for Bo.
    let general = texts("[data-testid='cart-problems'] [data-testid='problem']");
    assert_eq!(general.len(), 1);
    assert!(
        general[0].starts_with("Bo Diddley: justification is required"),
        "{general:?}"
    );
    assert_eq!(
        testid(&root, "cart-problems").get_attribute("role").as_deref(),
        Some("alert")
    );
}

#[wasm_bindgen_test]
async fn the_dates_rule_names_the_end_date_as_the_person_types() {
    let m = mount(|| {
        let cart = Cart::for_identity("test-dates".into());
        provide_context(cart);
        view! { <RequestDetails/> }.into_any()
    });
    let root = m.el();
    let error = || testid(&root, "cart-dates-error").inner_text();
    let end_invalid = || {
        testid(&root, "cart-end")
            .get_attribute("aria-invalid")
            .unwrap_or_default()
    };
    assert_eq!(error(), "");
    type_into(&root, "cart-start", "2026-03-05");
    type_into(&root, "cart-end", "2026-03-01");
    until("the end date is refused", || {
        error() == "endDate 2026-03-01 must be after startDate 2026-03-05"
    })
    .await;
    assert_eq!(end_invalid(), "true");
    assert_eq!(
        testid(&root, "cart-start").get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    // The same day is not after it either; the next day is.
    type_into(&root, "cart-end", "2026-03-05");
    until("the same day is refused", || error().contains("must be after")).await;
    type_into(&root, "cart-end", "2026-03-06");
    until("the message goes", || error().is_empty()).await;
    assert_eq!(end_invalid(), "false");
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .remove_item(&cart::storage_key("test-dates"))
        .unwrap();
}

#[wasm_bindgen_test]
async fn the_cart_survives_a_reload_and_is_kept_per_identity() {
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    for id in ["reload-a", "reload-b"] {
        storage.remove_item(&cart::storage_key(id)).unwrap();
    }
    // First "page load": add two items and type into one's form.
    let first = RwSignal::new(None::<Cart>);
    let m = mount(move || {
        let cart = Cart::for_identity("reload-a".into());
        first.set(Some(cart));
        view! { <p data-testid="count">{move || cart.count()}</p> }.into_any()
    });
    let root = m.el();
    let cart_a = first.get_untracked().unwrap();
    cart_a.state.update(|s| {
        s.add(item(CatalogKind::Role, "r1", "Finance Analyst"));
        s.add(item(CatalogKind::Entitlement, "e1", "VPN Users"));
        s.set_form("entitlement/e1", json!({"custom": {"duration": "90d"}}));
        s.end_date = "2026-05-01".into();
    });
    until("the count shows", || testid(&root, "count").inner_text() == "2").await;
    until("the cart is stored", || cart::load("reload-a").len() == 2).await;
    let stored = cart_a.state.get_untracked();
    drop(m);

    // Second "page load": the same identity gets it all back; another gets nothing.
    let m = mount(|| {
        let a = Cart::for_identity("reload-a".into());
        let b = Cart::for_identity("reload-b".into());
        view! {
            <p data-testid="a">{move || a.count()}</p>
            <p data-testid="b">{move || b.count()}</p>
        }
        .into_any()
    });
    let root = m.el();
    until("the reloaded cart shows", || testid(&root, "a").inner_text() == "2").await;
    assert_eq!(testid(&root, "b").inner_text(), "0");
    let reloaded = cart::load("reload-a");
    assert_eq!(reloaded, stored);
    assert_eq!(
        reloaded.item("entitlement/e1").unwrap().form,
        json!({"custom": {"duration": "90d"}})
    );
    assert_eq!(reloaded.end_date, "2026-05-01");
    assert!(storage
        .get_item(&cart::storage_key("reload-b"))
        .unwrap()
        .is_none_or(|t| !t.contains("VPN")));
    for id in ["reload-a", "reload-b"] {
        storage.remove_item(&cart::storage_key(id)).unwrap();
    }
}

/// The cart page of someone with these levels, their stored cart holding one item and
/// one person to request for.
async fn cart_page_of(identity: &str, levels: &[&str]) -> (dom::Mounted, bool) {
    let mut stored = CartState::default();
    stored.add(item(CatalogKind::Role, "r1", "Finance Analyst"));
    stored.add_person(Person {
        id: "u1".into(),
        name: "Ada Lovelace".into(),
    });
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    storage
        .set_item(&cart::storage_key(identity), &stored.to_json())
        .unwrap();
    let (id, levels): (String, Vec<String>) = (identity.into(), levels.iter().map(|l| l.to_string()).collect());
    let m = mount(move || {
        let session = Session(RwSignal::new(Some(SignedIn {
            token: "not-used".into(),
            principal: Principal::from_authorities(id.clone(), id, &levels),
        })));
        provide_context(session);
        provide_client(session);
        view! { <CartPage/> }.into_any()
    });
    let root = m.el();
    until("the cart's item", || try_testid(&root, "cart-item").is_some()).await;
    let shown = try_testid(&root, "cart-whom").is_some();
    (m, shown)
}

#[wasm_bindgen_test]
async fn other_people_are_offered_only_to_an_org_admin() {
    let (m, shown) = cart_page_of("whom-org", &["ORG_ADMIN"]).await;
    assert!(shown, "an ORG_ADMIN may request for others");
    let root = m.el();
    assert!(try_testid(&root, "whom-others").is_some());
    assert_eq!(
        testid(&root, "person-chip").inner_text().trim_end_matches('×'),
        "Ada Lovelace"
    );
    drop(m);
    assert_eq!(
        cart::load("whom-org").people.len(),
        1,
        "an ORG_ADMIN keeps the people picked"
    );

    for (who, levels) in [
        ("whom-policy", &["POLICY_ADMIN"][..]),
        ("whom-source", &["SOURCE_ADMIN", "SOURCE_SUBADMIN"][..]),
        ("whom-user", &[][..]),
    ] {
        let (m, shown) = cart_page_of(who, levels).await;
        assert!(!shown, "{levels:?} may request only for themselves");
        // People kept from before are dropped, so Check and Submit name only the person signed in.
        until("the stored people are dropped", || cart::load(who).people.is_empty()).await;
        assert_eq!(cart::load(who).len(), 1, "the items stay");
        drop(m);
    }
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    for id in ["whom-org", "whom-policy", "whom-source", "whom-user"] {
        storage.remove_item(&cart::storage_key(id)).unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_required_justification_is_marked_and_its_problem_named() {
    let problem = RwSignal::new(None::<String>);
    let m = mount(move || {
        let cart = Cart::for_identity("test-justification".into());
        provide_context(cart);
        view! { <RequestDetails justification_required=true justification_problem=problem/> }.into_any()
    });
    let root = m.el();
    let field = || testid(&root, "cart-justification");
    until("the field", || try_testid(&root, "cart-justification").is_some()).await;
    assert!(testid(&root, "cart-details")
        .inner_text()
        .contains("Justification (required)"));
    assert_eq!(field().get_attribute("aria-required").as_deref(), Some("true"));
    assert_eq!(field().get_attribute("aria-invalid").as_deref(), Some("false"));
    let rule = gatehouse_wire::request::AccessRequestRules {
        require_request_justification: true,
        ..Default::default()
    };
    problem.set(rule.request_justification_problem(""));
    until("the problem", || {
        !testid(&root, "cart-justification-error").inner_text().is_empty()
    })
    .await;
    assert_eq!(
        testid(&root, "cart-justification-error").inner_text(),
        "justification is required (iga_access_request.requireRequestJustification)"
    );
    assert_eq!(field().get_attribute("aria-invalid").as_deref(), Some("true"));
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .remove_item(&cart::storage_key("test-justification"))
        .unwrap();
}
