//! `/forms/new` and `/forms/:id/edit`: the visual forms builder.

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn FormBuilder() -> impl IntoView {
    view! { <Coming area="Forms builder"/> }
}
