//! The requester's cart: catalog items waiting to be requested together, with the form
//! values of each, for whom, and the request's justification, priority and dates.
//!
//! [`CartState`] is a plain struct (its rules have ordinary tests); [`Cart`] is the
//! context newtype pages share through [`provide_cart`] / [`use_cart`]. The cart is kept
//! in this tab's sessionStorage under the signed-in identity's id, so it survives a
//! reload and two people signing in one after the other in a tab never see each
//! other's cart.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::cart::{CatalogEntry, EntryData, NewRequests};
use crate::api::requests::{CatalogItem, CatalogKind};
use crate::session::Session;

const STORAGE_PREFIX: &str = "gatehouse.cart.";
pub const PRIORITIES: [&str; 3] = ["low", "medium", "high"];

/// `CatalogKind` as its `catalogs[].type` text.
mod kind_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::api::requests::CatalogKind;

    pub fn serialize<S: Serializer>(k: &CatalogKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<CatalogKind, D::Error> {
        let text = String::deserialize(d)?;
        CatalogKind::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("'{text}' is not application, entitlement or role")))
    }
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

/// One catalog item in the cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CartItem {
    #[serde(with = "kind_text")]
    pub kind: CatalogKind,
    /// The catalog item's id (`catalogs[].id`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The application an entitlement belongs to.
    #[serde(default)]
    pub application: Option<String>,
    /// The values typed into the item's form, keyed by model path.
    #[serde(default = "empty_object")]
    pub form: Value,
}

impl CartItem {
    pub fn from_catalog(item: &CatalogItem) -> CartItem {
        CartItem {
            kind: item.kind,
            id: item.id.clone(),
            name: item.name.clone(),
            description: item.description.clone(),
            application: item.application.clone(),
            form: empty_object(),
        }
    }

    /// `<kind>/<id>`: the item's key in the cart and its form assignment's `objectId`.
    pub fn key(&self) -> String {
        item_key(self.kind, &self.id)
    }

    /// "Role: Finance Analyst", as My requests names items.
    pub fn label(&self) -> String {
        let kind = match self.kind {
            CatalogKind::Application => "Application",
            CatalogKind::Entitlement => "Entitlement",
            CatalogKind::Role => "Role",
        };
        format!("{kind}: {}", self.name)
    }
}

/// The key of a catalog item: `<kind>/<id>`.
pub fn item_key(kind: CatalogKind, id: &str) -> String {
    format!("{}/{id}", kind.as_str())
}

/// Someone the requests are for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
}

/// Everything in the cart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CartState {
    pub items: Vec<CartItem>,
    /// Who the requests are for (an ORG_ADMIN only); empty means the signed-in person.
    pub people: Vec<Person>,
    pub justification: String,
    pub priority: String,
    /// `YYYY-MM-DD` or empty.
    pub start_date: String,
    pub end_date: String,
}

impl Default for CartState {
    fn default() -> Self {
        CartState {
            items: Vec::new(),
            people: Vec::new(),
            justification: String::new(),
            priority: PRIORITIES[0].to_string(),
            start_date: String::new(),
            end_date: String::new(),
        }
    }
}

impl CartState {
    /// Adds an item; `false` when it is already in the cart (its form values are kept).
    pub fn add(&mut self, item: CartItem) -> bool {
        if self.contains(&item.key()) {
            return false;
        }
        self.items.push(item);
        true
    }

