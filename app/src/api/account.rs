//! The signed-in user's own account: password and sessions.

use crate::error::AppError;
use crate::model::account::{PasswordChange, SessionInfo, SessionRevocation};
use leptos::prelude::*;

/// The user's live sessions.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "account/list_my_sessions")]
pub async fn list_my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    use crate::ssr::{auth, services::sessions, state::app_state};
    let principal = auth::require_principal_for_account().await?;
    let now = chrono::Utc::now().timestamp();
    sessions::list_sessions(
        &app_state()?.db,
        principal.user_id,
        principal.session_handle.as_deref(),
        now,
    )
    .await
}

/// Ends one of the user's sessions (by its public handle).
///
/// # Errors
/// [`AppError::NotFound`] for a handle that is not the user's.
#[server(endpoint = "account/revoke_my_session")]
pub async fn revoke_my_session(form: SessionRevocation) -> Result<(), AppError> {
    use crate::ssr::{auth, services::sessions, state::app_state};
    let principal = auth::require_principal_for_account().await?;
    sessions::revoke_other_session(&app_state()?.db, &principal, &form.handle).await
}

/// Changes the user's password; every other session of the user ends.
///
/// # Errors
/// [`AppError::Validation`] per field.
#[server(endpoint = "account/change_password")]
pub async fn change_password(form: PasswordChange) -> Result<(), AppError> {
    use crate::ssr::{auth, services::users, session::UserSession, state::app_state};
    let principal = auth::require_principal_for_account().await?;
    let db = &app_state()?.db;
    let session = UserSession::from_request().await?;
    let keep = principal.session_handle.clone();
    let epoch = users::change_password(
        db,
        principal.user_id,
        &form.current_password,
        &form.new_password,
        &form.confirm_password,
        keep.as_deref(),
    )
    .await?;
    // The epoch changed: sign this session in again under a new id so it stays valid.
    session
        .sign_in(
            principal.user_id,
            epoch,
            auth::client_addr().await,
            auth::user_agent(),
        )
        .await?;
    leptos_axum::redirect("/account?changed=1");
    Ok(())
}
