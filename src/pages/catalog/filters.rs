//! The catalog's filter bar and sort control, built from the kind's search properties
//! (`GET /iga/governance/search/schema/{kind}`). A filter is a property, an operator
//! that suits its type and a value, checked with the wire rule the search is built with
//! ([`filter_leaf`]) before it joins the view; active filters are chips that can be
//! removed one by one or all at once. Both controls only hand the next
//! [`CatalogState`] to the page, which puts it in the URL.

use gatehouse_wire::catalog::{filter_leaf, operator_label, SearchProperty, ValueType};
use gatehouse_wire::target_filter::LeafOp;
use leptos::prelude::*;

use super::state::{CatalogState, Clause, SortBy};

/// How a person reads an active filter: "Application starts with Active".
pub fn clause_label(c: &Clause, properties: &[SearchProperty]) -> String {
    let p = properties.iter().find(|p| p.key == c.key);
    let name = p.map_or(c.key.as_str(), |p| p.display_name.as_str());
    let t = p.map_or(ValueType::Text, SearchProperty::value_type);
    let op = operator_label(c.op, t);
    match (c.op, t, c.value.as_str()) {
        (LeafOp::Exists, _, _) => format!("{name} {op}"),
        (_, ValueType::Boolean, "true") => format!("{name} {op} yes"),
        (_, ValueType::Boolean, "false") => format!("{name} {op} no"),
        _ => format!("{name} {op} {}", c.value),
    }
}

