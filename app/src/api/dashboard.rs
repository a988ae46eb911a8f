//! The dashboard's roll-ups.

use crate::error::AppError;
use crate::model::dashboard::{Dashboard, DashboardFilter, FrameChange};
use leptos::prelude::*;

/// The dashboard for a filter, within the signed-in user's scope.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session; a field error for an unknown code.
#[server(endpoint = "dashboard/get")]
pub async fn get_dashboard(filter: DashboardFilter) -> Result<Dashboard, AppError> {
    use crate::ssr::{auth, rollup::dashboard, state::app_state};
    let principal = auth::require_principal().await?;
    let state = app_state()?;
    dashboard::dashboard(&state.db, &state.rollups, &principal, &filter).await
}

/// Changes the programme's funding frame (the national team).
///
/// # Errors
/// [`AppError::Forbidden`] for others; a `frame` field error for a bad amount.
#[server(endpoint = "dashboard/set_frame")]
pub async fn set_frame(form: FrameChange) -> Result<(), AppError> {
    use crate::ssr::{auth, services::frame, state::app_state};
    let principal = auth::require_principal().await?;
    frame::set_frame(&app_state()?.db, &principal, &form.amount, form.version).await?;
    leptos_axum::redirect("/dashboard?saved=1");
    Ok(())
}
