//! Hostile input: every server function, called as a user who may call it, with each of its
//! fields missing or replaced by what a careless or malicious user sends (1 MB of text, NUL
//! and other control characters, overlong UTF-8, signed and extreme dates, overflowing and
//! negative numbers, SQL and HTML metacharacters, values of the wrong type). No answer may be
//! a 5xx, nothing may panic, no control character may reach the database, and the server
//! must still answer afterwards. On SQLite and PostgreSQL.

use super::matrix::{
    EVERYONE, Ids, Outcome, SERVER_FNS, ServerFnCase, Who, client_for, foreign_handle,
};
use super::*;
use sea_orm::{FromQueryResult, JsonValue, Statement};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Panics anywhere in this test's process (the server runs in it).
static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
}

/// Percent-encodes a form value (every byte but unreserved ones).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The hostile values, already encoded for a form body. Two are raw bytes that are no UTF-8
/// at all (an overlong encoding of `/` and a stray byte-order mark).
fn hostile_values() -> Vec<(&'static str, String)> {
    let text = |name: &'static str, v: &str| (name, encode(v));
    vec![
        text("empty", ""),
        text("1 MB", &"x".repeat(1 << 20)),
        text("NUL", "\0"),
        text("NUL inside", "Hanke\0nimi"),
        text("control characters", "\u{1}\u{7}\u{1b}[2J\u{7f}\u{85}"),
        text("bidi override", "\u{202e}txt.exe"),
        ("overlong UTF-8", "%C0%AF%E0%80%80".to_string()),
        ("invalid UTF-8", "%FF%FEx".to_string()),
        text("signed far date", "+262142-12-31"),
        text("negative year", "-0001-01-01"),
        text("impossible date", "2026-02-30"),
        text("huge number", "99999999999999999999"),
        text("28 digits", "1000000000000000000000000000"),
        text("decimal max", "79228162514264337593543950335,99"),
        text("i64 max", "9223372036854775807"),
        text("i64 min", "-9223372036854775808"),
        text("huge negative", "-99999999999999999999"),
        text("negative", "-1"),
        text("i32 max", "2147483647"),
        text("i32 min", "-2147483648"),
        text("u32 max", "4294967295"),
        text("float", "1e308"),
        text("not a number", "NaN"),
        text("sql", "' OR '1'='1'; DROP TABLE project; --"),
        text(
            "html",
            "</title></textarea><script>alert(1)</script>\"'><svg onload=alert(1)>",
        ),
        text("javascript url", "javascript:alert(1)"),
        text("wrong type", "[]{}"),
        text("unicode", "Ω≈ç√∫˜µ≤≥÷ 👩‍👩‍👧 ﷽"),
    ]
}

/// The first asker who gets past the access checks of `case` (the function's real users).
fn legitimate_asker(case: &ServerFnCase) -> Who {
    [
        Who::OwnRegion,
        Who::National,
        Who::Admin,
        Who::Ministry,
        Who::Anonymous,
    ]
    .into_iter()
    .find(|who| {
        !matches!(
            (case.expect)(*who),
            Outcome::Error("Unauthenticated" | "Forbidden" | "NotFound")
        )
    })
    .unwrap_or(Who::Anonymous)
}

fn body(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={v}", encode(k)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Every field of the case's body, filled in for `ids` and encoded.
fn filled(case: &ServerFnCase, ids: &Ids, handle: &str) -> Vec<(String, String)> {
    case.body
        .iter()
        .map(|(k, v)| (ids.fill(k, handle), encode(&ids.fill(v, handle))))
        .collect()
}

/// The bodies sent to a function: its own body with each field missing or replaced by
/// each hostile value, an unknown field, nothing at all, and a body that is no form.
fn variants(fields: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = vec![
        ("no body".to_string(), String::new()),
        ("not a form".to_string(), "%%%&&==%ZZ".to_string()),
        (
            "unknown field".to_string(),
            body(&[fields.to_vec(), vec![("x[]".into(), encode("\0"))]].concat()),
        ),
    ];
    for (i, (name, _)) in fields.iter().enumerate() {
        let without: Vec<_> = fields
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, f)| f.clone())
            .collect();
        out.push((format!("{name} missing"), body(&without)));
        for (label, value) in hostile_values() {
            let mut changed = fields.to_vec();
            changed[i].1 = value;
            out.push((format!("{name} = {label}"), body(&changed)));
        }
    }
    out
}

