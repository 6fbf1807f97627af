//! Gatehouse's people search over real HTTP: every signed-in person may use it (an
//! approver without an admin level finds colleagues), it matches name, alias or e-mail
//! prefixes, quotes what is typed, bounds its limit, and answers only picker fields.

mod common;

use common::spawn_app;
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn anyone_signed_in_finds_people_by_prefix() {
    let app = spawn_app().await;
    let approver = app.bearer("demo-approver").await;
    let call = |path: String| {
        let app = &app;
        let approver = approver.clone();
        async move { app.json_call(&approver, Method::GET, &path, None, &[]).await }
    };

    // The identities API shows a person without a level only themselves ...
    let r = app.get(&approver, "/v2024/identities?limit=5").await;
    let own: Vec<Value> = r.json().await.unwrap();
    assert_eq!(own.len(), 1);
    // ... the people search finds others, by alias prefix, ignoring case.
    let (status, found) = call("/gatehouse/v1/people?search=DEMO-&limit=25".into()).await;
    assert_eq!(status, 200, "{found}");
    let names: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["userName"].as_str().unwrap())
        .collect();
    for persona in ["demo-admin", "demo-requester", "demo-approver"] {
        assert!(names.contains(&persona), "{persona} in {names:?}");
    }
    let first = &found[0];
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert!(
        keys.iter()
            .all(|k| ["id", "name", "userName", "email"].contains(&k.as_str())),
        "only picker fields: {keys:?}"
    );
    // Sorted by name, limited.
    let (_, two) = call("/gatehouse/v1/people?search=a&limit=2".into()).await;
    let two = two.as_array().unwrap();
    assert_eq!(two.len(), 2);
    assert!(two[0]["name"].as_str().unwrap().to_lowercase() <= two[1]["name"].as_str().unwrap().to_lowercase());
    // Blank finds nobody; filter syntax is text, not a filter.
    let (status, none) = call("/gatehouse/v1/people?search=%20".into()).await;
    assert_eq!((status, none), (200, Value::Array(vec![])));
    let (status, none) = call("/gatehouse/v1/people?search=%22%20or%20name%20pr%20or%20name%20eq%20%22".into()).await;
    assert_eq!((status, none), (200, Value::Array(vec![])));
    // Bad parameters are named.
    for (path, needle) in [
        (
            "/gatehouse/v1/people?search=a&limit=26",
            "limit must be between 1 and 25",
        ),
        ("/gatehouse/v1/people?search=a&limit=x", "limit"),
        ("/gatehouse/v1/people?q=a", "'q' is not a query parameter"),
    ] {
        let (status, body) = call(path.into()).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.to_string().contains(needle), "{path}: {body}");
    }
    // Signed out: 401.
    let r = app
        .http
        .get(app.url("/gatehouse/v1/people?search=a"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn filters_narrow_a_people_search_to_what_a_form_lookup_allows() {
    let app = spawn_app().await;
    let requester = app.bearer("demo-requester").await;
    let call = |query: &str| {
        let (app, token) = (&app, requester.clone());
        let path = format!("/gatehouse/v1/people?{query}");
        async move { app.json_call(&token, Method::GET, &path, None, &[]).await }
    };
    let aliases = |found: &Value| -> Vec<String> {
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["userName"].as_str().unwrap().to_string())
            .collect()
    };
    // The same search with and without a filter (as a user lookup's queryFilter
    // `userName sw "demo-a"` is sent): the filter keeps only who matches it.
    let (status, all) = call("search=demo-&limit=25").await;
    assert_eq!(status, 200, "{all}");
    assert!(aliases(&all).len() >= 4, "{all}");
    let filters = "alias%20sw%20%22demo-a%22";
    let (status, some) = call(&format!("search=demo-&limit=25&filters={filters}")).await;
    assert_eq!(status, 200, "{some}");
    let mut narrowed = aliases(&some);
    narrowed.sort();
    assert_eq!(narrowed, ["demo-admin", "demo-approver"]);
    // `not` and `or` compose as the grammar says.
    let (_, rest) = call("search=demo-&limit=25&filters=not%20alias%20sw%20%22demo-a%22").await;
    assert!(aliases(&rest).iter().all(|a| !a.starts_with("demo-a")), "{rest}");
    assert_eq!(aliases(&rest).len() + narrowed.len(), aliases(&all).len());
    // Admin-only attributes and other operators are refused, naming them.
    for (bad, needle) in [
        ("protected%20eq%20true", "protected"),
        ("alias%20co%20%22x%22", "co"),
        ("alias%20sw", "filters"),
    ] {
        let (status, body) = call(&format!("search=demo-&filters={bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.to_string().contains(needle), "{bad}: {body}");
    }
}
