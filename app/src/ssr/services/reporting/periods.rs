//! Reporting periods: the national team opens them (half-years by default) with a due date
//! and closes them.

use super::period_of;
use crate::error::{AppError, FieldErrors};
use crate::model::auth::Role;
use crate::model::reporting::Period;
use crate::ssr::auth::Principal;
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::register::changes_json;
use chrono::{Datelike, NaiveDate};
use entity::reporting_period;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionSession, TransactionTrait,
};

/// Every period, newest first.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Period>, AppError> {
    Ok(reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::StartsOn)
        .all(db)
        .await?
        .iter()
        .map(period_of)
        .collect())
}

/// The half-year after the latest period (or the current one when there is none), with
/// its due date six weeks after its end: the form's proposal.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn next_half_year(db: &impl ConnectionTrait) -> Result<Period, AppError> {
    let latest = reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::EndsOn)
        .one(db)
        .await?;
    let start = match latest {
        Some(p) => p.ends_on.succ_opt().ok_or(AppError::Internal)?,
        None => {
            let today = chrono::Utc::now().date_naive();
            let month = if today.month() <= 6 { 1 } else { 7 };
            NaiveDate::from_ymd_opt(today.year(), month, 1).ok_or(AppError::Internal)?
        }
    };
    let (year, first_half) = (start.year(), start.month() <= 6);
    let ends = if first_half {
        NaiveDate::from_ymd_opt(year, 6, 30)
    } else {
        NaiveDate::from_ymd_opt(year, 12, 31)
    }
    .ok_or(AppError::Internal)?;
    let due = ends + chrono::Duration::days(46);
    Ok(Period {
        id: 0,
        code: format!("{year}{}", if first_half { "H1" } else { "H2" }),
        starts_on: start.to_string(),
        ends_on: ends.to_string(),
        due_on: due.to_string(),
        open: true,
        version: 0,
    })
}

fn parse_date(field: &str, text: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.insert(field.into(), vec!["invalid_date".into()]);
    }
    parsed
}

/// Opens a period. Periods do not overlap, and the due date is not before the end.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::Validation`] per field.
pub async fn open(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    code: &str,
    starts_on: &str,
    ends_on: &str,
    due_on: &str,
) -> Result<i32, AppError> {
    if !principal.has(Role::NationalCoordinator) {
        return Err(AppError::Forbidden);
    }
    let code = code.trim();
    let mut errors = FieldErrors::new();
    if code.is_empty() {
        errors.insert("code".into(), vec!["required".into()]);
    } else if code.chars().count() > 20 {
        errors.insert("code".into(), vec!["too_long".into()]);
    }
    let starts = parse_date("starts_on", starts_on, &mut errors);
    let ends = parse_date("ends_on", ends_on, &mut errors);
    let due = parse_date("due_on", due_on, &mut errors);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        errors.insert("ends_on".into(), vec!["ends_before_start".into()]);
    }
    if let (Some(e), Some(d)) = (ends, due)
        && d < e
    {
        errors.insert("due_on".into(), vec!["due_before_end".into()]);
    }
    let (Some(starts), Some(ends), Some(due)) = (starts, ends, due) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let txn = crate::ssr::db::begin_write(db).await?;
    let taken = reporting_period::Entity::find()
        .filter(reporting_period::Column::Code.eq(code))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::field("code", "code_taken"));
    }
    let overlapping = reporting_period::Entity::find()
        .filter(reporting_period::Column::StartsOn.lte(ends))
        .filter(reporting_period::Column::EndsOn.gte(starts))
        .one(&txn)
        .await?
        .is_some();
    if overlapping {
        return Err(AppError::field("starts_on", "period_overlaps"));
    }
    let created = reporting_period::ActiveModel {
        code: Set(code.to_string()),
        starts_on: Set(starts),
        ends_on: Set(ends),
        due_on: Set(due),
        status: Set("open".into()),
        closed_at: Set(None),
        version: Set(1),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let changes = serde_json::json!({
        "code": { "old": null, "new": code },
        "starts_on": { "old": null, "new": starts.to_string() },
        "ends_on": { "old": null, "new": ends.to_string() },
        "due_on": { "old": null, "new": due.to_string() },
    });
    let entry = Entry::new("open", "reporting_period", Some(created.id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Refuses a write into a closed period. Inside a write transaction it holds the period's
/// row (a shared lock on PostgreSQL), so closing waits for the write, or the write sees the
/// period closed.
///
/// # Errors
/// A `status` field error `period_closed`; [`AppError::NotFound`] for an unknown period.
pub async fn ensure_open(txn: &impl ConnectionTrait, period_id: i32) -> Result<(), AppError> {
    let period = reporting_period::Entity::find_by_id(period_id)
        .lock_shared()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if period.status == "open" {
        Ok(())
    } else {
        Err(AppError::field("status", "period_closed"))
    }
}

/// Closes an open period: coordinators can no longer change its reports, and its national
/// roll-up is frozen as a snapshot.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::Conflict`] when it changed
/// since `version` or is closed already.
pub async fn close(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
) -> Result<(), AppError> {
    if !principal.has(Role::NationalCoordinator) {
        return Err(AppError::Forbidden);
    }
    let now = chrono::Utc::now();
    let txn = crate::ssr::db::begin_write(db).await?;
    let period = reporting_period::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let updated = reporting_period::Entity::update_many()
        .col_expr(reporting_period::Column::Status, Expr::value("closed"))
        .col_expr(reporting_period::Column::ClosedAt, Expr::value(Some(now)))
        .col_expr(reporting_period::Column::Version, Expr::value(version + 1))
        .filter(reporting_period::Column::Id.eq(id))
        .filter(reporting_period::Column::Version.eq(version))
        .filter(reporting_period::Column::Status.eq("open"))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    // The period's roll-up is frozen as it stands now; later edits do not change it.
    crate::ssr::services::snapshots::take(&txn, &period, Some(principal.user_id)).await?;
    let change = crate::model::register::FieldChange {
        field: "status".into(),
        old: "open".into(),
        new: "closed".into(),
    };
    let entry = Entry::new("close", "reporting_period", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(vec![change]));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
