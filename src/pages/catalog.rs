//! `/catalog`: what may be requested, one kind per tab, searched by name and paged,
//! all in the URL (`?kind=role&q=fin&page=2`). "Add to cart" puts an item in the cart
//! (requested together, with forms, from `/cart`); "Request" asks for a justification
//! and a priority and creates a request for the signed-in person at once.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::client::use_client;
use crate::api::requests::{self, CatalogItem, CatalogKind, Created};
use crate::cart::{item_key, provide_cart, CartItem};
use crate::components::dialog::ConfirmDialog;
use crate::components::pager::Pager;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::pages::identities::query::query_string;
use crate::session::use_session;

const PAGE_SIZES: &[u32] = &[10, 25, 50];
const PRIORITIES: [&str; 3] = ["low", "medium", "high"];

/// What the catalog shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogState {
    pub kind: CatalogKind,
    pub search: String,
    /// Zero-based.
    pub page: u32,
    pub size: u32,
}

impl Default for CatalogState {
    fn default() -> Self {
        Self {
            kind: CatalogKind::Application,
            search: String::new(),
            page: 0,
            size: 10,
        }
    }
}

impl CatalogState {
    pub fn from_query(q: &ParamsMap) -> Self {
        let d = Self::default();
        Self {
            kind: q.get("kind").and_then(|k| CatalogKind::parse(&k)).unwrap_or(d.kind),
            search: q.get("q").unwrap_or_default(),
            page: q
                .get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .map(|p| p.saturating_sub(1))
                .unwrap_or(0),
            size: q
                .get("size")
                .and_then(|s| s.parse().ok())
                .filter(|s| PAGE_SIZES.contains(s))
                .unwrap_or(d.size),
        }
    }

    pub fn href(&self) -> String {
        let d = Self::default();
        let mut pairs = Vec::new();
        if self.kind != d.kind {
            pairs.push(("kind", self.kind.as_str().to_string()));
        }
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if self.page > 0 {
            pairs.push(("page", (self.page + 1).to_string()));
        }
        if self.size != d.size {
            pairs.push(("size", self.size.to_string()));
        }
        format!("/catalog{}", query_string(&pairs))
    }
}

