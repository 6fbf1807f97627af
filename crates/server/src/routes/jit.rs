//! SailPoint JIT activation config (seed 000): `GET/PATCH /jit-activation-config/v1/{configType}`
//! and the same under `/v2026/jit-activation-config/{configType}`. Only `policy`; 404
//! until a policy is stored (the demo tenant stores one); PATCH is a non-empty list of
//! replace operations on the eight documented paths. The experimental header is
//! accepted, not required. Changes are audited like the other settings documents.
//!
//! Gatehouse's own `GET /gatehouse/v1/jit-activation/entitlements?search=&ids=&limit=`
//! finds the entitlements the policy can name (privileged ones are usually not
//! requestable, so the IGA catalog does not show them to a POLICY_ADMIN).

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::settings::jit_entitlements::{JitEntitlement, JIT_ENTITLEMENTS_MAX};
use gatehouse_wire::settings::{JitAccessOperation, JitActivationConfig, JIT_CONFIG_TYPE};

use crate::auth::Caller;
use crate::error::{query_params, ApiError, ApiResult, Json};
use crate::routes::document::{refuse, to_value, with_etag, IfMatch, RawJson};
use crate::routes::settings::stored;
use crate::state::AppState;
use crate::store::jit_entitlements;
use crate::store::settings::{self as store, Change, Tx};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/jit-activation-config/v1/{config_type}", get(read).patch(patch))
        .route("/v2026/jit-activation-config/{config_type}", get(read).patch(patch))
        .route("/gatehouse/v1/jit-activation/entitlements", get(entitlements))
}

fn check_access(caller: &Caller, config_type: &str) -> ApiResult<()> {
    caller.require(caller.can_manage_jit(), "reading or changing the JIT activation policy")?;
    if config_type == JIT_CONFIG_TYPE {
        Ok(())
    } else {
        Err(ApiError::bad(format!(
            "configType: '{config_type}' is not supported; only '{JIT_CONFIG_TYPE}' is"
        )))
    }
}

fn not_stored() -> ApiError {
    ApiError::NotFound("the JIT activation policy (configType 'policy') has not been stored yet".into())
}

async fn read(State(state): State<AppState>, caller: Caller, Path(config_type): Path<String>) -> ApiResult<Response> {
    check_access(&caller, &config_type)?;
    let (v, rev) = store::get_raw(&state.db, store::JIT_POLICY)
        .await?
        .ok_or_else(not_stored)?;
    let doc: JitActivationConfig = stored(store::JIT_POLICY, v)?;
    Ok(with_etag(&doc, rev))
}

async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(config_type): Path<String>,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    check_access(&caller, &config_type)?;
    let ops: Vec<JitAccessOperation> = body.parse()?;
    let mut tx = Tx::begin(&state.db).await?;
    let current = tx.get(store::JIT_POLICY).await?.ok_or_else(not_stored)?;
    if_match.check(current.rev, "the JIT activation policy")?;
    let before: JitActivationConfig = stored(store::JIT_POLICY, current.document.clone())?;
    let after = before.apply(&ops).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    refuse(after.check())?;
    let missing = tx.missing_entitlements(&after.entitlement_ids).await?;
    if !missing.is_empty() {
        return Err(ApiError::bad(format!(
            "entitlementIds: no entitlement has the id {}",
            missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", ")
        )));
    }
    let after_value = to_value(&after)?;
    if after_value == current.document {
        return Ok(with_etag(&after, current.rev));
    }
    let rev = tx
        .put(&Change {
            name: store::JIT_POLICY,
            after: &after_value,
            before: Some(&current.document),
            method: "PATCH",
            patch: &to_value(&ops)?,
            identity_id: &caller.identity_id,
            fallback_name: &caller.user_name,
        })
        .await?;
    tx.commit().await?;
    tracing::info!(rev, by = %caller.identity_id, "JIT activation policy changed");
    Ok(with_etag(&after, rev))
}

/// `GET /gatehouse/v1/jit-activation/entitlements?search=&ids=&limit=`: with `ids`
/// (comma-separated) the ones that exist, in that order; else those whose name contains
/// `search` (privileged first). POLICY_ADMIN or ORG_ADMIN.
async fn entitlements(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Vec<JitEntitlement>>> {
    caller.require(
        caller.can_manage_jit(),
        "looking up entitlements for the JIT activation policy",
    )?;
    let params = query_params(raw.as_deref())?;
    let known = ["search", "ids", "limit"];
    if let Some(unknown) = params.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::bad(format!(
            "'{unknown}' is not a query parameter here; use one of {}",
            known.join(", ")
        )));
    }
    let limit = match params.get("limit") {
        None => 20,
        Some(v) => match v.trim().parse::<i64>() {
            Ok(n) if (1..=JIT_ENTITLEMENTS_MAX).contains(&n) => n,
            _ => {
                return Err(ApiError::bad(format!(
                    "limit must be between 1 and {JIT_ENTITLEMENTS_MAX}, got '{v}'"
                )))
            }
        },
    };
    if let Some(ids) = params.get("ids") {
        let ids: Vec<String> = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .take(JIT_ENTITLEMENTS_MAX as usize)
            .collect();
        return Ok(Json(jit_entitlements::by_ids(&state.db, &ids).await?));
    }
    let search = params.get("search").map(|s| s.trim()).unwrap_or_default();
    Ok(Json(jit_entitlements::search(&state.db, search, limit).await?))
}
