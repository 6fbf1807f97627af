//! `/settings/provisioning-policies`: a source's provisioning policies.

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn ProvisioningPoliciesPage() -> impl IntoView {
    view! { <Coming area="Provisioning policies"/> }
}
