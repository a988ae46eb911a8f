//! The reporting part of the demo: two half-year periods (the first closed and approved, the
//! second open with reports in every workflow state), realised funding, indicator actuals
//! and the companies behind the company counts.

use super::plan::mix;
use super::portfolio::{SeededSubproject, as_of};
use app::model::BusinessId;
use chrono::{Duration, NaiveDate};
use entity::status::{FundingKind, PeriodStatus, ProjectStatus, ReportState};
use entity::{
    app_user, funding_line, funding_source, indicator, indicator_actual, indicator_actual_company,
    report, report_comment, reporting_period,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};
use std::collections::HashMap;

struct PeriodPlan {
    code: &'static str,
    starts: (i32, u32, u32),
    ends: (i32, u32, u32),
    due: (i32, u32, u32),
    closed: bool,
    /// Share of the planned money paid in the period, percent.
    realised_percent: i64,
    /// Actuals as a share of target, percent: cumulative running total, incremental addition.
    cumulative_percent: i64,
    incremental_percent: i64,
}

const PERIODS: [PeriodPlan; 2] = [
    PeriodPlan {
        code: "2025H2",
        starts: (2025, 7, 1),
        ends: (2025, 12, 31),
        due: (2026, 2, 15),
        closed: true,
        realised_percent: 18,
        cumulative_percent: 40,
        incremental_percent: 20,
    },
    PeriodPlan {
        code: "2026H1",
        starts: (2026, 1, 1),
        ends: (2026, 6, 30),
        due: (2026, 8, 15),
        closed: false,
        realised_percent: 14,
        cumulative_percent: 65,
        incremental_percent: 15,
    },
];

/// Size of the pool of demo companies that company lists draw from; smaller than the sum of
/// the lists, so the same company appears under several subprojects.
const COMPANY_POOL: u64 = 1_500;

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn company(n: u64) -> BusinessId {
    let mut number = 2_600_000 + (n as u32) * 13;
    loop {
        if let Some(id) = BusinessId::from_number(number) {
            return id;
        }
        number += 1;
    }
}

/// The workflow state of a subproject's report in an open period.
fn open_period_status(index: u64) -> ReportState {
    match mix(index, 7) % 10 {
        0..=5 => ReportState::Approved,
        6 | 7 => ReportState::Submitted,
        8 => ReportState::Returned,
        _ => ReportState::Draft,
    }
}

/// Inserts periods, reports and their contents.
///
/// # Errors
/// The database fails.
/// Why the national team returned the demo's returned reports.
const RETURN_REASON: &str =
    "Lisäättekö yritysten Y-tunnukset, jotta yritykset voidaan laskea kerran?";

/// An audit row of the demo's past, as the workflow writes it: a report's `create`,
/// `submit`, `return` (with its reason) and `approve`, a period's `open` and `close`.
async fn history(
    db: &impl ConnectionTrait,
    action: &'static str,
    entity: &'static str,
    id: i32,
    by: Option<i32>,
    at: chrono::DateTime<chrono::Utc>,
    reason: Option<&str>,
) -> anyhow::Result<()> {
    use app::ssr::services::audit::{Entry, record};
    let step =
        |old: String, new: String| serde_json::json!({ "status": { "old": old, "new": new } });
    let changes = match action {
        "submit" => step(ReportState::Draft.code(), ReportState::Submitted.code()),
        "return" => step(ReportState::Submitted.code(), ReportState::Returned.code()),
        "approve" => step(ReportState::Submitted.code(), ReportState::Approved.code()),
        "close" => step(PeriodStatus::Open.code(), PeriodStatus::Closed.code()),
        _ => serde_json::json!({}),
    };
    let mut entry = Entry::new(action, entity, Some(id.to_string()))
        .by(by)
        .at(at)
        .changes(changes);
    if let Some(reason) = reason {
        entry = entry.reason(reason);
    }
    record(db, entry)
        .await
        .map_err(|e| anyhow::anyhow!("demo history: {e:?}"))
}

