//! Shared server state: the pool, the token keys, the live sessions and the cached
//! settings that govern sign-in. Handlers get it through axum's `State`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use gatehouse_wire::settings::{LockoutConfiguration, NetworkConfiguration, SessionConfiguration};
use sqlx::SqlitePool;

use crate::config::Cidr;
use crate::lockout::FailedSignIns;
use crate::store::identity_cache::IdentityCache;

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

pub struct Inner {
    pub db: SqlitePool,
    pub keys: Keys,
    pub sessions: Mutex<HashMap<String, Session>>,
    pub settings: RwLock<LiveSettings>,
    pub dist: Option<PathBuf>,
    pub csp: String,
    pub trusted_proxy: Option<Cidr>,
    /// Failed sign-ins per client id, for lockout ([`crate::lockout`]).
    pub failures: Mutex<FailedSignIns>,
    /// Last synchronize per identity (unix seconds), for the documented 429.
    pub sync_calls: Mutex<HashMap<String, i64>>,
    /// Identity documents, list totals and keyset anchors (see `store::identity_cache`).
    pub identity_cache: IdentityCache,
}

/// The HMAC key that signs access tokens.
pub struct Keys {
    pub encoding: jsonwebtoken::EncodingKey,
    pub decoding: jsonwebtoken::DecodingKey,
}

/// One issued, unrevoked token.
#[derive(Debug, Clone)]
pub struct Session {
    pub identity_id: String,
    pub issued_at: i64,
    pub last_used: i64,
}

/// Settings read on every request, kept in memory and refreshed on each write.
#[derive(Debug, Clone, Default)]
pub struct LiveSettings {
    pub lockout: LockoutConfiguration,
    pub session: SessionConfiguration,
    pub network: NetworkConfiguration,
}

impl Inner {
    /// The client's address: the peer, or `X-Forwarded-For`'s last hop when the
    /// peer is the trusted proxy.
    pub fn client_ip(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        match (self.trusted_proxy, forwarded_for) {
            (Some(proxy), Some(xff)) if proxy.0.contains(peer) => xff
                .rsplit(',')
                .map(str::trim)
                .find_map(|s| s.parse::<IpAddr>().ok())
                .unwrap_or(peer),
            _ => peer,
        }
    }

    pub fn live(&self) -> LiveSettings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }
}
