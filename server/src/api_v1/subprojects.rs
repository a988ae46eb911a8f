//! A subproject's planned money by source, written through the subproject form's own save
//! (`subprojects::save_subproject`: scope, parsing, the version check, the package's kept
//! totals, audit): the rest of the subproject stays as stored.

use super::bearer::Caller;
use super::body::ApiJson;
use super::precondition::IfMatch;
use super::problem::{ApiResult, record_id};
use super::register::Subproject;
use super::reports::MoneyWrite;
use app::error::AppError;
use app::ssr::access::readable_subproject;
use app::ssr::services::{api_register, subprojects};
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use utoipa::ToSchema;

/// New planned amounts of a subproject.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedWrite {
    /// The subproject's version read: one saved since is a 409. `If-Match: "<version>"`
    /// may name it instead.
    pub version: Option<i32>,
    pub planned: MoneyWrite,
}

/// Sets a subproject's planned money by source.
#[utoipa::path(put, path = "/api/v1/subprojects/{id}/planned", tag = "register",
    params(("id" = i32, Path, description = "The subproject's id")),
    request_body = PlannedWrite,
    responses((status = 200, description = "The subproject as saved", body = Subproject)))]
pub async fn set_planned(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(write): ApiJson<PlannedWrite>,
) -> ApiResult<Json<Subproject>> {
    let principal = caller.writer()?;
    let id = record_id(&id)?;
    let (sub, _) = readable_subproject(&state.db, principal, id).await?;
    let version = if_match.required_version(write.version, sub.version)?;
    let form = subprojects::subproject_form(&state.db, principal, sub.project_id, Some(id)).await?;
    let mut input = form.input;
    for (source, amount) in write.planned.by_source().iter() {
        if let Some(amount) = amount {
            input.planned[source].clone_from(amount);
        }
    }
    subprojects::save_subproject(
        &state.db,
        principal,
        sub.project_id,
        Some(id),
        Some(version),
        &input,
    )
    .await?;
    api_register::packages(&state.db, &[sub.project_id])
        .await?
        .into_iter()
        .flat_map(|package| package.subprojects)
        .find(|s| s.subproject.id == id)
        .map(|s| Json(super::register::subproject_of(s)))
        .ok_or_else(|| AppError::NotFound.into())
}
