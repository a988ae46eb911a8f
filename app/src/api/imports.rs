//! Spreadsheet imports: the page of a user's imports, a batch's preview, its mapping and
//! its commit. The file itself is uploaded outside server functions (a multipart post to
//! `/imports/upload`, `server/src/import_upload.rs`).

use crate::error::AppError;
use crate::model::imports::{CommitInput, ImportPreview, ImportsPage, MappingInput};
use leptos::prelude::*;

/// What the user may import, their region's saved mappings and their latest imports.
///
/// # Errors
/// [`AppError::Unauthenticated`] when not signed in.
#[server(endpoint = "imports/page")]
pub async fn get_imports() -> Result<ImportsPage, AppError> {
    use crate::ssr::{auth, services::imports, state::app_state};
    let principal = auth::require_principal().await?;
    imports::page(&app_state()?.db, &principal).await
}

/// One of the user's imports with its preview.
///
/// # Errors
/// [`AppError::NotFound`] for another user's import.
#[server(endpoint = "imports/preview")]
pub async fn get_import(id: i32) -> Result<ImportPreview, AppError> {
    use crate::ssr::{auth, services::imports, state::app_state};
    let principal = auth::require_principal().await?;
    let locale = crate::ssr::export::table::locale_of(auth::request_lang());
    imports::preview(&app_state()?.db, &principal, id, locale).await
}

/// Reads the import's columns as the form maps them, and previews it again.
///
/// # Errors
/// Field errors of the mapping; [`AppError::Conflict`] for a stale or committed import.
#[server(endpoint = "imports/remap")]
pub async fn remap_import(form: MappingInput) -> Result<(), AppError> {
    use crate::ssr::{auth, services::imports, state::app_state};
    let principal = auth::require_principal().await?;
    imports::remap(&app_state()?.db, &principal, &form).await?;
    leptos_axum::redirect(&format!("/imports/{}", form.id));
    Ok(())
}

/// Imports the previewed rows, all or none.
///
/// # Errors
/// `rows` (`import_rows_refused`) when a row is refused or changed since the preview;
/// [`AppError::Conflict`] for a stale or committed import.
#[server(endpoint = "imports/commit")]
pub async fn commit_import(form: CommitInput) -> Result<(), AppError> {
    use crate::ssr::{auth, services::imports, state::app_state};
    let principal = auth::require_principal().await?;
    imports::commit(&app_state()?.db, &principal, &form).await?;
    leptos_axum::redirect(&format!("/imports/{}?saved=1", form.id));
    Ok(())
}
