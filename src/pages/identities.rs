//! `/identities` and `/identities/:id`: the identities table (server-side search and
//! paging, state in the URL) and one identity's details.

use gatehouse_wire::filter::Expr;
use gatehouse_wire::identity::Identity;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::client::use_client;
use crate::api::identities::{self, IdentityPage};
use crate::components::status::{Empty, ErrorNotice, Loading};

const PAGE_SIZE: i64 = 50;

/// The list's state as the URL holds it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListState {
    pub search: String,
    pub page: i64,
}

impl ListState {
    /// The filter the search box means: name, alias or e-mail starting with the text.
    pub fn filter(&self) -> Option<Expr> {
        let s = self.search.trim();
        if s.is_empty() {
            return None;
        }
        Expr::or(["name", "alias", "email"].map(|f| Expr::sw(f, s)))
    }

    /// The API query string for this state.
    pub fn api_query(&self) -> String {
        let params =
            web_sys::UrlSearchParams::new().expect("URLSearchParams is always constructible");
        params.append("count", "true");
        params.append("limit", &PAGE_SIZE.to_string());
        params.append("offset", &(self.page * PAGE_SIZE).to_string());
        params.append("sorters", "name");
        if let Some(f) = self.filter() {
            params.append("filters", &f.to_string());
        }
        String::from(params.to_string())
    }
}

#[component]
pub fn IdentitiesPage() -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let navigate = use_navigate();
    let state = Memo::new(move |_| {
        let q = query.get();
        ListState {
            search: q.get("q").unwrap_or_default(),
            page: q
                .get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p: &i64| *p >= 0)
                .unwrap_or(0),
        }
    });
    let page = LocalResource::new(move || {
        let s = state.get();
        async move { identities::list(&client, &s.api_query()).await }
    });
    let search_text = RwSignal::new(state.get_untracked().search);
    let go = move |s: ListState| {
        let params =
            web_sys::UrlSearchParams::new().expect("URLSearchParams is always constructible");
        if !s.search.is_empty() {
            params.append("q", &s.search);
        }
        if s.page > 0 {
            params.append("page", &s.page.to_string());
        }
        let qs = String::from(params.to_string());
        navigate(
            &if qs.is_empty() {
                "/identities".into()
            } else {
                format!("/identities?{qs}")
            },
            Default::default(),
        );
    };
    let go_search = go.clone();
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go_search(ListState {
            search: search_text.get_untracked(),
            page: 0,
        });
    };
    view! {
        <section class="page">
            <h1>"Identities"</h1>
            <form class="toolbar" role="search" on:submit=on_search>
                <label class="sr-only" for="identity-search">"Search identities"</label>
                <input
                    id="identity-search"
                    type="search"
                    placeholder="Name, alias or e-mail starts with…"
                    prop:value=search_text
                    on:input=move |ev| search_text.set(event_target_value(&ev))
                />
                <button class="btn" type="submit">"Search"</button>
            </form>
            <Transition fallback=|| view! { <Loading what="identities"/> }>
                {move || {
                    let go = go.clone();
                    page.get().map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(p) => view! { <IdentityTable page=p state=state.get_untracked() go=go/> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn IdentityTable(
    page: IdentityPage,
    state: ListState,
    go: impl Fn(ListState) + Clone + 'static,
) -> impl IntoView {
    let total = page.total.unwrap_or(page.items.len() as u64) as i64;
    let last_page = if total == 0 {
        0
    } else {
        (total - 1) / PAGE_SIZE
    };
    if page.items.is_empty() {
        return view! { <Empty message="No identities match."/> }.into_any();
    }
    let (prev, next) = (state.clone(), state.clone());
    let (go_prev, go_next) = (go.clone(), go);
    view! {
        <p class="muted" data-testid="total">{format!("{total} identities")}</p>
        <table class="table" data-testid="identities-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Alias"</th>
                    <th scope="col">"E-mail"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Manager"</th>
                </tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|i| view! { <IdentityRow identity=i/> }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label="Pages">
            <button class="btn" disabled={state.page == 0} on:click=move |_| go_prev(ListState { page: prev.page - 1, ..prev.clone() })>
                "Previous"
            </button>
            <span>{format!("Page {} of {}", state.page + 1, last_page + 1)}</span>
            <button class="btn" disabled={state.page >= last_page} on:click=move |_| go_next(ListState { page: next.page + 1, ..next.clone() })>
                "Next"
            </button>
        </nav>
    }
    .into_any()
}

#[component]
fn IdentityRow(identity: Identity) -> impl IntoView {
    let href = format!("/identities/{}", identity.id);
    view! {
        <tr>
            <td><a href=href>{identity.display_name()}</a></td>
            <td>{identity.alias}</td>
            <td>{identity.email_address.unwrap_or_default()}</td>
            <td><span class="badge">{identity.identity_status}</span></td>
            <td>{identity.manager_ref.and_then(|m| m.name).unwrap_or_default()}</td>
        </tr>
    }
}

#[component]
pub fn IdentityDetail() -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").unwrap_or_default());
    let identity = LocalResource::new(move || {
        let id = id.get();
        async move { identities::get(&client, &id).await }
    });
    view! {
        <section class="page">
            <p><a href="/identities">"← Identities"</a></p>
            <Transition fallback=|| view! { <Loading what="the identity"/> }>
                {move || identity.get().map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(i) => view! { <IdentityCard identity=i/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn IdentityCard(identity: Identity) -> impl IntoView {
    let attributes: Vec<(String, String)> = identity
        .attributes
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| v.to_string()),
            )
        })
        .collect();
    view! {
        <h1 data-testid="identity-name">{identity.display_name()}</h1>
        <dl class="facts">
            <dt>"Alias"</dt><dd>{identity.alias.clone()}</dd>
            <dt>"E-mail"</dt><dd>{identity.email_address.clone().unwrap_or_default()}</dd>
            <dt>"Status"</dt><dd>{identity.identity_status.clone()}</dd>
            <dt>"Processing"</dt><dd>{identity.processing_state.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Lifecycle state"</dt><dd>{identity.lifecycle_state.as_ref().map(|l| l.state_name.clone()).unwrap_or_default()}</dd>
            <dt>"Manager"</dt>
            <dd>
                {identity.manager_ref.clone().map(|m| {
                    let href = format!("/identities/{}", m.id);
                    view! { <a href=href>{m.name.unwrap_or(m.id)}</a> }
                })}
            </dd>
        </dl>
        <h2>"Attributes"</h2>
        <dl class="facts">
            {attributes.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}
