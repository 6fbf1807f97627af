//! Approvals through the real portal and server: an approver asks the requester for more
//! information, the requester answers (which clears "waiting for the requester"), and the
//! approver approves; and a bulk approval of several requests whose summary says what
//! succeeded and what failed and why. Requests are made through the API from the page
//! (the catalog and cart have journeys of their own).

use gatehouse_e2e::Harness;
use serde_json::{json, Value};

/// Calls the API from the page as a persona (client credentials `<id>`/`<id>-secret`);
/// `{me}` in the path or body becomes the persona's identity id. Returns the status
/// and the JSON answer.
async fn api(h: &Harness, who: &str, method: &str, path: &str, body: Value) -> (u64, Value) {
    let (status, answer, _) = api_as(h, who, method, path, body).await;
    (status, answer)
}

/// [`api`], also answering the persona's identity id.
async fn api_as(h: &Harness, who: &str, method: &str, path: &str, body: Value) -> (u64, Value, String) {
    h.api_as(who, method, path, body).await
}

/// demo-requester asks for a role for themselves; the new request's id.
async fn request_role(h: &Harness, role: &str) -> String {
    let (status, catalog) = api(
        h,
        "demo-requester",
        "GET",
        "/iga/governance/catalog?_pageSize=1000",
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{catalog}");
    let item = catalog["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["role"]["name"] == role)
        .unwrap_or_else(|| panic!("no requestable role {role}"))["id"]
        .clone();
    let body = json!({"users": ["{me}"], "catalogs": [{"type": "role", "id": item}],
                      "priority": "medium", "justification": format!("Need {role}"), "accessModifier": "add"});
    let (status, created) = api(
        h,
        "demo-requester",
        "POST",
        "/iga/governance/requests?_action=create",
        body,
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["errors"], json!([]), "{created}");
    created["result"][0]["id"].as_str().unwrap().to_string()
}

async fn sign_out(h: &Harness) {
    h.click("sign-out").await;
    h.url_until(|u| u.starts_with("/signin")).await;
}

async fn sign_in(h: &Harness, who: &str) {
    h.sign_in(who, &format!("{who}-secret")).await;
    h.url_until(|u| u == "/requests").await;
}

fn row(id: &str) -> String {
    format!("[data-testid='request-row'][data-id='{id}']")
}

#[tokio::test]
async fn the_approver_asks_for_more_information_the_requester_answers_then_it_is_approved() {
    let h = Harness::start().await;
    h.open("/signin").await;
    let id = request_role(&h, "Finance Analyst").await;

    // The approver opens it from the inbox and asks a question.
    sign_in(&h, "demo-approver").await;
    h.click("nav-approvals").await;
    h.find(&format!("{} [data-testid='request-open']", row(&id)))
        .await
        .click()
        .await
        .unwrap();
    h.url_until(|u| u == format!("/requests/{id}")).await;
    h.text_until("[data-testid='request-justification']", |t| t == "Need Finance Analyst")
        .await;
    h.testid("action-text")
        .await
        .send_keys("Which cost centre pays for it?")
        .await
        .unwrap();
    h.click("action-ask").await;
    h.testid("awaiting-requester").await;
    h.text_until("[data-testid='timeline']", |t| {
        t.contains("Which cost centre pays for it?")
    })
    .await;
    // Still the approver's to decide, and marked in the inbox.
    h.testid("action-panel").await;
    h.open("/approvals").await;
    h.find(&format!(
        "{}[data-awaiting='true'] [data-testid='awaiting-requester']",
        row(&id)
    ))
    .await;
    sign_out(&h).await;

    // The requester sees the marker in My requests and answers.
    sign_in(&h, "demo-requester").await;
    h.find(&format!(
        "{}[data-awaiting='true'] [data-testid='request-answer']",
        row(&id)
    ))
    .await
    .click()
    .await
    .unwrap();
    h.url_until(|u| u.starts_with(&format!("/requests/{id}"))).await;
    h.text_until("[data-testid='answer-panel'] h2", |t| {
        t.contains("asked you for more information")
    })
    .await;
    h.testid("answer-text")
        .await
        .send_keys("Cost centre 4711")
        .await
        .unwrap();
    h.click("answer-send").await;
    h.gone("[data-testid='awaiting-requester']").await;
    h.text_until("[data-testid='timeline']", |t| t.contains("Cost centre 4711"))
        .await;
    h.open("/requests").await;
    h.find(&format!("{}[data-awaiting='false']", row(&id))).await;
    sign_out(&h).await;

    // The approver sees the answer and approves.
    sign_in(&h, "demo-approver").await;
    h.open("/approvals").await;
    h.find(&format!("{}[data-awaiting='false']", row(&id))).await;
    h.open(&format!("/requests/{id}")).await;
    h.text_until("[data-testid='timeline']", |t| t.contains("Cost centre 4711"))
        .await;
    h.click("action-approve").await;
    h.text_until("[data-testid='request-outcome']", |t| t == "Provisioned")
        .await;
    h.gone("[data-testid='action-panel']").await;
    h.close().await;
}

#[tokio::test]
async fn bulk_approval_says_what_succeeded_and_what_failed() {
    let h = Harness::start().await;
    h.open("/signin").await;
    let finance = request_role(&h, "Finance Analyst").await;
    let sales = request_role(&h, "Sales Representative").await;
    let hr = request_role(&h, "HR Business Partner").await;

    sign_in(&h, "demo-approver").await;
    h.open("/approvals?sort=oldest").await;
    for id in [&finance, &sales, &hr] {
        h.find(&row(id)).await;
    }
    assert_eq!(
        h.testid("sort").await.prop("value").await.unwrap().as_deref(),
        Some("oldest"),
        "the sort comes from the URL"
    );
    h.click("select-all").await;
    h.text_until("[data-testid='bulk-count']", |t| t == "3 requests selected.")
        .await;
    // Meanwhile the requester withdraws one of them.
    let (status, body) = api(
        &h,
        "demo-requester",
        "POST",
        &format!("/iga/governance/requests/{hr}?_action=cancel"),
        json!({"comment": "Not needed after all"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    h.testid("bulk-text").await.send_keys("Quarter close").await.unwrap();
    h.click("bulk-approve").await;
    h.text_until("[data-testid='bulk-headline']", |t| t == "2 approved, 1 failed.")
        .await;
    let ok = h.texts("[data-testid='bulk-ok']").await;
    assert!(ok.iter().any(|t| t.contains("Role: Finance Analyst")), "{ok:?}");
    assert!(ok.iter().any(|t| t.contains("Role: Sales Representative")), "{ok:?}");
    let failed = h.text_until("[data-testid='bulk-failed']", |t| !t.is_empty()).await;
    assert!(failed.contains("Role: HR Business Partner: not approved"), "{failed}");
    assert!(failed.contains("cancelled"), "{failed}");
    // Nothing is left in the inbox; Done shows both provisioned.
    h.gone(&row(&finance)).await;
    h.gone(&row(&sales)).await;
    h.click("tab-done").await;
    h.url_until(|u| u == "/approvals?tab=done&sort=oldest").await;
    for id in [&finance, &sales] {
        h.text_until(&format!("{} [data-testid='request-outcome']", row(id)), |t| {
            t == "Provisioned"
        })
        .await;
    }
    h.close().await;
}

/// Clicks the element with `testid` inside what `css` matches.
async fn click_in(h: &Harness, css: &str, testid: &str) {
    h.find(&format!("{css} [data-testid='{testid}']"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {testid} in {css}: {e}"));
}

/// Clears a text box and types into it.
async fn retype(h: &Harness, testid: &str, text: &str) {
    let el = h.testid(testid).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

/// Types into a type-ahead and picks the option with this label.
async fn pick(h: &Harness, testid: &str, text: &str, label: &str) {
    retype(h, testid, text).await;
    h.texts_until(&format!("[data-testid='{testid}-option']"), |t| {
        t.iter().any(|o| o.contains(label))
    })
    .await;
    for o in h
        .browser
        .find_all(gatehouse_e2e::fantoccini::Locator::Css(&format!(
            "[data-testid='{testid}-option']"
        )))
        .await
        .unwrap()
    {
        if o.text().await.unwrap().contains(label) {
            o.click().await.unwrap();
            return;
        }
    }
    panic!("no option {label}");
}

/// Chooses the held item whose option starts with `label` in the take-away picker.
async fn choose_held(h: &Harness, label: &str) {
    for o in h
        .browser
        .find_all(gatehouse_e2e::fantoccini::Locator::Css(
            "[data-testid='access-held'] option",
        ))
        .await
        .unwrap()
    {
        if o.text().await.unwrap().starts_with(label) {
            o.click().await.unwrap();
            return;
        }
    }
    panic!("no held {label}");
}

#[tokio::test]
async fn an_admin_sets_the_default_approver_manages_request_types_and_gives_a_role_directly() {
    let h = Harness::start().await;
    h.open("/signin").await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| !u.starts_with("/signin")).await;

    // Access-request settings: a toggle and the default approver, saved and read back.
    h.open("/settings/access-requests").await;
    h.text_until("[data-testid='default-approver']", |t| t == "none").await;
    h.click("setting-allowSelfApproval").await;
    pick(&h, "approver-search", "Finance", "Finance Analyst").await;
    h.text_until("[data-testid='default-approver']", |t| t == "Finance Analyst")
        .await;
    h.click("settings-save").await;
    h.testid("settings-saved").await;
    let (_, config) = api(
        &h,
        "demo-admin",
        "GET",
        "/iga/commons/config/iga_access_request",
        Value::Null,
    )
    .await;
    assert_eq!(config["allowSelfApproval"], true, "{config}");
    assert!(
        config["defaultApprover"].as_str().unwrap().starts_with("managed/role/"),
        "{config}"
    );
    h.open("/settings/access-requests").await;
    h.text_until("[data-testid='default-approver']", |t| t == "Finance Analyst")
        .await;

    // Request types: a built-in has no Delete; a custom one is created with checked
    // schemas, then deleted.
    h.open("/settings/request-types").await;
    click_in(&h, "[data-testid='type-row'][data-id='roleGrant']", "type-edit").await;
    h.testid("type-editor").await;
    h.gone("[data-testid='type-delete']").await;
    h.click("type-close").await;
    h.click("type-new").await;
    retype(&h, "type-name", "Laptop request").await;
    retype(
        &h,
        "schemas-json",
        r#"{"common": [], "custom": [{"name": "model", "type": "colour"}]}"#,
    )
    .await;
    h.text_until("[data-testid='schemas-error']", |t| {
        t.starts_with("schemas.custom[0].type")
    })
    .await;
    assert_eq!(
        h.attr("[data-testid='type-save']", "disabled").await.as_deref(),
        Some("true")
    );
    retype(
        &h,
        "schemas-json",
        r#"{"common": [], "custom": [{"name": "model", "type": "text", "required": true}]}"#,
    )
    .await;
    h.testid("schemas-ok").await;
    h.click("type-save").await;
    h.text_until("[data-testid='type-notice']", |t| {
        t == "Saved request type Laptop request."
    })
    .await;
    let (_, types) = api(
        &h,
        "demo-admin",
        "GET",
        "/iga/governance/requestTypes?_pageSize=100",
        Value::Null,
    )
    .await;
    let laptop = types["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["displayName"] == "Laptop request")
        .expect("the new type is stored");
    assert_eq!(laptop["schemas"]["custom"][0]["name"], "model");
    let row = format!("[data-testid='type-row'][data-id='{}']", laptop["id"].as_str().unwrap());
    h.text_until(&format!("{row} [data-testid='type-kind']"), |t| t == "Custom")
        .await;
    click_in(&h, &row, "type-edit").await;
    h.click("type-delete").await;
    h.click("type-delete-dialog-confirm").await;
    h.text_until("[data-testid='type-notice']", |t| {
        t == "Deleted request type Laptop request."
    })
    .await;
    h.gone(&row).await;

    // An identity's page: give a role directly, see it among the role assignments, take it away.
    let (_, _, requester) = api_as(
        &h,
        "demo-requester",
        "GET",
        "/iga/governance/user/{me}/requests",
        Value::Null,
    )
    .await;
    h.open(&format!("/identities/{requester}")).await;
    h.testid("direct-access").await;
    pick(&h, "access-search", "IT Admin", "IT Administrator").await;
    h.click("access-add").await;
    h.text_until("[data-testid='action-notice']", |t| {
        t == "Gave the role IT Administrator."
    })
    .await;
    h.text_until("[data-testid='roles']", |t| t.contains("IT Administrator"))
        .await;
    // The identity's held access lists its accounts; taking away offers only what it holds.
    h.text_until("[data-testid='held-access']", |t| {
        t.contains("Active Directory") && t.contains("Domain Users")
    })
    .await;
    h.texts_until("[data-testid='access-held'] option", |t| {
        t.iter().any(|o| o.starts_with("IT Administrator"))
    })
    .await;
    assert!(
        !h.texts("[data-testid='access-held'] option")
            .await
            .iter()
            .any(|o| o.starts_with("Finance Analyst")),
        "a role the identity does not hold is not offered"
    );
    choose_held(&h, "IT Administrator").await;
    h.click("access-remove").await;
    h.text_until("[data-testid='action-notice']", |t| {
        t == "Took away the role IT Administrator."
    })
    .await;
    h.texts_until("[data-testid='roles'], [data-testid='roles-none']", |t| {
        t.iter().all(|r| !r.contains("IT Administrator"))
    })
    .await;
    h.close().await;
}

#[tokio::test]
async fn an_approver_without_an_admin_level_reassigns_to_a_colleague_found_by_name() {
    let h = Harness::start().await;
    h.open("/signin").await;
    let id = request_role(&h, "Finance Analyst").await;

    // demo-approver holds no admin level: the identities list shows them only themselves,
    // so the picker finds colleagues through the people search.
    sign_in(&h, "demo-approver").await;
    h.open(&format!("/requests/{id}")).await;
    h.testid("action-text")
        .await
        .send_keys("Over to the admin team")
        .await
        .unwrap();
    h.click("action-reassign").await;
    h.testid("reassign-search").await.send_keys("demo-adm").await.unwrap();
    h.text_until("[data-testid='reassign-search-option']", |t| t.contains("demo-admin"))
        .await;
    h.find("[data-testid='reassign-search-option']")
        .await
        .click()
        .await
        .unwrap();
    h.text_until("[data-testid='reassign-picked']", |t| t.contains("demo-admin"))
        .await;
    h.click("reassign-confirm").await;
    h.gone("[data-testid='action-panel']").await;
    h.text_until("[data-testid='timeline']", |t| t.contains("Over to the admin team"))
        .await;
    sign_out(&h).await;

    // The colleague finds it in their inbox and may decide it.
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| u == "/identities").await;
    h.open("/approvals").await;
    h.find(&row(&id)).await;
    h.open(&format!("/requests/{id}")).await;
    h.testid("action-approve").await;
    h.close().await;
}
