//! Names for custom request types. People without a level may not read request types,
//! so a custom request is named as Custom request offers its type: by the type's display
//! name when readable, else by the name of the form assigned to it. Loaded once for the
//! signed-in session; until then (or outside it) the type's id stands in.

use leptos::prelude::*;

use crate::api::client::use_client;
use crate::pages::custom_request::{load_choices, TypeChoice};

#[derive(Clone, Copy)]
struct TypeNames(LocalResource<Vec<TypeChoice>>);

/// Loads the names for everything inside it (the signed-in shell).
#[component]
pub fn ProvideTypeNames(children: Children) -> impl IntoView {
    let client = use_client();
    provide_context(TypeNames(LocalResource::new(move || async move {
        load_choices(client).await.unwrap_or_default()
    })));
    children()
}

/// The name of a custom request type, once known (a tracked read: a view that shows it
/// updates when the names arrive).
pub fn type_name(type_id: &str) -> Option<String> {
    let names = use_context::<TypeNames>()?;
    names
        .0
        .get()?
        .into_iter()
        .find(|c| c.type_id == type_id)
        .map(|c| c.label)
}
