//! The register: project packages with their subprojects and money by source, in the
//! caller's scope (a city coordinator's own regions' packages, and national lead packages
//! with a subproject there; every package for the national team and the ministry), with the
//! package list's filters, a page at a time in id order.

use super::bearer::Caller;
use super::paging::{ApiQuery, PageQuery, conditional, next_cursor};
use super::problem::{ApiResult, Problem, record_id};
use super::reference::{Names, euros};
use app::model::Money;
use app::model::projects::{ProjectFilter, ProjectStatus};
use app::model::sources::BySource;
use app::ssr::services::{api_register, projects};
use app::ssr::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Euros by funding source, each an exact decimal string.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoneyBySource {
    #[schema(example = "125000.00")]
    pub eu: String,
    pub state: String,
    pub city: String,
    pub other_public: String,
    pub private: String,
    /// The sum of the five.
    pub total: String,
}

impl From<BySource<Money>> for MoneyBySource {
    fn from(money: BySource<Money>) -> Self {
        MoneyBySource {
            eu: euros(money.eu),
            state: euros(money.state),
            city: euros(money.city),
            other_public: euros(money.other_public),
            private: euros(money.private),
            total: euros(money.total()),
        }
    }
}

/// A subproject, carried out by one organisation in one city region.
#[derive(Debug, Serialize, ToSchema)]
pub struct Subproject {
    pub id: i32,
    pub code: String,
    pub name: Names,
    /// The region's code.
    pub region: String,
    /// The organisation's Business ID.
    pub organisation: String,
    /// The funding council's code.
    pub council: String,
    pub starts_on: String,
    pub ends_on: String,
    /// `planned`, `active`, `closed` …
    pub status: String,
    /// Planned money by source.
    pub planned: MoneyBySource,
    /// Realised money by source, over every reporting period.
    pub realised: MoneyBySource,
    /// The version to name when changing it.
    pub version: i32,
}

/// A project package with its subprojects.
#[derive(Debug, Serialize, ToSchema)]
pub struct Package {
    pub id: i32,
    pub code: String,
    pub name: Names,
    pub description: Names,
    /// The code of the region that leads it.
    pub region: String,
    pub national_lead: bool,
    pub theme: String,
    pub council: String,
    pub actions: Vec<String>,
    /// The lead organisation's Business ID.
    pub lead_organisation: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub version: i32,
    pub subprojects: Vec<Subproject>,
}

/// A page of packages, in id order.
#[derive(Debug, Serialize, ToSchema)]
pub struct PackagePage {
    pub items: Vec<Package>,
    /// The cursor of the next page (`after`); none on the last.
    pub next: Option<String>,
}

/// The package list's filters, each a code.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PackageFilter {
    /// A region's code: its packages.
    pub region: Option<String>,
    /// A theme's code.
    pub theme: Option<String>,
    /// An action's code.
    pub action: Option<String>,
    /// A regional council's code.
    pub council: Option<String>,
    /// `planned`, `active`, `closed` …
    pub status: Option<String>,
    /// A Business ID: packages it leads or carries out a subproject of.
    pub organisation: Option<String>,
}

fn names(fi: String, sv: Option<String>, en: Option<String>) -> Names {
    Names { fi, sv, en }
}

fn package_of(read: api_register::PackageRead) -> Package {
    let p = read.package;
    Package {
        id: p.id,
        code: p.code,
        name: names(p.name_fi, p.name_sv, p.name_en),
        description: names(p.description_fi, p.description_sv, p.description_en),
        region: read.region,
        national_lead: p.is_national_lead,
        theme: read.theme,
        council: read.council,
        actions: read.actions,
        lead_organisation: read.lead_organisation,
        starts_on: p.starts_on.to_string(),
        ends_on: p.ends_on.to_string(),
        status: ProjectStatus::from(p.status).code().to_owned(),
        version: p.version,
        subprojects: read.subprojects.into_iter().map(subproject_of).collect(),
    }
}

