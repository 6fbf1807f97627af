//! Areas that are planned but not built yet say so plainly.

use leptos::prelude::*;

#[component]
pub fn Coming(#[prop(into)] area: String) -> impl IntoView {
    view! {
        <section class="page" data-testid="coming">
            <h1>{area.clone()}</h1>
            <p class="notice notice--info">
                {format!("{area} is coming in a later release of Gatehouse. Nothing is wrong: this area is not built yet.")}
            </p>
        </section>
    }
}
