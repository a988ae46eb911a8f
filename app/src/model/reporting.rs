//! Indicator reporting: the catalogue, periods, reports and their workflow, targets, and the
//! overviews built on them. Indicator values are exact thousandths of their unit.

use super::Names;
use super::forms::NamesInput;
use super::money::{Money, MoneyError};
use super::sources::{BySource, SourcesInput};
use serde::{Deserialize, Serialize};

/// Where a subproject's report for a period stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReportStatus {
    /// No report has been started.
    Missing,
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 5] = [
        ReportStatus::Missing,
        ReportStatus::Draft,
        ReportStatus::Submitted,
        ReportStatus::Returned,
        ReportStatus::Approved,
    ];

    /// The code stored in `report.status` (`missing` is never stored).
    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Missing => "missing",
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Approved => "approved",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The city coordinator may still change the report.
    pub fn editable(self) -> bool {
        matches!(
            self,
            ReportStatus::Missing | ReportStatus::Draft | ReportStatus::Returned
        )
    }

    /// The report still needs the coordinator's work before the due date.
    pub fn to_do(self) -> bool {
        self.editable()
    }
}

/// A workflow step of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transition {
    Submit,
    Return,
    Approve,
    Reopen,
}

impl Transition {
    pub const ALL: [Transition; 4] = [
        Transition::Submit,
        Transition::Return,
        Transition::Approve,
        Transition::Reopen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Return => "return",
            Transition::Approve => "approve",
            Transition::Reopen => "reopen",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The state the step starts from and the one it ends in. Submitting works from a draft
    /// and from a returned report (a resubmission).
    pub fn allowed(self, from: ReportStatus) -> Option<ReportStatus> {
        use ReportStatus as S;
        match (self, from) {
            (Transition::Submit, S::Draft | S::Returned) => Some(S::Submitted),
            (Transition::Return, S::Submitted) => Some(S::Returned),
            (Transition::Approve, S::Submitted) => Some(S::Approved),
            (Transition::Reopen, S::Approved) => Some(S::Returned),
            _ => None,
        }
    }

    /// Whether the step needs the reviewer's written reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Transition::Return | Transition::Reopen)
    }
}

/// A reporting period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub id: i32,
    pub code: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: String,
    pub due_on: String,
    pub open: bool,
    pub version: i32,
}

/// An indicator of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: i32,
    pub code: String,
    pub name: Names,
    pub definition: Names,
    pub unit: String,
    /// `incremental` or `cumulative`.
    pub kind: String,
    pub eu_code: Option<String>,
    pub headline: Option<String>,
    pub lists_companies: bool,
    pub version: i32,
}

impl Indicator {
    pub fn cumulative(&self) -> bool {
        self.kind == "cumulative"
    }
}

/// The indicator form's fields, as typed (`form[input][name][fi]`,
/// `form[input][definition][en]` …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, validator::Validate)]
pub struct IndicatorInput {
    #[validate(
        custom(function = "super::register::required"),
        custom(function = "super::text::line"),
        length(max = 40, code = "too_long")
    )]
    pub code: String,
    /// One line of at most 300 characters in each language, all three required.
    pub name: NamesInput,
    /// Paragraphs of at most 5000 characters in each language.
    pub definition: NamesInput,
    #[validate(
        custom(function = "super::register::required"),
        custom(function = "super::text::line"),
        length(max = 40, code = "too_long")
    )]
    pub unit: String,
    #[validate(custom(function = "kind"))]
    pub kind: String,
    #[validate(
        custom(function = "super::text::line"),
        length(max = 20, code = "too_long")
    )]
    pub eu_code: String,
    /// The check box: posted (with any value) when ticked, left out when not.
    #[serde(default, deserialize_with = "super::forms::checkbox")]
    pub lists_companies: bool,
}

/// The field names of an indicator's definition in its form's errors and the audit log.
pub const DEFINITION_FIELDS: [&str; 3] = ["definition_fi", "definition_sv", "definition_en"];

impl IndicatorInput {
    /// The input with its text cleaned, if every rule that needs no database holds.
    ///
    /// # Errors
    /// [`crate::error::AppError::Validation`] per field.
    pub fn parse(&self) -> Result<IndicatorInput, crate::error::AppError> {
        use super::forms::Required;
        use super::text::{LINE, PARAGRAPHS, clean};
        use validator::Validate;
        let mut input = self.clone();
        for text in [
            &mut input.code,
            &mut input.unit,
            &mut input.kind,
            &mut input.eu_code,
        ] {
            *text = clean(text);
        }
        let mut errors = match input.validate() {
            Ok(()) => crate::error::FieldErrors::new(),
            Err(e) => crate::error::field_errors(&e),
        };
        input.name = self
            .name
            .parse("name", LINE, 300, Required::All, &mut errors);
        input.definition =
            self.definition
                .parse("definition", PARAGRAPHS, 5000, Required::None, &mut errors);
        crate::error::AppError::check(errors)?;
        Ok(input)
    }
}

