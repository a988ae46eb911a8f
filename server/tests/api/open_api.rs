//! The open API (`/api/v1`) with personal API tokens: reference data and packages in the
//! token's scope, a page at a time without skipping or repeating, conditional reads, RFC
//! 9457 problems for every refusal, rate limits, and a generated OpenAPI 3.1 document. On
//! both databases.

use super::imports::users_principal;
use super::*;
use app::model::account::TokenInput;
use app::model::projects::ProjectFilter;
use app::ssr::services::{api_tokens, funding, lookup::Codes, projects, reference};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder};
use serde_json::Value;

on_both_backends!(
    the_api_reads_within_the_tokens_scope_a_page_at_a_time,
    every_refusal_is_a_problem_and_an_unchanged_answer_is_not_sent_again,
    a_token_past_its_rate_limit_waits,
    roll_ups_and_open_data_are_the_dashboards_figures,
    a_report_is_written_through_the_forms_rules,
    planned_money_is_written_through_the_subproject_forms_rules,
);

/// A token of `email`'s user (read-only unless `write`).
pub(crate) async fn token_of(app: &TestApp, email: &str, write: bool) -> String {
    let principal = users_principal(app, email).await;
    let input = TokenInput {
        name: "testi".into(),
        expires_on: (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string(),
        access: if write { "write" } else { "read" }.into(),
    };
    api_tokens::create(&app.db, &principal, &input, None)
        .await
        .unwrap()
        .1
}

/// GETs `path` with `token` (none: no `Authorization`), and the status, headers and JSON.
pub(crate) async fn get_json(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let text = response.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: {text}"))
    };
    (status, headers, json)
}

fn ids_of(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect()
}

