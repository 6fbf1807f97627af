//! IGA accounts over real HTTP: `GET /iga/governance/account`, `POST ...?_action=search`
//! with a targetFilter, `GET .../account/{accountId}` with the id URL-encoded; the IGA list
//! conventions (paging, sort, `_fields`, totals), the levels (admins read every account, a
//! plain user only their own), bad input answered with a 400 naming it, and the held
//! entitlements following provisioning.

mod common;

use std::collections::BTreeSet;

use common::{spawn_app, TestApp};
use gatehouse_wire::account::Account;
use reqwest::Method;
use serde_json::{json, Value};

const ACCOUNTS: &str = "/iga/governance/account";

async fn call(app: &TestApp, token: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    app.json_call(token, method, path, body, &[]).await
}

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    call(app, token, Method::GET, path, None).await
}

async fn search(app: &TestApp, token: &str, query: &str, filter: Value) -> (u16, Value) {
    call(
        app,
        token,
        Method::POST,
        &format!("{ACCOUNTS}?_action=search&{query}"),
        Some(json!({"targetFilter": filter})),
    )
    .await
}

fn eq(name: &str, value: &str) -> Value {
    json!({"operator": "EQUALS", "operand": {"targetName": name, "targetValue": value}})
}

fn message(body: &Value) -> String {
    body["message"].as_str().unwrap_or_default().to_string()
}

/// Every account of a list answer, typed.
fn accounts(body: &Value) -> Vec<Account> {
    serde_json::from_value(body["result"].clone()).unwrap_or_else(|e| panic!("accounts ({e}): {body}"))
}

/// The path of one account (its id URL-encoded: it holds `/`).
fn one(id: &str) -> String {
    format!("{ACCOUNTS}/{}", id.replace('/', "%2F"))
}

#[tokio::test]
async fn an_admin_reads_every_account_paged_sorted_and_projected() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;

    let (status, all) = get(&app, &admin, &format!("{ACCOUNTS}?_pageSize=1000")).await;
    assert_eq!(status, 200, "{all}");
    let list = accounts(&all);
    let total = all["totalCount"].as_u64().unwrap() as usize;
    assert_eq!(
        (list.len(), all["resultCount"].as_u64().unwrap() as usize),
        (total, total)
    );
    assert!(
        total >= 650,
        "two accounts at least for each of the 325 demo identities: {total}"
    );
    assert!(
        list.iter().any(|a| a.user.is_none()),
        "uncorrelated accounts are there too"
    );
    for a in &list {
        assert_eq!(
            a.id,
            format!("system/{}/User/{}", a.keys.application_id, a.keys.account_id)
        );
        assert_eq!(
            (a.item.kind.as_str(), a.application.id.as_str()),
            ("accountGrant", a.keys.application_id.as_str())
        );
        assert_eq!(a.keys.user_id, a.user.as_ref().map(|u| u.id.clone()));
    }
    assert!(
        list.iter().any(
            |a| a.application.name == "Active Directory" && a.entitlements.iter().any(|e| e.name == "Domain Users")
        ),
        "entitlements ride with their account"
    );

    // A sorted page is the same slice of the whole sorted list, and says where to go on.
    let sorted = "_sortKeys=-account.nativeIdentity";
    let (_, whole) = get(&app, &admin, &format!("{ACCOUNTS}?_pageSize=1000&{sorted}")).await;
    let whole: Vec<String> = accounts(&whole).into_iter().map(|a| a.id).collect();
    let (status, page) = get(
        &app,
        &admin,
        &format!("{ACCOUNTS}?_pageSize=5&_pagedResultsOffset=5&{sorted}"),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let ids: Vec<String> = accounts(&page).into_iter().map(|a| a.id).collect();
    assert_eq!(ids, whole[5..10]);
    assert_eq!(
        (page["resultCount"].as_u64(), page["totalCount"].as_u64()),
        (Some(5), Some(total as u64))
    );
    assert!(page["searchAfterKey"].is_array(), "more follow: {page}");

    // `_fields` keeps what is asked for (and the id).
    let (status, projected) = get(
        &app,
        &admin,
        &format!("{ACCOUNTS}?_pageSize=3&_fields=user.userName,application.name"),
    )
    .await;
    assert_eq!(status, 200, "{projected}");
    for a in projected["result"].as_array().unwrap() {
        let keys: BTreeSet<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["id", "user", "application"]), "{a}");
        assert!(a["application"].get("connector").is_none(), "{a}");
    }
}

