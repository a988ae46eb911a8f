//! `/api/v1`: the open API for programs (Power BI, scripts, a city's own systems), JSON
//! over the same services and rules as the pages. Callers sign in with a personal API token
//! (`bearer.rs`); errors are RFC 9457 problems (`problem.rs`); collections page by cursor
//! and answer conditional reads (`paging.rs`); requests are rate-limited per token and per
//! address (`limits.rs`); the OpenAPI document is generated from the handlers (`doc.rs`).
//! The public key figures (`/api/v1/key-figures`, `public_api.rs`) need no token.

pub mod audit;
pub mod bearer;
pub mod body;
pub mod doc;
pub mod limits;
pub mod open_data;
pub mod paging;
pub mod precondition;
pub mod problem;
pub mod reference;
pub mod register;
pub mod report_list;
pub mod reports;
pub mod rollups;
pub mod subprojects;
pub mod targets;

use app::ssr::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;

/// The API's routes, with their own rate limiter (its counts shared through `db` with the
/// other instances).
pub fn routes(db: &sea_orm::DatabaseConnection) -> Router<AppState> {
    let limiter = limits::Limiter::shared(db.clone());
    Router::new()
        .route("/api/v1/openapi.json", get(doc::openapi_json))
        .route("/api/v1/regions", get(reference::regions))
        .route("/api/v1/themes", get(reference::themes))
        .route("/api/v1/actions", get(reference::actions))
        .route("/api/v1/councils", get(reference::councils))
        .route("/api/v1/indicators", get(reference::indicator_list))
        .route("/api/v1/periods", get(reference::period_list))
        .route("/api/v1/organisations", get(reference::organisations))
        .route("/api/v1/packages", get(register::packages))
        .route("/api/v1/packages/{id}", get(register::package))
        .route("/api/v1/packages/{id}/history", get(register::history))
        .route("/api/v1/rollups", get(rollups::rollup))
        .route("/api/v1/subprojects/{id}/targets", get(targets::targets))
        .route("/api/v1/reports", get(report_list::reports))
        .route("/api/v1/audit", get(audit::audit_log))
        .route(
            "/api/v1/subprojects/{id}/planned",
            axum::routing::put(subprojects::set_planned),
        )
        .route(
            "/api/v1/reports/{subproject}/{period}",
            get(reports::report).put(reports::save),
        )
        .route(
            "/api/v1/reports/{subproject}/{period}/submit",
            axum::routing::post(reports::submit),
        )
        .route("/api/v1/open/figures", get(open_data::figures))
        .route("/api/v1/open/figures.csv", get(open_data::figures_csv))
        .route("/api/v1/{*rest}", axum::routing::any(missing))
        .layer(axum::middleware::from_fn(limits::per_address))
        .layer(axum::Extension(limiter))
}

/// Any other address under `/api/v1`: a problem, not the site's page.
async fn missing() -> impl IntoResponse {
    problem::Problem::new(StatusCode::NOT_FOUND, "no such address in this API")
}
