//! Indicator reporting: the hub and board, periods, reports and their review, comments, the
//! indicator catalogue, targets and the indicator roll-up.
// The form's fields arrive as separate arguments, as a plain HTML form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::reporting::{
    IndicatorCatalogue, IndicatorInput, IndicatorTotal, Period, ReportInput, ReportPage,
    ReportingHome, StatusBoard, TargetsPage,
};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The signed-in user's reporting hub: periods, to-do list, review queue, notifications.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "reporting/home")]
pub async fn get_reporting_home() -> Result<ReportingHome, AppError> {
    use crate::ssr::{auth, services::reporting::overview, state::app_state};
    let principal = auth::require_principal().await?;
    overview::home(&app_state()?.db, &principal).await
}

/// The reporting-status board of a period.
///
/// # Errors
/// [`AppError::NotFound`] for a missing period.
#[server(endpoint = "reporting/board")]
pub async fn get_status_board(period_id: i32) -> Result<StatusBoard, AppError> {
    use crate::ssr::{auth, services::reporting::overview, state::app_state};
    let principal = auth::require_principal().await?;
    overview::board(&app_state()?.db, &principal, period_id).await
}

/// Opens a reporting period.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::Forbidden`] outside the national team.
#[server(endpoint = "reporting/open_period")]
pub async fn open_period(
    code: String,
    starts_on: String,
    ends_on: String,
    due_on: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::periods, state::app_state};
    let principal = auth::require_principal().await?;
    periods::open(
        &app_state()?.db,
        &principal,
        &code,
        &starts_on,
        &ends_on,
        &due_on,
    )
    .await?;
    leptos_axum::redirect("/reporting?saved=1");
    Ok(())
}

/// Closes a reporting period.
///
/// # Errors
/// [`AppError::Conflict`] when it changed meanwhile; [`AppError::Forbidden`] for others.
#[server(endpoint = "reporting/close_period")]
pub async fn close_period(id: i32, version: i32) -> Result<(), AppError> {
    use crate::ssr::{auth, state::app_state};
    let principal = auth::require_principal().await?;
    crate::ssr::rollup::snapshots::close_period(&app_state()?.db, &principal, id, version).await?;
    leptos_axum::redirect("/reporting?saved=1");
    Ok(())
}

/// A period for its correction form, with whether it has reports (the national team).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::NotFound`].
#[server(endpoint = "reporting/get_period")]
pub async fn get_period(id: i32) -> Result<(Period, bool), AppError> {
    use crate::ssr::{auth, services::reporting::periods, state::app_state};
    let principal = auth::require_principal().await?;
    periods::get(&app_state()?.db, &principal, id).await
}

/// Corrects an open period's code and dates.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::Conflict`] when it changed meanwhile.
#[server(endpoint = "reporting/correct_period")]
pub async fn correct_period(
    id: i32,
    version: i32,
    code: String,
    starts_on: String,
    ends_on: String,
    due_on: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::periods, state::app_state};
    let principal = auth::require_principal().await?;
    let db = &app_state()?.db;
    periods::correct(
        db, &principal, id, version, &code, &starts_on, &ends_on, &due_on,
    )
    .await?;
    leptos_axum::redirect("/reporting?saved=1");
    Ok(())
}

/// Deletes an open period without reports (one opened by mistake).
///
/// # Errors
/// A `status` field error when it has reports or is closed; [`AppError::Conflict`].
#[server(endpoint = "reporting/delete_period")]
pub async fn delete_period(id: i32, version: i32) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::periods, state::app_state};
    let principal = auth::require_principal().await?;
    periods::delete(&app_state()?.db, &principal, id, version).await?;
    leptos_axum::redirect("/reporting?saved=1");
    Ok(())
}

/// A subproject's report for a period (an empty form when none is started).
///
/// # Errors
/// [`AppError::NotFound`] outside the user's scope.
#[server(endpoint = "reporting/get_report")]
pub async fn get_report(subproject_id: i32, period_id: i32) -> Result<ReportPage, AppError> {
    use crate::ssr::session::UserSession;
    use crate::ssr::{auth, services::reporting::reports, state::app_state};
    let principal = auth::require_principal().await?;
    let mut page = reports::page(&app_state()?.db, &principal, subproject_id, period_id).await?;
    let refused = UserSession::from_request()
        .await?
        .take_refused::<SaveReport>("/api/reporting/save_report")
        .await
        .filter(|a| a.subproject_id == subproject_id && a.period_id == period_id);
    if let Some(args) = refused {
        page.show_input(&ReportInput::from(args));
    }
    Ok(page)
}

/// Saves a report as a draft, or with `intent` = `submit` also submits it.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "reporting/save_report")]
pub async fn save_report(
    subproject_id: i32,
    period_id: i32,
    version: Option<i32>,
    progress: String,
    problems: String,
    next_steps: String,
    values: Option<BTreeMap<String, String>>,
    explanations: Option<BTreeMap<String, String>>,
    companies: Option<BTreeMap<String, String>>,
    realised_eu: String,
    realised_state: String,
    realised_city: String,
    realised_other_public: String,
    realised_private: String,
    intent: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::reports, state::app_state};
    let principal = auth::require_principal().await?;
    let submit = intent.as_deref() == Some("submit");
    let input = ReportInput::from(SaveReport {
        subproject_id,
        period_id,
        version,
        progress,
        problems,
        next_steps,
        values,
        explanations,
        companies,
        realised_eu,
        realised_state,
        realised_city,
        realised_other_public,
        realised_private,
        intent,
    });
    reports::save(
        &app_state()?.db,
        &principal,
        subproject_id,
        period_id,
        version,
        &input,
        submit,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/reports/{subproject_id}/{period_id}?saved={}",
        if submit { "submitted" } else { "draft" }
    ));
    Ok(())
}

