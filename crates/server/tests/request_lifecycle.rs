//! The default workflow of every built-in request type over real HTTP: application and
//! entitlement grants (approve → provisioned and held, reject → denied, cancel →
//! cancelled), the three remove types (NOT_ASSIGNED, approve revokes), who the approval
//! goes to (manager, `defaultApprover` role, every ORG_ADMIN), self-approval and the
//! approve justification, and what an ORG_ADMIN who is not an actor may do.

mod common;

use common::iga::{
    act, active_ids, body_for, create, get, id_of, identity_id, item_id, message, post, role_names,
    set_access_request_config, validate, who, Who, REQUESTS,
};
use common::{spawn_app, TestApp};
use serde_json::{json, Value};

/// Whether one of the errors starts with `code`.
fn has(errors: &[String], code: &str) -> bool {
    errors.iter().any(|e| e.starts_with(code))
}

/// Takes a request to `decision` (approve, reject or cancel) and checks its outcome.
async fn finish(app: &TestApp, by: &Who, r: &Value, action: &str, status: &str, outcome: &str) -> Value {
    let (code, done) = act(
        app,
        &by.token,
        &id_of(r),
        action,
        json!({"justification": format!("{action} in a test")}),
    )
    .await;
    assert_eq!(code, 200, "{action}: {done}");
    assert_eq!(done["decision"]["status"], status, "{done}");
    assert_eq!(done["decision"]["outcome"], outcome, "{done}");
    assert!(
        done["decision"]["actors"]["active"].as_array().unwrap().is_empty(),
        "a finished request has no active actor: {done}"
    );
    done
}

/// Makes an identity an ORG_ADMIN as well (there is no API for user levels; its next
/// sign-in carries the level).
async fn make_org_admin(app: &TestApp, alias: &str) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db_path.display()))
        .await
        .unwrap();
    let changed = sqlx::query("UPDATE identities SET user_levels = user_levels || ',ORG_ADMIN' WHERE alias = ?")
        .bind(alias)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
}

/// The identity ids holding a role, as the store has them.
async fn role_members(app: &TestApp, role_id: &str) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db_path.display()))
        .await
        .unwrap();
    let mut ids: Vec<String> = sqlx::query_scalar("SELECT identity_id FROM role_assignments WHERE role_id = ?")
        .bind(role_id)
        .fetch_all(&pool)
        .await
        .unwrap();
    ids.sort();
    ids
}

#[tokio::test]
async fn an_application_grant_is_denied_cancelled_or_provisioned_as_an_account() {
    let app = spawn_app().await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    // The requester has accounts on the directory, HR and code hosting, not on the CRM.
    let salesforce = item_id(&app, &requester.token, "application", "Salesforce").await;
    let body = body_for(&requester.id, "application", &salesforce, json!({}));
    assert_eq!(
        validate(&app, &requester.token, body.clone()).await,
        Vec::<String>::new()
    );

    let r = create(&app, &requester.token, body.clone()).await;
    assert_eq!(r["requestType"], "applicationGrant");
    assert_eq!(r["application"]["name"], "Salesforce");
    assert_eq!(r["request"]["common"]["applicationId"], salesforce.as_str());
    assert_eq!(active_ids(&r), vec![approver.id.clone()], "the manager approves");
    let done = finish(&app, &approver, &r, "reject", "complete", "denied").await;
    assert_eq!(done["decision"]["decision"], "rejected");
    assert_eq!(
        validate(&app, &requester.token, body.clone()).await,
        Vec::<String>::new(),
        "a denied request provisions nothing"
    );

    let r = create(&app, &requester.token, body.clone()).await;
    finish(&app, &requester, &r, "cancel", "cancelled", "cancelled").await;
    assert_eq!(
        validate(&app, &requester.token, body.clone()).await,
        Vec::<String>::new()
    );

    let r = create(&app, &requester.token, body.clone()).await;
    let done = finish(&app, &approver, &r, "approve", "complete", "provisioned").await;
    assert_eq!(done["decision"]["decision"], "approved");
    let errors = validate(&app, &requester.token, body).await;
    assert!(
        has(&errors, "ALREADY_ASSIGNED"),
        "the identity holds an account on Salesforce now: {errors:?}"
    );
}

