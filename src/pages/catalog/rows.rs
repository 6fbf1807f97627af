//! The catalog's table: one row per item, its name a link to the item's details,
//! "Add to cart", and the quick "Request" — offered only for items without a form (a
//! quick request sends no form values, so an item with a form would always fail with
//! `FORM_INVALID`: those are requested through the cart, which fills the form).

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::requests::{CatalogItem, CatalogKind};
use crate::cart::{item_key, use_cart, CartItem};

/// Whether an item may be requested at once: it has no form (`formed` is `None` while
/// the form assignments are unknown, and then nothing is offered).
pub fn quick_request(formed: Option<&BTreeSet<String>>, item: &CatalogItem) -> bool {
    formed.is_some_and(|f| !f.contains(&item.id))
}

/// The rows of one page of the catalog.
#[component]
pub fn CatalogTable(
    items: Vec<CatalogItem>,
    kind: CatalogKind,
    /// The ids of the items with a form (`None` while unknown).
    #[prop(into)]
    formed: Signal<Option<BTreeSet<String>>>,
    /// The query of the catalog view, carried to the details page so "back" returns to it.
    #[prop(into)]
    query: String,
    on_request: Callback<CatalogItem>,
) -> impl IntoView {
    let cart = use_cart();
    let entitlements = kind == CatalogKind::Entitlement;
    view! {
        <table class="table" data-testid="catalog">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    {entitlements.then(|| view! { <th scope="col">"Application"</th> })}
                    <th scope="col">"Description"</th>
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|item| {
                        let for_cart = CartItem::from_catalog(&item);
                        let key = item_key(item.kind, &item.id);
                        let in_cart = Memo::new(move |_| cart.state.with(|s| s.contains(&key)));
                        let href = format!(
                            "/catalog/{}/{}{query}",
                            item.kind.as_str(),
                            js_sys::encode_uri_component(&item.id)
                        );
                        let has_form = {
                            let id = item.id.clone();
                            move || formed.with(|f| f.as_ref().is_some_and(|f| f.contains(&id)))
                        };
                        let quick = {
                            let item = item.clone();
                            move || formed.with(|f| quick_request(f.as_ref(), &item))
                        };
                        let it = item.clone();
                        view! {
                            <tr data-testid="catalog-row" data-name=item.name.clone()>
                                <td>
                                    <a href=href data-testid="catalog-open">{item.name.clone()}</a>
                                    {move || has_form().then(|| view! {
                                        " "
                                        <span class="badge" data-testid="catalog-has-form" title="A form is filled in the cart">
                                            "Form"
                                        </span>
                                    })}
                                </td>
                                {entitlements.then(|| view! { <td>{item.application.clone().unwrap_or_default()}</td> })}
                                <td>{item.description.clone()}</td>
                                <td class="catalog__actions">
                                    <button
                                        type="button"
                                        class="btn btn--primary"
                                        data-testid="catalog-add"
                                        disabled=in_cart
                                        on:click=move |_| {
                                            cart.state.update(|s| {
                                                s.add(for_cart.clone());
                                            })
                                        }
                                    >
                                        {move || if in_cart.get() { "In cart" } else { "Add to cart" }}
                                    </button>
                                    {move || {
                                        let it = it.clone();
                                        quick().then(|| view! {
                                            <button
                                                type="button"
                                                class="btn"
                                                data-testid="catalog-request"
                                                on:click=move |_| on_request.run(it.clone())
                                            >
                                                "Request"
                                            </button>
                                        })
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