/// A reviewer's step on a report: `return` or `reopen` (with a reason) or `approve`.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::Conflict`] when the report
/// changed meanwhile; a `reason` field error when the reason is missing.
#[server(endpoint = "reporting/review_report")]
pub async fn review_report(
    subproject_id: i32,
    period_id: i32,
    report_id: i32,
    version: i32,
    step: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::model::reporting::Transition;
    use crate::ssr::{auth, services::reporting::workflow, state::app_state};
    let principal = auth::require_principal().await?;
    let step = Transition::from_code(&step).ok_or_else(|| AppError::field("step", "unknown"))?;
    workflow::review(
        &app_state()?.db,
        &principal,
        report_id,
        version,
        step,
        reason.as_deref().unwrap_or(""),
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/reports/{subproject_id}/{period_id}?saved={}",
        step.code()
    ));
    Ok(())
}

/// Adds a comment to a report, optionally on one indicator (its code).
///
/// # Errors
/// A `body` field error for an empty comment; [`AppError::Forbidden`] for readers only.
#[server(endpoint = "reporting/comment_report")]
pub async fn comment_report(
    subproject_id: i32,
    period_id: i32,
    report_id: i32,
    indicator: Option<String>,
    body: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::workflow, state::app_state};
    let principal = auth::require_principal().await?;
    workflow::comment(
        &app_state()?.db,
        &principal,
        report_id,
        indicator.as_deref().unwrap_or(""),
        &body,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/reports/{subproject_id}/{period_id}?saved=comment#comments"
    ));
    Ok(())
}

/// The indicator catalogue.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "reporting/catalogue")]
pub async fn get_catalogue() -> Result<IndicatorCatalogue, AppError> {
    use crate::ssr::{auth, services::reporting::indicators, state::app_state};
    let principal = auth::require_principal().await?;
    indicators::catalogue(&app_state()?.db, &principal).await
}

/// One indicator's form (none: a new one) with its version.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team.
#[server(endpoint = "reporting/get_indicator_form")]
pub async fn get_indicator_form(
    id: Option<i32>,
) -> Result<(IndicatorInput, Option<i32>), AppError> {
    use crate::ssr::{auth, services::reporting::indicators, state::app_state};
    let principal = auth::require_principal().await?;
    indicators::form(&app_state()?.db, &principal, id).await
}

/// Adds or changes an indicator of the catalogue.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "reporting/save_indicator")]
pub async fn save_indicator(
    id: Option<i32>,
    version: Option<i32>,
    code: String,
    name_fi: String,
    name_sv: String,
    name_en: String,
    definition_fi: String,
    definition_sv: String,
    definition_en: String,
    unit: String,
    kind: String,
    eu_code: String,
    lists_companies: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::indicators, state::app_state};
    let principal = auth::require_principal().await?;
    let input = IndicatorInput {
        code,
        name_fi,
        name_sv,
        name_en,
        definition_fi,
        definition_sv,
        definition_en,
        unit,
        kind,
        eu_code,
        lists_companies: lists_companies.is_some(),
    };
    indicators::save(&app_state()?.db, &principal, id, version, &input).await?;
    leptos_axum::redirect("/indicators?saved=1");
    Ok(())
}

/// A subproject's targets with their history.
///
/// # Errors
/// [`AppError::NotFound`] outside the user's scope.
#[server(endpoint = "reporting/get_targets")]
pub async fn get_targets(subproject_id: i32) -> Result<TargetsPage, AppError> {
    use crate::ssr::{auth, services::reporting::targets, state::app_state};
    let principal = auth::require_principal().await?;
    targets::page(&app_state()?.db, &principal, subproject_id).await
}

/// Sets or revises a subproject's target (a revision needs a reason).
///
/// # Errors
/// [`AppError::Validation`] for the value or a missing reason.
#[server(endpoint = "reporting/set_target")]
pub async fn set_target(
    subproject_id: i32,
    indicator_id: i32,
    value: String,
    reason: Option<String>,
    revision: i32,
) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::targets, state::app_state};
    let principal = auth::require_principal().await?;
    targets::set(
        &app_state()?.db,
        &principal,
        subproject_id,
        indicator_id,
        &value,
        reason.as_deref().unwrap_or(""),
        revision,
    )
    .await?;
    leptos_axum::redirect(&format!("/subprojects/{subproject_id}/targets?saved=1"));
    Ok(())
}

/// Targets and actuals per indicator over the user's scope: approved data only, or with
/// `include_unapproved` also drafts and submitted reports (coordinators and the national
/// team; the ministry always sees approved data).
///
/// # Errors
/// [`AppError::Unauthenticated`] without a session.
#[server(endpoint = "reporting/indicator_totals")]
pub async fn get_indicator_totals(
    include_unapproved: bool,
) -> Result<Vec<IndicatorTotal>, AppError> {
    use crate::ssr::rollup::indicators::{RollupScope, indicator_totals};
    use crate::ssr::{auth, state::app_state};
    let principal = auth::require_principal().await?;
    let (regions, approved_only) = principal.rollup_reach(include_unapproved);
    let scope = RollupScope {
        regions,
        approved_only,
        ..Default::default()
    };
    indicator_totals(&app_state()?.db, &scope).await
}

impl From<SaveReport> for ReportInput {
    fn from(a: SaveReport) -> Self {
        ReportInput {
            progress: a.progress,
            problems: a.problems,
            next_steps: a.next_steps,
            values: a.values.unwrap_or_default(),
            explanations: a.explanations.unwrap_or_default(),
            companies: a.companies.unwrap_or_default(),
            realised: [
                a.realised_eu,
                a.realised_state,
                a.realised_city,
                a.realised_other_public,
                a.realised_private,
            ],
        }
    }
}
