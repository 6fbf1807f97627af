//! The request's details in the cart: justification, priority, start and end dates.
//! The dates are checked as the person types with the wire rule the server applies
//! ([`check_request_dates`]); the message names the field it is about. The justification
//! is marked required when the access-request rules say so, and its problem (from
//! `AccessRequestRules::request_justification_problem`) shows once Check or Submit was tried.

use gatehouse_wire::request::{check_request_dates, DateProblem};
use leptos::prelude::*;

use crate::cart::{use_cart, CartState, PRIORITIES};

/// The date rule's problem for the cart's dates, if any.
pub fn date_problem(state: &CartState) -> Option<DateProblem> {
    check_request_dates(&state.start_date, &state.end_date).err()
}

/// Justification, priority and dates of the cart's requests, kept in the cart.
#[component]
pub fn RequestDetails(
    /// The settings require a justification.
    #[prop(optional, into)]
    justification_required: Signal<bool>,
    /// What is wrong with the justification, once shown.
    #[prop(optional, into)]
    justification_problem: Signal<Option<String>>,
) -> impl IntoView {
    let cart = use_cart();
    let field = move |get: fn(&CartState) -> &String| Memo::new(move |_| cart.state.with(|s| get(s).clone()));
    let justification = field(|s| &s.justification);
    let priority = field(|s| &s.priority);
    let start = field(|s| &s.start_date);
    let end = field(|s| &s.end_date);
    let problem = Memo::new(move |_| cart.state.with(date_problem));
    let invalid = move |name: &'static str| {
        move || {
            if problem.with(|p| p.as_ref().is_some_and(|p| p.field == name)) {
                "true"
            } else {
                "false"
            }
        }
    };
    view! {
        <fieldset class="cart-details" data-testid="cart-details">
            <legend>"About these requests"</legend>
            <label class="field">
                {move || if justification_required.get() { "Justification (required)" } else { "Justification" }}
                <textarea
                    data-testid="cart-justification"
                    rows="3"
                    aria-required=move || justification_required.get().to_string()
                    aria-invalid=move || justification_problem.with(Option::is_some).to_string()
                    aria-describedby="cart-justification-error"
                    prop:value=move || justification.get()
                    on:input=move |ev| cart.state.update(|s| s.justification = event_target_value(&ev))
                ></textarea>
            </label>
            <p class="field__error" id="cart-justification-error" data-testid="cart-justification-error" aria-live="polite">
                {move || justification_problem.get().unwrap_or_default()}
            </p>
            <div class="cart-details__row">
                <label class="field">
                    "Priority"
                    <select
                        data-testid="cart-priority"
                        on:change=move |ev| cart.state.update(|s| s.priority = event_target_value(&ev))
                    >
                        {PRIORITIES
                            .iter()
                            .map(|p| view! { <option value=*p prop:selected=move || priority.with(|v| v == p)>{*p}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    "Start date (optional)"
                    <input
                        type="date"
                        data-testid="cart-start"
                        aria-invalid=invalid("startDate")
                        aria-describedby="cart-dates-error"
                        prop:value=move || start.get()
                        on:input=move |ev| cart.state.update(|s| s.start_date = event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    "End date (optional)"
                    <input
                        type="date"
                        data-testid="cart-end"
                        aria-invalid=invalid("endDate")
                        aria-describedby="cart-dates-error"
                        prop:value=move || end.get()
                        on:input=move |ev| cart.state.update(|s| s.end_date = event_target_value(&ev))
                    />
                </label>
            </div>
            <p class="field__error" id="cart-dates-error" data-testid="cart-dates-error" aria-live="polite">
                {move || problem.get().map(|p| p.message).unwrap_or_default()}
            </p>
        </fieldset>
    }
}
