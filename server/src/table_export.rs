//! Tables to download as CSV or as an Excel workbook, for the same filter and within the
//! same scope as their page (the session's user; the same rules as the server function):
//! - `GET /dashboard/{table}.csv?…` and `….xlsx?…`: a dashboard table;
//! - `GET /projects.csv?…` and `/projects.xlsx?…`: the whole filtered package list;
//! - `GET /reporting/board/{period}/reports.csv` and `….xlsx`: a period's status board;
//! - `GET /admin/users.csv` and `.xlsx`, `GET /admin/audit.csv?…` and `.xlsx?…`: the
//!   accounts and the filtered audit log, for admins;
//! - the lists of the catalogue, reference and reporting pages (`page_downloads`).

use app::error::AppError;
use app::model::account::AuditFilter;
use app::model::auth::Role;
use app::model::dashboard::DashboardFilter;
use app::model::projects::ProjectFilter;
use app::ssr::access::Principal;
use app::ssr::auth::principal_of;
use app::ssr::export::{csv, table::Format, table::Table, xlsx};
use app::ssr::rollup::{dashboard, dashboard_tables};
use app::ssr::services::reporting::overview;
use app::ssr::services::{admin_users, audit, list_tables, project_table, projects};
use app::ssr::session::UserSession;
use app::ssr::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use tokio::sync::Semaphore;
use tower_sessions::Session;

/// Downloads built at once: each holds its whole table (and a workbook of it) in memory, so
/// more readers wait their turn rather than share the server's memory.
pub(crate) static BUILDING: Semaphore = Semaphore::const_new(2);