async fn the_api_reads_within_the_tokens_scope_a_page_at_a_time(app: TestApp) {
    let national = token_of(&app, "national@innocities.example", false).await;
    let tampere = token_of(&app, "tampere@innocities.example", false).await;

    // Reference data for any token, as the reference page lists it.
    let lists = reference::lists(&app.db).await.unwrap();
    let (status, _, regions) = get_json(&app, Some(&tampere), "/api/v1/regions", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        regions["items"].as_array().unwrap().len(),
        lists.regions.len()
    );
    for path in [
        "/api/v1/themes",
        "/api/v1/actions",
        "/api/v1/councils",
        "/api/v1/indicators",
        "/api/v1/periods",
        "/api/v1/organisations",
    ] {
        let (status, _, body) = get_json(&app, Some(&tampere), path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!body["items"].as_array().unwrap().is_empty(), "{path}");
    }

    // Packages: the national team's every one, page by page, none skipped or repeated.
    let team = users_principal(&app, "national@innocities.example").await;
    let everything = projects::package_ids_after(
        &app.db,
        &team.scope(),
        &ProjectFilter::default(),
        0,
        100_000,
    )
    .await
    .unwrap();
    let mut seen = Vec::new();
    let mut path = "/api/v1/packages?limit=7".to_owned();
    loop {
        let (status, _, page) = get_json(&app, Some(&national), &path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}: {page}");
        seen.extend(ids_of(&page));
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/packages?limit=7&after={next}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        everything
            .iter()
            .map(|id| i64::from(*id))
            .collect::<Vec<_>>()
    );

    // A coordinator's are their scope's only; another region's package is missing to them,
    // answered exactly as one that does not exist.
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let own = projects::package_ids_after(
        &app.db,
        &coordinator.scope(),
        &ProjectFilter::default(),
        0,
        100_000,
    )
    .await
    .unwrap();
    let (_, _, page) = get_json(&app, Some(&tampere), "/api/v1/packages?limit=1000", &[]).await;
    assert_eq!(
        ids_of(&page),
        own.iter().map(|id| i64::from(*id)).collect::<Vec<_>>()
    );
    let other = everything.iter().find(|id| !own.contains(id)).unwrap();
    let (status, _, hidden) = get_json(
        &app,
        Some(&tampere),
        &format!("/api/v1/packages/{other}"),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, missing) = get_json(&app, Some(&tampere), "/api/v1/packages/99999999", &[]).await;
    assert_eq!(hidden, missing);

    // Money as exact decimal strings, equal to the stored amounts.
    let (status, _, package) = get_json(
        &app,
        Some(&tampere),
        &format!("/api/v1/packages/{}", own[0]),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let sub = &package["subprojects"][0];
    let stored = funding::planned_amounts(
        &app.db,
        &Codes::default(),
        sub["id"].as_i64().unwrap() as i32,
    )
    .await
    .unwrap();
    assert_eq!(sub["planned"]["eu"], Value::String(stored.eu.to_string()));
    assert_eq!(
        sub["planned"]["total"],
        Value::String(stored.total().to_string())
    );

    // Filters of the package list; a filter of control characters finds nothing, and is no
    // server error (a NUL reached PostgreSQL once, found by the contract test).
    let (status, _, nothing) = get_json(
        &app,
        Some(&national),
        "/api/v1/packages?theme=%F1%00%60&action=i%40%C3%9D",
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{nothing}");
    assert_eq!(nothing["items"], serde_json::json!([]));
    let region = &package["region"];
    let (_, _, filtered) = get_json(
        &app,
        Some(&national),
        &format!(
            "/api/v1/packages?limit=1000&region={}",
            region.as_str().unwrap()
        ),
        &[],
    )
    .await;
    assert!(
        filtered["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["region"] == *region)
    );
}

async fn every_refusal_is_a_problem_and_an_unchanged_answer_is_not_sent_again(app: TestApp) {
    let token = token_of(&app, "national@innocities.example", false).await;
    for (token, path, status) in [
        (None, "/api/v1/packages", StatusCode::UNAUTHORIZED),
        (
            Some("ict_0000"),
            "/api/v1/packages",
            StatusCode::UNAUTHORIZED,
        ),
        (
            Some(token.as_str()),
            "/api/v1/packages?limit=0",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some(token.as_str()),
            "/api/v1/packages?limit=many",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some(token.as_str()),
            "/api/v1/packages?after=x",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some(token.as_str()),
            "/api/v1/packages?status=gone",
            StatusCode::BAD_REQUEST,
        ),
        (
            Some(token.as_str()),
            "/api/v1/packages/x",
            StatusCode::NOT_FOUND,
        ),
        (
            Some(token.as_str()),
            "/api/v1/packages/-2147483648",
            StatusCode::NOT_FOUND,
        ),
        (
            Some(token.as_str()),
            "/api/v1/nothing/here",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (got, headers, body) = get_json(&app, token, path, &[]).await;
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(
            headers["content-type"], "application/problem+json",
            "{path}"
        );
        assert_eq!(body["status"], status.as_u16(), "{path}");
        assert!(body["title"].is_string(), "{path}");
        if status == StatusCode::UNAUTHORIZED {
            assert!(
                headers["www-authenticate"]
                    .to_str()
                    .unwrap()
                    .starts_with("Bearer")
            );
        }
    }

    // A conditional read of an unchanged answer: 304, no body; a change gives a new tag.
    let (_, headers, _) = get_json(&app, Some(&token), "/api/v1/packages?limit=3", &[]).await;
    let tag = headers["etag"].to_str().unwrap().to_owned();
    let (status, again, body) = get_json(
        &app,
        Some(&token),
        "/api/v1/packages?limit=3",
        &[("If-None-Match", &tag)],
    )
    .await;
    assert_eq!((status, body), (StatusCode::NOT_MODIFIED, Value::Null));
    assert_eq!(again["etag"].to_str().unwrap(), tag);
    let first = entity::project::Entity::find()
        .order_by_asc(entity::project::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut renamed: entity::project::ActiveModel = first.into();
    renamed.name_en = sea_orm::ActiveValue::Set(Some("Renamed for the API test".into()));
    renamed.update(&app.db).await.unwrap();
    let (status, changed, _) = get_json(
        &app,
        Some(&token),
        "/api/v1/packages?limit=3",
        &[("If-None-Match", &tag)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(changed["etag"].to_str().unwrap(), tag);

    // The document: OpenAPI 3.1, every path, the bearer scheme, problems for each operation.
    let (status, _, doc) = get_json(&app, None, "/api/v1/openapi.json", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/regions",
        "/api/v1/packages",
        "/api/v1/packages/{id}",
        "/api/v1/organisations",
    ] {
        let operation = &doc["paths"][path]["get"];
        assert!(operation.is_object(), "{path}");
        for status in ["200", "304", "400", "401", "404", "429"] {
            assert!(
                operation["responses"][status].is_object(),
                "{path} {status}"
            );
        }
        assert!(operation["security"].is_array(), "{path}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );

    // The reference page, from the same document, for anyone.
    let reference = page(&browser(&app), &app, "/api-reference").await;
    for expected in [
        "GET /api/v1/packages/{id}",
        "id=\"schema-Package\"",
        "id=\"schema-MoneyBySource\"",
        "after",
    ] {
        assert!(reference.contains(expected), "{expected}");
    }
}

async fn a_token_past_its_rate_limit_waits(app: TestApp) {
    // A server of its own with a limit of three requests a minute per token (each test runs
    // in a process of its own).
    unsafe { std::env::set_var("INNOCITIES_API_TOKEN_PER_MINUTE", "3") };
    let limited = server::testing::spawn_app(app.db.clone()).await;
    let token = token_of(&app, "ministry@innocities.example", false).await;
    for _ in 0..3 {
        let (status, _, _) = get_json(&limited, Some(&token), "/api/v1/themes", &[]).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, headers, body) = get_json(&limited, Some(&token), "/api/v1/themes", &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(body["retry_after"], wait);
    // Another token is counted apart.
    let other = token_of(&app, "national@innocities.example", false).await;
    assert_eq!(
        get_json(&limited, Some(&other), "/api/v1/themes", &[])
            .await
            .0,
        StatusCode::OK
    );
}

async fn roll_ups_and_open_data_are_the_dashboards_figures(app: TestApp) {
    use app::model::dashboard::DashboardFilter;
    use app::ssr::rollup::dashboard::dashboard;
    let state_cache = app::ssr::rollup::cache::RollupCache::default();
    let national = token_of(&app, "national@innocities.example", false).await;
    let tampere = token_of(&app, "tampere@innocities.example", false).await;

    // The national team's roll-up is the national dashboard's, approved reports only.
    let team = users_principal(&app, "national@innocities.example").await;
    let expected = dashboard(&app.db, &state_cache, &team, &DashboardFilter::default())
        .await
        .unwrap();
    let (status, _, rollup) = get_json(&app, Some(&national), "/api/v1/rollups", &[]).await;
    assert_eq!(status, StatusCode::OK, "{rollup}");
    assert_eq!(rollup["national"], true);
    assert_eq!(rollup["approved_only"], true);
    assert_eq!(
        rollup["planned"]["total"],
        expected.planned.total().to_string()
    );
    assert_eq!(rollup["realised"]["eu"], expected.realised.eu.to_string());
    assert_eq!(rollup["subprojects"], expected.subprojects);
    let first = &expected.indicators[0];
    let figure = rollup["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == first.code.as_str())
        .unwrap();
    assert_eq!(figure["actual"], api_quantity(first.actual));
    // With drafts, for the national team.
    let (_, _, all) = get_json(&app, Some(&national), "/api/v1/rollups?all=1", &[]).await;
    assert_eq!(all["approved_only"], false);

    // A coordinator's roll-up is their own regions'.
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let own = dashboard(
        &app.db,
        &state_cache,
        &coordinator,
        &DashboardFilter::default(),
    )
    .await
    .unwrap();
    let (_, _, mine) = get_json(&app, Some(&tampere), "/api/v1/rollups", &[]).await;
    assert_eq!(mine["national"], false);
    assert_eq!(mine["planned"]["total"], own.planned.total().to_string());
    assert!(own.planned.total() < expected.planned.total());
    let (status, _, _) =
        get_json(&app, Some(&tampere), "/api/v1/rollups?region=nowhere", &[]).await;
    assert!(
        status.is_success() || status == StatusCode::BAD_REQUEST,
        "{status}"
    );

    // Open data: no token, any origin, the ministry's approved figures with licence and time.
    let ministry = users_principal(&app, "ministry@innocities.example").await;
    let approved = dashboard(
        &app.db,
        &state_cache,
        &ministry,
        &DashboardFilter::default(),
    )
    .await
    .unwrap();
    let (status, headers, open) = get_json(&app, None, "/api/v1/open/figures", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(open["licence"], "CC BY 4.0");
    assert!(open["as_of"].as_str().unwrap().ends_with('Z'));
    let figures = open["figures"].as_array().unwrap();
    let nation = figures.iter().find(|f| f["scope"] == "national").unwrap();
    assert_eq!(nation["planned"], approved.planned.total().to_string());
    assert_eq!(
        figures.iter().filter(|f| f["scope"] == "region").count(),
        approved.by_region.len()
    );
    let csv = reqwest::get(app.url("/api/v1/open/figures.csv"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("scope,code,measure,value\r\n"));
    assert!(csv.contains(&format!(
        "national,,planned_eur,{}\r\n",
        approved.planned.total()
    )));
}

/// An indicator value as the API writes it.
fn api_quantity(q: app::model::reporting::Quantity) -> String {
    rust_decimal::Decimal::new(q.0, 3).normalize().to_string()
}

/// Sends `body` to `path` with `method` and `token`, and the status and JSON answer.
pub(crate) async fn send_json(
    app: &TestApp,
    method: reqwest::Method,
    token: &str,
    path: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn a_report_is_written_through_the_forms_rules(app: TestApp) {
    use app::ssr::services::reporting::reports;
    use entity::subproject;
    use reqwest::Method;
    use sea_orm::{ColumnTrait, QueryFilter};
    let writer = token_of(&app, "tampere@innocities.example", true).await;
    let reader = token_of(&app, "tampere@innocities.example", false).await;
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let own = app::ssr::access::writable_regions(&coordinator);
    let open = super::api_history::open_period(&app).await;
    // A subproject of the coordinator's whose open-period report can still be written.
    let sub_id = super::api_history::writable_report(&app, "tampere@innocities.example").await;
    let sub = subproject::Entity::find_by_id(sub_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let page = reports::page(&app.db, &coordinator, sub.id, open.id)
        .await
        .unwrap();
    let path = format!("/api/v1/reports/{}/2026H1", sub.id);
    let indicator = page.lines[0].indicator.code.clone();

    let (status, _, before) = get_json(&app, Some(&reader), &path, &[]).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    let version = before["version"].clone();

    // A read-only token cannot write; nothing but JSON of the right shape is read.
    let draft = serde_json::json!({
        "version": version,
        "values": { indicator.clone(): { "value": "3", "explanation": "Rajapinnasta" } },
        "realised": { "eu": "1000.50" },
    });
    let (status, body) = send_json(&app, Method::PUT, &reader, &path, &draft).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let raw = reqwest::Client::new()
        .put(app.url(&path))
        .bearer_auth(&writer)
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    let (status, _) = send_json(
        &app,
        Method::PUT,
        &writer,
        &path,
        &serde_json::json!({"colour": "blue"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A value that is not a number, an indicator the catalogue lacks: field by field, and
    // nothing saved.
    let bad = serde_json::json!({
        "version": version,
        "values": { indicator.clone(): { "value": "kolme" }, "NO-SUCH": { "value": "1" } },
    });
    let (status, problem) = send_json(&app, Method::PUT, &writer, &path, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "values.NO-SUCH")
    );
    let (_, _, unchanged) = get_json(&app, Some(&reader), &path, &[]).await;
    assert_eq!(unchanged["version"], version);

    // A draft through the form's save: exact money, audited.
    let (status, saved) = send_json(&app, Method::PUT, &writer, &path, &draft).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    // A draft stays a draft (a returned report stays returned until submitted again).
    assert!(
        saved["state"] == "draft" || saved["state"] == "returned",
        "{saved}"
    );
    assert_eq!(saved["realised"]["eu"], "1000.50");
    let line = saved["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["indicator"] == indicator.as_str())
        .unwrap();
    assert_eq!(
        (line["value"].as_str(), line["explanation"].as_str()),
        (Some("3"), Some("Rajapinnasta"))
    );
    assert_ne!(saved["version"], version);

    // The version read before: someone saved since.
    let (status, problem) = send_json(&app, Method::PUT, &writer, &path, &draft).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");

    // Submitted; then locked for further drafts.
    let (status, submitted) = send_json(
        &app,
        Method::POST,
        &writer,
        &format!("{path}/submit"),
        &serde_json::json!({"version": saved["version"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["state"], "submitted");
    let again = serde_json::json!({"version": submitted["version"], "progress": "Lisää"});
    let (status, problem) = send_json(&app, Method::PUT, &writer, &path, &again).await;
    assert!(status.is_client_error(), "{status} {problem}");

    // Another region's subproject answers as a missing one.
    let other = subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_not_in(own))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (status, _, _) = get_json(
        &app,
        Some(&writer),
        &format!("/api/v1/reports/{}/2026H1", other.id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send_json(
        &app,
        Method::PUT,
        &writer,
        &format!("/api/v1/reports/{}/2026H1", other.id),
        &draft,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn planned_money_is_written_through_the_subproject_forms_rules(app: TestApp) {
    use entity::{project, subproject};
    use reqwest::Method;
    use sea_orm::{ColumnTrait, QueryFilter};
    let writer = token_of(&app, "tampere@innocities.example", true).await;
    let team = token_of(&app, "national@innocities.example", true).await;
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let own = app::ssr::access::writable_regions(&coordinator);
    let sub = subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_in(own.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let before = funding::planned_amounts(&app.db, &Codes::default(), sub.id)
        .await
        .unwrap();
    let path = format!("/api/v1/subprojects/{}/planned", sub.id);
    let write =
        |version: i32, eu: &str| serde_json::json!({ "version": version, "planned": { "eu": eu } });

    let (status, problem) = send_json(
        &app,
        Method::PUT,
        &writer,
        &path,
        &write(sub.version, "12 345,678"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "planned_eu");

    let (status, saved) = send_json(
        &app,
        Method::PUT,
        &writer,
        &path,
        &write(sub.version, "12345.67"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["planned"]["eu"], "12345.67");
    assert_eq!(
        saved["planned"]["state"],
        before.state.to_string(),
        "the rest as stored"
    );
    let after = funding::planned_amounts(&app.db, &Codes::default(), sub.id)
        .await
        .unwrap();
    assert_eq!(after.eu.to_string(), "12345.67");
    // The package's kept total follows, as after the form.
    let package = project::Entity::find_by_id(sub.project_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let subs = subproject::Entity::find()
        .filter(subproject::Column::ProjectId.eq(sub.project_id))
        .all(&app.db)
        .await
        .unwrap();
    let mut total = 0;
    for s in subs {
        total += funding::planned_amounts(&app.db, &Codes::default(), s.id)
            .await
            .unwrap()
            .total()
            .cents();
    }
    assert_eq!(package.planned_cents, total);
    let audited = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Entity.eq("subproject"))
        .filter(entity::audit_log::Column::EntityId.eq(sub.id.to_string()))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        audited.iter().any(|a| a.changes.contains("planned_eu")),
        "audited"
    );
    // The package's history through the API shows the change, newest first.
    let (status, _, history) = get_json(
        &app,
        Some(&writer),
        &format!("/api/v1/packages/{}/history", sub.project_id),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let newest = &history["items"][0];
    assert_eq!(newest["record"], "subproject");
    assert!(
        newest["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "planned_eu" && c["new"] == "12345.67"),
        "{newest}"
    );

    // The version read before: saved since.
    let (status, _) = send_json(
        &app,
        Method::PUT,
        &writer,
        &path,
        &write(sub.version, "1.00"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The national team does not write project data; another region's subproject is missing.
    let (status, _) = send_json(
        &app,
        Method::PUT,
        &team,
        &path,
        &write(sub.version + 1, "1.00"),
    )
    .await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    let other = subproject::Entity::find()
        .filter(subproject::Column::RegionId.is_not_in(own))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (status, _) = send_json(
        &app,
        Method::PUT,
        &writer,
        &format!("/api/v1/subprojects/{}/planned", other.id),
        &write(other.version, "1.00"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
