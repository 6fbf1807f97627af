//! `/forms`: every request form by name, type and description, with where each is
//! assigned (by name: request types, applications, entitlements, roles); a search on
//! the name (server side, CREST `name co`), sort by name or type, paging; and for an
//! ORG_ADMIN (the only level that may change forms) create (the builder), edit,
//! duplicate, and delete after a confirmation. Deleting the last form of a page goes
//! back a page. The search, sort and page are in the URL. [`FormList`] is the list
//! itself, fed with a page; [`FormSearch`] its search box; [`FormsPage`] fetches.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use crate::api::assignments::{self, TargetNames};
use crate::api::client::use_client;
use crate::api::forms::{self, FormPage, FormSummary, ListQuery};
use crate::api::ApiError;
use crate::components::debounce::Debounce;
use crate::components::dialog::ConfirmDialog;
use crate::components::pager::{page_in_url, size_in_url, Pager};
use crate::components::sort_header::{SortHeader, SortState};
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::pages::identities::filters::SEARCH_DEBOUNCE;
use crate::pages::identities::query::query_string;
use crate::session::use_session;

const SIZES: &[u32] = &[10, 25, 50];

/// Where each form is assigned: form id → object ids, and the names they point at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhereUsed {
    pub by_form: BTreeMap<String, Vec<String>>,
    pub names: TargetNames,
}

/// The page to show after one form of `query`'s page was deleted from `total` forms:
/// the same page, or the one before when the deleted form was the last of the last page.
pub fn page_after_delete(query: &ListQuery, total: u64) -> u32 {
    let left = total.saturating_sub(1);
    let size = u64::from(query.size.max(1));
    let last = if left == 0 { 0 } else { (left - 1) / size };
    query.page.min(u32::try_from(last).unwrap_or(u32::MAX))
}

/// The first list page: by name, 25 a page.
pub fn first_query() -> ListQuery {
    ListQuery {
        search: String::new(),
        sort: "name",
        descending: false,
        page: 0,
        size: 25,
    }
}

/// The list a URL shows (`/forms?q=git&sort=-type&page=2&size=50`); what it does not
/// say, or says wrongly, is the first page's.
pub fn query_from_url(params: &ParamsMap) -> ListQuery {
    let first = first_query();
    let (sort, descending) = match params.get("sort").as_deref() {
        Some("type") => ("type", false),
        Some("-type") => ("type", true),
        Some("-name") => ("name", true),
        _ => ("name", false),
    };
    ListQuery {
        search: params.get("q").unwrap_or_default(),
        sort,
        descending,
        page: page_in_url(params),
        size: size_in_url(params, SIZES, first.size),
    }
}

/// The URL of a list: only what differs from the first page.
pub fn query_href(q: &ListQuery) -> String {
    let first = first_query();
    let mut pairs = Vec::new();
    if !q.search.is_empty() {
        pairs.push(("q", q.search.clone()));
    }
    if (q.sort, q.descending) != (first.sort, first.descending) {
        pairs.push(("sort", format!("{}{}", if q.descending { "-" } else { "" }, q.sort)));
    }
    if q.page > 0 {
        pairs.push(("page", (q.page + 1).to_string()));
    }
    if q.size != first.size {
        pairs.push(("size", q.size.to_string()));
    }
    format!("/forms{}", query_string(&pairs))
}

