//! The forms builder through the real portal and server: demo-admin builds a form of
//! five fields with the keyboard alone (Tab, Enter, arrows, Escape; no clicks while
//! building), saves it, reloads and sees the same form in the preview, then assigns it
//! to a request type and still sees the assignment after another reload.

use gatehouse_e2e::fantoccini::key::Key;
use gatehouse_e2e::Harness;

/// Sends keys to whatever has the focus, as a person typing would.
async fn keys(h: &Harness, text: &str) {
    h.browser
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(text)
        .await
        .expect("type");
}

fn key(k: Key) -> String {
    char::from(k).to_string()
}

/// The `data-testid` of the focused element.
async fn focused(h: &Harness) -> String {
    let el = h.browser.active_element().await.expect("a focused element");
    el.attr("data-testid").await.ok().flatten().unwrap_or_default()
}

/// Presses Tab (or Shift+Tab) until `testid` has the focus.
async fn tab_to(h: &Harness, testid: &str, backwards: bool) {
    let press = if backwards {
        format!("{}{}{}", key(Key::Shift), key(Key::Tab), key(Key::Null))
    } else {
        key(Key::Tab)
    };
    let mut seen = Vec::new();
    for _ in 0..60 {
        let now = focused(h).await;
        if now == testid {
            return;
        }
        seen.push(now);
        keys(h, &press).await;
    }
    panic!("Tab never reached {testid}; focus went through {seen:?}");
}

