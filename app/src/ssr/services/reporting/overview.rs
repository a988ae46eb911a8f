//! Overviews of reporting: a coordinator's to-do list and notifications, the national team's
//! review queue, and the reporting-status board of a period.

use super::{period_of, region_names, sub_names};
use crate::error::AppError;
use crate::model::auth::Role;
use crate::model::reporting::{
    BoardRegion, Notification, ReportRow, ReportStatus, ReportingHome, StatusBoard,
};
use crate::ssr::access::writable_regions;
use crate::ssr::access::{Principal, Scope};
use chrono::NaiveDate;
use entity::status::{PeriodStatus, ReportState};
use entity::{audit_log, city_region, report, reporting_period, subproject};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Days before the due date when a reminder appears.
const DUE_SOON_DAYS: i64 = 14;
/// How far back workflow notifications go.
const NOTIFICATION_DAYS: i64 = 90;

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Days a subproject registered late (after, or shortly before, a period's due date) has
/// for its first report: it is not overdue the day it is registered.
pub const LATE_REGISTRATION_DAYS: u64 = 30;

/// Whether a subproject has to report for a period: its dates overlap the period's, whatever
/// its status (a subproject marked planned that has started reports as well; one that ended
/// during the period reports for it once more). The rule stands on the package page.
pub(crate) fn expected(s: &subproject::Model, p: &reporting_period::Model) -> bool {
    s.starts_on <= p.ends_on && s.ends_on >= p.starts_on
}

/// When a subproject's report for a period is due: the period's due date, or for a
/// subproject registered later than [`LATE_REGISTRATION_DAYS`] before it, that many days
/// after its registration.
pub(crate) fn due_on(s: &subproject::Model, p: &reporting_period::Model) -> NaiveDate {
    let registered = s.created_at.date_naive();
    let grace = registered
        .checked_add_days(chrono::Days::new(LATE_REGISTRATION_DAYS))
        .unwrap_or(registered);
    p.due_on.max(grace)
}

/// Overdue: past its due date and neither submitted nor approved.
pub(crate) fn overdue(status: ReportStatus, due: NaiveDate) -> bool {
    !matches!(status, ReportStatus::Submitted | ReportStatus::Approved) && today() > due
}

/// The reports of each subproject: every open period it reports for (see [`expected`]) and
/// every period it has a report for, newest period first.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub(crate) async fn report_links(
    db: &impl ConnectionTrait,
    subs: &[subproject::Model],
) -> Result<HashMap<i32, Vec<crate::model::reporting::ReportLink>>, AppError> {
    let periods = reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::StartsOn)
        .all(db)
        .await?;
    let reports: HashMap<(i32, i32), report::Model> = report::Entity::find()
        .filter(report::Column::SubprojectId.is_in(subs.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| ((r.subproject_id, r.period_id), r))
        .collect();
    let mut out = HashMap::new();
    for s in subs {
        let links: Vec<_> = periods
            .iter()
            .filter_map(|p| {
                let r = reports.get(&(s.id, p.id));
                let open = p.status == PeriodStatus::Open;
                (r.is_some() || open && expected(s, p)).then(|| {
                    let status = super::status_of(r);
                    let due = due_on(s, p);
                    crate::model::reporting::ReportLink {
                        period_id: p.id,
                        period_code: p.code.clone(),
                        status,
                        open,
                        due_on: due.to_string(),
                        overdue: overdue(status, due),
                    }
                })
            })
            .collect();
        out.insert(s.id, links);
    }
    Ok(out)
}

