//! Every v2024 Identities operation over real HTTP, in both path layouts, with the
//! 400/403/404/429 cases of seed 001.

mod common;

use std::time::Duration;

use common::{error_text, spawn_app, TestApp};
use gatehouse_wire::identity::{AssociationDetails, Identity, OwnershipDetails, RoleAssignment};
use gatehouse_wire::task::{IdentitySyncJob, TaskResultResponse, TaskStatus};
use serde_json::json;

async fn find(app: &TestApp, token: &str, filter: &str) -> Vec<Identity> {
    let r = app
        .http
        .get(app.url("/v2024/identities"))
        .query(&[("filters", filter), ("defaultFilter", "NONE")])
        .bearer_auth(token)
        .header("X-SailPoint-Experimental", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{filter}");
    r.json().await.unwrap()
}

async fn post(app: &TestApp, token: &str, path: &str, body: serde_json::Value) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .bearer_auth(token)
        .header("X-SailPoint-Experimental", "true")
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn delete(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.http
        .delete(app.url(path))
        .bearer_auth(token)
        .header("X-SailPoint-Experimental", "true")
        .send()
        .await
        .unwrap()
}

/// Polls a task until it completes.
async fn finished(app: &TestApp, token: &str, id: &str) -> TaskStatus {
    for _ in 0..100 {
        let t: TaskStatus = app
            .get(token, &format!("/v2024/task-status/{id}"))
            .await
            .json()
            .await
            .unwrap();
        if t.completed.is_some() {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("task {id} did not finish");
}

/// A plain identity that owns nothing, is not protected and is no admin.
async fn plain(app: &TestApp, token: &str) -> Identity {
    let candidates = find(app, token, "cloudStatus eq \"ACTIVE\" and protected eq false").await;
    for c in candidates {
        if c.alias.starts_with("demo-") || c.is_manager {
            continue;
        }
        let o: OwnershipDetails = app
            .get(token, &format!("/v2024/identities/{}/ownership", c.id))
            .await
            .json()
            .await
            .unwrap();
        if o.association_details.is_empty() {
            return c;
        }
    }
    panic!("the demo tenant has no plain identity");
}

#[tokio::test]
async fn list_filters_sorts_counts_and_pages() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let r = app.get(&t, "/v2024/identities?count=true&limit=10&sorters=-name").await;
    let total: i64 = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    let page: Vec<Identity> = r.json().await.unwrap();
    assert_eq!(page.len(), 10);
    assert!(page
        .windows(2)
        .all(|w| w[0].name.to_lowercase() >= w[1].name.to_lowercase()));
    // CORRELATED_ONLY (the default) hides the uncorrelated.
    let r = app
        .get(&t, "/v2024/identities?count=true&limit=1&defaultFilter=NONE")
        .await;
    let all: i64 = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    assert_eq!(all, 325);
    assert_eq!(all - total, 12);
    // Paging covers everything once.
    let mut seen = std::collections::HashSet::new();
    for offset in (0..total).step_by(100) {
        let p: Vec<Identity> = app
            .get(
                &t,
                &format!("/v2024/identities?limit=100&offset={offset}&sorters=alias"),
            )
            .await
            .json()
            .await
            .unwrap();
        for i in p {
            assert!(seen.insert(i.id));
        }
    }
    assert_eq!(seen.len() as i64, total);
    // Quotes and escapes; in; booleans; status.
    let ada = find(&app, &t, "name sw \"Ada\"").await;
    assert!(ada.iter().any(|i| i.alias == "demo-admin"));
    let two = find(&app, &t, &format!("id in (\"{}\",\"{}\")", page[0].id, page[1].id)).await;
    assert_eq!(two.len(), 2);
    let protected = find(&app, &t, "protected eq true").await;
    assert_eq!(protected.len(), 3);
    let errors = find(&app, &t, "processingState eq \"ERROR\"").await;
    assert_eq!(errors.len(), 3);
    assert!(errors.iter().all(|i| i.processing_state.as_deref() == Some("ERROR")));
    let unregistered = find(&app, &t, "cloudStatus eq \"UNREGISTERED\"").await;
    assert!(unregistered.len() >= 10);
    let nobody = find(&app, &t, "name eq \"No \\\"Such\\\" Person\"").await;
    assert!(nobody.is_empty());
    let combined = find(&app, &t, "(name sw \"A\" or name sw \"B\") and not correlated eq false").await;
    assert!(
        !combined.is_empty()
            && combined
                .iter()
                .all(|i| i.name.starts_with('A') || i.name.starts_with('B'))
    );
    // `+` for spaces, as the SDKs send it.
    let r = app.get(&t, "/v2024/identities?filters=alias+eq+%22demo-admin%22").await;
    assert_eq!(r.json::<Vec<Identity>>().await.unwrap().len(), 1);
}

#[tokio::test]
async fn ownership_and_role_assignments() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let source_admin = find(&app, &t, "alias eq \"demo-source\"").await.remove(0);
    let o: OwnershipDetails = app
        .get(&t, &format!("/v2024/identities/{}/ownership", source_admin.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(o.association_details[0].association_type, "SOURCE_OWNER");
    assert_eq!(
        o.association_details[0].entities[0].identity_entity.name.as_deref(),
        Some("Active Directory")
    );

    let requester = find(&app, &t, "alias eq \"demo-requester\"").await.remove(0);
    let list: Vec<RoleAssignment> = app
        .get(&t, &format!("/identities/v1/{}/role-assignments", requester.id))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<_> = list.iter().filter_map(|a| a.role.name.clone()).collect();
    assert!(names.contains(&"Engineering Developer".to_string()), "{names:?}");
    let by_name: Vec<RoleAssignment> = app
        .get(
            &t,
            &format!(
                "/v2024/identities/{}/role-assignments?roleName=Employee%20Baseline",
                requester.id
            ),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_name.len(), 1);
    let one: RoleAssignment = app
        .get(
            &t,
            &format!("/v2024/identities/{}/role-assignments/{}", requester.id, by_name[0].id),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one, by_name[0]);
    let r = app
        .get(&t, &format!("/v2024/identities/{}/role-assignments/nope", requester.id))
        .await;
    assert_eq!(r.status(), 404);

    // The requester may read their own assignments, not someone else's.
    let me = app.bearer("demo-requester").await;
    assert_eq!(
        app.get(&me, &format!("/v2024/identities/{}/role-assignments", requester.id))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get(&me, &format!("/v2024/identities/{}/ownership", source_admin.id))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn delete_refusals_and_success() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let protected = find(&app, &t, "protected eq true").await.remove(0);
    let r = delete(&app, &t, &format!("/v2024/identities/{}", protected.id)).await;
    assert_eq!(r.status(), 400);
    let body: AssociationDetails = r.json().await.unwrap();
    assert!(body.message.contains("protected"));

    let owner = find(&app, &t, "alias eq \"demo-source\"").await.remove(0);
    let r = delete(&app, &t, &format!("/v2024/identities/{}", owner.id)).await;
    assert_eq!(r.status(), 400);
    let body: AssociationDetails = r.json().await.unwrap();
    assert_eq!(body.association_details[0].association_type, "SOURCE_OWNER");

    let me = find(&app, &t, "alias eq \"demo-admin\"").await.remove(0);
    let r = delete(&app, &t, &format!("/v2024/identities/{}", me.id)).await;
    assert_eq!(r.status(), 400);
    assert!(error_text(r).await.contains("your own"));

    // A requester cannot delete.
    let victim = plain(&app, &t).await;
    let requester = app.bearer("demo-requester").await;
    assert_eq!(
        delete(&app, &requester, &format!("/v2024/identities/{}", victim.id))
            .await
            .status(),
        403
    );

    let r = delete(&app, &t, &format!("/v2024/identities/{}", victim.id)).await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        app.get(&t, &format!("/v2024/identities/{}", victim.id)).await.status(),
        404
    );
    assert_eq!(
        delete(&app, &t, &format!("/v2024/identities/{}", victim.id))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn deleting_an_identity_ends_its_sessions() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let approver = app.token_for("demo-approver").await;
    // The approver manages the requester but owns nothing: deletable.
    let r = delete(&app, &admin, &format!("/v2024/identities/{}", approver.identity_id)).await;
    assert_eq!(r.status(), 204);
    assert_eq!(app.get(&approver.access_token, "/v2024/identities").await.status(), 401);
}

#[tokio::test]
async fn reset_deregisters_and_removes_levels() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let policy = app.token_for("demo-policy").await;
    let r = post(
        &app,
        &admin,
        &format!("/v2024/identities/{}/reset", policy.identity_id),
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 202);
    assert!(r.text().await.unwrap().is_empty());
    let i: Identity = app
        .get(&admin, &format!("/v2024/identities/{}", policy.identity_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(i.identity_status, "UNREGISTERED");
    assert_eq!(app.get(&policy.access_token, "/v2024/identities").await.status(), 401);
    // A fresh sign-in has no level any more.
    assert!(app.token_for("demo-policy").await.authorities.is_empty());

    let me = find(&app, &admin, "alias eq \"demo-admin\"").await.remove(0);
    let r = post(&app, &admin, &format!("/v2024/identities/{}/reset", me.id), json!({})).await;
    assert_eq!(r.status(), 400);
    // SailPoint's SDKs send reset to the literal path `{id}`: a 404 naming it.
    let r = post(&app, &admin, "/v2024/identities/%7Bid%7D/reset", json!({})).await;
    assert_eq!(r.status(), 404);
    assert!(error_text(r).await.contains("{id}"));
}

#[tokio::test]
async fn password_reset_mail_is_validated() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let who = plain(&app, &t).await;
    let path = format!("/v2024/identities/{}/verification/account/send", who.id);
    let r = post(
        &app,
        &t,
        &path,
        json!({"sourceName": "Active Directory", "via": "EMAIL_WORK"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = post(
        &app,
        &t,
        &path,
        json!({"sourceName": "Active Directory", "via": "PIGEON"}),
    )
    .await;
    assert_eq!(r.status(), 400);
    assert!(error_text(r).await.contains("via"));
    let r = post(&app, &t, &path, json!({"sourceName": "Nowhere", "via": "LINK_WORK"})).await;
    assert!(error_text(r).await.contains("sourceName"));
    let r = post(&app, &t, &path, json!({"source": "x"})).await;
    assert_eq!(r.status(), 400);
    assert!(error_text(r).await.contains("via"));
    let r = app
        .http
        .post(app.url(&path))
        .bearer_auth(&t)
        .header("X-SailPoint-Experimental", "true")
        .header("content-type", "text/plain")
        .body("hi")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    error_text(r).await;
    let r = app
        .http
        .post(app.url(&path))
        .bearer_auth(&t)
        .header("X-SailPoint-Experimental", "true")
        .header("content-type", "application/json")
        .body(format!("{{\"via\": \"{}\"}}", "x".repeat(2 * 1024 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    error_text(r).await;
    let r = app
        .http
        .post(app.url(&path))
        .bearer_auth(&t)
        .header("X-SailPoint-Experimental", "true")
        .header("content-type", "application/json")
        .body("{\"via\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(error_text(r).await.contains("JSON"));
}

#[tokio::test]
async fn invite_runs_as_a_task_and_registers_only_the_unregistered() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let unregistered = find(&app, &t, "cloudStatus eq \"UNREGISTERED\"").await;
    let active = plain(&app, &t).await;
    let ids = vec![
        unregistered[0].id.clone(),
        unregistered[1].id.clone(),
        active.id.clone(),
    ];
    let r = post(
        &app,
        &t,
        "/v2024/identities/invite",
        json!({"ids": ids, "uninvited": false}),
    )
    .await;
    assert_eq!(r.status(), 202);
    let task: TaskStatus = r.json().await.unwrap();
    assert_eq!(task.attributes["identityCount"], 2);
    let done = finished(&app, &t, &task.id).await;
    assert_eq!(done.percent_complete, 100);
    assert_eq!(done.completion_status.as_deref(), Some("SUCCESS"));
    for id in &ids[..2] {
        let i: Identity = app
            .get(&t, &format!("/v2024/identities/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(i.identity_status, "PENDING");
    }
    let i: Identity = app
        .get(&t, &format!("/v2024/identities/{}", active.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(i.identity_status, "ACTIVE");
    assert_eq!(app.get(&t, &format!("/v3/task-status/{}", task.id)).await.status(), 200);

    let r = post(&app, &t, "/v2024/identities/invite", json!({"ids": []})).await;
    assert_eq!(r.status(), 400);
    let r = post(&app, &t, "/v2024/identities/invite", json!({"ids": ["nobody"]})).await;
    assert!(error_text(r).await.contains("nobody"));
}

#[tokio::test]
async fn process_refreshes_and_clears_errors() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let errors = find(&app, &t, "processingState eq \"ERROR\"").await;
    let ids: Vec<_> = errors.iter().map(|i| i.id.clone()).collect();
    let r = post(&app, &t, "/identities/v1/process", json!({"identityIds": ids})).await;
    assert_eq!(r.status(), 202);
    let result: TaskResultResponse = r.json().await.unwrap();
    assert_eq!(result.kind, "TASK_RESULT");
    finished(&app, &t, &result.id).await;
    assert!(find(&app, &t, "processingState eq \"ERROR\"").await.is_empty());
    let r = post(&app, &t, "/v2024/identities/process", json!({"identityIds": []})).await;
    assert_eq!(r.status(), 400);
    assert!(error_text(r).await.contains("identityIds"));
}

#[tokio::test]
async fn synchronize_is_limited_to_once_per_ten_seconds() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let who = plain(&app, &t).await;
    let path = format!("/v2024/identities/{}/synchronize-attributes", who.id);
    let r = post(&app, &t, &path, json!({})).await;
    assert_eq!(r.status(), 202);
    let job: IdentitySyncJob = r.json().await.unwrap();
    assert_eq!(job.payload.kind, "SYNCHRONIZE_IDENTITY_ATTRIBUTES");
    let data: serde_json::Value = serde_json::from_str(&job.payload.data_json).unwrap();
    assert_eq!(data["identityId"], who.id);
    let r = post(&app, &t, &path, json!({})).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=10).contains(&wait));
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap(),
        json!({"message": " Rate Limit Exceeded "})
    );
    // Another identity is not limited.
    let other = find(&app, &t, "alias eq \"demo-approver\"").await.remove(0);
    let r = post(
        &app,
        &t,
        &format!("/v2024/identities/{}/synchronize-attributes", other.id),
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 202);
}

#[tokio::test]
async fn experimental_header_per_service_only_where_declared() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    let r = app
        .http
        .post(app.url("/identities/v1/process"))
        .bearer_auth(&t)
        .json(&json!({"identityIds": ["x"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(error_text(r).await.contains("X-SailPoint-Experimental"));
    let who = plain(&app, &t).await;
    let r = app
        .http
        .get(app.url(&format!("/identities/v1/{}/ownership", who.id)))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn writes_need_org_admin() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let who = plain(&app, &admin).await;
    for client in ["demo-requester", "demo-policy", "demo-source"] {
        let t = app.bearer(client).await;
        for (path, body) in [
            (format!("/v2024/identities/{}/reset", who.id), json!({})),
            (
                format!("/v2024/identities/{}/synchronize-attributes", who.id),
                json!({}),
            ),
            (
                "/v2024/identities/process".to_string(),
                json!({"identityIds": [who.id]}),
            ),
            ("/v2024/identities/invite".to_string(), json!({"ids": [who.id]})),
            (
                format!("/v2024/identities/{}/verification/account/send", who.id),
                json!({"via": "EMAIL_WORK"}),
            ),
        ] {
            let r = post(&app, &t, &path, body).await;
            assert_eq!(r.status(), 403, "{client} {path}");
            error_text(r).await;
        }
    }
}

/// Reads one page as the SDKs do, with the total.
async fn page(app: &TestApp, token: &str, params: &[(&str, &str)]) -> (Vec<Identity>, i64) {
    let r = app
        .http
        .get(app.url("/v2024/identities"))
        .query(params)
        .query(&[("count", "true")])
        .bearer_auth(token)
        .header("X-SailPoint-Experimental", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{params:?}");
    let total = r.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    (r.json().await.unwrap(), total)
}

/// Pages start from remembered keyset anchors: a walk page by page, a deep page read
/// first, and the same pages read again all give exactly one order, in every
/// direction, with ties broken by id.
#[tokio::test]
async fn paging_through_anchors_gives_one_consistent_order() {
    let app = spawn_app().await;
    let t = app.bearer("demo-admin").await;
    for sorters in ["name", "-name", "cloudStatus,-alias", "-cloudStatus,name", "alias"] {
        let base = [("sorters", sorters), ("defaultFilter", "NONE")];
        // A deep page first, while nothing is remembered for this query.
        let (deep, _) = page(&app, &t, &[base[0], base[1], ("offset", "101"), ("limit", "13")]).await;
        let (all, total) = page(&app, &t, &[base[0], base[1], ("limit", "250")]).await;
        let (rest, _) = page(&app, &t, &[base[0], base[1], ("limit", "250"), ("offset", "250")]).await;
        let everything: Vec<String> = all.iter().chain(&rest).map(|i| i.id.clone()).collect();
        assert_eq!(everything.len() as i64, total, "{sorters}");
        assert_eq!(
            deep.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
            everything[101..114].to_vec(),
            "{sorters}: a deep page read cold"
        );
        for round in 0..2 {
            let mut walked = Vec::new();
            let mut offset = 0;
            loop {
                let o = offset.to_string();
                let (items, _) = page(&app, &t, &[base[0], base[1], ("limit", "37"), ("offset", &o)]).await;
                if items.is_empty() {
                    break;
                }
                walked.extend(items.into_iter().map(|i| i.id));
                offset += 37;
            }
            assert_eq!(walked, everything, "{sorters}: walk {round}");
        }
        // The order itself: the first sorter, then the id in the same direction.
        let (first, descending) = match sorters.split(',').next().unwrap() {
            s if s.starts_with('-') => (&s[1..], true),
            s => (s, false),
        };
        let key = |i: &Identity| match first {
            "name" => i.name.to_lowercase(),
            "alias" => i.alias.to_lowercase(),
            _ => i.identity_status.clone(),
        };
        let listed: Vec<&Identity> = all.iter().chain(&rest).collect();
        for pair in listed.windows(2) {
            let (a, b) = (key(pair[0]), key(pair[1]));
            if descending {
                assert!(a >= b, "{sorters}: {a} before {b}");
            } else {
                assert!(a <= b, "{sorters}: {a} before {b}");
            }
            if a == b && !sorters.contains(',') {
                assert_eq!(pair[0].id < pair[1].id, !descending, "{sorters}: ties by id");
            }
        }
    }
}

/// What the server remembers between reads follows every change: a reset shows in
/// the next read of the identity, its page and the totals; a deleted manager's report
/// no longer names a manager.
#[tokio::test]
async fn reads_after_a_change_see_the_change() {
    let app = spawn_app().await;
    let admin = app.bearer("demo-admin").await;
    let policy = find(&app, &admin, "alias eq \"demo-policy\"").await.remove(0);
    let by_status = [
        ("filters", "cloudStatus eq \"UNREGISTERED\""),
        ("defaultFilter", "NONE"),
    ];
    let (_, unregistered) = page(&app, &admin, &by_status).await;
    // Read everything once so it is remembered.
    let before: Identity = app
        .get(&admin, &format!("/v2024/identities/{}", policy.id))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(before.identity_status, "UNREGISTERED");
    let r = post(
        &app,
        &admin,
        &format!("/v2024/identities/{}/reset", policy.id),
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 202);
    let after: Identity = app
        .get(&admin, &format!("/v2024/identities/{}", policy.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after.identity_status, "UNREGISTERED");
    let (listed, now_unregistered) = page(&app, &admin, &by_status).await;
    assert_eq!(now_unregistered, unregistered + 1);
    assert!(listed.iter().any(|i| i.id == policy.id));

    // demo-approver manages demo-requester and owns nothing.
    let requester = find(&app, &admin, "alias eq \"demo-requester\"").await.remove(0);
    let manager = requester.manager_ref.clone().expect("the requester has a manager");
    let approver: Identity = app
        .get(&admin, &format!("/v2024/identities/{}", manager.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(approver.is_manager);
    assert_eq!(
        delete(&app, &admin, &format!("/v2024/identities/{}", manager.id))
            .await
            .status(),
        204
    );
    let orphan: Identity = app
        .get(&admin, &format!("/v2024/identities/{}", requester.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(orphan.manager_ref, None);
}