    /// Removes the item with this key; `false` when it was not there.
    pub fn remove(&mut self, key: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|i| i.key() != key);
        self.items.len() != before
    }

    pub fn contains(&self, key: &str) -> bool {
        self.items.iter().any(|i| i.key() == key)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn item(&self, key: &str) -> Option<&CartItem> {
        self.items.iter().find(|i| i.key() == key)
    }

    /// Replaces the form values of an item.
    pub fn set_form(&mut self, key: &str, values: Value) {
        if let Some(i) = self.items.iter_mut().find(|i| i.key() == key) {
            i.form = values;
        }
    }

    /// Adds someone to request for; `false` when they are already there.
    pub fn add_person(&mut self, p: Person) -> bool {
        if self.people.iter().any(|x| x.id == p.id) {
            return false;
        }
        self.people.push(p);
        true
    }

    pub fn remove_person(&mut self, id: &str) {
        self.people.retain(|p| p.id != id);
    }

    /// The user ids of the requests: the people picked, or the signed-in person.
    pub fn users(&self, me: &str) -> Vec<String> {
        if self.people.is_empty() {
            vec![me.to_string()]
        } else {
            self.people.iter().map(|p| p.id.clone()).collect()
        }
    }

    /// The display name of a user id of this cart (the id itself when unknown).
    pub fn person_name(&self, id: &str, me: &str) -> String {
        if id == me && self.people.is_empty() {
            return "You".into();
        }
        self.people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// The validate / create body. `form_body` gives the values to send for an item
    /// (the shown fields of its form), `None` for an item without a form.
    pub fn body(&self, me: &str, form_body: impl Fn(&CartItem) -> Option<Value>) -> NewRequests {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        NewRequests {
            users: self.users(me),
            catalogs: self
                .items
                .iter()
                .map(|i| CatalogEntry {
                    kind: i.kind.as_str(),
                    id: i.id.clone(),
                    data: form_body(i).map(|form| EntryData { form }),
                })
                .collect(),
            priority: self.priority.clone(),
            justification: opt(&self.justification),
            start_date: opt(&self.start_date),
            end_date: opt(&self.end_date),
            access_modifier: "add",
        }
    }

    /// After a create: drops the items that were requested for everyone, keeps the
    /// others (with their values) so their problems can be fixed. An emptied cart
    /// starts over with fresh details.
    pub fn keep_only(&mut self, keys: &[String]) {
        self.items.retain(|i| keys.contains(&i.key()));
        if self.items.is_empty() {
            *self = CartState::default();
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored cart; anything unreadable is an empty cart.
    pub fn from_json(text: &str) -> CartState {
        serde_json::from_str(text).unwrap_or_default()
    }
}

/// The storage key of an identity's cart.
pub fn storage_key(identity_id: &str) -> String {
    format!("{STORAGE_PREFIX}{identity_id}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Reads an identity's stored cart (empty when there is none).
pub fn load(identity_id: &str) -> CartState {
    storage()
        .and_then(|s| s.get_item(&storage_key(identity_id)).ok().flatten())
        .map(|t| CartState::from_json(&t))
        .unwrap_or_default()
}

fn save(identity_id: &str, state: &CartState) {
    if let Some(s) = storage() {
        let _ = s.set_item(&storage_key(identity_id), &state.to_json());
    }
}

/// The cart context: the state, saved to storage whenever it changes.
#[derive(Debug, Clone, Copy)]
pub struct Cart {
    pub state: RwSignal<CartState>,
}

impl Cart {
    /// A cart loaded from an identity's storage and saved back on every change.
    pub fn for_identity(identity_id: String) -> Cart {
        let state = RwSignal::new(load(&identity_id));
        Effect::new(move |_| state.with(|s| save(&identity_id, s)));
        Cart { state }
    }

    pub fn count(&self) -> usize {
        self.state.with(CartState::len)
    }
}

/// Provides the signed-in person's cart to this page's components.
pub fn provide_cart() -> Cart {
    let me = use_context::<Session>()
        .and_then(|s| s.principal())
        .map(|p| p.identity_id)
        .unwrap_or_default();
    let cart = Cart::for_identity(me);
    provide_context(cart);
    cart
}

/// The cart provided by the page; panics only if `provide_cart` was never called (a bug).
pub fn use_cart() -> Cart {
    expect_context::<Cart>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn item(kind: CatalogKind, id: &str, name: &str) -> CartItem {
        CartItem::from_catalog(&CatalogItem {
            id: id.into(),
            kind,
            name: name.into(),
            description: String::new(),
            application: None,
        })
    }

    #[wasm_bindgen_test]
    fn adding_twice_keeps_one_and_remove_takes_it_out() {
        let mut c = CartState::default();
        assert!(c.add(item(CatalogKind::Role, "r1", "Finance Analyst")));
        c.set_form("role/r1", json!({"custom": {"x": 1}}));
        assert!(!c.add(item(CatalogKind::Role, "r1", "Finance Analyst")));
        assert!(c.add(item(CatalogKind::Entitlement, "r1", "Same id, other kind")));
        assert_eq!(c.len(), 2);
        assert_eq!(c.item("role/r1").unwrap().form, json!({"custom": {"x": 1}}));
        assert!(c.remove("role/r1"));
        assert!(!c.remove("role/r1"));
        assert_eq!(
            c.items.iter().map(CartItem::key).collect::<Vec<_>>(),
            ["entitlement/r1"]
        );
    }

    #[wasm_bindgen_test]
    fn the_cart_round_trips_through_json_and_survives_garbage() {
        let mut c = CartState::default();
        c.add(item(CatalogKind::Entitlement, "e1", "VPN Users"));
        c.set_form("entitlement/e1", json!({"custom": {"duration": "30d"}}));
        c.add_person(Person {
            id: "u1".into(),
            name: "Ada".into(),
        });
        c.justification = "Travel".into();
        c.end_date = "2026-04-01".into();
        let text = c.to_json();
        assert!(text.contains("\"kind\":\"entitlement\""));
        assert_eq!(CartState::from_json(&text), c);
        assert_eq!(CartState::from_json("not json"), CartState::default());
        assert!(CartState::from_json(r#"{"items":[{"kind":"robot","id":"x","name":"y"}]}"#).is_empty());
        assert_eq!(CartState::from_json("{}").priority, "low");
    }

    #[wasm_bindgen_test]
    fn the_body_names_the_people_or_me_and_sends_form_values() {
        let mut c = CartState::default();
        c.add(item(CatalogKind::Role, "r1", "Finance Analyst"));
        c.add(item(CatalogKind::Entitlement, "e1", "VPN Users"));
        c.justification = "  ".into();
        c.start_date = "2026-03-01".into();
        let body = c.body("me", |i| {
            (i.kind == CatalogKind::Entitlement).then(|| json!({"custom": {}}))
        });
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({
                "users": ["me"],
                "catalogs": [
                    {"type": "role", "id": "r1"},
                    {"type": "entitlement", "id": "e1", "data": {"form": {"custom": {}}}},
                ],
                "priority": "low",
                "startDate": "2026-03-01",
                "accessModifier": "add",
            })
        );
        assert_eq!(c.person_name("me", "me"), "You");
        c.add_person(Person {
            id: "u2".into(),
            name: "Bo".into(),
        });
        assert!(!c.add_person(Person {
            id: "u2".into(),
            name: "Bo".into(),
        }));
        assert_eq!(c.users("me"), ["u2"]);
        assert_eq!(c.person_name("u2", "me"), "Bo");
        c.remove_person("u2");
        assert_eq!(c.users("me"), ["me"]);
    }

    #[wasm_bindgen_test]
    fn keeping_only_the_failed_items_and_starting_over_when_none_is_left() {
        let mut c = CartState::default();
        c.add(item(CatalogKind::Role, "r1", "A"));
        c.add(item(CatalogKind::Role, "r2", "B"));
        c.justification = "why".into();
        c.keep_only(&["role/r2".to_string()]);
        assert_eq!(c.len(), 1);
        assert_eq!(c.justification, "why");
        c.keep_only(&[]);
        assert_eq!(c, CartState::default());
    }
}
