//! A package as its page shows it: subprojects, money by source planned and realised per
//! period, the links to its subprojects' reports, and the full history of changes of the
//! package and its subprojects. Another region's package answers as a missing one.

use super::funding::sources_by_id;
use super::project_form::input_of;
use crate::error::AppError;
use crate::model::register::{
    FieldChange, Funding, HistoryEntry, PeriodFunding, ProjectDetail, SubprojectDetail,
};
use crate::model::sources::BySource;
use crate::model::{Money, Names};
use crate::ssr::access::{Principal, Scope, can_read, writable_regions};
use crate::ssr::columns::names;
use entity::status::FundingKind;
use entity::{
    action, app_user, audit_log, city_region, funding_line, organisation, project, project_action,
    regional_council, reporting_period, subproject, theme,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// A package with its subprojects, money and history, if the principal may read it;
/// another region's package answers as a missing one.
///
/// # Errors
/// [`AppError::NotFound`], or [`AppError::Internal`] when the database fails.
pub async fn get_project(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<ProjectDetail, AppError> {
    let p = project::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let subs = subproject::Entity::find()
        .filter(subproject::Column::ProjectId.eq(id))
        .order_by_asc(subproject::Column::Code)
        .all(db)
        .await?;
    let sub_regions: Vec<i32> = subs.iter().map(|s| s.region_id).collect();
    if !can_read(principal, p.region_id, &sub_regions) {
        return Err(AppError::NotFound);
    }
    let regions: HashMap<i32, city_region::Model> = city_region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let region_names = |rid: i32| {
        regions
            .get(&rid)
            .map(|r| names(&r.name_fi, &r.name_sv, &r.name_en))
            .unwrap_or_default()
    };
    let orgs: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(
            organisation::Column::Id.is_in(
                subs.iter()
                    .map(|s| s.organisation_id)
                    .chain(p.lead_organisation_id),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let (by_sub, by_period) = funding_of(db, &subs).await?;
    let realised_by_period = realised_by_period(db, by_period).await?;
    let subprojects =
        subproject_details(db, principal, &subs, by_sub, &orgs, &region_names).await?;
    let mut total = Funding::default();
    for s in &subprojects {
        total.add(&s.funding);
    }
    let th = theme::Entity::find_by_id(p.theme_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let council = regional_council::Entity::find_by_id(p.council_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let sub_codes: HashMap<String, String> = subs
        .iter()
        .map(|s| (s.id.to_string(), s.code.clone()))
        .collect();
    Ok(ProjectDetail {
        id: p.id,
        version: p.version,
        input: input_of(db, &super::lookup::Codes::default(), &p).await?,
        name: Names {
            fi: p.name_fi.clone(),
            sv: p.name_sv.clone(),
            en: p.name_en.clone(),
        },
        region: region_names(p.region_id),
        theme: names(&th.name_fi, &th.name_sv, &th.name_en),
        council: names(&council.name_fi, &council.name_sv, &council.name_en),
        actions: actions_of(db, p.id).await?,
        lead_organisation: p
            .lead_organisation_id
            .and_then(|o| orgs.get(&o))
            .map(|o| o.name.clone()),
        status: p.status.into(),
        subprojects,
        funding: total,
        realised_by_period,
        history: history(db, p.id, &sub_codes).await?,
        editable: writable_regions(principal).contains(&p.region_id),
    })
}

/// The package's subprojects as its page shows them, each with its money and, in the
/// principal's own regions, its reports.
async fn subproject_details(
    db: &impl ConnectionTrait,
    principal: &Principal,
    subs: &[subproject::Model],
    mut by_sub: HashMap<i32, Funding>,
    orgs: &HashMap<i32, organisation::Model>,
    region_names: &impl Fn(i32) -> Names,
) -> Result<Vec<SubprojectDetail>, AppError> {
    // Reports are their region's: a coordinator reading a package shared with another region
    // sees the reports of their own regions' subprojects only (as the report page admits).
    let reportable: Vec<subproject::Model> = subs
        .iter()
        .filter(|s| match principal.scope() {
            Scope::National => true,
            Scope::Regions(ids) => ids.contains(&s.region_id),
        })
        .cloned()
        .collect();
    let mut reports = super::reporting::overview::report_links(db, &reportable).await?;
    Ok(subs
        .iter()
        .map(|s| {
            let org = orgs.get(&s.organisation_id);
            SubprojectDetail {
                id: s.id,
                code: s.code.clone(),
                name: Names {
                    fi: s.name_fi.clone(),
                    sv: s.name_sv.clone(),
                    en: s.name_en.clone(),
                },
                region: region_names(s.region_id),
                organisation: org.map(|o| o.name.clone()).unwrap_or_default(),
                organisation_business_id: org.map(|o| o.business_id.clone()).unwrap_or_default(),
                status: s.status.into(),
                funding: by_sub.remove(&s.id).unwrap_or_default(),
                reports: reports.remove(&s.id),
            }
        })
        .collect())
}

/// The names of a package's actions.
async fn actions_of(db: &impl ConnectionTrait, project_id: i32) -> Result<Vec<Names>, AppError> {
    Ok(project_action::Entity::find()
        .filter(project_action::Column::ProjectId.eq(project_id))
        .find_also_related(action::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(_, a)| a)
        .map(|a| names(&a.name_fi, &a.name_sv, &a.name_en))
        .collect())
}

/// The money of each subproject by source (planned and realised), and the realised money of
/// all of them in each period (by period id).
async fn funding_of(
    db: &impl ConnectionTrait,
    subs: &[subproject::Model],
) -> Result<(HashMap<i32, Funding>, HashMap<i32, BySource<Money>>), AppError> {
    let sources = sources_by_id(db).await?;
    let lines = funding_line::Entity::find()
        .filter(funding_line::Column::SubprojectId.is_in(subs.iter().map(|s| s.id)))
        .all(db)
        .await?;
    let mut by_sub: HashMap<i32, Funding> = HashMap::new();
    let mut by_period: HashMap<i32, BySource<Money>> = HashMap::new();
    for line in lines {
        let Some(&source) = sources.get(&line.source_id) else {
            continue;
        };
        let funding = by_sub.entry(line.subproject_id).or_default();
        let amount = Money::from_cents(line.amount_cents);
        if line.kind == FundingKind::Planned {
            funding.planned[source] = funding.planned[source] + amount;
        } else {
            funding.realised[source] = funding.realised[source] + amount;
            if let Some(period) = line.period_id {
                let realised = by_period.entry(period).or_default();
                realised[source] = realised[source] + amount;
            }
        }
    }
    Ok((by_sub, by_period))
}

/// Realised money per period, oldest period first, with the periods' codes.
async fn realised_by_period(
    db: &impl ConnectionTrait,
    mut by_period: HashMap<i32, BySource<Money>>,
) -> Result<Vec<PeriodFunding>, AppError> {
    if by_period.is_empty() {
        return Ok(Vec::new());
    }
    let periods = reporting_period::Entity::find()
        .filter(reporting_period::Column::Id.is_in(by_period.keys().copied()))
        .order_by_asc(reporting_period::Column::StartsOn)
        .all(db)
        .await?;
    Ok(periods
        .into_iter()
        .filter_map(|period| {
            by_period.remove(&period.id).map(|realised| PeriodFunding {
                period_code: period.code,
                realised,
            })
        })
        .collect())
}

/// Every audited change of the package and its subprojects, newest first.
async fn history(
    db: &impl ConnectionTrait,
    project_id: i32,
    sub_codes: &HashMap<String, String>,
) -> Result<Vec<HistoryEntry>, AppError> {
    let sub_ids: Vec<String> = sub_codes.keys().cloned().collect();
    let rows = audit_log::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(
                    sea_orm::Condition::all()
                        .add(audit_log::Column::Entity.eq("project"))
                        .add(audit_log::Column::EntityId.eq(project_id.to_string())),
                )
                .add(
                    sea_orm::Condition::all()
                        .add(audit_log::Column::Entity.eq("subproject"))
                        .add(
                            sea_orm::Condition::any()
                                .add(audit_log::Column::EntityId.is_in(sub_ids))
                                // Deleted subprojects, by the package they were under.
                                .add(audit_log::Column::ParentId.eq(project_id.to_string())),
                        ),
                ),
        )
        .order_by_desc(audit_log::Column::Id)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(row, user)| {
            let changes: Vec<FieldChange> =
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&row.changes)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(field, change)| {
                        let text = |v: Option<&serde_json::Value>| match v {
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(serde_json::Value::Null) | None => String::new(),
                            Some(other) => other.to_string(),
                        };
                        FieldChange {
                            field,
                            old: text(change.get("old")),
                            new: text(change.get("new")),
                        }
                    })
                    .collect();
            // A deleted subproject's code is the one its deletion recorded.
            let record_code = (row.entity == "subproject")
                .then(|| {
                    row.entity_id
                        .as_ref()
                        .and_then(|id| sub_codes.get(id))
                        .cloned()
                        .or_else(|| {
                            changes
                                .iter()
                                .find(|c: &&FieldChange| c.field == "code")
                                .map(|c| c.old.clone())
                        })
                })
                .flatten();
            HistoryEntry {
                at: row.at.to_rfc3339(),
                who: user.map(|u| u.display_name),
                action: row.action,
                record: row.entity,
                record_code,
                changes,
                reason: row.reason,
            }
        })
        .collect())
}