/// Pick a property, a condition and a value; the active filters as chips.
#[component]
pub fn FilterBar(
    /// The kind's search properties (empty while they load).
    #[prop(into)]
    properties: Signal<Vec<SearchProperty>>,
    #[prop(into)] state: Signal<CatalogState>,
    on_change: Callback<CatalogState>,
) -> impl IntoView {
    // What is picked; an unknown key means the first property, a condition the type
    // does not offer means its default (so a change of tab needs no reset).
    let key = RwSignal::new(String::new());
    let picked_op = RwSignal::new(None::<LeafOp>);
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let chosen =
        Memo::new(move |_| properties.with(|ps| key.with(|k| ps.iter().find(|p| &p.key == k).or(ps.first()).cloned())));
    let value_type =
        Memo::new(move |_| chosen.with(|p| p.as_ref().map_or(ValueType::Text, SearchProperty::value_type)));
    let op = Memo::new(move |_| {
        let offered = value_type.get().operators();
        picked_op.get().filter(|o| offered.contains(o)).unwrap_or(offered[0])
    });
    // A boolean's value is yes unless no was picked.
    let typed = move || {
        let v = value.get_untracked();
        match value_type.get_untracked() {
            ValueType::Boolean if v != "false" => "true".to_string(),
            _ => v,
        }
    };
    let start_over = move || {
        picked_op.set(None);
        value.set(String::new());
        problem.set(None);
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = chosen.get_untracked() else { return };
        let (o, v) = (op.get_untracked(), typed());
        match filter_leaf(&p, o, &v) {
            Err(e) => problem.set(Some(e.0)),
            Ok(_) => {
                let clause = Clause {
                    key: p.key.clone(),
                    op: o,
                    value: if o == LeafOp::Exists {
                        String::new()
                    } else {
                        v.trim().to_string()
                    },
                };
                let s = state.get_untracked();
                let mut filters = s.filters.clone();
                if !filters.contains(&clause) {
                    filters.push(clause);
                }
                start_over();
                on_change.run(s.with_filters(filters));
            }
        }
    };
    let remove = move |i: usize| {
        let s = state.get_untracked();
        let mut filters = s.filters.clone();
        if i < filters.len() {
            filters.remove(i);
        }
        on_change.run(s.with_filters(filters));
    };
    let invalid = move || if problem.with(Option::is_some) { "true" } else { "false" };
    let value_input = move || {
        let t = value_type.get();
        if op.get() == LeafOp::Exists {
            return ().into_any();
        }
        match t {
            ValueType::Boolean => view! {
                <label class="field">
                    "Value"
                    <select data-testid="filter-value" on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="true" prop:selected=move || value.with(|v| v != "false")>"Yes"</option>
                        <option value="false" prop:selected=move || value.with(|v| v == "false")>"No"</option>
                    </select>
                </label>
            }
            .into_any(),
            _ => view! {
                <label class="field">
                    "Value"
                    <input
                        type=if t == ValueType::Date { "date" } else { "text" }
                        inputmode=(t == ValueType::Number).then_some("decimal")
                        data-testid="filter-value"
                        aria-invalid=invalid
                        aria-describedby="filter-error"
                        prop:value=move || value.get()
                        on:input=move |ev| {
                            value.set(event_target_value(&ev));
                            problem.set(None);
                        }
                    />
                </label>
            }
            .into_any(),
        }
    };
    view! {
        <form class="catalog-filters" data-testid="catalog-filters" aria-label="Filters" on:submit=add>
            <div class="catalog-filters__add">
                <label class="field">
                    "Filter by"
                    <select
                        data-testid="filter-property"
                        disabled=move || properties.with(Vec::is_empty)
                        on:change=move |ev| {
                            key.set(event_target_value(&ev));
                            start_over();
                        }
                    >
                        {move || {
                            properties
                                .get()
                                .into_iter()
                                .map(|p| {
                                    let k = p.key.clone();
                                    view! {
                                        <option value=p.key.clone() prop:selected=move || chosen.with(|c| c.as_ref().is_some_and(|c| c.key == k))>
                                            {p.display_name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="field">
                    "Condition"
                    <select
                        data-testid="filter-op"
                        on:change=move |ev| {
                            if let Some(o) = LeafOp::from_wire(&event_target_value(&ev)) {
                                picked_op.set(Some(o));
                                problem.set(None);
                            }
                        }
                    >
                        {move || {
                            let t = value_type.get();
                            t.operators()
                                .iter()
                                .map(|o| {
                                    let o = *o;
                                    view! {
                                        <option value=o.as_str() prop:selected=move || op.get() == o>
                                            {operator_label(o, t)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                {value_input}
                <button type="submit" class="btn" data-testid="filter-add" disabled=move || properties.with(Vec::is_empty)>
                    "Add filter"
                </button>
            </div>
            <p class="field__error" id="filter-error" data-testid="filter-error" aria-live="polite">
                {move || problem.get().unwrap_or_default()}
            </p>
            {move || {
                let filters = state.with(|s| s.filters.clone());
                (!filters.is_empty())
                    .then(|| {
                        let ps = properties.get();
                        view! {
                            <div class="catalog-filters__active">
                                <ul class="chips__list" data-testid="filter-chips" aria-label="Active filters">
                                    {filters
                                        .iter()
                                        .enumerate()
                                        .map(|(i, c)| {
                                            let label = clause_label(c, &ps);
                                            view! {
                                                <li class="chip" data-testid="filter-chip">
                                                    {label.clone()}
                                                    <button
                                                        type="button"
                                                        class="chip__remove"
                                                        data-testid="filter-remove"
                                                        aria-label=format!("Remove the filter {label}")
                                                        on:click=move |_| remove(i)
                                                    >
                                                        "×"
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <button
                                    type="button"
                                    class="btn btn--ghost"
                                    data-testid="filters-clear"
                                    on:click=move |_| on_change.run(state.get_untracked().with_filters(Vec::new()))
                                >
                                    "Clear filters"
                                </button>
                            </div>
                        }
                    })
            }}
        </form>
    }
}

/// The order: a property and a direction (by name, ascending, unless chosen).
#[component]
pub fn SortControl(
    #[prop(into)] properties: Signal<Vec<SearchProperty>>,
    #[prop(into)] state: Signal<CatalogState>,
    on_change: Callback<CatalogState>,
) -> impl IntoView {
    let current = Memo::new(move |_| {
        state.with(|s| {
            s.sort.clone().unwrap_or(SortBy {
                key: s.kind.name_path().to_string(),
                descending: false,
            })
        })
    });
    let set = move |next: SortBy| {
        let s = state.get_untracked();
        let default = next.key == s.kind.name_path() && !next.descending;
        on_change.run(s.with_sort((!default).then_some(next)));
    };
    view! {
        <div class="catalog-sort" role="group" aria-label="Sort">
            <label class="field">
                "Sort by"
                <select
                    data-testid="catalog-sort"
                    disabled=move || properties.with(Vec::is_empty)
                    on:change=move |ev| set(SortBy { key: event_target_value(&ev), ..current.get_untracked() })
                >
                    {move || {
                        properties
                            .get()
                            .into_iter()
                            .filter(|p| !p.is_multi_value)
                            .map(|p| {
                                let k = p.key.clone();
                                view! {
                                    <option value=p.key.clone() prop:selected=move || current.with(|c| c.key == k)>
                                        {p.display_name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label class="field">
                "Order"
                <select
                    data-testid="catalog-sort-dir"
                    on:change=move |ev| {
                        set(SortBy {
                            descending: event_target_value(&ev) == "desc",
                            ..current.get_untracked()
                        })
                    }
                >
                    <option value="asc" prop:selected=move || !current.with(|c| c.descending)>"Ascending"</option>
                    <option value="desc" prop:selected=move || current.with(|c| c.descending)>"Descending"</option>
                </select>
            </label>
        </div>
    }
}
