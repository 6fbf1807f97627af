//! One settings document's page: who may see it, the document loaded into the
//! shared [`SettingsEditor`], and its history under it.

use leptos::prelude::*;

use super::editor::{EditableDocument, SettingsEditor};
use super::history::SettingsHistory;
use super::overview::OrgAdminOnly;
use crate::api::client::use_client;
use crate::api::settings as api;
use crate::components::status::{ErrorNotice, Loading};
use crate::session::use_session;

/// The page of document `D`: an explanation instead of the form for anyone who is not
/// an ORG_ADMIN (the server would refuse them). A plain generic function: a component
/// without props cannot carry a type parameter.
pub fn settings_page<D: EditableDocument>() -> impl IntoView {
    let session = use_session();
    let allowed = move || session.principal().is_some_and(|p| p.can_manage_auth_org());
    view! {
        <section class="settings-page" data-testid=format!("settings-{}", D::NAME)>
            <h1>{D::TITLE}</h1>
            <p class="muted">{D::SUMMARY}</p>
            <Show when=allowed fallback=|| view! { <OrgAdminOnly/> }>
                {loaded_document::<D>()}
            </Show>
        </section>
    }
}

fn loaded_document<D: EditableDocument>() -> impl IntoView {
    let client = use_client();
    let document = LocalResource::new(move || async move { api::get::<D>(&client).await });
    let refresh = RwSignal::new(0_u32);
    let on_saved = Callback::new(move |_| refresh.update(|n| *n += 1));
    view! {
        <Transition fallback=|| view! { <Loading what="the settings"/> }>
            {move || {
                document
                    .get()
                    .map(|result| match result {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(loaded) => view! { <SettingsEditor<D> initial=loaded on_saved=on_saved/> }.into_any(),
                    })
            }}
        </Transition>
        <SettingsHistory name=D::NAME refresh=refresh/>
    }
}
