//! [`FormEditor`]: one form being built. The document boxes, the toolbar (undo, redo,
//! save), the Design tab (palette, canvas, properties) and the JSON tab, the definition's
//! problems, scripts, a live preview with the real renderer and, once saved, where the
//! form is used. The model lives in one `RwSignal<BuilderModel>`; every change is
//! announced in an `aria-live` region; leaving with unsaved changes asks first. Text in
//! the JSON tab that is not applied is an unsaved change too: it survives a tab switch,
//! and switching away from it or saving without it asks first.

use gatehouse_wire::form::{FormDefinition, RequestForm};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_navigate;
use serde_json::Value;

use super::assignments::Assignments;
use super::canvas::{focus_selected, Canvas, CanvasCtx, Palette};
use super::checks::{definition_errors, DefinitionErrors, Scripts};
use super::document::{blank_form, to_save, DocumentFields, Meta};
use super::json_tab::{is_unapplied, JsonTab};
use super::model::BuilderModel;
use super::properties::Properties;
use crate::api::client::use_client;
use crate::api::{forms, ApiError};
use crate::components::leave_guard::use_leave_guard;
use crate::components::status::ErrorNotice;
use crate::forms::state::{apply_defaults, remove_value_at, stale_models};
use crate::forms::FormRenderer;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Design,
    Json,
}

/// How the last save went.
#[derive(Debug, Clone, PartialEq)]
enum SaveState {
    Idle,
    Saved,
    Refused(Vec<String>),
    Conflict(String),
    Failed(ApiError),
}

/// Edits a form: `form` as loaded, `None` for a new one. `on_reload` loads the stored
/// form again (offered when someone else saved it meanwhile).
#[component]
pub fn FormEditor(form: Option<RequestForm>, #[prop(optional)] on_reload: Option<Callback<()>>) -> impl IntoView {
    let client = use_client();
    let navigate = use_navigate();
    let base = RwSignal::new(form.unwrap_or_else(blank_form));
    let form_id = base.with_untracked(|f| f.id.clone());
    let model = RwSignal::new(BuilderModel::new(base.with_untracked(|f| f.form.clone())));
    let meta = RwSignal::new(base.with_untracked(Meta::of));
    let saved = RwSignal::new((base.with_untracked(|f| f.form.clone()), meta.get_untracked()));
    let json_text = RwSignal::new(None::<String>);
    let unapplied = Memo::new(move |_| json_text.with(|t| model.with(|m| is_unapplied(t.as_deref(), &m.definition))));
    let dirty = Memo::new(move |_| {
        unapplied.get() || saved.with(|(def, m)| model.with(|x| x.definition != *def) || meta.with(|x| x != m))
    });
    use_leave_guard(dirty.into());
    let tab = RwSignal::new(Tab::Design);
    let errors = Memo::new(move |_| model.with(|m| definition_errors(&m.definition)));
    let state = RwSignal::new(SaveState::Idle);
    let ctx = CanvasCtx {
        model,
        dragging: RwSignal::new(None),
    };

    let save = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        let def = model.with_untracked(|m| m.definition.clone());
        let m = meta.get_untracked();
        let prepared = to_save(&base.get_untracked(), &m, &def);
        async move {
            let form = match prepared {
                Ok(form) => form,
                Err(problems) => return state.set(SaveState::Refused(problems)),
            };
            let result = match form.id.clone() {
                None => forms::create(&client, &form).await,
                Some(id) => forms::replace(&client, &id, &form).await,
            };
            match result {
                Ok(stored) => {
                    saved.set((def, m));
                    state.set(SaveState::Saved);
                    let created = form.id.is_none();
                    let id = stored.id.clone().unwrap_or_default();
                    base.set(stored);
                    if created {
                        navigate(
                            &format!("/forms/{}/edit", js_sys::encode_uri_component(&id)),
                            Default::default(),
                        );
                    }
                }
                Err(ApiError::Conflict(text)) => state.set(SaveState::Conflict(text)),
                Err(ApiError::Invalid(texts)) => state.set(SaveState::Refused(texts)),
                Err(e) => state.set(SaveState::Failed(e)),
            }
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) || in_native_undo(&ev) {
            return;
        }
        let key = ev.key().to_lowercase();
        let undo = key == "z" && !ev.shift_key();
        let redo = (key == "z" && ev.shift_key()) || key == "y";
        if key == "s" {
            ev.prevent_default();
            if may_save(unapplied.get_untracked()) {
                save.dispatch(());
            }
        } else if undo || redo {
            ev.prevent_default();
            model.update(|m| {
                if undo {
                    m.undo();
                } else {
                    m.redo();
                }
            });
        }
    };
    let pick_error = Callback::new(move |field_id: String| {
        tab.set(Tab::Design);
        if model.try_update(|m| m.select_id(&field_id)).unwrap_or(false) {
            focus_selected(model);
        }
    });
    let title = move || {
        meta.with(|m| {
            if m.name.trim().is_empty() {
                "New request form".to_string()
            } else {
                m.name.clone()
            }
        })
    };
    view! {
        <div class="builder" on:keydown=on_keydown data-testid="form-builder">
            <div class="page__head">
                <h1 data-testid="builder-title">{title}</h1>
                <Toolbar model=model dirty=dirty stored=Signal::derive(move || base.with(|f| f.id.is_some()))
                    busy=save.pending() on_save=Callback::new(move |_| {
                    if may_save(unapplied.get_untracked()) {
                        save.dispatch(());
                    }
                })/>
            </div>
            <DocumentFields meta=meta/>
            <SaveNotice state=state on_reload=on_reload/>
            <p class="builder-live" role="status" aria-live="polite" aria-atomic="true" data-testid="builder-live">
                {move || model.with(|m| m.announcement.clone())}
            </p>
            <Tabs tab=tab unapplied=unapplied/>
            {move || match tab.get() {
                Tab::Design => view! {
                    <div class="builder__grid" id="builder-panel-design" role="tabpanel" aria-labelledby="builder-tab-design">
                        <Palette ctx=ctx/>
                        <Canvas ctx=ctx/>
                        <Properties model=model/>
                    </div>
                }
                .into_any(),
                Tab::Json => view! {
                    <div id="builder-panel-json" role="tabpanel" aria-labelledby="builder-tab-json">
                        <JsonTab model=model text=json_text/>
                    </div>
                }
                .into_any(),
            }}
            <DefinitionErrors errors=errors on_pick=pick_error/>
            <Scripts model=model/>
            <Preview model=model/>
            {form_id.map(|id| view! { <Assignments form_id=id/> })}
        </div>
    }
}

