//! A period's reports a page at a time, as the open API lists them for BI: every report the
//! reader's scope holds (a coordinator's regions' subprojects, or all for the national team
//! and the ministry, as the report page reads them), in id order, with its state, narrative,
//! indicator values and realised money, read in a few queries per page.

use super::report_form::Actuals;
use super::report_reads::lines_of;
use crate::error::AppError;
use crate::model::Money;
use crate::model::reporting::{Quantity, ReportStatus};
use crate::model::sources::BySource;
use crate::ssr::access::Scope;
use crate::ssr::services::funding::realised_of;
use entity::status::ReportState;
use entity::{city_region, indicator, report, subproject};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Which of a period's reports to list.
#[derive(Clone, Debug, Default)]
pub struct ReportListFilter {
    /// Only this region's subprojects' reports.
    pub region_id: Option<i32>,
    /// Only reports in this state (never `Missing`: a missing report is not listed).
    pub status: Option<ReportStatus>,
}

/// A stored value of a report.
#[derive(Clone, Debug)]
pub struct ListedLine {
    /// The indicator's code.
    pub indicator: String,
    pub value: Quantity,
    pub explanation: String,
    /// Business IDs of the companies it counts.
    pub companies: Vec<String>,
}

/// A report with what it refers to by code.
#[derive(Clone, Debug)]
pub struct ReportListed {
    pub report: report::Model,
    pub subproject_code: String,
    pub region: String,
    /// Its lines, in the indicators' order.
    pub lines: Vec<ListedLine>,
    pub realised: BySource<Money>,
}

fn stored_state(status: ReportStatus) -> Option<ReportState> {
    match status {
        ReportStatus::Missing => None,
        ReportStatus::Draft => Some(ReportState::Draft),
        ReportStatus::Submitted => Some(ReportState::Submitted),
        ReportStatus::Returned => Some(ReportState::Returned),
        ReportStatus::Approved => Some(ReportState::Approved),
    }
}

/// At most `limit` reports of `period_id` after report id `after`, in id order.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn reports_after(
    db: &impl ConnectionTrait,
    scope: &Scope,
    period_id: i32,
    filter: &ReportListFilter,
    after: i32,
    limit: u32,
) -> Result<Vec<ReportListed>, AppError> {
    let mut query = report::Entity::find()
        .find_also_related(subproject::Entity)
        .filter(report::Column::PeriodId.eq(period_id))
        .filter(report::Column::Id.gt(after))
        .order_by_asc(report::Column::Id)
        .limit(u64::from(limit));
    if let Scope::Regions(ids) = scope {
        query = query.filter(subproject::Column::RegionId.is_in(ids.clone()));
    }
    if let Some(region) = filter.region_id {
        query = query.filter(subproject::Column::RegionId.eq(region));
    }
    match filter.status.map(stored_state) {
        None => {}
        Some(Some(state)) => query = query.filter(report::Column::Status.eq(state)),
        Some(None) => return Ok(Vec::new()),
    }
    let rows: Vec<(report::Model, subproject::Model)> = query
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(r, s)| Some((r, s?)))
        .collect();
    let report_ids: Vec<i32> = rows.iter().map(|(r, _)| r.id).collect();
    let sub_ids: Vec<i32> = rows.iter().map(|(_, s)| s.id).collect();
    let mut lines: HashMap<i32, Actuals> = lines_of(db, &report_ids).await?;
    let realised = realised_of(db, &sub_ids).await?;
    let indicators = indicator::Entity::find()
        .order_by_asc(indicator::Column::SortOrder)
        .all(db)
        .await?;
    let regions: HashMap<i32, String> = city_region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();
    Ok(rows
        .into_iter()
        .map(|(report, sub)| {
            let mut stored = lines.remove(&report.id).unwrap_or_default();
            ReportListed {
                lines: indicators
                    .iter()
                    .filter_map(|i| {
                        stored.remove(&i.id).map(|line| ListedLine {
                            indicator: i.code.clone(),
                            value: line.value,
                            explanation: line.explanation,
                            companies: line.companies,
                        })
                    })
                    .collect(),
                realised: realised
                    .get(&(sub.id, period_id))
                    .copied()
                    .unwrap_or_default(),
                region: regions.get(&sub.region_id).cloned().unwrap_or_default(),
                subproject_code: sub.code,
                report,
            }
        })
        .collect())
}
