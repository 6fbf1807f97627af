//! `/settings/access-requests`: the IGA access-request settings.

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn AccessRequestSettingsPage() -> impl IntoView {
    view! { <Coming area="Access-request settings"/> }
}
