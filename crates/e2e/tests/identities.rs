//! The identities page end to end, as an administrator uses it: filter by a name
//! prefix, sort, reload, open an identity, synchronize twice (the second answer is a
//! 429 and a countdown), invite two identities and watch the progress bar finish,
//! export, delete an identity and see it gone; and a protected identity's delete is
//! refused with the reason, while the password-reset mail and reset work.

use gatehouse_e2e::fantoccini::Locator;
use gatehouse_e2e::Harness;

const ROW_NAMES: &str = "[data-testid='identity-link']";
const ROW_STATUSES: &str = "[data-testid='identity-row'] .badge";

async fn signed_in_admin_at_identities() -> Harness {
    let h = Harness::start().await;
    h.open("/identities").await;
    h.url_until(|u| u.starts_with("/signin")).await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| u == "/identities").await;
    h.text_until("[data-testid='total']", |t| {
        t.ends_with("identities") && !t.starts_with("0 ")
    })
    .await;
    h
}

async fn pick(h: &Harness, testid: &str, value: &str) {
    h.testid(testid)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("select {value} in {testid}: {e}"));
}

#[tokio::test]
async fn an_admin_filters_sorts_synchronizes_invites_exports_and_deletes() {
    let h = signed_in_admin_at_identities().await;

    // Filter by a name prefix: the URL holds it and every row matches.
    h.testid("search").await.send_keys("Ma").await.unwrap();
    h.url_until(|u| u == "/identities?q=Ma").await;
    let names = h
        .texts_until(ROW_NAMES, |n| !n.is_empty() && n.iter().all(|n| n.starts_with("Ma")))
        .await;
    let mut ascending = names.clone();
    ascending.sort();
    assert_eq!(names, ascending, "sorted by name by default");

    // Sort by name, descending, from the column header.
    h.click("sort-name").await;
    h.url_until(|u| u == "/identities?q=Ma&sort=-name").await;
    let mut descending = names.clone();
    descending.reverse();
    let names = h.texts_until(ROW_NAMES, |n| n == descending.as_slice()).await;
    assert_eq!(
        h.attr("th[aria-sort='descending'] [data-testid='sort-name']", "data-testid")
            .await
            .as_deref(),
        Some("sort-name")
    );

    // A reload shows the same view.
    h.browser.refresh().await.unwrap();
    h.texts_until(ROW_NAMES, |n| n == names.as_slice()).await;

    // Open the first identity.
    h.find(ROW_NAMES).await.click().await.unwrap();
    h.url_until(|u| u.starts_with("/identities/") && !u.contains('?')).await;
    h.text_until("[data-testid='identity-name']", |t| t == names[0]).await;
    h.find("[data-testid='ownership'], [data-testid='ownership-none']")
        .await;
    h.find("[data-testid='roles'], [data-testid='roles-none']").await;

    // Synchronize twice: the second time within 10 s is refused with a countdown.
    h.click("action-sync").await;
    h.click("sync-dialog-confirm").await;
    h.text_until("[data-testid='action-notice']", |t| t.contains("Synchronization"))
        .await;
    h.click("action-sync").await;
    h.click("sync-dialog-confirm").await;
    let countdown = h
        .text_until("[data-testid='countdown']", |t| t.contains("synchronize again in"))
        .await;
    let secs: u32 = countdown
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .expect("seconds in the countdown");
    assert!((1..=10).contains(&secs), "{countdown}");
    assert!(!h.testid("action-sync").await.is_enabled().await.unwrap());

    // Back to the list as it was.
    h.click("back-to-list").await;
    h.url_until(|u| u == "/identities?q=Ma&sort=-name").await;
    h.texts_until(ROW_NAMES, |n| n == names.as_slice()).await;

    // Invite two unregistered identities and watch the task finish.
    h.click("clear-filters").await;
    h.url_until(|u| u == "/identities?sort=-name").await;
    pick(&h, "filter-status", "UNREGISTERED").await;
    h.url_until(|u| u == "/identities?status=UNREGISTERED&sort=-name").await;
    h.texts_until(ROW_STATUSES, |s| s.len() >= 3 && s.iter().all(|s| s == "UNREGISTERED"))
        .await;
    let invited = h.texts(ROW_NAMES).await[..2].to_vec();
    let boxes = h
        .browser
        .find_all(Locator::Css("[data-testid='select-row']"))
        .await
        .unwrap();
    boxes[0].click().await.unwrap();
    boxes[1].click().await.unwrap();
    h.text_until("[data-testid='selected-count']", |t| t == "2 selected")
        .await;
    h.click("bulk-invite").await;
    h.text_until("[data-testid='bulk-names']", |t| {
        invited.iter().all(|n| t.contains(n.as_str()))
    })
    .await;
    h.click("bulk-dialog-confirm").await;
    let mut seen_running = false;
    let deadline = std::time::Instant::now() + gatehouse_e2e::WAIT;
    loop {
        let value = h
            .attr("[data-testid='task-progress']", "value")
            .await
            .unwrap_or_default();
        let done = h.texts("[data-testid='task-summary']").await;
        if let Some(summary) = done.first() {
            assert!(summary.starts_with("SUCCESS"), "{summary}");
            assert_eq!(value, "100");
            break;
        }
        seen_running |= value.parse::<u32>().is_ok_and(|v| v < 100);
        assert!(std::time::Instant::now() < deadline, "the invite never finished");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        seen_running,
        "the progress bar showed the task running before it finished"
    );
    // Invited identities are PENDING now: they leave the UNREGISTERED list.
    h.gone("[data-testid='selected-count']").await;
    h.texts_until(ROW_NAMES, |n| !n.is_empty() && invited.iter().all(|i| !n.contains(i)))
        .await;

    // Export the current view: every page of it.
    let total = h
        .text_until("[data-testid='total']", |t| t.ends_with("identities"))
        .await;
    let count = total.split_whitespace().next().unwrap().to_string();
    h.click("export-csv").await;
    h.text_until("[data-testid='export-status']", |t| {
        t == format!("Exported {count} identities.")
    })
    .await;

    // Delete one: it is gone from the list that comes back.
    let victim = h.texts(ROW_NAMES).await[0].clone();
    let link = h.find(ROW_NAMES).await;
    let victim_href = link.attr("href").await.unwrap().expect("row link");
    link.click().await.unwrap();
    h.text_until("[data-testid='identity-name']", |t| t == victim).await;
    h.testid("ownership-none").await;
    h.click("action-delete").await;
    h.text_until("#delete-dialog-title", |t| t.contains(victim.as_str()))
        .await;
    h.click("delete-dialog-confirm").await;
    h.url_until(|u| u == "/identities?status=UNREGISTERED&sort=-name").await;
    h.text_until("[data-testid='flash']", |t| t == format!("Deleted {victim}."))
        .await;
    let gone = format!("a[href='{victim_href}']");
    h.texts_until(ROW_NAMES, |n| !n.is_empty()).await;
    h.gone(&gone).await;
    // Searching for it by name does not find it either (others may share the name).
    h.click("clear-filters").await;
    h.testid("search").await.send_keys(&victim).await.unwrap();
    h.url_until(|u| u.contains("q=")).await;
    h.texts_until(ROW_NAMES, |n| n.iter().all(|x| x.starts_with(victim.as_str())))
        .await;
    h.gone(&gone).await;
    h.close().await;
}

