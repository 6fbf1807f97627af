//! `/custom-request`: a request of a type that has a form. The types offered are those
//! a form is assigned to (`requestType/<id>`, readable by everyone), named by the type's
//! display name when the person may read request types (admins) and by the form's name
//! otherwise. The form is filled with the shared renderer and published
//! (`POST /iga/governance/requests/{requestTypeId}?_action=publish`).

use gatehouse_wire::form::RequestForm;
use leptos::prelude::*;
use serde_json::Value;

use crate::api::client::use_client;
use crate::api::request_types::{self, PublishBody, RequestTypeSummary};
use crate::api::{forms, ApiError};
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::forms::FormRenderer;

/// A request type the person may pick: it has a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeChoice {
    pub type_id: String,
    pub form_id: String,
    pub label: String,
}

/// The choices from the assignments, the form names and (when readable) the types.
pub fn choices(
    assigned: &[(String, String)],
    form_names: &[(String, String)],
    types: &[RequestTypeSummary],
) -> Vec<TypeChoice> {
    let mut out: Vec<TypeChoice> = assigned
        .iter()
        .map(|(type_id, form_id)| {
            let type_name = types
                .iter()
                .find(|t| &t.id == type_id)
                .and_then(|t| t.display_name.clone())
                .filter(|n| !n.trim().is_empty());
            let form_name = form_names.iter().find(|(id, _)| id == form_id).map(|(_, n)| n.clone());
            let label = match (type_name, form_name) {
                (Some(t), Some(f)) => format!("{t} (form: {f})"),
                (Some(t), None) => t,
                (None, Some(f)) => f,
                (None, None) => type_id.clone(),
            };
            TypeChoice {
                type_id: type_id.clone(),
                form_id: form_id.clone(),
                label,
            }
        })
        .collect();
    out.sort_by_key(|a| a.label.to_lowercase());
    out
}

/// The types that have a form, named (see [`choices`]).
pub async fn load_choices(client: crate::api::Client) -> Result<Vec<TypeChoice>, ApiError> {
    let assigned = request_types::forms_of_types(&client).await?;
    if assigned.is_empty() {
        return Ok(Vec::new());
    }
    let mut names = Vec::new();
    for (_, form_id) in &assigned {
        // A form that cannot be read is offered by the type's name or id.
        if let Ok(doc) = forms::get(&client, form_id).await {
            if let Some(name) = doc.get("name").and_then(Value::as_str) {
                names.push((form_id.clone(), name.to_string()));
            }
        }
    }
    // Only admins may read request types; everyone else sees the forms' names.
    let types = request_types::list(&client).await.unwrap_or_default();
    Ok(choices(&assigned, &names, &types))
}

#[component]
pub fn CustomRequestPage() -> impl IntoView {
    let client = use_client();
    let loaded = LocalResource::new(move || load_choices(client));
    let chosen = RwSignal::new(None::<TypeChoice>);
    view! {
        <section class="page">
            <div class="page__head">
                <h1>"Custom request"</h1>
                <div class="page__links">
                    <a class="btn btn--ghost" href="/catalog">"Catalog"</a>
                    <a class="btn btn--ghost" href="/requests">"My requests"</a>
                </div>
            </div>
            <p class="muted">"Some requests are not for an item of the catalog: pick what you need and fill in its form."</p>
            <Transition fallback=|| view! { <Loading what="the request types"/> }>
                {move || {
                    loaded
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(list) if list.is_empty() => {
                                view! { <Empty message="No request type has a form yet. Ask an administrator to assign one."/> }
                                    .into_any()
                            }
                            Ok(list) => view! { <TypePicker choices=list chosen=chosen/> }.into_any(),
                        })
                }}
            </Transition>
            {move || chosen.get().map(|c| view! { <CustomForm choice=c/> })}
        </section>
    }
}

/// The select of request types.
#[component]
fn TypePicker(choices: Vec<TypeChoice>, chosen: RwSignal<Option<TypeChoice>>) -> impl IntoView {
    let all = StoredValue::new(choices.clone());
    let pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        chosen.set(all.with_value(|a| a.iter().find(|c| c.type_id == id).cloned()));
    };
    view! {
        <label class="field">
            "Request type"
            <select data-testid="custom-type" on:change=pick>
                <option value="" prop:selected=move || chosen.with(Option::is_none)>"Choose…"</option>
                {choices
                    .into_iter()
                    .map(|c| view! { <option value=c.type_id.clone()>{c.label}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The chosen type's form, published on submit; shows the created request.
#[component]
fn CustomForm(choice: TypeChoice) -> impl IntoView {
    let client = use_client();
    let form_id = choice.form_id.clone();
    let form = LocalResource::new(move || {
        let id = form_id.clone();
        async move {
            let raw = forms::get(&client, &id).await?;
            serde_json::from_value::<RequestForm>(raw)
                .map_err(|e| ApiError::Server(format!("form '{id}' cannot be read: {e}")))
        }
    });
    let type_id = choice.type_id.clone();
    let publish = Action::new_local(move |body: &Value| {
        let body = PublishBody::from_form(body);
        let type_id = type_id.clone();
        async move { request_types::publish(&client, &type_id, &body).await }
    });
    let on_submit = Callback::new(move |body: Value| {
        publish.dispatch(body);
    });
    // Once the request is made the form gives way to the notice, so a second click
    // cannot send it again; "Make another request" brings back an empty form.
    let created = move || matches!(publish.value().get(), Some(Ok(_)));
    view! {
        <Show when=move || !created()>
        <Transition fallback=|| view! { <Loading what="the form"/> }>
            {move || {
                form.get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(f) => {
                            let values = RwSignal::new(Value::Object(Default::default()));
                            view! {
                                <section class="custom-request__form" aria-label=format!("Form: {}", f.name) data-testid="custom-form">
                                    <h2>{f.name.clone()}</h2>
                                    {f.description.clone().map(|d| view! { <p class="muted">{d}</p> })}
                                    <FormRenderer
                                        definition=Signal::stored(f.form)
                                        values=values
                                        on_submit=on_submit
                                        submit_label="Submit request"
                                    />
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
        </Show>
        {move || publish.pending().get().then(|| view! { <p class="state state--loading" role="status">"Submitting…"</p> })}
        {move || {
            publish
                .value()
                .get()
                .map(|r| match r {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) => {
                        view! {
                            <p class="notice notice--info" role="status" data-testid="custom-created">
                                "Request created: "
                                <a href=format!("/requests/{}", p.id) data-testid="custom-created-link">{p.id.clone()}</a>
                                " "
                                <button type="button" class="btn btn--small" data-testid="custom-another"
                                    on:click=move |_| publish.value().set(None)>
                                    "Make another request"
                                </button>
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn choices_are_named_by_type_then_form_then_id() {
        let assigned = vec![
            ("t1".to_string(), "f1".to_string()),
            ("t2".to_string(), "f2".to_string()),
            ("t3".to_string(), "gone".to_string()),
        ];
        let names = vec![
            ("f1".to_string(), "laptop".to_string()),
            ("f2".to_string(), "badge".to_string()),
        ];
        let types = vec![RequestTypeSummary {
            id: "t1".into(),
            display_name: Some("New laptop".into()),
            custom: true,
        }];
        let labels: Vec<String> = choices(&assigned, &names, &types)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["badge", "New laptop (form: laptop)", "t3"]);
    }
}
