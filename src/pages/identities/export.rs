//! CSV export of the current filter and sort across all pages: the API is paged
//! through 250 at a time, the rows are encoded as RFC 4180 CSV, and the file is handed
//! to the browser through a Blob and an object URL.

use std::borrow::Cow;

use gatehouse_wire::identity::{Identity, MAX_LIMIT};
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};

use super::query::ListState;
use crate::api::client::use_client;
use crate::api::{identities, ApiError, Client};
use crate::components::status::ErrorNotice;

/// The columns, in order.
pub const COLUMNS: [&str; 13] = [
    "id",
    "name",
    "displayName",
    "alias",
    "email",
    "identityStatus",
    "processingState",
    "lifecycleState",
    "managerId",
    "managerName",
    "isManager",
    "created",
    "modified",
];

/// One field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A
/// field that a spreadsheet would run as a formula (`= + - @`, tab, CR first) gets a
/// leading `'`, so opening the export never executes what an identity's name says.
pub fn field(s: &str) -> Cow<'_, str> {
    let s: Cow<'_, str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    if s.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        s
    }
}

/// One record, CRLF-terminated.
pub fn record<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = fields.into_iter().map(field).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The whole file: a header record, then one record per identity.
pub fn identities_csv(rows: &[Identity]) -> String {
    let mut out = record(COLUMNS);
    for i in rows {
        let manager = i.manager_ref.as_ref();
        out.push_str(&record([
            i.id.as_str(),
            i.name.as_str(),
            &i.display_name(),
            i.alias.as_str(),
            i.email_address.as_deref().unwrap_or(""),
            i.identity_status.as_str(),
            i.processing_state.as_deref().unwrap_or(""),
            i.lifecycle_state.as_ref().map_or("", |l| l.state_name.as_str()),
            manager.map_or("", |m| m.id.as_str()),
            manager.and_then(|m| m.name.as_deref()).unwrap_or(""),
            if i.is_manager { "true" } else { "false" },
            i.created.as_str(),
            i.modified.as_str(),
        ]));
    }
    out
}

/// Every identity the view matches, in its sort order, `MAX_LIMIT` per request.
/// `on_progress(fetched, total)` is called after each page.
pub async fn fetch_all(
    client: &Client,
    state: &ListState,
    on_progress: impl Fn(usize, Option<u64>),
) -> Result<Vec<Identity>, ApiError> {
    let limit = MAX_LIMIT as u32;
    let mut all: Vec<Identity> = Vec::new();
    loop {
        let page = identities::list(client, &state.api_query(limit, all.len() as u64)).await?;
        let got = page.items.len();
        all.extend(page.items);
        on_progress(all.len(), page.total);
        let reached_total = page.total.is_some_and(|t| all.len() as u64 >= t);
        if got < limit as usize || reached_total {
            return Ok(all);
        }
    }
}

/// Hands `text` to the browser as a file download.
fn download(file_name: &str, text: &str) -> Result<(), JsValue> {
    // A byte-order mark so spreadsheet programs read the file as UTF-8.
    let parts = js_sys::Array::of2(&JsValue::from_str("\u{feff}"), &JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download has started from the URL; it can go once this task is done.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(1),
    );
    Ok(())
}

/// "Export CSV": fetches every page of the current view and downloads it.
#[component]
pub fn ExportButton(#[prop(into)] state: Signal<ListState>) -> impl IntoView {
    let client = use_client();
    let progress = RwSignal::new(None::<String>);
    let export = Action::new_local(move |_: &()| {
        let state = state.get_untracked();
        async move {
            progress.set(Some("Exporting…".into()));
            let rows = fetch_all(&client, &state, |done, total| {
                progress.set(Some(match total {
                    Some(t) => format!("Exporting {done} of {t}…"),
                    None => format!("Exporting {done}…"),
                }));
            })
            .await;
            let result = rows.and_then(|rows| {
                download("identities.csv", &identities_csv(&rows))
                    .map(|()| rows.len())
                    .map_err(|e| ApiError::Network(format!("the download failed: {e:?}")))
            });
            progress.set(
                result
                    .as_ref()
                    .ok()
                    .map(|n| format!("Exported {n} {}.", if *n == 1 { "identity" } else { "identities" })),
            );
            result.err()
        }
    });
    let busy = export.pending();
    view! {
        <div class="export">
            <button
                type="button"
                class="btn"
                data-testid="export-csv"
                disabled=busy
                on:click=move |_| {
                    export.dispatch_local(());
                }
            >
                "Export CSV"
            </button>
            <span class="muted" role="status" data-testid="export-status">{move || progress.get()}</span>
            {move || export.value().get().flatten().map(|e| view! { <ErrorNotice error=e/> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn plain_fields_stay_as_they_are() {
        assert_eq!(field("Ada Lovelace"), "Ada Lovelace");
        assert_eq!(field(""), "");
        assert_eq!(field("café"), "café");
    }

    #[wasm_bindgen_test]
    fn separators_quotes_and_line_breaks_are_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
    }

    #[wasm_bindgen_test]
    fn formulas_are_defused() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+x"), "'+x");
        assert_eq!(field("-x"), "'-x");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("=a,b"), "\"'=a,b\"");
    }

    #[wasm_bindgen_test]
    fn records_end_with_crlf() {
        assert_eq!(record(["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }

    #[wasm_bindgen_test]
    fn a_file_has_a_header_and_one_record_per_identity() {
        let identity: Identity = serde_json::from_value(serde_json::json!({
            "id": "i1", "name": "O'Brien, Pat", "created": "2024-01-01T00:00:00Z",
            "modified": "2024-01-02T00:00:00Z", "alias": "pat", "emailAddress": null,
            "processingState": null, "identityStatus": "ACTIVE",
            "managerRef": {"type": "IDENTITY", "id": "m1", "name": "Ada \"The\" Boss"},
            "isManager": false, "lastRefresh": null, "attributes": {},
            "lifecycleState": {"stateName": "active", "manuallyUpdated": false}
        }))
        .unwrap();
        let csv = identities_csv(&[identity]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "{csv:?}");
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "i1,\"O'Brien, Pat\",\"O'Brien, Pat\",pat,,ACTIVE,,active,m1,\"Ada \"\"The\"\" Boss\",false,\
             2024-01-01T00:00:00Z,2024-01-02T00:00:00Z"
        );
        assert_eq!(lines[2], "");
    }
}
