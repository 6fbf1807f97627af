//! The IGA access catalog over real HTTP: requestable filtering (and ORG_ADMIN's
//! `ignoreRequestable`), item shapes and ids, `targetFilter` searches, paging and
//! sorting, one item, and the search schema.

mod common;

use common::{spawn_app, TestApp};
use serde_json::{json, Value};

const CATALOG: &str = "/iga/governance/catalog";

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let r = app
        .http
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let r = app
        .http
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

fn names(list: &Value) -> Vec<String> {
    list["result"]
        .as_array()
        .expect("result")
        .iter()
        .map(|i| {
            ["role", "entitlement", "application"]
                .iter()
                .find_map(|k| i[k]["name"].as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

fn by_name<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            ["role", "entitlement"]
                .iter()
                .any(|k| i[k]["name"].as_str() == Some(name))
        })
        .unwrap_or_else(|| panic!("{name} in the catalog"))
}

#[tokio::test]
async fn a_requester_sees_only_requestable_items() {
    let app = spawn_app().await;
    let requester = app.bearer("demo-requester").await;

    let (status, list) = get(&app, &requester, CATALOG).await;

    assert_eq!(status, 200, "{list}");
    let n = names(&list);
    assert!(n.contains(&"Finance Analyst".to_string()), "{n:?}");
    assert!(n.contains(&"VPN Users".to_string()), "{n:?}");
    assert!(!n.contains(&"IT Administrator".to_string()), "not requestable: {n:?}");
    assert!(
        !n.contains(&"Domain Admins".to_string()),
        "privileged, not requestable: {n:?}"
    );
    assert_eq!(list["totalCount"], list["resultCount"]);
    assert!(list["searchAfterKey"].is_null());
    let role = by_name(&list, "Finance Analyst");
    assert_eq!(role["item"]["type"], "roleMembership");
    assert_eq!(role["id"], role["role"]["id"], "the item id is the role id");
    assert_eq!(role["roleOwner"].as_array().unwrap().len(), 1);
    let vpn = by_name(&list, "VPN Users");
    assert_eq!(vpn["item"]["type"], "entitlementGrant");
    assert_eq!(vpn["application"]["name"], "Active Directory");
    assert!(vpn["entitlementOwner"][0]["userName"].is_string());
    assert!(list["result"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["item"]["type"] == "accountGrant" && i["application"]["name"] == "Salesforce"));
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort();
    k
}

#[tokio::test]
async fn each_kind_of_item_has_exactly_its_parts() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let (status, all) = get(
        &app,
        &admin,
        &format!("{CATALOG}?ignoreRequestable=true&_pageSize=1000"),
    )
    .await;
    assert_eq!(status, 200, "{all}");
    let owner_keys = ["givenName", "id", "mail", "sn", "userName"];

    let role = by_name(&all, "IT Administrator");
    assert_eq!(keys(role), ["glossary", "id", "item", "role", "roleOwner"], "{role}");
    assert_eq!(role["item"], json!({"type": "roleMembership", "objectType": "role"}));
    assert_eq!(keys(&role["role"]), ["description", "id", "name", "requestable"]);
    assert_eq!(role["glossary"], json!({"idx": {"/role": {"requestable": false}}}));
    assert_eq!(keys(&role["roleOwner"][0]), owner_keys, "an owner has no accountStatus");

    let ent = by_name(&all, "Domain Admins");
    assert_eq!(
        keys(ent),
        [
            "application",
            "applicationOwner",
            "entitlement",
            "entitlementOwner",
            "glossary",
            "id",
            "item"
        ],
        "{ent}"
    );
    assert_eq!(
        ent["item"],
        json!({"type": "entitlementGrant", "objectType": "entitlement"})
    );
    assert_eq!(
        keys(&ent["entitlement"]),
        [
            "applicationId",
            "attribute",
            "description",
            "displayName",
            "id",
            "name",
            "privileged",
            "requestable",
            "value"
        ]
    );
    assert_eq!(ent["entitlement"]["applicationId"], ent["application"]["id"]);
    assert_eq!(ent["entitlement"]["displayName"], "Domain Admins");
    assert_eq!(
        ent["glossary"],
        json!({"idx": {"/entitlement": {"requestable": false, "privileged": true}}})
    );

    let app_item = all["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["application"]["name"] == "Salesforce" && i["item"]["type"] == "accountGrant")
        .expect("the Salesforce application item");
    assert_eq!(
        keys(app_item),
        ["application", "applicationOwner", "glossary", "id", "item"],
        "{app_item}"
    );
    assert_eq!(
        keys(&app_item["application"]),
        ["connector", "description", "id", "name", "requestable"]
    );
    assert_eq!(
        app_item["glossary"],
        json!({"idx": {"/application": {"requestable": app_item["application"]["requestable"]}}})
    );
    for owner in app_item["applicationOwner"].as_array().unwrap() {
        assert_eq!(keys(owner), owner_keys);
    }
}

#[tokio::test]
async fn only_an_org_admin_may_ignore_requestable() {
    let app = spawn_app().await;
    let requester = app.bearer("demo-requester").await;
    let admin = app.bearer("demo-admin").await;

    let (status, body) = get(&app, &requester, &format!("{CATALOG}?ignoreRequestable=true")).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["message"].as_str().unwrap().contains("ignoreRequestable"));

    let (status, all) = get(&app, &admin, &format!("{CATALOG}?ignoreRequestable=true")).await;
    assert_eq!(status, 200);
    let n = names(&all);
    assert!(n.contains(&"IT Administrator".to_string()) && n.contains(&"Domain Admins".to_string()));
    let (_, requestable) = get(&app, &admin, CATALOG).await;
    assert!(all["totalCount"].as_u64() > requestable["totalCount"].as_u64());

    let it_admin = by_name(&all, "IT Administrator")["id"].as_str().unwrap().to_string();
    let (status, _) = get(&app, &requester, &format!("{CATALOG}/role/{it_admin}")).await;
    assert_eq!(status, 404, "a non-requestable item is not in the requester's catalog");
    let (status, item) = get(
        &app,
        &admin,
        &format!("{CATALOG}/role/{it_admin}?ignoreRequestable=true"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(item["role"]["name"], "IT Administrator");
    let (status, body) = get(&app, &admin, &format!("{CATALOG}/group/{it_admin}")).await;
    assert_eq!(status, 404);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("application, entitlement, role"));
}

#[tokio::test]
async fn searches_filter_sort_and_page() {
    let app = spawn_app().await;
    let requester = app.bearer("demo-requester").await;

    let roles_only = json!({"targetFilter": {"operator": "EQUALS",
        "operand": {"targetName": "item.type", "targetValue": "roleMembership"}}});
    let (status, roles) = post(
        &app,
        &requester,
        &format!("{CATALOG}?_action=search&_sortKeys=role.name"),
        roles_only,
    )
    .await;
    assert_eq!(status, 200, "{roles}");
    let n = names(&roles);
    let mut sorted = n.clone();
    sorted.sort();
    assert_eq!(n, sorted);
    assert!(n.iter().all(|x| !x.is_empty()) && n.len() >= 4, "{n:?}");

    let filter = json!({"targetFilter": {"operator": "AND", "operand": [
        {"operator": "STARTS_WITH", "operand": {"targetName": "entitlement.displayName", "targetValue": "vpn"}},
        {"operator": "NOT", "operand": [{"operator": "EXISTS", "operand": {"targetName": "role"}}]}
    ]}});
    let (_, vpn) = post(&app, &requester, &format!("{CATALOG}?_action=search"), filter).await;
    assert_eq!(names(&vpn), vec!["VPN Users"]);

    let (_, page) = post(
        &app,
        &requester,
        &format!("{CATALOG}?_action=search&_pageSize=2&_pagedResultsOffset=1&_sortKeys=-id&_fields=id"),
        json!({"targetFilter": {"operator": "ALL", "operand": []}}),
    )
    .await;
    assert_eq!(page["resultCount"], 2);
    assert!(page["totalCount"].as_u64().unwrap() > 2);
    assert!(
        page["result"][0]["application"].is_null(),
        "_fields keeps only what it names"
    );
    assert!(page["result"][0]["id"].as_str().unwrap() > page["result"][1]["id"].as_str().unwrap());

    let bad = json!({"targetFilter": {"operator": "AND", "operand": [{"operator": "LIKE", "operand": {}}]}});
    let (status, body) = post(&app, &requester, &format!("{CATALOG}?_action=search"), bad).await;
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("targetFilter.operand[0].operator"),
        "{body}"
    );
}