pub async fn load(
    db: &impl ConnectionTrait,
    subprojects: &[SeededSubproject],
) -> anyhow::Result<()> {
    let now = as_of();
    let sources = super::ids_by_code::<funding_source::Entity>(db).await?;
    let indicators: HashMap<String, indicator::Model> = indicator::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|i| i.headline.clone().map(|h| (h, i)))
        .collect();
    let reviewer = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("national@innocities.example"))
        .one(db)
        .await?
        .map(|u| u.id);
    // Who wrote each subproject's reports: its region's demo coordinator, where there is one.
    let mut coordinators: HashMap<i32, i32> = HashMap::new();
    for a in entity::role_assignment::Entity::find()
        .filter(entity::role_assignment::Column::Role.eq("city_coordinator"))
        .all(db)
        .await?
    {
        if let Some(region) = a.region_id {
            coordinators.entry(region).or_insert(a.user_id);
        }
    }
    let region_of: HashMap<i32, i32> = entity::subproject::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.region_id))
        .collect();

    for plan in &PERIODS {
        let ends_on = date(plan.ends);
        let period = reporting_period::ActiveModel {
            code: Set(plan.code.to_string()),
            starts_on: Set(date(plan.starts)),
            ends_on: Set(ends_on),
            due_on: Set(date(plan.due)),
            status: Set(if plan.closed {
                PeriodStatus::Closed
            } else {
                PeriodStatus::Open
            }),
            closed_at: Set(plan.closed.then_some(now - Duration::days(3))),
            version: Set(1),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        history(
            db,
            "open",
            "reporting_period",
            period.id,
            reviewer,
            now - Duration::days(60),
            None,
        )
        .await?;
        if plan.closed {
            history(
                db,
                "close",
                "reporting_period",
                period.id,
                reviewer,
                now - Duration::days(3),
                None,
            )
            .await?;
        }

        for sub in subprojects
            .iter()
            .filter(|s| s.status != ProjectStatus::Planned && s.starts_on <= ends_on)
        {
            let status = if plan.closed {
                ReportState::Approved
            } else {
                open_period_status(sub.index)
            };
            let submitted = status != ReportState::Draft;
            let row = report::ActiveModel {
                subproject_id: Set(sub.id),
                period_id: Set(period.id),
                // Approved at the end: an approved report takes no more writes.
                status: Set(if status == ReportState::Approved {
                    ReportState::Submitted
                } else {
                    status
                }),
                progress: Set("Työpajat ja pilotit etenivät suunnitelman mukaisesti.".into()),
                problems: Set(String::new()),
                next_steps: Set("Pilottien tulokset kootaan ja jaetaan verkostolle.".into()),
                submitted_at: Set(submitted.then_some(now - Duration::days(10))),
                approved_at: Set(None),
                version: Set(1),
                created_at: Set(now - Duration::days(20)),
                updated_at: Set(now - Duration::days(5)),
                ..Default::default()
            }
            .insert(db)
            .await?;
            // The workflow's history, as the app would have written it.
            let author = region_of
                .get(&sub.id)
                .and_then(|region| coordinators.get(region))
                .copied();
            history(
                db,
                "create",
                "report",
                row.id,
                author,
                now - Duration::days(20),
                None,
            )
            .await?;
            if submitted {
                history(
                    db,
                    "submit",
                    "report",
                    row.id,
                    author,
                    now - Duration::days(10),
                    None,
                )
                .await?;
            }
            if status == ReportState::Returned {
                history(
                    db,
                    "return",
                    "report",
                    row.id,
                    reviewer,
                    now - Duration::days(4),
                    Some(RETURN_REASON),
                )
                .await?;
            }
            if status == ReportState::Approved {
                history(
                    db,
                    "approve",
                    "report",
                    row.id,
                    reviewer,
                    now - Duration::days(5),
                    None,
                )
                .await?;
            }
            if status == ReportState::Returned {
                report_comment::ActiveModel {
                    report_id: Set(row.id),
                    author_id: Set(reviewer),
                    indicator_id: Set(Some(indicators["companies"].id)),
                    body: Set(RETURN_REASON.into()),
                    created_at: Set(now - Duration::days(4)),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }

            let realised: Vec<funding_line::ActiveModel> = sub
                .planned_euros
                .iter()
                .map(|(source, euros)| funding_line::ActiveModel {
                    subproject_id: Set(sub.id),
                    source_id: Set(sources[source.code()]),
                    kind: Set(FundingKind::Realised),
                    period_id: Set(Some(period.id)),
                    // planned euros × percent = cents × percent / 100
                    amount_cents: Set(euros * plan.realised_percent),
                    version: Set(1),
                    updated_at: Set(now),
                    ..Default::default()
                })
                .collect();
            funding_line::Entity::insert_many(realised).exec(db).await?;

            for (h, key) in ["platforms", "companies", "innovations"]
                .into_iter()
                .enumerate()
            {
                let ind = &indicators[key];
                let percent = if ind.kind == "cumulative" {
                    plan.cumulative_percent
                } else {
                    plan.incremental_percent
                };
                let value = sub.targets[h] * percent / 100;
                let companies: Vec<BusinessId> = if ind.lists_companies {
                    let mut list: Vec<BusinessId> = (0..value as u64)
                        .map(|k| company(mix(sub.index, k) % COMPANY_POOL))
                        .collect();
                    list.sort();
                    list.dedup();
                    list
                } else {
                    Vec::new()
                };
                let value = if ind.lists_companies {
                    companies.len() as i64
                } else {
                    value
                };
                let actual = indicator_actual::ActiveModel {
                    report_id: Set(row.id),
                    indicator_id: Set(ind.id),
                    value_milli: Set(value * 1000),
                    explanation: Set(None),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                if !companies.is_empty() {
                    let rows: Vec<indicator_actual_company::ActiveModel> = companies
                        .into_iter()
                        .map(|bid| indicator_actual_company::ActiveModel {
                            actual_id: Set(actual.id),
                            business_id: Set(bid.to_string()),
                        })
                        .collect();
                    indicator_actual_company::Entity::insert_many(rows)
                        .exec(db)
                        .await?;
                }
            }
            if status == ReportState::Approved {
                report::ActiveModel {
                    id: Set(row.id),
                    status: Set(ReportState::Approved),
                    approved_at: Set(Some(now - Duration::days(5))),
                    ..Default::default()
                }
                .update(db)
                .await?;
            }
        }
    }
    // The closed period's roll-up is frozen, as closing it in the app would do.
    for period in reporting_period::Entity::find()
        .filter(reporting_period::Column::Status.eq(PeriodStatus::Closed))
        .all(db)
        .await?
    {
        app::ssr::rollup::snapshots::take(db, &period, reviewer)
            .await
            .map_err(|e| anyhow::anyhow!("snapshot of {}: {e:?}", period.code))?;
    }
    Ok(())
}
