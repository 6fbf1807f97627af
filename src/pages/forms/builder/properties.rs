//! The properties panel of the selected field: label, model, description, required,
//! regex and its message, default, read-only, options, columns and offset, visible-when
//! (section header/footer, form text). Every box edits the model through
//! [`BuilderModel::edit_selected`], so typing in one box is one undo step; Escape goes
//! back to the field on the canvas.

use gatehouse_wire::form::{Field, FieldType, FormDefinition, RegexRule, VisibleWhen, GRID_COLUMNS};
use leptos::prelude::*;
use serde_json::Value;

use super::canvas::focus_selected;
use super::model::{
    default_from_text, default_to_text, equals_choice, layout_mut, set_layout, set_text, validation, value_text,
    visible_rule, watchable_models, BuilderModel, EqualsChoice,
};
use super::options::OptionsEditor;

type GetText = fn(&Field) -> String;
/// A change of the selected field's rule, given the definition it sits in.
type RuleChange = Box<dyn FnOnce(&FormDefinition, &mut Option<VisibleWhen>)>;
type SetText = fn(&mut Field, String);

#[component]
pub fn Properties(model: RwSignal<BuilderModel>) -> impl IntoView {
    // Redrawn only when another field (or type) is selected, so typing keeps focus.
    let which = Memo::new(move |_| {
        model.with(|m| {
            (
                m.selected.clone(),
                m.selected_field().map(|f| (f.field_type(), f.id().map(str::to_owned))),
            )
        })
    });
    let body = move || match which.get() {
        (Some(_), Some((kind, _))) => panel(model, kind).into_any(),
        _ => {
            view! { <p class="muted" data-testid="props-empty">"Select a field to see its properties."</p> }.into_any()
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            focus_selected(model);
        }
    };
    view! {
        <section class="builder-props" aria-labelledby="builder-props-title" data-testid="builder-props" on:keydown=on_keydown>
            <h2 class="builder__title" id="builder-props-title">"Properties"</h2>
            {body}
        </section>
    }
}

fn panel(model: RwSignal<BuilderModel>, kind: Option<FieldType>) -> impl IntoView {
    let remove = move |_| {
        model.update(|m| {
            m.remove_selected();
        });
        focus_selected(model);
    };
    let specific = match kind {
        None => view! {
            <p class="notice notice--info" data-testid="props-unknown">
                "Gatehouse does not know this field's type. It is kept exactly as it is; edit it in the JSON tab."
            </p>
        }
        .into_any(),
        Some(FieldType::FormText) => view! {
            {text_prop(model, "Text", "text", true, |f| match f { Field::FormText(t) => t.form_text.clone().unwrap_or_default(), _ => String::new() },
                |f, v| if let Field::FormText(t) = f { set_text(&mut t.form_text, v) })}
        }
        .into_any(),
        Some(FieldType::Section) => view! {
            {text_prop(model, "Header", "header", false, |f| match f { Field::Section(s) => s.header.clone().unwrap_or_default(), _ => String::new() },
                |f, v| if let Field::Section(s) = f { set_text(&mut s.header, v) })}
            {text_prop(model, "Footer", "footer", false, |f| match f { Field::Section(s) => s.footer.clone().unwrap_or_default(), _ => String::new() },
                |f, v| if let Field::Section(s) = f { set_text(&mut s.footer, v) })}
        }
        .into_any(),
        Some(kind) => input_props(model, kind).into_any(),
    };
    let layout = kind.map(|_| layout_props(model));
    view! {
        <div class="builder-props__body">
            {specific}
            {layout}
            {kind.map(|_| visible_when(model))}
            <button type="button" class="btn btn--danger" data-testid="prop-remove" on:click=remove>
                "Remove this field"
            </button>
        </div>
    }
}

