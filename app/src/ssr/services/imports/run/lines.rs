//! The rows of indicator values and targets, matched by subproject, (period,) and
//! indicator. A value row changes one line of a report: the report is read once for all its
//! rows, each row's line is parsed with the report form's rules and put into the report's
//! form, and at the end of the run the report form's own save writes each changed report
//! once (version check, audit). A target row is the targets page's save: a new revision,
//! with the reason a revision asks for.

use super::{Done, Refusal, Row, Run};
use crate::error::AppError;
use crate::model::imports::{Matched, Outcome};
use crate::model::reporting::Indicator;
use crate::model::reporting::ReportKey;
use crate::ssr::access::writes;
use crate::ssr::services::imports::columns::RowCells;
use crate::ssr::services::reporting::report_lines::{OpenReport, by_column, open_report};
use crate::ssr::services::reporting::report_save::{self, ReportSave};
use crate::ssr::services::reporting::targets;
use entity::subproject;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The reports a run's value rows change, read once each.
#[derive(Default)]
pub(super) struct Reports {
    open: HashMap<(i32, i32), OpenReport>,
    /// The reports to save at the end, in the order of their first changed row (its index).
    changed: Vec<((i32, i32), usize)>,
}

pub(super) fn locked(reports: &Mutex<Reports>) -> MutexGuard<'_, Reports> {
    reports.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Run<'_> {
    /// The subproject a row names, if the principal writes it (another region's answers as
    /// unknown, as on its page).
    fn writable_subproject(&self, cells: &RowCells<'_>) -> Result<&subproject::Model, AppError> {
        let code = super::rows::key(cells, "subproject")?;
        self.known
            .subprojects
            .get(&code)
            .filter(|s| writes(self.principal, s))
            .ok_or_else(|| AppError::field("subproject", "unknown"))
    }

    fn indicator(&self, cells: &RowCells<'_>) -> Result<&Indicator, AppError> {
        let code = super::rows::key(cells, "indicator")?;
        self.known
            .indicators
            .get(&code)
            .ok_or_else(|| AppError::field("indicator", "unknown"))
    }

    pub(super) async fn indicator_value(&self, row: &Row<'_, '_>) -> Result<Done, Refusal> {
        let cells = row.cells;
        let sub = self.writable_subproject(cells)?;
        let period_code = super::rows::key(cells, "period")?;
        let period = self
            .known
            .periods
            .get(&period_code)
            .ok_or_else(|| AppError::field("period", "unknown"))?;
        let indicator = self.indicator(cells)?;
        let key = (sub.id, period.id);
        let mut reports = locked(&self.reports);
        let Reports { open, changed } = &mut *reports;
        let report = match open.entry(key) {
            Entry::Occupied(report) => report.into_mut(),
            Entry::Vacant(place) => {
                let report = open_report(self.principal, sub, period, &self.known.reports)?;
                place.insert(report)
            }
        };
        let matched = row.as_seen(report.stored)?;
        let input = cells.report_line(&report.line_input(indicator.id));
        let (line, changes) = report.changes(indicator, &input)?;
        let outcome = if !report.has_line(indicator.id) {
            Outcome::New
        } else if let Some(outcome) = super::rows::decided(changes.clone(), self.policy) {
            return Ok((outcome, matched));
        } else {
            Outcome::Changed(changes)
        };
        if let Some(why) = report.locked {
            return Err(AppError::field("period", why).into());
        }
        if row.write {
            report.set(indicator.id, &line);
            if !changed.iter().any(|(k, _)| *k == key) {
                changed.push((key, row.index));
            }
        }
        Ok((outcome, matched))
    }

    /// Saves the reports the run's rows changed with the report form's own save, all at
    /// once; a refusal is said of the first row that changed the report refused (its index).
    pub(super) async fn save_reports(&self) -> Result<(), (usize, AppError)> {
        let (changed, open) = {
            let mut reports = locked(&self.reports);
            (
                std::mem::take(&mut reports.changed),
                std::mem::take(&mut reports.open),
            )
        };
        let saves: Vec<ReportSave<'_>> = changed
            .iter()
            .filter_map(|(key, _)| {
                let report = open.get(key)?;
                Some(ReportSave {
                    key: ReportKey {
                        subproject_id: key.0,
                        period_id: key.1,
                    },
                    version: report.stored.map(|m| m.version),
                    input: &report.input,
                })
            })
            .collect();
        report_save::save_many_in(self.txn, self.principal, &saves, false)
            .await
            .map(drop)
            .map_err(|(i, err)| {
                let index = changed.get(i).map_or(0, |(_, index)| *index);
                match err {
                    AppError::Validation(errors) => {
                        (index, AppError::Validation(by_column(errors)))
                    }
                    other => (index, other),
                }
            })
    }

    pub(super) async fn target(&self, row: &Row<'_, '_>) -> Result<Done, Refusal> {
        let cells = row.cells;
        let sub = self.writable_subproject(cells)?;
        let indicator = self.indicator(cells)?;
        let latest = self.known.targets.get(&(sub.id, indicator.id));
        let matched = row.as_seen(latest.map(|l| Matched {
            id: l.id,
            version: l.revision,
        }))?;
        let (value, reason) = cells.target();
        let revision = latest.map_or(0, |l| l.revision);
        // The value as a first target's: an unchanged row needs no reason.
        let (parsed, _) = targets::parse(&value, &reason, 1)?;
        let outcome = match latest {
            None => Outcome::New,
            Some(l) => {
                let changes = if l.value == parsed {
                    Vec::new()
                } else {
                    vec![crate::error::FieldChange {
                        field: "value".into(),
                        old: l.value.plain(),
                        new: parsed.plain(),
                    }]
                };
                if let Some(outcome) = super::rows::decided(changes.clone(), self.policy) {
                    return Ok((outcome, matched));
                }
                Outcome::Changed(changes)
            }
        };
        // A revision gives its reason.
        targets::parse(&value, &reason, revision + 1)?;
        if row.write {
            let key = (sub.id, indicator.id);
            targets::set_in(self.txn, self.principal, key, &value, &reason, revision)
                .await
                .map_err(Refusal::Written)?;
        }
        Ok((outcome, matched))
    }
}
