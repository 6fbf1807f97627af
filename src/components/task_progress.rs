//! The progress of a long task (invite, process): a `<progress>` element fed by the
//! task's `percentComplete`, then a summary once it has finished.

use gatehouse_wire::task::TaskStatus;
use leptos::prelude::*;

/// What a person reads about a finished task: its completion status, its progress line
/// and its messages.
pub fn summary(status: &TaskStatus) -> String {
    let mut parts = vec![status.completion_status.clone().unwrap_or_else(|| "Finished".into())];
    parts.extend(status.progress.clone());
    parts.extend(status.messages.iter().map(|m| {
        m.localized_text
            .as_ref()
            .and_then(|t| t.get("message"))
            .and_then(|t| t.as_str())
            .map(String::from)
            .unwrap_or_else(|| m.key.clone())
    }));
    parts.join(" · ")
}

/// Shows a task's progress while it runs and a summary when it is done.
#[component]
pub fn TaskProgress(
    /// What the task does, e.g. "Inviting 2 identities".
    #[prop(into)]
    label: Signal<String>,
    /// The last status read; `None` before the first answer.
    #[prop(into)]
    status: Signal<Option<TaskStatus>>,
) -> impl IntoView {
    let percent = move || status.with(|s| s.as_ref().map_or(0, |s| s.percent_complete.clamp(0, 100)));
    let finished = move || status.with(|s| s.as_ref().is_some_and(TaskStatus::is_finished));
    view! {
        <div class="task" data-testid="task" role="status" aria-live="polite">
            <label class="task__label">
                <span>{label}</span>
                <progress
                    class="task__bar"
                    data-testid="task-progress"
                    max="100"
                    value=move || percent().to_string()
                >
                    {move || format!("{}%", percent())}
                </progress>
                <span class="task__percent">{move || format!("{}%", percent())}</span>
            </label>
            <Show when=finished>
                <p class="task__summary" data-testid="task-summary">
                    {move || status.with(|s| s.as_ref().map(summary).unwrap_or_default())}
                </p>
            </Show>
        </div>
    }
}
