//! The authorisation matrix of the open API: every operation of its document × every role ×
//! own region / another region, with tokens, against the expected status, from one table.
//! An operation missing from the table fails the test. A read-only token cannot write; a
//! revoked or expired token is a 401 like none; another region's object answers exactly as
//! a missing one. On both databases.

use super::matrix::{EVERYONE, Ids, Who};
use super::open_api::token_of;
use super::*;
use entity::api_token;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

on_both_backends!(every_api_operation_answers_each_role_as_the_table_says);

/// An operation, a request of it (`{project}`, `{sub}` of the asker's region; the open
/// period), and the expected status per asker.
struct ApiCase {
    method: &'static str,
    path: &'static str,
    request: &'static str,
    body: Option<&'static str>,
    expect: fn(Who) -> u16,
}

/// Any token: 200; no token: 401.
fn token_holder(who: Who) -> u16 {
    if who.signed_in() { 200 } else { 401 }
}

/// An object of a region: its coordinator and the national readers see it; another
/// region's coordinator and an admin (who reads no project data) find nothing.
fn region_object(who: Who) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::OwnRegion | Who::National | Who::Ministry => 200,
        Who::OtherRegion | Who::Admin => 404,
    }
}

/// A write to a region's object at a version long gone: its coordinator reaches the version
/// check (409); the national readers may read but not write it (403); others find nothing.
fn region_write(who: Who) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::OwnRegion => 409,
        Who::National | Who::Ministry => 403,
        Who::OtherRegion | Who::Admin => 404,
    }
}

/// A write to the asker's region's report of the open period, which the demo has submitted:
/// its coordinator finds it locked (422, `report_locked`); otherwise as [`region_write`].
fn locked_report_write(who: Who) -> u16 {
    if who == Who::OwnRegion {
        422
    } else {
        region_write(who)
    }
}

/// Roll-ups: for every role that reads project data; an admin manages people only (403).
fn data_reader(who: Who) -> u16 {
    if who == Who::Admin {
        403
    } else {
        token_holder(who)
    }
}

/// The audit log: administrators only.
fn admin_only(who: Who) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::Admin => 200,
        _ => 403,
    }
}