fn input_props(model: RwSignal<BuilderModel>, kind: FieldType) -> impl IntoView {
    let options =
        matches!(kind, FieldType::Select | FieldType::Multiselect).then(|| view! { <OptionsEditor model=model/> });
    let default_hint = match kind {
        FieldType::Checkbox => "true or false",
        FieldType::Date => "a date, 2024-12-31",
        FieldType::Multiselect => "values separated by commas",
        _ => "what the field starts with",
    };
    view! {
        {text_prop(model, "Label", "label", false, |f| input_text(f, |i| i.label.clone()),
            |f, v| if let Some(i) = f.input_mut() { set_text(&mut i.label, v) })}
        {text_prop(model, "Model (where the value goes, e.g. custom.givenName)", "model", false, |f| input_text(f, |i| i.model.clone()),
            |f, v| if let Some(i) = f.input_mut() { set_text(&mut i.model, v) })}
        {text_prop(model, "Description (help text)", "description", true, |f| input_text(f, |i| i.description.clone()),
            |f, v| if let Some(i) = f.input_mut() { set_text(&mut i.description, v) })}
        {check_prop(model, "Required", "required", |f| f.input().is_some_and(|i| i.is_required()),
            |f, on| if let Some(i) = f.input_mut() { validation(&mut i.validation).required = Some(on) })}
        {check_prop(model, "Read-only", "readonly", |f| f.input().and_then(|i| i.read_only).unwrap_or(false),
            |f, on| if let Some(i) = f.input_mut() { i.read_only = on.then_some(true) })}
        {text_prop(model, "Pattern (JavaScript regular expression)", "regex", false,
            |f| input_text(f, |i| i.validation.as_ref()?.regex.as_ref()?.pattern.clone()),
            |f, v| if let Some(i) = f.input_mut() { set_text(&mut regex(i).pattern, v) })}
        {text_prop(model, "Message when the pattern does not match", "regex-message", false,
            |f| input_text(f, |i| i.validation.as_ref()?.regex.as_ref()?.message.clone()),
            |f, v| if let Some(i) = f.input_mut() { set_text(&mut regex(i).message, v) })}
        <DefaultProp model=model kind=kind hint=default_hint/>
        {options}
    }
}

fn regex(i: &mut gatehouse_wire::form::InputField) -> &mut RegexRule {
    validation(&mut i.validation).regex.get_or_insert_with(Default::default)
}

fn input_text(f: &Field, get: impl Fn(&gatehouse_wire::form::InputField) -> Option<String>) -> String {
    f.input().and_then(get).unwrap_or_default()
}

#[component]
fn DefaultProp(model: RwSignal<BuilderModel>, kind: FieldType, hint: &'static str) -> impl IntoView {
    let value = move || {
        model.with(|m| {
            default_to_text(
                m.selected_field()
                    .and_then(Field::input)
                    .and_then(|i| i.default_value.as_ref()),
            )
        })
    };
    let set = move |ev| {
        let text = event_target_value(&ev);
        model.update(|m| {
            m.edit_selected("default", |f| {
                if let Some(i) = f.input_mut() {
                    i.default_value = default_from_text(kind, &text);
                }
            })
        });
    };
    view! {
        <div class="field">
            <label for="prop-default">"Default value " <span class="muted">{format!("({hint})")}</span></label>
            <input id="prop-default" type="text" data-testid="prop-default" prop:value=value on:input=set/>
        </div>
    }
}

fn text_prop(
    model: RwSignal<BuilderModel>,
    label: &'static str,
    key: &'static str,
    multiline: bool,
    get: GetText,
    set: SetText,
) -> AnyView {
    let id = format!("prop-{key}");
    let value = move || model.with(|m| m.selected_field().map(get).unwrap_or_default());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        model.update(|m| m.edit_selected(key, |f| set(f, text)));
    };
    let control = if multiline {
        view! { <textarea id=id.clone() rows="2" data-testid=id.clone() prop:value=value on:input=on_input></textarea> }
            .into_any()
    } else {
        view! { <input id=id.clone() type="text" data-testid=id.clone() prop:value=value on:input=on_input/> }
            .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
        </div>
    }
    .into_any()
}

