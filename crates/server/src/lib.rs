//! `gatehouse-server`: the SailPoint Identity Security Cloud and PingOne AIC IGA APIs
//! over SQLite, serving the built portal on the same origin.

pub mod app;
pub mod auth;
pub mod clock;
pub mod config;
pub mod error;
pub mod lockout;
pub mod net_guard;
pub mod routes;
pub mod seed;
pub mod state;
pub mod store;
pub mod tasks;
pub mod web;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};

use rand::RngCore;

pub use app::app;
pub use config::{Config, Seed};

use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, Inner, Keys, Session};

/// Opens the database, seeds a new one, and builds the state. Returns the line to
/// print once for `--seed none`.
pub async fn build_state(config: &Config) -> ApiResult<(AppState, Option<String>)> {
    let (db, fresh) = store::open(&config.database_url()).await?;
    let announcement = if fresh {
        tracing::info!(seed = ?config.seed, "new database: seeding");
        let line = seed::seed(&db, config.seed).await?;
        store::mark_seeded(&db, &format!("{:?}", config.seed)).await?;
        line
    } else {
        tracing::info!(seed = ?config.seed, "existing database: --seed applies only to a new database, ignored");
        None
    };
    let secret = store::meta_or_insert(&db, "jwt_secret", || {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        hex::encode(bytes)
    })
    .await?;
    let keys = Keys {
        encoding: jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
        decoding: jsonwebtoken::DecodingKey::from_secret(secret.as_bytes()),
    };
    let now = clock::now_secs();
    let sessions: HashMap<String, Session> = store::tokens::active(&db, now)
        .await?
        .into_iter()
        .map(|(jti, identity_id, issued_at)| {
            (
                jti,
                Session {
                    identity_id,
                    issued_at,
                    last_used: now,
                },
            )
        })
        .collect();
    let settings = store::settings::load_live(&db).await?;
    let dist = config.dist.join("index.html").is_file().then(|| config.dist.clone());
    if dist.is_none() {
        tracing::warn!(dist = %config.dist.display(), "no built portal there: serving the API only");
    }
    let csp = web::csp_for(dist.as_deref().and_then(web::read_index).as_deref());
    let state = AppState(Arc::new(Inner {
        db,
        keys,
        sessions: Mutex::new(sessions),
        settings: RwLock::new(settings),
        dist,
        csp,
        trusted_proxy: config.trusted_proxy,
        failures: Mutex::new(lockout::FailedSignIns::default()),
        sync_calls: Mutex::new(HashMap::new()),
        identity_cache: Default::default(),
    }));
    Ok((state, announcement))
}

/// Serves on an already bound listener until `shutdown` resolves.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Everything `main` does after parsing the command line.
pub async fn run(config: Config) -> Result<(), ApiError> {
    let (state, announcement) = build_state(&config).await?;
    if let Some(line) = announcement {
        println!("{line}");
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| ApiError::Internal(format!("cannot listen on {}: {e}", config.addr)))?;
    let addr = listener.local_addr().map_err(|e| ApiError::Internal(e.to_string()))?;
    tracing::info!("Gatehouse is serving at http://{addr}");
    serve_on(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| ApiError::Internal(format!("server: {e}")))
}