/// The rows of a period for the subprojects in `regions` (all when `None`).
async fn rows(
    db: &impl ConnectionTrait,
    period: &reporting_period::Model,
    regions: Option<&[i32]>,
) -> Result<Vec<ReportRow>, AppError> {
    let mut subs = subproject::Entity::find().order_by_asc(subproject::Column::Code);
    if let Some(ids) = regions {
        subs = subs.filter(subproject::Column::RegionId.is_in(ids.to_vec()));
    }
    let subs = subs.all(db).await?;
    let reports: HashMap<i32, report::Model> = report::Entity::find()
        .filter(report::Column::PeriodId.eq(period.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.subproject_id, r))
        .collect();
    let region_names_by_id: HashMap<i32, crate::model::Names> = city_region::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|r| (r.id, region_names(r)))
        .collect();
    Ok(subs
        .into_iter()
        .filter(|s| expected(s, period) || reports.contains_key(&s.id))
        .map(|s| {
            let r = reports.get(&s.id);
            let status = super::status_of(r);
            let due = due_on(&s, period);
            ReportRow {
                subproject_id: s.id,
                subproject_code: s.code.clone(),
                subproject_name: sub_names(&s),
                region: region_names_by_id
                    .get(&s.region_id)
                    .cloned()
                    .unwrap_or_default(),
                period_id: period.id,
                period_code: period.code.clone(),
                due_on: due.to_string(),
                status,
                overdue: overdue(status, due),
                since: r.map(|r| r.submitted_at.unwrap_or(r.updated_at).to_rfc3339()),
            }
        })
        .collect())
}

/// The reporting hub of the signed-in user.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn home(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<ReportingHome, AppError> {
    let periods = reporting_period::Entity::find()
        .order_by_desc(reporting_period::Column::StartsOn)
        .all(db)
        .await?;
    let own = writable_regions(principal);
    let mut to_do = Vec::new();
    let mut notifications = Vec::new();
    if !own.is_empty() {
        for p in periods.iter().filter(|p| p.status == PeriodStatus::Open) {
            let open_rows: Vec<ReportRow> = rows(db, p, Some(&own))
                .await?
                .into_iter()
                .filter(|r| r.status.to_do())
                .collect();
            // The notice agrees with the rows: overdue when a row is, due soon by the
            // earliest due date of the rows still to do (a late-registered one's included).
            let soonest = open_rows
                .iter()
                .filter_map(|r| NaiveDate::parse_from_str(&r.due_on, "%Y-%m-%d").ok())
                .min();
            if open_rows.iter().any(|r| r.overdue) {
                notifications.push(due_notice("overdue", p));
            } else if soonest.is_some_and(|due| (due - today()).num_days() <= DUE_SOON_DAYS) {
                notifications.push(due_notice("due_soon", p));
            }
            to_do.extend(open_rows);
        }
        to_do.sort_by(|a, b| {
            (
                b.status == ReportStatus::Returned,
                b.overdue,
                &a.due_on,
                &a.subproject_code,
            )
                .cmp(&(
                    a.status == ReportStatus::Returned,
                    a.overdue,
                    &b.due_on,
                    &b.subproject_code,
                ))
        });
        notifications.extend(workflow_notices(db, &own).await?);
    }
    let national = principal.has(Role::NationalCoordinator);
    let (review_queue, next_period) = if national {
        (
            review_queue(db).await?,
            super::periods::next_half_year(db).await?,
        )
    } else {
        (Vec::new(), None)
    };
    Ok(ReportingHome {
        periods: periods.iter().map(period_of).collect(),
        to_do,
        review_queue,
        notifications,
        can_manage_periods: national,
        next_period,
    })
}

fn due_notice(kind: &str, p: &reporting_period::Model) -> Notification {
    Notification {
        kind: kind.into(),
        at: p.due_on.to_string(),
        subproject_id: 0,
        subproject_code: String::new(),
        period_id: p.id,
        period_code: p.code.clone(),
        reason: None,
    }
}