fn check_prop(
    model: RwSignal<BuilderModel>,
    label: &'static str,
    key: &'static str,
    get: fn(&Field) -> bool,
    set: fn(&mut Field, bool),
) -> AnyView {
    let id = format!("prop-{key}");
    let checked = move || model.with(|m| m.selected_field().is_some_and(get));
    let on_change = move |ev| {
        let on = event_target_checked(&ev);
        model.update(|m| m.edit_selected(key, |f| set(f, on)));
    };
    view! {
        <div class="field field--check">
            <label class="check">
                <input type="checkbox" id=id.clone() data-testid=id prop:checked=checked on:change=on_change/>
                {label}
            </label>
        </div>
    }
    .into_any()
}

fn layout_props(model: RwSignal<BuilderModel>) -> impl IntoView {
    let read = move |columns: bool| {
        model.with(|m| {
            let l = m.selected_field().and_then(Field::layout).unwrap_or_default();
            if columns { l.columns() } else { l.offset() }.to_string()
        })
    };
    let write = move |columns: bool, ev| {
        let Ok(n) = event_target_value(&ev).trim().parse::<i64>() else {
            return;
        };
        let key = if columns { "columns" } else { "offset" };
        model.update(|m| {
            m.edit_selected(key, |f| {
                if layout_mut(f).is_some() {
                    if columns {
                        set_layout(f, Some(n), None)
                    } else {
                        set_layout(f, None, Some(n))
                    }
                }
            })
        });
    };
    view! {
        <div class="builder-props__pair">
            <div class="field">
                <label for="prop-columns">"Columns (1–12)"</label>
                <input id="prop-columns" type="number" min="1" max=GRID_COLUMNS.to_string() data-testid="prop-columns"
                    prop:value=move || read(true) on:change=move |ev| write(true, ev)/>
            </div>
            <div class="field">
                <label for="prop-offset">"Offset (0–11)"</label>
                <input id="prop-offset" type="number" min="0" max="11" data-testid="prop-offset"
                    prop:value=move || read(false) on:change=move |ev| write(false, ev)/>
            </div>
        </div>
    }
}

fn visible_slot(f: &mut Field) -> Option<&mut Option<VisibleWhen>> {
    match f {
        Field::FormText(t) => Some(&mut t.visible_when),
        Field::Section(s) => Some(&mut s.visible_when),
        Field::Unknown(_) => None,
        input => input.input_mut().map(|i| &mut i.visible_when),
    }
}

