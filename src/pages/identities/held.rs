//! What an identity holds, on its page: its accounts (one per application, with the
//! entitlements granted on each) as [`HeldAccess`], and [`Held`] — the applications,
//! entitlements and roles it holds — from which [`HeldPicker`] lets an ORG_ADMIN pick
//! what to take away (instead of searching the whole catalog for it).

use gatehouse_wire::account::Account;
use gatehouse_wire::identity::RoleAssignment;
use leptos::prelude::*;

use crate::api::requests::CatalogKind;

/// One thing an identity holds, as a picker offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldItem {
    pub kind: CatalogKind,
    /// The catalog item's id (the source id of an application).
    pub id: String,
    pub name: String,
    /// A second line (the application of an entitlement, an account's name).
    pub detail: String,
}

/// Everything an identity holds, by kind; a kind is `None` when it could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Held {
    pub applications: Option<Vec<HeldItem>>,
    pub entitlements: Option<Vec<HeldItem>>,
    pub roles: Option<Vec<HeldItem>>,
}

impl Held {
    /// From the identity's accounts and role assignments (each `None` if unreadable):
    /// each application and entitlement once, by name.
    pub fn new(accounts: Option<&[Account]>, roles: Option<&[RoleAssignment]>) -> Held {
        let sorted = |mut items: Vec<HeldItem>| {
            items.sort_unstable_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            items.dedup_by(|a, b| a.id == b.id);
            items
        };
        Held {
            applications: accounts.map(|list| {
                sorted(
                    list.iter()
                        .map(|a| HeldItem {
                            kind: CatalogKind::Application,
                            id: a.application.id.clone(),
                            name: a.application.name.clone(),
                            detail: a.account.native_identity.clone(),
                        })
                        .collect(),
                )
            }),
            entitlements: accounts.map(|list| {
                sorted(
                    list.iter()
                        .flat_map(|a| {
                            a.entitlements.iter().map(|e| HeldItem {
                                kind: CatalogKind::Entitlement,
                                id: e.id.clone(),
                                name: e.display_name.clone(),
                                detail: a.application.name.clone(),
                            })
                        })
                        .collect(),
                )
            }),
            roles: roles.map(|list| {
                sorted(
                    list.iter()
                        .map(|r| HeldItem {
                            kind: CatalogKind::Role,
                            id: r.role.id.clone(),
                            name: r.role.name.clone().unwrap_or_else(|| r.role.id.clone()),
                            detail: r.assignment_source.clone(),
                        })
                        .collect(),
                )
            }),
        }
    }

    /// What is held of one kind (`None`: it could not be read).
    pub fn of(&self, kind: CatalogKind) -> Option<&[HeldItem]> {
        match kind {
            CatalogKind::Application => self.applications.as_deref(),
            CatalogKind::Entitlement => self.entitlements.as_deref(),
            CatalogKind::Role => self.roles.as_deref(),
        }
    }
}

