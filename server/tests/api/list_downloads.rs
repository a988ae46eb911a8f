//! The lists beside the dashboard's tables that download whole as workbooks and CSV: a
//! period's status board within the reader's scope, for admins the accounts and the audit
//! log for its filter, the indicator catalogue, case studies, reference lists and the
//! reporting hub's tables; dates and times as date cells; on both databases.

use super::imports::users_principal;
use super::pages::sheet_of;
use super::*;
use app::model::account::AuditFilter;
use app::ssr::rollup::indicators as rollup_indicators;
use app::ssr::services::reporting::{indicators, overview, targets};
use app::ssr::services::{admin_users, audit, case_studies, reference};
use calamine::Data;
use entity::{reporting_period, subproject};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

on_both_backends!(
    the_status_board_accounts_and_audit_log_download_whole_within_scope,
    the_catalogue_reference_and_reporting_lists_download_whole_as_their_pages_show_them,
);

async fn fetch(client: &Client, app: &TestApp, path: &str) -> (StatusCode, Vec<u8>) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status();
    (status, response.bytes().await.unwrap().to_vec())
}

async fn the_status_board_accounts_and_audit_log_download_whole_within_scope(app: TestApp) {
    let period = reporting_period::Entity::find()
        .filter(reporting_period::Column::Code.eq("2026H1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let board_path = format!("/reporting/board/{}/reports", period.id);

    // The board: every subproject's report, the due day a date cell.
    let national = browser_of(&app, "national@innocities.example").await;
    let principal = users_principal(&app, "national@innocities.example").await;
    let board = overview::board(&app.db, &principal, period.id)
        .await
        .unwrap();
    let (status, bytes) = fetch(&national, &app, &format!("{board_path}.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    let sheet = sheet_of(&bytes, "reports");
    assert_eq!(
        sheet.height(),
        board.rows.len() + 1,
        "every row, not a page"
    );
    let first = sheet.rows().nth(1).unwrap();
    assert_eq!(
        first[0],
        Data::String(board.rows[0].subproject_code.clone())
    );
    assert!(matches!(first[4], Data::DateTime(_)), "{:?}", first[4]);
    let (_, csv) = fetch(&national, &app, &format!("{board_path}.csv")).await;
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), board.rows.len() + 1);
    // A coordinator's board holds their own regions' reports.
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let own = overview::board(&app.db, &coordinator, period.id)
        .await
        .unwrap();
    assert!(own.rows.len() < board.rows.len());
    let (_, bytes) = fetch(&tampere, &app, &format!("{board_path}.xlsx")).await;
    assert_eq!(sheet_of(&bytes, "reports").height(), own.rows.len() + 1);
    for path in [
        format!("/reporting/board/{}/reports.ods", period.id),
        "/reporting/board/999999/reports.xlsx".to_owned(),
        "/reporting/board/x/reports.xlsx".to_owned(),
    ] {
        assert_eq!(fetch(&national, &app, &path).await.0, StatusCode::NOT_FOUND);
    }

    // The accounts, for admins only.
    let admin = browser_of(&app, "admin@innocities.example").await;
    let users = admin_users::list_users(&app.db).await.unwrap();
    let (status, bytes) = fetch(&admin, &app, "/admin/users.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let sheet = sheet_of(&bytes, "users");
    assert_eq!(sheet.height(), users.len() + 1);
    assert!(
        sheet
            .rows()
            .any(|row| row[1] == Data::String("tampere@innocities.example".into()))
    );
    for path in ["/admin/users.xlsx", "/admin/audit.csv"] {
        assert_eq!(fetch(&tampere, &app, path).await.0, StatusCode::FORBIDDEN);
    }

    // The audit log for the page's filter: a coordinator's revision of a target, with its
    // time as a date and time and its reason.
    let sub = subproject::Entity::find()
        .filter(
            subproject::Column::RegionId.is_in(app::ssr::access::writable_regions(&coordinator)),
        )
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let inno = indicators::all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.code == "IK-INNO")
        .unwrap();
    let revision = targets::page(&app.db, &coordinator, sub.id)
        .await
        .unwrap()
        .lines
        .iter()
        .find(|l| l.indicator.id == inno.id)
        .and_then(|l| l.revisions.first().map(|r| r.revision))
        .unwrap_or(0);
    targets::set(
        &app.db,
        &coordinator,
        sub.id,
        inno.id,
        "77",
        "Lataustesti",
        revision,
    )
    .await
    .unwrap();
    let filter = AuditFilter {
        user: Some("tampere@innocities.example".into()),
        ..Default::default()
    };
    let expected = audit::all_audit(&app.db, &filter).await.unwrap();
    assert!(!expected.is_empty());
    let (status, bytes) = fetch(
        &admin,
        &app,
        "/admin/audit.xlsx?user=tampere%40innocities.example",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let sheet = sheet_of(&bytes, "audit");
    assert_eq!(sheet.height(), expected.len() + 1);
    let newest = sheet.rows().nth(1).unwrap();
    assert!(matches!(newest[0], Data::DateTime(_)), "{:?}", newest[0]);
    assert_eq!(newest[1], Data::String("tampere@innocities.example".into()));
    assert_eq!(newest[5], Data::String("Lataustesti".into()));
    // One record's history: the kind and id of the record narrow the log, on the page and
    // in its download alike.
    let record = AuditFilter {
        entity: Some("indicator_target".into()),
        entity_id: expected
            .iter()
            .find(|r| r.entity == "indicator_target")
            .and_then(|r| r.entity_id.clone()),
        ..Default::default()
    };
    let one = audit::all_audit(&app.db, &record).await.unwrap();
    assert!(!one.is_empty());
    assert!(
        one.iter()
            .all(|r| r.entity == "indicator_target" && r.entity_id == record.entity_id)
    );
    let query = format!(
        "entity=indicator_target&entity_id={}",
        record.entity_id.clone().unwrap()
    );
    let (_, csv) = fetch(&admin, &app, &format!("/admin/audit.csv?{query}")).await;
    assert_eq!(
        String::from_utf8(csv).unwrap().lines().count(),
        one.len() + 1
    );
    let (status, page) = fetch(&admin, &app, &format!("/admin/audit?{query}")).await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("name=\"entity_id\""),
        "the page's filter has the field"
    );
    assert!(
        page.contains("/admin/audit.csv?entity=indicator_target&amp;entity_id="),
        "its download keeps it"
    );
    let (status, _) = fetch(&admin, &app, "/admin/audit.csv?from=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a bad filter");
    let all = audit::all_audit(&app.db, &AuditFilter::default())
        .await
        .unwrap();
    let (_, csv) = fetch(&admin, &app, "/admin/audit.csv").await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.lines().count() > all.len(),
        "every record of the log, not a page of 50: {} lines for {}",
        csv.lines().count(),
        all.len()
    );
}

async fn the_catalogue_reference_and_reporting_lists_download_whole_as_their_pages_show_them(
    app: TestApp,
) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let national = browser_of(&app, "national@innocities.example").await;
    let coordinator = users_principal(&app, "tampere@innocities.example").await;
    let team = users_principal(&app, "national@innocities.example").await;

    // The indicator catalogue, for every reader.
    let catalogue = indicators::all(&app.db).await.unwrap();
    let (status, bytes) = fetch(&tampere, &app, "/indicators.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let sheet = sheet_of(&bytes, "indicators");
    assert_eq!(sheet.height(), catalogue.len() + 1);
    assert_eq!(
        sheet.rows().nth(1).unwrap()[0],
        Data::String(catalogue[0].code.clone())
    );

    // The case studies the coordinator may see.
    let stories = case_studies::list(&app.db, &coordinator).await.unwrap();
    let (status, csv) = fetch(&tampere, &app, "/case-studies.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        String::from_utf8(csv).unwrap().lines().count(),
        stories.rows.len() + 1
    );

    // The reference lists, for the national team (as the page): the regions' frames as
    // exact euro amounts.
    let overview = reference::overview(&app.db, &team).await.unwrap();
    let (status, bytes) = fetch(&national, &app, "/reference/regions.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let sheet = sheet_of(&bytes, "regions");
    assert_eq!(sheet.height(), overview.regions.len() + 1);
    for (row, region) in sheet.rows().skip(1).zip(&overview.regions) {
        match (region.frame, &row[6]) {
            (Some(frame), Data::Float(cell)) => {
                assert_eq!(format!("{cell:.2}"), frame.to_string(), "{:?}", region.name);
            }
            (None, Data::Empty) => {}
            (frame, cell) => panic!("{frame:?} written as {cell:?}"),
        }
    }
    for (path, name, len) in [
        (
            "/reference/councils.xlsx",
            "councils",
            overview.councils.len(),
        ),
        (
            "/reference/organisations.xlsx",
            "organisations",
            overview.organisations.len(),
        ),
    ] {
        let (status, bytes) = fetch(&national, &app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(sheet_of(&bytes, name).height(), len + 1, "{path}");
    }
    for path in ["/reference/regions.csv", "/reporting/review-queue.xlsx"] {
        assert_eq!(
            fetch(&tampere, &app, path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    // The reporting hub's tables: the coordinator's to-do list and the periods, the national
    // team's review queue.
    let home = overview::home(&app.db, &coordinator).await.unwrap();
    assert!(
        !home.to_do.is_empty(),
        "the demo's open period has reports to do"
    );
    let (_, bytes) = fetch(&tampere, &app, "/reporting/to-do.xlsx").await;
    let sheet = sheet_of(&bytes, "to-do");
    assert_eq!(sheet.height(), home.to_do.len() + 1);
    assert_eq!(
        sheet.rows().nth(1).unwrap()[0],
        Data::String(home.to_do[0].subproject_code.clone())
    );
    let (_, csv) = fetch(&tampere, &app, "/reporting/periods.csv").await;
    assert_eq!(
        String::from_utf8(csv).unwrap().lines().count(),
        home.periods.len() + 1
    );
    let queue = overview::home(&app.db, &team).await.unwrap().review_queue;
    let (status, bytes) = fetch(&national, &app, "/reporting/review-queue.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sheet_of(&bytes, "review-queue").height(), queue.len() + 1);

    // The indicator totals, approved only or (`all=1`) with drafts, each exactly the hub's.
    for (path, all) in [
        ("/reporting/indicator-totals.xlsx", false),
        ("/reporting/indicator-totals.xlsx?all=1", true),
    ] {
        let totals = rollup_indicators::hub_totals(&app.db, &coordinator, all)
            .await
            .unwrap();
        let (_, bytes) = fetch(&tampere, &app, path).await;
        let sheet = sheet_of(&bytes, "indicator-totals");
        assert_eq!(sheet.height(), totals.len() + 1);
        for (row, total) in sheet.rows().skip(1).zip(&totals) {
            assert_eq!(row[0], Data::String(total.code.clone()));
            #[allow(clippy::cast_precision_loss)]
            let actual = total.actual.0 as f64 / 1000.0;
            assert_eq!(row[3], Data::Float(actual), "{path} {}", total.code);
        }
    }

    // Each page links its lists' downloads.
    for (reader, page, links) in [
        (&tampere, "/indicators", &["/indicators"][..]),
        (&tampere, "/case-studies", &["/case-studies"]),
        (
            &national,
            "/reference",
            &[
                "/reference/regions",
                "/reference/councils",
                "/reference/organisations",
            ],
        ),
        (
            &tampere,
            "/reporting",
            &[
                "/reporting/to-do",
                "/reporting/periods",
                "/reporting/indicator-totals",
            ],
        ),
        (&national, "/reporting", &["/reporting/review-queue"]),
    ] {
        let (status, html) = fetch(reader, &app, page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let html = String::from_utf8(html).unwrap();
        for link in links {
            for extension in ["xlsx", "csv"] {
                assert!(
                    html.contains(&format!("href=\"{link}.{extension}?")),
                    "{page}: {link}.{extension}"
                );
            }
        }
    }

    // Signed out: sent to sign in and back to the page.
    let anonymous = browser(&app);
    let response = anonymous
        .get(app.url("/indicators.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/login?next=/indicators");
    assert_eq!(
        fetch(&national, &app, "/indicators.ods").await.0,
        StatusCode::NOT_FOUND
    );
}
