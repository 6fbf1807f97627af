//! `/settings/lockout`: how many failed sign-ins lock a client id, and for how long.

use gatehouse_wire::settings::LockoutConfiguration;
use leptos::prelude::*;

use super::document::settings_page;
use super::editor::{EditableDocument, Editor};
use crate::components::number_field::NumberField;

impl EditableDocument for LockoutConfiguration {
    const TITLE: &'static str = "Lockout";
    const SUMMARY: &'static str = "Failed sign-ins of one client id within the window lock it for the \
                                   lockout duration: sign-in is then refused even with the right secret.";

    fn form(editor: Editor<Self>) -> AnyView {
        let draft = editor.draft;
        view! {
            <NumberField
                id="maximumAttempts"
                label="Failed sign-ins before lockout"
                hint="maximumAttempts: 1 to 15 attempts"
                value=Signal::derive(move || draft.with(|d| d.maximum_attempts))
                on_change=Callback::new(move |v| editor.edit(|d| d.maximum_attempts = v))
                on_unparsable=editor.unparsable("maximumAttempts")
                error=editor.error("maximumAttempts")
            />
            <NumberField
                id="lockoutWindow"
                label="Counting window (minutes)"
                hint="lockoutWindow: failures within this many minutes count, 5 to 60"
                value=Signal::derive(move || draft.with(|d| d.lockout_window))
                on_change=Callback::new(move |v| editor.edit(|d| d.lockout_window = v))
                on_unparsable=editor.unparsable("lockoutWindow")
                error=editor.error("lockoutWindow")
            />
            <NumberField
                id="lockoutDuration"
                label="Lockout duration (minutes)"
                hint="lockoutDuration: how long the client id stays locked, 5 to 60"
                value=Signal::derive(move || draft.with(|d| d.lockout_duration))
                on_change=Callback::new(move |v| editor.edit(|d| d.lockout_duration = v))
                on_unparsable=editor.unparsable("lockoutDuration")
                error=editor.error("lockoutDuration")
            />
        }
        .into_any()
    }
}

#[component]
pub fn LockoutPage() -> impl IntoView {
    settings_page::<LockoutConfiguration>()
}
