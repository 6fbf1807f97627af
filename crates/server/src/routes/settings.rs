//! SailPoint v3 Global Tenant Security Settings (seed 004) under `/v3/auth-org` and
//! `/auth-org/v1`: lockout, session, network and service-provider configuration
//! (GET, PATCH with a JSON Patch, POST for network), and Gatehouse's history of every
//! settings document, `GET /gatehouse/v1/settings/{name}/history`.
//!
//! A change is one transaction: read the stored document, check `If-Match`, patch a
//! copy, decode it whole into its wire type, check the wire rules (and what they
//! reference), store it with its audit row. The live copy the sign-in and network
//! checks read is updated before the commit, while the database's write lock still
//! orders concurrent changes, and restored from the database if the commit fails.

use std::net::IpAddr;
use std::sync::PoisonError;

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use gatehouse_wire::settings::{
    LockoutConfiguration, NetworkConfiguration, RuleError, ServiceProviderConfiguration, SessionConfiguration,
    SETTINGS_DOCUMENTS,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::routes::document::{
    apply_patch, decode, history_page, history_paging, refuse, to_value, with_etag, ClientIp, IfMatch, RawJson,
};
use crate::state::{AppState, LiveSettings};
use crate::store::audit;
use crate::store::settings::{self as store, Change, Tx};

/// The auth-org documents: their stored name, their rules, what they reference, and
/// how they govern the server once stored.
trait AuthOrgDoc: Serialize + DeserializeOwned + Default + Send + Sync + 'static {
    const NAME: &'static str;

    /// The documented rules for a change from `before` to `self`, made from `client`.
    fn rules(&self, before: &Self, client: Option<IpAddr>) -> Vec<RuleError>;

    /// A source the document names (it must exist).
    fn source_id(&self) -> Option<&str> {
        None
    }

    /// Puts the document into the live settings (when it governs sign-in or requests).
    fn go_live(&self, _live: &mut LiveSettings) {}
}

impl AuthOrgDoc for LockoutConfiguration {
    const NAME: &'static str = store::LOCKOUT;

    fn rules(&self, _: &Self, _: Option<IpAddr>) -> Vec<RuleError> {
        self.check()
    }

    fn go_live(&self, live: &mut LiveSettings) {
        live.lockout = self.clone();
    }
}

impl AuthOrgDoc for SessionConfiguration {
    const NAME: &'static str = store::SESSION;

    fn rules(&self, _: &Self, _: Option<IpAddr>) -> Vec<RuleError> {
        self.check()
    }

    fn go_live(&self, live: &mut LiveSettings) {
        live.session = self.clone();
    }
}

impl AuthOrgDoc for NetworkConfiguration {
    const NAME: &'static str = store::NETWORK;

    fn rules(&self, _: &Self, client: Option<IpAddr>) -> Vec<RuleError> {
        let mut errors = self.check();
        if errors.is_empty() {
            if let Some(Err(e)) = client.map(|ip| self.check_keeps(ip)) {
                errors.push(e);
            }
        }
        errors
    }

    fn go_live(&self, live: &mut LiveSettings) {
        live.network = self.clone();
    }
}

impl AuthOrgDoc for ServiceProviderConfiguration {
    const NAME: &'static str = store::SERVICE_PROVIDER;

    fn rules(&self, before: &Self, _: Option<IpAddr>) -> Vec<RuleError> {
        self.check_change(before)
    }

    fn source_id(&self) -> Option<&str> {
        self.jit_source_id()
    }
}

fn doc_routes<D: AuthOrgDoc>() -> axum::routing::MethodRouter<AppState> {
    get(read::<D>).patch(patch::<D>)
}

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for prefix in ["/v3/auth-org", "/auth-org/v1"] {
        r = r
            .route(
                &format!("{prefix}/lockout-config"),
                doc_routes::<LockoutConfiguration>(),
            )
            .route(
                &format!("{prefix}/session-config"),
                doc_routes::<SessionConfiguration>(),
            )
            .route(
                &format!("{prefix}/network-config"),
                doc_routes::<NetworkConfiguration>().post(create_network),
            )
            .route(
                &format!("{prefix}/service-provider-config"),
                doc_routes::<ServiceProviderConfiguration>(),
            );
    }
    r.route("/gatehouse/v1/settings/{name}/history", get(history))
}

fn require_admin(caller: &Caller) -> ApiResult<()> {
    caller.require(
        caller.can_manage_auth_org(),
        "reading or changing the tenant security settings",
    )
}

