//! One item of the cart: what it is, the form assigned to it (rendered with the shared
//! renderer, its values kept in the cart), its problems for each person, and removal.

use std::collections::BTreeMap;

use gatehouse_wire::form::FormDefinition;
use leptos::prelude::*;
use serde_json::Value;

use super::check::{ItemProblems, Problem};
use crate::api::cart as api;
use crate::api::client::use_client;
use crate::cart::{use_cart, CartItem};
use crate::components::status::{ErrorNotice, Loading};
use crate::forms::FormRenderer;

/// An item card. `definitions` learns the item's form once it is loaded (the page needs
/// it to send only the shown fields and to check the values before a submit).
#[component]
pub fn CartItemCard(
    item: CartItem,
    #[prop(into)] problems: Signal<Vec<Problem>>,
    definitions: RwSignal<BTreeMap<String, FormDefinition>>,
) -> impl IntoView {
    let cart = use_cart();
    let client = use_client();
    let key = item.key();
    let object_id = key.clone();
    let form = LocalResource::new(move || {
        let object_id = object_id.clone();
        async move { api::form_for(&client, &object_id).await }
    });
    let known_key = key.clone();
    Effect::new(move || {
        if let Some(Ok(Some(f))) = form.get() {
            definitions.update(|d| {
                d.insert(known_key.clone(), f.form);
            });
        }
    });
    let remove_key = key.clone();
    let title_id = format!("cart-item-{}", key.replace('/', "-"));
    let data_key = key.clone();
    let labelled_by = title_id.clone();
    view! {
        <article
            class="cart-item"
            data-testid="cart-item"
            data-key=data_key
            data-name=item.name.clone()
            aria-labelledby=labelled_by
        >
            <header class="cart-item__head">
                <h2 id=title_id>{item.label()}</h2>
                <button
                    type="button"
                    class="btn btn--ghost"
                    data-testid="cart-remove"
                    aria-label=format!("Remove {} from the cart", item.label())
                    on:click=move |_| {
                        cart.state.update(|s| {
                            s.remove(&remove_key);
                        })
                    }
                >
                    "Remove"
                </button>
            </header>
            {item.application.clone().filter(|a| !a.is_empty()).map(|a| view! { <p class="muted">{format!("Application: {a}")}</p> })}
            {(!item.description.is_empty()).then(|| view! { <p class="cart-item__description">{item.description.clone()}</p> })}
            <ItemProblems problems=problems/>
            <Transition fallback=|| view! { <Loading what="the item's form"/> }>
                {move || {
                    let key = key.clone();
                    form.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(None) => view! { <p class="muted" data-testid="cart-item-no-form">"No form to fill for this item."</p> }.into_any(),
                            Ok(Some(f)) => view! { <ItemForm key=key definition=f.form name=f.name/> }.into_any(),
                        })
                }}
            </Transition>
        </article>
    }
}

/// The item's form, its values read from and written to the cart.
#[component]
fn ItemForm(key: String, definition: FormDefinition, name: String) -> impl IntoView {
    let cart = use_cart();
    let start = cart
        .state
        .with_untracked(|s| s.item(&key).map(|i| i.form.clone()))
        .unwrap_or(Value::Object(Default::default()));
    let values = RwSignal::new(start);
    Effect::new(move |_| {
        let v = values.get();
        let changed = cart.state.with_untracked(|s| s.item(&key).is_some_and(|i| i.form != v));
        if changed {
            cart.state.update(|s| s.set_form(&key, v));
        }
    });
    view! {
        <section class="cart-item__form" aria-label=format!("Form: {name}") data-testid="cart-item-form">
            <FormRenderer definition=Signal::stored(definition) values=values/>
        </section>
    }
}
