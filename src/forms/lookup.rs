//! A select whose options are looked up (`options: {object, queryFilter}`): a type-ahead
//! combobox over our API (the people search for `user`, the catalog for roles,
//! applications and entitlements), narrowed by the lookup's `queryFilter` (translated by
//! the wire rules; one that cannot be applied offers nothing and says why). The value
//! is the chosen object's id (a multiselect's: the list of ids). Typed text is kept as
//! the value until something is chosen, so an id can be pasted; without an API client
//! (a form shown outside the portal's shell) it is just that. A read-only lookup shows
//! its value and offers nothing to change it.

use gatehouse_wire::form::{check_lookup_filter, InputField, ObjectLookup};
use leptos::prelude::*;
use serde_json::Value;

use super::renderer::{read_only, FormState, Frame};
use crate::api::client::Client;
use crate::api::forms::{self, LookupItem};
use crate::api::ApiError;

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
    let ro = read_only(&f);
    let unusable = check_lookup_filter(&lookup.object, lookup.query_filter.as_deref()).err();
    // Untracked: read while the form renders, a tracked read would redraw the whole
    // form (and lose the focus) at every keystroke in any of its fields.
    let query = RwSignal::new(match state.get_untracked(&frame.model) {
        Value::String(s) => s,
        _ => String::new(),
    });
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let names = RwSignal::new(Vec::<LookupItem>::new());
    let spec = StoredValue::new(lookup.clone());
    let found = LocalResource::new(move || {
        let (q, open, spec) = (query.get(), open.get(), spec.get_value());
        async move {
            match client {
                Some(client) if open && !ro => forms::lookup(&client, &spec, &q).await,
                _ => Ok(Vec::new()),
            }
        }
    });
    let items = move || found.get().and_then(Result::ok).unwrap_or_default();
    let failure = move || match found.get() {
        Some(Err(ApiError::Invalid(texts))) => Some(texts.join("; ")),
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
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
        if ro {
            return;
        }
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
        if ro {
            return;
        }
        let count = found.get_untracked().and_then(Result::ok).map_or(0, |v| v.len());
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
                let picked = active.get_untracked().and_then(|i| {
                    found
                        .get_untracked()
                        .and_then(Result::ok)
                        .and_then(|v| v.get(i).cloned())
                });
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
            let items = items();
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
                    let button = (!ro).then(|| {
                        view! {
                            <button type="button" class="btn btn--ghost" aria-label=format!("Remove {label}")
                                data-testid="lookup-remove" on:click=remove>"✕"</button>
                        }
                    });
                    view! {
                        <span class="chip" data-testid="lookup-chip">
                            {label.clone()}
                            {button}
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
    let narrowed = lookup
        .query_filter
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty() && *q != "true")
        .map(|q| format!(", among those matching {q}"))
        .unwrap_or_default();
    let what = if ro {
        "Read-only: set by the form.".to_string()
    } else if let (Some(problem), Some(_)) = (&unusable, client) {
        format!("Nothing can be offered here: {problem}.")
    } else if client.is_some() {
        format!(
            "Type to search {}s{narrowed}; the value is the chosen one's id.",
            lookup.object
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
                on:focus=move |_| open.set(!ro)
                on:blur=move |_| open.set(false)
            />
            <ul class="form-lookup__list" role="listbox" id=list_id>{options}</ul>
            <p class="form-lookup__chosen" data-testid=format!("lookup-chosen-{}", frame.model)>{chosen}</p>
            <p class="field__hint form-lookup-note" data-testid=format!("lookup-note-{}", frame.model)>{what}</p>
            {move || failure().filter(|_| unusable.is_none()).map(|e| view! {
                <p class="field__error" role="alert" data-testid="lookup-error">{e}</p>
            })}
            {frame.below(&f)}
        </div>
    }
    .into_any()
}
