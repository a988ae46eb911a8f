//! The open API's lists and histories for BI: a period's reports a page at a time in the
//! token's scope (each as its own address reads it), a report's workflow and discussion, a
//! subproject's target revisions, the audit log for administrators; and writes guarded by
//! `If-Match` (412). On both databases.

use super::imports::users_principal;
use super::open_api::{get_json, send_json, token_of};
use super::*;
use entity::{reporting_period, subproject};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use std::collections::BTreeSet;

on_both_backends!(
    a_periods_reports_are_listed_a_page_at_a_time_in_the_tokens_scope,
    histories_of_reports_targets_and_the_audit_log_are_read_to_those_allowed,
    if_match_guards_a_write_with_412,
);

/// Every item of a paged collection, following `next` with `limit`, and the pages' count.
async fn every_item(app: &TestApp, token: &str, path: &str, limit: u32) -> (Vec<Value>, usize) {
    every_item_after(app, token, path, limit, "").await
}

/// As [`every_item`] from the cursor `after`.
async fn every_item_after(
    app: &TestApp,
    token: &str,
    path: &str,
    limit: u32,
    after: &str,
) -> (Vec<Value>, usize) {
    let (mut items, mut pages, mut after) = (Vec::new(), 0, after.to_owned());
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let address = format!("{path}{separator}limit={limit}&after={after}");
        let (status, _, page) = get_json(app, Some(token), &address, &[]).await;
        assert_eq!(status, StatusCode::OK, "{address}: {page}");
        pages += 1;
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(next) => after = next.to_owned(),
            None => return (items, pages),
        }
    }
}

