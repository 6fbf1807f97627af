//! [`FormRenderer`]: shows any stored request-form definition as a live form. Rows sit on
//! the 12-column grid (CSS classes, never inline styles), sections nest rows, fields
//! hidden by `visibleWhen` are not rendered, and every value lives in one
//! `RwSignal<Value>` keyed by model path, so `custom.givenName` fills
//! `{"custom": {"givenName": ..}}`. Errors come from the wire rules
//! ([`validate_values`]) with the browser's `RegExp`: a field's error shows once the
//! person has changed it, and every error shows after a submit. PingOne's scripts are
//! kept in the definition and never run; form text is shown as text, never as HTML.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_wire::form::{
    set_value_at, validate_values, value_at, Field, FormDefinition, FormText, InputField, Options, Row, Section,
    SelectOption,
};
use leptos::prelude::*;
use serde_json::Value;

use super::lookup::lookup_input;
use super::matcher::js_matcher;
use super::state::{apply_defaults, errors_by_model, placements, shown_body};

/// What every field of one rendered form shares.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    values: RwSignal<Value>,
    errors: Memo<BTreeMap<String, String>>,
    touched: RwSignal<BTreeSet<String>>,
    submitted: RwSignal<bool>,
}

impl FormState {
    pub(super) fn set(&self, model: &str, value: Value) {
        if model.is_empty() {
            return;
        }
        self.values.update(|v| set_value_at(v, model, value));
        self.touched.update(|t| {
            t.insert(model.to_string());
        });
    }

    pub(super) fn get(&self, model: &str) -> Value {
        self.values.with(|v| value_at(v, model).cloned()).unwrap_or(Value::Null)
    }

    /// [`FormState::get`] without subscribing (for starting values read while rendering).
    pub(super) fn get_untracked(&self, model: &str) -> Value {
        self.values
            .with_untracked(|v| value_at(v, model).cloned())
            .unwrap_or(Value::Null)
    }

    /// The error shown under a field: once it was changed, or after a submit.
    fn shown_error(&self, model: String) -> Memo<Option<String>> {
        let state = *self;
        Memo::new(move |_| {
            let visible = state.submitted.get() || state.touched.with(|t| t.contains(&model));
            if visible {
                state.errors.with(|e| e.get(&model).cloned())
            } else {
                None
            }
        })
    }
}

/// Renders a request-form definition as a live form.
#[component]
pub fn FormRenderer(
    /// The definition to show (the `form` property of a request form).
    #[prop(into)]
    definition: Signal<FormDefinition>,
    /// The values, keyed by model path into one nested body. Defaults are filled in for
    /// fields that have no value yet.
    values: RwSignal<Value>,
    /// Called with the body (values of shown fields only) when a submit finds no errors.
    /// Without it the form has no submit button.
    #[prop(optional, into)]
    on_submit: Option<Callback<Value>>,
    /// The submit button's text.
    #[prop(optional, into)]
    submit_label: Option<String>,
) -> impl IntoView {
    Effect::new(move |_| {
        let def = definition.get();
        let mut next = values.get_untracked();
        apply_defaults(&def, &mut next);
        if next != values.get_untracked() {
            values.set(next);
        }
    });
    let errors = Memo::new(move |_| {
        definition.with(|def| {
            values.with(|v| match validate_values(def, v, &js_matcher) {
                Ok(()) => BTreeMap::new(),
                Err(es) => errors_by_model(es),
            })
        })
    });
    let state = FormState {
        values,
        errors,
        touched: RwSignal::new(BTreeSet::new()),
        submitted: RwSignal::new(false),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.submitted.set(true);
        if errors.with(BTreeMap::is_empty) {
            if let Some(cb) = on_submit {
                let body = definition.with(|def| values.with(|v| shown_body(def, v)));
                cb.run(body);
            }
        }
    };
    let summary = move || {
        let count = errors.with(BTreeMap::len);
        (state.submitted.get() && count > 0).then(|| {
            let noun = if count == 1 { "field needs" } else { "fields need" };
            view! {
                <p class="notice notice--error" role="alert" data-testid="form-error-summary">
                    {format!("{count} {noun} attention before this form can be submitted.")}
                </p>
            }
        })
    };
    let label = submit_label.unwrap_or_else(|| "Submit".to_string());
    view! {
        <form class="request-form" novalidate=true on:submit=submit data-testid="form-renderer">
            {move || rows_view(definition.get().fields, state)}
            {summary}
            {on_submit.map(|_| view! {
                <div class="request-form__actions">
                    <button type="submit" class="btn btn--primary" data-testid="form-submit">{label}</button>
                </div>
            })}
        </form>
    }
}

