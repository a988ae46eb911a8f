//! Saving reports as drafts (and, from the form, submitting them): the form's one report and
//! an import's thousands go the same way, in the caller's transaction. Each save is
//! authorised (the subproject the principal's, the period open and held), parsed with the
//! form's rules (and, to submit, checked as a submission) before anything is written; then
//! each report is started or changed from the version its form showed (a draft or returned
//! one only), its lines replaced, its realised money replaced where it changed, and its
//! field-level audit entry written. What is read and written for many reports takes a few
//! statements for every 500 of them, not a few for each.

use super::indicators::all as all_indicators;
use super::report_form::{Actuals, Parsed, Snapshot, check_submission, diff, parse, snapshot};
pub use super::report_reads::lines_of;
use super::report_reads::previous_values;
use super::status_of;
use crate::error::{AppError, FieldErrors};
use crate::model::Money;
use crate::model::reporting::{ReportInput, ReportKey, ReportStatus, Transition};
use crate::model::sources::BySource;
use crate::ssr::access::{Principal, Scope, writes};
use crate::ssr::services::audit::{self, Entry, changes_json};
use crate::ssr::services::funding::{realised_of, replace_lines};
use crate::ssr::services::lookup::{Codes, one_of};
use crate::ssr::services::versioned::update_at_if;
use chrono::Utc;
use entity::status::ReportState;
use entity::{indicator_actual, indicator_actual_company, report, reporting_period, subproject};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Reports inserted, and report ids read or cleared, in one statement.
const REPORTS_PER_STATEMENT: usize = 500;
/// Indicator lines inserted in one statement (four values each).
const LINES_PER_STATEMENT: usize = 2000;
/// Companies of lines inserted in one statement (two values each).
const COMPANIES_PER_STATEMENT: usize = 5000;

/// One report to save: whose and which period's, the version its form showed (none for one
/// not started), and what the form holds.
pub struct ReportSave<'a> {
    pub key: ReportKey,
    pub version: Option<i32>,
    pub input: &'a ReportInput,
}

/// The stored reports of some subprojects: each by (subproject, period), with its lines and
/// its realised money by source.
#[derive(Default)]
pub struct Stored {
    pub reports: HashMap<(i32, i32), report::Model>,
    pub lines: HashMap<i32, Actuals>,
    pub money: HashMap<(i32, i32), BySource<Money>>,
}

impl Stored {
    /// The reports of `subprojects` (every period), read a few queries for every 500.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn of(db: &impl ConnectionTrait, subprojects: &[i32]) -> Result<Self, AppError> {
        let mut reports = HashMap::new();
        for chunk in subprojects.chunks(REPORTS_PER_STATEMENT) {
            for r in report::Entity::find()
                .filter(one_of(db, report::Column::SubprojectId, chunk, "integer"))
                .all(db)
                .await?
            {
                reports.insert((r.subproject_id, r.period_id), r);
            }
        }
        let ids: Vec<i32> = reports.values().map(|r| r.id).collect();
        Ok(Stored {
            lines: lines_of(db, &ids).await?,
            money: realised_of(db, subprojects).await?,
            reports,
        })
    }

    /// The report of `key` as a snapshot of its fields (empty when it is not started).
    fn snapshot(
        &self,
        indicators: &[crate::model::reporting::Indicator],
        key: (i32, i32),
    ) -> Snapshot {
        let Some(r) = self.reports.get(&key) else {
            return Snapshot::new();
        };
        let narrative = [r.progress.clone(), r.problems.clone(), r.next_steps.clone()];
        let lines = self.lines.get(&r.id).cloned().unwrap_or_default();
        let money = self.money.get(&key).copied().unwrap_or_default();
        snapshot(indicators, Some(&narrative), &lines, &money)
    }
}

