//! Acting on many identities at once: the selection (kept across pages and filters
//! while the list is open), and invite / process with a confirmation, a progress bar
//! fed by polling the task's status, and a summary.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use gatehouse_wire::identity::{InviteRequest, ProcessRequest};
use gatehouse_wire::task::TaskStatus;
use leptos::prelude::*;

use crate::api::client::use_client;
use crate::api::{identities, tasks, ApiError};
use crate::components::dialog::ConfirmDialog;
use crate::components::status::ErrorNotice;
use crate::components::task_progress::TaskProgress;

/// How often a running task's status is read.
const POLL_EVERY: Duration = Duration::from_millis(500);
/// The API's limits per call (`ProcessIdentitiesRequest` allows 250 ids).
const MAX_PROCESS: usize = 250;
const MAX_INVITE: usize = 1000;
/// How many names the confirmation lists before "and N more".
const NAMES_SHOWN: usize = 10;

/// The selected identities: id → display name. `Copy`; shared by the table and the bar.
#[derive(Debug, Clone, Copy)]
pub struct Selection(pub RwSignal<BTreeMap<String, String>>);

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

impl Selection {
    pub fn new() -> Self {
        Self(RwSignal::new(BTreeMap::new()))
    }

    /// Whether `id` is selected (reactive).
    pub fn contains(&self, id: &str) -> bool {
        self.0.with(|s| s.contains_key(id))
    }

    /// Selects or unselects one identity.
    pub fn set(&self, id: &str, name: &str, selected: bool) {
        self.0.update(|s| {
            if selected {
                s.insert(id.to_string(), name.to_string());
            } else {
                s.remove(id);
            }
        });
    }

    /// Selects or unselects every `(id, name)` row.
    pub fn set_rows(&self, rows: &[(String, String)], selected: bool) {
        self.0.update(|s| {
            for (id, name) in rows {
                if selected {
                    s.insert(id.clone(), name.clone());
                } else {
                    s.remove(id);
                }
            }
        });
    }

    pub fn len(&self) -> usize {
        self.0.with(BTreeMap::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn ids(&self) -> Vec<String> {
        self.0.with_untracked(|s| s.keys().cloned().collect())
    }

    pub fn clear(&self) {
        self.0.set(BTreeMap::new());
    }
}

/// What can be done to the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkKind {
    Invite,
    Process,
}

impl BulkKind {
    fn verb(self) -> &'static str {
        match self {
            Self::Invite => "Invite",
            Self::Process => "Process",
        }
    }

    fn doing(self) -> &'static str {
        match self {
            Self::Invite => "Inviting",
            Self::Process => "Processing",
        }
    }

    fn max(self) -> usize {
        match self {
            Self::Invite => MAX_INVITE,
            Self::Process => MAX_PROCESS,
        }
    }

    fn explain(self) -> &'static str {
        match self {
            Self::Invite => {
                "Each unregistered identity gets an e-mail inviting it to register; the others are skipped."
            }
            Self::Process => "Recalculates attributes, role assignments, provisioning and managers for each identity.",
        }
    }
}

/// "Ada Lovelace, Alan Turing and 3 more".
pub fn names_line(names: &[String], shown: usize) -> String {
    let head = names.iter().take(shown).cloned().collect::<Vec<_>>().join(", ");
    match names.len().saturating_sub(shown) {
        0 => head,
        more => format!("{head} and {more} more"),
    }
}