/// The identity's accounts: application, account and the entitlements on it.
#[component]
pub fn HeldAccess(accounts: Vec<Account>) -> impl IntoView {
    if accounts.is_empty() {
        return view! { <p class="muted" data-testid="held-none">"Holds no accounts."</p> }.into_any();
    }
    view! {
        <table class="table" data-testid="held-access">
            <thead>
                <tr>
                    <th scope="col">"Application"</th>
                    <th scope="col">"Account"</th>
                    <th scope="col">"Entitlements"</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|a| {
                        let entitlements = if a.entitlements.is_empty() {
                            "—".to_string()
                        } else {
                            a.entitlements.iter().map(|e| e.display_name.clone()).collect::<Vec<_>>().join(", ")
                        };
                        view! {
                            <tr data-testid="held-account" data-application=a.application.name.clone()>
                                <td>{a.application.name.clone()}</td>
                                <td>
                                    {a.account.native_identity.clone()}
                                    {a.account.disabled.then(|| view! { " " <span class="badge">"Disabled"</span> })}
                                </td>
                                <td data-testid="held-entitlements">{entitlements}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The pick, if it is of the kind now chosen (a pick made under another kind is no pick).
pub fn pick_of(picked: Option<HeldItem>, kind: CatalogKind) -> Option<HeldItem> {
    picked.filter(|p| p.kind == kind)
}

fn noun(kind: CatalogKind) -> &'static str {
    match kind {
        CatalogKind::Application => "applications",
        CatalogKind::Entitlement => "entitlements",
        CatalogKind::Role => "roles",
    }
}

/// Pick one of the things of `kind` the identity holds.
#[component]
pub fn HeldPicker(
    held: Held,
    #[prop(into)] kind: Signal<CatalogKind>,
    /// The pick (read it through [`pick_of`]: a pick of another kind counts for nothing).
    picked: RwSignal<Option<HeldItem>>,
) -> impl IntoView {
    let held = StoredValue::new(held);
    let options = Memo::new(move |_| held.with_value(|h| h.of(kind.get()).map(<[HeldItem]>::to_vec)));
    let current = Memo::new(move |_| pick_of(picked.get(), kind.get()));
    move || match options.get() {
        None => view! {
            <p class="muted" data-testid="access-held-unknown">"What this identity holds could not be read."</p>
        }
        .into_any(),
        Some(list) if list.is_empty() => view! {
            <p class="muted" data-testid="access-held-none">{format!("Holds no {}.", noun(kind.get()))}</p>
        }
        .into_any(),
        Some(list) => {
            let choices = list.clone();
            view! {
                <label class="field">
                    {format!("Held {}", noun(kind.get()))}
                    <select
                        data-testid="access-held"
                        on:change=move |ev| {
                            let id = event_target_value(&ev);
                            picked.set(choices.iter().find(|i| i.id == id).cloned());
                        }
                    >
                        <option value="" prop:selected=move || current.with(Option::is_none)>"Choose…"</option>
                        {list
                            .into_iter()
                            .map(|i| {
                                let id = i.id.clone();
                                view! {
                                    <option value=i.id.clone() prop:selected=move || current.with(|p| p.as_ref().is_some_and(|p| p.id == id))>
                                        {format!("{} ({})", i.name, i.detail)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn account(app: (&str, &str), native: &str, ents: &[(&str, &str)]) -> Account {
        let e: Vec<_> = ents
            .iter()
            .map(|(id, name)| {
                json!({"id": id, "name": name, "displayName": name, "attribute": "memberOf",
                "value": name, "description": "", "privileged": false, "requestable": true, "granted": "t"})
            })
            .collect();
        serde_json::from_value(json!({
            "id": format!("system/{}/User/{native}", app.0),
            "keys": {"accountId": native, "applicationId": app.0, "userId": "u1"},
            "account": {"id": native, "nativeIdentity": native, "name": native, "disabled": false, "created": "t"},
            "user": null,
            "application": {"id": app.0, "name": app.1, "description": "", "connector": "c", "requestable": true},
            "applicationOwner": [], "entitlements": e,
            "descriptor": {"idx": {"/account": {"displayName": native}}}, "glossary": {},
            "item": {"type": "accountGrant", "objectType": "account"},
            "metadata": {"createdDate": "t", "modifiedDate": "t"},
        }))
        .unwrap()
    }

    #[wasm_bindgen_test]
    fn what_is_held_comes_once_by_name() {
        let accounts = [
            account(("s2", "Workday"), "rachel", &[("e2", "Employee Self Service")]),
            account(
                ("s1", "Active Directory"),
                "CN=Rachel",
                &[("e1", "Domain Users"), ("e3", "VPN Users")],
            ),
            account(("s1", "Active Directory"), "CN=Rachel-2", &[("e1", "Domain Users")]),
        ];
        let held = Held::new(Some(&accounts), None);
        let names = |k| held.of(k).unwrap().iter().map(|i| i.name.as_str()).collect::<Vec<_>>();
        assert_eq!(names(CatalogKind::Application), ["Active Directory", "Workday"]);
        assert_eq!(
            names(CatalogKind::Entitlement),
            ["Domain Users", "Employee Self Service", "VPN Users"]
        );
        assert_eq!(held.of(CatalogKind::Entitlement).unwrap()[2].detail, "Active Directory");
        assert_eq!(held.of(CatalogKind::Role), None, "the roles could not be read");
        assert_eq!(Held::new(None, Some(&[])).of(CatalogKind::Role), Some(&[][..]));
        let vpn = held.of(CatalogKind::Entitlement).unwrap()[2].clone();
        assert_eq!(pick_of(Some(vpn.clone()), CatalogKind::Entitlement), Some(vpn.clone()));
        assert_eq!(
            pick_of(Some(vpn), CatalogKind::Role),
            None,
            "a pick of another kind is no pick"
        );
    }
}
