//! A draft with its own save path, for the documents the shared [`super::editor`] cannot
//! send (the JIT policy's replace operations, a provisioning policy per source): the
//! same habits in a reusable state struct. The loaded version and the draft live in
//! signals; the `wire` rules run on every edit; inputs whose text is not a value yet
//! (JSON being typed) block Save too; the server's refusal goes back onto its fields.

use std::collections::BTreeMap;

use gatehouse_wire::settings::RuleError;
use json_patch::Patch;
use leptos::prelude::*;
use serde::Serialize;

use super::change_table::ChangeTable;
use super::changes::{describe, map_server_errors, patch_between, to_json, FieldChange, ServerErrors};
use crate::api::settings::Versioned;
use crate::api::ApiError;

/// The state of one edited document.
pub struct Draft<D: Send + Sync + 'static> {
    /// What the person is editing.
    pub draft: RwSignal<D>,
    /// What the server last answered (with its ETag, when it has one).
    pub loaded: RwSignal<Versioned<D>>,
    /// Texts that are not values yet, by a key of the page's choosing.
    unparsable: RwSignal<BTreeMap<String, String>>,
    server: RwSignal<ServerErrors>,
    rules: Memo<Vec<RuleError>>,
    /// The JSON Patch from what was loaded to the draft.
    pub patch: Memo<Patch>,
    /// Whether the draft differs from what was loaded.
    pub dirty: Memo<bool>,
}

impl<D: Send + Sync + 'static> Clone for Draft<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static> Copy for Draft<D> {}

impl<D: Clone + PartialEq + Serialize + Send + Sync + 'static> Draft<D> {
    pub fn new(initial: Versioned<D>, rules: fn(&D) -> Vec<RuleError>) -> Self {
        let draft = RwSignal::new(initial.doc.clone());
        let loaded = RwSignal::new(initial);
        let patch = Memo::new(move |_| patch_between(&loaded.with(|l| to_json(&l.doc)), &draft.with(to_json)));
        Self {
            draft,
            loaded,
            unparsable: RwSignal::new(BTreeMap::new()),
            server: RwSignal::new(ServerErrors::default()),
            rules: Memo::new(move |_| draft.with(rules)),
            patch,
            dirty: Memo::new(move |_| patch.with(|p| !p.0.is_empty())),
        }
    }

    /// Changes the draft (and retires the server's last refusal).
    pub fn edit(&self, change: impl FnOnce(&mut D)) {
        self.draft.update(change);
        if self
            .server
            .with_untracked(|s| !s.fields.is_empty() || !s.general.is_empty())
        {
            self.server.set(ServerErrors::default());
        }
    }

    /// A field's message: its broken rule, else what the server said about it.
    pub fn error(&self, field: &'static str) -> Signal<Option<String>> {
        let (rules, server) = (self.rules, self.server);
        Signal::derive(move || {
            rules
                .with(|r| r.iter().find(|e| e.field == field).map(|e| e.message.clone()))
                .or_else(|| server.with(|s| s.fields.get(field).cloned()))
        })
    }

    /// Every broken rule of a field, joined (a list field may break several).
    pub fn errors(&self, field: &'static str) -> Signal<Option<String>> {
        let (rules, server) = (self.rules, self.server);
        Signal::derive(move || {
            let own: Vec<String> = rules.with(|r| {
                r.iter()
                    .filter(|e| e.field == field)
                    .map(|e| e.message.clone())
                    .collect()
            });
            if own.is_empty() {
                server.with(|s| s.fields.get(field).cloned())
            } else {
                Some(own.join("; "))
            }
        })
    }

    /// Marks `key` as holding text that is not a value (`Some(message)`), or clears it.
    pub fn set_unparsable(&self, key: String, message: Option<String>) {
        let known = self.unparsable.with_untracked(|u| u.get(&key).cloned());
        if known != message {
            self.unparsable.update(|u| match message {
                Some(m) => {
                    u.insert(key, m);
                }
                None => {
                    u.remove(&key);
                }
            });
        }
    }

    /// Forgets every unparsable text whose key starts with `prefix`.
    pub fn clear_unparsable(&self, prefix: &str) {
        if self
            .unparsable
            .with_untracked(|u| u.keys().any(|k| k.starts_with(prefix)))
        {
            self.unparsable.update(|u| u.retain(|k, _| !k.starts_with(prefix)));
        }
    }

    /// The draft keeps its rules and every input holds a value.
    pub fn valid(&self) -> bool {
        self.rules.with(Vec::is_empty) && self.unparsable.with(BTreeMap::is_empty)
    }

    /// Starts again from `version` (after a save, a reload, a discard).
    pub fn adopt(&self, version: Versioned<D>) {
        self.draft.set(version.doc.clone());
        self.loaded.set(version);
        self.unparsable.set(BTreeMap::new());
        self.server.set(ServerErrors::default());
    }

    /// The draft as saved: what was loaded moves, the draft stays as typed.
    pub fn saved(&self, version: Versioned<D>) {
        self.loaded.set(version);
        self.server.set(ServerErrors::default());
    }

    /// Puts a refusal back: a 400's texts onto `fields`, anything else as a general message.
    pub fn refused(&self, error: ApiError, fields: &[&str]) {
        self.server.set(match error {
            ApiError::Invalid(texts) => map_server_errors(&texts, fields),
            other => ServerErrors {
                general: vec![other.to_string()],
                ..Default::default()
            },
        });
    }

    /// The server's messages that name no field.
    pub fn general(&self) -> Signal<Vec<String>> {
        let server = self.server;
        Signal::derive(move || server.with(|s| s.general.clone()))
    }

    /// Each change, old → new.
    pub fn changes(&self) -> Signal<Vec<FieldChange>> {
        let (loaded, patch) = (self.loaded, self.patch);
        Signal::derive(move || loaded.with(|l| describe(&to_json(&l.doc), &patch.get())))
    }
}

/// What Save will send: the changes old → new and the exact body, or "no changes".
#[component]
pub fn PendingChanges(
    #[prop(into)] dirty: Signal<bool>,
    #[prop(into)] changes: Signal<Vec<FieldChange>>,
    /// The request body Save sends, pretty-printed.
    #[prop(into)]
    body: Signal<String>,
    /// What the body is (`The JSON Patch (RFC 6902) that Save sends`).
    #[prop(into)]
    body_label: String,
) -> impl IntoView {
    view! {
        <section class="settings-changes" aria-labelledby="settings-changes-title" data-testid="changes">
            <h2 id="settings-changes-title">"Changes to send"</h2>
            <Show
                when=move || dirty.get()
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="no-changes">
                            "No changes yet. Edit a field to see exactly what Save will send."
                        </p>
                    }
                }
            >
                <ChangeTable changes=changes testid="diff"/>
                <details class="settings-changes__raw" open>
                    <summary>{body_label.clone()}</summary>
                    <pre class="settings-changes__patch" data-testid="patch-json">{move || body.get()}</pre>
                </details>
            </Show>
        </section>
    }
}

/// The server's messages that name no field.
#[component]
pub fn GeneralErrors(#[prop(into)] messages: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <For each=move || messages.get() key=|m| m.clone() let:message>
            <p class="notice notice--error" role="alert" data-testid="save-error">{message}</p>
        </For>
    }
}
