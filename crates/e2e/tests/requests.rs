//! Access requests from start to end through the real portal and server: the
//! requester asks for the role "Finance Analyst" in the catalog, their manager
//! approves it in Approvals, and the requester sees it provisioned; a cart with a role
//! and an entitlement that has a form is checked, submitted and decided both ways (the
//! role then held, on the Identities page and through the v2024 API); the catalog's
//! filters, sort and item details, kept in the URL through a reload.

use gatehouse_e2e::Harness;
use serde_json::{json, Value};

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

/// Clicks the button `id` of the catalog row named `name`.
async fn in_row(h: &Harness, name: &str, id: &str) {
    h.find(&format!(
        "[data-testid='catalog-row'][data-name='{name}'] [data-testid='{id}']"
    ))
    .await
    .click()
    .await
    .unwrap();
}

/// Opens the request named `item` from the list on the page.
async fn open_request(h: &Harness, item: &str) {
    h.find(&format!(
        "[data-testid='request-row'][data-item='{item}'] [data-testid='request-open']"
    ))
    .await
    .click()
    .await
    .unwrap();
    h.url_until(|u| u.starts_with("/requests/")).await;
    h.text_until("[data-testid='request-item']", |t| t == item).await;
}

#[tokio::test]
async fn a_cart_with_a_role_and_a_formed_entitlement_is_approved_and_rejected() {
    let h = Harness::start().await;
    h.open("/signin").await;
    // Rejecting needs a justification: the approver, who has no admin level, must be told.
    let (status, config, _) = h
        .api_as(
            "demo-admin",
            "PUT",
            "/iga/commons/config/iga_access_request",
            json!({"requireRejectJustification": true}),
        )
        .await;
    assert_eq!(status, 200, "{config}");
    h.sign_in("demo-requester", "demo-requester-secret").await;
    h.url_until(|u| u == "/requests").await;

    // The catalog: a role and an entitlement go into the cart, which survives the
    // page loads in between.
    h.open("/catalog?kind=role&q=Finance").await;
    h.text_until("[data-testid='cart-link']", |t| t == "Cart (0)").await;
    in_row(&h, "Finance Analyst", "catalog-add").await;
    h.text_until("[data-testid='cart-link']", |t| t == "Cart (1)").await;
    h.text_until(
        "[data-testid='catalog-row'][data-name='Finance Analyst'] [data-testid='catalog-add']",
        |t| t == "In cart",
    )
    .await;
    h.open("/catalog?kind=entitlement&q=VPN").await;
    h.text_until("[data-testid='cart-link']", |t| t == "Cart (1)").await;
    in_row(&h, "VPN Users", "catalog-add").await;
    h.text_until("[data-testid='cart-link']", |t| t == "Cart (2)").await;
    h.click("cart-link").await;
    h.url_until(|u| u == "/cart").await;
    h.texts_until("[data-testid='cart-item'] h2", |t| {
        t == ["Role: Finance Analyst", "Entitlement: VPN Users"]
    })
    .await;

    // The entitlement's form (access-justification): checking before it is filled
    // names its fields next to the item; the role has no form.
    let vpn = "[data-testid='cart-item'][data-name='VPN Users']";
    h.find(&format!("{vpn} [data-testid='field-custom.businessJustification']"))
        .await;
    h.find("[data-testid='cart-item'][data-name='Finance Analyst'] [data-testid='cart-item-no-form']")
        .await;
    h.click("cart-check").await;
    h.text_until(&format!("{vpn} [data-testid='item-problems']"), |t| {
        t.contains("custom.businessJustification") && t.contains("custom.acceptPolicy")
    })
    .await;
    h.find(&format!("{vpn} [data-testid='field-custom.businessJustification']"))
        .await
        .send_keys("Working from the client's site in March")
        .await
        .unwrap();
    h.find(&format!("{vpn} [data-testid='field-custom.acceptPolicy']"))
        .await
        .click()
        .await
        .unwrap();
    h.testid("cart-justification")
        .await
        .send_keys("Joining the finance reporting project")
        .await
        .unwrap();
    h.click("cart-check").await;
    h.text_until("[data-testid='cart-check-ok']", |t| {
        t.contains("2 requests would be created")
    })
    .await;
    h.gone("[data-testid='item-problems']").await;

    // Submit: both are created, linked, and the cart is empty.
    h.click("cart-submit").await;
    h.texts_until("[data-testid='created-link']", |t| {
        t == ["Role: Finance Analyst", "Entitlement: VPN Users"]
    })
    .await;
    h.testid("empty").await;
    h.open("/catalog").await;
    h.text_until("[data-testid='cart-link']", |t| t == "Cart (0)").await;
    h.click("nav-requests").await;
    h.text_until("[data-testid='requests']", |t| {
        t.contains("Role: Finance Analyst") && t.contains("Entitlement: VPN Users")
    })
    .await;
    sign_out(&h).await;

    // The manager approves the role and rejects the entitlement, saying why.
    h.sign_in("demo-approver", "demo-approver-secret").await;
    h.url_until(|u| u == "/requests").await;
    h.click("nav-approvals").await;
    open_request(&h, "Role: Finance Analyst").await;
    h.text_until("[data-testid='request-justification']", |t| {
        t == "Joining the finance reporting project"
    })
    .await;
    h.click("action-approve").await;
    h.text_until("[data-testid='request-outcome']", |t| t == "Provisioned")
        .await;
    h.open("/approvals").await;
    open_request(&h, "Entitlement: VPN Users").await;
    h.text_until("[data-testid='action-hint']", |t| {
        t == "Rejecting needs a justification."
    })
    .await;
    assert_eq!(
        h.attr("[data-testid='action-reject']", "disabled").await.as_deref(),
        Some("true"),
        "no rejection without a justification"
    );
    h.testid("action-text")
        .await
        .send_keys("Contractor sites are not on the VPN allow-list")
        .await
        .unwrap();
    h.click("action-reject").await;
    h.text_until("[data-testid='request-outcome']", |t| t == "Denied").await;
    h.text_until("[data-testid='request-decision']", |t| t == "Rejected")
        .await;
    sign_out(&h).await;

    // The requester sees both outcomes.
    h.sign_in("demo-requester", "demo-requester-secret").await;
    h.url_until(|u| u == "/requests").await;
    let outcome =
        |item: &str| format!("[data-testid='request-row'][data-item='{item}'] [data-testid='request-outcome']");
    h.text_until(&outcome("Role: Finance Analyst"), |t| t == "Provisioned")
        .await;
    h.text_until(&outcome("Entitlement: VPN Users"), |t| t == "Denied")
        .await;
    sign_out(&h).await;

    // The identity now holds the role (Identities, as an admin).
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| !u.starts_with("/signin")).await;
    h.open("/identities?q=demo-requester").await;
    h.texts_until("[data-testid='identity-link']", |t| t.len() == 1).await;
    h.click("identity-link").await;
    h.url_until(|u| u.starts_with("/identities/")).await;
    h.text_until("[data-testid='roles']", |t| t.contains("Finance Analyst"))
        .await;

    // ...and through the v2024 API, assigned by the request.
    let (_, _, requester) = h
        .api_as(
            "demo-requester",
            "GET",
            "/iga/governance/user/{me}/requests",
            Value::Null,
        )
        .await;
    let (status, roles, _) = h
        .api_as(
            "demo-admin",
            "GET",
            &format!("/v2024/identities/{requester}/role-assignments"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{roles}");
    let finance = roles
        .as_array()
        .expect("a list of role assignments")
        .iter()
        .find(|a| a["role"]["name"] == "Finance Analyst")
        .unwrap_or_else(|| panic!("Finance Analyst is not assigned: {roles}"));
    assert_eq!(finance["assignmentSource"], "ACCESS_REQUEST", "{finance}");
    assert!(
        !roles
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["role"]["name"] == "VPN Users"),
        "the rejected entitlement is no role"
    );
    h.close().await;
}

