//! The form document around the definition: name, type and description (the boxes at
//! the top of the editor) and the resource sent on save, which keeps everything else the
//! stored form had (`categories`, unknown properties, `_rev` for `If-Match`).

use gatehouse_wire::form::{check_resource, FormDefinition, RequestForm, FORM_TYPES};
use leptos::prelude::*;

/// What the boxes at the top edit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub name: String,
    pub kind: String,
    pub description: String,
}

impl Meta {
    pub fn of(form: &RequestForm) -> Meta {
        Meta {
            name: form.name.clone(),
            kind: form.kind.clone(),
            description: form.description.clone().unwrap_or_default(),
        }
    }
}

/// A form not stored yet: a request form with no fields.
pub fn blank_form() -> RequestForm {
    RequestForm {
        id: None,
        name: String::new(),
        kind: "request".into(),
        description: None,
        categories: None,
        form: FormDefinition::default(),
        rev: None,
        metadata: None,
        extra: Default::default(),
    }
}

/// The resource to send: `base` (the form as loaded or last saved) with the boxes and
/// the definition applied; the resource rules' messages (they name the property) when
/// it would be refused.
pub fn to_save(base: &RequestForm, meta: &Meta, definition: &FormDefinition) -> Result<RequestForm, Vec<String>> {
    let mut form = base.clone();
    form.name = meta.name.trim().to_string();
    form.kind = meta.kind.clone();
    form.description = (!meta.description.trim().is_empty()).then(|| meta.description.clone());
    form.form = definition.clone();
    let value = serde_json::to_value(&form).map_err(|e| vec![e.to_string()])?;
    check_resource(&value)?;
    Ok(form)
}

#[component]
pub fn DocumentFields(meta: RwSignal<Meta>) -> impl IntoView {
    let types = FORM_TYPES
        .iter()
        .map(|t| {
            let t = *t;
            view! { <option value=t prop:selected=move || meta.with(|m| m.kind == t)>{t}</option> }
        })
        .collect_view();
    view! {
        <div class="builder-doc">
            <div class="field">
                <label for="form-name">"Name"</label>
                <input id="form-name" type="text" required=true data-testid="form-name-input"
                    prop:value=move || meta.with(|m| m.name.clone())
                    on:input=move |ev| meta.update(|m| m.name = event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="form-type">"Type"</label>
                <select id="form-type" data-testid="form-type-input"
                    on:change=move |ev| meta.update(|m| m.kind = event_target_value(&ev))>
                    {types}
                </select>
            </div>
            <div class="field builder-doc__wide">
                <label for="form-description">"Description " <span class="form-label__optional">"(optional)"</span></label>
                <input id="form-description" type="text" data-testid="form-description-input"
                    prop:value=move || meta.with(|m| m.description.clone())
                    on:input=move |ev| meta.update(|m| m.description = event_target_value(&ev))/>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn saving_keeps_what_the_boxes_do_not_edit() {
        let base: RequestForm = serde_json::from_value(json!({
            "id": "f1", "name": "old", "type": "request", "categories": {"a": 1}, "owner": "x",
            "form": {"fields": []}, "_rev": 3
        }))
        .unwrap();
        let meta = Meta {
            name: " New ".into(),
            kind: "lcmRequest".into(),
            description: String::new(),
        };
        let form = to_save(&base, &meta, &FormDefinition::default()).unwrap();
        let out = serde_json::to_value(&form).unwrap();
        assert_eq!(out["name"], json!("New"));
        assert_eq!(out["type"], json!("lcmRequest"));
        assert_eq!(out["owner"], json!("x"));
        assert_eq!(out["_rev"], json!(3));
        assert!(out.get("description").is_none());
        let empty = Meta {
            kind: "request".into(),
            ..Default::default()
        };
        assert_eq!(
            to_save(&blank_form(), &empty, &FormDefinition::default()).unwrap_err(),
            ["name must not be empty"]
        );
    }
}
