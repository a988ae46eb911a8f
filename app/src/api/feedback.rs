//! Accessibility feedback: sent by anyone, answered by the national team.

use crate::error::AppError;
use crate::model::feedback::{FeedbackAnswer, FeedbackInput, FeedbackRow};
use leptos::prelude::*;

/// Sends accessibility feedback (no sign-in needed).
///
/// # Errors
/// [`AppError::Validation`] per field.
#[server(endpoint = "feedback/send")]
pub async fn send_feedback(form: FeedbackInput) -> Result<(), AppError> {
    use crate::ssr::{auth, services::feedback, state::app_state};
    let (lang, addr) = (auth::request_lang(), auth::client_addr().await);
    let FeedbackInput {
        name,
        email,
        page,
        message,
    } = &form;
    feedback::send(&app_state()?.db, name, email, page, message, lang, addr).await?;
    leptos_axum::redirect("/accessibility?sent=1#feedback");
    Ok(())
}

/// Every piece of feedback (the national team).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team.
#[server(endpoint = "feedback/list")]
pub async fn list_feedback() -> Result<Vec<FeedbackRow>, AppError> {
    use crate::ssr::{auth, services::feedback, state::app_state};
    let principal = auth::require_principal().await?;
    feedback::list(&app_state()?.db, &principal).await
}

/// Marks feedback answered, with a note (the national team).
///
/// # Errors
/// A `note` field error; [`AppError::Conflict`] when it changed meanwhile.
#[server(endpoint = "feedback/answer")]
pub async fn answer_feedback(form: FeedbackAnswer) -> Result<(), AppError> {
    use crate::ssr::{auth, services::feedback, state::app_state};
    let principal = auth::require_principal().await?;
    let FeedbackAnswer { id, version, note } = &form;
    feedback::answer(&app_state()?.db, &principal, *id, *version, note).await?;
    leptos_axum::redirect("/feedback?saved=1");
    Ok(())
}