/// As the signed-in admin, through the API with the portal's token: a custom request
/// type with a required `custom.model`, a form that fills it, and the form assigned to
/// the type. Answers the type's id.
async fn a_custom_type_with_a_form(h: &Harness) -> String {
    let request_type = json!({
        "displayName": "New laptop",
        "schemas": {"common": [], "custom": [{"name": "model", "type": "text", "required": true}]},
    });
    let form = json!({
        "name": "laptop-order",
        "type": "request",
        "form": {"fields": [{"id": "r1", "fields": [{
            "id": "f1", "model": "custom.model", "type": "string", "label": "Laptop model",
            "validation": {"required": true}, "layout": {"columns": 12, "offset": 0},
        }]}]},
    });
    let script = r#"
        const [requestType, form, done] = arguments;
        const token = JSON.parse(sessionStorage.getItem('gatehouse.session')).token;
        const headers = {'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json'};
        const post = async (url, body) => {
            const r = await fetch(url, {method: 'POST', headers, body: JSON.stringify(body)});
            if (!r.ok) throw new Error(url + ': ' + r.status + ' ' + await r.text());
            return r.json();
        };
        (async () => {
            const t = await post('/iga/governance/requestTypes', requestType);
            const f = await post('/iga/governance/requestForms', form);
            await post('/iga/governance/requestFormAssignments?_action=assign',
                       {formId: f.id, objectId: 'requestType/' + t.id});
            done(t.id);
        })().catch(e => done('error: ' + e.message));
    "#;
    let answer = h
        .browser
        .execute_async(script, vec![request_type, form])
        .await
        .expect("run the set-up script");
    let id = answer.as_str().unwrap_or_default().to_string();
    assert!(!id.is_empty() && !id.starts_with("error"), "set-up failed: {answer}");
    id
}

