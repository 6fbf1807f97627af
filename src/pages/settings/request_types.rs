//! `/settings/request-types`: the IGA request types.

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn RequestTypesPage() -> impl IntoView {
    view! { <Coming area="Request types"/> }
}
