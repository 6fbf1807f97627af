//! `/settings/session`: how long an access token lives, in all and without use.

use gatehouse_wire::settings::SessionConfiguration;
use leptos::prelude::*;

use super::document::settings_page;
use super::editor::{EditableDocument, Editor};
use crate::components::number_field::NumberField;

impl EditableDocument for SessionConfiguration {
    const TITLE: &'static str = "Session";
    const SUMMARY: &'static str = "Access tokens expire this long after sign-in, or after this long without \
                                   use, whichever comes first; checked at every request against the current settings.";

    fn form(editor: Editor<Self>) -> AnyView {
        let draft = editor.draft;
        view! {
            <NumberField
                id="maxSessionTime"
                label="Maximum session time (minutes)"
                hint="maxSessionTime: 1 to 10080 (one week), and more than the idle time"
                value=Signal::derive(move || draft.with(|d| d.max_session_time))
                on_change=Callback::new(move |v| editor.edit(|d| d.max_session_time = v))
                on_unparsable=editor.unparsable("maxSessionTime")
                error=editor.error("maxSessionTime")
            />
            <NumberField
                id="maxIdleTime"
                label="Maximum idle time (minutes)"
                hint="maxIdleTime: 1 to 1440 (one day)"
                value=Signal::derive(move || draft.with(|d| d.max_idle_time))
                on_change=Callback::new(move |v| editor.edit(|d| d.max_idle_time = v))
                on_unparsable=editor.unparsable("maxIdleTime")
                error=editor.error("maxIdleTime")
            />
            <div class="field field--check">
                <label class="check">
                    <input
                        type="checkbox"
                        id="rememberMe"
                        data-testid="input-rememberMe"
                        aria-describedby="rememberMe-hint"
                        prop:checked=move || draft.with(|d| d.remember_me)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            editor.edit(|d| d.remember_me = on);
                        }
                    />
                    " Remember me"
                </label>
                <span class="field__hint muted" id="rememberMe-hint">
                    "rememberMe: offered on the sign-in page of SailPoint tenants; Gatehouse stores it."
                </span>
            </div>
        }
        .into_any()
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    settings_page::<SessionConfiguration>()
}
