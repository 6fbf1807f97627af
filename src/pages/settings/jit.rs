//! `/settings/jit-activation`: the JIT activation policy (ORG_ADMIN or POLICY_ADMIN).
//! Its own save path: the API takes a list of `replace` operations on the eight
//! documented paths, not a JSON Patch, so the page sends one `replace` per changed
//! field (shown before sending), with `If-Match`; a 412 opens the conflict dialog,
//! whose overwrite sends only the fields you changed, on top of their version.
//! Entitlements are picked by name with a type-ahead over
//! `/gatehouse/v1/jit-activation/entitlements` (privileged entitlements, which the
//! IGA catalog does not show a policy admin), durations have units, recipients are
//! e-mail chips checked with the `wire` rule.

use gatehouse_wire::settings::{is_email_address, JitAccessOperation, JitActivationConfig, JIT_PATHS};
use leptos::prelude::*;
use serde_json::Value;

use super::changes::{describe, patch_between, to_json, FieldChange};
use super::conflict::ConflictDialog;
use super::draft::{Draft, GeneralErrors, PendingChanges};
use super::fields::{non_blank, CheckField, TextField};
use super::history::SettingsHistory;
use crate::api::client::use_client;
use crate::api::jit as api;
use crate::api::settings::Versioned;
use crate::api::ApiError;
use crate::components::chips::ChipList;
use crate::components::leave_guard::use_leave_guard;
use crate::components::status::{ErrorNotice, Loading};
use crate::session::use_session;

/// The fields a server message may name.
const FIELDS: [&str; 11] = [
    "entitlementIds",
    "maxActivationPeriodMins",
    "maxActivationPeriodExtensionMins",
    "defaultMaxActivationPeriodMins",
    "defaultMaxActivationPeriodExtensionMins",
    "notificationRecipients",
    "notificationTemplate",
    "applyToFutureAssignments",
    "operations",
    "path",
    "op",
];

/// One `replace` per documented path whose value differs, in the documented order.
pub fn replace_ops(before: &JitActivationConfig, after: &JitActivationConfig) -> Vec<JitAccessOperation> {
    let (b, a) = (to_json(before), to_json(after));
    JIT_PATHS
        .iter()
        .filter(|(_, field)| b.get(field) != a.get(field))
        .map(|(path, field)| JitAccessOperation::replace(path, a.get(field).cloned().unwrap_or(Value::Null)))
        .collect()
}

/// What overwriting `theirs` sends: the fields you changed (`loaded` → `draft`) set on
/// their version, as replace operations from theirs; or why it cannot be done (the
/// result breaks a rule of the policy).
pub fn overwrite_ops(
    loaded: &JitActivationConfig,
    draft: &JitActivationConfig,
    theirs: &JitActivationConfig,
) -> Result<Vec<JitAccessOperation>, String> {
    let mine = replace_ops(loaded, draft);
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let out = theirs.apply(&mine).map_err(|e| e.message)?;
    let broken = out.check();
    if !broken.is_empty() {
        return Err(format!(
            "your changes on their version break a rule: {}; reload and make them again",
            broken.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; ")
        ));
    }
    Ok(replace_ops(theirs, &out))
}

/// Replace operations as old → new rows, read on `from`.
pub fn describe_ops(from: &JitActivationConfig, ops: &[JitAccessOperation]) -> Vec<FieldChange> {
    let from = to_json(from);
    ops.iter()
        .map(|op| FieldChange {
            op: "replace",
            path: op.path.clone(),
            old: from.pointer(&op.path).map(Value::to_string),
            new: Some(op.value.to_string()),
        })
        .collect()
}

/// A duration's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
}

impl Unit {
    const ALL: [Unit; 3] = [Unit::Minutes, Unit::Hours, Unit::Days];

    pub fn minutes(self) -> i64 {
        match self {
            Unit::Minutes => 1,
            Unit::Hours => 60,
            Unit::Days => 1440,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
        }
    }

    fn parse(s: &str) -> Unit {
        Unit::ALL.into_iter().find(|u| u.name() == s).unwrap_or(Unit::Minutes)
    }

