//! For whom the cart's requests are: the signed-in person, or (an ORG_ADMIN, the only
//! level the server lets request for others) other people picked with a type-ahead over
//! Gatehouse's people search.

use leptos::prelude::*;

use crate::api::cart as api;
use crate::api::client::use_client;
use crate::cart::use_cart;
use crate::components::status::ErrorNotice;

/// "For me" or "For other people", and the picker for the others.
#[component]
pub fn ForWhom() -> impl IntoView {
    let cart = use_cart();
    let others = RwSignal::new(cart.state.with_untracked(|s| !s.people.is_empty()));
    let choose_me = move |_| {
        others.set(false);
        cart.state.update(|s| s.people.clear());
    };
    view! {
        <fieldset class="cart-whom" data-testid="cart-whom">
            <legend>"Who is it for?"</legend>
            <label class="check">
                <input type="radio" name="cart-whom" data-testid="whom-me" prop:checked=move || !others.get() on:change=choose_me/>
                "Me"
            </label>
            <label class="check">
                <input
                    type="radio"
                    name="cart-whom"
                    data-testid="whom-others"
                    prop:checked=move || others.get()
                    on:change=move |_| others.set(true)
                />
                "Other people"
            </label>
            <Show when=move || others.get()>
                <PeoplePicker/>
            </Show>
        </fieldset>
    }
}

/// The chosen people as removable chips, and a search box offering matches.
#[component]
fn PeoplePicker() -> impl IntoView {
    let cart = use_cart();
    let client = use_client();
    let search = RwSignal::new(String::new());
    let matches = LocalResource::new(move || {
        let text = search.get();
        async move {
            if text.trim().is_empty() {
                Ok(Vec::new())
            } else {
                api::people(&client, &text).await
            }
        }
    });
    let chosen = move || cart.state.with(|s| s.people.clone());
    view! {
        <ul class="chips__list" data-testid="people-chosen" aria-label="Requesting for">
            <For
                each=chosen
                key=|p| p.id.clone()
                children=move |p| {
                    let id = p.id.clone();
                    view! {
                        <li class="chip" data-testid="person-chip">
                            {p.name.clone()}
                            <button
                                type="button"
                                class="chip__remove"
                                data-testid="person-remove"
                                aria-label=format!("Remove {}", p.name)
                                on:click=move |_| cart.state.update(|s| s.remove_person(&id))
                            >
                                "×"
                            </button>
                        </li>
                    }
                }
            />
        </ul>
        <label class="field">
            "Find a person by name, alias or email"
            <input
                type="search"
                data-testid="people-search"
                autocomplete="off"
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
        </label>
        <Transition fallback=|| ()>
            {move || {
                matches
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) if list.is_empty() && !search.with(|s| s.trim().is_empty()) => {
                            view! { <p class="muted" data-testid="people-none">"Nobody matches."</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="typeahead" aria-label="Matching people">
                                    {list
                                        .into_iter()
                                        .map(|p| {
                                            let name = p.name.clone();
                                            view! {
                                                <li>
                                                    <button
                                                        type="button"
                                                        class="typeahead__option"
                                                        data-testid="people-option"
                                                        on:click=move |_| {
                                                            cart.state.update(|s| {
                                                                s.add_person(p.clone());
                                                            });
                                                            search.set(String::new());
                                                        }
                                                    >
                                                        {name}
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}
