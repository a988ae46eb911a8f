//! Case studies: the list, the form, saving, and publishing by the national team.

use crate::error::AppError;
use crate::model::case_studies::{
    CaseStudyForm, CaseStudyList, CaseStudySubmission, CaseStudySummary, PublicStory,
    StoryPublication,
};
use leptos::prelude::*;

/// The published case studies (no sign-in needed).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
#[server(endpoint = "case_studies/list_published")]
pub async fn list_published_case_studies() -> Result<Vec<CaseStudySummary>, AppError> {
    use crate::ssr::{services::case_studies, state::app_state};
    case_studies::published(&app_state()?.db).await
}

/// One published story for its public page (no sign-in needed).
///
/// # Errors
/// [`AppError::NotFound`] for an unknown or unpublished story.
#[server(endpoint = "case_studies/get_story")]
pub async fn get_story(id: i32) -> Result<PublicStory, AppError> {
    use crate::ssr::{services::case_studies, state::app_state};
    case_studies::published_story(&app_state()?.db, id).await
}

/// The case studies the signed-in user may read.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "case_studies/list")]
pub async fn list_case_studies() -> Result<CaseStudyList, AppError> {
    use crate::ssr::{auth, services::case_studies, state::app_state};
    let principal = auth::require_principal().await?;
    case_studies::list(&app_state()?.db, &principal).await
}

/// A new (no `id`) or stored case study with the choices of its form.
///
/// # Errors
/// [`AppError::NotFound`] for a story outside the user's scope.
#[server(endpoint = "case_studies/get_form")]
pub async fn get_case_study_form(id: Option<i32>) -> Result<CaseStudyForm, AppError> {
    use crate::ssr::{auth, services::case_studies, state::app_state};
    let principal = auth::require_principal().await?;
    let mut form = case_studies::form(&app_state()?.db, &principal, id).await?;
    let refused = crate::ssr::session::refused_input::<SaveCaseStudy>().filter(|a| a.form.id == id);
    if let Some(args) = refused {
        form.input = args.form.input;
    }
    Ok(form)
}

/// Creates or changes a case study and its package links.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "case_studies/save")]
pub async fn save_case_study(form: CaseStudySubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::case_studies, state::app_state};
    let principal = auth::require_principal().await?;
    let CaseStudySubmission { id, version, input } = form;
    let saved = case_studies::save(&app_state()?.db, &principal, id, version, &input).await?;
    leptos_axum::redirect(&format!("/case-studies/{saved}?saved=1"));
    Ok(())
}

/// Publishes (`published` = true) or withdraws a case study; the national team only.
///
/// # Errors
/// [`AppError::Forbidden`] for other roles; [`AppError::Conflict`] when it changed meanwhile.
#[server(endpoint = "case_studies/set_published")]
pub async fn set_case_study_published(form: StoryPublication) -> Result<(), AppError> {
    use crate::ssr::{auth, services::case_studies, state::app_state};
    let principal = auth::require_principal().await?;
    let StoryPublication {
        id,
        version,
        published,
    } = form;
    case_studies::set_published(&app_state()?.db, &principal, id, version, published).await?;
    leptos_axum::redirect(&format!("/case-studies/{id}?saved=1"));
    Ok(())
}