#[tokio::test]
async fn a_custom_request_is_published_from_its_types_form() {
    let h = Harness::start().await;
    h.open("/signin").await;
    h.sign_in("demo-admin", "demo-admin-secret").await;
    h.url_until(|u| !u.starts_with("/signin")).await;
    let type_id = a_custom_type_with_a_form(&h).await;
    sign_out(&h).await;

    // The requester finds it from the catalog, named by its form.
    h.sign_in("demo-requester", "demo-requester-secret").await;
    h.url_until(|u| u == "/requests").await;
    h.open("/catalog").await;
    h.click("custom-request-link").await;
    h.url_until(|u| u == "/custom-request").await;
    h.find(&format!("[data-testid='custom-type'] option[value='{type_id}']"))
        .await
        .click()
        .await
        .unwrap();
    // The form's own rule first, then the published request.
    h.click("form-submit").await;
    h.text_until("[data-testid='error-custom.model']", |t| !t.is_empty())
        .await;
    h.testid("field-custom.model")
        .await
        .send_keys("ThinkPad X1")
        .await
        .unwrap();
    h.click("form-submit").await;
    h.text_until("[data-testid='custom-created']", |t| t.starts_with("Request created"))
        .await;
    // The form gives way to the notice: it cannot be sent twice by a second click.
    h.gone("[data-testid='custom-form']").await;
    // "Make another request" brings back an empty form; the first request stays linked
    // from My requests below.
    h.click("custom-another").await;
    let model = h.testid("field-custom.model").await;
    assert_eq!(model.prop("value").await.unwrap().as_deref(), Some(""));
    h.gone("[data-testid='custom-created']").await;
    h.open("/requests").await;
    h.click("request-open").await;
    h.url_until(|u| u.starts_with("/requests/")).await;
    h.text_until("[data-testid='request-status']", |t| t == "In progress")
        .await;
    // What was asked for: the type (named by its form, as the requester may not read
    // request types), and the values its form filled in.
    h.text_until("[data-testid='request-item']", |t| t == "Custom request: laptop-order")
        .await;
    h.text_until("[data-testid='form-value'][data-field='model']", |t| t == "ThinkPad X1")
        .await;
    // My requests names it the same way.
    h.open("/requests").await;
    h.texts_until("[data-testid='request-open']", |t| {
        t.iter().any(|x| x == "Custom request: laptop-order")
    })
    .await;
    h.close().await;
}

