//! Who changed a settings document, when, and what: the history endpoint's entries,
//! newest first, each shown as old → new per field.

use gatehouse_wire::settings::SettingsChange;
use leptos::prelude::*;

use super::change_table::ChangeTable;
use super::changes::{describe, patch_between};
use crate::api::client::use_client;
use crate::api::settings as api;
use crate::components::status::{ErrorNotice, Loading};

/// How many changes the panel shows.
const SHOWN: u32 = 20;

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
    let history = LocalResource::new(move || {
        refresh.track();
        async move { api::history(&client, name, SHOWN).await }
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
                            Ok(page) if page.items.is_empty() => {
                                view! {
                                    <p class="muted" data-testid="history-empty">
                                        "No changes yet: these are the settings the tenant started with."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(page) => {
                                let total = page.total.unwrap_or(page.items.len() as u64);
                                let shown = page.items.len();
                                view! {
                                    <ol class="history__list">
                                        {page.items.into_iter().map(|c| view! { <Entry change=c/> }).collect_view()}
                                    </ol>
                                    <p class="muted">{format!("Showing the latest {shown} of {total} changes.")}</p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