#[tokio::test]
async fn a_search_takes_a_target_filter_and_bad_input_is_named() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let (_, all) = get(&app, &admin, &format!("{ACCOUNTS}?_pageSize=1000")).await;
    let all = accounts(&all);
    let on_github = all.iter().filter(|a| a.application.name == "GitHub Enterprise").count();
    assert!(on_github > 0);

    let (status, found) = search(
        &app,
        &admin,
        "_pageSize=1000",
        eq("application.name", "GitHub Enterprise"),
    )
    .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["totalCount"].as_u64(), Some(on_github as u64));
    assert!(accounts(&found)
        .iter()
        .all(|a| a.application.name == "GitHub Enterprise"));

    let both = json!({"operator": "AND", "operand": [
        eq("user.userName", "demo-requester"),
        {"operator": "STARTS_WITH", "operand": {"targetName": "application.name", "targetValue": "work"}},
    ]});
    let (status, found) = search(&app, &admin, "", both).await;
    assert_eq!(status, 200, "{found}");
    let found = accounts(&found);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].application.name, "Workday");
    assert_eq!(found[0].user.as_ref().unwrap().user_name, "demo-requester");

    // Bad input: a 400 that names what is wrong.
    let (status, body) = search(&app, &admin, "", json!({"operator": "LIKE", "operand": {}})).await;
    assert_eq!(status, 400);
    assert!(message(&body).starts_with("targetFilter.operator"), "{body}");
    let (status, body) = get(&app, &admin, &format!("{ACCOUNTS}?_sortDir=sideways&_sortKeys=id")).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("_sortDir"), "{body}");
    let (status, body) = get(&app, &admin, &format!("{ACCOUNTS}?colour=red")).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("'colour'"), "{body}");
    let (status, body) = get(&app, &admin, &format!("{ACCOUNTS}?_pageSize=lots")).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("_pageSize"), "{body}");
    let (status, body) = call(&app, &admin, Method::POST, ACCOUNTS, Some(json!({}))).await;
    assert_eq!(status, 400);
    assert!(message(&body).contains("_action is required"), "{body}");
    let (status, body) = get(&app, &admin, &format!("{ACCOUNTS}?_queryFilter=application.name%20eq")).await;
    assert_eq!(status, 400);
    assert!(message(&body).starts_with("_queryFilter"), "{body}");
}

#[tokio::test]
async fn a_plain_user_reads_only_their_own_accounts() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let requester = app.token_for("demo-requester").await;
    let approver = app.token_for("demo-approver").await;

    let (status, mine) = get(&app, &requester.access_token, ACCOUNTS).await;
    assert_eq!(status, 200, "{mine}");
    let mine = accounts(&mine);
    assert!(!mine.is_empty());
    assert!(mine
        .iter()
        .all(|a| a.user.as_ref().map(|u| u.id.as_str()) == Some(requester.identity_id.as_str())));
    let (_, as_admin) = search(&app, &admin, "", eq("user.id", &requester.identity_id)).await;
    assert_eq!(accounts(&as_admin), mine, "the admin sees the same accounts of theirs");
    // Searching for someone else's finds nothing rather than their accounts.
    let (status, theirs) = search(&app, &requester.access_token, "", eq("user.id", &approver.identity_id)).await;
    assert_eq!((status, theirs["totalCount"].as_u64()), (200, Some(0)));

    // One account by its URL-encoded id: their own yes, another's no (an admin: yes).
    let (status, own) = get(&app, &requester.access_token, &one(&mine[0].id)).await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(serde_json::from_value::<Account>(own).unwrap(), mine[0]);
    let (_, approvers) = search(&app, &admin, "", eq("user.id", &approver.identity_id)).await;
    let other = &accounts(&approvers)[0];
    let (status, body) = get(&app, &requester.access_token, &one(&other.id)).await;
    assert_eq!(status, 403, "{body}");
    assert!(message(&body).contains("another person's account"), "{body}");
    let (status, _) = get(&app, &admin, &one(&other.id)).await;
    assert_eq!(status, 200);

    // Unknown and malformed ids.
    let elsewhere = mine
        .iter()
        .find(|a| a.keys.application_id != other.keys.application_id)
        .expect("the requester has accounts on two applications");
    for id in [
        "system/nope/User/nope".to_string(),
        "not-an-account".to_string(),
        format!("system/{}/User/{}", other.keys.application_id, "missing"),
        // A real account under another application is not that account.
        format!(
            "system/{}/User/{}",
            elsewhere.keys.application_id, other.keys.account_id
        ),
    ] {
        let (status, body) = get(&app, &admin, &one(&id)).await;
        assert_eq!(status, 404, "{id}: {body}");
        assert!(message(&body).contains("no account"), "{body}");
    }
    let r = app.http.get(app.url(ACCOUNTS)).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