/// Saves `saves` as drafts in the caller's transaction, and with `submit` submits each (or
/// resubmits a returned one). Nothing is written before every save is authorised and parsed.
/// The ids of the reports, in the order of `saves`.
///
/// # Errors
/// The place of the save refused and why: [`AppError::NotFound`] / [`AppError::Forbidden`]
/// for what the principal may not write, [`AppError::Validation`] per field (`status` when
/// the report or period is locked), [`AppError::EditConflict`] when someone saved since the
/// version its form showed; [`AppError::Internal`] (at place 0) when the database fails.
pub async fn save_many_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    saves: &[ReportSave<'_>],
    submit: bool,
) -> Result<Vec<i32>, (usize, AppError)> {
    let at = |i: usize| move |e: AppError| (i, e);
    let indicators = all_indicators(txn).await.map_err(at(0))?;
    let parsed = authorised(txn, principal, saves, submit, &indicators).await?;
    let mut sub_ids: Vec<i32> = saves.iter().map(|s| s.key.subproject_id).collect();
    sub_ids.sort_unstable();
    sub_ids.dedup();
    let stored = Stored::of(txn, &sub_ids).await.map_err(at(0))?;
    let now = Utc::now();
    let codes = Codes::default();
    let mut ids = vec![0; saves.len()];
    let mut froms = vec![ReportStatus::Draft; saves.len()];
    let mut changes = Vec::with_capacity(saves.len());
    let mut new = Vec::new();
    for (i, (save, parsed)) in saves.iter().zip(&parsed).enumerate() {
        let key = (save.key.subproject_id, save.key.period_id);
        let before = stored.snapshot(&indicators, key);
        let after = snapshot(
            &indicators,
            Some(&parsed.narrative),
            &parsed.values,
            &parsed.money,
        );
        let model = report::ActiveModel {
            updated_at: Set(now),
            progress: Set(parsed.narrative[0].clone()),
            problems: Set(parsed.narrative[1].clone()),
            next_steps: Set(parsed.narrative[2].clone()),
            ..Default::default()
        };
        match stored.reports.get(&key) {
            None => new.push((
                i,
                report::ActiveModel {
                    subproject_id: Set(key.0),
                    period_id: Set(key.1),
                    status: Set(ReportState::Draft),
                    version: Set(1),
                    created_at: Set(now),
                    ..model
                },
            )),
            Some(current) => {
                let status = status_of(Some(current));
                if !status.editable() {
                    return Err((i, AppError::field("status", "report_locked")));
                }
                // The guard is in the update itself: only a draft or returned report changes.
                let editable =
                    report::Column::Status.is_in([ReportState::Draft, ReportState::Returned]);
                update_at_if(txn, current.id, save.version, editable, model, || {
                    diff(&after, &before)
                })
                .await
                .map_err(at(i))?;
                ids[i] = current.id;
                froms[i] = status;
            }
        }
        changes.push(diff(&before, &after));
    }
    insert_new(txn, new, &mut ids).await?;
    write_lines(txn, &stored, &ids, &parsed)
        .await
        .map_err(at(0))?;
    let mut entries = Vec::with_capacity(saves.len());
    for (i, (save, parsed)) in saves.iter().zip(&parsed).enumerate() {
        let key = (save.key.subproject_id, save.key.period_id);
        let money = stored.money.get(&key).copied().unwrap_or_default();
        if parsed.money != money {
            replace_lines(txn, &codes, key.0, Some(key.1), parsed.money, now)
                .await
                .map_err(at(i))?;
        }
        let action = if stored.reports.contains_key(&key) {
            "update"
        } else {
            "create"
        };
        let entry = Entry::new(action, "report", Some(ids[i].to_string()))
            .by(Some(principal.user_id))
            .changes(changes_json(std::mem::take(&mut changes[i])));
        entries.push(entry.pending());
    }
    audit::record_many(txn, entries).await.map_err(at(0))?;
    if submit {
        for (i, id) in ids.iter().enumerate() {
            super::workflow::apply(txn, principal, *id, froms[i], Transition::Submit, None)
                .await
                .map_err(at(i))?;
        }
    }
    Ok(ids)
}

