//! The programme's public key figures.

use crate::error::AppError;
use crate::model::figures::KeyFigures;
use leptos::prelude::*;

/// The national key figures, live from the register (recomputed after every change). Public: no sign-in needed.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
#[server(endpoint = "figures/get_key_figures")]
pub async fn get_key_figures() -> Result<KeyFigures, AppError> {
    let state = crate::ssr::state::app_state()?;
    crate::ssr::services::figures::cached_key_figures(&state.db, &state.rollups).await
}
