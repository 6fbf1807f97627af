//! A select whose options are looked up (`options: {object, queryFilter}`): a type-ahead
//! combobox over our API (identities for `user`, the catalog for roles, applications and
//! entitlements). The value is the chosen object's id (a multiselect's: the list of ids).
//! Typed text is kept as the value until something is chosen, so an id can be pasted;
//! without an API client (a form shown outside the portal's shell) it is just that.

use gatehouse_wire::form::{InputField, ObjectLookup};
use leptos::prelude::*;
use serde_json::Value;

use super::renderer::{read_only, FormState, Frame};
use crate::api::client::Client;
use crate::api::forms::{self, LookupItem};

fn ids_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) if !s.is_empty() => vec![s.clone()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn lookup_input(f: InputField, lookup: ObjectLookup, multiple: bool, state: FormState) -> AnyView {
    let frame = Frame::new(&f, state);
    let model = StoredValue::new(frame.model.clone());
    let client = use_context::<Client>();
    let query = RwSignal::new(match state.get(&frame.model) {
        Value::String(s) => s,
        _ => String::new(),
    });
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let names = RwSignal::new(Vec::<LookupItem>::new());
    let object = lookup.object.clone();
    let found = LocalResource::new(move || {
        let (q, open, object) = (query.get(), open.get(), object.clone());
        async move {
            match client {
                Some(client) if open => forms::lookup(&client, &object, &q).await.unwrap_or_default(),
                _ => Vec::new(),
            }
        }
    });
    let choose = move |item: LookupItem| {
        let m = model.get_value();
        if multiple {
            let mut ids = ids_of(&state.get(&m));
            if !ids.contains(&item.id) {
                ids.push(item.id.clone());
            }
            state.set(&m, Value::Array(ids.into_iter().map(Value::String).collect()));
            query.set(String::new());
        } else {
            state.set(&m, Value::String(item.id.clone()));
            query.set(item.name.clone());
        }
        names.update(|n| n.push(item));
        open.set(false);
        active.set(None);
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if client.is_none() || !multiple {
            let v = if multiple {
                Value::Array(
                    text.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_string()))
                        .collect(),
                )
            } else {
                Value::String(text.clone())
            };
            state.set(&model.get_value(), v);
        }
        query.set(text);
        open.set(true);
        active.set(None);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let count = found.get_untracked().map_or(0, |v| v.len());
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                let picked = active
                    .get_untracked()
                    .and_then(|i| found.get_untracked().and_then(|v| v.get(i).cloned()));
                if let Some(item) = picked {
                    ev.prevent_default();
                    choose(item);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    let dom_id = frame.dom_id.clone();
    let list_id = format!("{dom_id}-options");
    let descendant = dom_id.clone();
    let options = {
        let dom_id = dom_id.clone();
        move || {
            let items = found.get().unwrap_or_default();
            (open.get() && !items.is_empty()).then(|| {
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let label = format!("{} ({})", item.name, item.id);
                        view! {
                            <li role="option" id=format!("{dom_id}-option-{i}") class="form-lookup__option"
                                aria-selected=move || (active.get() == Some(i)).to_string()
                                data-testid="lookup-option"
                                on:mousedown=move |ev| { ev.prevent_default(); choose(item.clone()); }>
                                {label}
                            </li>
                        }
                    })
                    .collect_view()
            })
        }
    };
    let chosen = move || {
        let ids = ids_of(&state.get(&model.get_value()));
        let known = names.get();
        let name_of = |id: &str| known.iter().find(|n| n.id == id).map(|n| n.name.clone());
        if multiple {
            ids.into_iter()
                .map(|id| {
                    let label = name_of(&id).unwrap_or_else(|| id.clone());
                    let remove = {
                        let id = id.clone();
                        move |_| {
                            let m = model.get_value();
                            let rest: Vec<Value> = ids_of(&state.get(&m))
                                .into_iter()
                                .filter(|x| *x != id)
                                .map(Value::String)
                                .collect();
                            state.set(&m, Value::Array(rest));
                        }
                    };
                    view! {
                        <span class="chip">
                            {label.clone()}
                            <button type="button" class="btn btn--ghost" aria-label=format!("Remove {label}") on:click=remove>"✕"</button>
                        </span>
                    }
                })
                .collect_view()
                .into_any()
        } else {
            ids.first()
                .and_then(|id| name_of(id).map(|n| format!("Chosen: {n} ({id})")))
                .unwrap_or_default()
                .into_any()
        }
    };
    let what = if client.is_some() {
        format!(
            "Type to search {}s{}; the value is the chosen one's id.",
            lookup.object,
            lookup
                .query_filter
                .as_deref()
                .map(|q| format!(" (filter: {q})"))
                .unwrap_or_default()
        )
    } else {
        format!(
            "Looks up a {}: type its id{}.",
            lookup.object,
            if multiple { "s, separated by commas" } else { "" }
        )
    };
    view! {
        <div class="field form-lookup">
            {frame.label(&f)}
            <input
                type="text"
                id=dom_id.clone()
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-expanded=move || open.get().to_string()
                aria-controls=list_id.clone()
                aria-activedescendant=move || active.get().map(|i| format!("{descendant}-option-{i}"))
                data-testid=frame.testid()
                readonly=read_only(&f)
                aria-required=f.is_required().to_string()
                aria-invalid=frame.invalid()
                aria-describedby=frame.described_by(&f)
                prop:value=move || query.get()
                on:input=on_input
                on:keydown=on_keydown
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
            />
            <ul class="form-lookup__list" role="listbox" id=list_id>{options}</ul>
            <p class="form-lookup__chosen" data-testid=format!("lookup-chosen-{}", frame.model)>{chosen}</p>
            <p class="field__hint form-lookup-note" data-testid=format!("lookup-note-{}", frame.model)>{what}</p>
            {frame.below(&f)}
        </div>
    }
    .into_any()
}