/// Every save authorised and parsed: the subproject readable and the principal's to write
/// (another region's answers as missing), the period open (its row held, so it cannot be
/// closed and its roll-up frozen meanwhile), the input parsed and, with `submit`, checked as
/// a submission.
async fn authorised(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    saves: &[ReportSave<'_>],
    submit: bool,
    indicators: &[crate::model::reporting::Indicator],
) -> Result<Vec<Parsed>, (usize, AppError)> {
    let at = |i: usize| move |e: AppError| (i, e);
    let mut wanted: Vec<i32> = saves.iter().map(|s| s.key.subproject_id).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut subs: HashMap<i32, subproject::Model> = HashMap::new();
    for chunk in wanted.chunks(REPORTS_PER_STATEMENT) {
        for s in subproject::Entity::find()
            .filter(one_of(txn, subproject::Column::Id, chunk, "integer"))
            .all(txn)
            .await
            .map_err(|e| (0, e.into()))?
        {
            subs.insert(s.id, s);
        }
    }
    let mut periods: HashMap<i32, reporting_period::Model> = HashMap::new();
    let mut out = Vec::with_capacity(saves.len());
    for (i, save) in saves.iter().enumerate() {
        let sub = subs
            .get(&save.key.subproject_id)
            .filter(|s| match principal.scope() {
                Scope::National => true,
                Scope::Regions(ids) => ids.contains(&s.region_id),
            })
            .ok_or((i, AppError::NotFound))?;
        if !writes(principal, sub) {
            return Err((i, AppError::Forbidden));
        }
        if !periods.contains_key(&save.key.period_id) {
            let period = super::periods::ensure_open(txn, save.key.period_id)
                .await
                .map_err(at(i))?;
            periods.insert(period.id, period);
        }
        let mut errors = FieldErrors::new();
        let parsed = parse(indicators, save.input, &mut errors);
        if submit && let Some(period) = periods.get(&save.key.period_id) {
            let targets = super::targets::current(txn, sub.id).await.map_err(at(i))?;
            let previous = previous_values(txn, sub.id, period.starts_on)
                .await
                .map_err(at(i))?;
            check_submission(indicators, &parsed, &targets, &previous, &mut errors);
        }
        AppError::check(errors).map_err(at(i))?;
        out.push(parsed);
    }
    Ok(out)
}

/// Inserts the reports not started yet, 500 to a statement, and sets their ids.
///
/// # Errors
/// [`AppError::EditConflict`] at the first of a statement whose report someone started at
/// the same moment.
async fn insert_new(
    txn: &impl ConnectionTrait,
    new: Vec<(usize, report::ActiveModel)>,
    ids: &mut [i32],
) -> Result<(), (usize, AppError)> {
    for chunk in new.chunks(REPORTS_PER_STATEMENT) {
        let first = chunk.first().map_or(0, |(i, _)| *i);
        let models = chunk.iter().map(|(_, m)| m.clone());
        let inserted: HashMap<(i32, i32), i32> = report::Entity::insert_many(models)
            .exec_with_returning(txn)
            .await
            .map_err(|e| {
                (
                    first,
                    AppError::on_unique(|| AppError::EditConflict(Vec::new()))(e),
                )
            })?
            .into_iter()
            .map(|r| ((r.subproject_id, r.period_id), r.id))
            .collect();
        for (i, model) in chunk {
            let key = (*model.subproject_id.as_ref(), *model.period_id.as_ref());
            ids[*i] = *inserted.get(&key).ok_or((*i, AppError::Internal))?;
        }
    }
    Ok(())
}

/// Replaces the reports' indicator lines with the parsed ones: the stored reports' lines
/// cleared (their companies with them), then every line and its companies inserted, many
/// to a statement.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn write_lines(
    txn: &impl ConnectionTrait,
    stored: &Stored,
    ids: &[i32],
    parsed: &[Parsed],
) -> Result<(), AppError> {
    let cleared: Vec<i32> = ids
        .iter()
        .copied()
        .filter(|id| stored.lines.contains_key(id))
        .collect();
    for chunk in cleared.chunks(REPORTS_PER_STATEMENT) {
        indicator_actual::Entity::delete_many()
            .filter(one_of(
                txn,
                indicator_actual::Column::ReportId,
                chunk,
                "integer",
            ))
            .exec(txn)
            .await?;
    }
    let lines: Vec<indicator_actual::ActiveModel> = ids
        .iter()
        .zip(parsed)
        .flat_map(|(report_id, p)| {
            p.values
                .iter()
                .map(move |(indicator_id, line)| indicator_actual::ActiveModel {
                    report_id: Set(*report_id),
                    indicator_id: Set(*indicator_id),
                    value_milli: Set(line.value.0),
                    explanation: Set(
                        (!line.explanation.is_empty()).then(|| line.explanation.clone())
                    ),
                    ..Default::default()
                })
        })
        .collect();
    let companies: HashMap<(i32, i32), &Vec<String>> = ids
        .iter()
        .zip(parsed)
        .flat_map(|(report_id, p)| {
            p.values
                .iter()
                .filter(|(_, line)| !line.companies.is_empty())
                .map(move |(indicator_id, line)| ((*report_id, *indicator_id), &line.companies))
        })
        .collect();
    let mut listed = Vec::new();
    for chunk in lines.chunks(LINES_PER_STATEMENT) {
        let rows = indicator_actual::Entity::insert_many(chunk.iter().cloned())
            .exec_with_returning(txn)
            .await?;
        for row in rows {
            if let Some(list) = companies.get(&(row.report_id, row.indicator_id)) {
                listed.extend(
                    list.iter()
                        .map(|bid| indicator_actual_company::ActiveModel {
                            actual_id: Set(row.id),
                            business_id: Set(bid.clone()),
                        }),
                );
            }
        }
    }
    for chunk in listed.chunks(COMPANIES_PER_STATEMENT) {
        indicator_actual_company::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