/// Whether the caller's account on the application holds the entitlement (with its grant's time).
async fn holds(app: &TestApp, token: &str, application: &str, entitlement_id: &str) -> bool {
    let (_, mine) = get(app, token, ACCOUNTS).await;
    accounts(&mine)
        .into_iter()
        .filter(|a| a.application.name == application)
        .any(|a| {
            a.entitlements
                .iter()
                .any(|e| e.id == entitlement_id && !e.granted.is_empty())
        })
}

#[tokio::test]
async fn held_entitlements_and_accounts_follow_provisioning() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let requester = app.token_for("demo-requester").await;
    let filter = json!({"targetFilter": eq("entitlement.displayName", "VPN Users")});
    let (_, vpn) = call(
        &app,
        &admin,
        Method::POST,
        "/iga/governance/catalog?_action=search",
        Some(filter),
    )
    .await;
    let vpn_id = vpn["result"][0]["id"].as_str().expect("VPN Users").to_string();
    let vpn_app = vpn["result"][0]["application"]["name"].as_str().unwrap().to_string();
    let held = || holds(&app, &requester.access_token, &vpn_app, &vpn_id);
    assert!(!held().await, "the requester does not hold VPN Users");
    let path = format!("/iga/governance/user/{}/entitlements", requester.identity_id);
    let (status, _) = call(
        &app,
        &admin,
        Method::POST,
        &format!("{path}?_action=add"),
        Some(json!({"entitlementId": vpn_id, "grantType": "admin"})),
    )
    .await;
    assert_eq!(status, 200);
    assert!(held().await, "granted on their account on {vpn_app}");
    let (status, _) = call(
        &app,
        &admin,
        Method::POST,
        &format!("{path}?_action=remove"),
        Some(json!({"entitlementId": vpn_id})),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!held().await, "taken away again");

    // An application given is a new account; taken away, it is gone.
    let (_, before) = get(&app, &requester.access_token, ACCOUNTS).await;
    let before = accounts(&before);
    let (_, sources) = get(
        &app,
        &admin,
        "/iga/governance/catalog?ignoreRequestable=true&_pageSize=1000",
    )
    .await;
    let missing = sources["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["item"]["type"] == "accountGrant")
        .find(|i| !before.iter().any(|a| a.application.id == i["id"].as_str().unwrap()))
        .expect("a source the requester has no account on")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let apps = format!("/iga/governance/user/{}/applications", requester.identity_id);
    let (status, _) = call(
        &app,
        &admin,
        Method::POST,
        &format!("{apps}?_action=add"),
        Some(json!({"applicationId": missing, "grantType": "admin"})),
    )
    .await;
    assert_eq!(status, 200);
    let (_, after) = get(&app, &requester.access_token, ACCOUNTS).await;
    let after = accounts(&after);
    assert_eq!(after.len(), before.len() + 1);
    let new = after
        .iter()
        .find(|a| a.application.id == missing)
        .expect("the new account");
    let (status, _) = get(&app, &requester.access_token, &one(&new.id)).await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &app,
        &admin,
        Method::POST,
        &format!("{apps}?_action=remove"),
        Some(json!({"applicationId": missing})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = get(&app, &requester.access_token, &one(&new.id)).await;
    assert_eq!(status, 404);
}
