//! The one editor every settings document uses. The loaded document (with its ETag)
//! and an editable draft live in signals; every keystroke runs the document's `wire`
//! rules; Save is possible only for a valid draft that differs from what was loaded,
//! and the exact JSON Patch it sends is on screen before it is sent. A 412 opens the
//! [`ConflictDialog`]: what changed on the server, and reload, or overwrite, which
//! rebases your changes (loaded → draft) onto their version and sends exactly what the
//! dialog shows; a 400's texts go back to the fields they name. Each document only
//! supplies its form.

use std::collections::BTreeMap;

use gatehouse_wire::settings::RuleError;
use json_patch::Patch;
use leptos::prelude::*;

use super::change_table::ChangeTable;
use super::changes::{describe, map_server_errors, patch_between, rebase, to_json, ServerErrors};
use super::conflict::ConflictDialog;
use crate::api::client::use_client;
use crate::api::settings::{self as api, SettingsDocument, Versioned};
use crate::api::ApiError;
use crate::components::leave_guard::use_leave_guard;

/// A settings document with a form in the portal.
pub trait EditableDocument: SettingsDocument {
    /// The page's heading.
    const TITLE: &'static str;
    /// One sentence on what the document governs.
    const SUMMARY: &'static str;

    /// The document's fields, bound to the editor's draft.
    fn form(editor: Editor<Self>) -> AnyView;
}

/// The editor's state, handed to a document's form.
pub struct Editor<D: Send + Sync + 'static> {
    /// What the person is editing.
    pub draft: RwSignal<D>,
    /// What the server last answered, with its ETag.
    pub loaded: RwSignal<Versioned<D>>,
    /// Inputs whose text is not a value yet (e.g. "abc" in a number field), by field.
    unparsable: RwSignal<BTreeMap<&'static str, String>>,
    /// The last refusal from the server, until the next edit.
    server: RwSignal<ServerErrors>,
    /// The draft's broken rules.
    rules: Memo<Vec<RuleError>>,
}

impl<D: Send + Sync + 'static> Clone for Editor<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static> Copy for Editor<D> {}

impl<D: SettingsDocument> Editor<D> {
    fn new(initial: Versioned<D>) -> Self {
        let draft = RwSignal::new(initial.doc.clone());
        Self {
            draft,
            loaded: RwSignal::new(initial),
            unparsable: RwSignal::new(BTreeMap::new()),
            server: RwSignal::new(ServerErrors::default()),
            rules: Memo::new(move |_| draft.with(D::rules)),
        }
    }

    /// Changes the draft (and retires the server's last refusal, which was about another draft).
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

    /// What a field's input calls while its text is (not) a value.
    pub fn unparsable(&self, field: &'static str) -> Callback<Option<String>> {
        let unparsable = self.unparsable;
        Callback::new(move |message: Option<String>| {
            let known = unparsable.with_untracked(|u| u.get(field).cloned());
            if known != message {
                unparsable.update(|u| match message {
                    Some(m) => {
                        u.insert(field, m);
                    }
                    None => {
                        u.remove(field);
                    }
                });
            }
        })
    }

    fn valid(&self) -> bool {
        self.rules.with(Vec::is_empty) && self.unparsable.with(BTreeMap::is_empty)
    }
}

/// What one save came to.
#[derive(Debug, Clone)]
enum Outcome<D> {
    /// Stored; `rebased` when it was an overwrite on someone else's version.
    Saved {
        version: Versioned<D>,
        rebased: bool,
    },
    /// Someone saved meanwhile: the server's document now.
    Conflict(Versioned<D>),
    Failed(ApiError),
}

/// What overwriting `theirs` sends: your changes (`loaded` → `draft`) rebased onto it,
/// checked with the document's rules; or why it cannot be done.
pub fn overwrite_patch<D: SettingsDocument>(loaded: &D, draft: &D, theirs: &D) -> Result<Patch, String> {
    let (out, send) = rebase(&to_json(loaded), &to_json(draft), &to_json(theirs))?;
    let doc: D = serde_json::from_value(out).map_err(|e| format!("your changes do not fit their version: {e}"))?;
    let broken = doc.rules();
    if broken.is_empty() {
        Ok(send)
    } else {
        Err(format!(
            "your changes on their version break a rule: {}; reload and make them again",
            broken.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; ")
        ))
    }
}

/// Sends `ops` to the version `base`; a 412 fetches what the server has now.
async fn send<D: SettingsDocument>(
    client: crate::api::Client,
    base: Versioned<D>,
    ops: Patch,
    rebased: bool,
) -> Outcome<D> {
    if ops.0.is_empty() {
        return Outcome::Saved { version: base, rebased };
    }
    match api::patch::<D>(&client, base.etag.as_deref(), &ops).await {
        Ok(version) => Outcome::Saved { version, rebased },
        Err(ApiError::Conflict(_)) => match api::get::<D>(&client).await {
            Ok(now) => Outcome::Conflict(now),
            Err(e) => Outcome::Failed(e),
        },
        Err(e) => Outcome::Failed(e),
    }
}