#[tokio::test]
async fn an_entitlement_grant_is_denied_or_cancelled_and_provisions_nothing() {
    let app = spawn_app().await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let share = item_id(&app, &requester.token, "entitlement", "Finance Share").await;
    let body = body_for(&requester.id, "entitlement", &share, json!({}));

    let r = create(&app, &requester.token, body.clone()).await;
    assert_eq!(r["requestType"], "entitlementGrant");
    assert_eq!(r["entitlement"]["name"], "Finance Share");
    let done = finish(&app, &approver, &r, "reject", "complete", "denied").await;
    assert_eq!(done["decision"]["phases"][0]["decision"], "rejected");
    assert_eq!(
        validate(&app, &requester.token, body.clone()).await,
        Vec::<String>::new()
    );

    let r = create(&app, &requester.token, body.clone()).await;
    let (status, refused) = act(&app, &approver.token, &id_of(&r), "cancel", json!({})).await;
    assert_eq!(status, 403, "an approver does not cancel: {refused}");
    finish(&app, &requester, &r, "cancel", "cancelled", "cancelled").await;
    assert_eq!(
        validate(&app, &requester.token, body).await,
        Vec::<String>::new(),
        "nothing was provisioned, and nothing is in progress any more"
    );
}

#[tokio::test]
async fn a_role_remove_needs_the_role_and_approval_takes_it_away() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let finance = item_id(&app, &requester.token, "role", "Finance Analyst").await;
    let developer = item_id(&app, &requester.token, "role", "Engineering Developer").await;
    let remove = json!({"accessModifier": "remove"});

    let errors = validate(
        &app,
        &requester.token,
        body_for(&requester.id, "role", &finance, remove.clone()),
    )
    .await;
    assert!(has(&errors, "NOT_ASSIGNED"), "{errors:?}");
    assert!(role_names(&app, &admin.token, &requester.id)
        .await
        .contains(&"Engineering Developer".to_string()));

    let r = create(
        &app,
        &requester.token,
        body_for(&requester.id, "role", &developer, remove.clone()),
    )
    .await;
    assert_eq!(r["requestType"], "roleRemove");
    assert_eq!(r["request"]["common"]["accessModifier"], "remove");
    finish(&app, &approver, &r, "approve", "complete", "provisioned").await;

    assert!(
        !role_names(&app, &admin.token, &requester.id)
            .await
            .contains(&"Engineering Developer".to_string()),
        "the role assignment is gone"
    );
    let errors = validate(
        &app,
        &requester.token,
        body_for(&requester.id, "role", &developer, remove),
    )
    .await;
    assert!(has(&errors, "NOT_ASSIGNED"), "{errors:?}");
}

#[tokio::test]
async fn an_entitlement_remove_needs_the_entitlement_and_approval_revokes_it() {
    let app = spawn_app().await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    // Every identity's directory account holds Domain Users; the requester lacks Finance Share.
    let domain_users = item_id(&app, &requester.token, "entitlement", "Domain Users").await;
    let share = item_id(&app, &requester.token, "entitlement", "Finance Share").await;
    let remove = json!({"accessModifier": "remove"});

    let errors = validate(
        &app,
        &requester.token,
        body_for(&requester.id, "entitlement", &share, remove.clone()),
    )
    .await;
    assert!(has(&errors, "NOT_ASSIGNED"), "{errors:?}");
    let grant_errors = validate(
        &app,
        &requester.token,
        body_for(&requester.id, "entitlement", &domain_users, json!({})),
    )
    .await;
    assert!(has(&grant_errors, "ALREADY_ASSIGNED"), "{grant_errors:?}");

    let r = create(
        &app,
        &requester.token,
        body_for(&requester.id, "entitlement", &domain_users, remove.clone()),
    )
    .await;
    assert_eq!(r["requestType"], "entitlementRemove");
    finish(&app, &approver, &r, "approve", "complete", "provisioned").await;

    let errors = validate(
        &app,
        &requester.token,
        body_for(&requester.id, "entitlement", &domain_users, remove),
    )
    .await;
    assert!(
        has(&errors, "NOT_ASSIGNED"),
        "the entitlement is no longer held: {errors:?}"
    );
    assert_eq!(
        validate(
            &app,
            &requester.token,
            body_for(&requester.id, "entitlement", &domain_users, json!({}))
        )
        .await,
        Vec::<String>::new(),
        "it may be requested again"
    );
}

