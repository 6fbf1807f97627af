//! What a validate or create answer means for the cart: each `{userId, error}` is put
//! next to the item it names (the server's texts name an item as `<kind>/<id>`,
//! `<kind> '<id>'` or `<kind> '<name>'`), or with the person when it names none (an
//! unknown user, the dates, a missing justification). [`CheckReport`] is plain data
//! with tests; [`ItemProblems`] and [`GeneralProblems`] show it.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_wire::form::{validate_values, FormDefinition};
use gatehouse_wire::request::{builtin_parts, Request};
use leptos::prelude::*;
use serde_json::Value;

use crate::api::requests::Created;
use crate::cart::{CartItem, CartState};

/// One thing that would fail (or failed), for one person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub user_id: String,
    /// Who, as the cart shows them ("You" for the signed-in person).
    pub person: String,
    /// The server's code (`DUPLICATED`, `FORM_INVALID`, …), empty when there is none.
    pub code: String,
    pub message: String,
}

/// A request the server created (or would create), as the cart lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedRow {
    pub id: String,
    pub label: String,
    pub person: String,
}

/// A validate or create answer, sorted out for the cart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Problems by item key (`<kind>/<id>`).
    pub by_item: BTreeMap<String, Vec<Problem>>,
    /// Problems that name no item, once per person and text.
    pub general: Vec<Problem>,
    /// The requests in `result`.
    pub requests: Vec<CreatedRow>,
    /// `(userId, item key)` of every request in `result`.
    pub passed: BTreeSet<(String, String)>,
}

/// Splits `CODE: text` into the code and the text (no code: empty code, whole text).
pub fn split_code(text: &str) -> (String, String) {
    match text.split_once(": ") {
        Some((code, rest)) if !code.is_empty() && code.chars().all(|c| c.is_ascii_uppercase() || c == '_') => {
            (code.to_string(), rest.to_string())
        }
        _ => (String::new(), text.to_string()),
    }
}

/// The key of the cart item a server text names, if it names one.
pub fn item_named(text: &str, items: &[CartItem]) -> Option<String> {
    items
        .iter()
        .find(|i| {
            let kind = i.kind.as_str();
            text.contains(&format!("[{kind}/{}]", i.id))
                || text.contains(&format!("{kind} '{}'", i.id))
                || text.contains(&format!("{kind} '{}'", i.name))
        })
        .map(CartItem::key)
}

/// The cart key of a request: its type's kind and the item id in `request.common`.
pub fn request_key(r: &Request) -> Option<String> {
    let (kind, _) = builtin_parts(&r.request_type)?;
    let id = r.request["common"][format!("{kind}Id")].as_str()?;
    Some(format!("{kind}/{id}"))
}

impl CheckReport {
    /// Sorts out a validate / create answer for the items and people of a cart.
    pub fn from_answer(answer: &Created, cart: &CartState, me: &str) -> CheckReport {
        let mut report = CheckReport::default();
        for e in &answer.errors {
            let person = cart.person_name(&e.user_id, me);
            let (code, message) = split_code(&e.error);
            match item_named(&e.error, &cart.items) {
                Some(key) => {
                    let list = report.by_item.entry(key).or_default();
                    // A form's errors come as one text; each field gets its own line.
                    let texts: Vec<String> = if code == "FORM_INVALID" {
                        let fields = message.split_once(".data.form: ").map_or(message.as_str(), |(_, f)| f);
                        fields.split("; ").map(str::to_string).collect()
                    } else {
                        vec![message]
                    };
                    for message in texts {
                        list.push(Problem {
                            user_id: e.user_id.clone(),
                            person: person.clone(),
                            code: code.clone(),
                            message,
                        });
                    }
                }
                None => {
                    let p = Problem {
                        user_id: e.user_id.clone(),
                        person,
                        code,
                        message,
                    };
                    if !report.general.contains(&p) {
                        report.general.push(p);
                    }
                }
            }
        }
        for r in &answer.result {
            let key = request_key(r).unwrap_or_default();
            report.passed.insert((r.user.id.clone(), key.clone()));
            let label = cart
                .item(&key)
                .map(CartItem::label)
                .unwrap_or_else(|| r.request_type.clone());
            let person = if r.user.id == me && cart.people.is_empty() {
                "you".to_string()
            } else {
                r.user.user_name.clone()
            };
            report.requests.push(CreatedRow {
                id: r.id.clone(),
                label,
                person,
            });
        }
        report
    }