/// A create's answer as one line a person reads.
pub fn created_summary(c: &Created) -> Result<String, Vec<String>> {
    if c.errors.is_empty() && !c.result.is_empty() {
        Ok(c.result.iter().map(|r| r.id.clone()).collect::<Vec<_>>().join(", "))
    } else if c.errors.is_empty() {
        Err(vec!["The server created no request.".into()])
    } else {
        Err(c.errors.iter().map(|e| e.error.clone()).collect())
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let cart = provide_cart();
    let query = use_query_map();
    let navigate = use_navigate();
    let state = Memo::new(move |_| query.with(CatalogState::from_query));
    let go = move |next: CatalogState| navigate(&next.href(), Default::default());
    let go = StoredValue::new(go);
    let page = LocalResource::new(move || {
        let s = state.get();
        let q = requests::catalog_query(s.kind, &s.search, s.page, s.size);
        async move { requests::catalog(&client, &q).await }
    });
    let total = RwSignal::new(0u64);
    Effect::new(move || {
        if let Some(Ok((_, t))) = page.get() {
            total.set(t);
        }
    });

    // The request dialog.
    let chosen = RwSignal::new(None::<CatalogItem>);
    let open = RwSignal::new(false);
    let justification = RwSignal::new(String::new());
    let priority = RwSignal::new("low".to_string());
    let create = Action::new_local(move |body: &serde_json::Value| {
        let body = body.clone();
        async move { requests::create(&client, &body).await }
    });
    let outcome = Memo::new(move |_| {
        create.value().get().map(|r| match r {
            Ok(c) => created_summary(&c),
            Err(e) => Err(vec![e.to_string()]),
        })
    });
    Effect::new(move || {
        if let Some(Ok(_)) = outcome.get() {
            open.set(false);
        }
    });
    let submit = Callback::new(move |_| {
        let Some(item) = chosen.get_untracked() else { return };
        let user = session.principal().map(|p| p.identity_id).unwrap_or_default();
        create.dispatch(requests::create_body(
            &user,
            item.kind,
            &item.id,
            &justification.get_untracked(),
            &priority.get_untracked(),
        ));
    });
    let ask = move |item: CatalogItem| {
        chosen.set(Some(item));
        justification.set(String::new());
        priority.set("low".into());
        create.value().set(None);
        open.set(true);
    };

    let search_text = RwSignal::new(state.get_untracked().search);
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Catalog"</h1>
                <div class="page__links">
                    <a class="btn btn--ghost" href="/requests">"My requests"</a>
                    <a class="btn btn--ghost" href="/custom-request" data-testid="custom-request-link">"Custom request"</a>
                    <a class="btn" href="/cart" data-testid="cart-link" aria-live="polite">
                        {move || format!("Cart ({})", cart.count())}
                    </a>
                </div>
            </div>
            <nav class="tabs" aria-label="Kinds">
                {CatalogKind::ALL
                    .into_iter()
                    .map(|k| {
                        let href = CatalogState { kind: k, ..Default::default() }.href();
                        view! {
                            <a
                                href=href
                                class="tabs__tab"
                                data-testid=format!("tab-{}", k.as_str())
                                aria-current=move || state.with(|s| s.kind == k).then_some("page")
                            >
                                {k.label()}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <form
                class="catalog__search"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let s = state.get_untracked();
                    go.with_value(|go| go(CatalogState { search: search_text.get_untracked().trim().to_string(), page: 0, ..s }));
                }
            >
                <label class="field">
                    "Search by name "
                    <input
                        type="search"
                        data-testid="catalog-search"
                        prop:value=move || search_text.get()
                        on:input=move |ev| search_text.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="btn" data-testid="catalog-search-go">"Search"</button>
            </form>
            {move || {
                outcome
                    .get()
                    .and_then(Result::ok)
                    .map(|ids| {
                        view! {
                            <p class="notice notice--info" role="status" data-testid="created">
                                "Request created: "
                                {ids.split(", ").map(|id| view! { <a href=format!("/requests/{id}")>{id.to_string()}</a> " " }).collect_view()}
                            </p>
                        }
                    })
            }}
            <Transition fallback=|| view! { <Loading what="the catalog"/> }>
                {move || {
                    page.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok((items, _)) if items.is_empty() => {
                                view! { <Empty message="Nothing to request here."/> }.into_any()
                            }
                            Ok((items, _)) => {
                                let entitlements = state.with_untracked(|s| s.kind == CatalogKind::Entitlement);
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
                                                    let it = item.clone();
                                                    let for_cart = CartItem::from_catalog(&item);
                                                    let key = item_key(item.kind, &item.id);
                                                    let in_cart = Memo::new(move |_| cart.state.with(|s| s.contains(&key)));
                                                    view! {
                                                        <tr data-testid="catalog-row" data-name=item.name.clone()>
                                                            <td>{item.name.clone()}</td>
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
                                                                <button
                                                                    type="button"
                                                                    class="btn"
                                                                    data-testid="catalog-request"
                                                                    on:click=move |_| ask(it.clone())
                                                                >
                                                                    "Request"
                                                                </button>
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <Pager
                page=Signal::derive(move || state.with(|s| s.page))
                size=Signal::derive(move || state.with(|s| s.size))
                total=total
                sizes=PAGE_SIZES
                on_page=Callback::new(move |p| go.with_value(|go| go(CatalogState { page: p, ..state.get_untracked() })))
                on_size=Callback::new(move |size| go.with_value(|go| go(CatalogState { size, page: 0, ..state.get_untracked() })))
            />
            <ConfirmDialog
                open=open
                title=Signal::derive(move || {
                    chosen.with(|c| c.as_ref().map(|c| format!("Request {}", c.name)).unwrap_or_default())
                })
                confirm="Submit request"
                busy=create.pending()
                on_confirm=submit
                testid="request-dialog"
            >
                <label class="field">
                    "Justification"
                    <textarea
                        data-testid="request-justification"
                        prop:value=move || justification.get()
                        on:input=move |ev| justification.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <label class="field">
                    "Priority "
                    <select data-testid="request-priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                        {PRIORITIES
                            .iter()
                            .map(|p| view! { <option value=*p prop:selected=move || priority.with(|v| v == p)>{*p}</option> })
                            .collect_view()}
                    </select>
                </label>
                {move || {
                    outcome
                        .get()
                        .and_then(Result::err)
                        .map(|errors| {
                            view! {
                                <ul class="notice notice--error" role="alert" data-testid="request-errors">
                                    {errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                                </ul>
                            }
                        })
                }}
            </ConfirmDialog>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_catalog_view_round_trips_through_the_url() {
        assert_eq!(CatalogState::default().href(), "/catalog");
        let s = CatalogState {
            kind: CatalogKind::Role,
            search: "Fin &=".into(),
            page: 2,
            size: 25,
        };
        let href = s.href();
        let q: ParamsMap = href
            .trim_start_matches("/catalog?")
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                let v = js_sys::decode_uri_component(v).unwrap().as_string().unwrap();
                (k.to_string(), v.replace('+', " "))
            })
            .collect();
        assert_eq!(CatalogState::from_query(&q), s);
    }
}
