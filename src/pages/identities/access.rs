//! On an identity's page, for an ORG_ADMIN: give or take away an application, an
//! entitlement or a role directly (IGA provisioning, no request). What to give is picked
//! with a type-ahead over the whole catalog (`ignoreRequestable=true`); what to take away
//! from what the identity actually holds ([`HeldPicker`]: its accounts' applications and
//! entitlements, its roles). The result is told in the page's notice and the page reads
//! the identity again.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::held::{pick_of, Held, HeldItem, HeldPicker};
use crate::api::client::use_client;
use crate::api::governance::{self, Change};
use crate::api::requests::CatalogKind;
use crate::components::status::ErrorNotice;
use crate::pages::requests::typeahead::{search_resource, Choice, TypeAhead};

/// What the notice says after a change.
pub fn done_message(change: Change, kind: CatalogKind, name: &str) -> String {
    let what = match kind {
        CatalogKind::Application => "application",
        CatalogKind::Entitlement => "entitlement",
        CatalogKind::Role => "role",
    };
    match change {
        Change::Add => format!("Gave the {what} {name}."),
        Change::Remove => format!("Took away the {what} {name}."),
    }
}

/// Add or remove access for the identity of the page (`/identities/:id`).
#[component]
pub fn DirectAccess(
    /// The page's notice, where the result is told (it outlives the reload).
    notice: RwSignal<Option<String>>,
    /// Reloads the page's identity (its role assignments and accounts).
    on_changed: Callback<()>,
    /// What the identity holds, offered for taking away.
    held: Held,
) -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let user = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let kind = RwSignal::new(CatalogKind::Role);
    let query = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<Choice>);
    let to_remove = RwSignal::new(None::<HeldItem>);
    let found = search_resource(query, move |text| async move {
        let items = governance::catalog_all(&client, kind.get_untracked(), &text).await?;
        Ok(items
            .into_iter()
            .map(|i| Choice {
                detail: i.application.clone().unwrap_or(i.description),
                id: i.id,
                label: i.name,
            })
            .collect())
    });
    let run = Action::new_local(move |change: &Change| {
        let (change, kind, user) = (*change, kind.get_untracked(), user.get_untracked());
        let item = match change {
            Change::Add => picked.get_untracked().map(|c| (c.id, c.label)),
            Change::Remove => pick_of(to_remove.get_untracked(), kind).map(|i| (i.id, i.name)),
        };
        async move {
            let Some((id, name)) = item else { return Ok(None) };
            governance::provision(&client, &user, kind, &id, change).await?;
            Ok(Some(done_message(change, kind, &name)))
        }
    });
    Effect::new(move || {
        if let Some(Ok(Some(message))) = run.value().get() {
            notice.set(Some(message));
            on_changed.run(());
        }
    });
    let set_kind = move |ev: leptos::ev::Event| {
        if let Some(k) = CatalogKind::parse(&event_target_value(&ev)) {
            kind.set(k);
            picked.set(None);
            query.set(String::new());
        }
    };
    let on_pick = Callback::new(move |c: Choice| {
        query.set(c.label.clone());
        picked.set(Some(c));
    });
    let button = move |change: Change, label: &'static str, class: &'static str, testid: &'static str| {
        let none = move || match change {
            Change::Add => picked.with(Option::is_none),
            Change::Remove => pick_of(to_remove.get(), kind.get()).is_none(),
        };
        view! {
            <button
                type="button"
                class=class
                data-testid=testid
                disabled=move || none() || run.pending().get()
                on:click=move |_| {
                    run.dispatch(change);
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="card direct-access" data-testid="direct-access" aria-labelledby="direct-access-title">
            <h2 id="direct-access-title">"Give or take away access"</h2>
            <p class="hint">"Changes what this identity holds at once, without a request or an approval."</p>
            <div class="direct-access__row">
                <label class="field">
                    "Kind"
                    <select data-testid="access-kind" on:change=set_kind>
                        {CatalogKind::ALL
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option value=k.as_str() prop:selected=move || kind.get() == k>
                                        {k.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <div class="direct-access__parts">
                <div class="direct-access__part" role="group" aria-labelledby="give-title">
                    <h3 id="give-title">"Give"</h3>
                    <TypeAhead
                        label="Item from the catalog"
                        testid="access-search"
                        placeholder="Name"
                        query=query
                        choices=Signal::derive(move || found.get())
                        on_pick=on_pick
                    />
                    {button(Change::Add, "Give", "btn btn--primary", "access-add")}
                </div>
                <div class="direct-access__part" role="group" aria-labelledby="take-title">
                    <h3 id="take-title">"Take away"</h3>
                    <HeldPicker held=held kind=kind picked=to_remove/>
                    {button(Change::Remove, "Take away", "btn btn--danger", "access-remove")}
                </div>
            </div>
            {move || run.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn messages_say_what_changed() {
        assert_eq!(done_message(Change::Add, CatalogKind::Role, "R"), "Gave the role R.");
        assert_eq!(
            done_message(Change::Remove, CatalogKind::Entitlement, "E"),
            "Took away the entitlement E."
        );
    }
}