fn visible_when(model: RwSignal<BuilderModel>) -> impl IntoView {
    // Redrawn when the rule's target (or its options) changes, not at every keystroke.
    let shape = Memo::new(move |_| {
        model.with(|m| {
            let own = m.selected_field().and_then(Field::model).map(str::to_owned);
            let target = m
                .selected_field()
                .and_then(Field::visible_when)
                .map(|r| r.model.clone());
            let choice = target.as_deref().map(|t| equals_choice(&m.definition, t));
            (watchable_models(&m.definition, own.as_deref()), target, choice)
        })
    });
    let set_rule = move |key: &'static str, change: RuleChange| {
        model.update(|m| {
            let def = m.definition.clone();
            m.edit_selected(key, |f| {
                if let Some(slot) = visible_slot(f) {
                    change(&def, slot);
                }
            })
        });
    };
    let on_model = move |ev| {
        let target = event_target_value(&ev);
        set_rule(
            "visible-model",
            Box::new(move |def, slot| *slot = visible_rule(def, &target)),
        );
    };
    let set_equals = move |v: Value| {
        set_rule(
            "visible-equals",
            Box::new(move |_, slot| {
                if let Some(rule) = slot {
                    rule.equals = Some(v);
                }
            }),
        )
    };
    let equals = move || {
        model.with(|m| {
            m.selected_field()
                .and_then(Field::visible_when)
                .map(|r| r.expected().clone())
        })
    };
    let target_select = move || {
        let (models, target, _) = shape.get();
        let stray = target.clone().filter(|t| !models.contains(t));
        let options = models
            .into_iter()
            .chain(stray.clone())
            .map(|m| {
                let selected = target.as_deref() == Some(m.as_str());
                let label = if stray.as_deref() == Some(m.as_str()) {
                    format!("{m} (not in this form)")
                } else {
                    m.clone()
                };
                view! { <option value=m prop:selected=selected>{label}</option> }
            })
            .collect_view();
        view! {
            <select id="prop-visible-model" data-testid="prop-visible-model" on:change=on_model>
                <option value="" prop:selected=target.is_none()>"Always shown"</option>
                {options}
            </select>
        }
    };
    let equals_control = move || {
        let (_, target, choice) = shape.get();
        let Some(choice) = choice.filter(|_| target.is_some()) else {
            return view! { <p class="muted" data-testid="prop-visible-equals-none">"Choose a field first."</p> }
                .into_any();
        };
        match choice {
            EqualsChoice::Flag => view! {
                <select id="prop-visible-equals" data-testid="prop-visible-equals"
                    on:change=move |ev| set_equals(Value::Bool(event_target_value(&ev) == "true"))>
                    <option value="true" prop:selected=move || equals() == Some(Value::Bool(true))>"is checked"</option>
                    <option value="false" prop:selected=move || equals() == Some(Value::Bool(false))>"is not checked"</option>
                </select>
            }
            .into_any(),
            EqualsChoice::One(options) => {
                let values: Vec<Value> = options.iter().map(|(_, v)| v.clone()).collect();
                let items = options
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, v))| {
                        view! { <option value=i.to_string() prop:selected=move || equals().as_ref() == Some(&v)>{label}</option> }
                    })
                    .collect_view();
                view! {
                    <select id="prop-visible-equals" data-testid="prop-visible-equals" on:change=move |ev| {
                        if let Some(v) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| values.get(i).cloned()) {
                            set_equals(v);
                        }
                    }>{items}</select>
                }
                .into_any()
            }
            EqualsChoice::Several(options) => {
                let all: Vec<Value> = options.iter().map(|(_, v)| v.clone()).collect();
                let boxes = options
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, v))| {
                        let (all, mine) = (all.clone(), v.clone());
                        let checked = move || equals().and_then(|e| e.as_array().map(|a| a.contains(&v))).unwrap_or(false);
                        let toggle = move |ev| {
                            let on = event_target_checked(&ev);
                            let now = equals().and_then(|e| e.as_array().cloned()).unwrap_or_default();
                            let chosen = all
                                .iter()
                                .filter(|x| if **x == mine { on } else { now.contains(x) })
                                .cloned()
                                .collect();
                            set_equals(Value::Array(chosen));
                        };
                        view! {
                            <label class="check">
                                <input type="checkbox" data-testid=format!("prop-visible-equals-{i}") prop:checked=checked on:change=toggle/>
                                {label}
                            </label>
                        }
                    })
                    .collect_view();
                view! { <div id="prop-visible-equals" role="group" aria-label="Chosen options" data-testid="prop-visible-equals">{boxes}</div> }
                    .into_any()
            }
            EqualsChoice::Text => view! {
                <input id="prop-visible-equals" type="text" data-testid="prop-visible-equals"
                    prop:value=move || equals().map(|v| value_text(&v)).unwrap_or_default()
                    on:input=move |ev| set_equals(Value::String(event_target_value(&ev)))/>
            }
            .into_any(),
        }
    };
    view! {
        <fieldset class="builder-props__group" data-testid="prop-visible">
            <legend>"Visible when"</legend>
            <div class="field">
                <label for="prop-visible-model">"Another field"</label>
                {target_select}
            </div>
            <div class="field">
                <label for="prop-visible-equals">"has this value"</label>
                {equals_control}
            </div>
        </fieldset>
    }
}
