//! A subproject's targets with every revision: the value, who set it, when and why (a
//! revision never overwrites; from the second on a reason is required), for whoever may
//! read the subproject, as its targets page shows them.

use super::bearer::Caller;
use super::paging::conditional;
use super::problem::{ApiResult, record_id};
use super::rollups::quantity;
use app::ssr::services::reporting::targets;
use app::ssr::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;

/// A revision of a target.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetRevisionOut {
    /// 1 for the first value set.
    pub revision: i32,
    /// An exact decimal string.
    pub value: String,
    /// Why it was revised (none for the first).
    pub reason: Option<String>,
    /// Who set it.
    pub by: Option<String>,
    /// ISO 8601.
    pub at: String,
}

/// An indicator's target for the subproject.
#[derive(Debug, Serialize, ToSchema)]
pub struct Target {
    /// The indicator's code.
    pub indicator: String,
    /// The latest revision's value; none when no target is set.
    pub current: Option<String>,
    /// Every revision, newest first.
    pub revisions: Vec<TargetRevisionOut>,
}

/// A subproject's targets.
#[derive(Debug, Serialize, ToSchema)]
pub struct Targets {
    pub subproject_id: i32,
    /// The subproject's code.
    pub subproject: String,
    /// One per indicator, in the catalogue's order.
    pub items: Vec<Target>,
}

/// A subproject's targets with their revisions.
#[utoipa::path(get, path = "/api/v1/subprojects/{id}/targets", tag = "register",
    params(("id" = i32, Path, description = "The subproject's id")),
    responses((status = 200, description = "The subproject's targets", body = Targets)))]
pub async fn targets(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let id = record_id(&id)?;
    let page = targets::page(&state.db, &caller.principal, id).await?;
    let items = page
        .lines
        .into_iter()
        .map(|line| Target {
            indicator: line.indicator.code,
            current: line.revisions.first().map(|r| quantity(r.value)),
            revisions: line
                .revisions
                .into_iter()
                .map(|r| TargetRevisionOut {
                    revision: r.revision,
                    value: quantity(r.value),
                    reason: r.reason,
                    by: r.by,
                    at: r.at,
                })
                .collect(),
        })
        .collect();
    Ok(conditional(
        &headers,
        &Targets {
            subproject_id: page.subproject_id,
            subproject: page.subproject_code,
            items,
        },
    ))
}
