//! A subproject's report for a period: the page, and saving it as a draft or submitting it.
//! A save lands only on a draft or returned report of an open period, from the version the
//! form showed, in one transaction with its field-level audit record.

use super::indicators::all as all_indicators;
use super::report_form::{
    Actual, Actuals, Parsed, Snapshot, check_submission, diff, parse, snapshot,
};
use super::{period_of, region_names, status_of, sub_names};
use crate::error::{AppError, FieldErrors};
use crate::model::Money;
use crate::model::auth::Role;
use crate::model::register::FieldChange;
use crate::model::reporting::{
    ActualLine, Indicator, Quantity, ReportComment, ReportEvent, ReportInput, ReportKey,
    ReportPage, ReportStatus, Transition,
};
use crate::model::sources::BySource;
use crate::ssr::access::Principal;
use crate::ssr::access::{readable_subproject, writes};
use crate::ssr::services::audit::changes_json;
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::funding::{amounts, replace_lines};
use crate::ssr::services::lookup::Codes;
use crate::ssr::services::versioned::{in_transaction, update_at_if};
use chrono::Utc;
use entity::status::{FundingKind, PeriodStatus, ReportState};
use entity::{
    app_user, audit_log, indicator, indicator_actual, indicator_actual_company, report,
    report_comment, reporting_period,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

pub(super) async fn find_report(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    period_id: i32,
) -> Result<Option<report::Model>, AppError> {
    Ok(report::Entity::find()
        .filter(report::Column::SubprojectId.eq(subproject_id))
        .filter(report::Column::PeriodId.eq(period_id))
        .one(db)
        .await?)
}

/// The lines of many reports, by report and indicator id, read a few queries for every
/// 500 reports (a whole portfolio's reports of a period).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn lines_of(
    db: &impl ConnectionTrait,
    report_ids: &[i32],
) -> Result<HashMap<i32, Actuals>, AppError> {
    use crate::ssr::services::lookup::one_of;
    let mut out: HashMap<i32, Actuals> = HashMap::new();
    for chunk in report_ids.chunks(500) {
        let rows = indicator_actual::Entity::find()
            .filter(one_of(
                db,
                indicator_actual::Column::ReportId,
                chunk,
                "integer",
            ))
            .all(db)
            .await?;
        let ids: Vec<i32> = rows.iter().map(|a| a.id).collect();
        let mut companies: HashMap<i32, Vec<String>> = HashMap::new();
        for ids in ids.chunks(500) {
            for c in indicator_actual_company::Entity::find()
                .filter(one_of(
                    db,
                    indicator_actual_company::Column::ActualId,
                    ids,
                    "integer",
                ))
                .order_by_asc(indicator_actual_company::Column::BusinessId)
                .all(db)
                .await?
            {
                companies
                    .entry(c.actual_id)
                    .or_default()
                    .push(c.business_id);
            }
        }
        for a in rows {
            let line = Actual {
                value: Quantity(a.value_milli),
                explanation: a.explanation.unwrap_or_default(),
                companies: companies.remove(&a.id).unwrap_or_default(),
            };
            out.entry(a.report_id)
                .or_default()
                .insert(a.indicator_id, line);
        }
    }
    Ok(out)
}

/// The stored lines of a report by indicator id.
pub(super) async fn actuals(
    db: &impl ConnectionTrait,
    report_id: i32,
) -> Result<Actuals, AppError> {
    Ok(lines_of(db, &[report_id])
        .await?
        .remove(&report_id)
        .unwrap_or_default())
}

pub(super) async fn realised(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    period_id: i32,
) -> Result<BySource<Money>, AppError> {
    amounts(
        db,
        &Codes::default(),
        subproject_id,
        FundingKind::Realised,
        Some(period_id),
    )
    .await
}

/// The latest approved value of each indicator in an earlier period of the subproject.
async fn previous_values(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    before: chrono::NaiveDate,
) -> Result<HashMap<i32, Quantity>, AppError> {
    let mut reports: Vec<(report::Model, Option<reporting_period::Model>)> = report::Entity::find()
        .filter(report::Column::SubprojectId.eq(subproject_id))
        .filter(report::Column::Status.eq(ReportState::Approved))
        .find_also_related(reporting_period::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter(|(_, p)| p.as_ref().is_some_and(|p| p.ends_on < before))
        .collect();
    reports.sort_by_key(|(_, p)| p.as_ref().map(|p| p.ends_on));
    let mut out = HashMap::new();
    for (r, _) in reports {
        for (indicator, line) in actuals(db, r.id).await? {
            out.insert(indicator, line.value);
        }
    }
    Ok(out)
}

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

/// [`save`] inside the caller's transaction: authorise, parse, write, audit.
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
    let (indicators, parsed) =
        authorised_input(txn, principal, subproject_id, period_id, input, submit).await?;
    let existing = find_report(txn, subproject_id, period_id).await?;
    let before = match &existing {
        Some(r) => {
            let values = actuals(txn, r.id).await?;
            let money = realised(txn, subproject_id, period_id).await?;
            let narrative = [r.progress.clone(), r.problems.clone(), r.next_steps.clone()];
            snapshot(&indicators, Some(&narrative), &values, &money)
        }
        None => Snapshot::new(),
    };
    let after = snapshot(
        &indicators,
        Some(&parsed.narrative),
        &parsed.values,
        &parsed.money,
    );
    let now = Utc::now();
    let model = report::ActiveModel {
        updated_at: Set(now),
        progress: Set(parsed.narrative[0].clone()),
        problems: Set(parsed.narrative[1].clone()),
        next_steps: Set(parsed.narrative[2].clone()),
        ..Default::default()
    };
    let conflict = || diff(&after, &before);
    let (report_id, from, action) = write_report(
        txn,
        (subproject_id, period_id),
        existing,
        version,
        model,
        conflict,
    )
    .await?;
    write_values(txn, report_id, &parsed.values).await?;
    replace_lines(
        txn,
        &Codes::default(),
        subproject_id,
        Some(period_id),
        parsed.money,
        now,
    )
    .await?;
    let entry = Entry::new(action, "report", Some(report_id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff(&before, &after)));
    audit::record(txn, entry).await?;
    if submit {
        super::workflow::apply(txn, principal, report_id, from, Transition::Submit, None).await?;
    }
    Ok(report_id)
}

