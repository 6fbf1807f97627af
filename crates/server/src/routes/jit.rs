//! SailPoint JIT activation config (seed 000): `GET/PATCH /jit-activation-config/v1/{configType}`
//! and the same under `/v2026/jit-activation-config/{configType}`. Only `policy`; 404
//! until a policy is stored (the demo tenant stores one); PATCH is a non-empty list of
//! replace operations on the eight documented paths. The experimental header is
//! accepted, not required. Changes are audited like the other settings documents.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::settings::{JitAccessOperation, JitActivationConfig, JIT_CONFIG_TYPE};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::routes::document::{refuse, to_value, with_etag, IfMatch, RawJson};
use crate::routes::settings::stored;
use crate::state::AppState;
use crate::store::settings::{self as store, Change, Tx};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/jit-activation-config/v1/{config_type}", get(read).patch(patch))
        .route("/v2026/jit-activation-config/{config_type}", get(read).patch(patch))
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
