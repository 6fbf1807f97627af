//! The filter bar: the search box (debounced; Enter searches at once), the status,
//! processing, correlated and protected filters, and the "correlated only" toggle.
//! Every change goes out as a whole [`ListState`] on its first page; the filter text
//! itself is built from the state as an AST ([`ListState::filter`]).

use std::time::Duration;

use gatehouse_wire::identity::IDENTITY_STATUSES;
use leptos::prelude::*;

use crate::components::debounce::Debounce;

use super::query::{ListState, PROCESSING_STATES};

/// How long typing must pause before the search goes out.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

const YES_NO: [(&str, &str); 2] = [("true", "Yes"), ("false", "No")];

fn bool_value(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    }
}

fn parse_choice(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_string())
}

fn parse_bool_choice(v: &str) -> Option<bool> {
    match v {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The controls above the table.
#[component]
pub fn IdentityFilters(
    /// The view now.
    #[prop(into)]
    state: Signal<ListState>,
    /// Asked for another view (always on its first page).
    on_change: Callback<ListState>,
) -> impl IntoView {
    let change = move |f: &dyn Fn(&mut ListState)| {
        let mut next = state.get_untracked();
        f(&mut next);
        on_change.run(next.first_page());
    };

    // The search box keeps its own text while the person types; the state follows
    // after a pause. `sent` is the last text this box sent, so that a change of the
    // state from elsewhere (back, a link) refills the box but our own echo does not.
    let text = RwSignal::new(state.get_untracked().search);
    let sent = StoredValue::new(state.get_untracked().search);
    let debounce = Debounce::new(SEARCH_DEBOUNCE);
    let cancel = move || debounce.cancel();
    let search_now = move || {
        cancel();
        let t = text.get_untracked();
        sent.set_value(t.clone());
        if state.with_untracked(|s| s.search != t) {
            change(&|s| s.search = t.clone());
        }
    };
    Effect::new(move || {
        let s = state.with(|s| s.search.clone());
        if sent.with_value(|v| *v != s) {
            sent.set_value(s.clone());
            text.set(s);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        text.set(event_target_value(&ev));
        debounce.schedule(search_now);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search_now();
    };

    let statuses: Vec<(&'static str, &'static str)> = IDENTITY_STATUSES.iter().map(|s| (*s, *s)).collect();
    let processing: Vec<(&'static str, &'static str)> = PROCESSING_STATES.iter().map(|s| (*s, *s)).collect();
    let clear = move |_| {
        cancel();
        let s = state.get_untracked();
        on_change.run(ListState {
            sort: s.sort,
            size: s.size,
            ..ListState::default()
        });
    };

    view! {
        <form class="filters" role="search" aria-label="Filter identities" on:submit=on_submit>
            <div class="filters__search">
                <label class="sr-only" for="identity-search">"Search identities"</label>
                <input
                    id="identity-search"
                    data-testid="search"
                    type="search"
                    autocomplete="off"
                    placeholder="Name, alias or e-mail starts with…"
                    prop:value=text
                    on:input=on_input
                />
                <button class="btn" type="submit">"Search"</button>
            </div>
            <Choice
                label="Status"
                testid="filter-status"
                any="Any status"
                options=statuses
                current=Signal::derive(move || state.with(|s| s.status.clone().unwrap_or_default()))
                on_pick=Callback::new(move |v: String| change(&|s| s.status = parse_choice(&v)))
            />
            <Choice
                label="Processing"
                testid="filter-processing"
                any="Any"
                options=processing
                current=Signal::derive(move || state.with(|s| s.processing.clone().unwrap_or_default()))
                on_pick=Callback::new(move |v: String| change(&|s| s.processing = parse_choice(&v)))
            />
            <Choice
                label="Correlated"
                testid="filter-correlated"
                any="Any"
                options=YES_NO.to_vec()
                current=Signal::derive(move || bool_value(state.with(|s| s.correlated)).to_string())
                on_pick=Callback::new(move |v: String| {
                    on_change.run(state.get_untracked().with_correlated(parse_bool_choice(&v)))
                })
            />
            <Choice
                label="Protected"
                testid="filter-protected"
                any="Any"
                options=YES_NO.to_vec()
                current=Signal::derive(move || bool_value(state.with(|s| s.protected)).to_string())
                on_pick=Callback::new(move |v: String| change(&|s| s.protected = parse_bool_choice(&v)))
            />
            <label class="filters__toggle">
                <input
                    type="checkbox"
                    data-testid="correlated-only"
                    prop:checked=move || state.with(|s| s.correlated_only)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(&|s| s.correlated_only = on)
                    }
                />
                "Correlated only"
            </label>
            <Show when=move || state.with(ListState::is_filtered)>
                <button type="button" class="btn btn--ghost" data-testid="clear-filters" on:click=clear>
                    "Clear filters"
                </button>
            </Show>
        </form>
    }
}

/// A labelled `<select>` with an "any" choice first (value `""`).
#[component]
fn Choice(
    label: &'static str,
    testid: &'static str,
    any: &'static str,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] current: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    let id = format!("{testid}-select");
    view! {
        <div class="filters__choice">
            <label for=id.clone()>{label}</label>
            <select id=id data-testid=testid on:change=move |ev| on_pick.run(event_target_value(&ev))>
                <option value="" prop:selected=move || current.with(String::is_empty)>{any}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        view! {
                            <option value=value prop:selected=move || current.with(|c| c == value)>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
