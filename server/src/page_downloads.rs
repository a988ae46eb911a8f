//! Downloads of the remaining lists beside their pages, as CSV or an Excel workbook (the
//! address's extension), whole and in the reader's scope, by the same services as the pages:
//! - `/indicators.csv|xlsx`: the indicator catalogue;
//! - `/case-studies.csv|xlsx`: the case studies the reader may see;
//! - `/reference/regions|councils|organisations.csv|xlsx`: the reference lists (the
//!   national team and admins, as the page);
//! - `/reporting/to-do|review-queue|periods.csv|xlsx` and `/reporting/indicator-totals.csv|xlsx?all=1`:
//!   the reporting hub's tables.

use crate::table_export::{download, refused, turn};
use app::error::AppError;
use app::ssr::export::table::Table;
use app::ssr::rollup::indicators;
use app::ssr::services::reporting::{indicators as catalogue, overview};
use app::ssr::services::{case_studies, list_tables, reference, reference_tables};
use app::ssr::state::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tower_sessions::Session;

/// The addresses (without extension) this module answers, each with its page.
pub const LISTS: [(&str, &str); 9] = [
    ("/indicators", "/indicators"),
    ("/case-studies", "/case-studies"),
    ("/reference/regions", "/reference"),
    ("/reference/councils", "/reference"),
    ("/reference/organisations", "/reference"),
    ("/reporting/to-do", "/reporting"),
    ("/reporting/review-queue", "/reporting"),
    ("/reporting/periods", "/reporting"),
    ("/reporting/indicator-totals", "/reporting"),
];

/// One of [`LISTS`], by its address.
pub async fn page_list(
    State(state): State<AppState>,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let Some((list, page)) = uri
        .path()
        .rsplit_once('.')
        .and_then(|(stem, _)| LISTS.iter().find(|(list, _)| *list == stem))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let download_turn = match turn(&state, session, &uri, page, false).await {
        Ok(turn) => turn,
        Err(refusal) => return refusal,
    };
    let locale = crate::locale::of(&headers);
    let all = query.get("all").is_some_and(|v| v == "1");
    match table(&state, &download_turn.principal, list, all, locale).await {
        Ok(table) => download(&table, download_turn.format, locale),
        Err(err) => refused(err),
    }
}

/// The list at `list`, read as its page reads it.
async fn table(
    state: &AppState,
    principal: &app::ssr::access::Principal,
    list: &str,
    all: bool,
    locale: app::i18n::Locale,
) -> Result<Table, AppError> {
    let db = &state.db;
    Ok(match list {
        "/indicators" => {
            let catalogue = catalogue::catalogue(db, principal).await?;
            reference_tables::indicators_table(&catalogue.indicators, locale)
        }
        "/case-studies" => {
            let list = case_studies::list(db, principal).await?;
            reference_tables::case_studies_table(&list.rows, locale)
        }
        "/reference/regions" | "/reference/councils" | "/reference/organisations" => {
            let overview = reference::overview(db, principal).await?;
            match list {
                "/reference/regions" => reference_tables::regions_table(&overview.regions, locale),
                "/reference/councils" => {
                    reference_tables::councils_table(&overview.councils, locale)
                }
                _ => reference_tables::organisations_table(&overview.organisations, locale),
            }
        }
        "/reporting/indicator-totals" => {
            let totals = indicators::hub_totals(db, principal, all).await?;
            list_tables::totals_table(&totals, locale)
        }
        _ => {
            let home = overview::home(db, principal).await?;
            match list {
                "/reporting/to-do" => list_tables::report_table("to-do", &home.to_do, locale),
                "/reporting/review-queue" if home.can_manage_periods => {
                    list_tables::report_table("review-queue", &home.review_queue, locale)
                }
                "/reporting/review-queue" => return Err(AppError::Forbidden),
                _ => list_tables::periods_table(&home.periods, locale),
            }
        }
    })
}
