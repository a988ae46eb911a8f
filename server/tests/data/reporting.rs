//! Indicator reporting on both backends: a report goes draft → submitted → returned →
//! resubmitted → approved and is then locked against every write, in the services and in
//! the database itself; submissions are checked for completeness and plausibility; targets
//! keep their history; roll-ups follow each indicator's kind.

use app::error::AppError;
use app::model::auth::Role;
use app::model::forms::NamesInput;
use app::model::register::{ProjectInput, SubprojectInput};
use app::model::reporting::{Quantity, ReportInput, ReportKey, ReportStatus, Transition};
use app::model::sources::BySource;
use app::ssr::access::Principal;
use app::ssr::rollup::indicators::{RollupScope, indicator_totals};
use app::ssr::services::reporting::{overview, periods, reports, targets, workflow};
use app::ssr::services::users::{NewUser, create_user, load_principal};
use entity::{audit_log, indicator, report};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use server::testing::TestDb;

on_both_backends!(
    a_report_goes_through_review_and_is_locked_once_approved,
    the_database_refuses_every_write_to_an_approved_report,
    submitting_checks_completeness_and_plausibility_and_saves_nothing_partly,
    targets_keep_every_revision_with_its_reason,
    only_the_right_people_write_and_review,
    two_saves_from_one_version_give_one_success_and_one_conflict,
    roll_ups_follow_each_indicators_kind_and_count_companies_once,
    overviews_show_to_do_queue_board_and_notifications,
    a_package_or_subproject_with_reports_is_closed_not_deleted,
);

/// Everyone and everything a reporting test needs.
pub struct Fixture {
    pub tampere: Principal,
    pub turku: Principal,
    pub national: Principal,
    pub ministry: Principal,
    /// Two subprojects of a Tampere package.
    pub subs: [i32; 2],
    /// 2025H2 and 2026H1.
    pub periods: [i32; 2],
    /// Indicator ids by code.
    pub platforms: i32,
    pub companies: i32,
    pub innovations: i32,
}

pub async fn person(
    db: &DatabaseConnection,
    email: &str,
    role: Role,
    region: Option<&str>,
) -> Principal {
    let id = create_user(
        db,
        NewUser {
            email: email.into(),
            display_name: email.split('@').next().unwrap_or(email).into(),
            password: "a long enough passphrase".into(),
            roles: vec![(role, region.map(String::from))],
            must_change_password: false,
        },
        None,
    )
    .await
    .unwrap();
    load_principal(db, id, 1).await.unwrap().unwrap()
}

