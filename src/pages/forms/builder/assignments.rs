//! Where a saved form is used: its assignments (a request type, an application
//! operation `application/<id>/<objectType>/<operation>`, or a catalog item
//! `application/<id>`, `entitlement/<id>`, `role/<id>` filled in the cart), assign and
//! unassign. Catalog items are found with a type-ahead over the catalog.

use gatehouse_wire::form::{FormAssignment, FormTarget};
use leptos::prelude::*;

use crate::api::assignments::{self, RequestTypeName};
use crate::api::client::use_client;
use crate::api::requests::{self, CatalogItem, CatalogKind};
use crate::api::ApiError;
use crate::components::status::{ErrorNotice, Loading};

/// What an `objectId` means, in words (request types by their display name).
pub fn describe_target(object_id: &str, types: &[RequestTypeName]) -> String {
    match FormTarget::parse(object_id) {
        Ok(FormTarget::RequestType(id)) => {
            let name = types
                .iter()
                .find(|t| t.id == id)
                .map_or(id.clone(), RequestTypeName::label);
            format!("Request type {name}")
        }
        Ok(FormTarget::ApplicationObject {
            application,
            object_type,
            operation,
        }) => format!("Application {application}: {operation} {object_type}"),
        Ok(FormTarget::WorkflowNode { workflow, node }) => format!("Workflow {workflow}, node {node}"),
        Ok(FormTarget::Application(id)) => format!("Catalog application {id}"),
        Ok(FormTarget::Entitlement(id)) => format!("Catalog entitlement {id}"),
        Ok(FormTarget::Role(id)) => format!("Catalog role {id}"),
        Err(_) => object_id.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    RequestType,
    Operation,
    Catalog,
}

#[component]
pub fn Assignments(form_id: String) -> impl IntoView {
    let client = use_client();
    let id = StoredValue::new(form_id);
    let list = LocalResource::new(move || async move { assignments::list(&client, Some(&id.get_value())).await });
    let types =
        LocalResource::new(move || async move { assignments::request_types(&client).await.unwrap_or_default() });
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let change = Action::new_local(move |(assign, object_id): &(bool, String)| {
        let (assign, object_id) = (*assign, object_id.clone());
        async move {
            let a = FormAssignment {
                object_id: object_id.clone(),
                form_id: id.get_value(),
            };
            let result = if assign {
                assignments::assign(&client, &a).await
            } else {
                assignments::unassign(&client, &a).await
            };
            match result {
                Ok(_) => {
                    error.set(None);
                    let verb = if assign { "Assigned to" } else { "Unassigned from" };
                    notice.set(Some(format!("{verb} {object_id}.")));
                    list.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let on_assign = Callback::new(move |object_id: String| {
        change.dispatch((true, object_id));
    });
    let rows = move || {
        let names = types.get().unwrap_or_default();
        list.get().map(|r| match r {
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            Ok(items) if items.is_empty() => {
                view! { <p class="muted" data-testid="assignments-empty">"Not assigned anywhere yet."</p> }.into_any()
            }
            Ok(items) => items
                .into_iter()
                .map(|a| {
                    let text = describe_target(&a.object_id, &names);
                    let object_id = a.object_id.clone();
                    view! {
                        <li class="builder-assignments__item" data-testid="assignment">
                            <span data-testid="assignment-text">{text}</span>
                            " "
                            <code>{a.object_id}</code>
                            <button type="button" class="btn btn--ghost" data-testid="unassign"
                                disabled=move || change.pending().get()
                                on:click=move |_| { change.dispatch((false, object_id.clone())); }>
                                "Unassign"
                            </button>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
        })
    };
    view! {
        <section class="builder-assignments" aria-labelledby="builder-assign-title" data-testid="builder-assignments">
            <h2 class="builder__title" id="builder-assign-title">"Where this form is used"</h2>
            <Transition fallback=|| view! { <Loading what="assignments"/> }>
                <ul class="builder-assignments__list">{rows}</ul>
            </Transition>
            {move || notice.get().map(|n| view! { <p class="notice notice--info" role="status" data-testid="assign-notice">{n}</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e/> })}
            <AssignForm types=types on_assign=on_assign busy=change.pending()/>
        </section>
    }
}

#[component]
fn AssignForm(
    types: LocalResource<Vec<RequestTypeName>>,
    on_assign: Callback<String>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let kind = RwSignal::new(Kind::RequestType);
    let request_type = RwSignal::new(String::new());
    let application = RwSignal::new(String::new());
    let object_type = RwSignal::new("ACCOUNT".to_string());
    let operation = RwSignal::new("create".to_string());
    let item = RwSignal::new(None::<CatalogItem>);
    let target = Memo::new(move |_| match kind.get() {
        Kind::RequestType => Some(request_type.get())
            .filter(|t| !t.is_empty())
            .map(|t| format!("requestType/{t}")),
        Kind::Operation => {
            let (a, o, p) = (application.get(), object_type.get(), operation.get());
            let id = format!("application/{}/{}/{}", a.trim(), o.trim(), p.trim());
            FormTarget::parse(&id).ok().map(|_| id)
        }
        Kind::Catalog => item.get().map(|i| format!("{}/{}", i.kind.as_str(), i.id)),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(t) = target.get_untracked() {
            on_assign.run(t);
        }
    };
    let type_options = move || {
        types
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|t| view! { <option value=t.id.clone()>{t.label()}</option> })
            .collect_view()
    };
    let kinds = [
        (Kind::RequestType, "A request type"),
        (Kind::Operation, "An application operation"),
        (Kind::Catalog, "A catalog item (filled in the cart)"),
    ];
    let kind_radios = kinds
        .into_iter()
        .map(|(k, label)| {
            view! {
                <label class="check">
                    <input type="radio" name="assign-kind" data-testid=format!("assign-kind-{k:?}")
                        prop:checked=move || kind.get() == k on:change=move |_| kind.set(k)/>
                    {label}
                </label>
            }
        })
        .collect_view();
    let detail = move || match kind.get() {
        Kind::RequestType => view! {
            <div class="field">
                <label for="assign-request-type">"Request type"</label>
                <select id="assign-request-type" data-testid="assign-request-type"
                    on:change=move |ev| request_type.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || request_type.with(String::is_empty)>"Choose…"</option>
                    {type_options}
                </select>
            </div>
        }
        .into_any(),
        Kind::Operation => view! {
            <div class="builder-props__pair">
                <div class="field">
                    <label for="assign-app">"Application id"</label>
                    <input id="assign-app" type="text" data-testid="assign-app" prop:value=move || application.get()
                        on:input=move |ev| application.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="assign-object-type">"Object type"</label>
                    <input id="assign-object-type" type="text" prop:value=move || object_type.get()
                        on:input=move |ev| object_type.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="assign-operation">"Operation"</label>
                    <select id="assign-operation" on:change=move |ev| operation.set(event_target_value(&ev))>
                        <option value="create">"create"</option>
                        <option value="modify">"modify"</option>
                        <option value="delete">"delete"</option>
                    </select>
                </div>
            </div>
        }
        .into_any(),
        Kind::Catalog => view! { <CatalogPicker picked=item/> }.into_any(),
    };
    view! {
        <form class="builder-assign" on:submit=submit aria-label="Assign this form">
            <fieldset class="builder-props__group">
                <legend>"Assign this form to"</legend>
                {kind_radios}
            </fieldset>
            {detail}
            <button type="submit" class="btn btn--primary" data-testid="assign-submit"
                disabled=move || busy.get() || target.with(Option::is_none)>
                {move || target.get().map(|t| format!("Assign to {t}")).unwrap_or_else(|| "Assign".into())}
            </button>
        </form>
    }
}

/// A type-ahead over the catalog (every item, requestable or not): a kind, a name.
#[component]
fn CatalogPicker(picked: RwSignal<Option<CatalogItem>>) -> impl IntoView {
    let client = use_client();
    let kind = RwSignal::new(CatalogKind::Entitlement);
    let search = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let (kind, search) = (kind.get(), search.get());
        async move {
            let query = format!(
                "{}&ignoreRequestable=true",
                requests::catalog_query(kind, &search, 0, 10)
            );
            requests::catalog(&client, &query).await.map(|(items, _)| items)
        }
    });
    let kinds = CatalogKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str() prop:selected=move || kind.get() == k>{k.label()}</option> })
        .collect_view();
    let results = move || {
        found.get().map(|r| match r {
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            Ok(items) => items
                .into_iter()
                .map(|i| {
                    let label = match &i.application {
                        Some(app) if !app.is_empty() => format!("{} ({app})", i.name),
                        _ => i.name.clone(),
                    };
                    let chosen = {
                        let id = i.id.clone();
                        move || picked.with(|p| p.as_ref().is_some_and(|p| p.id == id))
                    };
                    view! {
                        <li>
                            <button type="button" class="btn btn--ghost" data-testid="catalog-pick"
                                aria-pressed=move || chosen().to_string()
                                on:click=move |_| picked.set(Some(i.clone()))>
                                {label}
                            </button>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
        })
    };
    view! {
        <div class="builder-props__pair">
            <div class="field">
                <label for="assign-catalog-kind">"Kind"</label>
                <select id="assign-catalog-kind" on:change=move |ev| {
                    if let Some(k) = CatalogKind::parse(&event_target_value(&ev)) {
                        kind.set(k);
                        picked.set(None);
                    }
                }>{kinds}</select>
            </div>
            <div class="field">
                <label for="assign-catalog-search">"Name contains"</label>
                <input id="assign-catalog-search" type="search" data-testid="assign-catalog-search"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
        </div>
        <Transition fallback=|| view! { <Loading what="the catalog"/> }>
            <ul class="builder-assign__results" aria-label="Catalog items">{results}</ul>
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn targets_read_as_words() {
        let types = [RequestTypeName {
            id: "t1".into(),
            display_name: Some("Onboarding".into()),
        }];
        assert_eq!(describe_target("requestType/t1", &types), "Request type Onboarding");
        assert_eq!(describe_target("requestType/t2", &types), "Request type t2");
        assert_eq!(
            describe_target("application/a/ACCOUNT/create", &types),
            "Application a: create ACCOUNT"
        );
        assert_eq!(describe_target("role/r", &types), "Catalog role r");
        assert_eq!(describe_target("odd", &types), "odd");
    }
}