#[tokio::test]
async fn a_protected_identity_is_not_deleted_but_can_be_mailed_and_reset() {
    let h = signed_in_admin_at_identities().await;
    pick(&h, "filter-protected", "true").await;
    h.url_until(|u| u == "/identities?protected=true").await;
    let names = h.texts_until(ROW_NAMES, |n| !n.is_empty()).await;
    h.find(ROW_NAMES).await.click().await.unwrap();
    h.text_until("[data-testid='identity-name']", |t| t == names[0]).await;
    h.click("action-delete").await;
    h.click("delete-dialog-confirm").await;
    h.text_until("[data-testid='delete-blocked']", |t| t.contains("protected"))
        .await;
    assert!(!h.testid("delete-dialog-confirm").await.is_enabled().await.unwrap());
    h.click("delete-dialog-cancel").await;
    // Still there.
    h.browser.refresh().await.unwrap();
    h.text_until("[data-testid='identity-name']", |t| t == names[0]).await;

    // A password-reset mail: pick the source and the channel.
    h.click("action-mail").await;
    h.find("[data-testid='mail-source'] option[value='Active Directory']")
        .await;
    pick(&h, "mail-source", "Active Directory").await;
    pick(&h, "mail-via", "LINK_PERSONAL").await;
    h.click("mail-dialog-confirm").await;
    let sent = format!(
        "Password-reset mail sent to {}: Link to the personal address.",
        names[0]
    );
    h.text_until("[data-testid='action-notice']", |t| t == sent).await;

    // Reset: unregistered afterwards, and the page shows it.
    h.click("action-reset").await;
    h.click("reset-dialog-confirm").await;
    h.text_until("[data-testid='action-notice']", |t| t.contains("has been reset"))
        .await;
    h.text_until("[data-testid='identity-status']", |t| t == "UNREGISTERED")
        .await;
    h.close().await;
}