fn rows_view(rows: Vec<Row>, state: FormState) -> AnyView {
    rows.into_iter()
        .map(|row| {
            let lines = placements(&row);
            lines
                .into_iter()
                .map(|line| {
                    let cells = line
                        .into_iter()
                        .map(|p| {
                            let field = row.fields[p.index].clone();
                            view! { <div class=p.classes()>{field_view(field, state)}</div> }
                        })
                        .collect_view();
                    view! { <div class="form-grid">{cells}</div> }
                })
                .collect_view()
        })
        .collect_view()
        .into_any()
}

/// One field, rendered only while its `visibleWhen` holds.
fn field_view(field: Field, state: FormState) -> AnyView {
    let rule = field.visible_when().cloned();
    let visible = Memo::new(move |_| match &rule {
        None => true,
        Some(w) => state.values.with(|v| w.holds(v)),
    });
    (move || visible.get().then(|| shown_field(field.clone(), state))).into_any()
}

fn shown_field(field: Field, state: FormState) -> AnyView {
    match field {
        Field::String(f) => text_input(f, "text", state),
        Field::Date(f) => text_input(f, "date", state),
        Field::Textarea(f) => textarea(f, state),
        Field::Checkbox(f) => checkbox(f, state),
        Field::Select(f) => match f.options.clone() {
            Some(Options::Static(options)) => select(f, options, state),
            Some(Options::Lookup(lookup)) => lookup_input(f, lookup, false, state),
            None => no_options(f),
        },
        Field::Multiselect(f) => match f.options.clone() {
            Some(Options::Static(options)) => multiselect(f, options, state),
            Some(Options::Lookup(lookup)) => lookup_input(f, lookup, true, state),
            None => no_options(f),
        },
        Field::FormText(t) => form_text(t),
        Field::Section(s) => section(s, state),
        Field::Unknown(raw) => unknown(raw),
    }
}

/// The parts every input field shows around its control: label with "(optional)",
/// description, error; and the ids that tie them to the control.
pub(super) struct Frame {
    pub(super) dom_id: String,
    pub(super) model: String,
    error: Memo<Option<String>>,
}

impl Frame {
    pub(super) fn new(f: &InputField, state: FormState) -> Frame {
        let model = f.model.clone().unwrap_or_default();
        Frame {
            dom_id: format!("form-field-{}", f.id),
            error: state.shown_error(model.clone()),
            model,
        }
    }

    pub(super) fn testid(&self) -> String {
        format!("field-{}", self.model)
    }

    pub(super) fn described_by(&self, f: &InputField) -> String {
        let mut ids = vec![format!("{}-error", self.dom_id)];
        if f.description.as_deref().is_some_and(|d| !d.is_empty()) {
            ids.push(format!("{}-hint", self.dom_id));
        }
        ids.join(" ")
    }

    pub(super) fn invalid(&self) -> impl Fn() -> &'static str + Send + Sync + 'static {
        let error = self.error;
        move || if error.with(Option::is_some) { "true" } else { "false" }
    }

    pub(super) fn label(&self, f: &InputField) -> impl IntoView {
        let optional = (!f.is_required()).then(|| view! { <span class="form-label__optional">" (optional)"</span> });
        view! {
            <label for=self.dom_id.clone() data-testid=format!("label-{}", self.model)>
                {f.display_name().to_string()}
                {optional}
            </label>
        }
    }

