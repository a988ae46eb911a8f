//! A report's stored contents read: the report of a subproject and period, the lines of
//! one report or of many at once, realised money, and the values approved before a period.

use super::report_form::{Actual, Actuals};
use crate::error::AppError;
use crate::model::Money;
use crate::model::reporting::Quantity;
use crate::model::sources::BySource;
use crate::ssr::services::funding::amounts;
use crate::ssr::services::lookup::Codes;
use entity::status::{FundingKind, ReportState};
use entity::{indicator_actual, indicator_actual_company, report, reporting_period};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
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
pub(super) async fn previous_values(
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
