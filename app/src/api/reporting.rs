//! Indicator reporting: the hub and board, periods, reports and their review, comments, the
//! indicator catalogue, targets and the indicator roll-up.

use crate::error::AppError;
use crate::model::forms::RecordVersion;
use crate::model::reporting::{
    IndicatorCatalogue, IndicatorInput, IndicatorSubmission, IndicatorTotal, NewComment, Period,
    PeriodCorrection, PeriodInput, ReportPage, ReportSubmission, ReportingHome, ReviewStep,
    StatusBoard, TargetChange, TargetsPage,
};
use leptos::prelude::*;

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
pub async fn open_period(form: PeriodInput) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::periods, state::app_state};
    let principal = auth::require_principal().await?;
    let db = &app_state()?.db;
    let PeriodInput {
        code,
        starts_on,
        ends_on,
        due_on,
    } = &form;
    periods::open(db, &principal, code, starts_on, ends_on, due_on).await?;
    leptos_axum::redirect("/reporting?saved=1");
    Ok(())
}

/// Closes a reporting period.
///
/// # Errors
/// [`AppError::Conflict`] when it changed meanwhile; [`AppError::Forbidden`] for others.
#[server(endpoint = "reporting/close_period")]
pub async fn close_period(form: RecordVersion) -> Result<(), AppError> {
    use crate::ssr::{auth, rollup::snapshots, state::app_state};
    let principal = auth::require_principal().await?;
    snapshots::close_period(&app_state()?.db, &principal, form.id, form.version).await?;
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
pub async fn correct_period(form: PeriodCorrection) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::periods, state::app_state};
    let principal = auth::require_principal().await?;
    let PeriodCorrection { id, version, input } = &form;
    periods::correct(&app_state()?.db, &principal, *id, *version, input).await?;
    leptos_axum::redirect("/reporting?saved=1");
    Ok(())
}

/// Deletes an open period without reports (one opened by mistake).
///
/// # Errors
/// A `status` field error when it has reports or is closed; [`AppError::Conflict`].
#[server(endpoint = "reporting/delete_period")]
pub async fn delete_period(form: RecordVersion) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::periods, state::app_state};
    let principal = auth::require_principal().await?;
    periods::delete(&app_state()?.db, &principal, form.id, form.version).await?;
    leptos_axum::redirect("/reporting?saved=1");
    Ok(())
}

/// A subproject's report for a period (an empty form when none is started).
///
/// # Errors
/// [`AppError::NotFound`] outside the user's scope.
#[server(endpoint = "reporting/get_report")]
pub async fn get_report(subproject_id: i32, period_id: i32) -> Result<ReportPage, AppError> {
    use crate::ssr::{auth, services::reporting::reports, state::app_state};
    let principal = auth::require_principal().await?;
    let mut page = reports::page(&app_state()?.db, &principal, subproject_id, period_id).await?;
    let refused = crate::ssr::session::refused_input::<SaveReport>()
        .filter(|a| a.form.subproject_id == subproject_id && a.form.period_id == period_id);
    if let Some(args) = refused {
        page.show_input(&args.form.input);
    }
    Ok(page)
}

/// Saves a report as a draft, or with `intent` = `submit` also submits it.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::EditConflict`] when someone saved first.
#[server(endpoint = "reporting/save_report")]
pub async fn save_report(form: ReportSubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::reports, state::app_state};
    let principal = auth::require_principal().await?;
    let report = form.key();
    let submit = form.intent.as_deref() == Some("submit");
    reports::save(
        &app_state()?.db,
        &principal,
        report,
        form.version,
        &form.input,
        submit,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/reports/{}/{}?saved={}",
        report.subproject_id,
        report.period_id,
        if submit {
            crate::model::reporting::ReportStatus::Submitted
        } else {
            crate::model::reporting::ReportStatus::Draft
        }
        .code()
    ));
    Ok(())
}

/// A reviewer's step on a report: `return` or `reopen` (with a reason) or `approve`.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::Conflict`] when the report
/// changed meanwhile; a `reason` field error when the reason is missing.
#[server(endpoint = "reporting/review_report")]
pub async fn review_report(form: ReviewStep) -> Result<(), AppError> {
    use crate::model::reporting::Transition;
    use crate::ssr::{auth, services::reporting::workflow, state::app_state};
    let principal = auth::require_principal().await?;
    let step =
        Transition::from_code(&form.step).ok_or_else(|| AppError::field("step", "unknown"))?;
    workflow::review(
        &app_state()?.db,
        &principal,
        form.report_id,
        form.version,
        step,
        form.reason.as_deref().unwrap_or(""),
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/reports/{}/{}?saved={}",
        form.subproject_id,
        form.period_id,
        step.code()
    ));
    Ok(())
}

/// Adds a comment to a report, optionally on one indicator (its code).
///
/// # Errors
/// A `body` field error for an empty comment; [`AppError::Forbidden`] for readers only.
#[server(endpoint = "reporting/comment_report")]
pub async fn comment_report(form: NewComment) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::workflow, state::app_state};
    let principal = auth::require_principal().await?;
    workflow::comment(
        &app_state()?.db,
        &principal,
        form.report_id,
        form.indicator.as_deref().unwrap_or(""),
        &form.body,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/reports/{}/{}?saved=comment#comments",
        form.subproject_id, form.period_id
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
pub async fn save_indicator(form: IndicatorSubmission) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::indicators, state::app_state};
    let principal = auth::require_principal().await?;
    let IndicatorSubmission { id, version, input } = form;
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
pub async fn set_target(form: TargetChange) -> Result<(), AppError> {
    use crate::ssr::{auth, services::reporting::targets, state::app_state};
    let principal = auth::require_principal().await?;
    targets::set(
        &app_state()?.db,
        &principal,
        form.subproject_id,
        form.indicator_id,
        &form.value,
        form.reason.as_deref().unwrap_or(""),
        form.revision,
    )
    .await?;
    leptos_axum::redirect(&format!(
        "/subprojects/{}/targets?saved=1",
        form.subproject_id
    ));
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
    use crate::ssr::{auth, rollup::indicators, state::app_state};
    let principal = auth::require_principal().await?;
    indicators::hub_totals(&app_state()?.db, &principal, include_unapproved).await
}