async fn indicator_id(db: &DatabaseConnection, headline: &str) -> i32 {
    indicator::Entity::find()
        .filter(indicator::Column::Headline.eq(headline))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

pub async fn fixture(db: &DatabaseConnection) -> Fixture {
    use app::ssr::services::organisations::create_organisation;
    use app::ssr::services::register::save_project;
    use app::ssr::services::subprojects::save_subproject;
    let tampere = person(
        db,
        "tampere@example.fi",
        Role::CityCoordinator,
        Some("tampere"),
    )
    .await;
    let turku = person(db, "turku@example.fi", Role::CityCoordinator, Some("turku")).await;
    let national = person(db, "national@example.fi", Role::NationalCoordinator, None).await;
    let ministry = person(db, "ministry@example.fi", Role::MinistryViewer, None).await;
    create_organisation(
        db,
        &tampere,
        "Tampereen yliopisto",
        "0201256-6",
        "university",
    )
    .await
    .unwrap();
    let project = save_project(
        db,
        &tampere,
        None,
        None,
        &ProjectInput {
            code: "REP-1".into(),
            name: NamesInput::new("Raportoitava", "", ""),
            region: "tampere".into(),
            theme: "digitalisation".into(),
            actions: vec!["platforms".into()],
            council: "pirkanmaa".into(),
            starts_on: "2025-01-01".into(),
            ends_on: "2027-12-31".into(),
            status: "ongoing".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut subs = [0; 2];
    for (i, sub) in subs.iter_mut().enumerate() {
        *sub = save_subproject(
            db,
            &tampere,
            project,
            None,
            None,
            &SubprojectInput {
                code: format!("REP-1-{}", i + 1),
                name: NamesInput::new("Osahanke", "", ""),
                region: "tampere".into(),
                organisation: "0201256-6".into(),
                council: "pirkanmaa".into(),
                starts_on: "2025-01-01".into(),
                ends_on: "2027-12-31".into(),
                status: "ongoing".into(),
                planned: BySource::from(["100000", "50000", "60000", "", ""].map(String::from)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let first = periods::open(
        db,
        &national,
        "2025H2",
        "2025-07-01",
        "2025-12-31",
        "2026-02-15",
    )
    .await
    .unwrap();
    let second = periods::open(
        db,
        &national,
        "2026H1",
        "2026-01-01",
        "2026-06-30",
        "2099-08-15",
    )
    .await
    .unwrap();
    Fixture {
        tampere,
        turku,
        national,
        ministry,
        subs,
        periods: [first, second],
        platforms: indicator_id(db, "platforms").await,
        companies: indicator_id(db, "companies").await,
        innovations: indicator_id(db, "innovations").await,
    }
}

/// A complete report: progress, the three headline values, two companies, money.
pub fn complete(f: &Fixture, platforms: &str, innovations: &str, companies: &str) -> ReportInput {
    let mut input = ReportInput {
        progress: "Pilotit käynnissä.".into(),
        realised: BySource::from(["1 000,50", "500", "", "", ""].map(String::from)),
        ..Default::default()
    };
    input
        .values
        .insert(f.platforms.to_string(), platforms.into());
    input
        .values
        .insert(f.innovations.to_string(), innovations.into());
    input
        .companies
        .insert(f.companies.to_string(), companies.into());
    input
}

async fn status(
    db: &DatabaseConnection,
    f: &Fixture,
    sub: i32,
    period: i32,
) -> (ReportStatus, i32) {
    let page = reports::page(db, &f.national, sub, period).await.unwrap();
    (page.status, page.version.unwrap_or(0))
}

fn field(e: &AppError, name: &str) -> Vec<String> {
    e.field_messages(name).to_vec()
}

async fn a_report_goes_through_review_and_is_locked_once_approved(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let (sub, period) = (f.subs[0], f.periods[1]);
    let input = complete(&f, "2", "1", "0201256-6\n1572860-0");
    // A draft can be saved, and saved again.
    let id = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        None,
        &input,
        false,
    )
    .await
    .unwrap();
    assert_eq!(status(db, &f, sub, period).await, (ReportStatus::Draft, 1));
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        Some(1),
        &input,
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        status(db, &f, sub, period).await,
        (ReportStatus::Submitted, 3)
    );
    let page = reports::page(db, &f.tampere, sub, period).await.unwrap();
    let companies = page
        .lines
        .iter()
        .find(|l| l.indicator.id == f.companies)
        .unwrap();
    assert_eq!(
        companies.value, "2",
        "the number comes from the company list"
    );
    assert_eq!(page.realised.eu, "1000.50", "money is exact");
    assert!(!page.can_edit, "a submitted report waits for review");

    // Returning needs a reason.
    let e = workflow::review(db, &f.national, id, 3, Transition::Return, " ")
        .await
        .unwrap_err();
    assert_eq!(field(&e, "reason"), ["reason_required"]);
    workflow::review(
        db,
        &f.national,
        id,
        3,
        Transition::Return,
        "Lisää yritykset",
    )
    .await
    .unwrap();
    assert_eq!(
        status(db, &f, sub, period).await,
        (ReportStatus::Returned, 4)
    );
    workflow::comment(db, &f.tampere, id, "IK-COMP", "Lisätty.")
        .await
        .unwrap();
    // Resubmitted, then approved.
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        Some(4),
        &input,
        true,
    )
    .await
    .unwrap();
    let (_, version) = status(db, &f, sub, period).await;
    workflow::review(db, &f.national, id, version, Transition::Approve, "")
        .await
        .unwrap();
    let (approved, version) = status(db, &f, sub, period).await;
    assert_eq!(approved, ReportStatus::Approved);

    // Nothing lands on it any more, from anyone.
    let e = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        Some(version),
        &input,
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(field(&e, "status"), ["report_locked"]);
    let e = workflow::comment(db, &f.national, id, "", "Vielä yksi")
        .await
        .unwrap_err();
    assert_eq!(field(&e, "status"), ["report_locked"]);
    let e = workflow::review(db, &f.national, id, version, Transition::Return, "x")
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict), "{e:?}");
    let page = reports::page(db, &f.tampere, sub, period).await.unwrap();
    assert!(!page.can_edit && !page.can_comment && !page.can_review);

    // The history has every step with its reason, in order.
    let steps: Vec<(String, Option<String>)> = page
        .events
        .iter()
        .map(|e| (e.action.clone(), e.reason.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            ("create".to_string(), None),
            ("update".into(), None),
            ("submit".into(), None),
            ("return".into(), Some("Lisää yritykset".to_string())),
            ("comment".into(), None),
            ("update".into(), None),
            ("resubmit".into(), None),
            ("approve".into(), None),
        ]
    );
    // Reopening needs a reason and hands it back to the coordinator.
    workflow::review(
        db,
        &f.national,
        id,
        version,
        Transition::Reopen,
        "Korjattava summa",
    )
    .await
    .unwrap();
    let page = reports::page(db, &f.tampere, sub, period).await.unwrap();
    assert_eq!(page.status, ReportStatus::Returned);
    assert!(page.can_edit);
}

async fn approved_report(db: &DatabaseConnection, f: &Fixture) -> i32 {
    let (sub, period) = (f.subs[0], f.periods[0]);
    let id = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        None,
        &complete(f, "1", "1", "0201256-6"),
        true,
    )
    .await
    .unwrap();
    let (_, version) = status(db, f, sub, period).await;
    workflow::review(db, &f.national, id, version, Transition::Approve, "")
        .await
        .unwrap();
    id
}

async fn the_database_refuses_every_write_to_an_approved_report(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let id = approved_report(db, &f).await;
    let (sub, period) = (f.subs[0], f.periods[0]);
    let backend = db.get_database_backend();
    let writes = [
        format!("UPDATE report SET progress = 'x' WHERE id = {id}"),
        format!("UPDATE report SET version = version + 1 WHERE id = {id}"),
        format!("DELETE FROM report WHERE id = {id}"),
        format!("UPDATE indicator_actual SET value_milli = 99000 WHERE report_id = {id}"),
        format!("DELETE FROM indicator_actual WHERE report_id = {id}"),
        // Reopening and rewriting in one statement.
        format!("UPDATE report SET status = 'returned', progress = 'x' WHERE id = {id}"),
        format!("UPDATE report SET status = 'returned', period_id = period_id + 1 WHERE id = {id}"),
        format!("UPDATE report SET status = 'draft' WHERE id = {id}"),
        // A value of an indicator the report does not have yet (no other constraint refuses it).
        format!(
            "INSERT INTO indicator_actual (report_id, indicator_id, value_milli) \
             SELECT {id}, MAX(id), 1000 FROM indicator WHERE id NOT IN \
             (SELECT indicator_id FROM indicator_actual WHERE report_id = {id})"
        ),
        format!(
            "INSERT INTO indicator_actual_company (actual_id, business_id) \
             SELECT MIN(id), '1572860-0' FROM indicator_actual WHERE report_id = {id}"
        ),
        format!(
            "DELETE FROM indicator_actual_company WHERE actual_id IN \
             (SELECT id FROM indicator_actual WHERE report_id = {id})"
        ),
        format!("INSERT INTO report_comment (report_id, body) VALUES ({id}, 'x')"),
        format!(
            "UPDATE funding_line SET amount_cents = 1 WHERE kind = 'realised' \
             AND subproject_id = {sub} AND period_id = {period}"
        ),
        format!(
            "DELETE FROM funding_line WHERE kind = 'realised' \
             AND subproject_id = {sub} AND period_id = {period}"
        ),
    ];
    let before = reports::page(db, &f.national, sub, period).await.unwrap();
    for sql in writes {
        let outcome = db
            .execute_raw(sea_orm::Statement::from_string(backend, sql.clone()))
            .await;
        // Refused by the lock itself, not by some other constraint.
        let err = outcome.expect_err(&format!("the database took: {sql}"));
        assert!(
            err.to_string().contains("approved and locked"),
            "{sql} was refused for another reason: {err}"
        );
    }
    let after = reports::page(db, &f.national, sub, period).await.unwrap();
    assert_eq!(before, after, "nothing changed");
    // Reopening is the way out, and then writes land again.
    workflow::review(
        db,
        &f.national,
        id,
        before.version.unwrap(),
        Transition::Reopen,
        "Korjaus",
    )
    .await
    .unwrap();
    db.execute_raw(sea_orm::Statement::from_string(
        backend,
        format!("UPDATE report SET progress = 'korjattu' WHERE id = {id}"),
    ))
    .await
    .unwrap();
}

async fn submitting_checks_completeness_and_plausibility_and_saves_nothing_partly(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let sub = f.subs[0];
    // Targets make the values required.
    targets::set(db, &f.tampere, sub, f.platforms, "4", "", 0)
        .await
        .unwrap();
    targets::set(db, &f.tampere, sub, f.innovations, "2", "", 0)
        .await
        .unwrap();
    let mut empty = ReportInput::default();
    empty.realised.eu = "12,345".into();
    empty
        .companies
        .insert(f.companies.to_string(), "0201256-7".into());
    let e = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, f.periods[1]),
        None,
        &empty,
        true,
    )
    .await
    .unwrap_err();
    assert_eq!(field(&e, "progress"), ["required"]);
    assert_eq!(field(&e, &format!("value_{}", f.platforms)), ["required"]);
    assert_eq!(field(&e, &format!("value_{}", f.innovations)), ["required"]);
    assert_eq!(field(&e, "realised_eu"), ["money_too_many_decimals"]);
    assert_eq!(
        field(&e, &format!("companies_{}", f.companies)),
        ["business_id_check_digit"]
    );
    assert_eq!(
        report::Entity::find().count(db).await.unwrap(),
        0,
        "nothing saved"
    );

    // A draft needs none of that, but still refuses malformed values.
    let mut draft = ReportInput::default();
    draft.values.insert(f.platforms.to_string(), "kolme".into());
    let e = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, f.periods[1]),
        None,
        &draft,
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(
        field(&e, &format!("value_{}", f.platforms)),
        ["money_not_a_number"]
    );
    draft.values.clear();
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, f.periods[1]),
        None,
        &draft,
        false,
    )
    .await
    .unwrap();

    // A cumulative value below the previous approved period's needs an explanation.
    approved_report(db, &f).await; // 2025H2: platforms 1, companies 1
    let cumulative = indicator::Entity::find()
        .filter(indicator::Column::Kind.eq("cumulative"))
        .filter(indicator::Column::Headline.is_not_null())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut lower = complete(&f, "3", "2", "");
    lower.values.insert(cumulative.id.to_string(), "0".into());
    lower.companies.remove(&cumulative.id.to_string());
    let e = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, f.periods[1]),
        Some(1),
        &lower,
        true,
    )
    .await
    .unwrap_err();
    assert_eq!(
        field(&e, &format!("explanation_{}", cumulative.id)),
        ["explanation_required"]
    );
    lower
        .explanations
        .insert(cumulative.id.to_string(), "Yksi yritys lopetti.".into());
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, f.periods[1]),
        Some(1),
        &lower,
        true,
    )
    .await
    .unwrap();
}