/// Returns, approvals and reopenings of the regions' reports in the last days, newest first.
async fn workflow_notices(
    db: &impl ConnectionTrait,
    regions: &[i32],
) -> Result<Vec<Notification>, AppError> {
    let subs: HashMap<i32, subproject::Model> = subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_in(regions.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let periods: HashMap<i32, String> = reporting_period::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.code))
        .collect();
    let reports: HashMap<String, report::Model> = report::Entity::find()
        .filter(report::Column::SubprojectId.is_in(subs.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id.to_string(), r))
        .collect();
    let since = chrono::Utc::now() - chrono::Duration::days(NOTIFICATION_DAYS);
    let events = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("report"))
        .filter(audit_log::Column::Action.is_in(["return", "approve", "reopen"]))
        .filter(audit_log::Column::At.gte(since))
        .filter(audit_log::Column::EntityId.is_in(reports.keys().cloned().collect::<Vec<_>>()))
        .order_by_desc(audit_log::Column::Id)
        .limit(30)
        .all(db)
        .await?;
    Ok(events
        .into_iter()
        .filter_map(|e| {
            let r = reports.get(e.entity_id.as_deref()?)?;
            let s = subs.get(&r.subproject_id)?;
            Some(Notification {
                kind: match e.action.as_str() {
                    "return" => ReportState::Returned.code(),
                    "approve" => ReportState::Approved.code(),
                    _ => "reopened".into(),
                },
                at: e.at.to_rfc3339(),
                subproject_id: s.id,
                subproject_code: s.code.clone(),
                period_id: r.period_id,
                period_code: periods.get(&r.period_id).cloned().unwrap_or_default(),
                reason: e.reason,
            })
        })
        .collect())
}

/// Submitted reports of every region, the longest-waiting first.
async fn review_queue(db: &impl ConnectionTrait) -> Result<Vec<ReportRow>, AppError> {
    let mut queue = Vec::new();
    let submitted = report::Entity::find()
        .filter(report::Column::Status.eq(ReportState::Submitted))
        .order_by_asc(report::Column::SubmittedAt)
        .order_by_asc(report::Column::Id)
        .find_also_related(subproject::Entity)
        .all(db)
        .await?;
    let periods: HashMap<i32, reporting_period::Model> = reporting_period::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let regions: HashMap<i32, crate::model::Names> = city_region::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|r| (r.id, region_names(r)))
        .collect();
    for (r, s) in submitted {
        let (Some(s), Some(p)) = (s, periods.get(&r.period_id)) else {
            continue;
        };
        queue.push(ReportRow {
            subproject_id: s.id,
            subproject_code: s.code.clone(),
            subproject_name: sub_names(&s),
            region: regions.get(&s.region_id).cloned().unwrap_or_default(),
            period_id: p.id,
            period_code: p.code.clone(),
            due_on: p.due_on.to_string(),
            status: ReportStatus::Submitted,
            overdue: false,
            since: r.submitted_at.map(|t| t.to_rfc3339()),
        });
    }
    Ok(queue)
}

/// The status board of a period: per region the count of reports in each state and the
/// overdue ones, and every subproject's row. The national team and the ministry see every
/// region, a coordinator their own.
///
/// # Errors
/// [`AppError::NotFound`] for a missing period.
pub async fn board(
    db: &impl ConnectionTrait,
    principal: &Principal,
    period_id: i32,
) -> Result<StatusBoard, AppError> {
    let period = reporting_period::Entity::find_by_id(period_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = match principal.scope() {
        Scope::National => None,
        Scope::Regions(ids) => Some(ids),
    };
    let rows = rows(db, &period, scope.as_deref()).await?;
    let mut regions: Vec<BoardRegion> = Vec::new();
    for row in &rows {
        let entry = match regions.iter_mut().position(|r| r.region == row.region) {
            Some(i) => &mut regions[i],
            None => {
                regions.push(BoardRegion {
                    region: row.region.clone(),
                    counts: [0; 5],
                    overdue: 0,
                });
                regions.last_mut().ok_or(AppError::Internal)?
            }
        };
        let i = ReportStatus::ALL
            .iter()
            .position(|s| *s == row.status)
            .unwrap_or(0);
        entry.counts[i] += 1;
        entry.overdue += i64::from(row.overdue);
    }
    regions.sort_by(|a, b| a.region.fi.cmp(&b.region.fi));
    let mut rows = rows;
    rows.sort_by(|a, b| {
        (&a.region.fi, &a.subproject_code).cmp(&(&b.region.fi, &b.subproject_code))
    });
    Ok(StatusBoard {
        period: period_of(&period),
        regions,
        rows,
    })
}