#[tokio::test]
async fn an_application_remove_published_by_type_deletes_the_account() {
    let app = spawn_app().await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let github = item_id(&app, &requester.token, "application", "GitHub Enterprise").await;
    let salesforce = item_id(&app, &requester.token, "application", "Salesforce").await;
    let publish = format!("{REQUESTS}/applicationRemove?_action=publish");
    let common = |app_id: &str| json!({"common": {"userId": requester.id, "applicationId": app_id, "justification": "Left the team"}});

    let (status, body) = post(&app, &requester.token, &publish, common(&salesforce)).await;
    assert_eq!(status, 400, "{body}");
    assert!(message(&body).starts_with("NOT_ASSIGNED"), "{body}");

    let (status, r) = post(&app, &requester.token, &publish, common(&github)).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["requestType"], "applicationRemove");
    assert_eq!(r["application"]["name"], "GitHub Enterprise");
    assert_eq!(active_ids(&r), vec![approver.id.clone()]);
    finish(&app, &approver, &r, "approve", "complete", "provisioned").await;

    let (status, body) = post(&app, &requester.token, &publish, common(&github)).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        message(&body).starts_with("NOT_ASSIGNED"),
        "the account is gone: {body}"
    );
    assert_eq!(
        validate(
            &app,
            &requester.token,
            body_for(&requester.id, "application", &github, json!({}))
        )
        .await,
        Vec::<String>::new(),
        "an account on GitHub may be requested again"
    );
}

#[tokio::test]
async fn without_a_manager_the_default_approver_role_approves() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    // demo-policy has no manager.
    let policy = who(&app, "demo-policy").await;
    let source_id = identity_id(&app, &admin.token, "demo-source").await;
    let hr = item_id(&app, &admin.token, "role", "HR Business Partner").await;
    let sales = item_id(&app, &admin.token, "role", "Sales Representative").await;
    // demo-source holds the approver role for certain (besides whoever the seed gave it).
    let (status, body) = post(
        &app,
        &admin.token,
        &format!("/iga/governance/user/{source_id}/roles?_action=add"),
        json!({"roleId": hr}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    set_access_request_config(
        &app,
        &admin.token,
        json!({"defaultApprover": format!("managed/role/{hr}")}),
    )
    .await;
    let members = role_members(&app, &hr).await;
    assert!(members.contains(&source_id) && !members.contains(&policy.id));

    let r = create(&app, &policy.token, body_for(&policy.id, "role", &sales, json!({}))).await;

    assert_eq!(active_ids(&r), members, "every member of the defaultApprover role");
    assert_eq!(r["decision"]["actors"]["active"][0]["permissions"]["approve"], true);
    let source = who(&app, "demo-source").await;
    let (status, inbox) = get(
        &app,
        &source.token,
        &format!("/iga/governance/user/{}/approvals?actorStatus=active", source.id),
    )
    .await;
    assert_eq!(status, 200, "{inbox}");
    assert_eq!(inbox["result"][0]["id"], id_of(&r).as_str());
    finish(&app, &source, &r, "approve", "complete", "provisioned").await;
    assert!(role_names(&app, &admin.token, &policy.id)
        .await
        .contains(&"Sales Representative".to_string()));
}

#[tokio::test]
async fn without_a_manager_or_default_approver_every_org_admin_approves() {
    let app = spawn_app().await;
    make_org_admin(&app, "demo-source").await;
    let admin = who(&app, "demo-admin").await;
    let source = who(&app, "demo-source").await;
    let policy = who(&app, "demo-policy").await;
    let sales = item_id(&app, &policy.token, "role", "Sales Representative").await;

    let r = create(&app, &policy.token, body_for(&policy.id, "role", &sales, json!({}))).await;

    let mut both = vec![admin.id.clone(), source.id.clone()];
    both.sort();
    assert_eq!(active_ids(&r), both);
    finish(&app, &source, &r, "approve", "complete", "provisioned").await;
}

#[tokio::test]
async fn self_approval_and_the_approve_justification_follow_the_config() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    // The department heads report to demo-admin: the admin's request for one is the
    // admin's own request and waits on the admin as the head's manager.
    let (head, lacking) = head_reporting_to(&app, &admin).await;
    let role = item_id(&app, &admin.token, "role", lacking[0]).await;
    set_access_request_config(
        &app,
        &admin.token,
        json!({"allowSelfApproval": false, "requireApproveJustification": true}),
    )
    .await;
    let mine = create(&app, &admin.token, body_for(&head, "role", &role, json!({}))).await;
    assert_eq!(active_ids(&mine), vec![admin.id.clone()], "the admin is the actor");
    let id = id_of(&mine);

    let (status, body) = act(&app, &admin.token, &id, "approve", json!({"justification": "Mine"})).await;
    assert_eq!(status, 403, "{body}");
    assert!(message(&body).contains("allowSelfApproval"));

    set_access_request_config(
        &app,
        &admin.token,
        json!({"allowSelfApproval": true, "requireApproveJustification": true}),
    )
    .await;
    let (status, body) = act(&app, &admin.token, &id, "approve", json!({})).await;
    assert_eq!(status, 400, "{body}");
    let text = message(&body);
    assert!(
        text.contains("justification") && text.contains("requireApproveJustification"),
        "{text}"
    );
    let (_, unchanged) = get(&app, &admin.token, &format!("{REQUESTS}/{id}")).await;
    assert_eq!(
        (unchanged["decision"]["status"].clone(), unchanged["_rev"].clone()),
        (json!("in-progress"), json!(1))
    );

    let (status, done) = act(
        &app,
        &admin.token,
        &id,
        "approve",
        json!({"justification": "Covering the quarter close"}),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["decision"]["outcome"], "provisioned");
    assert_eq!(
        done["decision"]["phases"][0]["justification"],
        "Covering the quarter close"
    );
}