fn kind(value: &str) -> Result<(), validator::ValidationError> {
    if matches!(value, "incremental" | "cumulative") {
        Ok(())
    } else {
        Err(validator::ValidationError::new("invalid"))
    }
}

/// The catalogue page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCatalogue {
    pub indicators: Vec<Indicator>,
    pub can_edit: bool,
}

/// An exact quantity of an indicator's unit, in thousandths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quantity(pub i64);

impl Quantity {
    /// Parses a typed value in Finnish or English notation (`1 234`, `12,5`, `12.5`), with at
    /// most two decimals.
    ///
    /// # Errors
    /// The same as a money amount's.
    pub fn parse_input(text: &str) -> Result<Self, MoneyError> {
        Money::parse_input(text).map(|m| Quantity(m.cents() * 10))
    }

    /// The value as stored, without grouping: `12`, `12.5`.
    pub fn plain(self) -> String {
        let whole = self.0 / 1000;
        let frac = self.0 % 1000;
        if frac == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
        }
    }
}

/// One indicator line of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActualLine {
    pub indicator: Indicator,
    /// The subproject's current target, if one is set.
    pub target: Option<Quantity>,
    /// The value of the latest approved earlier report.
    pub previous: Option<Quantity>,
    /// As typed or stored (`plain`).
    pub value: String,
    pub explanation: String,
    /// Business IDs, one per line.
    pub companies: String,
}

/// A comment on a report, optionally on one indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportComment {
    pub author: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
    pub indicator: Option<String>,
    pub body: String,
}

/// A workflow step that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEvent {
    pub at: String,
    pub who: Option<String>,
    /// `create`, `update`, `submit`, `resubmit`, `return`, `approve` or `reopen`.
    pub action: String,
    pub reason: Option<String>,
}

/// The report page of a subproject and period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPage {
    pub report_id: Option<i32>,
    pub version: Option<i32>,
    pub status: ReportStatus,
    pub subproject_id: i32,
    pub subproject_code: String,
    pub subproject_name: Names,
    pub project_id: i32,
    pub region: Names,
    pub period: Period,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub lines: Vec<ActualLine>,
    /// Realised money of the period per source, as stored (`1234.50`).
    pub realised: SourcesInput,
    pub comments: Vec<ReportComment>,
    pub events: Vec<ReportEvent>,
    /// The signed-in user may save and submit it.
    pub can_edit: bool,
    /// The signed-in user may return or approve it.
    pub can_review: bool,
    /// The signed-in user may reopen it.
    pub can_reopen: bool,
    pub can_comment: bool,
}

impl ReportPage {
    /// Why a returned report came back: the latest return (or reopening) with its reason.
    pub fn return_reason(&self) -> Option<&ReportEvent> {
        (self.status == ReportStatus::Returned)
            .then(|| {
                self.events
                    .iter()
                    .rev()
                    .find(|e| matches!(e.action.as_str(), "return" | "reopen"))
            })
            .flatten()
    }

    /// Shows `input` in the form instead of the stored values (a refused save's input).
    pub fn show_input(&mut self, input: &ReportInput) {
        self.progress = input.progress.clone();
        self.problems = input.problems.clone();
        self.next_steps = input.next_steps.clone();
        for line in &mut self.lines {
            let key = line.indicator.id.to_string();
            let typed = |map: &std::collections::BTreeMap<String, String>| {
                map.get(&key).cloned().unwrap_or_default()
            };
            line.value = typed(&input.values);
            line.explanation = typed(&input.explanations);
            line.companies = typed(&input.companies);
        }
        self.realised = input.realised.clone();
    }

    /// The field names of the realised amounts in the form's errors and the audit log.
    pub const REALISED_FIELDS: BySource<&'static str> = BySource {
        eu: "realised_eu",
        state: "realised_state",
        city: "realised_city",
        other_public: "realised_other_public",
        private: "realised_private",
    };
}

/// What the coordinator typed into a report, as the form posts it under `form[input]`:
/// per indicator (keyed by its id) `[values][12]`, `[explanations][12]` and
/// `[companies][12]`, and the realised money by source under `[realised]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInput {
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    #[serde(default)]
    pub values: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub explanations: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub companies: std::collections::BTreeMap<String, String>,
    pub realised: SourcesInput,
}

/// A subproject's report for one period, as the package and targets pages link to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLink {
    pub period_id: i32,
    pub period_code: String,
    pub status: ReportStatus,
    /// The period is still open for reports.
    pub open: bool,
    /// Due (ISO date): the period's due date, or later for a subproject registered late.
    pub due_on: String,
    pub overdue: bool,
}