#[component]
pub fn FormsPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let navigate = use_navigate();
    let can_edit = Signal::derive(move || session.principal().is_some_and(|p| p.is_org_admin()));
    // The URL holds the list's state: reload, back and a shared link show the same page.
    let url = use_query_map();
    let from_url = Memo::new(move |_| url.with(query_from_url));
    let query = RwSignal::new(from_url.get_untracked());
    Effect::new(move || {
        let q = from_url.get();
        if query.with_untracked(|now| *now != q) {
            query.set(q);
        }
    });
    let follow = navigate.clone();
    Effect::new(move || {
        let q = query.get();
        if from_url.with_untracked(|u| *u != q) {
            // Typing a search replaces the entry; a page or a sort adds one.
            let replace = from_url.with_untracked(|u| u.search != q.search);
            follow(
                &query_href(&q),
                NavigateOptions {
                    replace,
                    ..Default::default()
                },
            );
        }
    });
    let list = LocalResource::new(move || {
        let q = query.get();
        async move { forms::list(&client, &q).await }
    });
    let used = LocalResource::new(move || async move {
        let mut out = WhereUsed::default();
        let all = assignments::list(&client, None).await.unwrap_or_default();
        let objects: Vec<String> = all.iter().map(|a| a.object_id.clone()).collect();
        out.names = assignments::target_names(&client, &objects).await;
        for a in all {
            out.by_form.entry(a.form_id).or_default().push(a.object_id);
        }
        out
    });
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let delete = Action::new_local(move |(form, total): &(FormSummary, u64)| {
        let (form, total) = (form.clone(), *total);
        async move {
            match forms::delete(&client, &form.id).await {
                Ok(()) => {
                    error.set(None);
                    notice.set(Some(format!("Deleted the form {}.", form.name)));
                    let page = query.with_untracked(|q| page_after_delete(q, total));
                    if page != query.with_untracked(|q| q.page) {
                        query.update(|q| q.page = page);
                    } else {
                        list.refetch();
                    }
                    used.refetch();
                    true
                }
                Err(e) => {
                    error.set(Some(e));
                    false
                }
            }
        }
    });
    let duplicate = Action::new_local(move |form: &FormSummary| {
        let (form, navigate) = (form.clone(), navigate.clone());
        async move {
            let copied = match forms::get(&client, &form.id)
                .await
                .and_then(|raw| forms::duplicate_of(&raw))
            {
                Ok(copy) => forms::create(&client, &copy).await,
                Err(e) => Err(e),
            };
            match copied {
                Ok(stored) => {
                    let id = stored.id.unwrap_or_default();
                    navigate(
                        &format!("/forms/{}/edit", js_sys::encode_uri_component(&id)),
                        Default::default(),
                    );
                }
                Err(e) => notice.set(Some(format!("The form {} could not be copied: {e}", form.name))),
            }
        }
    });
    let on_delete = Callback::new(move |args: (FormSummary, u64)| {
        delete.dispatch(args);
    });
    let on_copy = Callback::new(move |form: FormSummary| {
        duplicate.dispatch(form);
    });
    // The dialog closes once the delete went through; a refusal stays in it.
    let deleted = Signal::derive(move || delete.value().get().unwrap_or(false));
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Request forms"</h1>
                <Show when=move || can_edit.get()>
                    <a class="btn btn--primary" href="/forms/new" data-testid="form-create">"New form"</a>
                </Show>
            </div>
            {move || notice.get().map(|n| view! { <p class="notice notice--info" role="status" data-testid="forms-notice">{n}</p> })}
            <FormSearch query=query/>
            <Transition fallback=|| view! { <Loading what="request forms"/> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(page) => {
                                let used = used.get().unwrap_or_default();
                                view! {
                                    <FormList
                                        page=page
                                        used=used
                                        query=query
                                        can_edit=can_edit
                                        on_delete=on_delete
                                        on_copy=on_copy
                                        busy=delete.pending()
                                        deleted=deleted
                                        error=error
                                    />
                                }
                                .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

/// The list of one page of forms: the search box, the table, the pager and the delete
/// confirmation. Changes go to `query` (a search or a sort goes back to page one).
#[component]
pub fn FormList(
    page: FormPage,
    used: WhereUsed,
    query: RwSignal<ListQuery>,
    /// Whether the person may change forms (ORG_ADMIN): Edit, Duplicate and Delete.
    #[prop(into)]
    can_edit: Signal<bool>,
    /// A delete the person confirmed: the form, and how many forms the list had.
    on_delete: Callback<(FormSummary, u64)>,
    on_copy: Callback<FormSummary>,
    /// A delete is under way.
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// The last delete went through (the dialog closes).
    #[prop(optional, into)]
    deleted: Signal<bool>,
    /// Why the last delete was refused, shown in the dialog.
    #[prop(optional)]
    error: Option<RwSignal<Option<ApiError>>>,
) -> impl IntoView {
    let total = page.total_count;
    let open = RwSignal::new(false);
    let target = RwSignal::new(None::<FormSummary>);
    Effect::new(move |_| {
        if deleted.get() {
            open.set(false);
        }
    });
    let ask = Callback::new(move |form: FormSummary| {
        if let Some(e) = error {
            e.set(None);
        }
        target.set(Some(form));
        open.set(true);
    });
    let title = Signal::derive(move || {
        target
            .get()
            .map(|f| format!("Delete the form {}?", f.name))
            .unwrap_or_default()
    });
    let confirm = Callback::new(move |_| {
        if let Some(form) = target.get_untracked() {
            on_delete.run((form, total));
        }
    });
    let on_sort = Callback::new(move |field: &'static str| {
        query.update(|q| {
            q.descending = q.sort == field && !q.descending;
            q.sort = field;
            q.page = 0;
        })
    });
    let places = move |form: &FormSummary| -> Vec<String> { used.by_form.get(&form.id).cloned().unwrap_or_default() };
    let names = used.names.clone();
    let rows = page
        .result
        .iter()
        .cloned()
        .map(|form| {
            let places = places(&form);
            view! { <FormRow form=form places=places names=names.clone() can_edit=can_edit on_delete=ask on_copy=on_copy/> }
        })
        .collect_view();
    let empty = page.result.is_empty();
    let count = format!("{} of {} forms", page.result.len(), total);
    let sort_state = move |field: &'static str| {
        Signal::derive(move || {
            query.with(|q| match (q.sort == field, q.descending) {
                (false, _) => SortState::None,
                (true, false) => SortState::Ascending,
                (true, true) => SortState::Descending,
            })
        })
    };
    view! {
        {if empty {
            view! { <Empty message="No request forms match."/> }.into_any()
        } else {
            view! {
                <p class="muted" data-testid="forms-count">{count}</p>
                <table class="table" data-testid="forms-table">
                    <thead>
                        <tr>
                            <SortHeader label="Name" field="name" state=sort_state("name") on_sort=on_sort/>
                            <SortHeader label="Type" field="type" state=sort_state("type") on_sort=on_sort/>
                            <th scope="col">"Description"</th>
                            <th scope="col">"Where assigned"</th>
                            <th scope="col"><span class="sr-only">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }}
        <Pager
            page=Signal::derive(move || query.with(|q| q.page))
            size=Signal::derive(move || query.with(|q| q.size))
            total=Signal::stored(total)
            sizes=SIZES
            on_page=Callback::new(move |p| query.update(|q| q.page = p))
            on_size=Callback::new(move |s| query.update(|q| { q.size = s; q.page = 0; }))
        />
        <ConfirmDialog
            open=open
            title=title
            confirm="Delete"
            danger=true
            busy=busy
            on_confirm=confirm
            testid="delete-form-dialog"
        >
            <p>"The form is removed for good, and so are its assignments."</p>
            {move || error.and_then(|e| e.get()).map(|e| view! { <ErrorNotice error=e/> })}
        </ConfirmDialog>
    }
}

/// The search box of the list. It lives outside the list (which is drawn again for each
/// page), so typing keeps the focus; the query follows after a pause, or at once on
/// Enter, and goes back to page one. A search changed elsewhere (back, a link) refills it.
#[component]
pub fn FormSearch(query: RwSignal<ListQuery>) -> impl IntoView {
    let text = RwSignal::new(query.with_untracked(|q| q.search.clone()));
    let debounce = Debounce::new(SEARCH_DEBOUNCE);
    let search_now = move || {
        debounce.cancel();
        let t = text.get_untracked();
        if query.with_untracked(|q| q.search != t) {
            query.update(|q| {
                q.search = t;
                q.page = 0;
            });
        }
    };
    Effect::new(move || {
        let s = query.with(|q| q.search.clone());
        // Only while no pause is pending: our own search coming back changes nothing.
        if !debounce.pending() && text.with_untracked(|t| *t != s) {
            text.set(s);
        }
    });
    view! {
        <form
            class="toolbar"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                search_now();
            }
        >
            <label for="forms-search" class="sr-only">"Search forms by name"</label>
            <input
                id="forms-search"
                type="search"
                placeholder="Search by name"
                data-testid="forms-search"
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    debounce.schedule(search_now);
                }
            />
        </form>
    }
}

