//! The lists to download beside their pages, whole (not one page of them), in the page's
//! columns with headings in the reader's language (see `ssr/export`): a period's status
//! board of reports, the reporting hub's to-do list, review queue, periods and indicator
//! totals, the accounts, the audit log for its filter.

use crate::i18n::*;
use crate::model::account::{AuditRow, UserSummary};
use crate::model::auth::Role;
use crate::model::format::finnish_time;
use crate::model::reporting::{IndicatorTotal, Period, ReportRow, ReportStatus, StatusBoard};
use crate::ssr::export::table::{Cell, Table, lang_of};

/// An RFC 3339 instant as a moment in Finnish time (text it is not one stays text).
fn moment(rfc3339: &str) -> Cell {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| Cell::text(rfc3339),
        |at| Cell::Time(finnish_time(at.naive_utc())),
    )
}

/// The name of a report's state in `locale`.
pub fn report_status_name(locale: Locale, status: ReportStatus) -> String {
    match status {
        ReportStatus::Missing => td_string!(locale, reporting.status_missing),
        ReportStatus::Draft => td_string!(locale, reporting.status_draft),
        ReportStatus::Submitted => td_string!(locale, reporting.status_submitted),
        ReportStatus::Returned => td_string!(locale, reporting.status_returned),
        ReportStatus::Approved => td_string!(locale, reporting.status_approved),
    }
    .to_string()
}

fn role_name(locale: Locale, role: Role) -> String {
    match role {
        Role::CityCoordinator => td_string!(locale, roles.city_coordinator),
        Role::NationalCoordinator => td_string!(locale, roles.national_coordinator),
        Role::MinistryViewer => td_string!(locale, roles.ministry_viewer),
        Role::Admin => td_string!(locale, roles.admin),
    }
    .to_string()
}

/// Every subproject's report of the board's period, as the board lists them.
pub fn board_table(board: &StatusBoard, locale: Locale) -> Table {
    report_table("reports", &board.rows, locale)
}

/// Rows of reports (the board, the to-do list, the review queue) as a table named `name`.
pub fn report_table(name: &'static str, rows: &[ReportRow], locale: Locale) -> Table {
    let lang = lang_of(locale);
    let head = vec![
        td_string!(locale, imports.col.code).to_string(),
        td_string!(locale, reporting.subproject).to_string(),
        td_string!(locale, register.region).to_string(),
        td_string!(locale, reporting.period).to_string(),
        td_string!(locale, reporting.due).to_string(),
        td_string!(locale, reporting.state).to_string(),
        td_string!(locale, reporting.overdue).to_string(),
        td_string!(locale, reporting.since).to_string(),
    ];
    let yes = td_string!(locale, imports.yes).to_string();
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.subproject_code.clone()),
                Cell::text(r.subproject_name.get(lang)),
                Cell::text(r.region.get(lang)),
                Cell::Text(r.period_code.clone()),
                Cell::day(&r.due_on),
                Cell::Text(report_status_name(locale, r.status)),
                if r.overdue {
                    Cell::Text(yes.clone())
                } else {
                    Cell::Empty
                },
                r.since.as_deref().map_or(Cell::Empty, moment),
            ]
        })
        .collect();
    Table { name, head, rows }
}

/// The reporting periods with their dates and whether they are open.
pub fn periods_table(periods: &[Period], locale: Locale) -> Table {
    let head = vec![
        td_string!(locale, reporting.period).to_string(),
        td_string!(locale, reporting.starts).to_string(),
        td_string!(locale, reporting.ends).to_string(),
        td_string!(locale, reporting.due).to_string(),
        td_string!(locale, reporting.state).to_string(),
    ];
    let rows = periods
        .iter()
        .map(|p| {
            let state = if p.open {
                td_string!(locale, reporting.period_open)
            } else {
                td_string!(locale, reporting.period_closed)
            };
            vec![
                Cell::Text(p.code.clone()),
                Cell::day(&p.starts_on),
                Cell::day(&p.ends_on),
                Cell::day(&p.due_on),
                Cell::Text(state.to_string()),
            ]
        })
        .collect();
    Table {
        name: "periods",
        head,
        rows,
    }
}

/// The indicators' targets and reported values (and distinct companies where listed), as
/// the hub sums them.
pub fn totals_table(totals: &[IndicatorTotal], locale: Locale) -> Table {
    let lang = lang_of(locale);
    let head = vec![
        td_string!(locale, indicators.code).to_string(),
        td_string!(locale, reporting.indicator).to_string(),
        td_string!(locale, reporting.target).to_string(),
        td_string!(locale, reporting.actual).to_string(),
        td_string!(locale, reporting.distinct_companies).to_string(),
    ];
    let rows = totals
        .iter()
        .map(|t| {
            vec![
                Cell::Text(t.code.clone()),
                Cell::text(t.name.get(lang)),
                Cell::Quantity(t.target),
                Cell::Quantity(t.actual),
                t.companies_distinct.map_or(Cell::Empty, Cell::Count),
            ]
        })
        .collect();
    Table {
        name: "indicator-totals",
        head,
        rows,
    }
}

/// The accounts with their roles and regions, state and last sign-in.
pub fn users_table(users: &[UserSummary], locale: Locale) -> Table {
    let head = vec![
        td_string!(locale, admin.name).to_string(),
        td_string!(locale, admin.email).to_string(),
        td_string!(locale, admin.role).to_string(),
        td_string!(locale, admin.status).to_string(),
        td_string!(locale, admin.last_login).to_string(),
    ];
    let rows = users
        .iter()
        .map(|u| {
            let grants = u
                .grants
                .iter()
                .map(|g| match &g.region {
                    Some(region) => format!("{} ({region})", role_name(locale, g.role)),
                    None => role_name(locale, g.role),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let status = if !u.is_active {
                td_string!(locale, admin.disabled)
            } else if u.must_change_password {
                td_string!(locale, admin.must_change)
            } else {
                td_string!(locale, admin.active)
            };
            vec![
                Cell::Text(u.display_name.clone()),
                Cell::Text(u.email.clone()),
                Cell::text(&grants),
                Cell::Text(status.to_string()),
                u.last_login_at.as_deref().map_or(Cell::Empty, moment),
            ]
        })
        .collect();
    Table {
        name: "users",
        head,
        rows,
    }
}

/// Audit records, newest first, as the log lists them (times in Finnish time).
pub fn audit_table(rows: &[AuditRow], locale: Locale) -> Table {
    let head = vec![
        td_string!(locale, admin.time).to_string(),
        td_string!(locale, admin.user).to_string(),
        td_string!(locale, admin.action).to_string(),
        td_string!(locale, admin.record).to_string(),
        td_string!(locale, admin.details).to_string(),
        td_string!(locale, admin.reason).to_string(),
        td_string!(locale, admin.address).to_string(),
    ];
    let rows = rows
        .iter()
        .map(|row| {
            let record = match &row.entity_id {
                Some(id) => format!("{} {id}", row.entity),
                None => row.entity.clone(),
            };
            vec![
                moment(&row.at),
                Cell::text(row.user.as_deref().unwrap_or("")),
                Cell::Text(row.action.clone()),
                Cell::Text(record),
                Cell::text(&row.changes),
                Cell::text(row.reason.as_deref().unwrap_or("")),
                Cell::text(row.client_addr.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    Table {
        name: "audit",
        head,
        rows,
    }
}
