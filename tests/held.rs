//! An identity's held access in headless Chromium, mounted with no server: its accounts
//! with the entitlements on each, and the picker that offers for taking away only what
//! the identity holds (by kind, cleared when the kind changes, saying so when nothing or
//! nothing readable is held).

#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all_testid, fire, mount, testid, text, text_of, try_testid, until};
use gatehouse::api::requests::CatalogKind;
use gatehouse::pages::identities::held::{pick_of, Held, HeldAccess, HeldItem, HeldPicker};
use gatehouse_wire::account::Account;
use gatehouse_wire::identity::RoleAssignment;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use serde_json::json;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn account(app: (&str, &str), native: &str, disabled: bool, ents: &[(&str, &str)]) -> Account {
    let e: Vec<_> = ents
        .iter()
        .map(|(id, name)| {
            json!({"id": id, "name": name, "displayName": name, "attribute": "memberOf", "value": name,
                   "description": "", "privileged": false, "requestable": true, "granted": "2026-01-01T00:00:00Z"})
        })
        .collect();
    serde_json::from_value(json!({
        "id": format!("system/{}/User/{native}", app.0),
        "keys": {"accountId": native, "applicationId": app.0, "userId": "u1"},
        "account": {"id": native, "nativeIdentity": native, "name": native, "disabled": disabled, "created": "t"},
        "user": {"id": "u1", "userName": "rachel", "givenName": "Rachel", "sn": "Green", "mail": null},
        "application": {"id": app.0, "name": app.1, "description": "", "connector": "c", "requestable": true},
        "applicationOwner": [], "entitlements": e,
        "descriptor": {"idx": {"/account": {"displayName": native}}}, "glossary": {},
        "item": {"type": "accountGrant", "objectType": "account"},
        "metadata": {"createdDate": "t", "modifiedDate": "t"},
    }))
    .unwrap()
}

fn accounts() -> Vec<Account> {
    vec![
        account(
            ("s1", "Active Directory"),
            "CN=Rachel Green",
            false,
            &[("e1", "Domain Users"), ("e3", "VPN Users")],
        ),
        account(("s3", "GitHub Enterprise"), "rachel", true, &[]),
    ]
}

fn roles() -> Vec<RoleAssignment> {
    serde_json::from_value(json!([{
        "id": "ra1", "role": {"type": "ROLE", "id": "r1", "name": "Engineering Developer"}, "comments": null,
        "assignmentSource": "ACCESS_REQUEST", "assigner": {"type": "IDENTITY", "id": "a"}, "assignedDimensions": [],
        "assignmentContext": null, "accountTargets": [], "startDate": null, "removeDate": null,
        "addedDate": "2026-01-01T00:00:00Z",
    }]))
    .unwrap()
}

#[wasm_bindgen_test]
async fn held_access_lists_each_account_with_its_entitlements() {
    let m = mount(|| view! { <HeldAccess accounts=accounts()/> }.into_any());
    let el = m.el();
    until("the accounts", || all_testid(&el, "held-account").len() == 2).await;
    let rows = all_testid(&el, "held-account");
    assert_eq!(
        rows[0].get_attribute("data-application").as_deref(),
        Some("Active Directory")
    );
    assert_eq!(text(&rows[0], "held-entitlements"), "Domain Users, VPN Users");
    assert!(text_of(&rows[1]).contains("rachel"));
    assert!(text_of(&rows[1]).contains("Disabled"));
    assert_eq!(text(&rows[1], "held-entitlements"), "—");
    drop(m);

    let m = mount(|| view! { <HeldAccess accounts=Vec::new()/> }.into_any());
    let el = m.el();
    until("nothing held", || try_testid(&el, "held-none").is_some()).await;
}

fn pick(root: &web_sys::Element, value: &str) {
    let select: web_sys::HtmlSelectElement = testid(root, "access-held").unchecked_into();
    select.set_value(value);
    assert_eq!(select.value(), value, "no held option {value}");
    fire(&select, "change");
}

fn offered(root: &web_sys::Element) -> Vec<String> {
    dom::all(&testid(root, "access-held"), "option")
        .iter()
        .map(|o| o.get_attribute("value").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_picker_offers_only_what_is_held_of_the_kind() {
    let kind = RwSignal::new(CatalogKind::Entitlement);
    let picked = RwSignal::new(None::<HeldItem>);
    let m = mount(move || {
        let held = Held::new(Some(&accounts()), Some(&roles()));
        view! { <HeldPicker held=held kind=kind picked=picked/> }.into_any()
    });
    let el = m.el();
    until("the held entitlements", || try_testid(&el, "access-held").is_some()).await;
    assert_eq!(offered(&el), ["", "e1", "e3"]);
    assert!(text_of(&testid(&el, "access-held")).contains("VPN Users (Active Directory)"));
    pick(&el, "e3");
    until("picked", || picked.with_untracked(Option::is_some)).await;
    assert_eq!(picked.get_untracked().unwrap().name, "VPN Users");

    // Another kind: its own items, and the entitlement picked before is no pick there.
    kind.set(CatalogKind::Role);
    until("the held roles", || offered(&el) == ["", "r1"]).await;
    let select: web_sys::HtmlSelectElement = testid(&el, "access-held").unchecked_into();
    assert_eq!(select.value(), "", "nothing is chosen among the roles");
    assert_eq!(pick_of(picked.get_untracked(), CatalogKind::Role), None);
    kind.set(CatalogKind::Application);
    until("the held applications", || offered(&el) == ["", "s1", "s3"]).await;
    pick(&el, "s3");
    until("picked", || {
        picked.with_untracked(|p| p.as_ref().is_some_and(|p| p.name == "GitHub Enterprise"))
    })
    .await;
    pick(&el, "");
    until("unpicked", || picked.with_untracked(Option::is_none)).await;
    // Back to the entitlements: the earlier pick there is gone too.
    kind.set(CatalogKind::Entitlement);
    until("the held entitlements", || offered(&el) == ["", "e1", "e3"]).await;
    let select: web_sys::HtmlSelectElement = testid(&el, "access-held").unchecked_into();
    assert_eq!(select.value(), "");
    drop(m);

    // Nothing held of a kind, and a kind that could not be read, are said so.
    let kind = RwSignal::new(CatalogKind::Role);
    let m = mount(move || {
        let held = Held::new(None, Some(&[]));
        view! { <HeldPicker held=held kind=kind picked=RwSignal::new(None)/> }.into_any()
    });
    let el = m.el();
    until("no roles", || try_testid(&el, "access-held-none").is_some()).await;
    assert_eq!(text(&el, "access-held-none"), "Holds no roles.");
    kind.set(CatalogKind::Entitlement);
    until("unreadable", || try_testid(&el, "access-held-unknown").is_some()).await;
    assert!(try_testid(&el, "access-held").is_none());
}
