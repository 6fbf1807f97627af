//! The cart page: reads top-down — the cart, the check and submit actions, then the
//! view (items, for whom, details, problems, buttons, what was created).

use std::collections::BTreeMap;

use gatehouse_wire::form::FormDefinition;
use leptos::prelude::*;

use super::check::{form_body, form_problems, CheckReport, CreatedRow, GeneralProblems};
use super::details::{date_problem, RequestDetails};
use super::item::CartItemCard;
use super::people::ForWhom;
use crate::api::cart::{self as api, NewRequests};
use crate::api::client::use_client;
use crate::api::requests::Created;
use crate::api::ApiError;
use crate::cart::provide_cart;
use crate::components::status::{Empty, ErrorNotice};
use crate::forms::matcher::js_matcher;
use crate::pages::requests::actions::access_rules;
use crate::session::use_session;

#[component]
pub fn CartPage() -> impl IntoView {
    let cart = provide_cart();
    let client = use_client();
    let session = use_session();
    let me = Memo::new(move |_| session.principal().map(|p| p.identity_id).unwrap_or_default());
    // Only an ORG_ADMIN may request for others (anyone else gets a 403 on Check and
    // Submit); people kept from an earlier session of such an admin are dropped.
    let for_others = Memo::new(move |_| session.principal().is_some_and(|p| p.is_org_admin()));
    Effect::new(move || {
        if !for_others.get() && cart.state.with_untracked(|s| !s.people.is_empty()) {
            cart.state.update(|s| s.people.clear());
        }
    });
    // Whether a justification is required: the rules every signed-in person reads
    // (unknown: not marked; the server still checks).
    let rules = access_rules(client);
    let tried = RwSignal::new(false);
    let justification_problem = Memo::new(move |_| {
        let r = rules.get();
        cart.state.with(|s| r.request_justification_problem(&s.justification))
    });
    let definitions = RwSignal::new(BTreeMap::<String, FormDefinition>::new());
    let report = RwSignal::new(None::<CheckReport>);
    let created = RwSignal::new(Vec::<CreatedRow>::new());
    let failure = RwSignal::new(None::<ApiError>);

    let check = Action::new_local(move |body: &NewRequests| {
        let body = body.clone();
        async move { api::validate(&client, &body).await }
    });
    let submit = Action::new_local(move |body: &NewRequests| {
        let body = body.clone();
        async move { api::create(&client, &body).await }
    });
    let busy = Signal::derive(move || check.pending().get() || submit.pending().get());
    // Sorts out an answer; after a create, the requested items leave the cart.
    let settle = move |answer: Result<Created, ApiError>, created_now: bool| match answer {
        Err(e) => failure.set(Some(e)),
        Ok(answer) => {
            failure.set(None);
            let me = me.get_untracked();
            let r = cart.state.with_untracked(|s| CheckReport::from_answer(&answer, s, &me));
            if created_now {
                let left = cart.state.with_untracked(|s| r.unfinished(s, &me));
                created.update(|c| c.extend(r.requests.clone()));
                cart.state.update(|s| s.keep_only(&left));
                // What was created is listed above; only problems are left to show.
                report.set((!r.is_clean()).then_some(r));
            } else {
                report.set(Some(r));
            }
        }
    };
    Effect::new(move || {
        let Some(answer) = check.value().get() else { return };
        settle(answer, false);
    });
    Effect::new(move || {
        let Some(answer) = submit.value().get() else { return };
        settle(answer, true);
    });
    let send = move |create: bool| {
        if cart.state.with_untracked(|s| s.is_empty() || date_problem(s).is_some()) {
            return;
        }
        tried.set(true);
        if justification_problem.get_untracked().is_some() {
            return;
        }
        failure.set(None);
        let local = cart
            .state
            .with_untracked(|s| definitions.with_untracked(|d| form_problems(s, d, &js_matcher)));
        if !local.is_empty() {
            report.set(Some(CheckReport::from_forms(local)));
            return;
        }
        let body = cart
            .state
            .with_untracked(|s| definitions.with_untracked(|d| s.body(&me.get_untracked(), |i| form_body(d, i))));
        if create {
            created.set(Vec::new());
            submit.dispatch(body);
        } else {
            check.dispatch(body);
        }
    };
    let blocked = Signal::derive(move || busy.get() || cart.state.with(|s| s.is_empty() || date_problem(s).is_some()));
    let keys = Memo::new(move |_| cart.state.with(|s| s.items.clone()));
    let general = Signal::derive(move || report.with(|r| r.as_ref().map(|r| r.general.clone()).unwrap_or_default()));
    let clean = move || report.with(|r| r.as_ref().is_some_and(|r| r.is_clean() && !r.requests.is_empty()));

    view! {
        <section class="page cart">
            <div class="page__head">
                <h1>"Cart"</h1>
                <a class="btn btn--ghost" href="/catalog" data-testid="back-to-catalog">"← Catalog"</a>
            </div>
            <CreatedList rows=created.into()/>
            <Show
                when=move || !keys.with(Vec::is_empty)
                fallback=|| view! {
                    <Empty message="Your cart is empty. Add items from the catalog."/>
                }
            >
                <For
                    each=move || keys.get()
                    key=|item| item.key()
                    children=move |item| {
                        let key = item.key();
                        let problems = Signal::derive(move || {
                            report.with(|r| r.as_ref().map(|r| r.for_item(&key)).unwrap_or_default())
                        });
                        view! { <CartItemCard item=item problems=problems definitions=definitions/> }
                    }
                />
                {move || for_others.get().then(|| view! { <ForWhom/> })}
                <RequestDetails
                    justification_required=Signal::derive(move || rules.get().require_request_justification)
                    justification_problem=Signal::derive(move || justification_problem.get().filter(|_| tried.get()))
                />
                <GeneralProblems problems=general/>
                {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
                {move || clean().then(|| {
                    let n = report.with(|r| r.as_ref().map_or(0, |r| r.requests.len()));
                    let noun = if n == 1 { "request" } else { "requests" };
                    view! {
                        <p class="notice notice--info" role="status" data-testid="cart-check-ok">
                            {format!("Everything checks out: {n} {noun} would be created.")}
                        </p>
                    }
                })}
                <div class="cart__actions">
                    <button type="button" class="btn" data-testid="cart-check" disabled=move || blocked.get() on:click=move |_| send(false)>
                        {move || if check.pending().get() { "Checking…" } else { "Check" }}
                    </button>
                    <button
                        type="button"
                        class="btn btn--primary"
                        data-testid="cart-submit"
                        disabled=move || blocked.get()
                        on:click=move |_| send(true)
                    >
                        {move || if submit.pending().get() { "Submitting…" } else { "Submit" }}
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// What the last submit created, each linked to its request.
#[component]
fn CreatedList(rows: Signal<Vec<CreatedRow>>) -> impl IntoView {
    move || {
        let rows = rows.get();
        (!rows.is_empty()).then(|| {
            view! {
                <div class="notice notice--info" role="status" data-testid="cart-created">
                    <p>{format!("{} created:", if rows.len() == 1 { "One request was" } else { "These requests were" })}</p>
                    <ul>
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <li>
                                        <a href=format!("/requests/{}", r.id) data-testid="created-link">{r.label}</a>
                                        {format!(" for {}", r.person)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
