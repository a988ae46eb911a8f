//! The open API's reference page, for anyone (the document holds no data).

use crate::error::AppError;
use crate::model::api_reference::ApiReference;
use leptos::prelude::*;

/// The reference of the open API, read from the OpenAPI document the server generates.
///
/// # Errors
/// [`AppError::Internal`] when the server gave the pages no document.
#[server(endpoint = "developers/api_reference")]
pub async fn get_api_reference() -> Result<ApiReference, AppError> {
    use crate::model::api_reference::ApiDocument;
    let document = use_context::<ApiDocument>().ok_or(AppError::Internal)?;
    Ok(crate::ssr::services::api_reference::read(&document.0))
}