async fn targets_keep_every_revision_with_its_reason(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let sub = f.subs[1];
    targets::set(db, &f.tampere, sub, f.platforms, "3", "", 0)
        .await
        .unwrap();
    let e = targets::set(db, &f.tampere, sub, f.platforms, "5", "  ", 1)
        .await
        .unwrap_err();
    assert_eq!(field(&e, "reason"), ["reason_required"]);
    let e = targets::set(db, &f.tampere, sub, f.platforms, "-1", "x", 1)
        .await
        .unwrap_err();
    assert_eq!(field(&e, "value"), ["money_negative"]);
    targets::set(db, &f.tampere, sub, f.platforms, "5,5", "Laajennus", 1)
        .await
        .unwrap();
    // A second revision from the form that showed revision 1 is stale: refused, not saved.
    let e = targets::set(db, &f.tampere, sub, f.platforms, "7", "Toinen arvio", 1)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Conflict), "{e:?}");
    let page = targets::page(db, &f.ministry, sub).await.unwrap();
    assert!(!page.editable);
    let line = page
        .lines
        .iter()
        .find(|l| l.indicator.id == f.platforms)
        .unwrap();
    let history: Vec<(i32, Quantity, Option<String>)> = line
        .revisions
        .iter()
        .map(|r| (r.revision, r.value, r.reason.clone()))
        .collect();
    assert_eq!(
        history,
        [
            (2, Quantity(5500), Some("Laajennus".to_string())),
            (1, Quantity(3000), None)
        ]
    );
    let current = targets::current(db, sub).await.unwrap();
    assert_eq!(current[&f.platforms], Quantity(5500));
    let e = targets::set(db, &f.turku, sub, f.platforms, "9", "x", 0)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound), "{e:?}");
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("indicator_target"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

async fn only_the_right_people_write_and_review(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let (sub, period) = (f.subs[0], f.periods[1]);
    let input = complete(&f, "1", "1", "");
    for (who, expected) in [
        (&f.turku, "NotFound"),
        (&f.ministry, "Forbidden"),
        (&f.national, "Forbidden"),
    ] {
        let e = reports::save(db, who, ReportKey::new(sub, period), None, &input, false)
            .await
            .unwrap_err();
        assert_eq!(format!("{e:?}").split('(').next().unwrap(), expected);
    }
    let e = reports::page(db, &f.turku, sub, period).await.unwrap_err();
    assert!(matches!(e, AppError::NotFound));
    let id = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        None,
        &input,
        true,
    )
    .await
    .unwrap();
    let (_, version) = status(db, &f, sub, period).await;
    for who in [&f.tampere, &f.ministry] {
        let e = workflow::review(db, who, id, version, Transition::Approve, "")
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Forbidden), "{e:?}");
    }
    let e = workflow::review(db, &f.turku, id, version, Transition::Approve, "")
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::NotFound), "{e:?}");
    let e = workflow::comment(db, &f.ministry, id, "", "Hei")
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Forbidden), "{e:?}");
    // Closed periods take no more saves.
    app::ssr::rollup::snapshots::close_period(db, &f.national, f.periods[1], 1)
        .await
        .unwrap();
    let e = reports::save(
        db,
        &f.tampere,
        ReportKey::new(f.subs[1], period),
        None,
        &input,
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(field(&e, "status"), ["period_closed"]);
    let e = periods::open(
        db,
        &f.national,
        "X",
        "2026-03-01",
        "2026-09-30",
        "2026-10-30",
    )
    .await
    .unwrap_err();
    assert_eq!(field(&e, "starts_on"), ["period_overlaps"]);
    let e = periods::open(
        db,
        &f.tampere,
        "X",
        "2030-01-01",
        "2030-06-30",
        "2030-08-01",
    )
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Forbidden));
}

