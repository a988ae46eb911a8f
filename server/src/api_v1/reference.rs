//! The programme's reference data: city regions (with their councils, agreements and
//! municipalities), themes, actions, regional councils, the indicator catalogue, reporting
//! periods and organisations. Any token may read them.

use super::bearer::Caller;
use super::paging::{ApiQuery, PageQuery, conditional, next_cursor};
use super::problem::ApiResult;
use app::model::Money;
use app::ssr::services::lookup::{self, Classifier};
use app::ssr::services::reference;
use app::ssr::services::reporting::{indicators, periods};
use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use entity::{action, regional_council, theme};
use serde::Serialize;
use utoipa::ToSchema;

/// A text in the programme's three languages (Swedish and English where given).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Names {
    pub fi: String,
    pub sv: Option<String>,
    pub en: Option<String>,
}

impl From<app::model::Names> for Names {
    fn from(n: app::model::Names) -> Self {
        Names {
            fi: n.fi,
            sv: n.sv,
            en: n.en,
        }
    }
}

/// An amount of euros as an exact decimal string with two decimals (`"103500000.00"`).
pub fn euros(money: Money) -> String {
    money.to_string()
}

/// A coded entry of a classifier (a theme, an action, a regional council).
#[derive(Debug, Serialize, ToSchema)]
pub struct Coded {
    pub code: String,
    pub name: Names,
}

/// A list that is never long, whole.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodedList {
    pub items: Vec<Coded>,
}

/// A city region's ecosystem agreement.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agreement {
    /// ISO 8601 day.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// The region's funding frame in euros, a decimal string.
    #[schema(example = "12000000.00")]
    pub frame: Option<String>,
}

/// A city region.
#[derive(Debug, Serialize, ToSchema)]
pub struct Region {
    pub id: i32,
    pub code: String,
    pub name: Names,
    /// The code of the regional council that funds it.
    pub council: String,
    pub population: Option<i32>,
    pub municipalities: Vec<String>,
    pub agreement: Agreement,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionList {
    pub items: Vec<Region>,
}

/// An indicator of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct Indicator {
    pub id: i32,
    pub code: String,
    pub name: Names,
    pub definition: Names,
    /// `count`, `enterprises` or another unit's name.
    pub unit: String,
    /// `incremental` (values add up over periods) or `cumulative` (the latest counts).
    pub kind: String,
    pub eu_code: Option<String>,
    /// Whether a value lists the companies (Business IDs) it counts.
    pub lists_companies: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorList {
    pub items: Vec<Indicator>,
}

/// A reporting period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Period {
    pub id: i32,
    pub code: String,
    /// ISO 8601 days.
    pub starts_on: String,
    pub ends_on: String,
    pub due_on: String,
    pub open: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodList {
    pub items: Vec<Period>,
}

/// An organisation, by its Business ID.
#[derive(Debug, Serialize, ToSchema)]
pub struct Organisation {
    pub id: i32,
    #[schema(example = "0737546-2")]
    pub business_id: String,
    pub name: String,
    pub kind: String,
    pub municipality: Option<String>,
}

/// A page of organisations, in id order.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<Organisation>,
    /// The cursor of the next page (`after`); none on the last.
    pub next: Option<String>,
}

async fn coded<E: Classifier>(state: &AppState, headers: &HeaderMap) -> ApiResult<Response> {
    let items = lookup::choices::<E>(&state.db)
        .await?
        .into_iter()
        .map(|c| Coded {
            code: c.code,
            name: c.name.into(),
        })
        .collect();
    Ok(conditional(headers, &CodedList { items }))
}

/// The city regions, in the programme's order.
#[utoipa::path(get, path = "/api/v1/regions", tag = "reference",
    responses((status = 200, description = "The city regions", body = RegionList)))]
pub async fn regions(
    State(state): State<AppState>,
    _caller: Caller,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let lists = reference::lists(&state.db).await?;
    let items = lists
        .regions
        .into_iter()
        .map(|r| Region {
            id: r.id,
            code: r.code,
            name: r.name.into(),
            council: r.council_code,
            population: r.population,
            municipalities: r.municipalities,
            agreement: Agreement {
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                frame: r.frame.map(euros),
            },
        })
        .collect();
    Ok(conditional(&headers, &RegionList { items }))
}

/// The themes, in the programme's order.
#[utoipa::path(get, path = "/api/v1/themes", tag = "reference",
    responses((status = 200, description = "The themes", body = CodedList)))]
pub async fn themes(
    State(state): State<AppState>,
    _caller: Caller,
    headers: HeaderMap,
) -> ApiResult<Response> {
    coded::<theme::Entity>(&state, &headers).await
}

/// The actions, in the programme's order.
#[utoipa::path(get, path = "/api/v1/actions", tag = "reference",
    responses((status = 200, description = "The actions", body = CodedList)))]
pub async fn actions(
    State(state): State<AppState>,
    _caller: Caller,
    headers: HeaderMap,
) -> ApiResult<Response> {
    coded::<action::Entity>(&state, &headers).await
}

/// The regional councils (the funding authorities).
#[utoipa::path(get, path = "/api/v1/councils", tag = "reference",
    responses((status = 200, description = "The regional councils", body = CodedList)))]
pub async fn councils(
    State(state): State<AppState>,
    _caller: Caller,
    headers: HeaderMap,
) -> ApiResult<Response> {
    coded::<regional_council::Entity>(&state, &headers).await
}

/// The indicator catalogue, in its order.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "reference",
    responses((status = 200, description = "The indicators", body = IndicatorList)))]
pub async fn indicator_list(
    State(state): State<AppState>,
    _caller: Caller,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let items = indicators::all(&state.db)
        .await?
        .into_iter()
        .map(|i| Indicator {
            id: i.id,
            code: i.code,
            name: i.name.into(),
            definition: i.definition.into(),
            unit: i.unit,
            kind: i.kind,
            eu_code: i.eu_code,
            lists_companies: i.lists_companies,
        })
        .collect();
    Ok(conditional(&headers, &IndicatorList { items }))
}

/// The reporting periods, newest first.
#[utoipa::path(get, path = "/api/v1/periods", tag = "reference",
    responses((status = 200, description = "The reporting periods", body = PeriodList)))]
pub async fn period_list(
    State(state): State<AppState>,
    _caller: Caller,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let items = periods::all(&state.db)
        .await?
        .into_iter()
        .map(|p| Period {
            id: p.id,
            code: p.code,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            due_on: p.due_on,
            open: p.open,
        })
        .collect();
    Ok(conditional(&headers, &PeriodList { items }))
}

/// The organisations, a page at a time in id order.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "reference", params(PageQuery),
    responses((status = 200, description = "A page of organisations", body = OrganisationPage)))]
pub async fn organisations(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(page): ApiQuery<PageQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (after, limit) = page.bounds()?;
    let mut all = reference::lists(&state.db).await?.organisations;
    all.sort_by_key(|o| o.id);
    let items: Vec<Organisation> = all
        .into_iter()
        .filter(|o| o.id > after)
        .take(limit as usize)
        .map(|o| Organisation {
            id: o.id,
            business_id: o.business_id,
            name: o.name,
            kind: o.kind,
            municipality: o.municipality,
        })
        .collect();
    let ids: Vec<i32> = items.iter().map(|o| o.id).collect();
    let next = next_cursor(&ids, limit);
    Ok(conditional(&headers, &OrganisationPage { items, next }))
}
