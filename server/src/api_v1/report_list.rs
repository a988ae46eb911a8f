//! A period's reports for BI: every report in the caller's scope with its state, narrative,
//! indicator values and realised money, a page at a time in id order (a report started
//! later comes on a later page; none is skipped or repeated). A subproject that has not
//! started its report has none to list: its state is `missing` on the report's own address.

use super::bearer::Caller;
use super::paging::{ApiQuery, PageQuery, conditional, next_cursor};
use super::problem::{ApiResult, Problem};
use super::register::MoneyBySource;
use super::reports::{Narrative, ReportValue, period_id};
use super::rollups::quantity;
use app::model::reporting::ReportStatus;
use app::ssr::services::lookup;
use app::ssr::services::reporting::report_list::{self, ReportListFilter, ReportListed};
use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entity::city_region;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which reports: the period's, and optionally one region's or one state's.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportListQuery {
    /// The period's code (required).
    pub period: Option<String>,
    /// A city region's code: its subprojects' reports.
    pub region: Option<String>,
    /// `draft`, `submitted`, `returned` or `approved`.
    pub state: Option<String>,
}

/// A report as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportItem {
    /// The report's id (the cursor's key).
    pub id: i32,
    pub subproject_id: i32,
    /// The subproject's code.
    pub subproject: String,
    /// The code of the subproject's region.
    pub region: String,
    pub period: String,
    /// `draft`, `submitted`, `returned` or `approved`.
    pub state: String,
    pub version: i32,
    /// ISO 8601; none before it is first submitted.
    pub submitted_at: Option<String>,
    /// ISO 8601; none until it is approved.
    pub approved_at: Option<String>,
    /// ISO 8601.
    pub updated_at: String,
    pub narrative: Narrative,
    /// The values reported, in the indicators' order.
    pub values: Vec<ReportValue>,
    /// Realised euros of the period by source.
    pub realised: MoneyBySource,
}

/// A page of a period's reports, in id order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPage {
    pub items: Vec<ReportItem>,
    /// The cursor of the next page (`after`); none on the last.
    pub next: Option<String>,
}

fn item_of(listed: ReportListed, period: &str) -> ReportItem {
    let r = listed.report;
    ReportItem {
        id: r.id,
        subproject_id: r.subproject_id,
        subproject: listed.subproject_code,
        region: listed.region,
        period: period.to_owned(),
        state: ReportStatus::from(r.status).code().to_owned(),
        version: r.version,
        submitted_at: r.submitted_at.map(|t| t.to_rfc3339()),
        approved_at: r.approved_at.map(|t| t.to_rfc3339()),
        updated_at: r.updated_at.to_rfc3339(),
        narrative: Narrative {
            progress: r.progress,
            problems: r.problems,
            next_steps: r.next_steps,
        },
        values: listed
            .lines
            .into_iter()
            .map(|line| ReportValue {
                indicator: line.indicator,
                value: Some(quantity(line.value)),
                explanation: line.explanation,
                companies: line.companies,
            })
            .collect(),
        realised: listed.realised.into(),
    }
}

/// A period's reports in the caller's scope, a page at a time.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports",
    params(ReportListQuery, PageQuery),
    responses((status = 200, description = "A page of the period's reports", body = ReportPage)))]
pub async fn reports(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ReportListQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (after, limit) = page.bounds()?;
    let bad = |detail: &str| Problem::new(StatusCode::BAD_REQUEST, detail);
    let period = query
        .period
        .filter(|p| !p.is_empty())
        .ok_or_else(|| bad("period is required: a period's code"))?;
    let period_id = period_id(&state, &period)
        .await?
        .ok_or_else(|| bad("period is not a period's code"))?;
    let status = match query.state.as_deref() {
        None | Some("") => None,
        Some(code) => Some(
            ReportStatus::from_code(code)
                .filter(|s| *s != ReportStatus::Missing)
                .ok_or_else(|| bad("state is not a report's state"))?,
        ),
    };
    let region_id = match query.region.as_deref() {
        None | Some("") => None,
        Some(code) => match lookup::find::<city_region::Entity>(&state.db, code).await? {
            Some(region) => Some(region.id),
            // No such region: nothing to list, as the package list's filters answer.
            None => {
                return Ok(conditional(
                    &headers,
                    &ReportPage {
                        items: Vec::new(),
                        next: None,
                    },
                ));
            }
        },
    };
    let filter = ReportListFilter { region_id, status };
    let scope = caller.principal.scope();
    let listed =
        report_list::reports_after(&state.db, &scope, period_id, &filter, after, limit).await?;
    let ids: Vec<i32> = listed.iter().map(|l| l.report.id).collect();
    let next = next_cursor(&ids, limit);
    let items = listed.into_iter().map(|l| item_of(l, &period)).collect();
    Ok(conditional(&headers, &ReportPage { items, next }))
}