#[tokio::test]
async fn an_org_admin_who_is_no_actor_cancels_and_reassigns_with_chosen_permissions() {
    let app = spawn_app().await;
    let admin = who(&app, "demo-admin").await;
    let requester = who(&app, "demo-requester").await;
    let approver = who(&app, "demo-approver").await;
    let policy = who(&app, "demo-policy").await;
    let finance = item_id(&app, &requester.token, "role", "Finance Analyst").await;
    let sales = item_id(&app, &requester.token, "role", "Sales Representative").await;

    let r = create(
        &app,
        &requester.token,
        body_for(&requester.id, "role", &finance, json!({})),
    )
    .await;
    assert!(!active_ids(&r).contains(&admin.id));
    let done = finish(&app, &admin, &r, "cancel", "cancelled", "cancelled").await;
    assert_eq!(done["decision"]["phases"][0]["completedBy"]["id"], admin.id.as_str());

    let r = create(
        &app,
        &requester.token,
        body_for(&requester.id, "role", &sales, json!({})),
    )
    .await;
    let id = id_of(&r);
    let (status, moved) = act(
        &app,
        &admin.token,
        &id,
        "reassign",
        json!({"updatedActors": [{"id": policy.id, "permissions": {"comment": true}}]}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(
        active_ids(&moved),
        vec![policy.id.clone()],
        "the admin replaced every actor"
    );
    assert_eq!(
        moved["decision"]["actors"]["active"][0]["permissions"],
        json!({"approve": false, "reject": false, "reassign": false, "modify": false, "comment": true, "cancel": false})
    );

    for action in ["approve", "reject", "reassign"] {
        let (status, body) = act(
            &app,
            &policy.token,
            &id,
            action,
            json!({"updatedActors": [{"id": approver.id}]}),
        )
        .await;
        assert_eq!(status, 403, "{action}: {body}");
    }
    let (status, body) = act(&app, &approver.token, &id, "approve", json!({})).await;
    assert_eq!(status, 403, "the manager was replaced: {body}");
    let (status, commented) = act(
        &app,
        &policy.token,
        &id,
        "comment",
        json!({"comment": "Looks fine to me"}),
    )
    .await;
    assert_eq!(status, 200, "{commented}");
    let last = commented["decision"]["comments"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["action"].clone(), last["user"]["id"].clone()),
        (json!("comment"), json!(policy.id))
    );
    assert_eq!(commented["decision"]["status"], "in-progress");
}

#[tokio::test]
async fn while_self_approval_is_off_the_org_admin_fallback_leaves_out_the_requester() {
    let app = spawn_app().await;
    make_org_admin(&app, "demo-source").await;
    let admin = who(&app, "demo-admin").await;
    let source = who(&app, "demo-source").await;
    let sales = item_id(&app, &admin.token, "role", "Sales Representative").await;
    let hr = item_id(&app, &admin.token, "role", "HR Business Partner").await;

    // demo-admin has no manager; self-approval is off by default.
    let mine = create(&app, &admin.token, body_for(&admin.id, "role", &sales, json!({}))).await;
    assert_eq!(active_ids(&mine), vec![source.id.clone()], "only the other ORG_ADMIN");
    let (status, body) = act(&app, &admin.token, &id_of(&mine), "approve", json!({})).await;
    assert_eq!(status, 403, "{body}");
    finish(&app, &source, &mine, "approve", "complete", "provisioned").await;

    set_access_request_config(&app, &admin.token, json!({"allowSelfApproval": true})).await;
    let mine = create(&app, &admin.token, body_for(&admin.id, "role", &hr, json!({}))).await;
    let mut both = vec![admin.id.clone(), source.id.clone()];
    both.sort();
    assert_eq!(active_ids(&mine), both, "self-approval on: every ORG_ADMIN");
    finish(&app, &admin, &mine, "approve", "complete", "provisioned").await;
}

/// A manager who asks for their own report, while self-approval is off, could not approve
/// it: the request goes to the other ORG_ADMINs instead of waiting on them.
#[tokio::test]
async fn a_managers_own_request_for_a_report_goes_to_someone_who_may_approve_it() {
    let app = spawn_app().await;
    make_org_admin(&app, "demo-source").await;
    let admin = who(&app, "demo-admin").await;
    let source = who(&app, "demo-source").await;
    let (head, lacking) = head_reporting_to(&app, &admin).await;
    let role = item_id(&app, &admin.token, "role", lacking[0]).await;

    set_access_request_config(&app, &admin.token, json!({"allowSelfApproval": false})).await;
    let r = create(&app, &admin.token, body_for(&head, "role", &role, json!({}))).await;
    assert_eq!(
        active_ids(&r),
        vec![source.id.clone()],
        "the other ORG_ADMIN, not the manager"
    );
    finish(&app, &source, &r, "approve", "complete", "provisioned").await;

    // With self-approval on, the manager approves their own request as before.
    let other = item_id(
        &app,
        &admin.token,
        "role",
        lacking.get(1).expect("a second role the head lacks"),
    )
    .await;
    set_access_request_config(&app, &admin.token, json!({"allowSelfApproval": true})).await;
    let r = create(&app, &admin.token, body_for(&head, "role", &other, json!({}))).await;
    assert_eq!(active_ids(&r), vec![admin.id.clone()]);
}

/// A department head (they report to `admin`) and the requestable roles they lack.
async fn head_reporting_to(app: &TestApp, admin: &Who) -> (String, Vec<&'static str>) {
    let mut head = None;
    for offset in [0, 250] {
        let r = app
            .get(&admin.token, &format!("/v2024/identities?limit=250&offset={offset}"))
            .await;
        let people: Value = r.json().await.unwrap();
        head = head.or_else(|| {
            people
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["managerRef"]["id"] == admin.id.as_str())
                .map(|p| p["id"].as_str().unwrap().to_string())
        });
    }
    let head = head.expect("a department head reporting to demo-admin");
    let held = role_names(app, &admin.token, &head).await;
    let lacking = ["Finance Analyst", "Sales Representative", "HR Business Partner"]
        .into_iter()
        .filter(|n| !held.contains(&n.to_string()))
        .collect();
    (head, lacking)
}
