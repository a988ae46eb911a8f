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
