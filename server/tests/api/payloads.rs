//! Stored HTML injection: markup stored in every free-text field of every kind of object
//! (names, codes, descriptions, narratives, comments, reasons, titles, definitions, display
//! names) must reach every page that shows it as text. Each page is rendered for every role
//! and parsed as a browser would parse it; no element or attribute may come from the stored
//! text. On SQLite and PostgreSQL.

use super::matrix::{EVERYONE, Ids, Who, client_for};
use super::*;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, JsonValue, Statement};

/// Markup that breaks out of `<title>`, `<textarea>`, `<script>`, `<style>` and attribute
/// values. Every element or attribute it would create carries `pwn` in an attribute name or
/// is an event handler. At most 120 characters, the shortest name column's length.
const PAYLOAD: &str = "</title></textarea></script></style>\"'><meta http-equiv=refresh content=0 data-pwn=1><svg data-pwn=2 onload=alert(1)>";

/// A longer one for text columns, with a script link as well.
const LONG_PAYLOAD: &str = "Hanke</title></textarea></script></style>\"'><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\" data-pwn=\"3\"><b data-pwn=4>x</b><a href=\"javascript:alert(1)\" data-pwn=\"5\">x</a><img src=x onerror=alert(1)>";

/// For codes and other short columns (a period code has 20 characters); the row's id is
/// appended, as codes are unique.
const SHORT: &str = "\"'><b data-pwn=9>";

/// Columns that hold no free text (hashes, keys, enumerations, e-mails the tests sign in
/// with, machine data) and tables that are append-only or not user data.
const NOT_TEXT: [&str; 17] = [
    "password_hash",
    "email",
    "data",
    "status",
    "kind",
    "locale",
    "role",
    "headline",
    "business_id",
    "setting_key",
    "setting_value",
    "handle",
    "throttle_key",
    "changes",
    "client_addr",
    "action",
    "entity",
];
const SKIPPED_TABLES: [&str; 8] = [
    "api_rate_count",
    "audit_log",
    "rollup_snapshot",
    "seaql_migrations",
    "session",
    "login_throttle",
    "rollup_version",
    "publication",
];

/// Narrows an update that a lock refuses as a whole (approved reports are read-only in the
/// database itself) to the rows that may change.
fn unlocked_rows(table: &str) -> Option<&'static str> {
    match table {
        "report" => Some("status <> 'approved'"),
        "indicator_actual" | "report_comment" => {
            Some("report_id IN (SELECT id FROM report WHERE status <> 'approved')")
        }
        _ => None,
    }
}

async fn text_columns(db: &sea_orm::DatabaseConnection) -> Vec<(String, String, bool)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT m.name AS t, p.name AS c, p.type AS ty \
             FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'"
        }
        _ => {
            "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty \
             FROM information_schema.columns WHERE table_schema = 'public'"
        }
    };
    let columns: Vec<(String, String, String)> =
        JsonValue::find_by_statement(Statement::from_string(backend, sql))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|r| {
                Some((
                    r["t"].as_str()?.to_string(),
                    r["c"].as_str()?.to_string(),
                    r["ty"].as_str()?.to_ascii_lowercase(),
                ))
            })
            .collect();
    let has_id = |table: &str| columns.iter().any(|(t, c, _)| t == table && c == "id");
    columns
        .iter()
        .filter(|(t, c, ty)| {
            (ty.contains("char") || ty.contains("text"))
                && !SKIPPED_TABLES.contains(&t.as_str())
                && !NOT_TEXT.contains(&c.as_str())
                && !c.ends_with("_id")
                // Times and dates are text on SQLite.
                && !(c.ends_with("_at") || c.ends_with("_on") || c == "at")
                && !t.starts_with("sqlite_")
        })
        .map(|(t, c, _)| (t.clone(), c.clone(), has_id(t)))
        .collect()
}

