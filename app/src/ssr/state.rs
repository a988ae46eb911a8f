//! The application state handed to every request through Leptos's context.

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Settings the handlers need at run time.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The address users reach the service at, e.g. `https://seuranta.innokaupungit.fi`.
    pub public_url: String,
    /// Whether cookies carry `Secure` (off only for plain-http localhost).
    pub secure_cookies: bool,
    /// The reverse proxies whose forwarding headers name the client.
    pub trusted_proxies: crate::ssr::client_addr::TrustedProxies,
}

/// Shared state: the database pool, Leptos's options, the settings and the computed
/// roll-ups of the current data version.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub rollups: Arc<crate::ssr::rollup::cache::RollupCache>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state of the current request.
///
/// # Errors
/// [`AppError::Internal`] when called outside a request the server set up.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
