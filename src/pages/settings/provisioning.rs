//! `/settings/provisioning-policies?source=…`: a source's provisioning policies
//! (ORG_ADMIN, SOURCE_ADMIN, SOURCE_SUBADMIN). Pick a source (kept in the URL), see its
//! policies by usage type, edit one (name, description, the fields table with transform
//! and attributes as JSON checked as typed; Required follows attributes.cloudRequired
//! as typed) and save it as a JSON Patch shown first, with `If-Match` (someone else's
//! save meanwhile opens the conflict dialog), create one for an unused usage type, or
//! delete one after confirming. The history of the source's policy changes, a page at a
//! time, is under the editor.

use gatehouse_wire::provisioning::{FieldDetailsDto, FieldType, ProvisioningPolicyDto, UsageType};
use gatehouse_wire::settings::ProvisioningPolicyChange;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::{Map, Value};

use super::change_table::ChangeTable;
use super::changes::{describe, patch_between, rebase, to_json};
use super::conflict::ConflictDialog;
use super::draft::{Draft, GeneralErrors, PendingChanges};
use super::fields::{non_blank, TextArea, TextField};
use super::history::{HistoryPager, SHOWN};
use crate::api::client::use_client;
use crate::api::settings::Versioned;
use crate::api::sources as api;
use crate::api::ApiError;
use crate::components::dialog::ConfirmDialog;
use crate::components::leave_guard::{confirm_leave, use_leave_guard};
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::session::use_session;

/// The fields a server message may name.
const FIELDS: [&str; 4] = ["name", "description", "usageType", "fields"];

const FIELD_TYPES: [(&str, Option<FieldType>); 7] = [
    ("", None),
    ("string", Some(FieldType::String)),
    ("int", Some(FieldType::Int)),
    ("long", Some(FieldType::Long)),
    ("date", Some(FieldType::Date)),
    ("boolean", Some(FieldType::Boolean)),
    ("secret", Some(FieldType::Secret)),
];

/// Reads a JSON text area: a JSON object, or a message naming the field.
pub fn parse_object(field: &str, text: &str) -> Result<Map<String, Value>, String> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!("{field} must be a JSON object ({{…}}), got {other}")),
        Err(e) => Err(format!("{field} is not valid JSON: {e}")),
    }
}

/// An object as the text area shows it (`{}` stays compact).
fn pretty(map: &Map<String, Value>) -> String {
    if map.is_empty() {
        "{}".into()
    } else {
        serde_json::to_string_pretty(map).unwrap_or_default()
    }
}

/// A new policy of `usage` with one empty field to fill.
pub fn blank_policy(usage: UsageType) -> ProvisioningPolicyDto {
    ProvisioningPolicyDto {
        name: Some(String::new()),
        description: None,
        usage_type: Some(usage),
        fields: Vec::new(),
    }
}

#[component]
pub fn ProvisioningPoliciesPage() -> impl IntoView {
    let session = use_session();
    let allowed = move || session.principal().is_some_and(|p| p.can_manage_sources());
    view! {
        <section class="settings-page settings-page--wide" data-testid="settings-provisioning-policies">
            <h1>"Provisioning policies"</h1>
            <p class="muted">
                "Per source: the attributes an account gets when it is created, updated, disabled… Each policy shapes one "
                "usage type."
            </p>
            <Show
                when=allowed
                fallback=|| {
                    view! {
                        <p class="notice notice--info" data-testid="provisioning-not-allowed">
                            "Only organization and source administrators (ORG_ADMIN, SOURCE_ADMIN, SOURCE_SUBADMIN) can "
                            "see and change provisioning policies."
                        </p>
                    }
                }
            >
                <SourcePolicies/>
            </Show>
        </section>
    }
}

/// What the editor shows: nothing, a stored policy, or a new one.
#[derive(Debug, Clone, PartialEq)]
pub enum Open {
    None,
    Stored(UsageType),
    New(UsageType),
}

