//! What a first week of real use found, over HTTP as a browser meets it: an unreviewed edit
//! never reaches the public page or the open JSON until the national team publishes; a
//! published story has its own public page; every page links the accessibility statement,
//! whose feedback form reaches the national team; an admin has no dashboard.

use super::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_backends!(
    an_unreviewed_edit_reaches_the_public_only_when_the_national_team_publishes,
    a_published_story_has_a_public_page_and_an_unpublished_one_does_not,
    the_accessibility_statement_is_linked_from_every_page_and_its_feedback_reaches_the_national_team,
    a_coordinators_dashboard_is_their_regions_and_an_admin_has_none,
);

async fn key_figures(app: &TestApp) -> serde_json::Value {
    let response = reqwest::get(app.url("/api/v1/key-figures")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn form_of(fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect()
}

async fn an_unreviewed_edit_reaches_the_public_only_when_the_national_team_publishes(app: TestApp) {
    let before = key_figures(&app).await;
    assert_eq!(before["total_funding"], "103500000.00");
    assert_eq!(
        before["as_of"], "2026-03-03",
        "the day the figures were published"
    );
    let home = page(&browser(&app), &app, "/").await;
    assert!(
        home.contains("103,5"),
        "the published total on the public page"
    );

    // A coordinator adds 300 000 € to a package: a typo nobody has looked at yet.
    let coordinator = api_client(&app);
    sign_in(
        &coordinator,
        &app,
        "tampere@innocities.example",
        DEMO_PASSWORD,
    )
    .await;
    let project = entity::project::Entity::find()
        .filter(
            entity::project::Column::RegionId.is_in(
                entity::city_region::Entity::find()
                    .filter(entity::city_region::Column::Code.eq("tampere"))
                    .all(&app.db)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.id),
            ),
        )
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let org = entity::organisation::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let saved = coordinator
        .post(app.url(<register::SaveSubproject as ServerFn>::PATH))
        .form(&form_of(&[
            ("form[project_id]", &project.id.to_string()),
            ("form[input][code]", "TYPO-1"),
            ("form[input][name][fi]", "Kirjoitusvirhe"),
            ("form[input][name][sv]", ""),
            ("form[input][name][en]", ""),
            ("form[input][description][fi]", ""),
            ("form[input][description][sv]", ""),
            ("form[input][description][en]", ""),
            ("form[input][region]", "tampere"),
            ("form[input][organisation]", &org.business_id),
            ("form[input][council]", "pirkanmaa"),
            ("form[input][starts_on]", "2026-01-01"),
            ("form[input][ends_on]", "2026-12-31"),
            ("form[input][status]", "ongoing"),
            ("form[input][planned][eu]", "300000"),
            ("form[input][planned][state]", ""),
            ("form[input][planned][city]", ""),
            ("form[input][planned][other_public]", ""),
            ("form[input][planned][private]", ""),
        ]))
        .send()
        .await
        .unwrap();
    assert!(
        saved.status().is_success(),
        "{}",
        saved.text().await.unwrap()
    );

    // Not on the public page, not in the JSON, not in the as-of date.
    let after = key_figures(&app).await;
    assert_eq!(after["total_funding"], "103500000.00");
    assert_eq!(after["as_of"], "2026-03-03");
    assert_eq!(after["subprojects"], 403);
    assert!(page(&browser(&app), &app, "/").await.contains("103,5"));

    // The national team sees what waits for publication, and publishes.
    let national = browser_of(&app, "national@innocities.example").await;
    let waiting = page(&national, &app, "/publication").await;
    assert!(
        waiting.contains(r#"data-testid="waiting""#),
        "the changes are listed"
    );
    assert!(
        waiting.contains("103\u{a0}800\u{a0}000,00"),
        "the live total: {waiting}"
    );
    let seen = waiting
        .split(r#"name="form[seen]" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries the version it shows")
        .to_string();
    let publish = |seen: String| {
        let national = national.clone();
        let url = app.url(<figures::PublishFigures as ServerFn>::PATH);
        async move {
            national
                .post(url)
                .header("Accept", "application/json")
                .form(&[("form[seen]", seen), ("form[note]", "Tarkistettu".into())])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // Published from a page older than the last save: refused, nothing unreviewed goes out.
    let stale = (seen.parse::<i64>().unwrap() - 1).to_string();
    assert_eq!(publish(stale).await, StatusCode::CONFLICT);
    assert_eq!(key_figures(&app).await["total_funding"], "103500000.00");
    assert!(publish(seen).await.is_success());
    let now = key_figures(&app).await;
    assert_eq!(now["total_funding"], "103800000.00");
    assert_eq!(now["subprojects"], 404);
    assert_eq!(
        now["as_of"],
        app::model::format::finnish_date(chrono::Utc::now()).to_string(),
        "as of the publication, the day in Finland"
    );
    assert!(page(&browser(&app), &app, "/").await.contains("103,8"));
    let audited = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("publish"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the publication is audited");
    assert_eq!(audited.reason.as_deref(), Some("Tarkistettu"));
    // A publication is final: the database refuses to change or remove it.
    use sea_orm::ConnectionTrait;
    for sql in [
        "UPDATE publication SET figures = '{}'",
        "DELETE FROM publication",
    ] {
        assert!(app.db.execute_unprepared(sql).await.is_err(), "{sql}");
    }
}

async fn a_published_story_has_a_public_page_and_an_unpublished_one_does_not(app: TestApp) {
    let story = entity::case_study::Entity::find()
        .filter(entity::case_study::Column::IsPublished.eq(true))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let anonymous = browser(&app);
    let response = anonymous
        .get(app.url(&format!("/stories/{}", story.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = html(response).await;
    assert!(html.contains(&story.title_fi), "the story's title");
    let home = page(&anonymous, &app, "/").await;
    assert!(
        home.contains(&format!("href=\"/stories/{}\"", story.id)),
        "the front page links it"
    );
    let figures = key_figures(&app).await;
    assert!(
        figures["case_studies"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("/stories/")
    );
    // Withdrawn, it is gone for everyone.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "UPDATE case_study SET is_published = FALSE WHERE id = {}",
            story.id
        ))
        .await
        .unwrap();
    let response = anonymous
        .get(app.url(&format!("/stories/{}", story.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = anonymous
        .get(app.url("/stories/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn the_accessibility_statement_is_linked_from_every_page_and_its_feedback_reaches_the_national_team(
    app: TestApp,
) {
    let anonymous = browser(&app);
    for path in ["/", "/login", "/accessibility", "/stories/999999"] {
        let html = page(&anonymous, &app, path).await;
        assert!(
            html.contains(r#"href="/accessibility""#),
            "{path} links the statement"
        );
    }
    let statement = page(&anonymous, &app, "/accessibility").await;
    for shown in ["WCAG 2.1", "saavutettavuusvaatimukset.fi", "14"] {
        assert!(statement.contains(shown), "the statement names {shown}");
    }
    // Without JavaScript, as a plain form post.
    let sent = anonymous
        .post(app.url(<feedback::SendFeedback as ServerFn>::PATH))
        .header("Accept", "text/html")
        .header("Referer", app.url("/accessibility"))
        .form(&[
            ("form[name]", "Lukija"),
            ("form[email]", "lukija@example.fi"),
            ("form[page]", "/dashboard"),
            ("form[message]", "Kartan kuplat peittävät toisensa."),
        ])
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_redirection());
    assert!(
        sent.headers()["location"]
            .to_str()
            .unwrap()
            .contains("sent=1")
    );
    let refused = api_client(&app)
        .post(app.url(<feedback::SendFeedback as ServerFn>::PATH))
        .form(&[
            ("form[name]", ""),
            ("form[email]", "x"),
            ("form[page]", ""),
            ("form[message]", " "),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("message") && body.contains("invalid_email"),
        "{body}"
    );

    let national = browser_of(&app, "national@innocities.example").await;
    let list = page(&national, &app, "/feedback").await;
    assert!(list.contains("Kartan kuplat peittävät toisensa."));
    let row = entity::feedback::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let answered = api_client(&app);
    sign_in(
        &answered,
        &app,
        "national@innocities.example",
        DEMO_PASSWORD,
    )
    .await;
    let answer = |version: i32| {
        let answered = answered.clone();
        let url = app.url(<feedback::AnswerFeedback as ServerFn>::PATH);
        async move {
            answered
                .post(url)
                .form(&[
                    ("form[id]", row.id.to_string()),
                    ("form[version]", version.to_string()),
                    ("form[note]", "Vastattu sähköpostilla".to_string()),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert!(answer(row.version).await.is_success());
    assert_eq!(
        answer(row.version).await,
        StatusCode::CONFLICT,
        "answered once"
    );
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let response = tampere.get(app.url("/feedback")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn a_coordinators_dashboard_is_their_regions_and_an_admin_has_none(app: TestApp) {
    let east = browser_of(&app, "east@innocities.example").await;
    let html = page(&east, &app, "/dashboard").await;
    assert!(
        html.contains("Tilannekuva: Joensuu, Kuopio"),
        "titled by the coordinator's regions"
    );
    assert!(
        !html.contains("Kansallinen tilannekuva"),
        "not the national dashboard"
    );
    let national = browser_of(&app, "national@innocities.example").await;
    assert!(
        page(&national, &app, "/dashboard")
            .await
            .contains("Kansallinen tilannekuva")
    );

    let admin = browser_of(&app, "admin@innocities.example").await;
    let response = admin.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let csv = admin
        .get(app.url("/dashboard/regions.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::FORBIDDEN);
    let projects = html_of(&admin, &app, "/admin/users").await;
    assert!(
        !projects.contains(r#"href="/dashboard""#),
        "no dashboard in an admin's menu"
    );
}

async fn html_of(client: &Client, app: &TestApp, path: &str) -> String {
    page(client, app, path).await
}
