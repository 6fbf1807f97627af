//! `/cart`: the requester's cart.

use leptos::prelude::*;

use crate::pages::placeholder::Coming;

#[component]
pub fn CartPage() -> impl IntoView {
    view! { <Coming area="Cart"/> }
}
