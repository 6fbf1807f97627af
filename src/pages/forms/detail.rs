//! `/forms/:id`: one request form (with a link to the builder) as a live preview (the same renderer requesters will
//! use: type, see the rules apply, submit to see the body) beside its stored JSON
//! definition, read-only.

use gatehouse_wire::form::RequestForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::api::client::use_client;
use crate::api::forms;
use crate::components::status::{ErrorNotice, Loading};
use crate::forms::FormRenderer;

#[component]
pub fn FormDetail() -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move { forms::get(&client, &id).await }
    });
    view! {
        <section class="page">
            <p>
                <a href="/forms" data-testid="back-to-forms">"← Request forms"</a>
            </p>
            <Transition fallback=|| view! { <Loading what="the form"/> }>
                {move || {
                    loaded
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(raw) => view! { <FormView raw=raw/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// One loaded form: its name, type and description, the live preview and the stored
/// JSON. A definition the model cannot read is named as such, its JSON still shown.
#[component]
pub fn FormView(raw: Value) -> impl IntoView {
    let json = serde_json::to_string_pretty(&raw).unwrap_or_default();
    let source = view! {
        <section class="form-detail__source" aria-labelledby="form-json-title">
            <h2 id="form-json-title">"Definition (JSON, read-only)"</h2>
            <pre class="form-json" data-testid="form-json">{json}</pre>
        </section>
    };
    let form = match serde_json::from_value::<RequestForm>(raw) {
        Ok(form) => form,
        Err(e) => {
            return view! {
                <h1>"Request form"</h1>
                <p class="notice notice--error" role="alert" data-testid="form-unreadable">
                    {format!("This form's definition cannot be shown: {e}")}
                </p>
                {source}
            }
            .into_any();
        }
    };
    let values = RwSignal::new(Value::Object(Default::default()));
    let sent = RwSignal::new(None::<String>);
    let on_submit = Callback::new(move |body: Value| sent.set(serde_json::to_string_pretty(&body).ok()));
    let definition = Signal::stored(form.form);
    // Only an ORG_ADMIN may change forms: nobody else is offered the builder.
    let may_edit = use_context::<crate::session::Session>()
        .and_then(|s| s.principal())
        .is_some_and(|p| p.is_org_admin());
    let edit = form
        .id
        .as_deref()
        .filter(|_| may_edit)
        .map(|id| format!("/forms/{}/edit", js_sys::encode_uri_component(id)));
    view! {
        <div class="page__head">
            <h1 data-testid="form-name">{form.name}</h1>
            {edit.map(|href| view! { <a class="btn btn--primary" href=href data-testid="form-edit">"Edit in the builder"</a> })}
        </div>
        <p class="muted">
            <code data-testid="form-type">{form.kind}</code>
            " "
            {form.description.unwrap_or_default()}
        </p>
        <div class="form-detail">
            <section class="form-detail__preview" aria-labelledby="form-preview-title">
                <h2 id="form-preview-title">"Preview"</h2>
                <p class="muted">"Scripts in the definition are kept but never run here."</p>
                <FormRenderer definition=definition values=values on_submit=on_submit submit_label="Check and show the body"/>
                {move || sent.get().map(|body| view! {
                    <div class="notice notice--info" role="status">
                        <p>"No errors. This body would be sent:"</p>
                        <pre class="form-json" data-testid="form-preview-body">{body}</pre>
                    </div>
                })}
            </section>
            {source}
        </div>
    }
    .into_any()
}