#[component]
fn SourcePolicies() -> impl IntoView {
    let client = use_client();
    let query = use_query_map();
    let navigate = use_navigate();
    let source = Memo::new(move |_| query.with(|q| q.get("source")).filter(|s| !s.is_empty()));
    let sources = LocalResource::new(move || async move { api::list(&client).await });
    let refresh = RwSignal::new(0_u32);
    let policies = LocalResource::new(move || {
        refresh.track();
        let source = source.get();
        async move {
            match source {
                Some(s) => api::policies(&client, &s).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let open = RwSignal::new(Open::None);
    // What the editor shows changes only when another policy is opened, so refreshing
    // the list (after a save) never remounts the editor.
    let opened = Memo::new(move |_| (source.get(), open.get()));
    let dirty = RwSignal::new(false);
    // The last save's notice, kept here: a created policy reopens as a stored one.
    let notice = RwSignal::new(None::<String>);
    // A new source starts with nothing open.
    Effect::new(move |_| {
        source.track();
        open.set(Open::None);
    });
    let choose_source = Callback::new(move |id: String| {
        if dirty.get_untracked() && !confirm_leave() {
            return;
        }
        dirty.set(false);
        let path = if id.is_empty() {
            "/settings/provisioning-policies".to_string()
        } else {
            format!(
                "/settings/provisioning-policies?source={}",
                js_sys::encode_uri_component(&id)
            )
        };
        navigate(&path, Default::default());
    });
    let choose = move |next: Open| {
        if open.get_untracked() == next {
            return;
        }
        if dirty.get_untracked() && !confirm_leave() {
            return;
        }
        dirty.set(false);
        notice.set(None);
        open.set(next);
    };
    // The stored policy opened, read on its own for its ETag.
    let stored = LocalResource::new(move || {
        let (source, open) = opened.get();
        async move {
            match (source, open) {
                (Some(s), Open::Stored(usage)) => api::policy(&client, &s, usage).await.map(Some),
                _ => Ok(None),
            }
        }
    });
    let on_done = Callback::new(move |next: Open| {
        dirty.set(false);
        if open.get_untracked() != next {
            open.set(next);
        }
        refresh.update(|n| *n += 1);
    });
    let editor = move || {
        let (source, which) = opened.get();
        let source_id = source?;
        Some(match which {
            Open::None => ().into_any(),
            Open::New(usage) => view! {
                <PolicyEditor source_id=source_id initial=Versioned { doc: blank_policy(usage), etag: None }
                    is_new=true dirty=dirty notice=notice on_done=on_done/>
            }
            .into_any(),
            Open::Stored(_) => view! {
                <Transition fallback=|| view! { <Loading what="the policy"/> }>
                    {move || {
                        let source_id = source_id.clone();
                        stored.get().map(move |r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(None) => ().into_any(),
                            Ok(Some(policy)) => view! {
                                <PolicyEditor source_id=source_id initial=policy is_new=false dirty=dirty notice=notice on_done=on_done/>
                            }
                            .into_any(),
                        })
                    }}
                </Transition>
            }
            .into_any(),
        })
    };
    view! {
        <div class="field">
            <label for="source">"Source"</label>
            <Transition fallback=|| view! { <Loading what="the sources"/> }>
                {move || {
                    sources
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(list) => {
                                view! {
                                    <select
                                        id="source"
                                        data-testid="source"
                                        on:change=move |ev| choose_source.run(event_target_value(&ev))
                                    >
                                        <option value="" selected=move || source.get().is_none()>"Choose a source…"</option>
                                        {list
                                            .into_iter()
                                            .map(|s| {
                                                let id = s.id.clone();
                                                view! {
                                                    <option value=s.id.clone() selected=move || source.get().as_deref() == Some(id.as_str())>
                                                        {s.name}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </div>
        <Transition fallback=|| view! { <Loading what="the policies"/> }>
            {move || {
                policies
                    .get()
                    .map(|r| match (r, source.get()) {
                        (Err(e), _) => view! { <ErrorNotice error=e/> }.into_any(),
                        (Ok(None), _) | (_, None) => {
                            view! { <p class="muted" data-testid="choose-source">"Choose a source to see its provisioning policies."</p> }
                                .into_any()
                        }
                        (Ok(Some(list)), Some(_)) => {
                            view! { <PolicyList list=list open=open choose=Callback::new(choose)/> }.into_any()
                        }
                    })
            }}
        </Transition>
        {editor}
        {move || source.get().map(|s| view! { <PolicyHistory source_id=s refresh=refresh/> })}
    }
}

/// The source's policies by usage type, and creating one for an unused type.
#[component]
fn PolicyList(list: Vec<ProvisioningPolicyDto>, open: RwSignal<Open>, choose: Callback<Open>) -> impl IntoView {
    let used: Vec<UsageType> = list.iter().filter_map(|p| p.usage_type).collect();
    let unused: Vec<UsageType> = UsageType::ALL.into_iter().filter(|u| !used.contains(u)).collect();
    let first_unused = unused.first().copied();
    let new_usage = RwSignal::new(first_unused);
    let empty = list.is_empty();
    view! {
        <section class="policy-list" aria-label="Policies of this source" data-testid="policy-list">
            {empty.then(|| view! { <Empty message="This source has no provisioning policy yet."/> })}
            <ul class="policy-list__items">
                {list
                    .into_iter()
                    .filter_map(|p| {
                        let usage = p.usage_type?;
                        let current = move || open.get() == Open::Stored(usage);
                        Some(view! {
                            <li>
                                <button
                                    type="button"
                                    class="policy-list__item"
                                    aria-pressed=move || current().to_string()
                                    data-testid=format!("policy-{}", usage.as_str())
                                    on:click=move |_| choose.run(Open::Stored(usage))
                                >
                                    <span class="badge">{usage.as_str()}</span>
                                    " "
                                    {p.name.clone().unwrap_or_default()}
                                    " "
                                    <span class="muted">{format!("{} fields", p.fields.len())}</span>
                                </button>
                            </li>
                        })
                    })
                    .collect_view()}
            </ul>
            {(!unused.is_empty()).then(|| view! {
                <div class="toolbar">
                    <label for="new-usage">"New policy for"</label>
                    <select
                        id="new-usage"
                        data-testid="new-usage"
                        on:change=move |ev| new_usage.set(UsageType::parse(&event_target_value(&ev)).ok())
                    >
                        {unused.iter().map(|u| view! { <option value=u.as_str()>{u.as_str()}</option> }).collect_view()}
                    </select>
                    <button
                        type="button"
                        class="btn"
                        data-testid="new-policy"
                        on:click=move |_| {
                            if let Some(u) = new_usage.get_untracked() {
                                choose.run(Open::New(u));
                            }
                        }
                    >
                        "New policy"
                    </button>
                </div>
            })}
        </section>
    }
}

/// What one save or delete came to.
#[derive(Debug, Clone)]
enum Outcome {
    /// Stored; `rebased` when it was an overwrite on someone else's version.
    Saved {
        version: Versioned<ProvisioningPolicyDto>,
        rebased: bool,
    },
    Deleted,
    /// Someone saved meanwhile: the policy as the server has it now.
    Conflict(Versioned<ProvisioningPolicyDto>),
    Failed(ApiError),
}

/// What overwriting `theirs` sends: your changes (`loaded` → `draft`) rebased onto it,
/// checked with the policy's rules (as the server normalizes it); or why it cannot.
pub fn overwrite_patch(
    loaded: &ProvisioningPolicyDto,
    draft: &ProvisioningPolicyDto,
    theirs: &ProvisioningPolicyDto,
) -> Result<json_patch::Patch, String> {
    let (out, send) = rebase(&to_json(loaded), &to_json(draft), &to_json(theirs))?;
    let mut doc: ProvisioningPolicyDto =
        serde_json::from_value(out).map_err(|e| format!("your changes do not fit their version: {e}"))?;
    doc.normalize();
    let broken = doc.check();
    if broken.is_empty() {
        Ok(send)
    } else {
        Err(format!(
            "your changes on their version break a rule: {}; reload and make them again",
            broken.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; ")
        ))
    }
}

/// The editor of one policy: `is_new` saves with POST, else with a JSON Patch sent with
/// `If-Match` (the ETag `initial` was read with); a 412 opens the conflict dialog.
#[component]
pub fn PolicyEditor(
    source_id: String,
    /// The policy as read, with its ETag (none for a new one).
    initial: Versioned<ProvisioningPolicyDto>,
    is_new: bool,
    /// Kept in step with whether there are unsaved changes (for the source picker).
    #[prop(optional)]
    dirty: Option<RwSignal<bool>>,
    /// Where the last save's notice goes (the page's, so it outlives this editor).
    #[prop(optional)]
    notice: Option<RwSignal<Option<String>>>,
    /// Called after a save (with what is open next) or a delete.
    #[prop(optional)]
    on_done: Option<Callback<Open>>,
) -> impl IntoView {
    let client = use_client();
    let usage = initial.doc.usage_type.unwrap_or(UsageType::Create);
    let state = Draft::new(initial, ProvisioningPolicyDto::check);
    let changed = Memo::new(move |_| is_new || state.dirty.get());
    // Only typed changes are guarded: leaving an untouched new policy loses nothing.
    let touched = state.dirty;
    use_leave_guard(touched.into());
    let notice = notice.unwrap_or_else(|| RwSignal::new(None));
    Effect::new(move |_| {
        let now = touched.get();
        if let Some(d) = dirty {
            d.set(now);
        }
        if now {
            notice.set(None);
        }
    });
    let generation = RwSignal::new(0_u32);
    let confirm_open = RwSignal::new(false);
    let conflict = RwSignal::new(None::<Versioned<ProvisioningPolicyDto>>);
    let conflict_open = RwSignal::new(false);
    let source = StoredValue::new(source_id);
    let mine = Memo::new(move |_| {
        conflict.with(|c| {
            c.as_ref()
                .map(|now| {
                    state
                        .loaded
                        .with(|l| state.draft.with(|d| overwrite_patch(&l.doc, d, &now.doc)))
                })
                .unwrap_or_else(|| Ok(json_patch::Patch(Vec::new())))
        })
    });
    // A 412 reads what the server has now, for the dialog.
    let conflicted = move |e: ApiError| async move {
        match e {
            ApiError::Conflict(_) => match api::policy(&client, &source.get_value(), usage).await {
                Ok(now) => Outcome::Conflict(now),
                Err(e) => Outcome::Failed(e),
            },
            e => Outcome::Failed(e),
        }
    };
    let save = Action::new_local(move |overwrite: &bool| {
        let rebased = *overwrite;
        let doc = state.draft.get_untracked();
        let (base, ops) = match (rebased, conflict.get_untracked(), mine.get_untracked()) {
            (true, Some(theirs), Ok(ops)) => (theirs, ops),
            _ => (state.loaded.get_untracked(), state.patch.get_untracked()),
        };
        let source = source.get_value();
        async move {
            let result = if is_new {
                api::create_policy(&client, &source, &doc).await
            } else if ops.0.is_empty() {
                Ok(base)
            } else {
                api::patch_policy(&client, &source, usage, base.etag.as_deref(), &ops).await
            };
            match result {
                Ok(version) => Outcome::Saved { version, rebased },
                Err(e) => conflicted(e).await,
            }
        }
    });
    let delete = Action::new_local(move |_: &()| {
        let source = source.get_value();
        let etag = state.loaded.with_untracked(|l| l.etag.clone());
        async move {
            match api::delete_policy(&client, &source, usage, etag.as_deref()).await {
                Ok(()) => Outcome::Deleted,
                Err(e) => conflicted(e).await,
            }
        }
    });
    let pending = Signal::derive(move || save.pending().get() || delete.pending().get());
    let can_save = Memo::new(move |_| state.valid() && changed.get() && !pending.get());
    let finish = move |outcome: Outcome| match outcome {
        Outcome::Saved { version, rebased } => {
            if rebased {
                // Their changes and mine: the form shows what is stored now.
                state.adopt(version);
                generation.update(|g| *g += 1);
            } else {
                state.saved(version);
            }
            conflict.set(None);
            conflict_open.set(false);
            confirm_open.set(false);
            notice.set(Some(if rebased {
                "Saved your changes on top of theirs.".into()
            } else {
                "Saved.".into()
            }));
            if let Some(cb) = on_done {
                cb.run(Open::Stored(usage));
            }
        }
        Outcome::Deleted => {
            confirm_open.set(false);
            state.adopt(state.loaded.get_untracked());
            notice.set(Some(format!("Deleted the {} policy.", usage.as_str())));
            if let Some(cb) = on_done {
                cb.run(Open::None);
            }
        }
        Outcome::Conflict(now) => {
            confirm_open.set(false);
            notice.set(None);
            conflict.set(Some(now));
            conflict_open.set(true);
        }
        Outcome::Failed(e) => {
            confirm_open.set(false);
            conflict_open.set(false);
            notice.set(None);
            state.refused(e, &FIELDS);
        }
    };
    Effect::new(move |_| {
        if let Some(o) = save.value().get() {
            finish(o);
        }
    });
    Effect::new(move |_| {
        if let Some(o) = delete.value().get() {
            finish(o);
        }
    });
    let body = Signal::derive(move || {
        if is_new {
            state
                .draft
                .with(|d| serde_json::to_string_pretty(d).unwrap_or_default())
        } else {
            state
                .patch
                .with(|p| serde_json::to_string_pretty(p).unwrap_or_default())
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if can_save.get_untracked() {
            notice.set(None);
            save.dispatch(false);
        }
    };
    let reload_theirs = Callback::new(move |_| {
        if let Some(now) = conflict.get_untracked() {
            state.adopt(now);
            generation.update(|g| *g += 1);
            notice.set(Some("Reloaded the saved policy; your changes were discarded.".into()));
        }
        conflict.set(None);
        conflict_open.set(false);
    });
    let theirs = Signal::derive(move || {
        conflict.with(|c| {
            c.as_ref()
                .map(|now| {
                    let before = state.loaded.with(|l| to_json(&l.doc));
                    describe(&before, &patch_between(&before, &to_json(&now.doc)))
                })
                .unwrap_or_default()
        })
    });
    let overwrite = Signal::derive(move || {
        conflict.with(|c| {
            let server = c.as_ref().map(|now| to_json(&now.doc)).unwrap_or_default();
            mine.with(|m| m.as_ref().map(|ops| describe(&server, ops)).map_err(Clone::clone))
        })
    });
    let title = if is_new {
        format!("New {} policy", usage.as_str())
    } else {
        format!("{} policy", usage.as_str())
    };
    view! {
        <form class="settings-editor" on:submit=on_submit novalidate data-testid="policy-editor">
            <h2>{title}</h2>
            <div class="settings-editor__fields policy-editor__fields">
                {move || {
                    generation.track();
                    view! { <PolicyForm state=state/> }
                }}
            </div>
            <GeneralErrors messages=state.general()/>
            <PendingChanges
                dirty=changed
                changes=state.changes()
                body=body
                body_label=if is_new { "The policy that Save creates (POST)" } else { "The JSON Patch (RFC 6902) that Save sends" }
            />
            <div class="settings-editor__actions">
                <button class="btn btn--primary" type="submit" data-testid="save" disabled=move || !can_save.get()>
                    {move || if save.pending().get() { "Saving…" } else if is_new { "Create" } else { "Save" }}
                </button>
                {(!is_new).then(|| view! {
                    <button
                        class="btn"
                        type="button"
                        data-testid="discard"
                        disabled=move || !state.dirty.get()
                        on:click=move |_| {
                            state.adopt(state.loaded.get_untracked());
                            generation.update(|g| *g += 1);
                            notice.set(None);
                        }
                    >
                        "Discard changes"
                    </button>
                    <button class="btn btn--danger" type="button" data-testid="delete-policy" on:click=move |_| confirm_open.set(true)>
                        "Delete…"
                    </button>
                })}
                <span class="settings-editor__status" role="status" data-testid="saved">{move || notice.get()}</span>
            </div>
        </form>
        <ConfirmDialog
            open=confirm_open
            title=format!("Delete the {} policy?", usage.as_str())
            confirm="Delete"
            danger=true
            busy=pending
            on_confirm=Callback::new(move |_| {
                delete.dispatch(());
            })
            testid="delete-confirm"
        >
            <p>"The source then has no policy for this usage type. The change is kept in the history."</p>
        </ConfirmDialog>
        <ConflictDialog
            open=conflict_open
            what="the policy"
            theirs=theirs
            mine=overwrite
            busy=pending
            on_overwrite=Callback::new(move |_| {
                save.dispatch(true);
            })
            on_reload=reload_theirs
        />
    }
}

#[component]
fn PolicyForm(state: Draft<ProvisioningPolicyDto>) -> impl IntoView {
    let draft = state.draft;
    let rows = RwSignal::new(0_u32);
    let add_field = move |_| {
        state.edit(|d| {
            d.fields.push(FieldDetailsDto {
                name: Some(String::new()),
                transform: Map::new(),
                attributes: Map::new(),
                is_required: false,
                kind: Some(FieldType::String),
                is_multi_valued: false,
            })
        });
        rows.update(|r| *r += 1);
    };
    let remove_field = Callback::new(move |i: usize| {
        state.edit(|d| {
            if i < d.fields.len() {
                d.fields.remove(i);
            }
        });
        state.clear_unparsable("fields.");
        rows.update(|r| *r += 1);
    });
    view! {
        <TextField
            id="name"
            label="Name"
            value=Signal::derive(move || draft.with(|d| d.name.clone().unwrap_or_default()))
            on_input=Callback::new(move |t: String| state.edit(|d| d.name = Some(t)))
            error=state.error("name")
        />
        <TextField
            id="description"
            label="Description"
            value=Signal::derive(move || draft.with(|d| d.description.clone().unwrap_or_default()))
            on_input=Callback::new(move |t: String| state.edit(|d| d.description = non_blank(t)))
            error=state.error("description")
        />
        <table class="table policy-fields" data-testid="policy-fields">
            <caption>"Fields: the attributes the account gets"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Multi-valued"</th>
                    <th scope="col">"Transform (JSON)"</th>
                    <th scope="col">"Attributes (JSON)"</th>
                    <th scope="col">"Required"</th>
                    <th scope="col"></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows.track();
                    let count = draft.with_untracked(|d| d.fields.len());
                    (0..count).map(|i| view! { <FieldRow state=state index=i remove=remove_field/> }).collect_view()
                }}
            </tbody>
        </table>
        <button type="button" class="btn" data-testid="add-field" on:click=add_field>"Add a field"</button>
        <p class="field__error" data-testid="error-fields" aria-live="polite">{move || state.errors("fields").get()}</p>
    }
}

/// One field of the policy; the JSON text areas keep their text while it is not JSON.
#[component]
fn FieldRow(state: Draft<ProvisioningPolicyDto>, index: usize, remove: Callback<usize>) -> impl IntoView {
    let draft = state.draft;
    let field = move || draft.with(|d| d.fields.get(index).cloned());
    // Every edit normalizes the policy as the server will (isRequired follows
    // attributes.cloudRequired), so the Required column is never stale.
    let edit = move |change: Box<dyn FnOnce(&mut FieldDetailsDto)>| {
        state.edit(|d| {
            if let Some(f) = d.fields.get_mut(index) {
                change(f);
            }
            d.normalize();
        })
    };
    let json_area = move |what: &'static str,
                          get: fn(&FieldDetailsDto) -> &Map<String, Value>,
                          set: fn(&mut FieldDetailsDto, Map<String, Value>)| {
        let id = format!("fields-{index}-{what}");
        let label = format!("fields[{index}].{what}");
        let key = format!("fields.{index}.{what}");
        let text =
            RwSignal::new(draft.with_untracked(|d| d.fields.get(index).map(|f| pretty(get(f))).unwrap_or_default()));
        let message = RwSignal::new(None::<String>);
        let on_input = Callback::new(move |t: String| {
            text.set(t.clone());
            match parse_object(&label, &t) {
                Ok(map) => {
                    message.set(None);
                    state.set_unparsable(key.clone(), None);
                    edit(Box::new(move |f| set(f, map)));
                }
                Err(m) => {
                    message.set(Some(m.clone()));
                    state.set_unparsable(key.clone(), Some(m));
                }
            }
        });
        view! {
            <td>
                <TextArea id=id label=format!("{what} of field {}", index + 1) value=text on_input=on_input error=message rows=4/>
            </td>
        }
    };
    let name_id = format!("fields-{index}-name");
    let type_id = format!("fields-{index}-type");
    let multi_id = format!("fields-{index}-multi");
    view! {
        <tr data-testid="policy-field">
            <td>
                <label class="sr-only" for=name_id.clone()>{format!("Name of field {}", index + 1)}</label>
                <input
                    id=name_id.clone()
                    type="text"
                    autocomplete="off"
                    data-testid=format!("input-{name_id}")
                    prop:value=move || field().and_then(|f| f.name).unwrap_or_default()
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        edit(Box::new(move |f| f.name = Some(t)));
                    }
                />
            </td>
            <td>
                <label class="sr-only" for=type_id.clone()>{format!("Type of field {}", index + 1)}</label>
                <select
                    id=type_id.clone()
                    data-testid=format!("input-{type_id}")
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let kind = FIELD_TYPES.iter().find(|(n, _)| *n == v).and_then(|(_, k)| *k);
                        edit(Box::new(move |f| f.kind = kind));
                    }
                >
                    {FIELD_TYPES
                        .iter()
                        .map(|(n, k)| {
                            let k = *k;
                            view! {
                                <option value=*n selected=move || field().is_some_and(|f| f.kind == k)>
                                    {if n.is_empty() { "(none)" } else { n }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </td>
            <td>
                <input
                    type="checkbox"
                    id=multi_id.clone()
                    aria-label=format!("Field {} is multi-valued", index + 1)
                    data-testid=format!("input-{multi_id}")
                    prop:checked=move || field().is_some_and(|f| f.is_multi_valued)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(Box::new(move |f| f.is_multi_valued = on));
                    }
                />
            </td>
            {json_area("transform", |f| &f.transform, |f, m| f.transform = m)}
            {json_area("attributes", |f| &f.attributes, |f, m| f.attributes = m)}
            <td>
                <span data-testid=format!("required-{index}")>
                    {move || if field().is_some_and(|f| f.is_required) { "yes" } else { "no" }}
                </span>
                <span class="muted field__hint">" (from attributes.cloudRequired)"</span>
            </td>
            <td>
                <button
                    type="button"
                    class="btn btn--ghost"
                    aria-label=format!("Remove field {}", index + 1)
                    data-testid=format!("remove-field-{index}")
                    on:click=move |_| remove.run(index)
                >
                    "Remove"
                </button>
            </td>
        </tr>
    }
}

/// `2024-05-01T10:11:12.123Z` → `2024-05-01 10:11:12 UTC`.
fn when(changed: &str) -> String {
    let (date, time) = changed.trim_end_matches('Z').split_once('T').unwrap_or((changed, ""));
    format!("{date} {} UTC", time.split('.').next().unwrap_or_default())
}

#[component]
fn HistoryEntry(change: ProvisioningPolicyChange) -> impl IntoView {
    let before = change.before.clone().unwrap_or(Value::Null);
    let after = change.after.clone().unwrap_or(Value::Null);
    let rows = describe(&before, &patch_between(&before, &after));
    let what = match change.method.as_str() {
        "POST" => "created",
        "DELETE" => "deleted",
        _ => "changed",
    };
    view! {
        <li class="history__entry" data-testid="history-entry">
            <p class="history__head">
                <strong>{change.changed_by.name.clone()}</strong>
                {format!(" {what} the {} policy on ", change.usage_type)}
                <time datetime=change.changed.clone()>{when(&change.changed)}</time>
                <span class="badge">{change.method.clone()}</span>
            </p>
            <ChangeTable changes=Signal::stored(rows) testid="history-changes"/>
        </li>
    }
}

#[component]
fn PolicyHistory(source_id: String, #[prop(into)] refresh: Signal<u32>) -> impl IntoView {
    let client = use_client();
    let source = StoredValue::new(source_id);
    let page = RwSignal::new(0_u32);
    // A change shows the newest page again.
    Effect::new(move |seen: Option<u32>| {
        let now = refresh.get();
        if seen.is_some_and(|s| s != now) {
            page.set(0);
        }
        now
    });
    let history = LocalResource::new(move || {
        refresh.track();
        let source = source.get_value();
        let offset = u64::from(page.get()) * u64::from(SHOWN);
        async move { api::policy_history(&client, &source, SHOWN, offset).await }
    });
    view! {
        <section class="history card" aria-labelledby="history-title" data-testid="history">
            <h2 id="history-title">"History of this source's policies"</h2>
            <Transition fallback=|| view! { <Loading what="the history"/> }>
                {move || {
                    history
                        .get()
                        .map(|r| match r {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok((items, _)) if items.is_empty() => {
                                view! { <p class="muted" data-testid="history-empty">"No changes yet."</p> }.into_any()
                            }
                            Ok((items, total)) => {
                                let total = total.unwrap_or(items.len() as u64);
                                view! {
                                    <ol class="history__list">
                                        {items.into_iter().map(|c| view! { <HistoryEntry change=c/> }).collect_view()}
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn json_areas_take_objects_only() {
        assert_eq!(parse_object("t", "").unwrap(), Map::new());
        assert_eq!(parse_object("t", r#"{"type": "static"}"#).unwrap()["type"], "static");
        assert!(parse_object("fields[0].transform", "[1]")
            .unwrap_err()
            .starts_with("fields[0].transform must be a JSON object"));
        assert!(parse_object("t", "{nope")
            .unwrap_err()
            .starts_with("t is not valid JSON"));
        assert_eq!(when("2024-05-01T10:11:12.123Z"), "2024-05-01 10:11:12 UTC");
    }
}