/// A row of a to-do list, review queue or status board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub subproject_id: i32,
    pub subproject_code: String,
    pub subproject_name: Names,
    pub region: Names,
    pub period_id: i32,
    pub period_code: String,
    pub due_on: String,
    pub status: ReportStatus,
    pub overdue: bool,
    /// When it was submitted (review queue) or last changed.
    pub since: Option<String>,
}

/// A notification in the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// `returned`, `approved`, `reopened`, `due_soon` or `overdue`.
    pub kind: String,
    pub at: String,
    pub subproject_id: i32,
    pub subproject_code: String,
    pub period_id: i32,
    pub period_code: String,
    pub reason: Option<String>,
}

/// The reporting hub of the signed-in user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingHome {
    pub periods: Vec<Period>,
    /// A coordinator's reports still to do in open periods.
    pub to_do: Vec<ReportRow>,
    /// The national team's submitted reports, oldest first.
    pub review_queue: Vec<ReportRow>,
    pub notifications: Vec<Notification>,
    pub can_manage_periods: bool,
    /// The half-year the period form proposes (the national team only).
    pub next_period: Option<Period>,
}

/// Counts of one region on the status board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRegion {
    pub region: Names,
    /// In [`ReportStatus::ALL`] order.
    pub counts: [i64; 5],
    pub overdue: i64,
}

/// The reporting-status board of a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusBoard {
    pub period: Period,
    pub regions: Vec<BoardRegion>,
    pub rows: Vec<ReportRow>,
}

/// A revision of a subproject's target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetRevision {
    pub revision: i32,
    pub value: Quantity,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: String,
}

/// A subproject's target for one indicator, with its history (newest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetLine {
    pub indicator: Indicator,
    pub revisions: Vec<TargetRevision>,
}

/// The targets page of a subproject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetsPage {
    pub project_id: i32,
    pub subproject_id: i32,
    pub subproject_code: String,
    pub subproject_name: Names,
    pub lines: Vec<TargetLine>,
    pub editable: bool,
    /// The subproject's reports: every open period it reports for, and every report.
    pub reports: Vec<ReportLink>,
}

/// An indicator's roll-up: targets, actuals by the indicator's kind, and for company lists
/// the sum over subprojects and the number of distinct companies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorTotal {
    pub indicator_id: i32,
    pub code: String,
    #[serde(default)]
    pub name: Names,
    pub target: Quantity,
    pub actual: Quantity,
    pub companies_distinct: Option<i64>,
}

/// A period's code and dates, as typed (opening a period, or correcting an open one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodInput {
    pub code: String,
    pub starts_on: String,
    pub ends_on: String,
    pub due_on: String,
}

/// The correction form of a period as posted: the period at the version the form showed,
/// and its fields under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCorrection {
    pub id: i32,
    pub version: i32,
    pub input: PeriodInput,
}

/// Which report: a subproject's for a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportKey {
    pub subproject_id: i32,
    pub period_id: i32,
}

impl ReportKey {
    /// The report of subproject `subproject_id` for period `period_id`.
    pub fn new(subproject_id: i32, period_id: i32) -> Self {
        ReportKey {
            subproject_id,
            period_id,
        }
    }
}

/// The report form as posted: which report, the version the form showed (none for a new
/// report), its fields under `form[input]`, and the button pressed (`form[intent]` =
/// `submit` also submits it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSubmission {
    pub subproject_id: i32,
    pub period_id: i32,
    pub version: Option<i32>,
    pub input: ReportInput,
    pub intent: Option<String>,
}

impl ReportSubmission {
    /// The report it is for.
    pub fn key(&self) -> ReportKey {
        ReportKey {
            subproject_id: self.subproject_id,
            period_id: self.period_id,
        }
    }
}

/// A reviewer's step on a report as posted: `step` is `return`, `reopen` (each with a
/// `reason`) or `approve`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewStep {
    pub subproject_id: i32,
    pub period_id: i32,
    pub report_id: i32,
    pub version: i32,
    pub step: String,
    pub reason: Option<String>,
}

/// A comment on a report as posted, optionally on one indicator (its code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    pub subproject_id: i32,
    pub period_id: i32,
    pub report_id: i32,
    pub indicator: Option<String>,
    pub body: String,
}

/// The indicator form as posted: `form[id]` and `form[version]` for a stored indicator, and
/// its fields under `form[input]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSubmission {
    pub id: Option<i32>,
    pub version: Option<i32>,
    pub input: IndicatorInput,
}

/// Setting or revising a subproject's target for an indicator, as posted; a revision of an
/// earlier target needs a reason. `revision` is the latest revision the page showed (0:
/// none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetChange {
    pub subproject_id: i32,
    pub indicator_id: i32,
    pub value: String,
    pub reason: Option<String>,
    pub revision: i32,
}
