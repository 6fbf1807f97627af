//! `/settings/network`: the address ranges allowed to sign in and call the API, and the
//! country list (stored and shown, not enforced).

use gatehouse_wire::net::{check_country, Cidr};
use gatehouse_wire::settings::NetworkConfiguration;
use leptos::prelude::*;

use super::document::settings_page;
use super::editor::{EditableDocument, Editor};
use crate::components::chips::ChipList;

fn normalize_range(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    Cidr::parse(value).map(|_| value.to_string()).map_err(|e| e.to_string())
}

fn normalize_country(raw: &str) -> Result<String, String> {
    let value = raw.trim().to_uppercase();
    check_country(&value).map(|_| value).map_err(|e| e.to_string())
}

/// An emptied list goes back to how the loaded document spelled "none" (`null` or `[]`),
/// so removing every value and adding it back is no change at all.
fn list_or_none(list: Vec<String>, loaded: &Option<Vec<String>>) -> Option<Vec<String>> {
    if list.is_empty() {
        loaded.as_ref().filter(|l| l.is_empty()).cloned()
    } else {
        Some(list)
    }
}

impl EditableDocument for NetworkConfiguration {
    const TITLE: &'static str = "Network";
    const SUMMARY: &'static str = "Which client addresses may sign in and call the API. The portal's own \
                                   pages stay reachable from anywhere.";

    fn form(editor: Editor<Self>) -> AnyView {
        let (draft, loaded) = (editor.draft, editor.loaded);
        let ranges = Signal::derive(move || draft.with(|d| d.range.clone().unwrap_or_default()));
        let countries = Signal::derive(move || draft.with(|d| d.geolocation.clone().unwrap_or_default()));
        let whitelisted = move || draft.with(|d| d.whitelisted);
        let restriction = move || {
            if ranges.with(Vec::is_empty) {
                "No address restriction: requests from any address are accepted."
            } else {
                "Only requests from an address inside one of these ranges are accepted; others get 403."
            }
        };
        let effect = move || {
            let listed = countries.with(Vec::is_empty);
            match (listed, whitelisted()) {
                (true, _) => "No countries listed: the country list has no effect.",
                (false, true) => "Allow list: only sign-ins from the listed countries would be allowed.",
                (false, false) => "Deny list: sign-ins from every country except the listed ones would be allowed.",
            }
        };
        view! {
            <ChipList
                id="range"
                label="Allowed address ranges"
                hint="range: an IP address (10.1.2.3) or a CIDR range (10.0.0.0/8, 2001:db8::/32)"
                items=ranges
                on_change=Callback::new(move |list: Vec<String>| {
                    let loaded_range = loaded.with_untracked(|l| l.doc.range.clone());
                    editor.edit(|d| d.range = list_or_none(list, &loaded_range));
                })
                normalize=normalize_range
                error=editor.error("range")
            />
            <p class="notice notice--info" data-testid="range-effect">{restriction}</p>
            <p class="notice notice--info" data-testid="range-self-note">
                "A change that would shut out the address you are using now is refused by the server: "
                "keep a range that contains your address, or leave the list empty."
            </p>
            <ChipList
                id="geolocation"
                label="Countries"
                hint="geolocation: two-letter ISO 3166 codes such as US, DE, JP"
                items=countries
                on_change=Callback::new(move |list: Vec<String>| {
                    let loaded_geo = loaded.with_untracked(|l| l.doc.geolocation.clone());
                    editor.edit(|d| d.geolocation = list_or_none(list, &loaded_geo));
                })
                normalize=normalize_country
                error=editor.error("geolocation")
            />
            <div class="field field--check">
                <label class="check">
                    <input
                        type="checkbox"
                        role="switch"
                        id="whitelisted"
                        data-testid="input-whitelisted"
                        aria-describedby="whitelisted-effect"
                        prop:checked=whitelisted
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            editor.edit(|d| d.whitelisted = on);
                        }
                    />
                    " Treat the countries as an allow list (whitelisted)"
                </label>
                <span class="field__hint" id="whitelisted-effect" data-testid="whitelisted-effect">{effect}</span>
            </div>
            <p class="notice notice--info" data-testid="geo-note">
                "Gatehouse stores and shows the country list but does not enforce it: it has no offline "
                "geolocation database to tell where an address is."
            </p>
        }
        .into_any()
    }
}

#[component]
pub fn NetworkPage() -> impl IntoView {
    settings_page::<NetworkConfiguration>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn values_are_normalized_or_refused() {
        assert_eq!(normalize_range(" 10.0.0.0/8 ").as_deref(), Ok("10.0.0.0/8"));
        assert!(normalize_range("10.0.0.0/33").unwrap_err().contains("prefix"));
        assert_eq!(normalize_country(" de").as_deref(), Ok("DE"));
        assert!(normalize_country("USA").is_err());
    }

    #[wasm_bindgen_test]
    fn an_emptied_list_is_spelled_as_loaded() {
        assert_eq!(list_or_none(vec![], &None), None);
        assert_eq!(list_or_none(vec![], &Some(vec![])), Some(vec![]));
        assert_eq!(list_or_none(vec![], &Some(vec!["US".into()])), None);
        assert_eq!(list_or_none(vec!["US".into()], &None), Some(vec!["US".into()]));
    }
}
