//! A sortable column header: a button inside the `<th>`, with `aria-sort` saying how the
//! column is sorted now.

use leptos::prelude::*;

/// How a column is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortState {
    None,
    Ascending,
    Descending,
}

impl SortState {
    pub fn aria(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Ascending => "ascending",
            Self::Descending => "descending",
        }
    }

    fn arrow(self) -> &'static str {
        match self {
            Self::None => "↕",
            Self::Ascending => "▲",
            Self::Descending => "▼",
        }
    }
}

/// A `<th>` whose button asks for this column's sort (`data-testid="sort-{field}"`).
#[component]
pub fn SortHeader(
    /// The column's heading.
    label: &'static str,
    /// The sort field the button asks for.
    field: &'static str,
    /// How this column is sorted now.
    #[prop(into)]
    state: Signal<SortState>,
    /// Asked to sort by `field` (the owner decides the direction).
    on_sort: Callback<&'static str>,
) -> impl IntoView {
    view! {
        <th scope="col" aria-sort=move || state.get().aria()>
            <button
                type="button"
                class="sort"
                data-testid=format!("sort-{field}")
                on:click=move |_| on_sort.run(field)
            >
                {label}
                <span class="sort__arrow" aria-hidden="true">{move || state.get().arrow()}</span>
            </button>
        </th>
    }
}
