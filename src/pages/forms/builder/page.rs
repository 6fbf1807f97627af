//! The builder's route: a new form, or the stored one loaded by id, handed to the
//! [`FormEditor`]; a load that fails (or a definition the model cannot read) is named.

use gatehouse_wire::form::RequestForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::client::use_client;
use crate::api::forms;
use crate::api::ApiError;
use crate::components::status::{ErrorNotice, Loading};

use super::FormEditor;

/// The route: a new form, or the stored one loaded by id.
#[component]
pub fn FormBuilder() -> impl IntoView {
    let client = use_client();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                None => Ok(None),
                Some(id) => {
                    let raw = forms::get(&client, &id).await?;
                    serde_json::from_value::<RequestForm>(raw)
                        .map(Some)
                        .map_err(|e| ApiError::Server(format!("this form's definition cannot be edited: {e}")))
                }
            }
        }
    });
    let reload = Callback::new(move |_| loaded.refetch());
    view! {
        <section class="page builder-page">
            <p>
                <a href="/forms" data-testid="back-to-forms">"← Request forms"</a>
            </p>
            <Transition fallback=|| view! { <Loading what="the form"/> }>
                {move || {
                    loaded
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(form) => view! { <FormEditor form=form on_reload=reload/> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}
