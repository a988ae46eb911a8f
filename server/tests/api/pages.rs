//! Pages and server functions as a browser meets them.

use super::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_backends!(
    health_answers_when_the_database_does,
    home_page_shows_the_published_figures_without_javascript,
    key_figures_server_function_returns_exact_money_as_strings,
    login_page_has_a_labelled_form,
    projects_need_sign_in_and_then_list_the_portfolio,
    wrong_password_returns_to_the_form_with_an_error,
    city_coordinator_sees_only_own_region,
    language_switch_sets_a_cookie_and_returns,
    unknown_paths_answer_404,
    a_refused_form_post_without_javascript_keeps_what_was_typed,
    a_refused_new_user_keeps_what_was_typed_but_never_the_password,
    pages_are_revalidated_and_answers_of_server_functions_not_kept,
    pages_requested_at_once_all_render_with_their_policy,
    key_figures_are_json_at_a_stable_address_for_any_website,
    dashboard_tables_download_as_csv_within_the_readers_scope,
    dashboard_tables_download_as_workbooks_with_the_csv_figures_typed,
    the_package_list_downloads_whole_as_filtered_and_sorted_within_scope,
);

async fn health_answers_when_the_database_does(app: TestApp) {
    let response = browser(&app).get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok");
}

async fn home_page_shows_the_published_figures_without_javascript(app: TestApp) {
    let response = browser(&app)
        .get(app.url("/"))
        .header("Accept-Language", "fi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = html(response).await;
    assert!(
        html.contains(r#"<html lang="fi""#),
        "the page declares its language"
    );
    for shown in [
        "Innokaupungit lukuina",
        ">214<",
        ">403<",
        "103,5\u{a0}M€",
        "61,6\u{a0}M€",
        "30\u{a0}M€",
        ">611<",
        "2\u{a0}712",
        ">987<",
        "3.3.2026",
    ] {
        assert!(html.contains(shown), "the home page shows {shown:?}");
    }
    assert!(
        html.contains("<svg") && html.contains("<table"),
        "chart and its data table"
    );
}

async fn key_figures_server_function_returns_exact_money_as_strings(app: TestApp) {
    let response = api_client(&app)
        .post(app.url(<figures::GetKeyFigures as ServerFn>::PATH))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let json: serde_json::Value = response.json().await.unwrap();
    assert_eq!(json["projects"], 214);
    assert_eq!(json["subprojects"], 403);
    assert_eq!(json["total_funding"], "103500000.00");
    assert_eq!(json["eu_state_funding"], "61600000.00");
    assert_eq!(json["city_funding"], "30000000.00");
    assert_eq!(json["companies_target"], 2712);
}

async fn login_page_has_a_labelled_form(app: TestApp) {
    let response = browser(&app).get(app.url("/login")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = html(response).await;
    assert!(html.contains(r#"<label for="email""#) && html.contains(r#"id="email""#));
    assert!(html.contains(r#"<label for="password""#) && html.contains(r#"type="password""#));
    assert!(
        html.contains(&format!(r#"action="{}""#, <auth::Login as ServerFn>::PATH)),
        "a plain form post works without JavaScript"
    );
}

async fn projects_need_sign_in_and_then_list_the_portfolio(app: TestApp) {
    let client = browser(&app);
    let anonymous = client.get(app.url("/projects")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::FOUND);
    assert_eq!(anonymous.headers()["location"], "/login?next=/projects");

    let api = api_client(&app)
        .post(app.url(<projects::ListProjects as ServerFn>::PATH))
        .form(&[("filter[page]", "1")])
        .send()
        .await
        .unwrap();
    assert!(
        !api.status().is_success(),
        "the server function refuses anonymous callers"
    );
    assert!(api.text().await.unwrap().contains("Unauthenticated"));

    let login = sign_in(&client, &app, "national@innocities.example", DEMO_PASSWORD).await;
    assert!(login.status().is_redirection(), "{}", login.status());
    assert_eq!(login.headers()["location"], "/projects");

    let html = page(&client, &app, "/projects").await;
    assert!(
        html.contains("214 hanketta"),
        "all projects for the national coordinator"
    );
    assert!(html.contains("103\u{a0}500\u{a0}000,00\u{a0}€"));
    assert!(
        html.contains("Kaisa Koordinaattori"),
        "the header names the signed-in user"
    );

    let filtered = page(&client, &app, "/projects?region=kokkola&status=").await;
    assert!(filtered.contains("9 hanketta"), "Kokkola has nine projects");
    assert!(filtered.contains("1\u{a0}515\u{a0}000,00\u{a0}€"));
}

async fn wrong_password_returns_to_the_form_with_an_error(app: TestApp) {
    let client = browser(&app);
    let response = sign_in(
        &client,
        &app,
        "national@innocities.example",
        "wrong password here",
    )
    .await;
    assert!(response.status().is_redirection());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with(&app.url("/login")) && location.contains("__err="),
        "{location}"
    );
    let form = html(client.get(location).send().await.unwrap()).await;
    assert!(
        form.contains("Sähköpostiosoite tai salasana on väärin."),
        "the form explains the failure"
    );
    let still_anonymous = client.get(app.url("/projects")).send().await.unwrap();
    assert_eq!(still_anonymous.status(), StatusCode::FOUND);
}

async fn city_coordinator_sees_only_own_region(app: TestApp) {
    let client = browser(&app);
    sign_in(&client, &app, "tampere@innocities.example", DEMO_PASSWORD).await;
    let html = page(&client, &app, "/projects").await;
    assert!(html.contains("20 hanketta"), "Tampere's 20 projects only");
    let turku = page(&client, &app, "/projects?region=turku").await;
    assert!(
        turku.contains("0 hanketta"),
        "another region's projects are not listed"
    );
}

async fn language_switch_sets_a_cookie_and_returns(app: TestApp) {
    let client = browser(&app);
    let response = client
        .post(app.url("/lang"))
        .form(&[("lang", "sv"), ("next", "/?x=1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/?x=1");
    let html = page(&client, &app, "/").await;
    assert!(html.contains(r#"<html lang="sv""#));
    assert!(html.contains("Innostäder i siffror"));
    assert!(html.contains("103,5\u{a0}M€"));

    client
        .post(app.url("/lang"))
        .form(&[("lang", "en"), ("next", "/")])
        .send()
        .await
        .unwrap();
    let html = page(&client, &app, "/").await;
    assert!(html.contains("InnoCities in figures") && html.contains("€103.5M"));

    let offsite = client
        .post(app.url("/lang"))
        .form(&[("lang", "fi"), ("next", "https://evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        offsite.headers()["location"],
        "/",
        "never redirects to another site"
    );
}

async fn unknown_paths_answer_404(app: TestApp) {
    let response = browser(&app)
        .get(app.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(html(response).await.contains("Sivua ei löytynyt"));
}

async fn a_refused_form_post_without_javascript_keeps_what_was_typed(app: TestApp) {
    let client = browser(&app);
    sign_in(&client, &app, "tampere@innocities.example", DEMO_PASSWORD).await;
    let form_page = app.url("/projects/new");
    // A plain form post, as a browser without JavaScript sends it, with the end date first.
    let response = client
        .post(app.url(<register::SaveProject as ServerFn>::PATH))
        .header("Referer", &form_page)
        .form(&[
            ("form[input][code]", "NOJS-1"),
            ("form[input][name][fi]", "Ilman skriptejä kirjoitettu nimi"),
            ("form[input][name][sv]", ""),
            ("form[input][name][en]", ""),
            ("form[input][description][fi]", "Kuvaus, joka ei saa kadota"),
            ("form[input][description][sv]", ""),
            ("form[input][description][en]", ""),
            ("form[input][region]", "tampere"),
            ("form[input][theme]", "wellbeing"),
            ("form[input][actions][]", "platforms"),
            ("form[input][council]", "pirkanmaa"),
            ("form[input][starts_on]", "2026-05-01"),
            ("form[input][ends_on]", "2026-01-01"),
            ("form[input][status]", "planned"),
            ("form[input][lead_organisation]", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let back = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        back.starts_with(&form_page) && back.contains("__err="),
        "{back}"
    );
    let html = html(client.get(&back).send().await.unwrap()).await;
    assert!(
        html.contains("Ilman skriptejä kirjoitettu nimi"),
        "the name is kept"
    );
    assert!(
        html.contains("Kuvaus, joka ei saa kadota"),
        "the description is kept"
    );
    assert!(
        html.contains("2026-01-01"),
        "the refused date is shown to fix"
    );
    // Once only: a later visit shows an empty form again.
    let again = html_of(&client, &form_page).await;
    assert!(!again.contains("Ilman skriptejä kirjoitettu nimi"));
    let none_saved = entity::project::Entity::find()
        .filter(entity::project::Column::Code.eq("NOJS-1"))
        .one(&app.db)
        .await
        .unwrap();
    assert!(none_saved.is_none());
}

async fn a_refused_new_user_keeps_what_was_typed_but_never_the_password(app: TestApp) {
    let client = browser(&app);
    sign_in(&client, &app, "admin@innocities.example", DEMO_PASSWORD).await;
    let form_page = app.url("/admin/users/new");
    let response = client
        .post(app.url(<app::api::admin::CreateUser as ServerFn>::PATH))
        .header("Referer", &form_page)
        .form(&[
            ("form[email]", "nojs.user@example.fi"),
            ("form[display_name]", "Ilona Ilman-Skriptejä"),
            ("form[role]", "city_coordinator"),
            ("form[regions][]", "oulu"),
            ("form[temporary_password]", "password1234"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let back = response.headers()["location"].to_str().unwrap().to_string();
    assert!(back.contains("__err="), "{back}");
    let html = html(client.get(&back).send().await.unwrap()).await;
    assert!(html.contains("nojs.user@example.fi"), "the e-mail is kept");
    assert!(html.contains("Ilona Ilman-Skriptejä"), "the name is kept");
    let oulu = html
        .split(r#"value="oulu""#)
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or_default();
    assert!(oulu.contains("checked"), "the region stays ticked: {oulu}");
    assert!(!html.contains("password1234"), "the password is not kept");
}

async fn pages_are_revalidated_and_answers_of_server_functions_not_kept(app: TestApp) {
    let client = browser(&app);
    let page = client.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "private, no-cache");
    let answer = client
        .post(app.url(<app::api::figures::GetKeyFigures as ServerFn>::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["cache-control"], "no-store");
}

/// Many readers at once, their browsers fetching the icon meanwhile: every page renders (its
/// title is read once, while its scope lives) and keeps the page's own policy with its
/// nonce (a file answered beside it once took the page's headers).
async fn pages_requested_at_once_all_render_with_their_policy(app: TestApp) {
    let client = browser(&app);
    sign_in(&client, &app, "tampere@innocities.example", DEMO_PASSWORD).await;
    for path in ["/projects?region=tampere", "/dashboard", "/reporting"] {
        let pages = (0..32).map(|_| client.get(app.url(path)).send());
        let icons = (0..32).map(|_| client.get(app.url("/favicon.svg")).send());
        let (pages, icons) = futures::future::join(
            futures::future::join_all(pages),
            futures::future::join_all(icons),
        )
        .await;
        for response in pages {
            let response = response.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let policy = response.headers()["content-security-policy"]
                .to_str()
                .unwrap();
            assert!(policy.contains("script-src 'nonce-"), "{path}: {policy}");
        }
        for icon in icons {
            let icon = icon.unwrap();
            assert_eq!(icon.status(), StatusCode::OK);
            let policy = icon.headers()["content-security-policy"].to_str().unwrap();
            assert!(
                !policy.contains("nonce"),
                "a file keeps its own policy: {policy}"
            );
        }
    }
}

async fn html_of(client: &Client, url: &str) -> String {
    html(client.get(url).send().await.unwrap()).await
}

async fn key_figures_are_json_at_a_stable_address_for_any_website(app: TestApp) {
    use app::ssr::rollup::indicators::{RollupScope, indicator_totals};
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/key-figures"))
        .header("Origin", "https://innokaupungit.fi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let json: serde_json::Value = response.json().await.unwrap();
    // The published figures, money as exact decimal strings.
    assert_eq!(json["projects"], 214);
    assert_eq!(json["subprojects"], 403);
    assert_eq!(json["councils"], 14);
    assert_eq!(json["total_funding"], "103500000.00");
    assert_eq!(json["eu_state_funding"], "61600000.00");
    assert_eq!(json["city_funding"], "30000000.00");
    assert_eq!(json["platforms_target"], 611);
    assert_eq!(json["companies_target"], 2712);
    assert_eq!(json["innovations_target"], 987);
    assert_eq!(json["as_of"], "2026-03-03");
    assert_eq!(json["case_studies"].as_array().unwrap().len(), 6);
    assert_eq!(json["by_theme"].as_array().unwrap().len(), 3);
    // Actuals from approved reports only.
    let approved = indicator_totals(
        &app.db,
        &RollupScope {
            approved_only: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let of = |code: &str| approved.iter().find(|t| t.code == code).unwrap().clone();
    assert_eq!(json["platforms_actual"], of("IK-PLAT").actual.0 / 1000);
    assert_eq!(json["innovations_actual"], of("IK-INNO").actual.0 / 1000);
    assert_eq!(json["companies_actual"], of("IK-COMP").actual.0 / 1000);
    assert_eq!(
        json["companies_distinct"],
        of("IK-COMP").companies_distinct.unwrap()
    );
    let actual = json["companies_actual"].as_i64().unwrap();
    let distinct = json["companies_distinct"].as_i64().unwrap();
    assert!(
        actual > distinct && distinct > 0,
        "companies named by several subprojects count once: {actual} > {distinct}"
    );
}

async fn dashboard_tables_download_as_csv_within_the_readers_scope(app: TestApp) {
    let anonymous = browser(&app);
    let response = anonymous
        .get(app.url("/dashboard/regions.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "sign in first");

    let national = browser(&app);
    sign_in(
        &national,
        &app,
        "national@innocities.example",
        DEMO_PASSWORD,
    )
    .await;
    let response = national
        .get(app.url("/dashboard/sources.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("innocities-sources.csv")
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 6, "a heading and five sources: {csv}");
    // A Finnish reader's file opens in columns in a Finnish Excel: semicolons between fields
    // and decimal commas. The money is exact: the five planned amounts add up to the
    // published total.
    assert!(lines[1].contains(';') && lines[1].contains(','), "{csv}");
    let planned: i64 = lines[1..]
        .iter()
        .map(|l| {
            let cells: Vec<&str> = l.split(';').collect();
            app::model::Money::parse_input(cells[2]).unwrap().cents()
        })
        .sum();
    assert_eq!(planned, app::model::Money::from_euros(103_500_000).cents());
    let all = national
        .get(app.url("/dashboard/regions.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(all.lines().count(), 17, "a heading and 16 regions");
    // Every other table downloads too: the themes' money adds up to the same total, the
    // indicators carry the published targets, and the trend has the closed period and now.
    let text = |table: &'static str| {
        let national = national.clone();
        let url = app.url(&format!("/dashboard/{table}.csv"));
        async move {
            let response = national.get(url).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{table}");
            response.text().await.unwrap()
        }
    };
    let themes = text("themes").await;
    let theme_money: i64 = themes
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.rsplit(';').collect();
            app::model::Money::parse_input(cells[0]).unwrap().cents()
        })
        .sum();
    assert_eq!(theme_money, planned, "{themes}");
    let indicators = text("indicators").await;
    assert!(indicators.lines().count() > 3, "{indicators}");
    let trend = text("trend").await;
    let rows: Vec<&str> = trend.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "2025H2 and now: {trend}");
    assert!(rows[0].starts_with("2025H2;"), "{trend}");
    // In English: commas between fields and decimal points.
    national
        .post(app.url("/lang"))
        .form(&[("lang", "en"), ("next", "/")])
        .send()
        .await
        .unwrap();
    let english = national
        .get(app.url("/dashboard/sources.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let first = english
        .trim_start_matches('\u{feff}')
        .lines()
        .nth(1)
        .unwrap_or_default();
    assert!(!first.contains(';') && first.contains(".00"), "{english}");

    let tampere = browser(&app);
    sign_in(&tampere, &app, "tampere@innocities.example", DEMO_PASSWORD).await;
    let own = tampere
        .get(app.url("/dashboard/regions.csv?region=turku"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        own.lines().count(),
        1,
        "another region's figures are not in a coordinator's scope"
    );
    let own = tampere
        .get(app.url("/dashboard/regions.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(own.lines().count(), 2, "only Tampere");
    assert!(own.contains(";tampere;"));
    let unknown = tampere
        .get(app.url("/dashboard/secrets.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

/// Every dashboard table downloads as an Excel workbook with the CSV's figures: headings and
/// names as text, counts and money as numbers (money exact to the cent: the sources add up
/// to the published total), the filter of the page applied, the reader's scope kept.
async fn dashboard_tables_download_as_workbooks_with_the_csv_figures_typed(app: TestApp) {
    use calamine::Data;
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let national = browser_of(&app, "national@innocities.example").await;
    let download = |path: String| {
        let national = national.clone();
        let url = app.url(&path);
        async move {
            let response = national.get(url).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            (response.headers().clone(), response.bytes().await.unwrap())
        }
    };
    let as_decimal = |text: &str| Decimal::from_str(&text.replace(',', ".")).ok();
    for table in ["sources", "regions", "themes", "indicators", "trend"] {
        let (headers, bytes) = download(format!("/dashboard/{table}.xlsx?all=1")).await;
        assert_eq!(
            headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(
            headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains(&format!("innocities-{table}.xlsx"))
        );
        let sheet = sheet_of(&bytes, table);
        let (_, csv) = download(format!("/dashboard/{table}.csv?all=1")).await;
        let csv = String::from_utf8(csv.to_vec()).unwrap();
        let csv_rows: Vec<Vec<&str>> = csv
            .trim_start_matches('\u{feff}')
            .lines()
            .map(|line| line.split(';').collect())
            .collect();
        assert_eq!(
            sheet.height(),
            csv_rows.len(),
            "{table}: as many rows as the CSV"
        );
        for (n, (row, csv_row)) in sheet.rows().zip(&csv_rows).enumerate() {
            for (cell, text) in row.iter().zip(csv_row) {
                match cell {
                    Data::String(value) => assert_eq!(value, text, "{table} row {n}"),
                    // A number in the workbook is the CSV's decimal exactly.
                    Data::Float(value) => assert_eq!(
                        as_decimal(&value.to_string()),
                        as_decimal(text),
                        "{table} row {n}: {value} and {text}"
                    ),
                    Data::Empty => assert_eq!(*text, "", "{table} row {n}"),
                    other => panic!("{table} row {n}: unexpected cell {other:?}"),
                }
            }
            if n == 0 {
                assert!(
                    row.iter().all(|c| matches!(c, Data::String(_))),
                    "{table}: headings"
                );
            } else if table == "sources" {
                assert!(
                    matches!(row[2], Data::Float(_)),
                    "money is a number: {row:?}"
                );
            }
        }
        if table == "sources" {
            let planned: Decimal = sheet
                .rows()
                .skip(1)
                .filter_map(|row| as_decimal(&row[2].to_string()))
                .sum();
            assert_eq!(planned, Decimal::from(103_500_000), "the published total");
        }
    }
    // The page's filter is what downloads; a coordinator gets their own region only.
    let (_, bytes) = download("/dashboard/regions.xlsx?region=tampere".into()).await;
    assert_eq!(sheet_of(&bytes, "regions").height(), 2);
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let bytes = tampere
        .get(app.url("/dashboard/regions.xlsx?region=turku"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let turku = sheet_of(&bytes, "regions");
    assert_eq!(
        turku.height(),
        1,
        "the headings only: Turku is not in the scope"
    );
    let none = national
        .get(app.url("/dashboard/regions.ods"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::NOT_FOUND);
}

/// The package list downloads whole (every page of it), with the page's filter and order,
/// as a workbook and as CSV, within the reader's scope: the rows and money are the list's.
async fn the_package_list_downloads_whole_as_filtered_and_sorted_within_scope(app: TestApp) {
    use calamine::Data;
    use rust_decimal::Decimal;
    let anonymous = browser(&app)
        .get(app.url("/projects.xlsx"))
        .send()
        .await
        .unwrap();
    assert!(
        anonymous.status().is_redirection(),
        "{}",
        anonymous.status()
    );
    assert_eq!(anonymous.headers()["location"], "/login?next=/projects");

    let national = browser_of(&app, "national@innocities.example").await;
    let fetch = |client: &Client, path: &str| {
        let request = client.get(app.url(path));
        async move { request.send().await.unwrap().bytes().await.unwrap() }
    };
    let money = |sheet: &calamine::Range<Data>| -> Decimal {
        sheet
            .rows()
            .skip(1)
            .map(|row| match &row[6] {
                Data::Float(value) => value.to_string().parse::<Decimal>().unwrap(),
                other => panic!("money is a number: {other:?}"),
            })
            .sum()
    };
    // All 214 packages, not the first page of 25; the money adds up to the programme's.
    let all = sheet_of(&fetch(&national, "/projects.xlsx").await, "projects");
    assert_eq!(all.height(), 215, "a heading and 214 packages");
    assert_eq!(money(&all), Decimal::from(103_500_000));
    assert_eq!(all.rows().next().unwrap()[0], Data::String("Tunnus".into()));
    // The page's filter and order.
    let kokkola = sheet_of(
        &fetch(
            &national,
            "/projects.xlsx?region=kokkola&sort=funding&desc=1",
        )
        .await,
        "projects",
    );
    assert_eq!(kokkola.height(), 10, "Kokkola's nine packages");
    assert_eq!(money(&kokkola), Decimal::from(1_515_000));
    let amounts: Vec<f64> = kokkola
        .rows()
        .skip(1)
        .filter_map(|row| match row[6] {
            Data::Float(value) => Some(value),
            _ => None,
        })
        .collect();
    assert!(
        amounts.windows(2).all(|w| w[0] >= w[1]),
        "largest first: {amounts:?}"
    );
    let csv = fetch(&national, "/projects.csv?region=kokkola").await;
    let csv = String::from_utf8(csv.to_vec()).unwrap();
    assert_eq!(csv.lines().count(), 10, "{csv}");
    // A coordinator's download holds their own region's packages only.
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let own = sheet_of(&fetch(&tampere, "/projects.xlsx").await, "projects");
    assert_eq!(own.height(), 21, "Tampere's 20 packages");
    let turku = sheet_of(
        &fetch(&tampere, "/projects.xlsx?region=turku").await,
        "projects",
    );
    assert_eq!(turku.height(), 1, "another region's packages are not in it");
}

/// The sheet `name` of a downloaded workbook.
pub(super) fn sheet_of(bytes: &[u8], name: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    workbook.worksheet_range(name).unwrap()
}