/// A subproject as the API gives it.
pub fn subproject_of(s: api_register::SubprojectRead) -> Subproject {
    let sub = s.subproject;
    Subproject {
        id: sub.id,
        code: sub.code,
        name: names(sub.name_fi, sub.name_sv, sub.name_en),
        region: s.region,
        organisation: s.organisation,
        council: s.council,
        starts_on: sub.starts_on.to_string(),
        ends_on: sub.ends_on.to_string(),
        status: ProjectStatus::from(sub.status).code().to_owned(),
        planned: s.planned.into(),
        realised: s.realised.into(),
        version: sub.version,
    }
}

/// The packages in the caller's scope that the filters select, a page at a time.
#[utoipa::path(get, path = "/api/v1/packages", tag = "register", params(PageQuery, PackageFilter),
    responses((status = 200, description = "A page of packages", body = PackagePage)))]
pub async fn packages(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(page): ApiQuery<PageQuery>,
    ApiQuery(filter): ApiQuery<PackageFilter>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (after, limit) = page.bounds()?;
    let status = match filter.status.as_deref() {
        None | Some("") => None,
        Some(code) => Some(ProjectStatus::from_code(code).ok_or_else(|| {
            Problem::new(StatusCode::BAD_REQUEST, "status is not a package status")
        })?),
    };
    let list_filter = ProjectFilter {
        region: filter.region,
        theme: filter.theme,
        action: filter.action,
        council: filter.council,
        organisation: filter.organisation,
        status,
        ..ProjectFilter::default()
    };
    let scope = caller.principal.scope();
    let ids = projects::package_ids_after(&state.db, &scope, &list_filter, after, limit).await?;
    let next = next_cursor(&ids, limit);
    let items = api_register::packages(&state.db, &ids)
        .await?
        .into_iter()
        .map(package_of)
        .collect();
    Ok(conditional(&headers, &PackagePage { items, next }))
}

/// One package in the caller's scope; another region's answers 404 like a missing one.
#[utoipa::path(get, path = "/api/v1/packages/{id}", tag = "register",
    params(("id" = i32, Path, description = "The package's id")),
    responses((status = 200, description = "The package", body = Package)))]
pub async fn package(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let id = record_id(&id)?;
    let scope = caller.principal.scope();
    let visible =
        projects::package_ids_after(&state.db, &scope, &ProjectFilter::default(), id - 1, 1)
            .await?
            .contains(&id);
    if !visible {
        return Err(app::error::AppError::NotFound.into());
    }
    let read = api_register::packages(&state.db, &[id])
        .await?
        .into_iter()
        .next()
        .ok_or(app::error::AppError::NotFound)?;
    Ok(conditional(&headers, &package_of(read)))
}

/// One field of an audited change: its value before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChangeOut {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// An audited change of a package or one of its subprojects.
#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    /// ISO 8601.
    pub at: String,
    /// Who made it (none for the system).
    pub who: Option<String>,
    /// `create`, `update`, `delete`, `import` …
    pub action: String,
    /// `project` or `subproject`.
    pub record: String,
    /// The subproject's code, for a subproject's change.
    pub record_code: Option<String>,
    pub changes: Vec<FieldChangeOut>,
    /// The reason given, where one was asked.
    pub reason: Option<String>,
}

/// A package's history, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct History {
    pub items: Vec<Change>,
}

/// Every audited change of a package and its subprojects (deleted ones included), newest
/// first, for whoever may read the package, as its page shows them.
#[utoipa::path(get, path = "/api/v1/packages/{id}/history", tag = "register",
    params(("id" = i32, Path, description = "The package's id")),
    responses((status = 200, description = "The package's history", body = History)))]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let id = record_id(&id)?;
    let detail =
        app::ssr::services::project_page::get_project(&state.db, &caller.principal, id).await?;
    let items = detail
        .history
        .into_iter()
        .map(|h| Change {
            at: h.at,
            who: h.who,
            action: h.action,
            record: h.record,
            record_code: h.record_code,
            changes: h
                .changes
                .into_iter()
                .map(|c| FieldChangeOut {
                    field: c.field,
                    old: c.old,
                    new: c.new,
                })
                .collect(),
            reason: h.reason,
        })
        .collect();
    Ok(conditional(&headers, &History { items }))
}
