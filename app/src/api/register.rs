//! The project register: a package's page and the package form.

use crate::error::AppError;
use crate::model::forms::RecordVersion;
use crate::model::register::{
    ProjectDetail, ProjectFormOptions, ProjectSubmission, SubprojectSubmission, SubprojectVersion,
};
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
    use crate::model::register::RefusedProject;
    use crate::ssr::{auth, state::app_state};
    let principal = auth::require_principal().await?;
    let mut options =
        crate::ssr::services::project_form::form_options(&app_state()?.db, &principal).await?;
    options.refused =
        crate::ssr::session::refused_input::<SaveProject>().map(|args| RefusedProject {
            id: args.form.id,
            input: args.form.input,
        });
    Ok(options)
}

/// Creates a package (no `id`) or saves changes to one (with the `version` the form showed).
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "register/save_project")]
pub async fn save_project(form: ProjectSubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::register, state::app_state};
    let principal = auth::require_principal().await?;
    let ProjectSubmission { id, version, input } = form;
    let saved = register::save_project(&app_state()?.db, &principal, id, version, &input).await?;
    leptos_axum::redirect(&format!("/projects/{saved}?saved=1"));
    Ok(())
}

/// Deletes a package without reports.
///
/// # Errors
/// [`AppError::Validation`] when it has reports (close it instead).
#[server(endpoint = "register/delete_project")]
pub async fn delete_project(form: RecordVersion) -> Result<(), AppError> {
    use crate::ssr::{auth, services::register, state::app_state};
    let principal = auth::require_principal().await?;
    register::delete_project(&app_state()?.db, &principal, form.id, form.version).await?;
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
    use crate::ssr::{auth, services::subprojects, state::app_state};
    let principal = auth::require_principal().await?;
    let mut form =
        subprojects::subproject_form(&app_state()?.db, &principal, project_id, id).await?;
    let refused = crate::ssr::session::refused_input::<SaveSubproject>()
        .filter(|args| args.form.project_id == project_id && args.form.id == id);
    if let Some(args) = refused {
        form.input = args.form.input;
    }
    Ok(form)
}

/// Creates or changes a subproject with its planned funding by source.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "register/save_subproject")]
pub async fn save_subproject(form: SubprojectSubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::subprojects, state::app_state};
    let principal = auth::require_principal().await?;
    let SubprojectSubmission {
        project_id,
        id,
        version,
        input,
    } = form;
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
pub async fn delete_subproject(form: SubprojectVersion) -> Result<(), AppError> {
    use crate::ssr::{auth, services::subprojects, state::app_state};
    let principal = auth::require_principal().await?;
    let SubprojectVersion {
        project_id,
        id,
        version,
    } = form;
    subprojects::delete_subproject(&app_state()?.db, &principal, project_id, id, version).await?;
    leptos_axum::redirect(&format!("/projects/{project_id}?saved=1"));
    Ok(())
}
