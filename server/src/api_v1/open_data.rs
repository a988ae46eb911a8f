//! Open data, for anyone and any origin: the programme's approved figures nationally, by
//! city region, by theme and at the end of each closed period, with the moment they were
//! read and their licence (CC BY 4.0), as JSON (`/api/v1/open/figures`) and as a long CSV
//! table (`/api/v1/open/figures.csv`: scope, code, measure, value). Only approved reports
//! count, as on the ministry's dashboard. No token is needed and none is read.

use super::paging::conditional;
use super::problem::ApiResult;
use super::reference::euros;
use super::register::MoneyBySource;
use super::rollups::quantity;
use app::model::auth::Role;
use app::model::dashboard::{Dashboard, DashboardFilter};
use app::ssr::access::Principal;
use app::ssr::rollup::dashboard;
use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The licence of the open data.
pub const LICENCE: &str = "CC BY 4.0";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// Figures of one scope (the nation, a region, a theme, a closed period's end).
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenFigure {
    /// `national`, `region`, `theme` or `period`.
    pub scope: String,
    /// The region's, theme's or period's code; empty for national figures.
    pub code: String,
    pub subprojects: i64,
    /// Planned euros, a decimal string.
    pub planned: String,
    /// Realised euros, where known for the scope.
    pub realised: Option<String>,
    /// Indicator actuals from approved reports, by the indicator's code.
    pub actuals: BTreeMap<String, String>,
}

/// The programme's approved figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenFigures {
    /// The time the figures hold as of (ISO 8601).
    pub as_of: String,
    pub licence: String,
    pub licence_url: String,
    pub source: String,
    /// Planned and realised euros nationally by funding source.
    pub planned_by_source: MoneyBySource,
    pub realised_by_source: MoneyBySource,
    pub figures: Vec<OpenFigure>,
}

/// A reader of national approved figures, as the ministry reads them.
fn public_reader() -> Principal {
    Principal {
        user_id: 0,
        display_name: String::new(),
        email: String::new(),
        roles: vec![Role::MinistryViewer],
        regions: Vec::new(),
        must_change_password: false,
        session_handle: None,
    }
}

fn open_figures(data: &Dashboard) -> OpenFigures {
    let actuals = |a: &app::model::dashboard::Actuals| {
        a.0.iter()
            .map(|c| (c.code.clone(), quantity(c.actual)))
            .collect()
    };
    let mut figures = vec![OpenFigure {
        scope: "national".into(),
        code: String::new(),
        subprojects: data.subprojects,
        planned: euros(data.planned.total()),
        realised: Some(euros(data.realised.total())),
        actuals: data
            .indicators
            .iter()
            .map(|i| (i.code.clone(), quantity(i.actual)))
            .collect(),
    }];
    figures.extend(data.by_region.iter().map(|r| OpenFigure {
        scope: "region".into(),
        code: r.code.clone(),
        subprojects: r.subprojects,
        planned: euros(r.planned.total()),
        realised: Some(euros(r.realised)),
        actuals: actuals(&r.actuals),
    }));
    figures.extend(data.by_theme.iter().map(|t| OpenFigure {
        scope: "theme".into(),
        code: t.code.clone(),
        subprojects: t.subprojects,
        planned: euros(t.planned),
        realised: None,
        actuals: BTreeMap::new(),
    }));
    figures.extend(
        data.trend
            .iter()
            .filter(|t| !t.period.is_empty())
            .map(|t| OpenFigure {
                scope: "period".into(),
                code: t.period.clone(),
                subprojects: t.subprojects,
                planned: euros(t.planned),
                realised: Some(euros(t.realised)),
                actuals: actuals(&t.actuals),
            }),
    );
    OpenFigures {
        // Current now, or as of their computing while newer figures are computed.
        as_of: data
            .computing_since
            .as_deref()
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .map_or_else(chrono::Utc::now, |at| at.with_timezone(&chrono::Utc))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        licence: LICENCE.into(),
        licence_url: LICENCE_URL.into(),
        source: "InnoCities Monitor, Ministry of Economic Affairs and Employment".into(),
        planned_by_source: data.planned.into(),
        realised_by_source: data.realised.into(),
        figures,
    }
}

async fn read(state: &AppState) -> ApiResult<OpenFigures> {
    let data = dashboard::dashboard(
        &state.db,
        &state.rollups,
        &public_reader(),
        &DashboardFilter::default(),
    )
    .await?;
    Ok(open_figures(&data))
}

/// Open to any origin, cached briefly.
fn open(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

/// The programme's approved figures, for anyone.
#[utoipa::path(get, path = "/api/v1/open/figures", tag = "open data", security(()),
    responses((status = 200, description = "The approved figures, CC BY 4.0", body = OpenFigures)))]
pub async fn figures(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let figures = read(&state).await?;
    Ok(open(conditional(&headers, &figures)))
}

/// A CSV field, quoted when it must be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The same figures as a long CSV table: `scope,code,measure,value` (UTF-8, comma,
/// decimals with a dot), with the moment and licence on the first lines as comments.
#[utoipa::path(get, path = "/api/v1/open/figures.csv", tag = "open data", security(()),
    responses((status = 200, description = "The approved figures as CSV, CC BY 4.0", content_type = "text/csv", body = String)))]
pub async fn figures_csv(State(state): State<AppState>) -> ApiResult<Response> {
    let figures = read(&state).await?;
    let mut out = String::from("scope,code,measure,value\r\n");
    let mut line = |scope: &str, code: &str, measure: &str, value: &str| {
        out.push_str(&format!(
            "{},{},{},{}\r\n",
            field(scope),
            field(code),
            field(measure),
            field(value)
        ));
    };
    line("meta", "", "as_of", &figures.as_of);
    line("meta", "", "licence", LICENCE);
    for f in &figures.figures {
        line(&f.scope, &f.code, "subprojects", &f.subprojects.to_string());
        line(&f.scope, &f.code, "planned_eur", &f.planned);
        if let Some(realised) = &f.realised {
            line(&f.scope, &f.code, "realised_eur", realised);
        }
        for (indicator, value) in &f.actuals {
            line(&f.scope, &f.code, &format!("indicator:{indicator}"), value);
        }
    }
    let response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline; filename=\"innocities-figures.csv\""),
            ),
        ],
        out,
    )
        .into_response();
    Ok(open(response))
}
