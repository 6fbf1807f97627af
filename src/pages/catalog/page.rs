//! `/catalog`: the page. It reads top-down — the view from the URL, the kind's search
//! properties, which items have a form, the page of items (a typed `targetFilter`
//! search), the quick-request dialog — then the view: tabs, name search, filters and
//! sort, the table (or its loading, empty and error states) and the pager.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::filters::{FilterBar, SortControl};
use super::rows::CatalogTable;
use super::state::{CatalogState, PAGE_SIZES};
use crate::api::cart::{CatalogEntry, NewRequests};
use crate::api::catalog as api;
use crate::api::client::use_client;
use crate::api::requests::{self, CatalogItem, CatalogKind, Created};
use crate::api::ApiError;
use crate::cart::{provide_cart, PRIORITIES};
use crate::components::dialog::ConfirmDialog;
use crate::components::pager::Pager;
use crate::components::status::{ErrorNotice, Loading};
use crate::pages::requests::actions::access_rules;
use crate::session::use_session;

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

/// The body of a quick request: one item for the signed-in person, without form values.
pub fn quick_body(user_id: &str, item: &CatalogItem, justification: &str, priority: &str) -> NewRequests {
    NewRequests {
        users: vec![user_id.to_string()],
        catalogs: vec![CatalogEntry {
            kind: item.kind.as_str(),
            id: item.id.clone(),
            data: None,
        }],
        priority: priority.to_string(),
        justification: Some(justification.trim().to_string()).filter(|j| !j.is_empty()),
        start_date: None,
        end_date: None,
        access_modifier: "add",
    }
}

/// Why a page of the catalog could not be shown.
#[derive(Debug, Clone, PartialEq)]
enum Failure {
    /// A filter or sort of the view cannot be read (a mangled link): it names the property.
    View(String),
    Api(ApiError),
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let cart = provide_cart();
    let query = use_query_map();
    let navigate = use_navigate();
    let state = Memo::new(move |_| query.with(CatalogState::from_query));
    let kind = Memo::new(move |_| state.with(|s| s.kind));
    let go = Callback::new(move |next: CatalogState| navigate(&next.href(), Default::default()));

    // What a kind's pages need once: its search properties and which items have a form
    // (one resource for both: one future in the wasm). Unknown forms (a failed look-up)
    // offer no quick request: the cart is always right.
    let basis = LocalResource::new(move || {
        let k = kind.get();
        async move { (api::schema(&client, k).await, api::formed(&client, k).await.ok()) }
    });
    let schema = Signal::derive(move || basis.get().map(|(s, _)| s));
    let properties = Signal::derive(move || schema.get().and_then(Result::ok).unwrap_or_default());
    let formed = Signal::derive(move || basis.get().and_then(|(_, f)| f));
    // `None` inside: the search properties are still loading.
    let page = LocalResource::new(move || {
        let (s, props) = (state.get(), schema.get());
        async move {
            let props = match props? {
                Ok(p) => p,
                Err(e) => return Some(Err(Failure::Api(e))),
            };
            let search = match s.search(&props) {
                Ok(search) => search,
                Err(problem) => return Some(Err(Failure::View(problem.0))),
            };
            Some(api::search(&client, &search).await.map_err(Failure::Api))
        }
    });
    let total = RwSignal::new(0u64);
    Effect::new(move || {
        if let Some(Some(Ok((_, t)))) = page.get() {
            total.set(t);
        }
    });

    // The quick-request dialog (items without a form); the rules say whether it needs a
    // justification.
    let rules = access_rules(client);
    let required = Signal::derive(move || rules.get().require_request_justification);
    let chosen = RwSignal::new(None::<CatalogItem>);
    let open = RwSignal::new(false);
    let justification = RwSignal::new(String::new());
    let priority = RwSignal::new(PRIORITIES[0].to_string());
    let create = Action::new_local(move |body: &NewRequests| {
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
        create.dispatch(quick_body(
            &user,
            &item,
            &justification.get_untracked(),
            &priority.get_untracked(),
        ));
    });
    let on_request = Callback::new(move |item: CatalogItem| {
        chosen.set(Some(item));
        justification.set(String::new());
        priority.set(PRIORITIES[0].into());
        create.value().set(None);
        open.set(true);
    });

