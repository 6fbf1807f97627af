//! The palette and the canvas: the form's rows on the 12-column grid, each field a card
//! that is selected with Enter (or a click), moved with the arrow keys (or dragged), and
//! removed with Delete. Drops land before a field, at the end of a row, or on a new row
//! between rows (also inside sections). HTML5 drag and drop carries the payload in a
//! signal; `dataTransfer` only gets a text so every browser starts the drag.

use gatehouse_wire::form::{Field, FieldType, Row};
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};

use super::model::{type_name, BuilderModel, Direction, PALETTE};
use super::tree::{self, Dest, FieldPath, Step};
use crate::forms::state::placements;

/// What is being dragged.
#[derive(Debug, Clone, PartialEq)]
pub enum Dragged {
    New(FieldType),
    Existing(FieldPath),
}

/// What every part of the canvas shares.
#[derive(Clone, Copy)]
pub struct CanvasCtx {
    pub model: RwSignal<BuilderModel>,
    pub dragging: RwSignal<Option<Dragged>>,
}

impl CanvasCtx {
    fn drop_at(&self, dest: Dest) {
        let Some(dragged) = self.dragging.get_untracked() else {
            return;
        };
        self.dragging.set(None);
        match dragged {
            Dragged::New(kind) => {
                self.model.update(|m| {
                    m.insert_new(kind, &dest);
                });
            }
            Dragged::Existing(from) => {
                self.model.update(|m| {
                    m.move_to(&from, &dest);
                });
            }
        }
        focus_selected(self.model);
    }
}