pub(crate) async fn open_period(app: &TestApp) -> reporting_period::Model {
    reporting_period::Entity::find()
        .filter(reporting_period::Column::Code.eq("2026H1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn a_periods_reports_are_listed_a_page_at_a_time_in_the_tokens_scope(app: TestApp) {
    let period = open_period(&app).await;
    let stored = entity::report::Entity::find()
        .filter(entity::report::Column::PeriodId.eq(period.id))
        .find_also_related(subproject::Entity)
        .all(&app.db)
        .await
        .unwrap();
    assert!(stored.len() > 3, "the demo has reports to page through");

    // The national team: every report of the period, once each, in id order.
    let team = token_of(&app, "national@innocities.example", false).await;
    let (all, pages) = every_item(&app, &team, "/api/v1/reports?period=2026H1", 2).await;
    let ids: Vec<i64> = all.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "in id order, none repeated");
    assert_eq!(ids.len(), stored.len(), "none skipped");
    assert!(pages > 1);

    // A coordinator: their regions' subprojects' reports only.
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let own = app::ssr::access::writable_regions(&coordinator);
    let tampere = token_of(&app, "tampere@innocities.example", false).await;
    let (theirs, _) = every_item(&app, &tampere, "/api/v1/reports?period=2026H1", 100).await;
    let expected: BTreeSet<i64> = stored
        .iter()
        .filter(|(_, s)| s.as_ref().is_some_and(|s| own.contains(&s.region_id)))
        .map(|(r, _)| i64::from(r.id))
        .collect();
    let got: BTreeSet<i64> = theirs.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(got, expected);
    assert!(!got.is_empty());

    // Each item is the report as its own address reads it.
    for item in theirs.iter().take(3) {
        let address = format!("/api/v1/reports/{}/2026H1", item["subproject_id"]);
        let (status, _, one) = get_json(&app, Some(&tampere), &address, &[]).await;
        assert_eq!(status, StatusCode::OK);
        for field in ["state", "version", "narrative", "realised"] {
            assert_eq!(item[field], one[field], "{field} of {address}");
        }
        let reported: Vec<&Value> = one["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| !v["value"].is_null())
            .collect();
        let listed: Vec<&Value> = item["values"].as_array().unwrap().iter().collect();
        assert_eq!(listed, reported, "values of {address}");
    }

    // Filters: a state, a region; refusals are 400 problems.
    let (approved, _) = every_item(
        &app,
        &team,
        "/api/v1/reports?period=2026H1&state=submitted",
        100,
    )
    .await;
    assert!(approved.iter().all(|r| r["state"] == "submitted"));
    assert_eq!(
        approved.len(),
        stored
            .iter()
            .filter(|(r, _)| r.status == entity::status::ReportState::Submitted)
            .count()
    );
    let region = &theirs[0]["region"];
    let (one_region, _) = every_item(
        &app,
        &team,
        &format!(
            "/api/v1/reports?period=2026H1&region={}",
            region.as_str().unwrap()
        ),
        100,
    )
    .await;
    assert!(!one_region.is_empty());
    assert!(one_region.iter().all(|r| r["region"] == *region));
    let (_, _, none) = get_json(
        &app,
        Some(&team),
        "/api/v1/reports?period=2026H1&region=atlantis",
        &[],
    )
    .await;
    assert_eq!(none["items"], serde_json::json!([]));
    for bad in [
        "/api/v1/reports",
        "/api/v1/reports?period=1999H9",
        "/api/v1/reports?period=2026H1&state=lost",
        "/api/v1/reports?period=2026H1&state=missing",
        "/api/v1/reports?period=2026H1&after=x",
    ] {
        let (status, headers, problem) = get_json(&app, Some(&team), bad, &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {problem}");
        assert_eq!(headers["content-type"], "application/problem+json");
    }

    // A report started while a program pages comes on a later page, never an earlier one.
    let (first, _, page) = get_json(
        &app,
        Some(&team),
        "/api/v1/reports?period=2026H1&limit=1",
        &[],
    )
    .await;
    assert_eq!(first, StatusCode::OK);
    let cursor = page["next"].as_str().unwrap().to_owned();
    let fresh = start_a_report(&app, &coordinator, period.id).await;
    let (rest, _) =
        every_item_after(&app, &team, "/api/v1/reports?period=2026H1", 3, &cursor).await;
    let rest: Vec<i64> = rest.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(rest.last(), Some(&i64::from(fresh)));
    assert_eq!(rest.len(), stored.len(), "the rest and the new one");
}

/// Saves a first draft of a report the coordinator has not started; its id.
async fn start_a_report(
    app: &TestApp,
    coordinator: &app::ssr::access::Principal,
    period_id: i32,
) -> i32 {
    use app::model::reporting::{ReportInput, ReportKey};
    use app::ssr::services::reporting::reports;
    let own = app::ssr::access::writable_regions(coordinator);
    for sub in subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_in(own))
        .all(&app.db)
        .await
        .unwrap()
    {
        let page = reports::page(&app.db, coordinator, sub.id, period_id)
            .await
            .unwrap();
        if page.report_id.is_none() && page.can_edit {
            let key = ReportKey {
                subproject_id: sub.id,
                period_id,
            };
            let input = ReportInput {
                progress: "Aloitettu".into(),
                ..ReportInput::default()
            };
            reports::save(&app.db, coordinator, key, None, &input, false)
                .await
                .unwrap();
            return reports::page(&app.db, coordinator, sub.id, period_id)
                .await
                .unwrap()
                .report_id
                .unwrap();
        }
    }
    panic!("no report left to start")
}

/// A subproject of the coordinator's whose open-period report can be written, and its id.
pub(crate) async fn writable_report(app: &TestApp, email: &str) -> i32 {
    use app::ssr::services::reporting::reports;
    let coordinator = users_principal(app, email).await;
    let period = open_period(app).await;
    for sub in subproject::Entity::find()
        .filter(
            subproject::Column::RegionId.is_in(app::ssr::access::writable_regions(&coordinator)),
        )
        .all(&app.db)
        .await
        .unwrap()
    {
        let page = reports::page(&app.db, &coordinator, sub.id, period.id)
            .await
            .unwrap();
        if page.can_edit {
            return sub.id;
        }
    }
    panic!("no report to write")
}

async fn histories_of_reports_targets_and_the_audit_log_are_read_to_those_allowed(app: TestApp) {
    use app::ssr::services::reporting::targets;
    use reqwest::Method;
    let writer = token_of(&app, "tampere@innocities.example", true).await;
    let sub = writable_report(&app, "tampere@innocities.example").await;
    let path = format!("/api/v1/reports/{sub}/2026H1");

    // A report's workflow: the save and the submission, with who, oldest first.
    let (_, _, before) = get_json(&app, Some(&writer), &path, &[]).await;
    let write = serde_json::json!({"version": before["version"], "progress": "Edistyy"});
    let (status, saved) = send_json(&app, Method::PUT, &writer, &path, &write).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let submit = serde_json::json!({"version": saved["version"]});
    let (status, submitted) = send_json(
        &app,
        Method::POST,
        &writer,
        &format!("{path}/submit"),
        &submit,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    let events = submitted["events"].as_array().unwrap();
    assert!(events.len() >= 2, "{submitted}");
    let last = events.last().unwrap();
    assert!(
        last["action"] == "submit" || last["action"] == "resubmit",
        "{last}"
    );
    assert!(events.last().unwrap()["who"].is_string());
    let times: Vec<&str> = events.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let mut ordered = times.clone();
    ordered.sort_unstable();
    assert_eq!(times, ordered, "oldest first");
    assert!(submitted["comments"].is_array());

    // A subproject's targets with every revision, newest first, with the reason.
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let indicator = app::ssr::services::reporting::indicators::all(&app.db)
        .await
        .unwrap()
        .remove(0);
    let targets_path = format!("/api/v1/subprojects/{sub}/targets");
    let (status, _, first) = get_json(&app, Some(&writer), &targets_path, &[]).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let line = |targets: &Value| {
        targets["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["indicator"] == indicator.code.as_str())
            .cloned()
            .unwrap()
    };
    let seen = line(&first)["revisions"].as_array().unwrap().len();
    let reason = if seen == 0 { "" } else { "Rahoitus kasvoi" };
    targets::set(
        &app.db,
        &coordinator,
        sub,
        indicator.id,
        "12.5",
        reason,
        i32::try_from(seen).unwrap(),
    )
    .await
    .unwrap();
    let (_, _, after) = get_json(&app, Some(&writer), &targets_path, &[]).await;
    let after = line(&after);
    assert_eq!(after["current"], "12.5");
    let revisions = after["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), seen + 1);
    assert_eq!(revisions[0]["value"], "12.5");
    assert_eq!(revisions[0]["revision"], seen + 1);
    if seen > 0 {
        assert_eq!(revisions[0]["reason"], "Rahoitus kasvoi");
    }

    // The audit log: administrators only, oldest first, by record, changes as objects.
    let admin = token_of(&app, "admin@innocities.example", false).await;
    for refused in [
        &writer,
        &token_of(&app, "national@innocities.example", false).await,
    ] {
        let (status, _, _) = get_json(&app, Some(refused), "/api/v1/audit", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let report_id = submitted_report_id(&app, sub).await;
    let report_key = report_id.to_string();
    let (entries, _) = every_item(
        &app,
        &admin,
        &format!("/api/v1/audit?entity=report&entity_id={report_id}"),
        1,
    )
    .await;
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    let workflow: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions, workflow,
        "the report's events are its audit records"
    );
    assert!(
        entries
            .iter()
            .all(|e| e["entity_id"].as_str() == Some(report_key.as_str()))
    );
    assert!(entries.iter().all(|e| e["changes"].is_object()));
    assert_eq!(
        entries.last().unwrap()["user"],
        "tampere@innocities.example"
    );
    // A whole pass without a filter: every record once, in id order.
    let (everything, _) = every_item(&app, &admin, "/api/v1/audit", 1000).await;
    let ids: Vec<i64> = everything
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted);
    assert_eq!(
        ids.len(),
        entity::audit_log::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .len()
    );
    let (status, _, problem) = get_json(&app, Some(&admin), "/api/v1/audit?from=eilen", &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "from");
}

async fn submitted_report_id(app: &TestApp, sub: i32) -> i32 {
    let period = open_period(app).await;
    entity::report::Entity::find()
        .filter(entity::report::Column::SubprojectId.eq(sub))
        .filter(entity::report::Column::PeriodId.eq(period.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A write with `If-Match`, and its status and body.
async fn send_if_match(
    app: &TestApp,
    method: reqwest::Method,
    token: &str,
    path: &str,
    if_match: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("if-match", if_match)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn if_match_guards_a_write_with_412(app: TestApp) {
    use reqwest::Method;
    let writer = token_of(&app, "tampere@innocities.example", true).await;
    let sub = writable_report(&app, "tampere@innocities.example").await;
    let path = format!("/api/v1/reports/{sub}/2026H1");
    let (_, _, before) = get_json(&app, Some(&writer), &path, &[]).await;
    // A first save creates the report: `If-Match` cannot name what is not there yet.
    let version = if before["version"].is_null() {
        let (status, saved) = send_json(
            &app,
            Method::PUT,
            &writer,
            &path,
            &serde_json::json!({"progress": "Alku"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        saved["version"].as_i64().unwrap()
    } else {
        before["version"].as_i64().unwrap()
    };
    let write = serde_json::json!({"progress": "If-Match"});

    // A stale, a weak or a malformed tag: 412, and nothing saved.
    for stale in [
        format!("\"{}\"", version + 1),
        format!("W/\"{version}\""),
        version.to_string(),
    ] {
        let (status, problem) =
            send_if_match(&app, Method::PUT, &writer, &path, &stale, &write).await;
        assert_eq!(
            status,
            StatusCode::PRECONDITION_FAILED,
            "{stale}: {problem}"
        );
        assert_eq!(problem["status"], 412);
    }
    let (_, _, unchanged) = get_json(&app, Some(&writer), &path, &[]).await;
    assert_eq!(unchanged["version"], version);
    assert_ne!(unchanged["narrative"]["progress"], "If-Match");

    // The stored version: saved without naming it in the body.
    let (status, saved) = send_if_match(
        &app,
        Method::PUT,
        &writer,
        &path,
        &format!("\"{version}\""),
        &write,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["narrative"]["progress"], "If-Match");
    let now = saved["version"].as_i64().unwrap();
    // Submitting with `If-Match` only; without any version it is a field error.
    let submit = format!("{path}/submit");
    let (status, problem) =
        send_json(&app, Method::POST, &writer, &submit, &serde_json::json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "version");
    let (status, problem) = send_if_match(
        &app,
        Method::POST,
        &writer,
        &submit,
        &format!("\"{version}\""),
        &serde_json::json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{problem}");
    let (status, submitted) = send_if_match(
        &app,
        Method::POST,
        &writer,
        &submit,
        &format!("\"{now}\""),
        &serde_json::json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["state"], "submitted");

    // A subproject's planned money the same way.
    let stored = subproject::Entity::find_by_id(sub)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let planned = format!("/api/v1/subprojects/{sub}/planned");
    let money = serde_json::json!({"planned": {"eu": "100.00"}});
    let (status, _) = send_if_match(
        &app,
        Method::PUT,
        &writer,
        &planned,
        &format!("\"{}\"", stored.version + 5),
        &money,
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    let (status, saved) = send_if_match(
        &app,
        Method::PUT,
        &writer,
        &planned,
        &format!("\"{}\"", stored.version),
        &money,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["planned"]["eu"], "100.00");
}
