//! Whole journeys through the real portal: signing in as each kind of person, the
//! navigation their level allows, coming back to a deep link, signing out.

use gatehouse_e2e::Harness;

#[tokio::test]
async fn admin_signs_in_sees_everything_and_signs_out() {
    let h = Harness::start().await;
    h.open("/").await;
    h.url_until(|u| u.starts_with("/signin")).await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    assert_eq!(
        h.nav_labels().await,
        ["Identities", "Requests", "Approvals", "Catalog", "Forms", "Settings"]
    );
    assert_eq!(h.testid("who").await.text().await.unwrap(), "demo-admin");
    // The start page for an admin is the identities table, filled from the API.
    h.url_until(|u| u.starts_with("/identities")).await;
    h.text_until("[data-testid='total']", |t| {
        t.ends_with("identities") && !t.starts_with("0 ")
    })
    .await;
    h.testid("nav-forms").await.click().await.unwrap();
    // Forms lists the demo tenant's forms.
    h.texts_until("[data-testid='form-link']", |t| {
        t.iter().any(|n| n == "access-justification")
    })
    .await;
    h.testid("sign-out").await.click().await.unwrap();
    h.url_until(|u| u.starts_with("/signin")).await;
    // The session is gone: a reload of a protected page asks to sign in again.
    h.open("/identities").await;
    h.url_until(|u| u.starts_with("/signin")).await;
    h.find("#client-id").await;
    h.close().await;
}

#[tokio::test]
async fn requester_sees_only_requests_approvals_and_catalog() {
    let h = Harness::start().await;
    h.open("/signin").await;
    h.sign_in("demo-requester", "demo-requester-secret").await;
    assert_eq!(h.nav_labels().await, ["Requests", "Approvals", "Catalog"]);
    h.url_until(|u| u == "/requests").await;
    h.text_until("h1", |t| t == "My requests").await;
    h.text_until("[data-testid='level']", |t| t == "User").await;
    h.testid("sign-out").await.click().await.unwrap();
    h.url_until(|u| u.starts_with("/signin")).await;
    h.close().await;
}

#[tokio::test]
async fn a_wrong_secret_shows_the_servers_reason() {
    let h = Harness::start().await;
    h.open("/signin").await;
    h.sign_in("demo-admin", "not-the-secret").await;
    h.text_until("[data-testid='signin-error']", |t| t.contains("Bad credentials"))
        .await;
    h.close().await;
}

#[tokio::test]
async fn a_deep_link_survives_sign_in_and_reload() {
    let h = Harness::start().await;
    h.open("/identities?q=Ada").await;
    h.url_until(|u| u.starts_with("/signin?next=")).await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| u == "/identities?q=Ada").await;
    h.text_until("[data-testid='identities-table']", |t| t.contains("Ada Lovelace"))
        .await;
    // The token lives in sessionStorage: a reload keeps the session.
    h.browser.refresh().await.unwrap();
    h.text_until("[data-testid='identities-table']", |t| t.contains("Ada Lovelace"))
        .await;
    let stored = h
        .browser
        .execute("return [window.localStorage.getItem('gatehouse.session'), window.sessionStorage.getItem('gatehouse.session') !== null]", vec![])
        .await
        .unwrap();
    assert_eq!(stored, serde_json::json!([null, true]), "token in sessionStorage only");
    h.close().await;
}

#[tokio::test]
async fn an_unknown_address_says_so_and_keeps_the_navigation() {
    let h = Harness::start().await;
    h.open("/settings/no-such-page").await;
    h.url_until(|u| u.starts_with("/signin?next=")).await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| u == "/settings/no-such-page").await;
    h.text_until("[data-testid='not-found'] h1", |t| t == "Page not found")
        .await;
    // The navigation is still there, and takes the person somewhere real.
    h.testid("nav-forms").await.click().await.unwrap();
    h.url_until(|u| u.starts_with("/forms")).await;
    h.texts_until("[data-testid='form-link']", |t| !t.is_empty()).await;
    h.close().await;
}
