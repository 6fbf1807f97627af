//! `/forms`: every request form by name, type and description; a search on the name
//! (server side, CREST `name co`), and delete after a confirmation.

use leptos::prelude::*;

use crate::api::client::use_client;
use crate::api::forms::{self, FormPage, FormSummary};
use crate::api::ApiError;
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{Empty, ErrorNotice, Loading};

#[component]
pub fn FormsPage() -> impl IntoView {
    let client = use_client();
    let search = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let search = search.get();
        async move { forms::list(&client, &search).await }
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
                }
                Err(e) => error.set(Some(e)),
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
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Request forms"</h1>
            </div>
            <div class="toolbar">
                <label for="forms-search" class="sr-only">"Search forms by name"</label>
                <input
                    id="forms-search"
                    type="search"
                    placeholder="Search by name"
                    data-testid="forms-search"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            {move || notice.get().map(|n| view! { <p class="notice notice--info" role="status" data-testid="forms-notice">{n}</p> })}
            <Transition fallback=|| view! { <Loading what="request forms"/> }>
                {move || {
                    list.get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(page) => view! { <FormTable page=page on_delete=ask/> }.into_any(),
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
fn FormTable(page: FormPage, on_delete: Callback<FormSummary>) -> impl IntoView {
    if page.result.is_empty() {
        return view! { <Empty message="No request forms match."/> }.into_any();
    }
    let count = format!("{} of {} forms", page.result.len(), page.total_count);
    let rows = page
        .result
        .into_iter()
        .map(|form| {
            let href = format!("/forms/{}", js_sys::encode_uri_component(&form.id));
            let label = format!("Delete {}", form.name);
            let row = form.clone();
            view! {
                <tr data-testid="form-row">
                    <td><a href=href data-testid="form-link">{form.name}</a></td>
                    <td><code>{form.kind}</code></td>
                    <td>{form.description.unwrap_or_default()}</td>
                    <td>
                        <button
                            type="button"
                            class="btn btn--ghost"
                            aria-label=label
                            data-testid="form-delete"
                            on:click=move |_| on_delete.run(row.clone())
                        >
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
                    <th scope="col">"Name"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Description"</th>
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
