//! The audit log for programs that keep up with it: every audited change, filtered by the
//! kind and id of its record, who made it and days, oldest first a page at a time (a
//! program stores the last `next` and asks for what came after). For those who may read
//! the audit view: administrators. The history of one package or report is on its own
//! address for whoever may read that.

use super::bearer::Caller;
use super::paging::{ApiQuery, PageQuery, conditional, next_cursor};
use super::problem::{ApiResult, query_problem};
use app::error::AppError;
use app::model::account::{AuditFilter, AuditRow};
use app::model::auth::Role;
use app::ssr::services::audit;
use app::ssr::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which audit records.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The kind of record: `project`, `subproject`, `report`, `indicator_target`,
    /// `city_region`, `organisation`, `app_user` …
    pub entity: Option<String>,
    /// The record's id within its kind.
    pub entity_id: Option<String>,
    /// The e-mail of who acted.
    pub user: Option<String>,
    /// The first day (UTC, `YYYY-MM-DD`).
    pub from: Option<String>,
    /// The last day (UTC, `YYYY-MM-DD`), included.
    pub to: Option<String>,
}

/// An audited change.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    /// The record's id in the log (the cursor's key).
    pub id: i32,
    /// ISO 8601.
    pub at: String,
    /// The e-mail of who acted (none for the system).
    pub user: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// Field by field, `{"field": {"old": …, "new": …}}`.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// The reason given, where one was asked.
    pub reason: Option<String>,
    /// The address the change came from.
    pub client_addr: Option<String>,
}

/// A page of the audit log, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// The cursor of the next page (`after`); none on the last so far.
    pub next: Option<String>,
}

fn entry_of(row: AuditRow) -> AuditEntry {
    AuditEntry {
        id: row.id,
        at: row.at,
        user: row.user,
        action: row.action,
        entity: row.entity,
        entity_id: row.entity_id,
        changes: serde_json::from_str(&row.changes)
            .unwrap_or(serde_json::Value::String(row.changes)),
        reason: row.reason,
        client_addr: row.client_addr,
    }
}

/// The audit log, oldest first, a page at a time (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit",
    params(AuditQuery, PageQuery),
    responses((status = 200, description = "A page of audited changes", body = AuditPage)))]
pub async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AuditQuery>,
    ApiQuery(page): ApiQuery<PageQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if !caller.principal.has(Role::Admin) {
        return Err(AppError::Forbidden.into());
    }
    let (after, limit) = page.bounds()?;
    let filter = AuditFilter {
        user: query.user,
        from: query.from,
        to: query.to,
        entity: query.entity,
        entity_id: query.entity_id,
        page: 1,
    };
    let rows = audit::audit_after(&state.db, &filter, after, limit)
        .await
        .map_err(query_problem)?;
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let next = next_cursor(&ids, limit);
    let items = rows.into_iter().map(entry_of).collect();
    Ok(conditional(&headers, &AuditPage { items, next }))
}