#[tokio::test]
async fn the_search_schema_lists_properties_per_type() {
    let app = spawn_app().await;
    let requester = app.bearer("demo-requester").await;

    let (status, all) = get(&app, &requester, "/iga/governance/search/schema").await;
    assert_eq!(status, 200);
    for k in ["application", "entitlement", "role"] {
        assert!(all[k].as_array().is_some_and(|a| !a.is_empty()), "{k}");
    }
    let (status, role) = get(&app, &requester, "/iga/governance/search/schema/role").await;
    assert_eq!(status, 200);
    assert!(role
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["key"] == "role.name" && p["type"] == "string"));
    let (status, _) = get(&app, &requester, "/iga/governance/search/schema/user").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_search_schema_says_which_properties_run_through_arrays() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let (status, schema) = get(&app, &admin, "/iga/governance/search/schema").await;
    assert_eq!(status, 200);
    let (status, catalog) = get(&app, &admin, &format!("{CATALOG}?ignoreRequestable=true&_pageSize=0")).await;
    assert_eq!(status, 200);
    for kind in ["application", "entitlement", "role"] {
        let item = catalog["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"]["objectType"] == kind)
            .unwrap_or_else(|| panic!("a {kind} in the catalog"));
        let (_, one) = get(&app, &admin, &format!("/iga/governance/search/schema/{kind}")).await;
        assert_eq!(one, schema[kind]);
        for p in schema[kind].as_array().unwrap() {
            let key = p["key"].as_str().unwrap();
            let head = key.split('.').next().unwrap();
            assert!(!item[head].is_null(), "{key} names a part of a {kind} item: {item}");
            assert_eq!(
                p["isMultiValue"],
                item[head].is_array(),
                "{key}: isMultiValue says whether {head} is an array"
            );
        }
        assert!(schema[kind]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["key"] == format!("{kind}Owner.userName") && p["isMultiValue"] == true));
    }
}