/// The principal may write the subproject's report in this open period (its row held, so
/// it cannot be closed and its roll-up frozen meanwhile), and the input parses and, with
/// `submit`, passes the checks of a submission.
///
/// # Errors
/// [`AppError::NotFound`] / [`AppError::Forbidden`], a `status` field error for a closed
/// period, [`AppError::Validation`] per field.
async fn authorised_input(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    subproject_id: i32,
    period_id: i32,
    input: &ReportInput,
    submit: bool,
) -> Result<(Vec<Indicator>, Parsed), AppError> {
    let (sub, _) = readable_subproject(txn, principal, subproject_id).await?;
    if !writes(principal, &sub) {
        return Err(AppError::Forbidden);
    }
    let period = super::periods::ensure_open(txn, period_id).await?;
    let indicators = all_indicators(txn).await?;
    let mut errors = FieldErrors::new();
    let parsed = parse(&indicators, input, &mut errors);
    if submit {
        let targets = super::targets::current(txn, subproject_id).await?;
        let previous = previous_values(txn, subproject_id, period.starts_on).await?;
        check_submission(&indicators, &parsed, &targets, &previous, &mut errors);
    }
    AppError::check(errors)?;
    Ok((indicators, parsed))
}

/// Starts the report of `key` (subproject, period) or changes the existing one if it is still
/// a draft or returned at `version`; its status before, and the audit action.
///
/// # Errors
/// A `status` field error for a locked report, [`AppError::EditConflict`] with `conflict()`.
async fn write_report(
    txn: &impl ConnectionTrait,
    key: (i32, i32),
    existing: Option<report::Model>,
    version: Option<i32>,
    model: report::ActiveModel,
    conflict: impl FnOnce() -> Vec<FieldChange>,
) -> Result<(i32, ReportStatus, &'static str), AppError> {
    Ok(match existing {
        None => {
            let created = report::ActiveModel {
                subproject_id: Set(key.0),
                period_id: Set(key.1),
                status: Set(ReportState::Draft),
                version: Set(1),
                created_at: model.updated_at.clone(),
                ..model
            };
            let id = report::Entity::insert(created)
                .exec(txn)
                .await
                // Someone started the same report at the same moment.
                .map_err(|_| AppError::EditConflict(Vec::new()))?
                .last_insert_id;
            (id, ReportStatus::Draft, "create")
        }
        Some(current) => {
            let status = status_of(Some(&current));
            if !status.editable() {
                return Err(AppError::field("status", "report_locked"));
            }
            // The guard is in the update itself: only a draft or returned report changes.
            let editable =
                report::Column::Status.is_in([ReportState::Draft, ReportState::Returned]);
            update_at_if(txn, current.id, version, editable, model, conflict).await?;
            (current.id, status, "update")
        }
    })
}

/// Replaces a report's indicator values with their explanations and company lists.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn write_values(
    txn: &impl ConnectionTrait,
    report_id: i32,
    values: &Actuals,
) -> Result<(), AppError> {
    indicator_actual::Entity::delete_many()
        .filter(indicator_actual::Column::ReportId.eq(report_id))
        .exec(txn)
        .await?;
    for (indicator_id, line) in values {
        let Actual {
            value,
            explanation,
            companies,
        } = line;
        let actual = indicator_actual::ActiveModel {
            report_id: Set(report_id),
            indicator_id: Set(*indicator_id),
            value_milli: Set(value.0),
            explanation: Set((!explanation.is_empty()).then(|| explanation.clone())),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        if !companies.is_empty() {
            let rows = companies
                .iter()
                .map(|bid| indicator_actual_company::ActiveModel {
                    actual_id: Set(actual.id),
                    business_id: Set(bid.clone()),
                });
            indicator_actual_company::Entity::insert_many(rows)
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}
