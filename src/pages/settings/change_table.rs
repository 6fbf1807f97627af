//! A patch as a person reads it: each operation's path with the value before and after.

use leptos::prelude::*;

use super::changes::FieldChange;

/// The field a JSON Pointer names, for the first column (`/range/1` → `range[1]`).
fn field_label(path: &str) -> String {
    let mut parts = path.trim_start_matches('/').split('/');
    let head = parts.next().unwrap_or_default().to_string();
    parts.fold(head, |acc, p| {
        if p.chars().all(|c| c.is_ascii_digit()) {
            format!("{acc}[{p}]")
        } else {
            format!("{acc}.{p}")
        }
    })
}

/// A table of changes, old → new per row.
#[component]
pub fn ChangeTable(
    #[prop(into)] changes: Signal<Vec<FieldChange>>,
    /// The table's `data-testid`; each row is `{testid}-row`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let row_id = format!("{testid}-row");
    view! {
        <table class="table change-table" data-testid=testid>
            <thead>
                <tr>
                    <th scope="col">"Field"</th>
                    <th scope="col">"Operation"</th>
                    <th scope="col">"Before"</th>
                    <th scope="col">"After"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || changes.get() key=|c| (c.path.clone(), c.op, c.new.clone()) let:change>
                    <tr data-testid=row_id.clone()>
                        <td><code>{field_label(&change.path)}</code></td>
                        <td>{change.op}</td>
                        <td class="change-table__old">
                            <code>{change.old.clone().unwrap_or_else(|| "—".into())}</code>
                        </td>
                        <td class="change-table__new">
                            <code>{change.new.clone().unwrap_or_else(|| "(removed)".into())}</code>
                        </td>
                    </tr>
                </For>
            </tbody>
        </table>
    }
}
