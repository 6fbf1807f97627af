//! `/catalog/:kind/:id`: one catalog item (`GET /iga/governance/catalog/{kind}/{id}`) —
//! name, description, application, owners, whether it is privileged and requestable,
//! its glossary, and whether a form must be filled (the form assigned to
//! `<kind>/<id>`) — with "Add to cart". The page keeps the catalog view it was opened
//! from in its own query, so "back" returns to the same filters, sort and page.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::state::CatalogState;
use crate::api::cart as cart_api;
use crate::api::catalog::{self as api, CatalogDetails, Owner};
use crate::api::client::use_client;
use crate::api::requests::CatalogKind;
use crate::api::ApiError;
use crate::cart::{item_key, provide_cart, use_cart, CartItem};
use crate::components::status::{ErrorNotice, Loading};

/// What is known of the item's form: `None` while it is looked up, then its name or none.
pub type FormInfo = Option<Result<Option<String>, ApiError>>;

#[component]
pub fn CatalogItemPage() -> impl IntoView {
    let client = use_client();
    let cart = provide_cart();
    let params = use_params_map();
    let query = use_query_map();
    let kind = Memo::new(move |_| params.with(|p| p.get("kind").and_then(|k| CatalogKind::parse(&k))));
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let back = Memo::new(move |_| {
        let from = query.with(CatalogState::from_query);
        // The item's own kind when the link carried no view.
        match kind.get() {
            Some(k) if from.kind != k => from.with_kind(k).href(),
            _ => from.href(),
        }
    });
    // The item and its form, read together (one loading state, one future in the wasm).
    let loaded = LocalResource::new(move || {
        let (kind, id) = (kind.get(), id.get());
        async move {
            let Some(k) = kind else {
                return Err(ApiError::NotFound(
                    "The address names no catalog kind (application, entitlement or role).".into(),
                ));
            };
            let details = api::item(&client, k, &id).await?;
            let form = cart_api::form_for(&client, &item_key(k, &id))
                .await
                .map(|f| f.map(|f| f.name));
            Ok((details, form))
        }
    });
    view! {
        <section class="page">
            <div class="page__head">
                <a class="btn btn--ghost" href=move || back.get() data-testid="back-to-catalog">"← Catalog"</a>
                <a class="btn" href="/cart" data-testid="cart-link" aria-live="polite">
                    {move || format!("Cart ({})", cart.count())}
                </a>
            </div>
            <Transition fallback=|| view! { <Loading what="the item"/> }>
                {move || {
                    loaded
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok((d, form)) => view! { <ItemDetails details=d form=Signal::stored(Some(form))/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

fn owners_text(owners: &[Owner]) -> String {
    if owners.is_empty() {
        "—".into()
    } else {
        owners.iter().map(Owner::label).collect::<Vec<_>>().join(", ")
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

/// The facts of one item and "Add to cart" (the page provides the cart).
#[component]
pub fn ItemDetails(details: CatalogDetails, #[prop(into)] form: Signal<FormInfo>) -> impl IntoView {
    let cart = use_cart();
    let CatalogDetails {
        item,
        owners,
        application_owners,
        requestable,
        privileged,
        glossary,
    } = details;
    let key = item_key(item.kind, &item.id);
    let in_cart = Memo::new(move |_| cart.state.with(|s| s.contains(&key)));
    let for_cart = CartItem::from_catalog(&item);
    let kind_label = match item.kind {
        CatalogKind::Application => "Application",
        CatalogKind::Entitlement => "Entitlement",
        CatalogKind::Role => "Role",
    };
    let form_line = move || match form.get() {
        None => view! { <span class="muted">"Looking for a form…"</span> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
        Some(Ok(None)) => view! { <span data-testid="item-form">"No form to fill."</span> }.into_any(),
        Some(Ok(Some(name))) => view! {
            <span data-testid="item-form">
                {format!("Yes: the form \u{201c}{name}\u{201d} is filled in the cart before the request is sent.")}
            </span>
        }
        .into_any(),
    };
    view! {
        <article class="catalog-item" data-testid="item-details" aria-labelledby="item-title">
            <p class="muted">{kind_label}</p>
            <h1 id="item-title" data-testid="item-name">{item.name.clone()}</h1>
            <p data-testid="item-description">
                {if item.description.is_empty() { "No description.".to_string() } else { item.description.clone() }}
            </p>
            <dl class="facts" data-testid="item-facts">
                {item.application.clone().map(|a| view! {
                    <dt>"Application"</dt>
                    <dd data-testid="item-application">{a}</dd>
                })}
                <dt>"Owners"</dt>
                <dd data-testid="item-owners">{owners_text(&owners)}</dd>
                {(item.kind == CatalogKind::Entitlement).then(|| view! {
                    <dt>"Application owners"</dt>
                    <dd data-testid="item-application-owners">{owners_text(&application_owners)}</dd>
                })}
                {privileged.map(|p| view! {
                    <dt>"Privileged"</dt>
                    <dd data-testid="item-privileged">{yes_no(p)}</dd>
                })}
                <dt>"Requestable"</dt>
                <dd data-testid="item-requestable">{yes_no(requestable)}</dd>
                <dt>"Form to fill"</dt>
                <dd>{form_line}</dd>
            </dl>
            {(!glossary.is_empty()).then(|| view! {
                <h2>"Glossary"</h2>
                <dl class="facts" data-testid="item-glossary">
                    {glossary
                        .into_iter()
                        .map(|(k, v)| view! { <dt>{k.clone()}</dt><dd data-testid="glossary-value" data-key=k>{v}</dd> })
                        .collect_view()}
                </dl>
            })}
            <div class="catalog__actions catalog__actions--start">
                <button
                    type="button"
                    class="btn btn--primary"
                    data-testid="item-add"
                    disabled=move || in_cart.get() || !requestable
                    on:click=move |_| {
                        cart.state.update(|s| {
                            s.add(for_cart.clone());
                        })
                    }
                >
                    {move || if in_cart.get() { "In cart" } else { "Add to cart" }}
                </button>
                {move || in_cart.get().then(|| view! { <a class="btn" href="/cart" data-testid="item-go-to-cart">"Go to the cart"</a> })}
            </div>
        </article>
    }
}