    let search_text = RwSignal::new(state.get_untracked().search);
    // Back and forward change the view under the box: it follows.
    Effect::new(move || search_text.set(state.with(|s| s.search.clone())));
    let filtered = move || state.with(|s| !s.filters.is_empty() || !s.search.is_empty());
    let clear = Callback::new(move |()| {
        let s = state.get_untracked();
        go.run(s.with_search("").with_filters(Vec::new()));
    });
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
                        view! {
                            <a
                                href=move || state.with(|s| s.with_kind(k).href())
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
            <div class="catalog__controls">
                <form
                    class="catalog__search"
                    role="search"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        go.run(state.get_untracked().with_search(&search_text.get_untracked()));
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
                <SortControl properties=properties state=state on_change=go/>
            </div>
            {move || schema.get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
            <FilterBar properties=properties state=state on_change=go/>
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
                            None => view! { <Loading what="the catalog"/> }.into_any(),
                            Some(Err(Failure::Api(e))) => view! { <ErrorNotice error=e/> }.into_any(),
                            Some(Err(Failure::View(problem))) => view! {
                                <div class="notice notice--error" role="alert" data-testid="catalog-view-problem">
                                    <p>{format!("This view cannot be shown: {problem}.")}</p>
                                    <button type="button" class="btn" data-testid="catalog-clear" on:click=move |_| clear.run(())>
                                        "Clear filters"
                                    </button>
                                </div>
                            }
                            .into_any(),
                            Some(Ok((items, _))) if items.is_empty() => view! {
                                <NothingHere filtered=filtered() on_clear=clear/>
                            }
                            .into_any(),
                            Some(Ok((items, _))) => view! {
                                <CatalogTable
                                    items=items
                                    kind=kind.get_untracked()
                                    formed=formed
                                    query=state.with_untracked(CatalogState::query)
                                    on_request=on_request
                                />
                            }
                            .into_any(),
                        })
                }}
            </Transition>
            <Pager
                page=Signal::derive(move || state.with(|s| s.page))
                size=Signal::derive(move || state.with(|s| s.size))
                total=total
                sizes=PAGE_SIZES
                on_page=Callback::new(move |p| go.run(CatalogState { page: p, ..state.get_untracked() }))
                on_size=Callback::new(move |size| go.run(CatalogState { size, page: 0, ..state.get_untracked() }))
            />
            <RequestDialog
                open=open
                chosen=chosen
                justification=justification
                priority=priority
                busy=create.pending()
                required=required
                errors=Signal::derive(move || outcome.get().and_then(Result::err))
                on_confirm=submit
            />
        </section>
    }
}

/// The empty page: with filters or a search, it says so and offers to clear them.
#[component]
fn NothingHere(filtered: bool, on_clear: Callback<()>) -> impl IntoView {
    if !filtered {
        return view! { <p class="state state--empty" data-testid="empty">"Nothing to request here."</p> }.into_any();
    }
    view! {
        <div class="state state--empty" data-testid="empty">
            <p>"No items match these filters."</p>
            <button type="button" class="btn" data-testid="catalog-clear" on:click=move |_| on_clear.run(())>
                "Clear filters"
            </button>
        </div>
    }
    .into_any()
}

/// Asks for a justification and a priority, then creates the request.
#[component]
fn RequestDialog(
    open: RwSignal<bool>,
    chosen: RwSignal<Option<CatalogItem>>,
    justification: RwSignal<String>,
    priority: RwSignal<String>,
    #[prop(into)] busy: Signal<bool>,
    /// The settings require a justification: Submit waits for one.
    #[prop(into)]
    required: Signal<bool>,
    #[prop(into)] errors: Signal<Option<Vec<String>>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let missing = move || required.get() && justification.with(|j| j.trim().is_empty());
    view! {
        <ConfirmDialog
            open=open
            title=Signal::derive(move || {
                chosen.with(|c| c.as_ref().map(|c| format!("Request {}", c.name)).unwrap_or_default())
            })
            confirm="Submit request"
            busy=busy
            blocked=Signal::derive(missing)
            on_confirm=on_confirm
            testid="request-dialog"
        >
            <label class="field">
                {move || if required.get() { "Justification (required)" } else { "Justification" }}
                <textarea
                    data-testid="request-justification"
                    aria-required=move || required.get().to_string()
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
                errors
                    .get()
                    .map(|errors| {
                        view! {
                            <ul class="notice notice--error" role="alert" data-testid="request-errors">
                                {errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                            </ul>
                        }
                    })
            }}
        </ConfirmDialog>
    }
}
