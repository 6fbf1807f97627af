//! `/custom-request`: a request of a type that has a form (publish).

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn CustomRequestPage() -> impl IntoView {
    view! { <Coming area="Custom request"/> }
}