    /// The largest unit a number of minutes is a whole number of.
    pub fn of(mins: i64) -> Unit {
        if mins != 0 && mins % 1440 == 0 {
            Unit::Days
        } else if mins != 0 && mins % 60 == 0 {
            Unit::Hours
        } else {
            Unit::Minutes
        }
    }
}

/// Text and unit → minutes: `Ok(None)` for empty text (no value), an error naming the field.
pub fn to_minutes(field: &str, text: &str, unit: Unit) -> Result<Option<i32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let n: i64 = text
        .parse()
        .map_err(|_| format!("{field} must be a whole number of {}", unit.name()))?;
    i32::try_from(n.saturating_mul(unit.minutes()))
        .map(Some)
        .map_err(|_| format!("{field} is too long"))
}

fn normalize_email(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if is_email_address(value) {
        Ok(value.to_string())
    } else {
        Err(format!("'{value}' is not an e-mail address"))
    }
}

#[component]
pub fn JitActivationPage() -> impl IntoView {
    let session = use_session();
    let allowed = move || session.principal().is_some_and(|p| p.can_manage_jit());
    view! {
        <section class="settings-page" data-testid="settings-jit-activation">
            <h1>"JIT activation"</h1>
            <p class="muted">
                "Which privileged entitlements are activated just in time, for how long by default and at most, and who "
                "is told."
            </p>
            <Show
                when=allowed
                fallback=|| {
                    view! {
                        <p class="notice notice--info" data-testid="jit-not-allowed">
                            "Only organization or policy administrators (ORG_ADMIN, POLICY_ADMIN) can see and change "
                            "the JIT activation policy."
                        </p>
                    }
                }
            >
                <LoadedPolicy/>
            </Show>
        </section>
    }
}

