//! Roll-ups with the dashboard's filters: the same figures as `/dashboard` for the token's
//! user (national for the national team and the ministry, a coordinator's own regions),
//! approved reports only unless `all=1` and the user may see drafts, or a closed period's
//! frozen roll-up (`snapshot`). Money and indicator values are exact decimal strings.

use super::bearer::Caller;
use super::paging::{ApiQuery, conditional};
use super::problem::{ApiResult, Problem};
use super::reference::euros;
use super::register::MoneyBySource;
use app::error::AppError;
use app::model::dashboard::DashboardFilter;
use app::model::reporting::Quantity;
use app::ssr::rollup::dashboard;
use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// An indicator value as an exact decimal string (`"12.5"`).
pub fn quantity(q: Quantity) -> String {
    rust_decimal::Decimal::new(q.0, 3).normalize().to_string()
}

/// The dashboard's filters, each a code.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollupFilter {
    /// A city region's code.
    pub region: Option<String>,
    /// A theme's code.
    pub theme: Option<String>,
    /// An action's code.
    pub action: Option<String>,
    /// A regional council's code.
    pub council: Option<String>,
    /// A period's code: the situation at its end.
    pub period: Option<String>,
    /// `1`: drafts, submitted and returned reports count too (coordinators and the
    /// national team); approved reports only otherwise.
    pub all: Option<String>,
    /// A closed period's code: its frozen roll-up instead of live figures (national
    /// readers).
    pub snapshot: Option<String>,
}

/// An indicator's target and actual in the roll-up's scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorFigure {
    pub code: String,
    pub unit: String,
    pub cumulative: bool,
    #[schema(example = "2712")]
    pub target: String,
    pub actual: String,
    /// Distinct companies named, for indicators that list them.
    pub companies_distinct: Option<i64>,
}

/// One region's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionFigure {
    pub code: String,
    pub population: Option<i32>,
    pub subprojects: i64,
    pub planned: MoneyBySource,
    pub realised: String,
    /// Indicator actuals by the indicator's code.
    pub actuals: BTreeMap<String, String>,
}

/// One theme's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThemeFigure {
    pub code: String,
    pub subprojects: i64,
    pub planned: String,
}

/// A roll-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rollup {
    /// Only approved reports count (false with `all=1` for a user who may see drafts).
    pub approved_only: bool,
    /// National figures (the national team and the ministry), or a coordinator's regions.
    pub national: bool,
    /// The closed period of a frozen roll-up, and when it was taken (ISO 8601).
    pub snapshot: Option<String>,
    pub snapshot_taken_at: Option<String>,
    /// Live figures computed before the latest change, while the figures with it are being
    /// computed: when these were computed (ISO 8601). None: current.
    pub computing_since: Option<String>,
    pub packages: i64,
    pub subprojects: i64,
    pub organisations: i64,
    pub planned: MoneyBySource,
    pub realised: MoneyBySource,
    /// The funding frame the figures compare with, where there is one.
    pub frame: Option<String>,
    pub indicators: Vec<IndicatorFigure>,
    pub by_region: Vec<RegionFigure>,
    pub by_theme: Vec<ThemeFigure>,
}

/// The roll-up of the filters in the token's scope.
#[utoipa::path(get, path = "/api/v1/rollups", tag = "roll-ups", params(RollupFilter),
    responses((status = 200, description = "The roll-up", body = Rollup)))]
pub async fn rollup(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<RollupFilter>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let filter = DashboardFilter {
        region: query.region,
        theme: query.theme,
        action: query.action,
        council: query.council,
        period: query.period,
        all: query.all.as_deref() == Some("1"),
        snapshot: query.snapshot,
    };
    let data = dashboard::dashboard(&state.db, &state.rollups, &caller.principal, &filter)
        .await
        .map_err(|err| match err {
            // A filter naming nothing: the request's parameters, not a write.
            AppError::Validation(_) => {
                Problem::new(StatusCode::BAD_REQUEST, "a filter names no such code")
            }
            err => err.into(),
        })?;
    let rollup = Rollup {
        approved_only: !(data.filter.all && data.can_include_unapproved),
        national: data.national_reader,
        snapshot: data.frozen.as_ref().map(|f| f.period.clone()),
        snapshot_taken_at: data.frozen.as_ref().map(|f| f.taken_at.clone()),
        computing_since: data.computing_since.clone(),
        packages: data.projects,
        subprojects: data.subprojects,
        organisations: data.organisations,
        planned: data.planned.into(),
        realised: data.realised.into(),
        frame: data.frame.map(euros),
        indicators: data
            .indicators
            .iter()
            .map(|i| IndicatorFigure {
                code: i.code.clone(),
                unit: i.unit.clone(),
                cumulative: i.cumulative,
                target: quantity(i.target),
                actual: quantity(i.actual),
                companies_distinct: i.companies_distinct,
            })
            .collect(),
        by_region: data
            .by_region
            .iter()
            .map(|r| RegionFigure {
                code: r.code.clone(),
                population: r.population,
                subprojects: r.subprojects,
                planned: r.planned.into(),
                realised: euros(r.realised),
                actuals: r
                    .actuals
                    .0
                    .iter()
                    .map(|a| (a.code.clone(), quantity(a.actual)))
                    .collect(),
            })
            .collect(),
        by_theme: data
            .by_theme
            .iter()
            .map(|t| ThemeFigure {
                code: t.code.clone(),
                subprojects: t.subprojects,
                planned: euros(t.planned),
            })
            .collect(),
    };
    Ok(conditional(&headers, &rollup))
}
