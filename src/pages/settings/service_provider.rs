//! `/settings/service-provider`: the SAML service-provider document.

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn ServiceProviderPage() -> impl IntoView {
    view! { <Coming area="Service provider (SAML)"/> }
}