#[component]
fn FormRow(
    form: FormSummary,
    places: Vec<String>,
    names: TargetNames,
    #[prop(into)] can_edit: Signal<bool>,
    on_delete: Callback<FormSummary>,
    on_copy: Callback<FormSummary>,
) -> impl IntoView {
    let id = String::from(js_sys::encode_uri_component(&form.id));
    let (href, edit) = (format!("/forms/{id}"), format!("/forms/{id}/edit"));
    let assigned = if places.is_empty() {
        view! { <span class="muted">"nowhere"</span> }.into_any()
    } else {
        view! {
            <ul class="form-assigned__list">
                {places
                    .into_iter()
                    .map(|p| view! { <li class="form-assigned" title=p.clone()>{names.describe(&p)}</li> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let (delete_label, copy_label, edit_label) = (
        format!("Delete {}", form.name),
        format!("Duplicate {}", form.name),
        format!("Edit {}", form.name),
    );
    let (row, copy) = (form.clone(), form.clone());
    view! {
        <tr data-testid="form-row">
            <td><a href=href data-testid="form-link">{form.name}</a></td>
            <td><code>{form.kind}</code></td>
            <td>{form.description.unwrap_or_default()}</td>
            <td data-testid="form-assigned">{assigned}</td>
            <td class="table__actions">
                <Show when=move || can_edit.get()>
                    <a class="btn btn--ghost" href=edit.clone() aria-label=edit_label.clone() data-testid="form-edit">"Edit"</a>
                    <button type="button" class="btn btn--ghost" aria-label=copy_label.clone() data-testid="form-copy"
                        on:click={
                            let copy = copy.clone();
                            move |_| on_copy.run(copy.clone())
                        }>
                        "Duplicate"
                    </button>
                    <button type="button" class="btn btn--ghost" aria-label=delete_label.clone() data-testid="form-delete"
                        on:click={
                            let row = row.clone();
                            move |_| on_delete.run(row.clone())
                        }>
                        "Delete"
                    </button>
                </Show>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn deleting_the_last_form_of_a_page_goes_back_a_page() {
        let q = |page, size| ListQuery {
            page,
            size,
            ..first_query()
        };
        // 11 forms, 10 a page: page 2 holds one; deleting it shows page 1.
        assert_eq!(page_after_delete(&q(1, 10), 11), 0);
        // 12 forms: page 2 keeps one.
        assert_eq!(page_after_delete(&q(1, 10), 12), 1);
        assert_eq!(page_after_delete(&q(0, 10), 1), 0);
        assert_eq!(page_after_delete(&q(3, 10), 31), 2);
        assert_eq!(page_after_delete(&q(2, 10), 31), 2);
    }
}