/// The editor for one loaded document.
#[component]
pub fn SettingsEditor<D: EditableDocument>(
    /// The document as loaded, with its ETag.
    initial: Versioned<D>,
    /// Called after each successful save (e.g. to refresh the history).
    #[prop(optional)]
    on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let client = use_client();
    let editor = Editor::new(initial);
    let Editor { draft, loaded, .. } = editor;
    // Bumped to rebuild the form after a discard or reload (inputs drop half-typed text).
    let generation = RwSignal::new(0_u32);
    let notice = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<Versioned<D>>);
    let conflict_open = RwSignal::new(false);

    let patch: Memo<Patch> = Memo::new(move |_| patch_between(&loaded.with(|l| to_json(&l.doc)), &draft.with(to_json)));
    let dirty = Memo::new(move |_| patch.with(|p| !p.0.is_empty()));
    use_leave_guard(dirty.into());

    // What overwriting sends: the dialog shows it, the overwrite sends exactly it (to
    // the version the dialog shows; newer still is another 412 and a fresh dialog).
    let mine = Memo::new(move |_| {
        conflict.with(|c| {
            c.as_ref()
                .map(|now| loaded.with(|l| draft.with(|d| overwrite_patch(&l.doc, d, &now.doc))))
                .unwrap_or_else(|| Ok(Patch(Vec::new())))
        })
    });
    let save = Action::new_local(move |overwrite: &bool| {
        let overwrite = *overwrite;
        let (base, ops) = match (overwrite, conflict.get_untracked(), mine.get_untracked()) {
            (true, Some(theirs), Ok(ops)) => (theirs, ops),
            _ => {
                let base = loaded.get_untracked();
                let ops = patch_between(&to_json(&base.doc), &draft.with_untracked(to_json));
                (base, ops)
            }
        };
        async move { send(client, base, ops, overwrite).await }
    });
    let pending = save.pending();
    let can_save = Memo::new(move |_| editor.valid() && dirty.get() && !pending.get());

    let adopt = move |version: Versioned<D>| {
        draft.set(version.doc.clone());
        loaded.set(version);
        editor.unparsable.set(BTreeMap::new());
        editor.server.set(ServerErrors::default());
        generation.update(|g| *g += 1);
    };
    Effect::new(move |_| {
        let Some(outcome) = save.value().get() else { return };
        match outcome {
            Outcome::Saved { version, rebased } => {
                let rev = version
                    .etag
                    .as_deref()
                    .unwrap_or_default()
                    .trim_matches('"')
                    .to_string();
                if rebased {
                    // Their changes and mine: the form shows what is stored now.
                    adopt(version);
                } else {
                    // The draft stays as typed (it is what was saved); only what "loaded" means moves.
                    loaded.set(version);
                    editor.server.set(ServerErrors::default());
                }
                conflict.set(None);
                conflict_open.set(false);
                notice.set(Some(if rebased {
                    format!("Saved your changes on top of theirs. The settings are now at revision {rev}.")
                } else {
                    format!("Saved. The settings are now at revision {rev}.")
                }));
                if let Some(cb) = on_saved {
                    cb.run(());
                }
            }
            Outcome::Conflict(now) => {
                notice.set(None);
                conflict.set(Some(now));
                conflict_open.set(true);
            }
            Outcome::Failed(ApiError::Invalid(texts)) => {
                notice.set(None);
                conflict_open.set(false);
                editor.server.set(map_server_errors(&texts, D::FIELDS));
            }
            Outcome::Failed(e) => {
                notice.set(None);
                conflict_open.set(false);
                editor.server.set(ServerErrors {
                    general: vec![e.to_string()],
                    ..Default::default()
                });
            }
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if can_save.get_untracked() {
            notice.set(None);
            save.dispatch(false);
        }
    };
    let discard = move |_| {
        adopt(loaded.get_untracked());
        notice.set(None);
    };
    let reload_theirs = Callback::new(move |_| {
        if let Some(now) = conflict.get_untracked() {
            adopt(now);
            notice.set(Some("Reloaded the saved settings; your changes were discarded.".into()));
        }
        conflict.set(None);
        conflict_open.set(false);
    });

    let general = move || editor.server.with(|s| s.general.clone());
    let changes = move || loaded.with(|l| describe(&to_json(&l.doc), &patch.get()));
    let patch_json = move || patch.with(|p| serde_json::to_string_pretty(p).unwrap_or_default());
    // What the other person changed, and what overwriting would send now.
    let theirs = move || {
        conflict.with(|c| {
            c.as_ref()
                .map(|now| {
                    let before = loaded.with(|l| to_json(&l.doc));
                    describe(&before, &patch_between(&before, &to_json(&now.doc)))
                })
                .unwrap_or_default()
        })
    };
    let overwrite = move || {
        conflict.with(|c| {
            let server = c.as_ref().map(|now| to_json(&now.doc)).unwrap_or_default();
            mine.with(|m| m.as_ref().map(|ops| describe(&server, ops)).map_err(Clone::clone))
        })
    };

    view! {
        <form class="settings-editor" on:submit=on_submit novalidate data-testid="settings-editor">
            <div class="settings-editor__fields">
                {move || {
                    generation.track();
                    D::form(editor)
                }}
            </div>
            <For each=general key=|m| m.clone() let:message>
                <p class="notice notice--error" role="alert" data-testid="save-error">{message}</p>
            </For>
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
                    <ChangeTable changes=Signal::derive(changes) testid="diff"/>
                    <details class="settings-changes__raw" open>
                        <summary>"The JSON Patch (RFC 6902) that Save sends"</summary>
                        <pre class="settings-changes__patch" data-testid="patch-json">{patch_json}</pre>
                    </details>
                </Show>
            </section>
            <div class="settings-editor__actions">
                <button class="btn btn--primary" type="submit" data-testid="save" disabled=move || !can_save.get()>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
                <button class="btn" type="button" data-testid="discard" disabled=move || !dirty.get() on:click=discard>
                    "Discard changes"
                </button>
                <span class="settings-editor__status" role="status" data-testid="saved">
                    {move || notice.get()}
                </span>
            </div>
        </form>
        <ConflictDialog
            open=conflict_open
            what="these settings"
            theirs=Signal::derive(theirs)
            mine=Signal::derive(overwrite)
            busy=pending
            on_overwrite=Callback::new(move |_| {
                save.dispatch(true);
            })
            on_reload=reload_theirs
        />
    }
}
