//! Reporting periods: the national team opens them (half-years by default) with a due date
//! and closes them.

use super::period_of;
use crate::error::{AppError, FieldErrors};
use crate::model::reporting::{Period, PeriodInput};
use crate::ssr::access::{Principal, national_only};
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::audit::{changes_json, diff_fields};
use crate::ssr::services::versioned::in_transaction;
use chrono::{Datelike, NaiveDate};
use entity::reporting_period;
use entity::status::PeriodStatus;
use sea_orm::sea_query::{Expr, ExprTrait};
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
/// its due date six weeks after its end: the form's proposal. `None` when the latest period
/// ends so late that no half-year within the accepted dates follows it (a period stored
/// before dates were limited): the form then proposes nothing, and the hub still opens.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn next_half_year(db: &impl ConnectionTrait) -> Result<Option<Period>, AppError> {
    let latest = reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::EndsOn)
        .one(db)
        .await?;
    let start = match latest {
        Some(p) => p.ends_on.succ_opt(),
        None => {
            let today = chrono::Utc::now().date_naive();
            let month = if today.month() <= 6 { 1 } else { 7 };
            NaiveDate::from_ymd_opt(today.year(), month, 1)
        }
    };
    Ok(start.and_then(half_year_from))
}

/// The half-year that `start` falls in, from `start`, with the due date 46 days after its
/// end; `None` outside the accepted dates. Checked arithmetic only: the start may come from
/// any stored date.
fn half_year_from(start: NaiveDate) -> Option<Period> {
    let (year, first_half) = (start.year(), start.month() <= 6);
    let ends = if first_half {
        NaiveDate::from_ymd_opt(year, 6, 30)
    } else {
        NaiveDate::from_ymd_opt(year, 12, 31)
    }?;
    let due = ends.checked_add_days(chrono::Days::new(46))?;
    let range = crate::model::dates::EARLIEST..=crate::model::dates::LATEST;
    if !(range.contains(&start) && range.contains(&due)) {
        return None;
    }
    Some(Period {
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
    crate::model::dates::parse_into(errors, field, text)
}

/// A period form's fields, parsed: the code and the three dates.
struct PeriodFields {
    code: String,
    starts: NaiveDate,
    ends: NaiveDate,
    due: NaiveDate,
}

impl PeriodFields {
    /// Parses the form: a code of one line (at most 20 characters), dates within the
    /// accepted range, the end not before the start and the due date not before the end.
    fn parse(code: &str, starts_on: &str, ends_on: &str, due_on: &str) -> Result<Self, AppError> {
        let mut errors = FieldErrors::new();
        let code = crate::model::text::parse_into(
            &mut errors,
            "code",
            code,
            crate::model::text::LINE,
            20,
            true,
        );
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
        match (starts, ends, due) {
            (Some(starts), Some(ends), Some(due)) if errors.is_empty() => Ok(PeriodFields {
                code,
                starts,
                ends,
                due,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }

    /// Refuses a code another period has, or dates that overlap another period.
    async fn ensure_free(&self, txn: &impl ConnectionTrait, except: i32) -> Result<(), AppError> {
        let taken = reporting_period::Entity::find()
            .filter(reporting_period::Column::Code.eq(self.code.as_str()))
            .filter(reporting_period::Column::Id.ne(except))
            .one(txn)
            .await?
            .is_some();
        if taken {
            return Err(AppError::field("code", "code_taken"));
        }
        let overlapping = reporting_period::Entity::find()
            .filter(reporting_period::Column::StartsOn.lte(self.ends))
            .filter(reporting_period::Column::EndsOn.gte(self.starts))
            .filter(reporting_period::Column::Id.ne(except))
            .one(txn)
            .await?
            .is_some();
        if overlapping {
            return Err(AppError::field("starts_on", "period_overlaps"));
        }
        Ok(())
    }
}

/// A period's fields as the audit log stores them.
fn period_fields(p: &reporting_period::Model) -> [(&'static str, String); 4] {
    [
        ("code", p.code.clone()),
        ("starts_on", p.starts_on.to_string()),
        ("ends_on", p.ends_on.to_string()),
        ("due_on", p.due_on.to_string()),
    ]
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
    national_only(principal)?;
    let fields = PeriodFields::parse(code, starts_on, ends_on, due_on)?;
    let txn = crate::ssr::db::begin_write(db).await?;
    fields.ensure_free(&txn, -1).await?;
    let created = reporting_period::ActiveModel {
        code: Set(fields.code.clone()),
        starts_on: Set(fields.starts),
        ends_on: Set(fields.ends),
        due_on: Set(fields.due),
        status: Set(PeriodStatus::Open),
        closed_at: Set(None),
        version: Set(1),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(AppError::unique_as("code", "code_taken"))?;
    let changes = audit::created_json(&period_fields(&created));
    let entry = Entry::new("open", "reporting_period", Some(created.id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// A period for its correction form, with whether it has reports (then it cannot be
/// deleted). The national team only.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::NotFound`].
pub async fn get(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(Period, bool), AppError> {
    national_only(principal)?;
    let period = reporting_period::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((period_of(&period), has_reports(db, id).await?))
}

async fn has_reports(db: &impl ConnectionTrait, id: i32) -> Result<bool, AppError> {
    Ok(entity::report::Entity::find()
        .filter(entity::report::Column::PeriodId.eq(id))
        .one(db)
        .await?
        .is_some())
}

/// Corrects an open period's code and dates (a period opened by mistake, a due date moved),
/// if it is still at `version`. The same rules as opening; audited field by field.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::Validation`] per field
/// (`status`: `period_closed` for a closed period); [`AppError::Conflict`] when it changed
/// since `version`.
pub async fn correct(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
    input: &PeriodInput,
) -> Result<(), AppError> {
    national_only(principal)?;
    let fields = PeriodFields::parse(&input.code, &input.starts_on, &input.ends_on, &input.due_on)?;
    in_transaction(db, async |txn| {
        let before = ensure_open(txn, id).await?;
        fields.ensure_free(txn, id).await?;
        write_correction(txn, id, version, &fields).await?;
        let after = reporting_period::Model {
            code: fields.code.clone(),
            starts_on: fields.starts,
            ends_on: fields.ends,
            due_on: fields.due,
            ..before.clone()
        };
        let changes = diff_fields(&period_fields(&before), &period_fields(&after));
        let entry = Entry::new("correct", "reporting_period", Some(id.to_string()))
            .by(Some(principal.user_id))
            .changes(changes_json(changes));
        audit::record(txn, entry).await
    })
    .await
}

/// Writes the corrected dates and code to period `id` if it is still open and at `version`.
///
/// # Errors
/// [`AppError::Conflict`] when it changed or closed since; a `code` field error when
/// another period has the code.
async fn write_correction(
    txn: &impl ConnectionTrait,
    id: i32,
    version: i32,
    fields: &PeriodFields,
) -> Result<(), AppError> {
    let updated = reporting_period::Entity::update_many()
        .col_expr(
            reporting_period::Column::Code,
            Expr::value(fields.code.clone()),
        )
        .col_expr(
            reporting_period::Column::StartsOn,
            Expr::value(fields.starts),
        )
        .col_expr(reporting_period::Column::EndsOn, Expr::value(fields.ends))
        .col_expr(reporting_period::Column::DueOn, Expr::value(fields.due))
        .col_expr(
            reporting_period::Column::Version,
            Expr::col(reporting_period::Column::Version).add(1),
        )
        .filter(reporting_period::Column::Id.eq(id))
        .filter(reporting_period::Column::Version.eq(version))
        .filter(reporting_period::Column::Status.eq(PeriodStatus::Open))
        .exec(txn)
        .await
        .map_err(AppError::unique_as("code", "code_taken"))?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// Deletes an open period that has no reports (one opened by mistake). Audited with its
/// fields.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; a `status` field error
/// `period_has_reports` or `period_closed`; [`AppError::Conflict`] when it changed since `version`.
pub async fn delete(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
) -> Result<(), AppError> {
    national_only(principal)?;
    let txn = crate::ssr::db::begin_write(db).await?;
    // Held until the commit (PostgreSQL; SQLite serialises writers): a report saved now
    // waits, then finds the period gone, instead of slipping in between check and delete.
    let period = reporting_period::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if period.version != version {
        return Err(AppError::Conflict);
    }
    if period.status != PeriodStatus::Open {
        return Err(AppError::field("status", "period_closed"));
    }
    if has_reports(&txn, id).await? {
        return Err(AppError::field("status", "period_has_reports"));
    }
    reporting_period::Entity::delete_many()
        .filter(reporting_period::Column::Id.eq(id))
        .filter(reporting_period::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    let changes = audit::removed_json(&period_fields(&period));
    let entry = Entry::new("delete", "reporting_period", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Refuses a write into a closed period. Inside a write transaction it holds the period's
/// row (a shared lock on PostgreSQL), so closing waits for the write, or the write sees the
/// period closed.
///
/// # Errors
/// A `status` field error `period_closed`; [`AppError::NotFound`] for an unknown period.
pub async fn ensure_open(
    txn: &impl ConnectionTrait,
    period_id: i32,
) -> Result<reporting_period::Model, AppError> {
    let period = reporting_period::Entity::find_by_id(period_id)
        .lock_shared()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if period.status == PeriodStatus::Open {
        Ok(period)
    } else {
        Err(AppError::field("status", "period_closed"))
    }
}

/// Closes an open period inside the caller's transaction, audited: coordinators can no
/// longer change its reports. Returns the period as it was, for the snapshot the caller
/// takes in the same transaction (`rollup::snapshots::close_period`).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; [`AppError::Conflict`] when it changed
/// since `version` or is closed already.
pub async fn close_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
    version: i32,
) -> Result<reporting_period::Model, AppError> {
    national_only(principal)?;
    let now = chrono::Utc::now();
    let period = reporting_period::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let updated = reporting_period::Entity::update_many()
        .col_expr(
            reporting_period::Column::Status,
            Expr::value(PeriodStatus::Closed),
        )
        .col_expr(reporting_period::Column::ClosedAt, Expr::value(Some(now)))
        .col_expr(
            reporting_period::Column::Version,
            Expr::col(reporting_period::Column::Version).add(1),
        )
        .filter(reporting_period::Column::Id.eq(id))
        .filter(reporting_period::Column::Version.eq(version))
        .filter(reporting_period::Column::Status.eq(PeriodStatus::Open))
        .exec(txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    let change = crate::model::register::FieldChange {
        field: "status".into(),
        old: PeriodStatus::Open.code(),
        new: PeriodStatus::Closed.code(),
    };
    let entry = Entry::new("close", "reporting_period", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(vec![change]));
    audit::record(txn, entry).await?;
    Ok(period)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_stored_at_the_end_of_time_proposes_nothing_and_does_not_panic() {
        let far = NaiveDate::from_ymd_opt(262_142, 12, 31).unwrap();
        assert_eq!(far.succ_opt().and_then(half_year_from), None);
        assert_eq!(half_year_from(NaiveDate::MAX), None);
        assert_eq!(
            half_year_from(NaiveDate::from_ymd_opt(2100, 7, 1).unwrap()),
            None
        );
    }

    #[test]
    fn the_next_half_year_is_due_six_weeks_after_its_end() {
        let p = half_year_from(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()).unwrap();
        assert_eq!(
            (p.code.as_str(), p.ends_on.as_str(), p.due_on.as_str()),
            ("2026H2", "2026-12-31", "2027-02-15")
        );
    }
}