#[component]
fn LoadedPolicy() -> impl IntoView {
    let client = use_client();
    let policy = LocalResource::new(move || async move { api::get(&client).await });
    let refresh = RwSignal::new(0_u32);
    view! {
        <Transition fallback=|| view! { <Loading what="the JIT activation policy"/> }>
            {move || {
                policy
                    .get()
                    .map(|result| match result {
                        Err(ApiError::NotFound(_)) => {
                            view! {
                                <p class="notice notice--info" data-testid="jit-not-stored">
                                    "No JIT activation policy is stored for this tenant yet (the server answers 404), "
                                    "so there is nothing to edit: the API only changes a stored policy."
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(loaded) => {
                            view! { <JitEditor initial=loaded on_saved=Callback::new(move |_| refresh.update(|n| *n += 1))/> }
                                .into_any()
                        }
                    })
            }}
        </Transition>
        <SettingsHistory name="jit-activation-config" refresh=refresh/>
    }
}

/// What one save came to.
#[derive(Debug, Clone)]
enum Outcome {
    /// Stored; `rebased` when it was an overwrite on someone else's version.
    Saved {
        version: Versioned<JitActivationConfig>,
        rebased: bool,
    },
    Conflict(Versioned<JitActivationConfig>),
    Failed(ApiError),
}

/// The editor of a loaded policy.
#[component]
pub fn JitEditor(
    initial: Versioned<JitActivationConfig>,
    #[prop(optional)] on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let client = use_client();
    let state = Draft::new(initial, JitActivationConfig::check);
    let Draft {
        draft, loaded, dirty, ..
    } = state;
    use_leave_guard(dirty.into());
    let generation = RwSignal::new(0_u32);
    let notice = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<Versioned<JitActivationConfig>>);
    let conflict_open = RwSignal::new(false);
    let ops = Memo::new(move |_| loaded.with(|l| draft.with(|d| replace_ops(&l.doc, d))));

    // What overwriting sends (shown in the dialog, sent as shown).
    let mine = Memo::new(move |_| {
        conflict.with(|c| {
            c.as_ref()
                .map(|now| loaded.with(|l| draft.with(|d| overwrite_ops(&l.doc, d, &now.doc))))
                .unwrap_or_else(|| Ok(Vec::new()))
        })
    });
    let save = Action::new_local(move |overwrite: &bool| {
        let rebased = *overwrite;
        let (base, ops) = match (rebased, conflict.get_untracked(), mine.get_untracked()) {
            (true, Some(theirs), Ok(ops)) => (theirs, ops),
            _ => {
                let base = loaded.get_untracked();
                let ops = draft.with_untracked(|d| replace_ops(&base.doc, d));
                (base, ops)
            }
        };
        async move {
            if ops.is_empty() {
                return Outcome::Saved { version: base, rebased };
            }
            match api::patch(&client, base.etag.as_deref(), &ops).await {
                Ok(version) => Outcome::Saved { version, rebased },
                Err(ApiError::Conflict(_)) => match api::get(&client).await {
                    Ok(now) => Outcome::Conflict(now),
                    Err(e) => Outcome::Failed(e),
                },
                Err(e) => Outcome::Failed(e),
            }
        }
    });
    let pending = save.pending();
    let can_save = Memo::new(move |_| state.valid() && dirty.get() && !pending.get());
    Effect::new(move |_| {
        let Some(outcome) = save.value().get() else { return };
        match outcome {
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
                notice.set(Some(if rebased {
                    "Saved your changes on top of theirs.".into()
                } else {
                    "Saved.".into()
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
            Outcome::Failed(e) => {
                notice.set(None);
                conflict_open.set(false);
                state.refused(e, &FIELDS);
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
    let restart = move |version: Versioned<JitActivationConfig>| {
        state.adopt(version);
        generation.update(|g| *g += 1);
    };
    let reload_theirs = Callback::new(move |_| {
        if let Some(now) = conflict.get_untracked() {
            restart(now);
            notice.set(Some("Reloaded the saved policy; your changes were discarded.".into()));
        }
        conflict.set(None);
        conflict_open.set(false);
    });
    let body = Signal::derive(move || ops.with(|o| serde_json::to_string_pretty(o).unwrap_or_default()));
    let overwrite = Signal::derive(move || {
        conflict.with(|c| {
            let theirs = c.as_ref().map(|now| now.doc.clone());
            mine.with(|m| {
                m.as_ref()
                    .map(|ops| theirs.as_ref().map(|t| describe_ops(t, ops)).unwrap_or_default())
                    .map_err(Clone::clone)
            })
        })
    });
    let theirs = Signal::derive(move || {
        conflict.with(|c| {
            c.as_ref()
                .map(|now| {
                    let before = loaded.with(|l| to_json(&l.doc));
                    describe(&before, &patch_between(&before, &to_json(&now.doc)))
                })
                .unwrap_or_default()
        })
    });
    view! {
        <form class="settings-editor" on:submit=on_submit novalidate data-testid="settings-editor">
            <div class="settings-editor__fields">
                {move || {
                    generation.track();
                    view! { <PolicyFields state=state/> }
                }}
            </div>
            <GeneralErrors messages=state.general()/>
            <PendingChanges
                dirty=dirty
                changes=state.changes()
                body=body
                body_label="The replace operations that Save sends (application/json)"
            />
            <div class="settings-editor__actions">
                <button class="btn btn--primary" type="submit" data-testid="save" disabled=move || !can_save.get()>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
                <button
                    class="btn"
                    type="button"
                    data-testid="discard"
                    disabled=move || !dirty.get()
                    on:click=move |_| {
                        restart(loaded.get_untracked());
                        notice.set(None);
                    }
                >
                    "Discard changes"
                </button>
                <span class="settings-editor__status" role="status" data-testid="saved">{move || notice.get()}</span>
            </div>
        </form>
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
fn PolicyFields(state: Draft<JitActivationConfig>) -> impl IntoView {
    let draft = state.draft;
    let duration = |id: &'static str,
                    label: &'static str,
                    hint: &'static str,
                    get: fn(&JitActivationConfig) -> Option<i32>,
                    set: fn(&mut JitActivationConfig, Option<i32>)| {
        view! {
            <DurationField
                id=id
                label=label
                hint=hint
                value=Signal::derive(move || draft.with(get))
                on_change=Callback::new(move |v| state.edit(|d| set(d, v)))
                on_unparsable=Callback::new(move |m| state.set_unparsable(id.to_string(), m))
                error=state.error(id)
            />
        }
    };
    view! {
        <EntitlementPicker state=state/>
        <fieldset class="settings-group">
            <legend>"Activation periods"</legend>
            {duration("defaultMaxActivationPeriodMins", "Default activation period",
                "defaultMaxActivationPeriodMins: at most the maximum below; empty for none",
                |d| d.default_max_activation_period_mins, |d, v| d.default_max_activation_period_mins = v)}
            {duration("maxActivationPeriodMins", "Maximum activation period", "maxActivationPeriodMins; empty for no maximum",
                |d| d.max_activation_period_mins, |d, v| d.max_activation_period_mins = v)}
            {duration("defaultMaxActivationPeriodExtensionMins", "Default extension",
                "defaultMaxActivationPeriodExtensionMins: at most the maximum extension below",
                |d| d.default_max_activation_period_extension_mins, |d, v| d.default_max_activation_period_extension_mins = v)}
            {duration("maxActivationPeriodExtensionMins", "Maximum extension", "maxActivationPeriodExtensionMins",
                |d| d.max_activation_period_extension_mins, |d, v| d.max_activation_period_extension_mins = v)}
        </fieldset>
        <ChipList
            id="notificationRecipients"
            label="Who is told about activations"
            hint="notificationRecipients: e-mail addresses"
            items=Signal::derive(move || draft.with(|d| d.notification_recipients.clone()))
            on_change=Callback::new(move |list: Vec<String>| state.edit(|d| d.notification_recipients = list))
            normalize=normalize_email
            error=state.errors("notificationRecipients")
        />
        <TextField
            id="notificationTemplate"
            label="Notification template"
            hint="notificationTemplate: the e-mail template's name; empty for none"
            value=Signal::derive(move || draft.with(|d| d.notification_template.clone().unwrap_or_default()))
            on_input=Callback::new(move |t: String| state.edit(|d| d.notification_template = non_blank(t)))
            error=state.error("notificationTemplate")
        />
        <CheckField
            id="applyToFutureAssignments"
            label="Apply to future assignments of these entitlements"
            hint=Signal::derive(move || {
                if draft.with(|d| d.apply_to_future_assignments) {
                    "On: people who get these entitlements later are covered by the policy too.".to_string()
                } else {
                    "Off: only today's assignments are covered.".to_string()
                }
            })
            switch=true
            checked=Signal::derive(move || draft.with(|d| d.apply_to_future_assignments))
            on_change=Callback::new(move |on| state.edit(|d| d.apply_to_future_assignments = on))
        />
    }
}

/// Minutes as a number and a unit; the text is kept while it is not a number.
#[component]
fn DurationField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    #[prop(into)] value: Signal<Option<i32>>,
    on_change: Callback<Option<i32>>,
    on_unparsable: Callback<Option<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let start = value.get_untracked().map(i64::from);
    let unit = RwSignal::new(start.map(Unit::of).unwrap_or(Unit::Hours));
    let text = RwSignal::new(
        start
            .map(|m| (m / unit.get_untracked().minutes()).to_string())
            .unwrap_or_default(),
    );
    let local = RwSignal::new(None::<String>);
    let apply = move || match to_minutes(id, &text.get_untracked(), unit.get_untracked()) {
        Ok(v) => {
            local.set(None);
            on_unparsable.run(None);
            if v != value.get_untracked() {
                on_change.run(v);
            }
        }
        Err(m) => {
            local.set(Some(m.clone()));
            on_unparsable.run(Some(m));
        }
    };
    let message = move || local.get().or_else(|| error.get());
    let (error_id, hint_id, unit_id) = (format!("{id}-error"), format!("{id}-hint"), format!("{id}-unit"));
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <span class="field__hint muted" id=hint_id.clone()>{hint}</span>
            <div class="duration">
                <input
                    id=id
                    class="field__number"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    data-testid=format!("input-{id}")
                    aria-invalid=move || message().is_some().to_string()
                    aria-describedby=format!("{hint_id} {error_id}")
                    prop:value=text
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        apply();
                    }
                />
                <select
                    id=unit_id.clone()
                    aria-label=format!("{label}: unit")
                    data-testid=format!("unit-{id}")
                    on:change=move |ev| {
                        unit.set(Unit::parse(&event_target_value(&ev)));
                        apply();
                    }
                >
                    {Unit::ALL
                        .into_iter()
                        .map(|u| view! { <option value=u.name() selected=move || unit.get() == u>{u.name()}</option> })
                        .collect_view()}
                </select>
            </div>
            <p class="field__error" id=error_id data-testid=format!("error-{id}") aria-live="polite">{message}</p>
        </div>
    }
}

/// The chosen entitlements as chips (by name once known), and a type-ahead over the
/// tenant's entitlements in the IGA catalog.
#[component]
fn EntitlementPicker(state: Draft<JitActivationConfig>) -> impl IntoView {
    let client = use_client();
    let draft = state.draft;
    let query = RwSignal::new(String::new());
    let names = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    // Names of the ids the policy holds (looked up together, once each).
    let ids = Memo::new(move |_| draft.with(|d| d.entitlement_ids.clone()));
    Effect::new(move |_| {
        let unknown: Vec<String> =
            ids.with(|ids| names.with_untracked(|n| ids.iter().filter(|id| !n.contains_key(*id)).cloned().collect()));
        if unknown.is_empty() {
            return;
        }
        names.update(|n| n.extend(unknown.iter().map(|id| (id.clone(), id.clone()))));
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::entitlements_by_id(&client, &unknown).await {
                names.update(|n| n.extend(found.into_iter().map(|e| (e.id, e.name))));
            }
        });
    });
    let results = LocalResource::new(move || {
        let text = query.get();
        async move {
            if text.trim().chars().count() < 2 {
                return Ok(Vec::new());
            }
            api::search_entitlements(&client, &text).await
        }
    });
    let add = move |id: String, name: String| {
        names.update(|n| {
            n.insert(id.clone(), name);
        });
        if !draft.with_untracked(|d| d.entitlement_ids.contains(&id)) {
            state.edit(|d| d.entitlement_ids.push(id));
        }
        query.set(String::new());
    };
    let remove = move |id: String| state.edit(|d| d.entitlement_ids.retain(|e| *e != id));
    view! {
        <div class="field entitlement-picker">
            <label for="entitlementSearch">"Entitlements activated just in time"</label>
            <span class="field__hint muted" id="entitlementIds-hint">
                "entitlementIds: type two or more letters of an entitlement's name and pick it"
            </span>
            <ul class="chips__list" aria-label="Chosen entitlements" data-testid="chips-entitlementIds">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    {
                        let (label_id, remove_id) = (id.clone(), id.clone());
                        let label = move || names.with(|n| n.get(&label_id).cloned().unwrap_or_else(|| label_id.clone()));
                        view! {
                            <li class="chip" data-testid="chip">
                                <span class="chip__text" title=id.clone()>{label.clone()}</span>
                                <button
                                    type="button"
                                    class="chip__remove"
                                    aria-label=move || format!("Remove {}", label())
                                    data-testid=format!("remove-{id}")
                                    on:click=move |_| remove(remove_id.clone())
                                >
                                    "×"
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <input
                id="entitlementSearch"
                type="search"
                autocomplete="off"
                role="combobox"
                aria-expanded=move || (!query.get().is_empty()).to_string()
                aria-controls="entitlement-results"
                aria-describedby="entitlementIds-hint entitlementIds-error"
                data-testid="input-entitlementSearch"
                prop:value=query
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul id="entitlement-results" class="typeahead" role="listbox" data-testid="entitlement-results">
                <Transition fallback=|| ()>
                    {move || {
                        results
                            .get()
                            .map(|r| match r {
                                Err(e) => view! { <li><ErrorNotice error=e/></li> }.into_any(),
                                Ok(items) if items.is_empty() && query.with(|q| q.trim().chars().count() >= 2) => {
                                    view! { <li class="muted" data-testid="entitlement-none">"No entitlement matches."</li> }.into_any()
                                }
                                Ok(items) => {
                                    items
                                        .into_iter()
                                        .map(|item| {
                                            let (id, name) = (item.id.clone(), item.name.clone());
                                            let chosen = ids.with(|ids| ids.contains(&item.id));
                                            let about = format!(
                                                "{}{}{}",
                                                item.source_name,
                                                if item.privileged { " · privileged" } else { "" },
                                                if chosen { " · chosen" } else { "" }
                                            );
                                            view! {
                                                <li role="option" aria-selected=chosen.to_string()>
                                                    <button
                                                        type="button"
                                                        class="typeahead__item"
                                                        data-testid="entitlement-option"
                                                        on:click=move |_| add(id.clone(), name.clone())
                                                    >
                                                        <strong>{item.name}</strong>
                                                        " "
                                                        <span class="muted">{about}</span>
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </ul>
            <p class="field__error" id="entitlementIds-error" data-testid="error-entitlementIds" aria-live="polite">
                {move || state.errors("entitlementIds").get()}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn policy() -> JitActivationConfig {
        JitActivationConfig {
            id: "p".into(),
            entitlement_ids: vec!["e1".into()],
            max_activation_period_mins: Some(120),
            max_activation_period_extension_mins: None,
            default_max_activation_period_mins: Some(60),
            default_max_activation_period_extension_mins: None,
            notification_recipients: vec![],
            notification_template: None,
            apply_to_future_assignments: false,
        }
    }

    #[wasm_bindgen_test]
    fn one_replace_per_changed_field() {
        let before = policy();
        assert!(replace_ops(&before, &before).is_empty());
        let mut after = before.clone();
        after.entitlement_ids.push("e2".into());
        after.max_activation_period_mins = None;
        after.apply_to_future_assignments = true;
        let ops = serde_json::to_value(replace_ops(&before, &after)).unwrap();
        assert_eq!(
            ops,
            json!([
                {"op": "replace", "path": "/entitlementIds", "value": ["e1", "e2"]},
                {"op": "replace", "path": "/maxActivationPeriodMins", "value": null},
                {"op": "replace", "path": "/applyToFutureAssignments", "value": true}
            ])
        );
        // The server applies them to the loaded policy and gets the draft.
        let ops = replace_ops(&before, &after);
        assert_eq!(before.apply(&ops).unwrap(), after);
    }

    #[wasm_bindgen_test]
    fn overwrite_sends_only_my_fields_on_their_version() {
        let loaded = policy();
        let mut draft = loaded.clone();
        draft.notification_recipients = vec!["me@example.com".into()];
        let mut theirs = loaded.clone();
        theirs.max_activation_period_mins = Some(240);
        theirs.entitlement_ids.push("e2".into());
        let ops = overwrite_ops(&loaded, &draft, &theirs).unwrap();
        assert_eq!(
            serde_json::to_value(&ops).unwrap(),
            json!([{"op": "replace", "path": "/notificationRecipients", "value": ["me@example.com"]}])
        );
        // Their maximum and entitlements stay: the old way sent them back.
        assert_eq!(replace_ops(&theirs, &draft).len(), 3);
        let rows = describe_ops(&theirs, &ops);
        assert_eq!(rows[0].old.as_deref(), Some("[]"));
        // My default above their new, lower maximum breaks a rule: named, nothing sent.
        let mut draft = loaded.clone();
        draft.default_max_activation_period_mins = Some(100);
        let mut theirs = loaded.clone();
        theirs.max_activation_period_mins = Some(90);
        let e = overwrite_ops(&loaded, &draft, &theirs).unwrap_err();
        assert!(e.contains("break a rule"), "{e}");
        assert!(overwrite_ops(&loaded, &loaded, &theirs).unwrap().is_empty());
    }

    #[wasm_bindgen_test]
    fn durations_have_units() {
        assert_eq!(Unit::of(1440 * 2), Unit::Days);
        assert_eq!(Unit::of(120), Unit::Hours);
        assert_eq!(Unit::of(90), Unit::Minutes);
        assert_eq!(Unit::of(0), Unit::Minutes);
        assert_eq!(to_minutes("x", " 2 ", Unit::Hours), Ok(Some(120)));
        assert_eq!(to_minutes("x", "", Unit::Days), Ok(None));
        assert_eq!(
            to_minutes("x", "1.5", Unit::Hours),
            Err("x must be a whole number of hours".into())
        );
        assert_eq!(to_minutes("x", "99999999", Unit::Days), Err("x is too long".into()));
        assert_eq!(normalize_email(" a@b.co "), Ok("a@b.co".into()));
        assert!(normalize_email("nobody").is_err());
    }
}
