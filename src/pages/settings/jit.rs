//! `/settings/jit-activation`: the JIT activation policy.

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn JitActivationPage() -> impl IntoView {
    view! { <Coming area="JIT activation policy"/> }
}
