//! The review workflow: submit (in the save), return with a reason, approve, reopen with a
//! reason; and comments on a report. Every step is one guarded update (the status it starts
//! from is in the WHERE clause) with its audit record in the same transaction.

use super::status_of;
use crate::error::AppError;
use crate::model::auth::Role;
use crate::model::reporting::{ReportStatus, Transition};
use crate::model::text::{LINE, PARAGRAPHS};
use crate::ssr::access::Principal;
use crate::ssr::access::readable_subproject;
use crate::ssr::services::audit::{self, Entry};
use entity::status::ReportState;
use entity::{indicator, report, report_comment};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect, TransactionSession, TransactionTrait,
};

/// Moves a report from `from` by `step`, inside the caller's transaction. A resubmission is
/// audited as `resubmit`.
///
/// # Errors
/// [`AppError::Conflict`] when the report is no longer in `from` (or the step is not legal
/// from there).
pub(crate) async fn apply(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    report_id: i32,
    from: ReportStatus,
    step: Transition,
    reason: Option<&str>,
) -> Result<ReportStatus, AppError> {
    let to = step.allowed(from).ok_or(AppError::Conflict)?;
    let now = chrono::Utc::now();
    let mut update = report::Entity::update_many()
        .col_expr(report::Column::Status, Expr::value(to.code()))
        .col_expr(
            report::Column::Version,
            Expr::col(report::Column::Version).add(1),
        )
        .col_expr(report::Column::UpdatedAt, Expr::value(now));
    update = match to {
        ReportStatus::Submitted => {
            update.col_expr(report::Column::SubmittedAt, Expr::value(Some(now)))
        }
        ReportStatus::Approved => {
            update.col_expr(report::Column::ApprovedAt, Expr::value(Some(now)))
        }
        _ => update,
    };
    let updated = update
        .filter(report::Column::Id.eq(report_id))
        .filter(report::Column::Status.eq(from.code()))
        .exec(txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    let action = match (step, from) {
        (Transition::Submit, ReportStatus::Returned) => "resubmit",
        _ => step.code(),
    };
    let mut entry = Entry::new(action, "report", Some(report_id.to_string()))
        .by(Some(principal.user_id))
        .changes(serde_json::json!({ "status": { "old": from.code(), "new": to.code() } }));
    if let Some(reason) = reason {
        entry = entry.reason(reason);
    }
    audit::record(txn, entry).await?;
    Ok(to)
}

/// A reviewer's step: return (reason required), approve, or reopen an approved report
/// (reason required). The national team only.
///
/// # Errors
/// [`AppError::NotFound`] outside the principal's scope, [`AppError::Forbidden`] for other
/// roles, [`AppError::Validation`] for a missing reason, [`AppError::Conflict`] when the
/// report changed since `version` or the step does not apply to its state.
pub async fn review(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    report_id: i32,
    version: i32,
    step: Transition,
    reason: &str,
) -> Result<(), AppError> {
    let current = report::Entity::find_by_id(report_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    readable_subproject(db, principal, current.subproject_id).await?;
    if step == Transition::Submit || !principal.has(Role::NationalCoordinator) {
        return Err(AppError::Forbidden);
    }
    let reason = crate::model::text::parse("reason", reason, PARAGRAPHS, 4000, false)?;
    if step.needs_reason() && reason.is_empty() {
        return Err(AppError::field("reason", "reason_required"));
    }
    let reason = reason.as_str();
    let txn = crate::ssr::db::begin_write(db).await?;
    // The row stays held until the commit (PostgreSQL; SQLite serialises writers), so the
    // version compared here is the one the update changes.
    let current = report::Entity::find_by_id(report_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(AppError::Conflict);
    }
    // A returned or reopened report goes back to its coordinator, who can only write into an
    // open period.
    if matches!(step, Transition::Return | Transition::Reopen) {
        super::periods::ensure_open(&txn, current.period_id).await?;
    }
    let from = status_of(Some(&current));
    apply(
        &txn,
        principal,
        report_id,
        from,
        step,
        (!reason.is_empty()).then_some(reason),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a comment to a report, optionally about one indicator. The report's coordinators and
/// the national team may comment until it is approved.
///
/// # Errors
/// [`AppError::NotFound`] outside the principal's scope, [`AppError::Forbidden`] for other
/// roles, [`AppError::Validation`] for an empty comment or an approved report.
pub async fn comment(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    report_id: i32,
    indicator_code: &str,
    body: &str,
) -> Result<(), AppError> {
    let current = report::Entity::find_by_id(report_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (sub, _) = readable_subproject(db, principal, current.subproject_id).await?;
    if !(crate::ssr::access::writes(principal, &sub) || principal.has(Role::NationalCoordinator)) {
        return Err(AppError::Forbidden);
    }
    let body = crate::model::text::parse("body", body, PARAGRAPHS, 4000, true)?;
    let body = body.as_str();
    let indicator_code = crate::model::text::parse("indicator", indicator_code, LINE, 40, false)?;
    let indicator_id = match indicator_code.as_str() {
        "" => None,
        code => Some(
            indicator::Entity::find()
                .filter(indicator::Column::Code.eq(code))
                .one(db)
                .await?
                .ok_or_else(|| AppError::field("indicator", "unknown"))?
                .id,
        ),
    };
    let txn = crate::ssr::db::begin_write(db).await?;
    // Held until the commit, so an approval cannot slip in between this check and the insert.
    let locked = report::Entity::find_by_id(report_id)
        .lock_shared()
        .one(&txn)
        .await?
        .is_none_or(|r| r.status == ReportState::Approved);
    if locked {
        return Err(AppError::field("status", "report_locked"));
    }
    let created = report_comment::ActiveModel {
        report_id: Set(report_id),
        author_id: Set(Some(principal.user_id)),
        indicator_id: Set(indicator_id),
        body: Set(body.to_string()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry = Entry::new("comment", "report", Some(report_id.to_string()))
        .by(Some(principal.user_id))
        .changes(serde_json::json!({
            "comment": { "old": null, "new": body },
            "comment_id": { "old": null, "new": created.id },
            "indicator": { "old": null, "new": indicator_code },
        }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
