//! A subproject's period report: read it with its indicator values, narrative and realised
//! money; save a draft of any of them; submit it. Writes go through the report form's own
//! save (`reports::save`: scope, parsing, the version check, the approved-report lock,
//! audit), so the API refuses what the form refuses, field by field. A field a write leaves
//! out keeps its stored value. Only a read-write token writes.

use super::bearer::Caller;
use super::body::ApiJson;
use super::paging::conditional;
use super::precondition::IfMatch;
use super::problem::{ApiResult, Problem, record_id};
use super::register::MoneyBySource;
use app::error::AppError;
use app::model::Money;
use app::model::reporting::{ReportInput, ReportKey, ReportPage};
use app::model::sources::BySource;
use app::ssr::access::Principal;
use app::ssr::services::reporting::{periods, reports};
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// An indicator's value in a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportValue {
    pub indicator: String,
    /// The value as an exact decimal string; none when not reported.
    pub value: Option<String>,
    pub explanation: String,
    /// The Business IDs of the companies it counts (indicators that list them).
    pub companies: Vec<String>,
}

/// A report's narrative.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Narrative {
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
}

/// A subproject's report of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    pub subproject_id: i32,
    pub subproject: String,
    pub period: String,
    /// `missing`, `draft`, `submitted`, `returned` or `approved`.
    pub state: String,
    /// The version to name when writing it; none before its first save.
    pub version: Option<i32>,
    pub narrative: Narrative,
    pub values: Vec<ReportValue>,
    /// Realised euros of the period by source.
    pub realised: MoneyBySource,
    /// Its workflow's history, oldest first: every save, submission, return, approval and
    /// reopening, with who and why.
    pub events: Vec<ReportEventOut>,
    /// The discussion on it, oldest first.
    pub comments: Vec<ReportCommentOut>,
}

/// A step of a report's workflow, from the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportEventOut {
    /// ISO 8601.
    pub at: String,
    /// Who (none for the system).
    pub who: Option<String>,
    /// `create`, `update`, `submit`, `return`, `approve`, `reopen` …
    pub action: String,
    /// The reason given (a return's or a reopening's).
    pub reason: Option<String>,
}

/// A comment on a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportCommentOut {
    /// ISO 8601.
    pub at: String,
    pub author: Option<String>,
    /// The indicator's code, for a comment on one of its values.
    pub indicator: Option<String>,
    pub body: String,
}

/// One indicator's value to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueWrite {
    /// A decimal number (`12`, `12.5`; at most two decimals); empty to clear it.
    pub value: Option<String>,
    pub explanation: Option<String>,
    /// Business IDs; for an indicator that lists companies the value is their number.
    pub companies: Option<Vec<String>>,
}

/// Euros by source to save, each a decimal string (`"1234.50"`); a source left out keeps
/// its stored amount.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoneyWrite {
    pub eu: Option<String>,
    pub state: Option<String>,
    pub city: Option<String>,
    pub other_public: Option<String>,
    pub private: Option<String>,
}

impl MoneyWrite {
    pub fn by_source(self) -> BySource<Option<String>> {
        BySource {
            eu: self.eu,
            state: self.state,
            city: self.city,
            other_public: self.other_public,
            private: self.private,
        }
    }
}

/// What to save as a draft; what is left out stays as stored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportWrite {
    /// The version read (none for a report never saved): a report saved since is a 409.
    /// `If-Match: "<version>"` may name it instead.
    pub version: Option<i32>,
    pub progress: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    /// Values by the indicator's code.
    #[serde(default)]
    pub values: BTreeMap<String, ValueWrite>,
    pub realised: Option<MoneyWrite>,
}

/// Submitting a report as stored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The version read (or name it as `If-Match: "<version>"`).
    pub version: Option<i32>,
}

fn money_of(text: &str) -> Money {
    Money::parse_input(text).unwrap_or(Money::ZERO)
}

fn report_of(page: ReportPage) -> Report {
    Report {
        subproject_id: page.subproject_id,
        subproject: page.subproject_code,
        period: page.period.code,
        state: page.status.code().to_owned(),
        version: page.version,
        narrative: Narrative {
            progress: page.progress,
            problems: page.problems,
            next_steps: page.next_steps,
        },
        values: page
            .lines
            .into_iter()
            .map(|line| ReportValue {
                indicator: line.indicator.code,
                value: (!line.value.trim().is_empty()).then_some(line.value),
                explanation: line.explanation,
                companies: line
                    .companies
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
            })
            .collect(),
        realised: BySource::from_fn(|source| money_of(&page.realised[source])).into(),
        events: page
            .events
            .into_iter()
            .map(|e| ReportEventOut {
                at: e.at,
                who: e.who,
                action: e.action,
                reason: e.reason,
            })
            .collect(),
        comments: page
            .comments
            .into_iter()
            .map(|c| ReportCommentOut {
                at: c.at,
                author: c.author,
                indicator: c.indicator,
                body: c.body,
            })
            .collect(),
    }
}