/// Puts keyboard focus on the selected field's card once the canvas has redrawn.
pub fn focus_selected(model: RwSignal<BuilderModel>) {
    request_animation_frame(move || {
        // The editor may be gone by the next frame.
        let Some(Some(key)) = model.try_with_untracked(|m| m.selected.as_ref().map(FieldPath::key)) else {
            return;
        };
        let found = document()
            .query_selector(&format!("[data-path='{key}']"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = found {
            let _ = el.focus();
        }
    });
}

/// Starts a drag: `dataTransfer.setData("text/plain", …)` (read through `Reflect`: the
/// crate does not enable web-sys's `DataTransfer`) and `effectAllowed`.
fn start_drag(ev: &web_sys::DragEvent, text: &str) {
    let Ok(dt) = js_sys::Reflect::get(ev, &JsValue::from_str("dataTransfer")) else {
        return;
    };
    let _ = js_sys::Reflect::set(&dt, &JsValue::from_str("effectAllowed"), &JsValue::from_str("move"));
    if let Ok(set) = js_sys::Reflect::get(&dt, &JsValue::from_str("setData")) {
        if let Some(set) = set.dyn_ref::<js_sys::Function>() {
            let _ = set.call2(&dt, &JsValue::from_str("text/plain"), &JsValue::from_str(text));
        }
    }
}

/// Lets a drop happen here (the default refuses it).
fn allow_drop(ev: web_sys::DragEvent) {
    ev.prevent_default();
    ev.stop_propagation();
}

#[component]
pub fn Palette(ctx: CanvasCtx) -> impl IntoView {
    let items = PALETTE
        .into_iter()
        .map(|(kind, name)| {
            let add = move |_| {
                ctx.model.update(|m| {
                    m.add_field(kind);
                });
                focus_label();
            };
            view! {
                <li>
                    <button
                        type="button"
                        class="btn builder-palette__item"
                        draggable="true"
                        data-testid=format!("palette-{}", kind.as_str())
                        on:click=add
                        on:dragstart=move |ev| {
                            start_drag(&ev, kind.as_str());
                            ctx.dragging.set(Some(Dragged::New(kind)));
                        }
                        on:dragend=move |_| ctx.dragging.set(None)
                    >
                        {format!("+ {name}")}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="builder-palette" aria-label="Field types">
            <h2 class="builder__title">"Add a field"</h2>
            <p class="muted builder__hint">"Enter adds it under the selected field; or drag it onto the form."</p>
            <ul class="builder-palette__list">{items}</ul>
        </nav>
    }
}

/// After adding a field, the keyboard goes to its label in the properties panel.
fn focus_label() {
    request_animation_frame(|| {
        let found = document()
            .query_selector("[data-testid='prop-label'], [data-testid='prop-header'], [data-testid='prop-text']")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = found {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn Canvas(ctx: CanvasCtx) -> impl IntoView {
    // A memo: selecting a field changes the model but not the rows, and must not redraw
    // them (that would take the keyboard focus away).
    let definition = Memo::new(move |_| ctx.model.with(|m| m.definition.fields.clone()));
    let rows = move || {
        let rows = definition.get();
        if rows.is_empty() {
            return view! {
                <p class="builder-canvas__empty" data-testid="builder-empty">
                    "No fields yet: add one from the palette, or drop it here."
                </p>
                <DropGap ctx=ctx container=vec![] index=0/>
            }
            .into_any();
        }
        rows_view(ctx, rows, vec![])
    };
    view! {
        <section class="builder-canvas" aria-labelledby="builder-canvas-title" data-testid="builder-canvas">
            <h2 class="builder__title" id="builder-canvas-title">"Form"</h2>
            <p class="muted builder__hint" id="builder-keys">
                "Tab to a field, Enter selects it, arrow keys move it (up and down across rows and sections), Delete removes it."
            </p>
            {rows}
        </section>
    }
}

fn rows_view(ctx: CanvasCtx, rows: Vec<Row>, container: Vec<Step>) -> AnyView {
    let count = rows.len();
    let body = rows
        .into_iter()
        .enumerate()
        .map(|(ri, row)| {
            let lines = placements(&row);
            let len = row.fields.len();
            let c = container.clone();
            let cells = lines
                .into_iter()
                .flatten()
                .map(|p| {
                    let path = FieldPath::child(&container, ri, p.index);
                    let field = row.fields[p.index].clone();
                    view! { <div class=p.classes()>{card(ctx, field, path)}</div> }
                })
                .collect_view();
            let drop_row = move |ev: web_sys::DragEvent| {
                allow_drop(ev);
                ctx.drop_at(Dest::InRow {
                    container: c.clone(),
                    row: ri,
                    index: len,
                });
            };
            view! {
                <DropGap ctx=ctx container=container.clone() index=ri/>
                <div class="builder-row" data-testid="builder-row" on:dragover=allow_drop on:drop=drop_row>
                    <div class="form-grid">{cells}</div>
                </div>
            }
        })
        .collect_view();
    view! {
        {body}
        <DropGap ctx=ctx container=container index=count/>
    }
    .into_any()
}

/// A thin zone between rows: a drop there makes a new row.
#[component]
fn DropGap(ctx: CanvasCtx, container: Vec<Step>, index: usize) -> impl IntoView {
    let over = RwSignal::new(false);
    let active = move || ctx.dragging.with(Option::is_some);
    let class = move || match (active(), over.get()) {
        (false, _) => "builder-gap",
        (true, false) => "builder-gap builder-gap--active",
        (true, true) => "builder-gap builder-gap--over",
    };
    let drop = move |ev: web_sys::DragEvent| {
        allow_drop(ev);
        over.set(false);
        ctx.drop_at(Dest::NewRow {
            container: container.clone(),
            index,
        });
    };
    view! {
        <div
            class=class
            data-testid="builder-gap"
            on:dragover=move |ev| {
                allow_drop(ev);
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=drop
        ></div>
    }
}

fn card(ctx: CanvasCtx, field: Field, path: FieldPath) -> AnyView {
    let model = ctx.model;
    let key = path.key();
    let selected = {
        let path = path.clone();
        Memo::new(move |_| model.with(|m| m.selected.as_ref() == Some(&path)))
    };
    let kind = field.field_type().map(type_name).unwrap_or("Unknown type");
    let name = tree::field_name(&field);
    let model_text = field.model().map(str::to_owned);
    let id = field.id().unwrap_or("").to_string();
    let label = format!("{kind}: {name}");
    let p_select = path.clone();
    let on_keydown = {
        let path = path.clone();
        move |ev: web_sys::KeyboardEvent| {
            if ev.target() != ev.current_target() {
                return;
            }
            let key = ev.key();
            let is_selected = selected.get_untracked();
            if key == "Enter" || key == " " {
                ev.prevent_default();
                model.update(|m| m.select(Some(path.clone())));
            } else if let (Some(dir), true) = (Direction::from_key(&key), is_selected) {
                if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                    return;
                }
                ev.prevent_default();
                model.update(|m| {
                    m.move_selected(dir);
                });
                focus_selected(model);
            } else if (key == "Delete" || key == "Backspace") && is_selected {
                ev.prevent_default();
                model.update(|m| {
                    m.remove_selected();
                });
                focus_selected(model);
            }
        }
    };
    let p_drag = path.clone();
    let p_drop = path.clone();
    let drop_before = move |ev: web_sys::DragEvent| {
        allow_drop(ev);
        let (r, f) = p_drop.last();
        ctx.drop_at(Dest::InRow {
            container: p_drop.container().to_vec(),
            row: r,
            index: f,
        });
    };
    let nested = match &field {
        Field::Section(s) => Some(rows_view(ctx, s.fields.clone(), path.0.clone())),
        _ => None,
    };
    let class = move || {
        if selected.get() {
            "builder-field builder-field--selected"
        } else {
            "builder-field"
        }
    };
    view! {
        <div
            class=class
            tabindex="0"
            role="group"
            aria-roledescription="form field"
            aria-label=label
            aria-describedby="builder-keys"
            aria-current=move || selected.get().then_some("true")
            draggable="true"
            data-path=key
            data-testid=format!("builder-field-{id}")
            on:click=move |ev| {
                ev.stop_propagation();
                model.update(|m| m.select(Some(p_select.clone())));
            }
            on:keydown=on_keydown
            on:dragstart=move |ev| {
                ev.stop_propagation();
                start_drag(&ev, &id);
                ctx.dragging.set(Some(Dragged::Existing(p_drag.clone())));
            }
            on:dragend=move |_| ctx.dragging.set(None)
            on:dragover=allow_drop
            on:drop=drop_before
        >
            <span class="builder-field__type">{kind}</span>
            <span class="builder-field__name">{name}</span>
            {model_text.map(|m| view! { <code class="builder-field__model">{m}</code> })}
            {nested.map(|n| view! { <div class="builder-section">{n}</div> })}
        </div>
    }
    .into_any()
}