/// Waits until `testid` has the focus (focus moves on the next animation frame).
async fn focus_is(h: &Harness, testid: &str) {
    for _ in 0..100 {
        if focused(h).await == testid {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{testid} never got the focus; it is on {:?}", focused(h).await);
}

/// Replaces the text of the focused box.
async fn retype(h: &Harness, text: &str) {
    keys(h, &format!("{}a{}{text}", key(Key::Control), key(Key::Null))).await;
}

/// Adds a field from the palette with the keyboard and names it.
async fn add_field(h: &Harness, palette: &str, label: &str, model: &str) {
    tab_to(h, palette, true).await;
    keys(h, &key(Key::Enter)).await;
    focus_is(h, "prop-label").await;
    retype(h, label).await;
    keys(h, &key(Key::Tab)).await;
    focus_is(h, "prop-model").await;
    retype(h, model).await;
    // Escape goes back to the new field on the canvas.
    keys(h, &key(Key::Escape)).await;
    focus_is(
        h,
        &format!("builder-field-{}-1", palette.trim_start_matches("palette-")),
    )
    .await;
}

const LABELS: [&str; 5] = ["Given name", "Reason", "Needs a laptop", "Start date", "Team"];

async fn preview_labels(h: &Harness) -> Vec<String> {
    h.texts_until("[data-testid='builder-preview'] [data-testid^='label-']", |t| {
        t.len() == 5
    })
    .await
    .into_iter()
    .map(|t| t.trim_end_matches(" (optional)").trim().to_string())
    .collect()
}

#[tokio::test]
async fn an_admin_builds_a_form_with_the_keyboard_saves_and_assigns_it() {
    let h = Harness::start().await;
    h.open("/forms").await;
    h.url_until(|u| u.starts_with("/signin")).await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| u == "/forms").await;
    h.click("form-create").await;
    h.url_until(|u| u == "/forms/new").await;

    // Building: the keyboard only from here on.
    h.testid("form-name-input")
        .await
        .send_keys("Keyboard onboarding")
        .await
        .unwrap();
    tab_to(&h, "tab-design", false).await;
    keys(&h, &key(Key::Tab)).await;
    focus_is(&h, "palette-string").await;
    add_field(&h, "palette-string", "Given name", "custom.givenName").await;
    add_field(&h, "palette-textarea", "Reason", "custom.reason").await;
    add_field(&h, "palette-checkbox", "Needs a laptop", "custom.laptop").await;
    add_field(&h, "palette-date", "Start date", "custom.startDate").await;
    add_field(&h, "palette-select", "Team", "custom.team").await;
    h.text_until("[data-testid='builder-errors']", |t| t.contains("No problems"))
        .await;

    // The team select goes up beside the start date; the move is announced.
    keys(&h, &key(Key::Up)).await;
    h.text_until("[data-testid='builder-live']", |t| {
        t == "Moved Team: row 4 of 4, position 2 of 2."
    })
    .await;
    focus_is(&h, "builder-field-select-1").await;
    assert_eq!(preview_labels(&h).await, LABELS);

    tab_to(&h, "builder-save", true).await;
    keys(&h, &key(Key::Enter)).await;
    let edit = h
        .url_until(|u| u.starts_with("/forms/") && u.ends_with("/edit") && !u.contains("new"))
        .await;
    h.text_until("[data-testid='builder-dirty']", |t| t == "All changes saved")
        .await;

    // After a reload the stored form is the same.
    h.browser.refresh().await.unwrap();
    h.url_until(|u| u == edit).await;
    assert_eq!(preview_labels(&h).await, LABELS);
    let name = h.testid("form-name-input").await.prop("value").await.unwrap();
    assert_eq!(name.as_deref(), Some("Keyboard onboarding"));
    let rows = h
        .texts_until("[data-testid='builder-canvas'] > [data-testid='builder-row']", |r| {
            r.len() == 4
        })
        .await;
    assert!(rows[3].contains("Start date") && rows[3].contains("Team"), "{rows:?}");

    // A second save replaces the stored form (PUT with If-Match of its revision).
    tab_to(&h, "builder-field-string-1", false).await;
    keys(&h, &key(Key::Enter)).await;
    keys(&h, &key(Key::Down)).await;
    h.text_until("[data-testid='builder-live']", |t| {
        t.starts_with("Moved Given name: row 1 of 3")
    })
    .await;
    tab_to(&h, "builder-save", true).await;
    keys(&h, &key(Key::Enter)).await;
    h.text_until("[data-testid='builder-saved']", |t| t == "Saved.").await;
    h.text_until("[data-testid='builder-dirty']", |t| t == "All changes saved")
        .await;

    // Assign it to a request type: the type has no form yet, the button names it.
    h.text_until("[data-testid='builder-assignments']", |t| {
        t.contains("Not assigned anywhere yet")
    })
    .await;
    h.find("[data-testid='assign-request-type'] option[value='roleGrant']")
        .await;
    h.testid("assign-request-type")
        .await
        .select_by_value("roleGrant")
        .await
        .unwrap();
    h.text_until("[data-testid='assign-current']", |t| {
        t == "Request type Grant Role has no form yet."
    })
    .await;
    h.text_until("[data-testid='assign-submit']", |t| {
        t == "Assign to Request type Grant Role"
    })
    .await;
    h.click("assign-submit").await;
    h.text_until("[data-testid='assign-notice']", |t| t.contains("requestType/roleGrant"))
        .await;
    h.text_until("[data-testid='assign-current']", |t| {
        t.contains("is filled with this form already")
    })
    .await;
    h.browser.refresh().await.unwrap();
    h.texts_until("[data-testid='assignment']", |t| {
        t.len() == 1 && t[0].contains("Request type Grant Role") && t[0].contains("requestType/roleGrant")
    })
    .await;

    // A catalog item that has a form already: its form is named, and replacing asks.
    h.click("assign-kind-Catalog").await;
    let search = h.testid("assign-catalog-search").await;
    search.send_keys("VPN").await.unwrap();
    h.text_until("[data-testid='catalog-pick']", |t| t.contains("VPN Users"))
        .await;
    h.click("catalog-pick").await;
    h.text_until("[data-testid='assign-current']", |t| {
        t.contains("Entitlement VPN Users is filled with the form access-justification now")
    })
    .await;
    h.click("assign-submit").await;
    h.text_until("[data-testid='replace-text']", |t| {
        t.contains("Entitlement VPN Users is filled with the form access-justification now")
    })
    .await;
    h.click("replace-dialog-confirm").await;
    h.texts_until("[data-testid='assignment-text']", |t| {
        t.len() == 2 && t.iter().any(|x| x == "Entitlement VPN Users")
    })
    .await;

    // Unassigned again, it is gone from the list. One script finds the row and clicks
    // in the same instant: a redraw of the list between finding a row and reading it
    // can leave no stale element behind.
    let clicked = h
        .browser
        .execute(
            r#"const row = [...document.querySelectorAll("[data-testid='assignment']")]
                   .find(r => r.textContent.includes('VPN Users'));
               if (!row) return false;
               row.querySelector("[data-testid='unassign']").click();
               return true;"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(clicked, serde_json::json!(true), "the VPN Users row and its Unassign");
    h.texts_until("[data-testid='assignment-text']", |t| {
        t == ["Request type Grant Role".to_string()]
    })
    .await;
    h.text_until("[data-testid='assign-notice']", |t| {
        t.starts_with("Unassigned from Entitlement VPN Users")
    })
    .await;

    // The list shows where it is assigned, by name.
    h.open("/forms").await;
    h.texts_until("[data-testid='form-row']", |rows| {
        rows.iter()
            .any(|r| r.contains("Keyboard onboarding") && r.contains("Request type Grant Role"))
    })
    .await;
    h.close().await;
}
