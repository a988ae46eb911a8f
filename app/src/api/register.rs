//! The project register: a package's page and the package form.
// The form's fields arrive as separate arguments, as a plain HTML form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::register::{ProjectDetail, ProjectFormOptions, ProjectInput, SubprojectInput};
use leptos::prelude::*;

/// A package with its subprojects, money and history.
///
/// # Errors
/// [`AppError::NotFound`] for a package outside the user's scope.
#[server(endpoint = "register/get_project")]
pub async fn get_project(id: i32) -> Result<ProjectDetail, AppError> {
    use crate::ssr::{auth, state::app_state};
    let principal = auth::require_principal().await?;
    crate::ssr::services::project_page::get_project(&app_state()?.db, &principal, id).await
}

/// The choices of the package form for the signed-in user.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "register/get_project_form_options")]
pub async fn get_project_form_options() -> Result<ProjectFormOptions, AppError> {
    use crate::ssr::session::UserSession;
    use crate::ssr::{auth, state::app_state};
    let principal = auth::require_principal().await?;
    let mut options =
        crate::ssr::services::project_form::form_options(&app_state()?.db, &principal).await?;
    options.refused = UserSession::from_request()
        .await?
        .take_refused::<SaveProject>("/api/register/save_project")
        .await
        .map(|args| (args.id, ProjectInput::from(args)));
    Ok(options)
}

/// Creates a package (no `id`) or saves changes to one (with the `version` the form showed).
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "register/save_project")]
pub async fn save_project(
    id: Option<i32>,
    version: Option<i32>,
    code: String,
    name_fi: String,
    name_sv: String,
    name_en: String,
    description_fi: String,
    description_sv: String,
    description_en: String,
    region: String,
    theme: String,
    actions: Option<Vec<String>>,
    council: String,
    starts_on: String,
    ends_on: String,
    status: String,
    lead_organisation: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::register, state::app_state};
    let principal = auth::require_principal().await?;
    let input = ProjectInput::from(SaveProject {
        id,
        version,
        code,
        name_fi,
        name_sv,
        name_en,
        description_fi,
        description_sv,
        description_en,
        region,
        theme,
        actions,
        council,
        starts_on,
        ends_on,
        status,
        lead_organisation,
    });
    let saved = register::save_project(&app_state()?.db, &principal, id, version, &input).await?;
    leptos_axum::redirect(&format!("/projects/{saved}?saved=1"));
    Ok(())
}

/// Deletes a package without reports.
///
/// # Errors
/// [`AppError::Validation`] when it has reports (close it instead).
#[server(endpoint = "register/delete_project")]
pub async fn delete_project(id: i32, version: i32) -> Result<(), AppError> {
    use crate::ssr::{auth, services::register, state::app_state};
    let principal = auth::require_principal().await?;
    register::delete_project(&app_state()?.db, &principal, id, version).await?;
    leptos_axum::redirect("/projects");
    Ok(())
}

/// The subproject form of a package: empty for a new subproject, or an existing one.
///
/// # Errors
/// [`AppError::NotFound`] for a package the user may not write.
#[server(endpoint = "register/get_subproject_form")]
pub async fn get_subproject_form(
    project_id: i32,
    id: Option<i32>,
) -> Result<crate::model::register::SubprojectForm, AppError> {
    use crate::ssr::session::UserSession;
    use crate::ssr::{auth, services::subprojects, state::app_state};
    let principal = auth::require_principal().await?;
    let mut form =
        subprojects::subproject_form(&app_state()?.db, &principal, project_id, id).await?;
    let refused = UserSession::from_request()
        .await?
        .take_refused::<SaveSubproject>("/api/register/save_subproject")
        .await
        .filter(|args| args.project_id == project_id && args.id == id);
    if let Some(args) = refused {
        form.input = SubprojectInput::from(args);
    }
    Ok(form)
}

/// Creates or changes a subproject with its planned funding by source.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "register/save_subproject")]
pub async fn save_subproject(
    project_id: i32,
    id: Option<i32>,
    version: Option<i32>,
    code: String,
    name_fi: String,
    name_sv: String,
    name_en: String,
    description_fi: String,
    description_sv: String,
    description_en: String,
    region: String,
    organisation: String,
    council: String,
    starts_on: String,
    ends_on: String,
    status: String,
    planned_eu: String,
    planned_state: String,
    planned_city: String,
    planned_other_public: String,
    planned_private: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::subprojects, state::app_state};
    let principal = auth::require_principal().await?;
    let input = SubprojectInput::from(SaveSubproject {
        project_id,
        id,
        version,
        code,
        name_fi,
        name_sv,
        name_en,
        description_fi,
        description_sv,
        description_en,
        region,
        organisation,
        council,
        starts_on,
        ends_on,
        status,
        planned_eu,
        planned_state,
        planned_city,
        planned_other_public,
        planned_private,
    });
    subprojects::save_subproject(
        &app_state()?.db,
        &principal,
        project_id,
        id,
        version,
        &input,
    )
    .await?;
    leptos_axum::redirect(&format!("/projects/{project_id}?saved=1"));
    Ok(())
}

/// Deletes a subproject without reports.
///
/// # Errors
/// A `status` field error when it has reports (close it instead).
#[server(endpoint = "register/delete_subproject")]
pub async fn delete_subproject(project_id: i32, id: i32, version: i32) -> Result<(), AppError> {
    use crate::ssr::{auth, services::subprojects, state::app_state};
    let principal = auth::require_principal().await?;
    subprojects::delete_subproject(&app_state()?.db, &principal, project_id, id, version).await?;
    leptos_axum::redirect(&format!("/projects/{project_id}?saved=1"));
    Ok(())
}

impl From<SaveProject> for ProjectInput {
    fn from(a: SaveProject) -> Self {
        ProjectInput {
            code: a.code,
            name_fi: a.name_fi,
            name_sv: a.name_sv,
            name_en: a.name_en,
            description_fi: a.description_fi,
            description_sv: a.description_sv,
            description_en: a.description_en,
            region: a.region,
            theme: a.theme,
            actions: a.actions.unwrap_or_default(),
            council: a.council,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            status: a.status,
            lead_organisation: a.lead_organisation,
        }
    }
}

impl From<SaveSubproject> for SubprojectInput {
    fn from(a: SaveSubproject) -> Self {
        SubprojectInput {
            code: a.code,
            name_fi: a.name_fi,
            name_sv: a.name_sv,
            name_en: a.name_en,
            description_fi: a.description_fi,
            description_sv: a.description_sv,
            description_en: a.description_en,
            region: a.region,
            organisation: a.organisation,
            council: a.council,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            status: a.status,
            planned: [
                a.planned_eu,
                a.planned_state,
                a.planned_city,
                a.planned_other_public,
                a.planned_private,
            ],
        }
    }
}
