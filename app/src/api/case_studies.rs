//! Case studies: the list, the form, saving, and publishing by the national team.
// The form's fields arrive as separate arguments, as a plain HTML form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::case_studies::{
    CaseStudyForm, CaseStudyInput, CaseStudyList, CaseStudySummary, PublicStory,
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
    use crate::ssr::session::UserSession;
    use crate::ssr::{auth, services::case_studies, state::app_state};
    let principal = auth::require_principal().await?;
    let mut form = case_studies::form(&app_state()?.db, &principal, id).await?;
    let refused = UserSession::from_request()
        .await?
        .take_refused::<SaveCaseStudy>("/api/case_studies/save")
        .await
        .filter(|a| a.id == id);
    if let Some(args) = refused {
        form.input = CaseStudyInput::from(args);
    }
    Ok(form)
}

/// Creates or changes a case study and its package links.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "case_studies/save")]
pub async fn save_case_study(
    id: Option<i32>,
    version: Option<i32>,
    region: String,
    title_fi: String,
    title_sv: String,
    title_en: String,
    body_fi: String,
    body_sv: String,
    body_en: String,
    projects: Option<Vec<i32>>,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::case_studies, state::app_state};
    let principal = auth::require_principal().await?;
    let input = CaseStudyInput::from(SaveCaseStudy {
        id,
        version,
        region,
        title_fi,
        title_sv,
        title_en,
        body_fi,
        body_sv,
        body_en,
        projects,
    });
    let saved = case_studies::save(&app_state()?.db, &principal, id, version, &input).await?;
    leptos_axum::redirect(&format!("/case-studies/{saved}?saved=1"));
    Ok(())
}

/// Publishes (`published` = true) or withdraws a case study; the national team only.
///
/// # Errors
/// [`AppError::Forbidden`] for other roles; [`AppError::Conflict`] when it changed meanwhile.
#[server(endpoint = "case_studies/set_published")]
pub async fn set_case_study_published(
    id: i32,
    version: i32,
    published: bool,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::case_studies, state::app_state};
    let principal = auth::require_principal().await?;
    case_studies::set_published(&app_state()?.db, &principal, id, version, published).await?;
    leptos_axum::redirect(&format!("/case-studies/{id}?saved=1"));
    Ok(())
}

impl From<SaveCaseStudy> for CaseStudyInput {
    fn from(a: SaveCaseStudy) -> Self {
        CaseStudyInput {
            region: a.region,
            title_fi: a.title_fi,
            title_sv: a.title_sv,
            title_en: a.title_en,
            body_fi: a.body_fi,
            body_sv: a.body_sv,
            body_en: a.body_en,
            projects: a.projects.unwrap_or_default(),
        }
    }
}
