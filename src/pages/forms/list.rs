//! `/forms`: every request form by name, type and description, with where each is
//! assigned; a search on the name (server side, CREST `name co`), sort by name or type,
//! paging; create (the builder), edit, duplicate, and delete after a confirmation.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::assignments;
use crate::api::client::use_client;
use crate::api::forms::{self, FormPage, FormSummary, ListQuery};
use crate::api::ApiError;
use crate::components::dialog::ConfirmDialog;
use crate::components::pager::Pager;
use crate::components::sort_header::{SortHeader, SortState};
use crate::components::status::{Empty, ErrorNotice, Loading};

const SIZES: &[u32] = &[10, 25, 50];

/// Where each form is assigned: form id → object ids.
type WhereUsed = BTreeMap<String, Vec<String>>;

#[component]
pub fn FormsPage() -> impl IntoView {
    let client = use_client();
    let navigate = use_navigate();
    let query = RwSignal::new(ListQuery {
        search: String::new(),
        sort: "name",
        descending: false,
        page: 0,
        size: 25,
    });
    let list = LocalResource::new(move || {
        let q = query.get();
        async move { forms::list(&client, &q).await }
    });
    let used = LocalResource::new(move || async move {
        let mut by_form = WhereUsed::new();
        for a in assignments::list(&client, None).await.unwrap_or_default() {
            by_form.entry(a.form_id).or_default().push(a.object_id);
        }
        by_form
    });
    let notice = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let target = RwSignal::new(None::<FormSummary>);
    let error = RwSignal::new(None::<ApiError>);
    let delete = Action::new_local(move |form: &FormSummary| {
        let form = form.clone();
        async move {
            match forms::delete(&client, &form.id).await {
                Ok(()) => {
                    open.set(false);
                    notice.set(Some(format!("Deleted the form {}.", form.name)));
                    list.refetch();
                    used.refetch();
                }
                Err(e) => error.set(Some(e)),
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
    let ask = Callback::new(move |form: FormSummary| {
        error.set(None);
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
            delete.dispatch(form);
        }
    });
    let on_copy = Callback::new(move |form: FormSummary| {
        duplicate.dispatch(form);
    });
    let on_sort = Callback::new(move |field: &'static str| {
        query.update(|q| {
            q.descending = q.sort == field && !q.descending;
            q.sort = field;
            q.page = 0;
        })
    });
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Request forms"</h1>
                <a class="btn btn--primary" href="/forms/new" data-testid="form-create">"New form"</a>
            </div>
            <div class="toolbar">
                <label for="forms-search" class="sr-only">"Search forms by name"</label>
                <input
                    id="forms-search"
                    type="search"
                    placeholder="Search by name"
                    data-testid="forms-search"
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input=move |ev| query.update(|q| {
                        q.search = event_target_value(&ev);
                        q.page = 0;
                    })
                />
            </div>
            {move || notice.get().map(|n| view! { <p class="notice notice--info" role="status" data-testid="forms-notice">{n}</p> })}
            <Transition fallback=|| view! { <Loading what="request forms"/> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(page) => {
                                let used = used.get().unwrap_or_default();
                                let total = page.total_count;
                                view! {
                                    <FormTable page=page used=used query=query on_sort=on_sort on_delete=ask on_copy=on_copy/>
                                    <Pager
                                        page=Signal::derive(move || query.with(|q| q.page))
                                        size=Signal::derive(move || query.with(|q| q.size))
                                        total=Signal::stored(total)
                                        sizes=SIZES
                                        on_page=Callback::new(move |p| query.update(|q| q.page = p))
                                        on_size=Callback::new(move |s| query.update(|q| { q.size = s; q.page = 0; }))
                                    />
                                }
                                .into_any()
                            }
                        })
                }}
            </Transition>
            <ConfirmDialog
                open=open
                title=title
                confirm="Delete"
                danger=true
                busy=delete.pending()
                on_confirm=confirm
                testid="delete-form-dialog"
            >
                <p>"The form is removed for good, and so are its assignments."</p>
                {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            </ConfirmDialog>
        </section>
    }
}

#[component]
fn FormTable(
    page: FormPage,
    used: WhereUsed,
    query: RwSignal<ListQuery>,
    on_sort: Callback<&'static str>,
    on_delete: Callback<FormSummary>,
    on_copy: Callback<FormSummary>,
) -> impl IntoView {
    if page.result.is_empty() {
        return view! { <Empty message="No request forms match."/> }.into_any();
    }
    let count = format!("{} of {} forms", page.result.len(), page.total_count);
    let sort_state = move |field: &'static str| {
        Signal::derive(move || {
            query.with(|q| match (q.sort == field, q.descending) {
                (false, _) => SortState::None,
                (true, false) => SortState::Ascending,
                (true, true) => SortState::Descending,
            })
        })
    };
    let rows = page
        .result
        .into_iter()
        .map(|form| {
            let id = String::from(js_sys::encode_uri_component(&form.id));
            let (href, edit) = (format!("/forms/{id}"), format!("/forms/{id}/edit"));
            let places = used.get(&form.id).cloned().unwrap_or_default();
            let assigned = if places.is_empty() {
                view! { <span class="muted">"nowhere"</span> }.into_any()
            } else {
                places
                    .into_iter()
                    .map(|p| view! { <code class="form-assigned">{p}</code> " " })
                    .collect_view()
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
                        <a class="btn btn--ghost" href=edit aria-label=edit_label data-testid="form-edit">"Edit"</a>
                        <button type="button" class="btn btn--ghost" aria-label=copy_label data-testid="form-copy"
                            on:click=move |_| on_copy.run(copy.clone())>
                            "Duplicate"
                        </button>
                        <button type="button" class="btn btn--ghost" aria-label=delete_label data-testid="form-delete"
                            on:click=move |_| on_delete.run(row.clone())>
                            "Delete"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
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
}
