//! `serve`: migrate, optionally seed, and serve HTTP until Ctrl-C or SIGTERM, then finish
//! the requests in flight (at most the grace period) and exit 0.

use crate::cli::{DatabaseArgs, ServeArgs};
use crate::commands::connect_migrated;
use app::ssr::session_store::DbSessionStore;
use app::ssr::state::{AppState, Settings};
use leptos::prelude::*;
use std::sync::Arc;
use tower_sessions::ExpiredDeletion;

/// Runs the server.
///
/// # Errors
/// The database or the listening socket fails.
pub async fn run(database: &DatabaseArgs, args: ServeArgs) -> anyhow::Result<()> {
    let trusted_proxies = app::ssr::client_addr::TrustedProxies::parse(&args.trusted_proxies)
        .map_err(|e| anyhow::anyhow!("INNOCITIES_TRUSTED_PROXIES: {e}"))?;
    let db = connect_migrated(database, args.migrate).await?;
    if args.seed_demo {
        let outcome = crate::demo::seed(&db).await?;
        tracing::info!("{outcome}");
    }
    // An installation from before publications keeps its public figures.
    app::ssr::rollup::publication::ensure_first(&db)
        .await
        .map_err(|e| anyhow::anyhow!("the first publication: {e:?}"))?;
    let leptos_options = leptos_options(args.addr);
    let state = AppState {
        db: db.clone(),
        leptos_options,
        settings: Arc::new(Settings {
            public_url: args.public_url.clone(),
            secure_cookies: args.secure_cookies,
            trusted_proxies,
        }),
        rollups: Arc::new(app::ssr::rollup::cache::RollupCache::from_env()),
    };

    // Expired sessions are removed every ten minutes.
    if let Some(addr) = args.metrics_addr {
        crate::metrics::serve(addr, db.clone()).await?;
    }
    let store = DbSessionStore::new(db);
    let purge_store = store.clone();
    let purge = tokio::spawn(async move {
        let mut every = tokio::time::interval(tokio::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(err) = purge_store.delete_expired().await {
                tracing::warn!(error = %err, "purging expired sessions failed");
            }
        }
    });

    let router = crate::routes::router(state, store);
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    tracing::info!(
        "InnoCities Monitor listening on http://{}",
        listener.local_addr()?
    );
    println!("InnoCities Monitor is running: open {}", args.public_url);
    // On SIGTERM (or Ctrl-C): stop accepting, let the requests in flight finish, and exit;
    // past the grace period whatever still runs is cut off.
    let (signalled, mut told) = tokio::sync::watch::channel(false);
    let serving = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // `/readyz` says 503 from now on; during the drain delay new requests are still
        // served, so a balancer that checks readiness takes this instance out first.
        crate::availability::shutting_down();
        let drain = seconds_from_env("INNOCITIES_DRAIN_SECS", 0);
        if !drain.is_zero() {
            tracing::info!(
                "shutting down: not ready, serving {}s more",
                drain.as_secs()
            );
            tokio::time::sleep(drain).await;
        }
        tracing::info!("shutting down: finishing the requests in flight");
        let _ = signalled.send(true);
    });
    let grace = seconds_from_env("INNOCITIES_SHUTDOWN_GRACE_SECS", 20);
    tokio::select! {
        served = std::future::IntoFuture::into_future(serving) => served?,
        () = async {
            let _ = told.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        } => tracing::warn!("requests still running {}s after the signal were cut off", grace.as_secs()),
    }
    purge.abort();
    Ok(())
}

/// A number of seconds from the environment variable `name`, or `default`: how long
/// requests in flight may run after the signal to stop (`INNOCITIES_SHUTDOWN_GRACE_SECS`,
/// 20 s), and how long the server goes on serving while not ready before it stops accepting
/// (`INNOCITIES_DRAIN_SECS`, 0 s).
fn seconds_from_env(name: &str, default: u64) -> std::time::Duration {
    std::time::Duration::from_secs(
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default),
    )
}

/// Leptos's options: from cargo-leptos's environment when it runs the server, otherwise the
/// defaults of a release build started from the workspace root (site in `target/site`).
pub fn leptos_options(addr: std::net::SocketAddr) -> LeptosOptions {
    let mut options = get_configuration(None)
        .map(|c| c.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("innocities").build());
    if options.output_name.is_empty() {
        options.output_name = "innocities".into();
    }
    if std::env::var_os("LEPTOS_SITE_ROOT").is_none() {
        options.site_root = "target/site".into();
    }
    if std::env::var_os("LEPTOS_ENV").is_none() {
        options.env = leptos::config::Env::PROD;
    }
    // A release build names its files by their content and lists the names in hash.txt
    // beside the server binary; without that list (a debug build, a test binary) the plain
    // names are linked. Leptos reads the list itself and would stop on a missing one.
    let hashed = std::env::var("LEPTOS_HASH_FILES").map_or(true, |v| v != "false");
    options.hash_files = hashed && crate::assets::hash_list(&options).is_some();
    options.site_addr = addr;
    options
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
