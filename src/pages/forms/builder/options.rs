//! The options of a select or multiselect: a static list (label, value, chosen by
//! default; add, remove, reorder) or an object lookup (which objects, which filter,
//! and whether Gatehouse can apply that filter). Switching between the two keeps what
//! the other had ([`BuilderModel::switch_options`]).

use gatehouse_wire::form::{check_lookup_filter, Field, ObjectLookup, Options, SelectOption, LOOKUP_OBJECTS};
use leptos::prelude::*;
use serde_json::Value;

use super::model::{parse_like, value_text, BuilderModel};

fn options_of(m: &BuilderModel) -> Option<Options> {
    m.selected_field()
        .and_then(Field::input)
        .and_then(|i| i.options.clone())
}

/// Changes the selected field's options (one undo step per `key`).
fn edit(model: RwSignal<BuilderModel>, key: &str, change: impl FnOnce(&mut Option<Options>)) {
    model.update(|m| {
        m.edit_selected(key, |f| {
            if let Some(i) = f.input_mut() {
                change(&mut i.options);
            }
        })
    });
}

fn statics(options: &mut Option<Options>) -> Option<&mut Vec<SelectOption>> {
    match options {
        Some(Options::Static(list)) => Some(list),
        _ => None,
    }
}

#[component]
pub fn OptionsEditor(model: RwSignal<BuilderModel>) -> impl IntoView {
    let is_lookup = Memo::new(move |_| model.with(|m| matches!(options_of(m), Some(Options::Lookup(_)))));
    let count = Memo::new(move |_| {
        model.with(|m| match options_of(m) {
            Some(Options::Static(list)) => list.len(),
            _ => 0,
        })
    });
    let set_mode = move |lookup: bool| model.update(|m| m.switch_options(lookup));
    let body = move || {
        if is_lookup.get() {
            lookup_view(model).into_any()
        } else {
            let rows = (0..count.get()).map(|i| option_row(model, i)).collect_view();
            view! {
                <ol class="builder-options" data-testid="options-list">{rows}</ol>
                <button type="button" class="btn" data-testid="option-add" on:click=move |_| {
                    edit(model, "option-add", |o| {
                        if statics(o).is_none() {
                            *o = Some(Options::Static(Vec::new()));
                        }
                        if let Some(list) = statics(o) {
                            let n = list.len() + 1;
                            list.push(SelectOption {
                                label: Some(format!("Option {n}")),
                                value: Value::String(format!("option{n}")),
                                ..Default::default()
                            });
                        }
                    })
                }>"Add an option"</button>
            }
            .into_any()
        }
    };
    view! {
        <fieldset class="builder-props__group" data-testid="options-editor">
            <legend>"Options"</legend>
            <div class="builder-props__pair" role="radiogroup" aria-label="Where the options come from">
                <label class="check">
                    <input type="radio" name="options-mode" data-testid="options-static"
                        prop:checked=move || !is_lookup.get() on:change=move |_| set_mode(false)/>
                    "A fixed list"
                </label>
                <label class="check">
                    <input type="radio" name="options-mode" data-testid="options-lookup"
                        prop:checked=move || is_lookup.get() on:change=move |_| set_mode(true)/>
                    "Looked up (people, roles, …)"
                </label>
            </div>
            {body}
        </fieldset>
    }
}

