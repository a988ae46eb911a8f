//! Pages and server functions as a browser meets them.

use super::*;

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
        .post(app.url("/api/figures/get_key_figures"))
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
        html.contains(r#"action="/api/auth/login""#),
        "a plain form post works without JavaScript"
    );
}

async fn projects_need_sign_in_and_then_list_the_portfolio(app: TestApp) {
    let client = browser(&app);
    let anonymous = client.get(app.url("/projects")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::FOUND);
    assert_eq!(anonymous.headers()["location"], "/login?next=/projects");

    let api = api_client(&app)
        .post(app.url("/api/projects/list_projects"))
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