/// Chooses `value` in the `<select>` with this `data-testid` (waiting for the option).
async fn choose(h: &Harness, id: &str, value: &str) {
    h.find(&format!("[data-testid='{id}'] option[value='{value}']"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("{id}: choose {value}: {e}"));
}

/// The names of the catalog's rows, in order, once there are `n` of them.
async fn row_names(h: &Harness, n: usize) -> Vec<String> {
    h.texts_until("[data-testid='catalog-open']", |t| t.len() == n).await
}

#[tokio::test]
async fn the_catalog_filters_sorts_opens_an_item_and_keeps_the_view_through_a_reload() {
    let h = Harness::start().await;
    h.open("/signin").await;
    h.sign_in("demo-requester", "demo-requester-secret").await;
    h.url_until(|u| u == "/requests").await;
    h.open("/catalog?kind=entitlement").await;
    h.find("[data-testid='catalog-row']").await;

    // A filter from the search schema: the application equals Active Directory.
    choose(&h, "filter-property", "application.name").await;
    choose(&h, "filter-op", "EQUALS").await;
    h.testid("filter-value")
        .await
        .send_keys("Active Directory")
        .await
        .unwrap();
    h.click("filter-add").await;
    h.url_until(|u| u.contains("f=application.name%3Aequals%3AActive%20Directory"))
        .await;
    h.text_until("[data-testid='filter-chip']", |t| {
        t.starts_with("Application equals Active Directory")
    })
    .await;
    let ad = [
        "Domain Users",
        "Engineering Share",
        "Finance Share",
        "Helpdesk Operators",
        "VPN Users",
    ];
    assert_eq!(
        row_names(&h, ad.len()).await,
        ad,
        "the requestable Active Directory groups, by name"
    );

    // Sorted by name, descending.
    choose(&h, "catalog-sort-dir", "desc").await;
    h.url_until(|u| u.contains("sort=-entitlement.displayName")).await;
    let descending: Vec<&str> = ad.iter().rev().copied().collect();
    h.texts_until("[data-testid='catalog-open']", |t| t == descending).await;
    // VPN Users has a form: no quick request, a badge instead.
    let vpn = "[data-testid='catalog-row'][data-name='VPN Users']";
    h.find(&format!("{vpn} [data-testid='catalog-has-form']")).await;
    h.find("[data-testid='catalog-row'][data-name='Finance Share'] [data-testid='catalog-request']")
        .await;
    assert!(h
        .texts(&format!("{vpn} [data-testid='catalog-request']"))
        .await
        .is_empty());

    // The details of VPN Users: what it is, who owns it, that a form must be filled.
    h.find(&format!("{vpn} [data-testid='catalog-open']"))
        .await
        .click()
        .await
        .unwrap();
    h.url_until(|u| u.starts_with("/catalog/entitlement/") && u.contains("sort=-entitlement.displayName"))
        .await;
    h.text_until("[data-testid='item-name']", |t| t == "VPN Users").await;
    h.text_until("[data-testid='item-application']", |t| t == "Active Directory")
        .await;
    h.text_until("[data-testid='item-description']", |t| t.contains("VPN"))
        .await;
    h.text_until("[data-testid='item-form']", |t| t.contains("access-justification"))
        .await;
    h.text_until("[data-testid='item-privileged']", |t| t == "No").await;
    h.click("item-add").await;
    h.text_until("[data-testid='item-add']", |t| t == "In cart").await;
    h.text_until("[data-testid='cart-link']", |t| t == "Cart (1)").await;

    // Back to the same view, and a reload keeps it.
    h.click("back-to-catalog").await;
    let view = h
        .url_until(|u| u.starts_with("/catalog?") && u.contains("f=application.name") && u.contains("sort=-"))
        .await;
    h.text_until(&format!("{vpn} [data-testid='catalog-add']"), |t| t == "In cart")
        .await;
    h.browser.refresh().await.unwrap();
    h.url_until(|u| u == view).await;
    h.text_until("[data-testid='filter-chip']", |t| {
        t.starts_with("Application equals Active Directory")
    })
    .await;
    h.texts_until("[data-testid='catalog-open']", |t| t == descending).await;
    let order = h.testid("catalog-sort-dir").await.prop("value").await.unwrap();
    assert_eq!(
        order.as_deref(),
        Some("desc"),
        "the order control shows the view's order"
    );
    h.text_until(&format!("{vpn} [data-testid='catalog-add']"), |t| t == "In cart")
        .await;

    // A filter nothing matches: said so, and cleared in one go (the sort stays).
    choose(&h, "filter-property", "entitlement.displayName").await;
    h.testid("filter-value").await.send_keys("no such group").await.unwrap();
    h.click("filter-add").await;
    h.text_until("[data-testid='empty']", |t| t.contains("No items match these filters"))
        .await;
    h.click("catalog-clear").await;
    h.url_until(|u| u == "/catalog?kind=entitlement&sort=-entitlement.displayName")
        .await;
    h.gone("[data-testid='filter-chip']").await;
    h.find(vpn).await;
    h.close().await;
}