    /// Local form problems (before anything is sent), by item key.
    pub fn from_forms(by_item: BTreeMap<String, Vec<Problem>>) -> CheckReport {
        CheckReport {
            by_item,
            ..Default::default()
        }
    }

    pub fn is_clean(&self) -> bool {
        self.general.is_empty() && self.by_item.values().all(Vec::is_empty)
    }

    /// The items of the cart not requested for every one of its users.
    pub fn unfinished(&self, cart: &CartState, me: &str) -> Vec<String> {
        let users = cart.users(me);
        cart.items
            .iter()
            .map(CartItem::key)
            .filter(|k| users.iter().any(|u| !self.passed.contains(&(u.clone(), k.clone()))))
            .collect()
    }

    pub fn for_item(&self, key: &str) -> Vec<Problem> {
        self.by_item.get(key).cloned().unwrap_or_default()
    }
}

/// The problems of each item's form values under its definition (`matcher` runs the
/// form's regexes), naming the field; items whose form is not loaded are skipped.
pub fn form_problems(
    cart: &CartState,
    definitions: &BTreeMap<String, FormDefinition>,
    matcher: gatehouse_wire::form::Matcher<'_>,
) -> BTreeMap<String, Vec<Problem>> {
    let mut out = BTreeMap::new();
    for item in &cart.items {
        let key = item.key();
        let Some(def) = definitions.get(&key) else { continue };
        if let Err(errors) = validate_values(def, &item.form, matcher) {
            let list = errors
                .into_iter()
                .map(|e| Problem {
                    user_id: String::new(),
                    person: "Form".into(),
                    code: "FORM_INVALID".into(),
                    message: e.to_string(),
                })
                .collect();
            out.insert(key, list);
        }
    }
    out
}

/// The body a form sends for an item: the shown fields' values, or `None` without a form.
pub fn form_body(definitions: &BTreeMap<String, FormDefinition>, item: &CartItem) -> Option<Value> {
    definitions
        .get(&item.key())
        .map(|def| crate::forms::state::shown_body(def, &item.form))
}

fn problem_line(p: Problem) -> impl IntoView {
    view! {
        <li data-testid="problem" data-user=p.user_id data-code=p.code.clone()>
            <strong>{p.person}</strong>
            ": "
            {p.message}
        </li>
    }
}

/// An item's problems, each with the person it is about; nothing when there are none.
#[component]
pub fn ItemProblems(#[prop(into)] problems: Signal<Vec<Problem>>) -> impl IntoView {
    move || {
        let list = problems.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="cart-problems" role="alert" data-testid="item-problems">
                    {list.into_iter().map(problem_line).collect_view()}
                </ul>
            }
        })
    }
}