/// Whether a key press belongs to a box that keeps the browser's own undo (the JSON text).
fn in_native_undo(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("[data-native-undo]").ok().flatten())
        .is_some()
}

#[component]
fn Toolbar(
    model: RwSignal<BuilderModel>,
    dirty: Memo<bool>,
    /// Whether the form exists on the server (a new one has nothing saved yet).
    stored: Signal<bool>,
    #[prop(into)] busy: Signal<bool>,
    on_save: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="toolbar builder__toolbar">
            <button type="button" class="btn" data-testid="undo" aria-keyshortcuts="Control+Z"
                disabled=move || !model.with(BuilderModel::can_undo)
                on:click=move |_| model.update(|m| { m.undo(); })>
                "Undo"
            </button>
            <button type="button" class="btn" data-testid="redo" aria-keyshortcuts="Control+Shift+Z"
                disabled=move || !model.with(BuilderModel::can_redo)
                on:click=move |_| model.update(|m| { m.redo(); })>
                "Redo"
            </button>
            <span class="muted" data-testid="builder-dirty">
                {move || match (dirty.get(), stored.get()) {
                    (true, _) => "Unsaved changes",
                    (false, false) => "Not saved yet",
                    (false, true) => "All changes saved",
                }}
            </span>
            <button type="button" class="btn btn--primary" data-testid="builder-save" aria-keyshortcuts="Control+S"
                disabled=move || busy.get() on:click=move |_| on_save.run(())>
                {move || if busy.get() { "Saving…" } else { "Save" }}
            </button>
        </div>
    }
}

/// Asks before a save that leaves the JSON tab's text out; `true` to go on.
fn may_save(unapplied: bool) -> bool {
    !unapplied
        || window()
            .confirm_with_message(
                "The JSON tab has changes that are not applied. Save the form without them? They stay in the JSON tab.",
            )
            .unwrap_or(false)
}

