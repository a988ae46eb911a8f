//! `GET /dashboard/{table}.csv?…`: a dashboard table as CSV, for the same filter and within
//! the same scope as the page (the session's user; the same rules as the server function).

use app::model::dashboard::DashboardFilter;
use app::ssr::auth::principal_of;
use app::ssr::rollup::{dashboard, dashboard_csv};
use app::ssr::session::UserSession;
use app::ssr::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use tower_sessions::Session;

pub async fn dashboard_table(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let Some(table) = file
        .strip_suffix(".csv")
        .filter(|t| dashboard_csv::TABLES.contains(t))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let principal = match principal_of(&state.db, &UserSession::new(session)).await {
        Ok(Some(p)) if !p.must_change_password => p,
        Ok(Some(_)) => return StatusCode::FORBIDDEN.into_response(),
        Ok(None) => return Redirect::to("/login?next=/dashboard").into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
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
        // A bad filter in the address is a bad request; other refusals keep their status.
        Err(app::error::AppError::Validation(_)) => return StatusCode::BAD_REQUEST.into_response(),
        Err(err) => {
            return StatusCode::from_u16(err.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                .into_response();
        }
    };
    let Some(body) = dashboard_csv::table(&data, table, crate::locale::of(&headers)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"innocities-{table}.csv\""))
    {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
