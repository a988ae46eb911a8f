//! The signed-in user's own account: password, sessions and personal API tokens.

use crate::error::AppError;
use crate::model::account::{
    PasswordChange, SessionInfo, SessionRevocation, TokenInput, TokenRevocation, TokensPage,
};
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

/// The cookie that carries a new token's secret from its form to the account page, once:
/// the secret is never stored on the server (only its hash) nor put in an address.
#[cfg(feature = "ssr")]
const FRESH_TOKEN_COOKIE: &str = "innocities_new_token";

/// The user's API tokens, and the secret of one just made (shown once: the cookie that
/// brought it is removed as the page is rendered).
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "account/list_my_tokens")]
pub async fn list_my_tokens() -> Result<TokensPage, AppError> {
    use crate::ssr::{auth, services::api_tokens, state::app_state};
    let principal = auth::require_principal().await?;
    let tokens = api_tokens::list(&app_state()?.db, &principal).await?;
    let fresh = auth::request_cookie(FRESH_TOKEN_COOKIE);
    if fresh.is_some() {
        auth::set_cookie(FRESH_TOKEN_COOKIE, "", "/account", 0);
    }
    // Shown only while the newest live token is the one it opens.
    let fresh_secret = fresh.filter(|secret| {
        tokens
            .first()
            .is_some_and(|t| t.live && secret.starts_with(&t.prefix))
    });
    let proposed = chrono::Utc::now().date_naive() + chrono::Days::new(90);
    Ok(TokensPage {
        tokens,
        fresh_secret,
        proposed_expiry: proposed.format("%Y-%m-%d").to_string(),
    })
}

/// Makes a personal API token; the account page then shows its secret, once.
///
/// # Errors
/// Field errors of `name`, `expires_on` and `access`.
#[server(endpoint = "account/create_token")]
pub async fn create_token(form: TokenInput) -> Result<(), AppError> {
    use crate::ssr::{auth, services::api_tokens, state::app_state};
    let principal = auth::require_principal().await?;
    let (_, secret) = api_tokens::create(
        &app_state()?.db,
        &principal,
        &form,
        auth::client_addr().await,
    )
    .await?;
    auth::set_cookie(FRESH_TOKEN_COOKIE, &secret, "/account", 300);
    leptos_axum::redirect("/account?token=1#tokens");
    Ok(())
}

/// Revokes one of the user's API tokens.
///
/// # Errors
/// [`AppError::NotFound`] for a token that is not the user's.
#[server(endpoint = "account/revoke_token")]
pub async fn revoke_token(form: TokenRevocation) -> Result<(), AppError> {
    use crate::ssr::{auth, services::api_tokens, state::app_state};
    let principal = auth::require_principal().await?;
    api_tokens::revoke(
        &app_state()?.db,
        &principal,
        form.id,
        auth::client_addr().await,
    )
    .await
}