    pub(super) fn below(&self, f: &InputField) -> impl IntoView {
        let hint = f.description.clone().filter(|d| !d.is_empty()).map(|d| {
            view! { <p class="field__hint" id=format!("{}-hint", self.dom_id)>{d}</p> }
        });
        let error = self.error;
        view! {
            {hint}
            <p class="field__error" id=format!("{}-error", self.dom_id) data-testid=format!("error-{}", self.model)>
                {move || error.get().unwrap_or_default()}
            </p>
        }
    }
}

pub(super) fn read_only(f: &InputField) -> bool {
    f.read_only.unwrap_or(false)
}

fn text_input(f: InputField, kind: &'static str, state: FormState) -> AnyView {
    let frame = Frame::new(&f, state);
    let model = frame.model.clone();
    let m = model.clone();
    let value = move || state.get(&m).as_str().map(str::to_owned).unwrap_or_default();
    view! {
        <div class="field">
            {frame.label(&f)}
            <input
                type=kind
                id=frame.dom_id.clone()
                data-testid=frame.testid()
                readonly=read_only(&f)
                aria-required=f.is_required().to_string()
                aria-invalid=frame.invalid()
                aria-describedby=frame.described_by(&f)
                prop:value=value
                on:input=move |ev| state.set(&model, Value::String(event_target_value(&ev)))
            />
            {frame.below(&f)}
        </div>
    }
    .into_any()
}

fn textarea(f: InputField, state: FormState) -> AnyView {
    let frame = Frame::new(&f, state);
    let model = frame.model.clone();
    let m = model.clone();
    let value = move || state.get(&m).as_str().map(str::to_owned).unwrap_or_default();
    view! {
        <div class="field">
            {frame.label(&f)}
            <textarea
                id=frame.dom_id.clone()
                rows="4"
                data-testid=frame.testid()
                readonly=read_only(&f)
                aria-required=f.is_required().to_string()
                aria-invalid=frame.invalid()
                aria-describedby=frame.described_by(&f)
                prop:value=value
                on:input=move |ev| state.set(&model, Value::String(event_target_value(&ev)))
            ></textarea>
            {frame.below(&f)}
        </div>
    }
    .into_any()
}

fn checkbox(f: InputField, state: FormState) -> AnyView {
    let frame = Frame::new(&f, state);
    let model = frame.model.clone();
    let m = model.clone();
    let checked = move || state.get(&m) == Value::Bool(true);
    view! {
        <div class="field field--check">
            <span class="check">
                <input
                    type="checkbox"
                    id=frame.dom_id.clone()
                    data-testid=frame.testid()
                    disabled=read_only(&f)
                    aria-invalid=frame.invalid()
                    aria-describedby=frame.described_by(&f)
                    prop:checked=checked
                    on:change=move |ev| state.set(&model, Value::Bool(event_target_checked(&ev)))
                />
                {frame.label(&f)}
            </span>
            {frame.below(&f)}
        </div>
    }
    .into_any()
}

fn option_label(o: &SelectOption) -> String {
    o.label
        .clone()
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| match &o.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
}

/// A static select: options are chosen by index, so any JSON value can be an option.
fn select(f: InputField, options: Vec<SelectOption>, state: FormState) -> AnyView {
    let frame = Frame::new(&f, state);
    let model = frame.model.clone();
    let values: Vec<Value> = options.iter().map(|o| o.value.clone()).collect();
    let choices = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let (m, v) = (model.clone(), o.value.clone());
            let selected = move || state.get(&m) == v;
            view! { <option value=i.to_string() prop:selected=selected>{option_label(o)}</option> }
        })
        .collect_view();
    let m = model.clone();
    let none_selected = move || state.get(&m).is_null() || state.get(&m) == Value::String(String::new());
    let on_change = move |ev: leptos::ev::Event| {
        let picked = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| values.get(i).cloned())
            .unwrap_or(Value::String(String::new()));
        state.set(&model, picked);
    };
    view! {
        <div class="field">
            {frame.label(&f)}
            <select
                id=frame.dom_id.clone()
                data-testid=frame.testid()
                disabled=read_only(&f)
                aria-required=f.is_required().to_string()
                aria-invalid=frame.invalid()
                aria-describedby=frame.described_by(&f)
                on:change=on_change
            >
                <option value="" prop:selected=none_selected>"Choose…"</option>
                {choices}
            </select>
            {frame.below(&f)}
        </div>
    }
    .into_any()
}