/// Writes a payload into every free-text column of every row; returns how many columns took
/// one.
async fn store_payloads(db: &sea_orm::DatabaseConnection) -> usize {
    let backend = db.get_database_backend();
    let mut stored = 0;
    for (table, column, has_id) in text_columns(db).await {
        let suffix = if has_id { " || CAST(id AS TEXT)" } else { "" };
        let mut done = false;
        for payload in [LONG_PAYLOAD, PAYLOAD, SHORT] {
            for filter in [None, unlocked_rows(&table)] {
                let filter = filter.map_or(String::new(), |f| format!(" WHERE {f}"));
                let sql = match backend {
                    DbBackend::Sqlite => format!("UPDATE {table} SET {column} = ?{suffix}{filter}"),
                    _ => format!("UPDATE {table} SET {column} = $1{suffix}{filter}"),
                };
                let statement = Statement::from_sql_and_values(backend, &sql, [payload.into()]);
                if db.execute_raw(statement).await.is_ok() {
                    done = true;
                    break;
                }
            }
            if done {
                break;
            }
        }
        stored += usize::from(done);
    }
    stored
}

/// What the stored text made of the page: elements or attributes it created.
fn injected(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        for (name, value) in element.attrs() {
            let script_url = matches!(name, "href" | "src" | "action" | "formaction")
                && value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:");
            if name.contains("pwn") || name.starts_with("on") || name == "http-equiv" || script_url
            {
                found.push(format!("<{} {name}=\"{value}\">", element.name()));
            }
        }
    }
    found
}

on_both_backends!(stored_markup_is_text_on_every_page_for_every_role);

async fn stored_markup_is_text_on_every_page_for_every_role(app: TestApp) {
    // The objects each asker's pages name, before their codes turn into markup.
    let mut ids = Vec::new();
    for who in EVERYONE {
        ids.push((who, Ids::of(&app, who).await));
    }
    let clients: Vec<(Who, Client)> = {
        let mut out = Vec::new();
        for who in EVERYONE {
            out.push((who, client_for(&app, who, "text/html").await));
        }
        out
    };
    // Text saved through the forms too, so the histories and the audit log carry it.
    let (_, coordinator) = &clients[1];
    let own = &ids[1].1;
    let form = [
        ("form[subproject_id]", own.sub.to_string()),
        ("form[period_id]", own.period.to_string()),
        ("form[report_id]", own.report.to_string()),
        ("form[body]", LONG_PAYLOAD.to_string()),
    ];
    let comment = coordinator
        .post(app.url(<reporting::CommentReport as ServerFn>::PATH))
        .header("Accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(comment.status().is_success() || comment.status().as_u16() == 422);

    let stored = store_payloads(&app.db).await;
    assert!(stored >= 40, "payloads stored in {stored} text columns");

    let mut failures = Vec::new();
    let mut shown = 0;
    for ((who, client), (_, ids)) in clients.iter().zip(&ids) {
        let mut paths = ids.page_paths();
        paths.extend(
            [
                "/dashboard?all=1",
                "/projects?sort=name",
                "/reporting?all=1",
                "/case-studies",
            ]
            .map(String::from),
        );
        for path in paths {
            let response = client.get(app.url(&path)).send().await.unwrap();
            let status = response.status();
            let body = response.text().await.unwrap();
            if status.is_server_error() {
                failures.push(format!("GET {path} as {who:?}: {status}"));
            }
            shown += usize::from(body.contains("data-pwn"));
            for element in injected(&body) {
                failures.push(format!("GET {path} as {who:?}: {element}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "stored text became markup:\n{}",
        failures.join("\n")
    );
    // Not vacuous: the stored markup was on the pages, as text.
    assert!(
        shown >= 30,
        "the payload was shown as text on {shown} pages"
    );
}

#[test]
fn the_check_finds_what_unescaped_text_would_create() {
    for sink in ["title", "textarea", "script", "style"] {
        let page = format!("<html><head></head><body><{sink}>{PAYLOAD}</{sink}></body></html>");
        let found = injected(&page);
        assert!(
            found.iter().any(|f| f.contains("http-equiv")),
            "{sink}: {found:?}"
        );
        assert!(
            found.iter().any(|f| f.contains("onload")),
            "{sink}: {found:?}"
        );
        let escaped = page.replace(PAYLOAD, &PAYLOAD.replace('<', "&lt;"));
        assert!(injected(&escaped).is_empty(), "{sink}");
    }
    let attribute = format!("<p title=\"{PAYLOAD}\">x</p>");
    assert!(!injected(&attribute).is_empty());
}