on_both_backends!(no_hostile_input_gets_a_server_error_or_reaches_the_database);

async fn no_hostile_input_gets_a_server_error_or_reaches_the_database(app: TestApp) {
    count_panics();
    let handle = foreign_handle(&app).await;
    // Everyone signs in first: wrong current passwords and hostile sign-ins throttle the
    // address. Those, and signing out, come last.
    let mut clients = std::collections::HashMap::new();
    for who in EVERYONE {
        clients.insert(who, client_for(&app, who, "application/json").await);
    }
    let mut cases: Vec<&ServerFnCase> = SERVER_FNS.iter().collect();
    cases.sort_by_key(|c| {
        [
            <account::ChangePassword as ServerFn>::PATH,
            <auth::Logout as ServerFn>::PATH,
            <auth::Login as ServerFn>::PATH,
        ]
        .iter()
        .position(|last| *last == c.path)
        .map_or(0, |at| at + 1)
    });
    let mut failures = Vec::new();
    let mut sent = 0;
    for case in cases {
        let who = legitimate_asker(case);
        let client = &clients[&who];
        let ids = Ids::of(&app, who).await;
        for (label, form) in variants(&filled(case, &ids, &handle)) {
            let response = client
                .post(app.url(case.path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await;
            sent += 1;
            match response {
                Ok(r) if r.status().is_server_error() => {
                    let status = r.status();
                    let text: String = r
                        .text()
                        .await
                        .unwrap_or_default()
                        .chars()
                        .take(160)
                        .collect();
                    failures.push(format!(
                        "{} as {who:?}, {label}: {status} {text}",
                        case.path
                    ));
                }
                Ok(_) => {}
                Err(e) => failures.push(format!(
                    "{} as {who:?}, {label}: no answer ({e})",
                    case.path
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {sent} hostile requests failed on the server:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "nothing panicked");
    println!("{sent} hostile requests answered without a fault");

    // Still answering, and still serving the people signed in. (New sign-ins from this
    // address are throttled now, by the hostile ones: as they should be.)
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let national = &clients[&Who::National];
    let me = national
        .post(app.url(<auth::GetCurrentUser as ServerFn>::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    assert!(
        me.text()
            .await
            .unwrap()
            .contains("national@innocities.example")
    );
    assert_no_control_characters_stored(&app).await;
}

/// No text column of any table holds a character the text rules refuse.
async fn assert_no_control_characters_stored(app: &TestApp) {
    let backend = app.db.get_database_backend();
    let tables_sql = match backend {
        sea_orm::DbBackend::Sqlite => {
            "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    let tables: Vec<JsonValue> =
        JsonValue::find_by_statement(Statement::from_string(backend, tables_sql))
            .all(&app.db)
            .await
            .unwrap();
    let mut found = Vec::new();
    for table in tables.iter().filter_map(|t| t["t"].as_str()) {
        let rows: Vec<JsonValue> = JsonValue::find_by_statement(Statement::from_string(
            backend,
            format!("SELECT * FROM {table}"),
        ))
        .all(&app.db)
        .await
        .unwrap_or_else(|e| panic!("{table} reads: {e}"));
        assert!(
            !rows.is_empty() || table != "project",
            "the scan reads the register's rows"
        );
        for row in rows {
            for (column, value) in row.as_object().into_iter().flatten() {
                if let Some(text) = value.as_str()
                    && !text
                        .chars()
                        .all(|c| app::model::text::allowed(c, app::model::text::PARAGRAPHS))
                {
                    found.push(format!(
                        "{table}.{column}: {:?}",
                        text.chars().take(60).collect::<String>()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "control characters stored:\n{}",
        found.join("\n")
    );
}