/// Decodes a document as stored (a failure is the server's fault, not the caller's).
pub fn stored<T: DeserializeOwned>(name: &str, v: Value) -> ApiResult<T> {
    serde_json::from_value(v).map_err(|e| ApiError::Internal(format!("stored settings '{name}' unreadable: {e}")))
}

async fn read<D: AuthOrgDoc>(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    require_admin(&caller)?;
    // A database seeded before a document had a default answers the default (revision 0).
    let (doc, rev) = match store::get_raw(&state.db, D::NAME).await? {
        Some((v, rev)) => (stored::<D>(D::NAME, v)?, rev),
        None => (D::default(), 0),
    };
    Ok(with_etag(&doc, rev))
}

async fn patch<D: AuthOrgDoc>(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(client): ClientIp,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require_admin(&caller)?;
    let patch: json_patch::Patch = body.parse()?;
    let ops = to_value(&patch)?;
    write::<D>(&state, &caller, client, &if_match, "PATCH", &ops, |before| {
        apply_patch(before, &patch)
    })
    .await
}

/// `POST .../network-config`: the posted document replaces the stored one.
async fn create_network(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(client): ClientIp,
    if_match: IfMatch,
    body: RawJson,
) -> ApiResult<Response> {
    require_admin(&caller)?;
    let posted: Value = body.parse()?;
    write::<NetworkConfiguration>(&state, &caller, client, &if_match, "POST", &posted, |_| {
        Ok(posted.clone())
    })
    .await
}

/// The shared change: `change` turns the stored document into the proposed one.
async fn write<D: AuthOrgDoc>(
    state: &AppState,
    caller: &Caller,
    client: Option<IpAddr>,
    if_match: &IfMatch,
    method: &str,
    input: &Value,
    change: impl FnOnce(&Value) -> ApiResult<Value>,
) -> ApiResult<Response> {
    let mut tx = Tx::begin(&state.db).await?;
    let current = tx.get(D::NAME).await?;
    let (before_value, rev) = match &current {
        Some(s) => (s.document.clone(), s.rev),
        None => (to_value(&D::default())?, 0),
    };
    if_match.check(rev, D::NAME)?;
    let before: D = stored(D::NAME, before_value.clone())?;
    let after: D = decode(change(&before_value)?)?;
    let mut errors = after.rules(&before, client);
    if let Some(source_id) = after.source_id() {
        if !tx.source_exists(source_id).await? {
            errors.push(RuleError::new(
                "jitConfiguration.sourceId",
                format!("rule 5: JIT source id '{source_id}' is invalid: no source has it"),
            ));
        }
    }
    refuse(errors)?;
    let after_value = to_value(&after)?;
    if current.is_some() && after_value == before_value {
        // Nothing changes: no new revision, no audit row.
        return Ok(with_etag(&after, rev));
    }
    let new_rev = tx
        .put(&Change {
            name: D::NAME,
            after: &after_value,
            before: current.as_ref().map(|s| &s.document),
            method,
            patch: input,
            identity_id: &caller.identity_id,
            fallback_name: &caller.user_name,
        })
        .await?;
    commit_live(state, tx, |live| after.go_live(live)).await?;
    tracing::info!(document = D::NAME, rev = new_rev, by = %caller.identity_id, "settings changed");
    Ok(with_etag(&after, new_rev))
}

/// Commits, having first put the change into the live settings (see the module header).
pub async fn commit_live(state: &AppState, tx: Tx, set: impl FnOnce(&mut LiveSettings)) -> ApiResult<()> {
    {
        let mut live = state.settings.write().unwrap_or_else(PoisonError::into_inner);
        set(&mut live);
    }
    if let Err(e) = tx.commit().await {
        let stored = store::load_live(&state.db).await;
        if let Ok(stored) = stored {
            *state.settings.write().unwrap_or_else(PoisonError::into_inner) = stored;
        }
        return Err(e);
    }
    Ok(())
}

/// `GET /gatehouse/v1/settings/{name}/history?limit=&offset=`: changes newest first,
/// `X-Total-Count` says how many there are.
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    if !SETTINGS_DOCUMENTS.contains(&name.as_str()) {
        return Err(ApiError::NotFound(format!(
            "no settings document is named '{name}'; use one of {}",
            SETTINGS_DOCUMENTS.join(", ")
        )));
    }
    let allowed = if name == store::JIT_POLICY {
        caller.can_manage_jit()
    } else {
        caller.can_manage_auth_org()
    };
    caller.require(allowed, "reading the history of these settings")?;
    let (limit, offset) = history_paging(raw.as_deref())?;
    let (items, total) = audit::history(&state.db, &name, limit, offset).await?;
    Ok(history_page(items, total))
}