/// The selection bar: how many are selected, invite, process, and the running task.
#[component]
pub fn BulkActions(
    selection: Selection,
    /// Called when a task has finished (the list reloads).
    on_done: Callback<()>,
) -> impl IntoView {
    let client = use_client();
    let kind = RwSignal::new(BulkKind::Invite);
    let open = RwSignal::new(false);
    let start_error = RwSignal::new(None::<ApiError>);
    let task = RwSignal::new(None::<TaskStatus>);
    let task_label = RwSignal::new(String::new());
    let task_error = RwSignal::new(None::<ApiError>);
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = Arc::clone(&alive);
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }

    let run = Action::new_local(move |k: &BulkKind| {
        let (k, ids, alive) = (*k, selection.ids(), Arc::clone(&alive));
        async move {
            start_error.set(None);
            task_error.set(None);
            let count = ids.len();
            let started = match k {
                BulkKind::Invite => {
                    let request = InviteRequest {
                        ids: Some(ids),
                        uninvited: false,
                    };
                    identities::invite(&client, &request).await.map(|t| t.id)
                }
                BulkKind::Process => {
                    let request = ProcessRequest { identity_ids: ids };
                    identities::process(&client, &request).await.map(|t| t.id)
                }
            };
            let id = match started {
                Ok(id) => id,
                Err(e) => {
                    start_error.set(Some(e));
                    return;
                }
            };
            open.set(false);
            task.set(None);
            let noun = if count == 1 { "identity" } else { "identities" };
            task_label.set(format!("{} {count} {noun}", k.doing()));
            let keep_going = move || alive.load(Ordering::Relaxed);
            match tasks::follow(&client, &id, POLL_EVERY, |s| task.set(Some(s.clone())), keep_going).await {
                Ok(s) if s.is_finished() => {
                    selection.clear();
                    // The list may be gone by now (the person moved on).
                    on_done.try_run(());
                }
                Ok(_) => {}
                Err(e) => task_error.set(Some(e)),
            }
        }
    });
    let busy = run.pending();
    let ask = move |k: BulkKind| {
        kind.set(k);
        start_error.set(None);
        open.set(true);
    };
    let too_many = move |k: BulkKind| selection.len() > k.max();
    let names = move || {
        selection
            .0
            .with(|s| names_line(&s.values().cloned().collect::<Vec<_>>(), NAMES_SHOWN))
    };
    let title = Signal::derive(move || {
        let n = selection.len();
        format!(
            "{} {n} {}?",
            kind.get().verb(),
            if n == 1 { "identity" } else { "identities" }
        )
    });

    view! {
        <div class="bulk" data-testid="bulk">
            <Show
                when=move || !selection.is_empty()
                fallback=|| view! { <span class="muted">"Tick rows, on any page, to invite or process them."</span> }
            >
                <span class="bulk__count" data-testid="selected-count" aria-live="polite">
                    {move || format!("{} selected", selection.len())}
                </span>
                <button type="button" class="btn btn--ghost" data-testid="clear-selection" on:click=move |_| selection.clear()>
                    "Clear selection"
                </button>
                <button
                    type="button"
                    class="btn"
                    data-testid="bulk-invite"
                    disabled=move || busy.get() || too_many(BulkKind::Invite)
                    on:click=move |_| ask(BulkKind::Invite)
                >
                    "Invite…"
                </button>
                <button
                    type="button"
                    class="btn"
                    data-testid="bulk-process"
                    disabled=move || busy.get() || too_many(BulkKind::Process)
                    title=move || too_many(BulkKind::Process).then(|| format!("Process at most {MAX_PROCESS} at a time"))
                    on:click=move |_| ask(BulkKind::Process)
                >
                    "Process…"
                </button>
            </Show>
        </div>
        <ConfirmDialog
            open=open
            title=title
            confirm="Start"
            busy=busy
            on_confirm=Callback::new(move |_| {
                run.dispatch_local(kind.get_untracked());
            })
            testid="bulk-dialog"
        >
            <p>{move || kind.get().explain()}</p>
            <p class="muted" data-testid="bulk-names">{names}</p>
            {move || start_error.get().map(|e| view! { <ErrorNotice error=e/> })}
        </ConfirmDialog>
        <Show when=move || !task_label.with(String::is_empty)>
            <div class="panel" data-testid="task-panel">
                <TaskProgress label=task_label status=task/>
                {move || task_error.get().map(|e| view! { <ErrorNotice error=e/> })}
                <Show when=move || !busy.get()>
                    <button type="button" class="btn btn--ghost" data-testid="task-dismiss" on:click=move |_| task_label.set(String::new())>
                        "Dismiss"
                    </button>
                </Show>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::names_line;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn names_line_lists_a_few_and_counts_the_rest() {
        let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        assert_eq!(names_line(&names, 10), "A, B, C");
        assert_eq!(names_line(&names, 2), "A, B and 1 more");
        assert_eq!(names_line(&[], 2), "");
    }
}
