//! Values that used to pass validation and then fail in the database, and a stored period
//! that made the reporting hub panic: parsed at the boundary now, on both backends.

use super::reporting::{Fixture, fixture, person};
use app::error::AppError;
use app::model::auth::Role;
use app::model::forms::NamesInput;
use app::model::register::ProjectInput;
use app::model::reporting::{PeriodInput, ReportKey};
use app::ssr::services::organisations::create_organisation;
use app::ssr::services::register::save_project;
use app::ssr::services::reporting::{overview, periods, reports, workflow};
use entity::{audit_log, reporting_period};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use server::testing::TestDb;

on_both_backends!(
    nul_and_control_characters_are_field_errors_and_nothing_is_stored,
    signed_and_far_dates_are_field_errors,
    a_period_stored_at_the_end_of_time_does_not_take_the_hub_down,
    a_mistaken_period_is_corrected_or_deleted_by_the_national_team_audited,
);

fn package(name: &str, starts_on: &str, ends_on: &str) -> ProjectInput {
    ProjectInput {
        code: "HOSTILE-1".into(),
        name: NamesInput::new(name, "", ""),
        region: "tampere".into(),
        theme: "digitalisation".into(),
        actions: vec!["platforms".into()],
        council: "pirkanmaa".into(),
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        status: "ongoing".into(),
        ..Default::default()
    }
}

async fn nul_and_control_characters_are_field_errors_and_nothing_is_stored(test: TestDb) {
    let db = &test.db;
    let f: Fixture = fixture(db).await;
    for bad in ["\0", "Hanke\0", "\u{1b}[2J", "a\u{202e}b"] {
        let err = save_project(
            db,
            &f.tampere,
            None,
            None,
            &package(bad, "2026-01-01", "2026-12-31"),
        )
        .await
        .unwrap_err();
        assert_eq!(
            err.field_messages("name_fi"),
            ["control_characters"],
            "{bad:?}"
        );
        let err = create_organisation(db, &f.tampere, bad, "1572860-0", "company")
            .await
            .unwrap_err();
        assert_eq!(
            err.field_messages("name"),
            ["control_characters"],
            "{bad:?}"
        );
        let err = periods::open(
            db,
            &f.national,
            bad,
            "2030-01-01",
            "2030-06-30",
            "2030-08-15",
        )
        .await
        .unwrap_err();
        assert_eq!(
            err.field_messages("code"),
            ["control_characters"],
            "{bad:?}"
        );
    }
    // A line break belongs to paragraphs, not to a name; a description keeps it.
    let err = save_project(
        db,
        &f.tampere,
        None,
        None,
        &package("Rivi\nrivi", "2026-01-01", "2026-12-31"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_messages("name_fi"), ["control_characters"]);
    let mut input = package("Hanke", "2026-01-01", "2026-12-31");
    input.description.fi = "Rivi 1\r\nRivi 2\u{0}".into();
    let err = save_project(db, &f.tampere, None, None, &input)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("description_fi"), ["control_characters"]);
    input.description.fi = "Rivi 1\r\nRivi 2 a\u{308}".into();
    let id = save_project(db, &f.tampere, None, None, &input)
        .await
        .unwrap();
    let stored = entity::project::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.description_fi, "Rivi 1\nRivi 2 ä",
        "NFC and \\n, as stored"
    );
    // Reviews and comments too: a reason or comment of control characters is refused.
    let report = reports::save(
        db,
        &f.tampere,
        ReportKey::new(f.subs[0], f.periods[1]),
        None,
        &Default::default(),
        false,
    )
    .await
    .unwrap();
    let err = workflow::comment(db, &f.tampere, report, "", "\0")
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("body"), ["control_characters"]);
    let err = workflow::comment(db, &f.tampere, report, "\0", "Kommentti")
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("indicator"), ["control_characters"]);
    // Invisible characters alone are no name.
    let err = save_project(
        db,
        &f.tampere,
        None,
        None,
        &package("\u{200b}\u{2060}", "2026-01-01", "2026-12-31"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_messages("name_fi"), ["required"]);
}

async fn signed_and_far_dates_are_field_errors(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    for (start, end, field, key) in [
        ("2026-01-01", "+262142-12-31", "ends_on", "invalid_date"),
        ("-0001-01-01", "2026-12-31", "starts_on", "invalid_date"),
        ("1999-12-31", "2026-12-31", "starts_on", "date_out_of_range"),
        ("2026-01-01", "2101-01-01", "ends_on", "date_out_of_range"),
    ] {
        let err = save_project(db, &f.tampere, None, None, &package("Hanke", start, end))
            .await
            .unwrap_err();
        assert_eq!(err.field_messages(field), [key], "{start} – {end}");
        let err = periods::open(db, &f.national, "X", start, end, end)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Validation(_)), "{start} – {end}");
    }
    // Finnish notation is a date like any other, stored as ISO.
    let id = save_project(
        db,
        &f.tampere,
        None,
        None,
        &package("Hanke", "1.3.2026", "31.12.2026"),
    )
    .await
    .unwrap();
    let stored = entity::project::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.starts_on.to_string(), "2026-03-01");
    assert_eq!(stored.ends_on.to_string(), "2026-12-31");
}