const CASES: &[ApiCase] = &[
    ApiCase {
        method: "GET",
        path: "/api/v1/regions",
        request: "/api/v1/regions",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/themes",
        request: "/api/v1/themes",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/actions",
        request: "/api/v1/actions",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/councils",
        request: "/api/v1/councils",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/indicators",
        request: "/api/v1/indicators",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/periods",
        request: "/api/v1/periods",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/organisations",
        request: "/api/v1/organisations?limit=5",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/packages",
        request: "/api/v1/packages?limit=5",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/packages/{id}",
        request: "/api/v1/packages/{project}",
        body: None,
        expect: region_object,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/packages/{id}/history",
        request: "/api/v1/packages/{project}/history",
        body: None,
        expect: region_object,
    },
    ApiCase {
        method: "PUT",
        path: "/api/v1/subprojects/{id}/planned",
        request: "/api/v1/subprojects/{sub}/planned",
        body: Some(r#"{"version": 999999, "planned": {"eu": "1.00"}}"#),
        expect: region_write,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/subprojects/{id}/targets",
        request: "/api/v1/subprojects/{sub}/targets",
        body: None,
        expect: region_object,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/reports",
        request: "/api/v1/reports?period={period_code}&limit=5",
        body: None,
        expect: token_holder,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/audit",
        request: "/api/v1/audit?limit=5",
        body: None,
        expect: admin_only,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/rollups",
        request: "/api/v1/rollups",
        body: None,
        expect: data_reader,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/reports/{subproject}/{period}",
        request: "/api/v1/reports/{sub}/{period_code}",
        body: None,
        expect: region_object,
    },
    ApiCase {
        method: "PUT",
        path: "/api/v1/reports/{subproject}/{period}",
        request: "/api/v1/reports/{sub}/{period_code}",
        body: Some(r#"{"version": 999999, "progress": "Rajapinnasta"}"#),
        expect: locked_report_write,
    },
    ApiCase {
        method: "POST",
        path: "/api/v1/reports/{subproject}/{period}/submit",
        request: "/api/v1/reports/{sub}/{period_code}/submit",
        body: Some(r#"{"version": 999999}"#),
        expect: locked_report_write,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/open/figures",
        request: "/api/v1/open/figures",
        body: None,
        expect: |_| 200,
    },
    ApiCase {
        method: "GET",
        path: "/api/v1/open/figures.csv",
        request: "/api/v1/open/figures.csv",
        body: None,
        expect: |_| 200,
    },
];

async fn send(app: &TestApp, case: &ApiCase, request: &str, token: Option<&str>) -> u16 {
    answer(app, case, request, token).await.0
}

async fn answer(
    app: &TestApp,
    case: &ApiCase,
    request: &str,
    token: Option<&str>,
) -> (u16, String) {
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).unwrap();
    let mut builder = reqwest::Client::new().request(method, app.url(request));
    if let Some(token) = token {
        builder = builder.bearer_auth(token);
    }
    if let Some(body) = case.body {
        builder = builder
            .header("content-type", "application/json")
            .body(body);
    }
    let response = builder.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

async fn every_api_operation_answers_each_role_as_the_table_says(app: TestApp) {
    // Every operation of the document is in the table, and nothing else.
    let (_, _, doc) = super::open_api::get_json(&app, None, "/api/v1/openapi.json", &[]).await;
    let mut documented: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|m| ["get", "put", "post", "patch", "delete"].contains(&m.as_str()))
                .map(move |m| format!("{} {path}", m.to_uppercase()))
        })
        .collect();
    documented.sort();
    let mut tabled: Vec<String> = CASES
        .iter()
        .map(|c| format!("{} {}", c.method, c.path))
        .collect();
    tabled.sort();
    assert_eq!(
        documented, tabled,
        "every operation of the document has a row in the matrix"
    );

    let mut wrong = Vec::new();
    for who in EVERYONE {
        let ids = Ids::of(&app, who).await;
        let period_code = "2026H1";
        let token = match who.email() {
            Some(email) => Some(token_of(&app, email, true).await),
            None => None,
        };
        for case in CASES {
            let request = case
                .request
                .replace("{project}", &ids.project.to_string())
                .replace("{sub}", &ids.sub.to_string())
                .replace("{period_code}", period_code);
            let (got, body) = answer(&app, case, &request, token.as_deref()).await;
            let expected = (case.expect)(who);
            if got != expected {
                let body: String = body.chars().take(300).collect();
                wrong.push(format!(
                    "{who:?} {} {request}: {got}, not {expected}: {body}",
                    case.method
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Another region's object answers exactly as a missing one.
    let tampere = token_of(&app, "tampere@innocities.example", false).await;
    let other = Ids::of(&app, Who::OtherRegion).await;
    for (hidden, missing) in [
        (
            format!("/api/v1/packages/{}", other.project),
            "/api/v1/packages/99999999".to_owned(),
        ),
        (
            format!("/api/v1/reports/{}/2026H1", other.sub),
            "/api/v1/reports/99999999/2026H1".to_owned(),
        ),
        (
            format!("/api/v1/subprojects/{}/targets", other.sub),
            "/api/v1/subprojects/99999999/targets".to_owned(),
        ),
    ] {
        let (status, _, hidden_body) =
            super::open_api::get_json(&app, Some(&tampere), &hidden, &[]).await;
        let (_, _, missing_body) =
            super::open_api::get_json(&app, Some(&tampere), &missing, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(hidden_body, missing_body, "{hidden}");
    }

    // A read-only token writes nothing, even in its own region.
    let own = Ids::of(&app, Who::OwnRegion).await;
    for case in CASES.iter().filter(|c| c.body.is_some()) {
        let request = case
            .request
            .replace("{sub}", &own.sub.to_string())
            .replace("{period_code}", "2026H1");
        assert_eq!(
            send(&app, case, &request, Some(&tampere)).await,
            403,
            "{request}"
        );
    }

    // A revoked or an expired token is a 401 like none.
    let revoked = token_of(&app, "national@innocities.example", false).await;
    let expired = token_of(&app, "ministry@innocities.example", false).await;
    for (secret, change) in [(&revoked, "revoke"), (&expired, "expire")] {
        let row = api_token::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .find(|t| secret.starts_with(&t.prefix))
            .unwrap();
        let mut row: api_token::ActiveModel = row.into();
        let past = chrono::Utc::now() - chrono::Duration::minutes(1);
        if change == "revoke" {
            row.revoked_at = Set(Some(past));
        } else {
            row.expires_at = Set(past);
        }
        row.update(&app.db).await.unwrap();
        let status = send(&app, &CASES[0], "/api/v1/regions", Some(secret)).await;
        assert_eq!(status, 401, "a token after {change}");
    }
}