#[component]
fn Tabs(tab: RwSignal<Tab>, unapplied: Memo<bool>) -> impl IntoView {
    // Leaving the JSON tab with text that is not applied asks first (the text stays).
    let go = move |to: Tab| {
        let leaving_json = tab.get_untracked() == Tab::Json && to != Tab::Json;
        if leaving_json && unapplied.get_untracked() {
            let ok = window()
                .confirm_with_message(
                    "The JSON has changes that are not applied, so the Design tab does not show them. Switch anyway? \
                     They stay in the JSON tab until you apply or revert them.",
                )
                .unwrap_or(false);
            if !ok {
                return;
            }
        }
        tab.set(to);
    };
    let button = move |t: Tab, label: &'static str, id: &'static str| {
        let on_keydown = move |ev: web_sys::KeyboardEvent| {
            if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") {
                ev.prevent_default();
                go(if t == Tab::Design { Tab::Json } else { Tab::Design });
            }
        };
        view! {
            <button type="button" role="tab" id=format!("builder-tab-{id}") data-testid=format!("tab-{id}")
                aria-controls=format!("builder-panel-{id}")
                aria-selected=move || (tab.get() == t).to_string()
                tabindex=move || if tab.get() == t { "0" } else { "-1" }
                class=move || if tab.get() == t { "builder-tab builder-tab--on" } else { "builder-tab" }
                on:click=move |_| go(t) on:keydown=on_keydown>
                {label}
            </button>
        }
    };
    view! {
        <div class="builder-tabs" role="tablist" aria-label="Edit the form">
            {button(Tab::Design, "Design", "design")}
            {button(Tab::Json, "JSON", "json")}
        </div>
    }
}

#[component]
fn SaveNotice(state: RwSignal<SaveState>, on_reload: Option<Callback<()>>) -> impl IntoView {
    move || {
        match state.get() {
        SaveState::Idle => None,
        SaveState::Saved => Some(
            view! { <p class="notice notice--info" role="status" data-testid="builder-saved">"Saved."</p> }.into_any(),
        ),
        SaveState::Refused(problems) => Some(
            view! {
                <div class="notice notice--error" role="alert" data-testid="builder-refused">
                    <p>"The form was not saved:"</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
        ),
        SaveState::Conflict(text) => Some(
            view! {
                <div class="notice notice--error" role="alert" data-testid="builder-conflict">
                    <p>"Someone else saved this form after you opened it, so your changes were not saved. Reload to see theirs (your changes here are lost), or copy what you need from the JSON tab first."</p>
                    <p class="muted">{text}</p>
                    {on_reload.map(|reload| view! {
                        <button type="button" class="btn" data-testid="builder-reload" on:click=move |_| reload.run(())>
                            "Reload the stored form"
                        </button>
                    })}
                </div>
            }
            .into_any(),
        ),
        SaveState::Failed(e) => Some(view! { <ErrorNotice error=e/> }.into_any()),
    }
    }
}

/// The form as requesters will see it, from the same renderer. What was typed into it
/// stays while the form is edited, except for a field whose model, type or default
/// changed: it starts again from its (new) default.
#[component]
fn Preview(model: RwSignal<BuilderModel>) -> impl IntoView {
    // A memo, so selecting a field (no change to the definition) does not redraw it.
    let definition = Memo::new(move |_| model.with(|m| m.definition.clone()));
    let values = RwSignal::new(Value::Object(Default::default()));
    Effect::new(move |before: Option<FormDefinition>| {
        let now = definition.get();
        if let Some(before) = before {
            let stale = stale_models(&before, &now);
            if !stale.is_empty() {
                values.update(|v| {
                    for m in &stale {
                        remove_value_at(v, m);
                    }
                    apply_defaults(&now, v);
                });
            }
        }
        now
    });
    view! {
        <section class="builder-preview" aria-labelledby="builder-preview-title" data-testid="builder-preview">
            <h2 class="builder__title" id="builder-preview-title">"Preview"</h2>
            <p class="muted">"What requesters will see. Scripts are never run."</p>
            <FormRenderer definition=definition values=values/>
        </section>
    }
}