/// The id of the period with `code`, if there is one.
///
/// # Errors
/// A 500 problem when the database fails.
pub async fn period_id(state: &AppState, code: &str) -> Result<Option<i32>, Problem> {
    Ok(periods::all(&state.db)
        .await?
        .into_iter()
        .find(|p| p.code == code)
        .map(|p| p.id))
}

/// The report's key: the subproject's id and the period's code; anything that names no
/// report in the caller's scope is a 404.
async fn key_of(state: &AppState, subproject: &str, period: &str) -> Result<ReportKey, Problem> {
    let subproject_id = record_id(subproject)?;
    let period_id = period_id(state, period).await?.ok_or(AppError::NotFound)?;
    Ok(ReportKey {
        subproject_id,
        period_id,
    })
}

async fn read(
    state: &AppState,
    principal: &Principal,
    key: ReportKey,
) -> Result<ReportPage, Problem> {
    Ok(reports::page(&state.db, principal, key.subproject_id, key.period_id).await?)
}

/// The form's input as stored, to lay a write over.
fn stored_input(page: &ReportPage) -> ReportInput {
    ReportInput {
        progress: page.progress.clone(),
        problems: page.problems.clone(),
        next_steps: page.next_steps.clone(),
        values: page
            .lines
            .iter()
            .map(|l| (l.indicator.id.to_string(), l.value.clone()))
            .collect(),
        explanations: page
            .lines
            .iter()
            .map(|l| (l.indicator.id.to_string(), l.explanation.clone()))
            .collect(),
        companies: page
            .lines
            .iter()
            .map(|l| (l.indicator.id.to_string(), l.companies.clone()))
            .collect(),
        realised: page.realised.clone(),
    }
}

/// A subproject's report of a period (`missing` before it is first saved).
#[utoipa::path(get, path = "/api/v1/reports/{subproject}/{period}", tag = "reports",
    params(("subproject" = i32, Path, description = "The subproject's id"),
           ("period" = String, Path, description = "The period's code")),
    responses((status = 200, description = "The report", body = Report)))]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    Path((subproject, period)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let key = key_of(&state, &subproject, &period).await?;
    let page = read(&state, &caller.principal, key).await?;
    Ok(conditional(&headers, &report_of(page)))
}

/// Saves a draft of the report: its values, narrative or realised money.
#[utoipa::path(put, path = "/api/v1/reports/{subproject}/{period}", tag = "reports",
    params(("subproject" = i32, Path, description = "The subproject's id"),
           ("period" = String, Path, description = "The period's code")),
    request_body = ReportWrite,
    responses((status = 200, description = "The report as saved", body = Report)))]
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path((subproject, period)): Path<(String, String)>,
    if_match: IfMatch,
    ApiJson(write): ApiJson<ReportWrite>,
) -> ApiResult<Json<Report>> {
    let principal = caller.writer()?;
    let key = key_of(&state, &subproject, &period).await?;
    let page = read(&state, principal, key).await?;
    let version = if_match.version(write.version, page.version)?;
    let mut input = stored_input(&page);
    let mut unknown = app::error::FieldErrors::new();
    for (code, value) in write.values {
        let Some(line) = page.lines.iter().find(|l| l.indicator.code == code) else {
            unknown
                .entry(format!("values.{code}"))
                .or_default()
                .push("unknown".into());
            continue;
        };
        let id = line.indicator.id.to_string();
        if let Some(v) = value.value {
            input.values.insert(id.clone(), v);
        }
        if let Some(e) = value.explanation {
            input.explanations.insert(id.clone(), e);
        }
        if let Some(c) = value.companies {
            input.companies.insert(id, c.join("\n"));
        }
    }
    AppError::check(unknown)?;
    if let Some(text) = write.progress {
        input.progress = text;
    }
    if let Some(text) = write.problems {
        input.problems = text;
    }
    if let Some(text) = write.next_steps {
        input.next_steps = text;
    }
    if let Some(realised) = write.realised {
        for (source, amount) in realised.by_source().iter() {
            if let Some(amount) = amount {
                input.realised[source].clone_from(amount);
            }
        }
    }
    reports::save(&state.db, principal, key, version, &input, false).await?;
    Ok(Json(report_of(read(&state, principal, key).await?)))
}

/// Submits the report as stored, for review.
#[utoipa::path(post, path = "/api/v1/reports/{subproject}/{period}/submit", tag = "reports",
    params(("subproject" = i32, Path, description = "The subproject's id"),
           ("period" = String, Path, description = "The period's code")),
    request_body = Submission,
    responses((status = 200, description = "The report as submitted", body = Report)))]
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path((subproject, period)): Path<(String, String)>,
    if_match: IfMatch,
    ApiJson(submission): ApiJson<Submission>,
) -> ApiResult<Json<Report>> {
    let principal = caller.writer()?;
    let key = key_of(&state, &subproject, &period).await?;
    let page = read(&state, principal, key).await?;
    let Some(stored) = page.version else {
        return Err(Problem::new(
            StatusCode::CONFLICT,
            "the report has not been saved yet",
        ));
    };
    let version = if_match.required_version(submission.version, stored)?;
    let input = stored_input(&page);
    reports::save(&state.db, principal, key, Some(version), &input, true).await?;
    Ok(Json(report_of(read(&state, principal, key).await?)))
}