pub async fn dashboard_table(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let Some((table, format)) = file
        .rsplit_once('.')
        .and_then(|(table, extension)| Some((table, Format::from_extension(extension)?)))
        .filter(|(table, _)| dashboard_tables::TABLES.contains(table))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let principal = match reader(&state, session, "/dashboard").await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let Ok(_turn) = BUILDING.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let get = |k: &str| query.get(k).filter(|v| !v.is_empty()).cloned();
    let filter = DashboardFilter {
        region: get("region"),
        theme: get("theme"),
        action: get("action"),
        council: get("council"),
        period: get("period"),
        all: query.get("all").is_some_and(|v| v == "1"),
        snapshot: get("snapshot"),
    };
    let data = match dashboard::dashboard(&state.db, &state.rollups, &principal, &filter).await {
        Ok(d) => d,
        Err(err) => return refused(err),
    };
    let locale = crate::locale::of(&headers);
    match dashboard_tables::table(&data, table, locale) {
        Some(table) => download(&table, format, locale),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/projects.csv` and `/projects.xlsx`: the format is the address's extension.
pub async fn project_list(
    State(state): State<AppState>,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let download_turn = match turn(&state, session, &uri, "/projects", false).await {
        Ok(turn) => turn,
        Err(refusal) => return refusal,
    };
    let (format, principal) = (download_turn.format, &download_turn.principal);
    let filter = ProjectFilter::from_query(|key| query.get(key).cloned());
    let rows = match projects::all_projects(&state.db, &principal.scope(), &filter).await {
        Ok(rows) => rows,
        Err(err) => return refused(err),
    };
    let locale = crate::locale::of(&headers);
    download(&project_table::table(&rows, locale), format, locale)
}

/// A list download under way: its format (the address's extension), who reads it, and a
/// turn to build it.
pub(crate) struct Turn {
    pub(crate) format: Format,
    pub(crate) principal: Principal,
    _turn: tokio::sync::SemaphorePermit<'static>,
}

/// The format, reader and a turn for a list at `uri` whose page is `page`; with
/// `admin_only`, for admins only.
pub(crate) async fn turn(
    state: &AppState,
    session: Session,
    uri: &Uri,
    page: &str,
    admin_only: bool,
) -> Result<Turn, Response> {
    let format = format_of(uri).ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    let principal = reader(state, session, page).await?;
    if admin_only && !principal.has(Role::Admin) {
        return Err(StatusCode::FORBIDDEN.into_response());
    }
    let turn = BUILDING
        .acquire()
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE.into_response())?;
    Ok(Turn {
        format,
        principal,
        _turn: turn,
    })
}

/// The format of an address's extension.
fn format_of(uri: &Uri) -> Option<Format> {
    uri.path()
        .rsplit_once('.')
        .and_then(|(_, extension)| Format::from_extension(extension))
}

/// `/reporting/board/{period}/reports.csv` and `.xlsx`: every report row of the period's
/// status board, in the board's scope (a coordinator's own regions).
pub async fn board_list(
    State(state): State<AppState>,
    Path((period, file)): Path<(String, String)>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let format = match file.as_str() {
        "reports.csv" => Format::Csv,
        "reports.xlsx" => Format::Xlsx,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Ok(period_id) = period.parse::<i32>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let principal = match reader(&state, session, &format!("/reporting/board/{period_id}")).await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let board = match overview::board(&state.db, &principal, period_id).await {
        Ok(board) => board,
        Err(err) => return refused(err),
    };
    let locale = crate::locale::of(&headers);
    download(&list_tables::board_table(&board, locale), format, locale)
}

/// `/admin/users.csv` and `.xlsx`: every account, for admins.
pub async fn users_list(
    State(state): State<AppState>,
    uri: Uri,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let download_turn = match turn(&state, session, &uri, "/admin/users", true).await {
        Ok(turn) => turn,
        Err(refusal) => return refusal,
    };
    let users = match admin_users::list_users(&state.db).await {
        Ok(users) => users,
        Err(err) => return refused(err),
    };
    let locale = crate::locale::of(&headers);
    download(
        &list_tables::users_table(&users, locale),
        download_turn.format,
        locale,
    )
}

/// `/admin/audit.csv` and `.xlsx`: the audit log for the page's filter (user, days), every
/// record of it, for admins.
pub async fn audit_list(
    State(state): State<AppState>,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let download_turn = match turn(&state, session, &uri, "/admin/audit", true).await {
        Ok(turn) => turn,
        Err(refusal) => return refusal,
    };
    let filter = AuditFilter::from_query(|key| query.get(key).cloned());
    let rows = match audit::all_audit(&state.db, &filter).await {
        Ok(rows) => rows,
        Err(err) => return refused(err),
    };
    let locale = crate::locale::of(&headers);
    download(
        &list_tables::audit_table(&rows, locale),
        download_turn.format,
        locale,
    )
}

/// The signed-in reader, or the answer to one who is not (sent to sign in and back to
/// `page`) or must change their password first.
pub(crate) async fn reader(
    state: &AppState,
    session: Session,
    page: &str,
) -> Result<Principal, Response> {
    match principal_of(&state.db, &UserSession::new(session)).await {
        Ok(Some(p)) if !p.must_change_password => Ok(p),
        Ok(Some(_)) => Err(StatusCode::FORBIDDEN.into_response()),
        Ok(None) => Err(Redirect::to(&format!("/login?next={page}")).into_response()),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}

/// A refusal of the read: a bad filter in the address is a bad request; other refusals keep
/// their status.
pub(crate) fn refused(err: AppError) -> Response {
    match err {
        AppError::Validation(_) => StatusCode::BAD_REQUEST.into_response(),
        err => StatusCode::from_u16(err.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

/// The table as a file to save, named after it, never kept by a cache.
pub(crate) fn download(table: &Table, format: Format, locale: app::i18n::Locale) -> Response {
    let body = match format {
        Format::Csv => csv::write(table, locale).into_bytes(),
        Format::Xlsx => match xlsx::write(table) {
            Ok(bytes) => bytes,
            Err(err) => {
                tracing::error!(error = %err, table = table.name, "could not write a workbook");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
    };
    let file_name = format!("innocities-{}.{}", table.name, format.extension());
    attachment(body, format, &file_name)
}

/// Bytes as a file to save under `file_name`, never kept by a cache.
pub(crate) fn attachment(body: Vec<u8>, format: Format, file_name: &str) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
