//! The tenant security settings end to end, as an administrator uses them: an invalid
//! lockout value is named next to its field and cannot be saved; fixed, it is saved as a
//! JSON Patch, shows in the history and is still there after a reload. And two tabs
//! editing the same document: the second save gets the conflict dialog, showing what the
//! first one changed, and can overwrite.

use gatehouse_e2e::Harness;

async fn signed_in_admin_at(h: &Harness, path: &str) {
    h.open(path).await;
    h.url_until(|u| u.starts_with("/signin")).await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| u == path).await;
    h.testid("settings-editor").await;
}

/// Replaces the text of a number field, as a person would.
async fn set_number(h: &Harness, field: &str, value: &str) {
    let input = h.testid(&format!("input-{field}")).await;
    input.clear().await.expect("clear");
    input.send_keys(value).await.expect("type");
}

async fn save_disabled(h: &Harness) -> bool {
    h.attr("[data-testid='save']", "disabled").await.is_some()
}

async fn value_of(h: &Harness, field: &str) -> String {
    h.testid(&format!("input-{field}"))
        .await
        .prop("value")
        .await
        .expect("read value")
        .unwrap_or_default()
}

#[tokio::test]
async fn an_admin_fixes_an_invalid_lockout_value_saves_and_keeps_it() {
    let h = Harness::start().await;
    signed_in_admin_at(&h, "/settings/lockout").await;
    assert_eq!(value_of(&h, "maximumAttempts").await, "5");
    assert!(save_disabled(&h).await, "nothing to save yet");

    // An invalid value: the rule's message next to the field, and no save.
    set_number(&h, "maximumAttempts", "99").await;
    h.text_until("[data-testid='error-maximumAttempts']", |t| {
        t == "maximumAttempts must be between 1 and 15, got 99"
    })
    .await;
    assert_eq!(
        h.attr("#maximumAttempts", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert!(save_disabled(&h).await);

    // Fixed: the message goes, and the patch to send is on screen.
    set_number(&h, "maximumAttempts", "7").await;
    h.text_until("[data-testid='error-maximumAttempts']", str::is_empty)
        .await;
    let row = h
        .text_until("[data-testid='diff-row']", |t| t.contains("maximumAttempts"))
        .await;
    assert!(row.contains('7'), "{row}");
    h.text_until("[data-testid='patch-json']", |t| t.contains("/maximumAttempts"))
        .await;
    assert!(!save_disabled(&h).await);

    h.click("save").await;
    h.text_until("[data-testid='saved']", |t| t.starts_with("Saved")).await;
    h.find("[data-testid='no-changes']").await;
    let history = h
        .text_until("[data-testid='history-entry']", |t| t.contains("maximumAttempts"))
        .await;
    assert!(history.contains('7'), "{history}");

    // A reload reads it back from the server.
    h.browser.refresh().await.expect("reload");
    h.testid("settings-editor").await;
    assert_eq!(value_of(&h, "maximumAttempts").await, "7");
    h.close().await;
}

#[tokio::test]
async fn the_second_of_two_tabs_gets_the_conflict_dialog_and_can_overwrite() {
    let h = Harness::start().await;
    signed_in_admin_at(&h, "/settings/lockout").await;
    let first = h.browser.window().await.expect("window handle");

    // A second tab (its own session) changes the window and saves.
    let second = h.browser.new_window(true).await.expect("new tab");
    h.browser.switch_to_window(second.handle).await.expect("switch");
    signed_in_admin_at(&h, "/settings/lockout").await;
    set_number(&h, "lockoutWindow", "30").await;
    h.text_until("[data-testid='patch-json']", |t| t.contains("/lockoutWindow"))
        .await;
    h.click("save").await;
    h.text_until("[data-testid='saved']", |t| t.starts_with("Saved")).await;

    // The first tab still holds the old revision: its save is refused with a dialog.
    h.browser.switch_to_window(first).await.expect("switch back");
    set_number(&h, "maximumAttempts", "9").await;
    h.text_until("[data-testid='patch-json']", |t| t.contains("/maximumAttempts"))
        .await;
    h.click("save").await;
    let theirs = h
        .text_until("[data-testid='conflict-theirs-row']", |t| t.contains("lockoutWindow"))
        .await;
    assert!(theirs.contains("30"), "{theirs}");
    let mine = h
        .texts_until("[data-testid='conflict-mine-row']", |rows| rows.len() == 2)
        .await;
    assert!(mine.iter().any(|r| r.contains("maximumAttempts")), "{mine:?}");

    // Overwrite: the draft goes on top of the new revision, as the dialog said.
    h.click("conflict-confirm").await;
    h.text_until("[data-testid='saved']", |t| t.starts_with("Saved")).await;
    h.browser.refresh().await.expect("reload");
    h.testid("settings-editor").await;
    assert_eq!(value_of(&h, "maximumAttempts").await, "9");
    assert_eq!(value_of(&h, "lockoutWindow").await, "5");
    h.close().await;
}

/// Replaces the text of an input or text area, as a person would.
async fn retype(h: &Harness, testid: &str, value: &str) {
    let input = h.testid(testid).await;
    input.clear().await.expect("clear");
    input.send_keys(value).await.expect("type");
}

#[tokio::test]
async fn a_source_admin_edits_a_provisioning_policy_and_keeps_it_after_reload() {
    let h = Harness::start().await;
    let path = "/settings/provisioning-policies";
    h.open(path).await;
    h.url_until(|u| u.starts_with("/signin")).await;
    h.sign_in("demo-source", "demo-source-secret").await;
    h.url_until(|u| u == path).await;

    // Pick a source: the URL keeps it; its CREATE policy opens in the editor.
    h.testid("source")
        .await
        .select_by_label("Active Directory")
        .await
        .expect("pick the source");
    let url = h
        .url_until(|u| u.starts_with("/settings/provisioning-policies?source="))
        .await;
    h.click("policy-CREATE").await;
    h.testid("policy-editor").await;
    assert!(save_disabled(&h).await, "nothing to save yet");

    // A transform that is not JSON is named next to it and blocks Save.
    retype(&h, "input-fields-0-transform", "{oops").await;
    h.text_until("[data-testid='error-fields-0-transform']", |t| {
        t.starts_with("fields[0].transform is not valid JSON")
    })
    .await;
    assert!(save_disabled(&h).await);

    // Fixed, with a new description: the JSON Patch is shown, then saved.
    retype(
        &h,
        "input-fields-0-transform",
        r#"{"type": "static", "attributes": {"value": "e2e"}}"#,
    )
    .await;
    retype(&h, "input-description", "Edited end to end").await;
    h.text_until("[data-testid='error-fields-0-transform']", str::is_empty)
        .await;
    h.text_until("[data-testid='patch-json']", |t| {
        t.contains("/description") && t.contains("e2e")
    })
    .await;
    assert!(!save_disabled(&h).await);
    h.click("save").await;
    h.text_until("[data-testid='history-entry']", |t| {
        t.contains("PATCH") && t.contains("Edited end to end")
    })
    .await;

    // A reload reads it back from the server, for the same source.
    h.browser.refresh().await.expect("reload");
    assert_eq!(h.url_until(|u| u.starts_with(path)).await, url);
    h.click("policy-CREATE").await;
    let description = h
        .testid("input-description")
        .await
        .prop("value")
        .await
        .expect("read value")
        .unwrap_or_default();
    assert_eq!(description, "Edited end to end");
    let transform = h
        .testid("input-fields-0-transform")
        .await
        .prop("value")
        .await
        .expect("read value")
        .unwrap_or_default();
    assert!(transform.contains("\"e2e\""), "{transform}");
    h.close().await;
}

#[tokio::test]
async fn a_policy_admin_adds_an_entitlement_to_the_jit_policy_and_keeps_it_after_reload() {
    let h = Harness::start().await;
    let path = "/settings/jit-activation";
    h.open(path).await;
    h.url_until(|u| u.starts_with("/signin")).await;
    h.sign_in("demo-policy", "demo-policy-secret").await;
    h.url_until(|u| u == path).await;

    // The stored policy's entitlements show by name, though they are not requestable.
    h.text_until("[data-testid='chips-entitlementIds']", |t| {
        t.contains("Domain Admins") && t.contains("Payroll Administrator")
    })
    .await;
    assert!(save_disabled(&h).await);

    // Type-ahead: pick an entitlement by name; the replace operation is shown, then saved.
    retype(&h, "input-entitlementSearch", "helpdesk").await;
    h.text_until("[data-testid='entitlement-option']", |t| {
        t.contains("Helpdesk Operators")
    })
    .await;
    h.click("entitlement-option").await;
    h.text_until("[data-testid='chips-entitlementIds']", |t| {
        t.contains("Helpdesk Operators")
    })
    .await;
    h.text_until("[data-testid='patch-json']", |t| t.contains("/entitlementIds"))
        .await;
    h.click("save").await;
    h.text_until("[data-testid='saved']", |t| t.starts_with("Saved")).await;
    h.text_until("[data-testid='history-entry']", |t| t.contains("entitlementIds"))
        .await;

    h.browser.refresh().await.expect("reload");
    h.text_until("[data-testid='chips-entitlementIds']", |t| {
        t.contains("Helpdesk Operators")
    })
    .await;
    h.close().await;
}