async fn two_saves_from_one_version_give_one_success_and_one_conflict(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let (sub, period) = (f.subs[0], f.periods[1]);
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        None,
        &complete(&f, "1", "1", ""),
        false,
    )
    .await
    .unwrap();
    let mut handles = Vec::new();
    for n in 0..10 {
        let (db, who, input) = (
            db.clone(),
            f.tampere.clone(),
            complete(&f, &n.to_string(), "1", ""),
        );
        handles.push(tokio::spawn(async move {
            reports::save(
                &db,
                &who,
                ReportKey::new(sub, period),
                Some(1),
                &input,
                false,
            )
            .await
        }));
    }
    let mut ok = 0;
    let mut conflicts = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(_) => ok += 1,
            Err(AppError::EditConflict(_)) => conflicts += 1,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!((ok, conflicts), (1, 9));
}

async fn roll_ups_follow_each_indicators_kind_and_count_companies_once(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    // The catalogue: platforms and companies are cumulative, innovations incremental.
    let kinds: Vec<(i32, String)> = indicator::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i.kind))
        .collect();
    let kind = |id: i32| kinds.iter().find(|k| k.0 == id).unwrap().1.clone();
    assert_eq!(
        (kind(f.platforms), kind(f.companies), kind(f.innovations)),
        (
            "cumulative".into(),
            "cumulative".into(),
            "incremental".into()
        )
    );
    // Both subprojects, both periods approved; one company named by both subprojects.
    let lists = [
        ["0201256-6", "0201256-6\n1572860-0"],
        ["0201256-6", "0201256-6"],
    ];
    for (s, sub) in f.subs.iter().enumerate() {
        for (p, period) in f.periods.iter().enumerate() {
            let platforms = format!("{}", 10 * (p + 1));
            let innovations = format!("{}", p + 1);
            let input = complete(&f, &platforms, &innovations, lists[s][p]);
            let id = reports::save(
                db,
                &f.tampere,
                ReportKey::new(*sub, *period),
                None,
                &input,
                true,
            )
            .await
            .unwrap();
            let (_, version) = status(db, &f, *sub, *period).await;
            workflow::review(db, &f.national, id, version, Transition::Approve, "")
                .await
                .unwrap();
        }
    }
    // A draft in a third period counts only when drafts are asked for.
    let third = periods::open(
        db,
        &f.national,
        "2026H2",
        "2026-07-01",
        "2026-12-31",
        "2099-02-15",
    )
    .await
    .unwrap();
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(f.subs[0], third),
        None,
        &complete(&f, "50", "7", ""),
        false,
    )
    .await
    .unwrap();
    let totals = indicator_totals(
        db,
        &RollupScope {
            approved_only: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let of = |totals: &[app::model::reporting::IndicatorTotal], id: i32| {
        totals
            .iter()
            .find(|t| t.indicator_id == id)
            .unwrap()
            .clone()
    };
    // Incremental: (1 + 2) per subproject, summed over both.
    assert_eq!(of(&totals, f.innovations).actual, Quantity(6000));
    // Cumulative: each subproject's latest value (20 + 20), never the sum over periods.
    assert_eq!(of(&totals, f.platforms).actual, Quantity(40_000));
    // Latest lists {A, B} and {A}: the sum is 3, the distinct companies 2.
    assert_eq!(of(&totals, f.companies).actual, Quantity(3000));
    assert_eq!(of(&totals, f.companies).companies_distinct, Some(2));
    assert_eq!(of(&totals, f.platforms).companies_distinct, None);

    let with_drafts = indicator_totals(db, &RollupScope::default()).await.unwrap();
    assert_eq!(of(&with_drafts, f.innovations).actual, Quantity(13_000));
    // Sub 1's latest is now the draft (50); sub 2's stays 20.
    assert_eq!(of(&with_drafts, f.platforms).actual, Quantity(70_000));
    // The draft reports no companies: each subproject's latest company list still counts.
    assert_eq!(of(&with_drafts, f.companies).companies_distinct, Some(2));

    let until_first = indicator_totals(
        db,
        &RollupScope {
            approved_only: true,
            until: Some(chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(of(&until_first, f.innovations).actual, Quantity(2000));
    assert_eq!(of(&until_first, f.platforms).actual, Quantity(20_000));
    let turku = indicator_totals(
        db,
        &RollupScope {
            regions: Some(f.turku.regions.iter().map(|(id, _)| *id).collect()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(turku.iter().all(|t| t.actual == Quantity(0)));
}

async fn overviews_show_to_do_queue_board_and_notifications(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let (sub, period) = (f.subs[0], f.periods[1]);
    // Subprojects registered today have 30 days for a report whose period was due long ago:
    // not overdue the day they are registered.
    let home = overview::home(db, &f.tampere).await.unwrap();
    assert_eq!(home.to_do.len(), 4);
    assert!(
        home.to_do.iter().all(|r| !r.overdue),
        "registered late, not overdue"
    );
    // Registered a year ago, they are.
    let backend = db.get_database_backend();
    db.execute_raw(sea_orm::Statement::from_string(
        backend,
        match backend {
            sea_orm::DbBackend::Postgres => "UPDATE subproject SET created_at = created_at - INTERVAL '365 days'",
            _ => "UPDATE subproject SET created_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '-365 days')",
        },
    ))
    .await
    .unwrap();
    let home = overview::home(db, &f.tampere).await.unwrap();
    // Both periods are open; two subprojects each have to report in both.
    assert_eq!(home.to_do.len(), 4);
    assert!(
        home.to_do.iter().any(|r| r.overdue),
        "2025H2 was due in February 2026"
    );
    assert!(home.notifications.iter().any(|n| n.kind == "overdue"));
    let id = reports::save(
        db,
        &f.tampere,
        ReportKey::new(sub, period),
        None,
        &complete(&f, "1", "1", ""),
        true,
    )
    .await
    .unwrap();
    let queue = overview::home(db, &f.national).await.unwrap().review_queue;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].subproject_id, sub);
    let (_, version) = status(db, &f, sub, period).await;
    workflow::review(db, &f.national, id, version, Transition::Return, "Puuttuu")
        .await
        .unwrap();
    let home = overview::home(db, &f.tampere).await.unwrap();
    assert_eq!(
        home.to_do[0].status,
        ReportStatus::Returned,
        "returned ones first"
    );
    let returned = home
        .notifications
        .iter()
        .find(|n| n.kind == "returned")
        .unwrap();
    assert_eq!(returned.reason.as_deref(), Some("Puuttuu"));
    assert!(overview::home(db, &f.turku).await.unwrap().to_do.is_empty());

    let board = overview::board(db, &f.ministry, period).await.unwrap();
    assert_eq!(board.rows.len(), 2);
    assert_eq!(board.regions.len(), 1);
    assert_eq!(board.regions[0].counts, [1, 0, 0, 1, 0]);
    let turku_board = overview::board(db, &f.turku, period).await.unwrap();
    assert!(
        turku_board.rows.is_empty(),
        "another region's subprojects are not shown"
    );
}

/// Deleting is for records without reports: a reported subproject and its package are
/// refused with the reason and stay as they were; a subproject without reports goes, audited.
async fn a_package_or_subproject_with_reports_is_closed_not_deleted(test: TestDb) {
    use app::ssr::services::project_page::get_project;
    use app::ssr::services::register::delete_project;
    use app::ssr::services::subprojects::delete_subproject;
    use entity::{project, subproject};
    let db = &test.db;
    let f = fixture(db).await;
    let (reported, unreported) = (f.subs[0], f.subs[1]);
    reports::save(
        db,
        &f.tampere,
        ReportKey::new(reported, f.periods[1]),
        None,
        &complete(&f, "1", "1", ""),
        false,
    )
    .await
    .unwrap();
    let sub = |id: i32| async move {
        subproject::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
    };
    let package = sub(reported).await.project_id;
    let package_version = project::Entity::find_by_id(package)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .version;

    let e = delete_project(db, &f.tampere, package, package_version)
        .await
        .unwrap_err();
    assert_eq!(field(&e, "status"), ["has_reports"]);
    let version = sub(reported).await.version;
    let e = delete_subproject(db, &f.tampere, package, reported, version)
        .await
        .unwrap_err();
    assert_eq!(field(&e, "status"), ["has_reports"]);
    let detail = get_project(db, &f.tampere, package).await.unwrap();
    assert_eq!(detail.subprojects.len(), 2, "nothing was deleted");
    // The report's realised money shows on the package page by period and source.
    assert_eq!(detail.realised_by_period.len(), 1);
    let realised = &detail.realised_by_period[0];
    assert_eq!(realised.period_code, "2026H1");
    assert_eq!(realised.realised.eu, app::model::Money::from_cents(100_050));
    assert_eq!(
        realised.realised.state,
        app::model::Money::from_cents(50_000)
    );
    assert_eq!(realised.total(), detail.funding.realised_total());

    // Another region's coordinator cannot delete even the unreported one.
    let version = sub(unreported).await.version;
    assert_eq!(
        delete_subproject(db, &f.turku, package, unreported, version)
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    delete_subproject(db, &f.tampere, package, unreported, version)
        .await
        .unwrap();
    let detail = get_project(db, &f.tampere, package).await.unwrap();
    assert_eq!(detail.subprojects.len(), 1, "the unreported one is gone");
    assert!(
        detail
            .history
            .iter()
            .any(|h| h.action == "delete" && h.record == "subproject"),
        "the deletion is in the package's history"
    );
}
