//! Who changed a settings document, when, and what: the history endpoint's entries,
//! newest first, each shown as old → new per field, a page at a time
//! ([`HistoryPager`], also under the provisioning policies).

use gatehouse_wire::settings::SettingsChange;
use leptos::prelude::*;

use super::change_table::ChangeTable;
use super::changes::{describe, patch_between};
use crate::api::client::use_client;
use crate::api::settings as api;
use crate::components::status::{ErrorNotice, Loading};

/// How many changes a page of the panel shows.
pub const SHOWN: u32 = 20;

/// Newer / older pages of a history: `page` from 0 (the newest), `total` changes.
#[component]
pub fn HistoryPager(page: RwSignal<u32>, #[prop(into)] total: Signal<u64>) -> impl IntoView {
    let size = u64::from(SHOWN);
    let last = move || total.get().saturating_sub(1) / size;
    let range = move || {
        let (first, t) = (u64::from(page.get()) * size, total.get());
        format!(
            "Changes {}–{} of {t}, newest first",
            (first + 1).min(t),
            (first + size).min(t)
        )
    };
    view! {
        <nav class="pager" aria-label="History pages" data-testid="history-pager">
            <button type="button" class="btn" data-testid="history-newer" disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                "Newer"
            </button>
            <span class="pager__where" data-testid="history-range" aria-live="polite">{range}</span>
            <button type="button" class="btn" data-testid="history-older"
                disabled=move || { u64::from(page.get()) >= last() }
                on:click=move |_| page.update(|p| *p += 1)>
                "Older"
            </button>
        </nav>
    }
}

/// `2024-05-01T10:11:12.123Z` → `2024-05-01 10:11:12 UTC` (the wire keeps UTC).
fn when(changed: &str) -> String {
    let trimmed = changed.trim_end_matches('Z');
    let (date, time) = trimmed.split_once('T').unwrap_or((trimmed, ""));
    let time = time.split('.').next().unwrap_or_default();
    if time.is_empty() {
        changed.to_string()
    } else {
        format!("{date} {time} UTC")
    }
}

#[component]
fn Entry(change: SettingsChange) -> impl IntoView {
    let before = change.before.clone().unwrap_or(serde_json::Value::Null);
    let rows = if change.before.is_some() {
        describe(&before, &patch_between(&before, &change.after))
    } else {
        Vec::new()
    };
    let created = change.before.is_none();
    view! {
        <li class="history__entry" data-testid="history-entry">
            <p class="history__head">
                <strong data-testid="history-who">{change.changed_by.name.clone()}</strong>
                " changed these settings on "
                <time datetime=change.changed.clone()>{when(&change.changed)}</time>
                <span class="badge">{format!("revision {}", change.rev)}</span>
                <span class="badge">{change.method.clone()}</span>
            </p>
            {if created {
                view! { <p class="muted">"First stored version."</p> }.into_any()
            } else {
                view! { <ChangeTable changes=Signal::stored(rows) testid="history-changes"/> }.into_any()
            }}
        </li>
    }
}

/// The history panel of one document; `refresh` changes after each save.
#[component]
pub fn SettingsHistory(
    /// The document's name (`lockout-config`, ...).
    name: &'static str,
    #[prop(into)] refresh: Signal<u32>,
) -> impl IntoView {
    let client = use_client();
    let page = RwSignal::new(0_u32);
    // A save shows the newest page again.
    Effect::new(move |seen: Option<u32>| {
        let now = refresh.get();
        if seen.is_some_and(|s| s != now) {
            page.set(0);
        }
        now
    });
    let history = LocalResource::new(move || {
        refresh.track();
        let offset = u64::from(page.get()) * u64::from(SHOWN);
        async move { api::history(&client, name, SHOWN, offset).await }
    });
    view! {
        <section class="history card" aria-labelledby="history-title" data-testid="history">
            <h2 id="history-title">"History"</h2>
            <Transition fallback=|| view! { <Loading what="the history"/> }>
                {move || {
                    history
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(found) if found.items.is_empty() => {
                                view! {
                                    <p class="muted" data-testid="history-empty">
                                        "No changes yet: these are the settings the tenant started with."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(found) => {
                                let total = found.total.unwrap_or(found.items.len() as u64);
                                view! {
                                    <ol class="history__list">
                                        {found.items.into_iter().map(|c| view! { <Entry change=c/> }).collect_view()}
                                    </ol>
                                    <HistoryPager page=page total=total/>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
