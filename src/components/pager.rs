//! Paging controls: previous / next, where we are, and how many rows a page holds.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

/// The zero-based page a URL's one-based `page` names (the first when absent or wrong).
pub fn page_in_url(q: &ParamsMap) -> u32 {
    q.get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .map(|p| p.saturating_sub(1))
        .unwrap_or(0)
}

/// The page size a URL's `size` names when it is one of `sizes`, else `default`.
pub fn size_in_url(q: &ParamsMap, sizes: &[u32], default: u32) -> u32 {
    q.get("size")
        .and_then(|s| s.parse().ok())
        .filter(|s| sizes.contains(s))
        .unwrap_or(default)
}

/// Pages through `total` rows, `size` at a time. Pages are zero-based here and shown
/// one-based.
#[component]
pub fn Pager(
    /// The page on screen (zero-based).
    #[prop(into)]
    page: Signal<u32>,
    /// Rows per page.
    #[prop(into)]
    size: Signal<u32>,
    /// All rows that match.
    #[prop(into)]
    total: Signal<u64>,
    /// The page sizes on offer.
    sizes: &'static [u32],
    /// Asked for another page.
    on_page: Callback<u32>,
    /// Asked for another page size.
    on_size: Callback<u32>,
) -> impl IntoView {
    let pages = move || {
        let size = u64::from(size.get().max(1));
        u32::try_from(total.get().div_ceil(size).max(1)).unwrap_or(u32::MAX)
    };
    let range = move || {
        let (p, s, t) = (u64::from(page.get()), u64::from(size.get()), total.get());
        if t == 0 {
            "No rows".to_string()
        } else {
            format!("{}–{} of {t}", (p * s + 1).min(t), ((p + 1) * s).min(t))
        }
    };
    view! {
        <nav class="pager" aria-label="Pages" data-testid="pager">
            <label class="pager__size">
                "Rows per page "
                <select
                    data-testid="page-size"
                    on:change=move |ev| {
                        if let Ok(s) = event_target_value(&ev).parse() {
                            on_size.run(s);
                        }
                    }
                >
                    {sizes
                        .iter()
                        .map(|s| {
                            let s = *s;
                            view! {
                                <option value=s.to_string() prop:selected=move || size.get() == s>
                                    {s.to_string()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <span class="pager__range" data-testid="page-range">{range}</span>
            <button
                type="button"
                class="btn"
                data-testid="page-prev"
                disabled=move || page.get() == 0
                on:click=move |_| on_page.run(page.get_untracked().saturating_sub(1))
            >
                "Previous"
            </button>
            <span class="pager__where" data-testid="page-of" aria-live="polite">
                {move || format!("Page {} of {}", page.get() + 1, pages())}
            </span>
            <button
                type="button"
                class="btn"
                data-testid="page-next"
                disabled=move || { page.get() + 1 >= pages() }
                on:click=move |_| on_page.run(page.get_untracked() + 1)
            >
                "Next"
            </button>
        </nav>
    }
}