/// Problems that name no item (an unknown person, the dates, the justification).
#[component]
pub fn GeneralProblems(#[prop(into)] problems: Signal<Vec<Problem>>) -> impl IntoView {
    move || {
        let list = problems.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice notice--error" role="alert" data-testid="cart-problems">
                    <p>"These apply to every item:"</p>
                    <ul>{list.into_iter().map(problem_line).collect_view()}</ul>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::requests::CatalogKind;
    use crate::cart::Person;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn cart() -> CartState {
        let mut c = CartState::default();
        for (kind, id, name) in [
            (CatalogKind::Role, "r1", "Finance Analyst"),
            (CatalogKind::Entitlement, "e1", "VPN Users"),
        ] {
            c.add(CartItem {
                kind,
                id: id.into(),
                name: name.into(),
                description: String::new(),
                application: None,
                form: json!({}),
            });
        }
        c
    }

    fn request(id: &str, kind: &str, item: &str, user: &str) -> Value {
        let u = json!({"id": user, "userName": user, "givenName": "", "sn": "", "mail": null});
        let decision = json!({"status": "in-progress", "decision": null, "outcome": null, "startDate": "t",
            "completionDate": null, "deadline": null, "comments": [], "actors": {"active": [], "inactive": []},
            "phases": []});
        json!({"id": id, "requestType": format!("{kind}Grant"), "requester": u, "user": u,
            "request": {"common": {format!("{kind}Id"): item}}, "application": null, "entitlement": null,
            "role": null, "decision": decision, "metadata": {"createdDate": "t", "modifiedDate": "t"}, "_rev": 1})
    }

    #[wasm_bindgen_test]
    fn codes_split_only_when_they_are_codes() {
        assert_eq!(split_code("DUPLICATED: x: y"), ("DUPLICATED".into(), "x: y".into()));
        assert_eq!(split_code("endDate: bad"), (String::new(), "endDate: bad".into()));
    }

    #[wasm_bindgen_test]
    fn errors_go_next_to_the_items_they_name_and_the_rest_to_the_person() {
        let mut c = cart();
        c.add_person(Person {
            id: "u1".into(),
            name: "Ada".into(),
        });
        c.add_person(Person {
            id: "u2".into(),
            name: "Bo".into(),
        });
        let answer: Created = serde_json::from_value(json!({
            "result": [request("q1", "role", "r1", "u2")],
            "errors": [
                {"userId": "u1", "error": "DUPLICATED: request x for role 'Finance Analyst' is already in progress for this user"},
                {"userId": "u1", "error": "FORM_INVALID: catalogs[entitlement/e1].data.form: custom.a: A is required; custom.b: B is short"},
                {"userId": "u2", "error": "ITEM_NOT_FOUND: catalogs: no requestable entitlement 'e1' in the catalog"},
                {"userId": "u1", "error": "JUSTIFICATION_REQUIRED: justification is required"},
                {"userId": "u1", "error": "JUSTIFICATION_REQUIRED: justification is required"},
                {"userId": "u9", "error": "USER_NOT_FOUND: user 'u9' does not exist"},
            ],
        }))
        .unwrap();
        let r = CheckReport::from_answer(&answer, &c, "me");
        let role = r.for_item("role/r1");
        assert_eq!(role.len(), 1);
        assert_eq!(role[0].person, "Ada");
        assert_eq!(role[0].code, "DUPLICATED");
        let ent: Vec<(String, String)> = r
            .for_item("entitlement/e1")
            .into_iter()
            .map(|p| (p.person, p.message))
            .collect();
        assert_eq!(
            ent,
            [
                ("Ada".to_string(), "custom.a: A is required".to_string()),
                ("Ada".into(), "custom.b: B is short".into()),
                (
                    "Bo".into(),
                    "catalogs: no requestable entitlement 'e1' in the catalog".into()
                ),
            ]
        );
        assert_eq!(r.general.len(), 2, "{:?}", r.general);
        assert_eq!(r.general[1].person, "u9");
        assert!(!r.is_clean());
        assert_eq!(r.requests[0].label, "Role: Finance Analyst");
        // Role r1 was made for Bo only; neither item is done for everyone.
        assert_eq!(r.unfinished(&c, "me"), ["role/r1", "entitlement/e1"]);
    }

    #[wasm_bindgen_test]
    fn a_clean_create_leaves_nothing_unfinished() {
        let c = cart();
        let answer: Created = serde_json::from_value(json!({
            "result": [request("q1", "role", "r1", "me"), request("q2", "entitlement", "e1", "me")],
            "errors": [],
        }))
        .unwrap();
        let r = CheckReport::from_answer(&answer, &c, "me");
        assert!(r.is_clean());
        assert!(r.unfinished(&c, "me").is_empty());
        assert_eq!(r.requests[1].person, "you");
        assert_eq!(r.requests[1].label, "Entitlement: VPN Users");
    }
}