/// A static multiselect: one checkbox per option; the value is the list of the checked
/// options' values, in option order.
fn multiselect(f: InputField, options: Vec<SelectOption>, state: FormState) -> AnyView {
    let frame = Frame::new(&f, state);
    let model = frame.model.clone();
    let all: Vec<Value> = options.iter().map(|o| o.value.clone()).collect();
    let ro = read_only(&f);
    let boxes = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let (m, v) = (model.clone(), o.value.clone());
            let is_checked = {
                let (m, v) = (m.clone(), v.clone());
                move || state.get(&m).as_array().is_some_and(|a| a.contains(&v))
            };
            let all = all.clone();
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                let current = state.get(&m);
                let chosen: Vec<Value> = all
                    .iter()
                    .filter(|x| {
                        if **x == v {
                            on
                        } else {
                            current.as_array().is_some_and(|a| a.contains(x))
                        }
                    })
                    .cloned()
                    .collect();
                state.set(&m, Value::Array(chosen));
            };
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=format!("{}-option-{i}", frame.testid())
                        disabled=ro
                        prop:checked=is_checked
                        on:change=toggle
                    />
                    {option_label(o)}
                </label>
            }
        })
        .collect_view();
    let optional = (!f.is_required()).then(|| view! { <span class="form-label__optional">" (optional)"</span> });
    view! {
        <fieldset
            class="field form-choices"
            id=frame.dom_id.clone()
            data-testid=frame.testid()
            aria-invalid=frame.invalid()
            aria-describedby=frame.described_by(&f)
        >
            <legend data-testid=format!("label-{}", frame.model)>{f.display_name().to_string()} {optional}</legend>
            {boxes}
            {frame.below(&f)}
        </fieldset>
    }
    .into_any()
}

fn no_options(f: InputField) -> AnyView {
    view! {
        <p class="notice notice--error" data-testid="field-no-options">
            {format!("{} has no options to choose from.", f.display_name())}
        </p>
    }
    .into_any()
}

fn form_text(t: FormText) -> AnyView {
    view! { <p class="form-text" data-testid=format!("form-text-{}", t.id)>{t.form_text.unwrap_or_default()}</p> }
        .into_any()
}

fn section(s: Section, state: FormState) -> AnyView {
    let header = s
        .header
        .filter(|h| !h.is_empty())
        .map(|h| view! { <legend class="form-section__header">{h}</legend> });
    let footer = s
        .footer
        .filter(|f| !f.is_empty())
        .map(|f| view! { <p class="form-section__footer">{f}</p> });
    view! {
        <fieldset class="form-section" data-testid=format!("section-{}", s.id)>
            {header}
            {rows_view(s.fields, state)}
            {footer}
        </fieldset>
    }
    .into_any()
}

fn unknown(raw: Value) -> AnyView {
    let kind = raw.get("type").and_then(Value::as_str).unwrap_or("(none)").to_string();
    let id = raw.get("id").and_then(Value::as_str).unwrap_or("(no id)").to_string();
    view! {
        <p class="notice notice--error form-unknown" data-testid="unknown-field">
            {format!("This form has a field of a type Gatehouse cannot show yet: '{kind}' (field {id}). It is kept as it is.")}
        </p>
    }
    .into_any()
}
