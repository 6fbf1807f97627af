//! `/settings/request-types`: the IGA request types. Admins see them; an ORG_ADMIN edits
//! a type's display name, workflow id and schemas (JSON checked as it is typed, see
//! [`schemas`]), creates custom types and deletes them. The six built-ins cannot be
//! deleted (the server refuses; the page offers no Delete for them).

pub mod schemas;

use gatehouse_wire::request::BUILTIN_REQUEST_TYPES;
use leptos::prelude::*;

use self::schemas::{check_schemas, schemas_text, SchemasEditor};
use crate::api::client::use_client;
use crate::api::governance::{self, RequestType, Workflow};
use crate::api::ApiError;
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::session::use_session;

/// What the editor is open on.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    New,
    Existing(RequestType),
}

/// Whether a type is one of the built-ins (which cannot be deleted).
pub fn is_builtin(t: &RequestType) -> bool {
    !t.custom || BUILTIN_REQUEST_TYPES.contains(&t.id.as_str())
}

#[component]
pub fn RequestTypesPage() -> impl IntoView {
    let client = use_client();
    let session = use_session();
    let writable = session.principal().is_some_and(|p| p.is_org_admin());
    let types = LocalResource::new(move || async move { governance::request_types(&client).await });
    let editing = RwSignal::new(None::<Editing>);
    let notice = RwSignal::new(None::<String>);
    let on_done = Callback::new(move |message: String| {
        editing.set(None);
        notice.set(Some(message));
        types.refetch();
    });
    view! {
        <section class="settings-page" data-testid="request-types">
            <div class="page__head">
                <h1>"Request types"</h1>
                {writable
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn--primary"
                                data-testid="type-new"
                                on:click=move |_| {
                                    notice.set(None);
                                    editing.set(Some(Editing::New));
                                }
                            >
                                "New request type"
                            </button>
                        }
                    })}
            </div>
            <p class="hint">
                "A request type says what a request carries (its schemas) and which workflow decides it. "
                "The six built-in grant and remove types can be changed but not deleted."
                {(!writable).then_some(" Only an ORG_ADMIN may change request types.")}
            </p>
            {move || notice.get().map(|n| view! { <p class="notice notice--info" role="status" data-testid="type-notice">{n}</p> })}
            {move || {
                editing
                    .get()
                    .map(|e| {
                        view! {
                            <TypeEditor
                                editing=e
                                writable=writable
                                on_done=on_done
                                on_close=Callback::new(move |_| editing.set(None))
                            />
                        }
                    })
            }}
            <Transition fallback=|| view! { <Loading what="request types"/> }>
                {move || {
                    types
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <Empty message="No request types."/> }.into_any(),
                            Ok(list) => view! { <TypeTable list=list writable=writable editing=editing/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn TypeTable(list: Vec<RequestType>, writable: bool, editing: RwSignal<Option<Editing>>) -> impl IntoView {
    view! {
        <table class="table" data-testid="type-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Id"</th>
                    <th scope="col">"Kind"</th>
                    <th scope="col">"Workflow"</th>
                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|t| {
                        let kind = if is_builtin(&t) { "Built-in" } else { "Custom" };
                        let open = t.clone();
                        view! {
                            <tr data-testid="type-row" data-id=t.id.clone()>
                                <td>{t.display_name.clone()}</td>
                                <td><code>{t.id.clone()}</code></td>
                                <td data-testid="type-kind">{kind}</td>
                                <td>{t.workflow.id.clone()}</td>
                                <td>
                                    <button
                                        type="button"
                                        class="btn btn--small"
                                        data-testid="type-edit"
                                        on:click=move |_| editing.set(Some(Editing::Existing(open.clone())))
                                    >
                                        {if writable { "Edit" } else { "View" }}
                                    </button>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// What Save sends: a new type, or the changed one (with its revision).
fn draft(base: &RequestType, id: &str, name: &str, workflow: &str, schemas: serde_json::Value) -> RequestType {
    RequestType {
        id: id.trim().to_string(),
        display_name: name.trim().to_string(),
        schemas,
        workflow: Workflow {
            id: workflow.trim().to_string(),
            kind: if base.workflow.kind.is_empty() {
                "bpmn".into()
            } else {
                base.workflow.kind.clone()
            },
        },
        ..base.clone()
    }
}

/// One request type's form: display name, workflow id, schemas; Save and Delete.
#[component]
fn TypeEditor(editing: Editing, writable: bool, on_done: Callback<String>, on_close: Callback<()>) -> impl IntoView {
    let client = use_client();
    let (base, is_new) = match editing {
        Editing::New => (RequestType::default(), true),
        Editing::Existing(t) => (t, false),
    };
    let deletable = writable && !is_new && !is_builtin(&base);
    let base = StoredValue::new(base);
    let id = RwSignal::new(base.with_value(|b| b.id.clone()));
    let name = RwSignal::new(base.with_value(|b| b.display_name.clone()));
    let workflow = RwSignal::new(base.with_value(|b| b.workflow.id.clone()));
    let text = RwSignal::new(base.with_value(|b| schemas_text(&b.schemas)));
    let name_error = move || {
        name.with(|n| n.trim().is_empty())
            .then_some("displayName: a name is required")
    };
    let save = Action::new_local(move |t: &RequestType| {
        let t = t.clone();
        async move {
            if is_new {
                governance::create_request_type(&client, &t).await
            } else {
                governance::replace_request_type(&client, &t).await
            }
        }
    });
    let remove = Action::new_local(move |_: &()| {
        let (id, rev) = base.with_value(|b| (b.id.clone(), b.rev));
        async move { governance::delete_request_type(&client, &id, rev).await }
    });
    let confirm_delete = RwSignal::new(false);
    Effect::new(move || {
        if let Some(Ok(t)) = save.value().get() {
            on_done.run(format!("Saved request type {}.", t.display_name));
        }
    });
    Effect::new(move || {
        if let Some(Ok(())) = remove.value().get() {
            confirm_delete.set(false);
            on_done.run(format!(
                "Deleted request type {}.",
                base.with_value(|b| b.display_name.clone())
            ));
        }
    });
    let error = move || -> Option<ApiError> {
        save.value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    };
    let invalid = move || name_error().is_some() || text.with(|t| check_schemas(t).is_err());
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(schemas) = text.with_untracked(|t| check_schemas(t)) else {
            return;
        };
        let t = base.with_value(|b| {
            draft(
                b,
                &id.get_untracked(),
                &name.get_untracked(),
                &workflow.get_untracked(),
                schemas,
            )
        });
        save.dispatch(t);
    };
    let title = if is_new {
        "New request type".to_string()
    } else {
        base.with_value(|b| format!("Request type {}", b.id))
    };
    let label = title.clone();
    view! {
        <form class="card type-editor" data-testid="type-editor" aria-label=label on:submit=on_save>
            <h2>{title}</h2>
            {is_new
                .then(|| {
                    view! {
                        <label class="field">
                            "Id (optional: the server picks one)"
                            <input
                                type="text"
                                data-testid="type-id"
                                prop:value=move || id.get()
                                on:input=move |ev| id.set(event_target_value(&ev))
                            />
                        </label>
                    }
                })}
            <label class="field">
                "Display name"
                <input
                    type="text"
                    data-testid="type-name"
                    readonly=!writable
                    aria-invalid=move || name_error().is_some().to_string()
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            {move || name_error().map(|e| view! { <p class="field__error" data-testid="type-name-error">{e}</p> })}
            <label class="field">
                "Workflow id"
                <input
                    type="text"
                    data-testid="type-workflow"
                    readonly=!writable
                    prop:value=move || workflow.get()
                    on:input=move |ev| workflow.set(event_target_value(&ev))
                />
            </label>
            <p class="hint">"The workflow that decides requests of this type (the built-ins run the default approval)."</p>
            <SchemasEditor text=text readonly=!writable/>
            {move || error().map(|e| view! { <ErrorNotice error=e/> })}
            <div class="request-actions__buttons">
                {writable
                    .then(|| {
                        view! {
                            <button
                                type="submit"
                                class="btn btn--primary"
                                data-testid="type-save"
                                disabled=move || invalid() || save.pending().get()
                            >
                                "Save"
                            </button>
                        }
                    })}
                {deletable
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn--danger"
                                data-testid="type-delete"
                                on:click=move |_| confirm_delete.set(true)
                            >
                                "Delete…"
                            </button>
                        }
                    })}
                <button type="button" class="btn btn--ghost" data-testid="type-close" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
            </div>
        </form>
        <ConfirmDialog
            open=confirm_delete
            title=base.with_value(|b| format!("Delete request type {}?", b.display_name))
            confirm="Delete"
            danger=true
            busy=remove.pending()
            on_confirm=Callback::new(move |_| {
                remove.dispatch(());
            })
            testid="type-delete-dialog"
        >
            <p>"Requests of this type can no longer be made."</p>
        </ConfirmDialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn built_ins_are_never_deletable() {
        let custom = RequestType {
            id: "x".into(),
            custom: true,
            ..RequestType::default()
        };
        assert!(!is_builtin(&custom));
        let grant = RequestType {
            id: "roleGrant".into(),
            custom: true,
            ..RequestType::default()
        };
        assert!(is_builtin(&grant));
        let d = draft(&custom, " y ", " Y ", " w ", serde_json::json!({}));
        assert_eq!(
            (d.id.as_str(), d.display_name.as_str(), d.workflow.id.as_str()),
            ("y", "Y", "w")
        );
        assert_eq!(d.workflow.kind, "bpmn");
    }
}