fn option_row(model: RwSignal<BuilderModel>, i: usize) -> impl IntoView {
    let read = move |f: fn(&SelectOption) -> String| {
        move || {
            model.with(|m| match options_of(m) {
                Some(Options::Static(list)) => list.get(i).map(f).unwrap_or_default(),
                _ => String::new(),
            })
        }
    };
    let label = read(|o| o.label.clone().unwrap_or_default());
    let value = read(|o| value_text(&o.value));
    let chosen = move || {
        model.with(|m| match options_of(m) {
            Some(Options::Static(list)) => list.get(i).and_then(|o| o.selected_by_default).unwrap_or(false),
            _ => false,
        })
    };
    let change = move |key: &'static str, apply: Box<dyn FnOnce(&mut SelectOption)>| {
        edit(model, &format!("option-{i}-{key}"), |o| {
            if let Some(option) = statics(o).and_then(|l| l.get_mut(i)) {
                apply(option);
            }
        })
    };
    let shift = move |up: bool| {
        edit(model, "option-order", |o| {
            if let Some(list) = statics(o) {
                let j = if up { i.checked_sub(1) } else { Some(i + 1) };
                if let Some(j) = j.filter(|j| *j < list.len()) {
                    list.swap(i, j);
                }
            }
        })
    };
    let n = i + 1;
    view! {
        <li class="builder-options__row" data-testid="option-row">
            <input type="text" aria-label=format!("Option {n} label") data-testid=format!("option-label-{i}")
                prop:value=label on:input=move |ev| {
                    let text = event_target_value(&ev);
                    change("label", Box::new(move |o| o.label = (!text.is_empty()).then_some(text)));
                }/>
            <input type="text" aria-label=format!("Option {n} value") data-testid=format!("option-value-{i}")
                prop:value=value on:input=move |ev| {
                    let text = event_target_value(&ev);
                    change("value", Box::new(move |o| o.value = parse_like(&text, &o.value)));
                }/>
            <label class="check">
                <input type="checkbox" prop:checked=chosen on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    change("default", Box::new(move |o| o.selected_by_default = on.then_some(true)));
                }/>
                "Default"
            </label>
            <button type="button" class="btn btn--ghost" aria-label=format!("Move option {n} up") on:click=move |_| shift(true)>"↑"</button>
            <button type="button" class="btn btn--ghost" aria-label=format!("Move option {n} down") on:click=move |_| shift(false)>"↓"</button>
            <button type="button" class="btn btn--ghost" aria-label=format!("Remove option {n}") data-testid=format!("option-remove-{i}")
                on:click=move |_| edit(model, "option-remove", |o| {
                    if let Some(list) = statics(o) {
                        if i < list.len() {
                            list.remove(i);
                        }
                    }
                })>"✕"</button>
        </li>
    }
}

fn lookup_view(model: RwSignal<BuilderModel>) -> impl IntoView {
    let current = move || {
        model.with(|m| match options_of(m) {
            Some(Options::Lookup(l)) => l,
            _ => ObjectLookup::default(),
        })
    };
    let set = move |key: &'static str, apply: Box<dyn FnOnce(&mut ObjectLookup)>| {
        edit(model, key, |o| {
            if let Some(Options::Lookup(l)) = o {
                apply(l);
            }
        })
    };
    // Whether the people or catalog search can apply the filter (the same translation
    // the form's look-up runs).
    let problem = move || {
        let l = current();
        check_lookup_filter(&l.object, l.query_filter.as_deref()).err()
    };
    let objects = LOOKUP_OBJECTS
        .iter()
        .map(|o| {
            let o = *o;
            view! { <option value=o prop:selected=move || current().object == o>{o}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="prop-lookup-object">"Objects"</label>
            <select id="prop-lookup-object" data-testid="prop-lookup-object" on:change=move |ev| {
                let v = event_target_value(&ev);
                set("lookup-object", Box::new(move |l| l.object = v));
            }>{objects}</select>
        </div>
        <div class="field">
            <label for="prop-lookup-filter">"Filter (CREST, e.g. name sw \"VPN\"; empty: all)"</label>
            <input id="prop-lookup-filter" type="text" data-testid="prop-lookup-filter"
                aria-describedby="prop-lookup-filter-error"
                aria-invalid=move || problem().is_some().to_string()
                prop:value=move || current().query_filter.unwrap_or_default()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    set("lookup-filter", Box::new(move |l| l.query_filter = (!v.is_empty()).then_some(v)));
                }/>
            <p class="field__error" id="prop-lookup-filter-error" data-testid="lookup-filter-error" aria-live="polite">
                {move || problem().map(|p| format!("{p}. Until it is fixed, requesters are offered nothing here."))}
            </p>
        </div>
    }
}