async fn a_period_stored_at_the_end_of_time_does_not_take_the_hub_down(test: TestDb) {
    let db = &test.db;
    let national = person(db, "n@example.fi", Role::NationalCoordinator, None).await;
    // As a period opened before dates were limited: written past the service.
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Sqlite => {
            "INSERT INTO reporting_period (code, starts_on, ends_on, due_on, status, version) \
             VALUES ('FAR', '+262142-01-01', '+262142-12-31', '+262142-12-31', 'open', 1)"
        }
        _ => {
            "INSERT INTO reporting_period (code, starts_on, ends_on, due_on, status, version) \
             VALUES ('FAR', '2027-01-01', '262142-12-31', '262142-12-31', 'open', 1)"
        }
    };
    db.execute_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    let home = overview::home(db, &national).await.unwrap();
    assert_eq!(
        home.next_period, None,
        "no half-year follows; the hub still opens"
    );
    // And the national team can delete it.
    let far = reporting_period::Entity::find()
        .filter(reporting_period::Column::Code.eq("FAR"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    periods::delete(db, &national, far.id, far.version)
        .await
        .unwrap();
    let home = overview::home(db, &national).await.unwrap();
    assert!(home.next_period.is_some());
}

async fn a_mistaken_period_is_corrected_or_deleted_by_the_national_team_audited(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let id = periods::open(
        db,
        &f.national,
        "2031H1",
        "2031-01-01",
        "2031-06-30",
        "2031-08-15",
    )
    .await
    .unwrap();
    // Nobody else may touch it.
    for who in [&f.tampere, &f.ministry] {
        let err = periods::correct(
            db,
            who,
            id,
            1,
            &PeriodInput {
                code: "2031H1".into(),
                starts_on: "2031-01-01".into(),
                ends_on: "2031-06-30".into(),
                due_on: "2031-09-15".into(),
            },
        )
        .await
        .unwrap_err();
        assert_eq!(err, AppError::Forbidden);
        assert_eq!(
            periods::delete(db, who, id, 1).await.unwrap_err(),
            AppError::Forbidden
        );
    }
    // The same rules as opening: no overlap with another period.
    let err = periods::correct(
        db,
        &f.national,
        id,
        1,
        &PeriodInput {
            code: "2031H1".into(),
            starts_on: "2026-06-01".into(),
            ends_on: "2031-06-30".into(),
            due_on: "2031-08-15".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_messages("starts_on"), ["period_overlaps"]);
    periods::correct(
        db,
        &f.national,
        id,
        1,
        &PeriodInput {
            code: "2031H1".into(),
            starts_on: "2031-01-01".into(),
            ends_on: "2031-06-30".into(),
            due_on: "15.9.2031".into(),
        },
    )
    .await
    .unwrap();
    // A stale form is a conflict.
    let err = periods::correct(
        db,
        &f.national,
        id,
        1,
        &PeriodInput {
            code: "2031H1".into(),
            starts_on: "2031-01-01".into(),
            ends_on: "2031-06-30".into(),
            due_on: "2031-10-15".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err, AppError::Conflict);
    let corrected = reporting_period::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (corrected.due_on.to_string(), corrected.version),
        ("2031-09-15".into(), 2)
    );
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("reporting_period"))
        .filter(audit_log::Column::EntityId.eq(id.to_string()))
        .filter(audit_log::Column::Action.eq("correct"))
        .one(db)
        .await
        .unwrap()
        .expect("the correction is audited");
    assert!(audit.changes.contains("2031-09-15") && audit.changes.contains("2031-08-15"));
    // A period with reports cannot be deleted; one without can.
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(f.subs[0], f.periods[1]),
        None,
        &Default::default(),
        false,
    )
    .await
    .unwrap();
    let err = periods::delete(db, &f.national, f.periods[1], 1)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("status"), ["period_has_reports"]);
    periods::delete(db, &f.national, id, 2).await.unwrap();
    assert!(
        reporting_period::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("delete"))
            .filter(audit_log::Column::Entity.eq("reporting_period"))
            .one(db)
            .await
            .unwrap()
            .is_some(),
        "the deletion is audited"
    );
}
