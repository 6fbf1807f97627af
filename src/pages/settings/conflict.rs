//! The dialog every settings editor shows after a 412 (someone saved the document after
//! it was loaded): what they changed, and the two ways on. Reload starts again from
//! their version. Overwrite applies *your* changes (what you changed since loading,
//! never a copy of your whole draft) on top of theirs, so what they changed and you
//! did not touch stays; the dialog shows exactly what that sends, or why it cannot.

use leptos::prelude::*;

use super::change_table::ChangeTable;
use super::changes::FieldChange;
use crate::components::dialog::ConfirmDialog;

/// The conflict dialog (`data-testid="conflict"`; tables `conflict-theirs` and
/// `conflict-mine`, buttons `conflict-confirm` and `conflict-reload`).
#[component]
pub fn ConflictDialog(
    open: RwSignal<bool>,
    /// What was changed, for the sentences ("these settings", "the policy").
    what: &'static str,
    /// What they changed: from what you loaded to what the server has now.
    #[prop(into)]
    theirs: Signal<Vec<FieldChange>>,
    /// What overwriting sends (your changes on their version), or why it cannot.
    #[prop(into)]
    mine: Signal<Result<Vec<FieldChange>, String>>,
    /// An overwrite or a reload is under way.
    #[prop(into)]
    busy: Signal<bool>,
    on_overwrite: Callback<()>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let blocked = Signal::derive(move || mine.with(|m| m.as_ref().map_or(true, Vec::is_empty)));
    let rows = Signal::derive(move || mine.get().unwrap_or_default());
    let problem = move || mine.get().err();
    let nothing_left = move || mine.with(|m| m.as_ref().is_ok_and(Vec::is_empty));
    view! {
        <ConfirmDialog
            open=open
            title=format!("Someone else saved {what} meanwhile")
            confirm="Apply my changes to their version"
            busy=busy
            blocked=blocked
            on_confirm=on_overwrite
            testid="conflict"
        >
            <p>{format!("While you were editing, {what} were changed and saved on the server:")}</p>
            <ChangeTable changes=theirs testid="conflict-theirs"/>
            <p>
                "Reload to start again from their version (your changes are discarded), or apply your changes to "
                "their version: only the fields you changed are sent; what they changed and you did not touch stays "
                "as they saved it, and where you both changed a field, yours wins. That sends:"
            </p>
            {move || {
                problem()
                    .map(|p| view! { <p class="notice notice--error" role="alert" data-testid="conflict-cannot">{p}</p> })
            }}
            {move || {
                nothing_left()
                    .then(|| {
                        view! {
                            <p class="muted" data-testid="conflict-nothing">
                                "Nothing: their version already has your changes. Reload to continue from it."
                            </p>
                        }
                    })
            }}
            <ChangeTable changes=rows testid="conflict-mine"/>
            <button
                type="button"
                class="btn"
                data-testid="conflict-reload"
                disabled=move || busy.get()
                on:click=move |_| on_reload.run(())
            >
                "Reload their version"
            </button>
        </ConfirmDialog>
    }
}
