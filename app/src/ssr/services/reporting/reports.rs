//! A subproject's report for a period: the page, and saving it as a draft or submitting it.
//! A save lands only on a draft or returned report of an open period, from the version the
//! form showed, in one transaction with its field-level audit record.

use super::indicators::all as all_indicators;
use super::report_reads::{actuals, find_report, previous_values, realised};
use super::report_save::{ReportSave, save_many_in};
use super::{period_of, region_names, status_of, sub_names};
use crate::error::AppError;
use crate::model::Money;
use crate::model::auth::Role;
use crate::model::reporting::{
    ActualLine, ReportComment, ReportEvent, ReportInput, ReportKey, ReportPage, ReportStatus,
};
use crate::ssr::access::Principal;
use crate::ssr::access::{readable_subproject, writes};
use crate::ssr::services::versioned::in_transaction;
use entity::status::PeriodStatus;
use entity::{app_user, audit_log, indicator, report_comment, reporting_period};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

/// The report page of a subproject and period (an empty form when none is started).
///
/// # Errors
/// [`AppError::NotFound`] for a subproject outside the principal's scope or a missing period.
pub async fn page(
    db: &impl ConnectionTrait,
    principal: &Principal,
    subproject_id: i32,
    period_id: i32,
) -> Result<ReportPage, AppError> {
    let (sub, region) = readable_subproject(db, principal, subproject_id).await?;
    let period = reporting_period::Entity::find_by_id(period_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = find_report(db, subproject_id, period_id).await?;
    let status = status_of(existing.as_ref());
    let indicators = all_indicators(db).await?;
    let targets = super::targets::current(db, subproject_id).await?;
    let previous = previous_values(db, subproject_id, period.starts_on).await?;
    let values = match &existing {
        Some(r) => actuals(db, r.id).await?,
        None => HashMap::new(),
    };
    let lines = indicators
        .iter()
        .map(|i| {
            let stored = values.get(&i.id);
            ActualLine {
                indicator: i.clone(),
                target: targets.get(&i.id).copied(),
                previous: previous.get(&i.id).copied(),
                value: stored.map(|v| v.value.plain()).unwrap_or_default(),
                explanation: stored.map(|v| v.explanation.clone()).unwrap_or_default(),
                companies: stored.map(|v| v.companies.join("\n")).unwrap_or_default(),
            }
        })
        .collect();
    let money = realised(db, subproject_id, period_id).await?;
    let (comments, events) = match &existing {
        Some(r) => (comments(db, r.id).await?, events(db, r.id).await?),
        None => (Vec::new(), Vec::new()),
    };
    let national = principal.has(Role::NationalCoordinator);
    let writer = writes(principal, &sub);
    let open = period.status == PeriodStatus::Open;
    Ok(ReportPage {
        report_id: existing.as_ref().map(|r| r.id),
        version: existing.as_ref().map(|r| r.version),
        status,
        subproject_id,
        subproject_code: sub.code.clone(),
        subproject_name: sub_names(&sub),
        project_id: sub.project_id,
        region: region_names(&region),
        period: period_of(&period),
        progress: existing
            .as_ref()
            .map(|r| r.progress.clone())
            .unwrap_or_default(),
        problems: existing
            .as_ref()
            .map(|r| r.problems.clone())
            .unwrap_or_default(),
        next_steps: existing
            .as_ref()
            .map(|r| r.next_steps.clone())
            .unwrap_or_default(),
        lines,
        realised: money.map(|m| {
            if m == Money::ZERO {
                String::new()
            } else {
                m.to_string()
            }
        }),
        comments,
        events,
        can_edit: writer && open && status.editable(),
        can_review: national && status == ReportStatus::Submitted,
        can_reopen: national && status == ReportStatus::Approved,
        can_comment: (writer || national) && existing.is_some() && status != ReportStatus::Approved,
    })
}

async fn comments(
    db: &impl ConnectionTrait,
    report_id: i32,
) -> Result<Vec<ReportComment>, AppError> {
    let codes: HashMap<i32, String> = indicator::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.code))
        .collect();
    Ok(report_comment::Entity::find()
        .filter(report_comment::Column::ReportId.eq(report_id))
        .order_by_asc(report_comment::Column::CreatedAt)
        .order_by_asc(report_comment::Column::Id)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(c, user)| ReportComment {
            author: user.map(|u| u.display_name),
            at: c.created_at.to_rfc3339(),
            indicator: c.indicator_id.and_then(|i| codes.get(&i).cloned()),
            body: c.body,
        })
        .collect())
}

async fn events(db: &impl ConnectionTrait, report_id: i32) -> Result<Vec<ReportEvent>, AppError> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("report"))
        .filter(audit_log::Column::EntityId.eq(report_id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(e, user)| ReportEvent {
            at: e.at.to_rfc3339(),
            who: user.map(|u| u.display_name),
            action: e.action,
            reason: e.reason,
        })
        .collect())
}

/// Saves the coordinator's report as a draft, and with `submit` also submits it (or
/// resubmits a returned one), in one transaction.
///
/// # Errors
/// As [`save_in`].
pub async fn save(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    report: ReportKey,
    version: Option<i32>,
    input: &ReportInput,
    submit: bool,
) -> Result<i32, AppError> {
    let ReportKey {
        subproject_id,
        period_id,
    } = report;
    in_transaction(db, async |txn| {
        save_in(
            txn,
            principal,
            subproject_id,
            period_id,
            version,
            input,
            submit,
        )
        .await
    })
    .await
}

/// [`save`] inside the caller's transaction: authorise, parse, write, audit (see
/// [`super::report_save::save_many_in`], which saves an import's many reports the same way).
///
/// # Errors
/// [`AppError::NotFound`] / [`AppError::Forbidden`] for what the principal may not write,
/// [`AppError::Validation`] per field (`status` when the report or period is locked),
/// [`AppError::EditConflict`] when someone saved since `version`.
pub async fn save_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    subproject_id: i32,
    period_id: i32,
    version: Option<i32>,
    input: &ReportInput,
    submit: bool,
) -> Result<i32, AppError> {
    let save = ReportSave {
        key: ReportKey {
            subproject_id,
            period_id,
        },
        version,
        input,
    };
    let ids = save_many_in(txn, principal, &[save], submit)
        .await
        .map_err(|(_, err)| err)?;
    ids.first().copied().ok_or(AppError::Internal)
}
