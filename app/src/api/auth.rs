//! Signing in and out, and who is signed in.

use crate::error::AppError;
use crate::model::auth::{CurrentUser, LoginForm};
use leptos::prelude::*;

/// Signs in with e-mail and password and sends the browser on to `next` (a local path).
///
/// # Errors
/// [`AppError::Validation`] for empty fields, [`AppError::InvalidCredentials`] for a wrong
/// e-mail or password (the same answer for both), [`AppError::Throttled`] after repeated
/// failures.
#[server(endpoint = "auth/login")]
pub async fn login(form: LoginForm) -> Result<(), AppError> {
    use crate::ssr::{auth, services::users, session::UserSession, state::app_state};
    let state = app_state()?;
    let session = UserSession::from_request().await?;
    let input = users::Credentials::parse(&form.email, &form.password)?;
    let client = auth::client_addr().await;
    let now = chrono::Utc::now().timestamp();
    let user = users::authenticate(&state.db, &input, client.as_deref(), now).await?;
    session
        .sign_in(user.id, user.session_epoch, client, auth::user_agent())
        .await?;
    if user.must_change_password {
        leptos_axum::redirect("/account");
    } else {
        leptos_axum::redirect(&auth::safe_next(form.next.as_deref(), "/projects"));
    }
    Ok(())
}

/// Signs out: the session is destroyed on the server.
///
/// # Errors
/// [`AppError::Internal`] when the session store fails.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{auth, services::audit, session::UserSession, state::app_state};
    let state = app_state()?;
    let session = UserSession::from_request().await?;
    if let Some(user) = session.user().await {
        let entry = audit::Entry::new("sign_out", "app_user", Some(user.user_id.to_string()))
            .by(Some(user.user_id))
            .from_addr(auth::client_addr().await);
        audit::record(&state.db, entry).await?;
    }
    session.sign_out().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in user, or `None`.
///
/// # Errors
/// [`AppError::Internal`] when the database or session store fails.
#[server(endpoint = "auth/get_current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    let principal = crate::ssr::auth::current_principal().await?;
    Ok(principal.map(|p| p.to_current_user()))
}
