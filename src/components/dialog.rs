//! A confirmation dialog on the browser's own modal `<dialog>`: focus moves into it and
//! stays there, Escape cancels, and focus goes back to the button that opened it.

use leptos::html;
use leptos::prelude::*;

/// Asks before an action. The content (what will happen, and later what went wrong)
/// comes as children; the dialog stays open until `open` is set to `false`, so a
/// refusal can be shown in place.
#[component]
pub fn ConfirmDialog(
    /// Open or closed; dismissing the dialog (Cancel, Escape) sets it to `false`.
    open: RwSignal<bool>,
    /// The heading, which also names the dialog for screen readers.
    #[prop(into)]
    title: Signal<String>,
    /// The confirm button's text.
    #[prop(into)]
    confirm: String,
    /// A destructive action: the confirm button is red.
    #[prop(optional)]
    danger: bool,
    /// The request is under way: both buttons are disabled and Escape does nothing.
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// Only the confirm button is disabled (e.g. the action has already been refused).
    #[prop(optional, into)]
    blocked: Signal<bool>,
    /// Called when the person confirms.
    on_confirm: Callback<()>,
    /// `data-testid` of the dialog; its buttons get `{testid}-confirm` and `{testid}-cancel`.
    #[prop(into)]
    testid: String,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    Effect::new(move || {
        let Some(dialog) = node.get() else { return };
        if open.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    let title_id = format!("{testid}-title");
    let confirm_class = if danger { "btn btn--danger" } else { "btn btn--primary" };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() && !blocked.get_untracked() {
            on_confirm.run(());
        }
    };
    view! {
        <dialog
            node_ref=node
            class="dialog"
            data-testid=testid.clone()
            aria-labelledby=title_id
            on:close=move |_| {
                // The close event is queued: when it arrives the dialog may have been
                // opened again (Cancel, then at once the opening button); then it is stale.
                if node.get_untracked().is_some_and(|d| !d.open()) {
                    open.set(false);
                }
            }
            on:cancel=move |ev: leptos::ev::Event| {
                if busy.get_untracked() {
                    ev.prevent_default();
                }
            }
        >
            <form class="dialog__body" on:submit=on_submit>
                <h2 class="dialog__title" id=title_id.clone()>{title}</h2>
                {children()}
                <div class="dialog__actions">
                    <button
                        type="button"
                        class="btn"
                        autofocus
                        data-testid=format!("{testid}-cancel")
                        disabled=busy
                        on:click=move |_| open.set(false)
                    >
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        class=confirm_class
                        data-testid=format!("{testid}-confirm")
                        disabled=move || busy.get() || blocked.get()
                    >
                        {confirm}
                    </button>
                </div>
            </form>
        </dialog>
    }
}
