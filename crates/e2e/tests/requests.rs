//! An access request from start to end through the real portal and server: the
//! requester asks for the role "Finance Analyst" in the catalog, their manager
//! approves it in Approvals, and the requester sees it provisioned.

use gatehouse_e2e::Harness;

async fn sign_out(h: &Harness) {
    h.click("sign-out").await;
    h.url_until(|u| u.starts_with("/signin")).await;
}

#[tokio::test]
async fn a_requested_role_is_approved_and_provisioned() {
    let h = Harness::start().await;
    h.open("/signin").await;
    h.sign_in("demo-requester", "demo-requester-secret").await;
    h.url_until(|u| u == "/requests").await;

    // The catalog: the roles tab, searched by name.
    h.click("nav-catalog").await;
    h.url_until(|u| u == "/catalog").await;
    h.click("tab-role").await;
    h.url_until(|u| u == "/catalog?kind=role").await;
    let search = h.testid("catalog-search").await;
    search.send_keys("Finance").await.unwrap();
    h.click("catalog-search-go").await;
    h.url_until(|u| u == "/catalog?kind=role&q=Finance").await;
    h.texts_until("[data-testid='catalog-row']", |rows| {
        rows.len() == 1 && rows[0].contains("Finance Analyst")
    })
    .await;
    h.find("[data-testid='catalog-row'][data-name='Finance Analyst'] [data-testid='catalog-request']")
        .await
        .click()
        .await
        .unwrap();
    h.testid("request-justification")
        .await
        .send_keys("Quarterly reporting")
        .await
        .unwrap();
    h.click("request-dialog-confirm").await;
    h.text_until("[data-testid='created']", |t| t.starts_with("Request created"))
        .await;

    // My requests: in progress, pending.
    h.click("nav-requests").await;
    h.text_until("[data-testid='requests']", |t| {
        t.contains("Role: Finance Analyst") && t.contains("In progress") && t.contains("Pending")
    })
    .await;
    sign_out(&h).await;

    // The manager approves it from the inbox.
    h.sign_in("demo-approver", "demo-approver-secret").await;
    h.url_until(|u| u == "/requests").await;
    h.click("nav-approvals").await;
    h.text_until("[data-testid='approvals']", |t| t.contains("Role: Finance Analyst"))
        .await;
    h.find("[data-testid='request-row'][data-item='Role: Finance Analyst'] [data-testid='request-open']")
        .await
        .click()
        .await
        .unwrap();
    h.url_until(|u| u.starts_with("/requests/")).await;
    h.text_until("[data-testid='request-justification']", |t| t == "Quarterly reporting")
        .await;
    h.click("action-approve").await;
    h.text_until("[data-testid='request-outcome']", |t| t == "Provisioned")
        .await;
    h.text_until("[data-testid='request-decision']", |t| t == "Approved")
        .await;
    h.gone("[data-testid='action-panel']").await;
    h.open("/approvals?tab=done").await;
    h.text_until("[data-testid='approvals']", |t| t.contains("Provisioned"))
        .await;
    sign_out(&h).await;

    // The requester sees it provisioned, also under the "complete" filter.
    h.sign_in("demo-requester", "demo-requester-secret").await;
    h.url_until(|u| u == "/requests").await;
    h.text_until("[data-testid='requests']", |t| {
        t.contains("Role: Finance Analyst") && t.contains("Provisioned")
    })
    .await;
    h.open("/requests?status=complete").await;
    h.text_until("[data-testid='requests']", |t| t.contains("Complete"))
        .await;
    h.open("/requests?status=in-progress").await;
    h.testid("empty").await;
    h.close().await;
}

#[tokio::test]
async fn a_requester_cancels_after_confirming() {
    let h = Harness::start().await;
    h.open("/signin").await;
    h.sign_in("demo-requester", "demo-requester-secret").await;
    h.url_until(|u| u == "/requests").await;
    h.open("/catalog?kind=role&q=Sales").await;
    h.find("[data-testid='catalog-row'][data-name='Sales Representative'] [data-testid='catalog-request']")
        .await
        .click()
        .await
        .unwrap();
    h.testid("request-priority").await.send_keys("high").await.unwrap();
    h.click("request-dialog-confirm").await;
    h.find("[data-testid='created'] a").await.click().await.unwrap();
    h.url_until(|u| u.starts_with("/requests/")).await;
    h.text_until("[data-testid='request-status']", |t| t == "In progress")
        .await;

    // Cancel asks first; saying no changes nothing.
    h.click("request-cancel").await;
    h.click("cancel-dialog-cancel").await;
    h.text_until("[data-testid='request-status']", |t| t == "In progress")
        .await;
    h.click("request-cancel").await;
    h.click("cancel-dialog-confirm").await;
    h.text_until("[data-testid='request-status']", |t| t == "Cancelled")
        .await;
    h.text_until("[data-testid='request-outcome']", |t| t == "Cancelled")
        .await;
    h.text_until("[data-testid='timeline']", |t| t.contains("Cancelled by the requester"))
        .await;
    h.gone("[data-testid='request-cancel']").await;
    h.close().await;
}
