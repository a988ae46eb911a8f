//! A report's indicator lines changed one at a time, as the rows of an import change them:
//! the report of a subproject and period as it may still be changed (the subproject the
//! principal's, the period open, the report not started, a draft or returned), a row's line
//! parsed with the form's own rules and compared with the stored one, and the report's form
//! input with the rows' lines in it, which the form's own save
//! ([`super::report_save::save_many_in`]) then writes with its version check and audit entry.

use super::report_form::{Actual, Actuals, parse};
use super::report_save::Stored;
use super::status_of;
use crate::error::{AppError, FieldChange, FieldErrors};
use crate::model::Money;
use crate::model::imports::Matched;
use crate::model::reporting::{Indicator, ReportInput};
use crate::ssr::access::{Principal, writes};
use entity::status::PeriodStatus;
use entity::{reporting_period, subproject};

/// One line as a row gives it: the value, its explanation and the companies it lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    pub value: String,
    pub explanation: String,
    pub companies: String,
}

/// A subproject's report of a period with its stored lines and form input, and why the
/// principal may not change it, if they may not.
pub struct OpenReport {
    /// The stored report at the version read, or `None` when it is not started.
    pub stored: Option<Matched>,
    /// The message key of a `period` refusal: `period_closed`, or `report_locked` for a
    /// submitted or approved report; `None` when it may be changed.
    pub locked: Option<&'static str>,
    lines: Actuals,
    /// The report's form as stored, to which [`Self::set`] writes the rows' lines.
    pub input: ReportInput,
}

/// The report of `sub` in `period` as `stored` holds it, and whether the principal may
/// change it now.
///
/// # Errors
/// [`AppError::Forbidden`] for a subproject the principal may not write.
pub fn open_report(
    principal: &Principal,
    sub: &subproject::Model,
    period: &reporting_period::Model,
    stored: &Stored,
) -> Result<OpenReport, AppError> {
    if !writes(principal, sub) {
        return Err(AppError::Forbidden);
    }
    let closed = (period.status != PeriodStatus::Open).then_some("period_closed");
    let key = (sub.id, period.id);
    let Some(report) = stored.reports.get(&key) else {
        return Ok(OpenReport {
            stored: None,
            locked: closed,
            lines: Actuals::new(),
            input: ReportInput::default(),
        });
    };
    let locked = closed.or((!status_of(Some(report)).editable()).then_some("report_locked"));
    let lines = stored.lines.get(&report.id).cloned().unwrap_or_default();
    let money = stored.money.get(&key).copied().unwrap_or_default();
    let mut input = ReportInput {
        progress: report.progress.clone(),
        problems: report.problems.clone(),
        next_steps: report.next_steps.clone(),
        realised: money.map(|m| {
            if m == Money::ZERO {
                String::new()
            } else {
                m.to_string()
            }
        }),
        ..Default::default()
    };
    for (indicator, line) in &lines {
        put(&mut input, *indicator, line);
    }
    Ok(OpenReport {
        stored: Some(Matched {
            id: report.id,
            version: report.version,
        }),
        locked,
        lines,
        input,
    })
}

/// The report form's field errors said of an import row's columns: a line's fields are
/// named by their indicator in the form (`value_12`) and by their column in a row (`value`),
/// and a closed period (`status`) is said of the row's period.
pub fn by_column(errors: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, keys) in errors {
        let column = match field.rsplit_once('_') {
            _ if field == "status" => "period",
            Some((column, id)) if id.parse::<i32>().is_ok() => column,
            _ => field.as_str(),
        };
        out.entry(column.to_owned()).or_default().extend(keys);
    }
    out
}

/// A line into a report's form input.
fn put(input: &mut ReportInput, indicator: i32, line: &Actual) {
    let key = indicator.to_string();
    input.values.insert(key.clone(), line.value.plain());
    input
        .explanations
        .insert(key.clone(), line.explanation.clone());
    input.companies.insert(key, line.companies.join("\n"));
}

/// A line's fields as text, as a change shows them.
fn shown(line: Option<&Actual>) -> [(&'static str, String); 3] {
    let line = line.cloned().unwrap_or_default();
    [
        ("value", line.value.plain()),
        ("explanation", line.explanation),
        ("companies", line.companies.join(" ")),
    ]
}

impl OpenReport {
    /// The stored line of `indicator` as a row would give it (empty fields when none).
    pub fn line_input(&self, indicator: i32) -> LineInput {
        match self.lines.get(&indicator) {
            Some(line) => LineInput {
                value: line.value.plain(),
                explanation: line.explanation.clone(),
                companies: line.companies.join(" "),
            },
            None => LineInput::default(),
        }
    }

    /// Whether the report has a line of `indicator`.
    pub fn has_line(&self, indicator: i32) -> bool {
        self.lines.contains_key(&indicator)
    }

    /// A row's line for `indicator`, parsed with the form's rules, and what it changes in
    /// the stored line (each field old → new; nothing when it is the same).
    ///
    /// # Errors
    /// [`AppError::Validation`] on `value` (required without companies, or not a number),
    /// `explanation` or `companies`.
    pub fn changes(
        &self,
        indicator: &Indicator,
        row: &LineInput,
    ) -> Result<(Actual, Vec<FieldChange>), AppError> {
        let key = indicator.id.to_string();
        let input = ReportInput {
            values: [(key.clone(), row.value.clone())].into(),
            explanations: [(key.clone(), row.explanation.clone())].into(),
            companies: [(key.clone(), row.companies.clone())].into(),
            ..Default::default()
        };
        let mut errors = FieldErrors::new();
        let mut parsed = parse(std::slice::from_ref(indicator), &input, &mut errors);
        let mut errors = by_column(errors);
        let line = parsed.values.remove(&indicator.id);
        if line.is_none() && errors.is_empty() {
            errors.insert("value".into(), vec!["required".into()]);
        }
        AppError::check(errors)?;
        let line = line.unwrap_or_default();
        let changes = shown(self.lines.get(&indicator.id))
            .into_iter()
            .zip(shown(Some(&line)))
            .filter(|((_, old), (_, new))| old != new)
            .map(|((field, old), (_, new))| FieldChange {
                field: field.to_owned(),
                old,
                new,
            })
            .collect();
        Ok((line, changes))
    }

    /// Puts a row's parsed line of `indicator` into the report's form input.
    pub fn set(&mut self, indicator: i32, line: &Actual) {
        put(&mut self.input, indicator, line);
    }
}
