//! The project list.

use crate::error::AppError;
use crate::model::projects::{ProjectFilter, ProjectPage};
use leptos::prelude::*;

/// A page of projects matching `filter`, within what the signed-in user may read.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "projects/list_projects")]
pub async fn list_projects(filter: ProjectFilter) -> Result<ProjectPage, AppError> {
    let principal = crate::ssr::auth::require_principal().await?;
    let state = crate::ssr::state::app_state()?;
    let mut page =
        crate::ssr::services::projects::list_projects(&state.db, &principal.scope(), &filter)
            .await?;
    page.can_create = !crate::ssr::access::writable_regions(&principal).is_empty();
    Ok(page)
}
