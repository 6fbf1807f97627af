//! Deciding several requests at once: the bar that approves or rejects what is ticked,
//! and the summary of what succeeded and what failed and why. The page sends the
//! decisions one by one (each request keeps its own revision and checks) and records
//! each answer in a [`BulkOutcome`].

use leptos::prelude::*;

use crate::api::requests::Action;
use crate::api::ApiError;
use crate::pages::requests::list::Ticked;
use crate::pages::requests::Required;

/// What a bulk decision did, request by request.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkOutcome {
    pub action: Action,
    /// The ids and items that were decided.
    pub done: Vec<(String, String)>,
    /// The ids and items that were not, with the server's reason.
    pub failed: Vec<(String, String, String)>,
}

impl BulkOutcome {
    pub fn new(action: Action) -> BulkOutcome {
        BulkOutcome {
            action,
            done: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// Records one request's answer.
    pub fn record(&mut self, id: &str, item: &str, result: Result<(), ApiError>) {
        match result {
            Ok(()) => self.done.push((id.to_string(), item.to_string())),
            Err(e) => self.failed.push((id.to_string(), item.to_string(), e.to_string())),
        }
    }

    /// One line for the whole run: `2 approved, 1 failed.`
    pub fn headline(&self) -> String {
        let mut s = format!("{} {}", self.done.len(), self.action.past());
        if !self.failed.is_empty() {
            s.push_str(&format!(", {} failed", self.failed.len()));
        }
        s.push('.');
        s
    }
}

/// Approve or reject every ticked request, with one justification for all.
#[component]
pub fn BulkBar(
    ticked: Ticked,
    #[prop(into)] required: Signal<Required>,
    #[prop(into)] busy: Signal<bool>,
    on_run: Callback<(Action, String)>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let count = move || ticked.with(|t| t.len());
    let blocked = move |a: Action| busy.get() || count() == 0 || !text.with(|t| required.get().allows(a, t));
    let button = move |a: Action, verb: &'static str, class: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                class=class
                data-testid=testid
                disabled=move || blocked(a)
                on:click=move |_| on_run.run((a, text.get_untracked()))
            >
                {move || format!("{verb} {}", count())}
            </button>
        }
    };
    view! {
        <section class="bulk-bar" aria-label="Decide the selected requests" data-testid="bulk-bar">
            <p class="bulk-bar__count" role="status" data-testid="bulk-count">
                {move || match count() {
                    0 => "Select requests to decide them together.".to_string(),
                    1 => "1 request selected.".to_string(),
                    n => format!("{n} requests selected."),
                }}
            </p>
            <label class="field bulk-bar__text">
                "Justification for all"
                <input
                    type="text"
                    data-testid="bulk-text"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </label>
            <div class="request-actions__buttons">
                {button(Action::Approve, "Approve", "btn btn--primary", "bulk-approve")}
                {button(Action::Reject, "Reject", "btn btn--danger", "bulk-reject")}
                <button
                    type="button"
                    class="btn btn--ghost"
                    data-testid="bulk-clear"
                    disabled=move || count() == 0
                    on:click=move |_| ticked.update(|t| t.clear())
                >
                    "Clear selection"
                </button>
            </div>
            <p class="hint">{move || required.get().hint()}</p>
        </section>
    }
}

/// What the last bulk decision did.
#[component]
pub fn BulkSummary(outcome: BulkOutcome) -> impl IntoView {
    let action = outcome.action;
    let kind = if outcome.failed.is_empty() {
        "notice notice--info"
    } else {
        "notice notice--error"
    };
    view! {
        <div class=kind role="status" data-testid="bulk-summary">
            <strong data-testid="bulk-headline">{outcome.headline()}</strong>
            <ul class="bulk-summary__list">
                {outcome
                    .done
                    .into_iter()
                    .map(|(id, item)| {
                        view! {
                            <li data-testid="bulk-ok" data-id=id>
                                {format!("{item}: {}", action.past())}
                            </li>
                        }
                    })
                    .collect_view()}
                {outcome
                    .failed
                    .into_iter()
                    .map(|(id, item, why)| {
                        view! {
                            <li data-testid="bulk-failed" data-id=id>
                                {format!("{item}: not {} — {why}", action.past())}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_headline_counts_both_sides() {
        let mut o = BulkOutcome::new(Action::Approve);
        o.record("1", "Role: A", Ok(()));
        assert_eq!(o.headline(), "1 approved.");
        o.record("2", "Role: B", Err(ApiError::Invalid(vec!["it is cancelled".into()])));
        assert_eq!(o.headline(), "1 approved, 1 failed.");
        assert_eq!(o.failed[0].2, "it is cancelled");
    }
}
