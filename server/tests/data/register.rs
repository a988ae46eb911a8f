//! The project register on both backends: a coordinator registers and changes packages in
//! their own region only, invalid input saves nothing, every change is in the history, and of
//! fifty simultaneous saves from one version exactly one lands.

use app::error::AppError;
use app::model::auth::Role;
use app::model::forms::NamesInput;
use app::model::register::ProjectInput;
use app::model::sources::BySource;
use app::ssr::access::Principal;
use app::ssr::services::project_page::get_project;
use app::ssr::services::register::{
    delete_project, prepare_project, save_project, save_project_in, write_project,
};
use app::ssr::services::unit::Unit;
use app::ssr::services::users::{NewUser, create_user, load_principal};
use entity::project;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::testing::TestDb;

on_both_backends!(
    a_coordinator_registers_and_changes_a_package_of_their_own_region,
    invalid_input_saves_nothing_and_names_every_field,
    another_region_cannot_read_or_change_a_package,
    fifty_simultaneous_saves_from_one_version_give_one_success,
    a_unit_of_many_inserts_new_packages_at_its_end_and_a_code_taken_meanwhile_conflicts,
);

async fn coordinator(db: &sea_orm::DatabaseConnection, region: &str) -> Principal {
    let new = NewUser {
        email: format!("{region}@example.fi"),
        display_name: format!("{region} coordinator"),
        password: "a long enough passphrase".into(),
        roles: vec![(Role::CityCoordinator, Some(region.to_string()))],
        must_change_password: false,
    };
    let id = create_user(db, new, None).await.unwrap();
    load_principal(db, id, 1).await.unwrap().unwrap()
}

fn input(code: &str) -> ProjectInput {
    ProjectInput {
        code: code.into(),
        name: NamesInput::new("Sirupilotit", "", "Chip pilots"),
        description: NamesInput::new("Kokeillaan siruja.", "", ""),
        region: "tampere".into(),
        theme: "digitalisation".into(),
        actions: vec!["platforms".into(), "startups".into()],
        council: "pirkanmaa".into(),
        starts_on: "2026-01-01".into(),
        ends_on: "2027-12-31".into(),
        status: "planned".into(),
        ..Default::default()
    }
}

async fn a_coordinator_registers_and_changes_a_package_of_their_own_region(test: TestDb) {
    let db = &test.db;
    let tampere = coordinator(db, "tampere").await;
    let id = save_project(db, &tampere, None, None, &input(" NEW-1 "))
        .await
        .unwrap();
    let created = get_project(db, &tampere, id).await.unwrap();
    assert_eq!(created.input.code, "NEW-1", "text is trimmed");
    assert_eq!(created.input.actions, ["platforms", "startups"]);
    assert!(created.editable);
    assert_eq!(created.version, 1);

    let mut changed = created.input.clone();
    changed.name.fi = "Sirupilotit 2".into();
    changed.status = "ongoing".into();
    save_project(db, &tampere, Some(id), Some(1), &changed)
        .await
        .unwrap();
    let after = get_project(db, &tampere, id).await.unwrap();
    assert_eq!(after.version, 2);
    assert_eq!(after.history.len(), 2, "create and update");
    let update = &after.history[0];
    assert_eq!(update.action, "update");
    let fields: Vec<(&str, &str, &str)> = update
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("name_fi", "Sirupilotit", "Sirupilotit 2"),
            ("status", "planned", "ongoing")
        ]
    );
    assert_eq!(after.history[1].action, "create");

    // A package without reports can be deleted; the deletion is audited.
    delete_project(db, &tampere, id, 2).await.unwrap();
    assert_eq!(
        get_project(db, &tampere, id).await.unwrap_err(),
        AppError::NotFound
    );
}

async fn invalid_input_saves_nothing_and_names_every_field(test: TestDb) {
    let db = &test.db;
    let tampere = coordinator(db, "tampere").await;
    let before = project::Entity::find().count(db).await.unwrap();
    let mut bad = input("BAD-1");
    bad.theme = "astrology".into();
    bad.lead_organisation = "1234567-1".into(); // valid, but not in the register
    bad.ends_on = "2025-01-01".into();
    let err = save_project(db, &tampere, None, None, &bad)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("ends_on"), ["ends_before_start"]);
    bad.ends_on = "2027-01-01".into();
    let err = save_project(db, &tampere, None, None, &bad)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("theme"), ["unknown"]);
    assert_eq!(err.field_messages("lead_organisation"), ["unknown"]);
    let mut turku = input("BAD-2");
    turku.region = "turku".into();
    let err = save_project(db, &tampere, None, None, &turku)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("region"), ["not_yours"]);
    let mut taken = input("DUP");
    save_project(db, &tampere, None, None, &taken)
        .await
        .unwrap();
    taken.name.fi = "Toinen".into();
    let err = save_project(db, &tampere, None, None, &taken)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("code"), ["code_taken"]);
    assert_eq!(
        project::Entity::find().count(db).await.unwrap(),
        before + 1,
        "only the valid one was saved"
    );
}

async fn another_region_cannot_read_or_change_a_package(test: TestDb) {
    let db = &test.db;
    let tampere = coordinator(db, "tampere").await;
    let turku = coordinator(db, "turku").await;
    let id = save_project(db, &tampere, None, None, &input("DRAFT-1"))
        .await
        .unwrap();
    assert_eq!(
        get_project(db, &turku, id).await.unwrap_err(),
        AppError::NotFound
    );
    let mut hijack = input("DRAFT-1");
    hijack.region = "turku".into();
    hijack.council = "helsinki-uusimaa".into();
    assert_eq!(
        save_project(db, &turku, Some(id), Some(1), &hijack)
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(
        delete_project(db, &turku, id, 1).await.unwrap_err(),
        AppError::NotFound
    );
    let missing = get_project(db, &turku, 999_999).await.unwrap_err();
    assert_eq!(
        missing,
        AppError::NotFound,
        "answers exactly as for a missing package"
    );
    assert_eq!(
        get_project(db, &tampere, id).await.unwrap().input.region,
        "tampere",
        "unchanged"
    );
}

async fn fifty_simultaneous_saves_from_one_version_give_one_success(test: TestDb) {
    let db = test.db.clone();
    let tampere = coordinator(&db, "tampere").await;
    let id = save_project(&db, &tampere, None, None, &input("RACE-1"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for n in 0..50 {
        let (db, who) = (db.clone(), tampere.clone());
        tasks.push(tokio::spawn(async move {
            let mut mine = input("RACE-1");
            mine.name.fi = format!("Versio {n}");
            save_project(&db, &who, Some(id), Some(1), &mine).await
        }));
    }
    let mut ok = 0;
    let mut conflicts = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(AppError::EditConflict(changes)) => {
                assert!(
                    changes.iter().any(|c| c.field == "name_fi"),
                    "the conflict shows the other's name"
                );
                conflicts += 1;
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((ok, conflicts), (1, 49));
    let after = get_project(&db, &tampere, id).await.unwrap();
    assert_eq!(after.version, 2);
    assert_eq!(
        after
            .history
            .iter()
            .filter(|h| h.action == "update")
            .count(),
        1,
        "one update in the history"
    );
}

on_both_backends!(
    subprojects_carry_exact_planned_funding_with_totals_and_history,
    an_organisation_is_registered_once_per_business_id,
);

async fn subprojects_carry_exact_planned_funding_with_totals_and_history(test: TestDb) {
    use app::model::Money;
    use app::model::register::SubprojectInput;
    use app::ssr::services::organisations::create_organisation;
    use app::ssr::services::subprojects::save_subproject;
    let db = &test.db;
    let tampere = coordinator(db, "tampere").await;
    create_organisation(
        db,
        &tampere,
        "Tampereen yliopisto",
        "0201256-6",
        "university",
    )
    .await
    .unwrap();
    let id = save_project(db, &tampere, None, None, &input("FUND-1"))
        .await
        .unwrap();
    let sub = |code: &str, planned: [&str; 5]| SubprojectInput {
        code: code.into(),
        name: NamesInput::new("Osahanke", "", ""),
        description: NamesInput::new(
            " Anturiverkon pilotti satamassa. ",
            "",
            "A sensor network pilot in the port.",
        ),
        region: "tampere".into(),
        organisation: "0201256-6".into(),
        council: "pirkanmaa".into(),
        starts_on: "2026-01-01".into(),
        ends_on: "2026-12-31".into(),
        status: "planned".into(),
        planned: BySource::from(planned.map(String::from)),
    };
    let first = save_subproject(
        db,
        &tampere,
        id,
        None,
        None,
        &sub("FUND-1-1", ["60 000,00", "40000", "30 000", "", "0,01"]),
    )
    .await
    .unwrap();
    save_subproject(
        db,
        &tampere,
        id,
        None,
        None,
        &sub("FUND-1-2", ["1.234,56", "0", "20 000,5", "5000", ""]),
    )
    .await
    .unwrap();
    let bad = save_subproject(
        db,
        &tampere,
        id,
        None,
        None,
        &sub("FUND-1-3", ["abc", "1,001", "", "", ""]),
    )
    .await
    .unwrap_err();
    assert_eq!(bad.field_messages("planned_eu"), ["money_not_a_number"]);
    assert_eq!(
        bad.field_messages("planned_state"),
        ["money_too_many_decimals"]
    );

    let detail = get_project(db, &tampere, id).await.unwrap();
    assert_eq!(detail.subprojects.len(), 2, "the invalid one was not saved");
    let saved = entity::subproject::Entity::find_by_id(first)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            saved.description_fi.as_str(),
            saved.description_sv,
            saved.description_en.as_deref()
        ),
        (
            "Anturiverkon pilotti satamassa.",
            None,
            Some("A sensor network pilot in the port.")
        ),
        "descriptions in three languages, trimmed, Swedish left empty"
    );
    let f = &detail.funding;
    assert_eq!(f.planned.eu, Money::from_cents(6_000_000 + 123_456));
    assert_eq!(f.planned.city, Money::from_cents(3_000_000 + 2_000_050));
    assert_eq!(f.planned.private, Money::from_cents(1));
    assert_eq!(
        f.planned_total(),
        Money::from_cents(13_000_001 + 123_456 + 2_000_050 + 500_000)
    );
    assert_eq!(f.eu_state(), f.planned.eu + f.planned.state);
    assert!(
        !f.city_share_outside_range(),
        "{:?}",
        f.city_share_basis_points()
    );

    // A stale edit of the first subproject is refused and names the changed amount.
    let mut change = sub("FUND-1-1", ["70 000", "40000", "30 000", "", "0,01"]);
    save_subproject(db, &tampere, id, Some(first), Some(1), &change)
        .await
        .unwrap();
    change.planned.eu = "80 000".into();
    match save_subproject(db, &tampere, id, Some(first), Some(1), &change)
        .await
        .unwrap_err()
    {
        AppError::EditConflict(changes) => {
            assert!(
                changes
                    .iter()
                    .any(|c| c.field == "planned_eu" && c.new == "70000.00"),
                "{changes:?}"
            )
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let history = get_project(db, &tampere, id).await.unwrap().history;
    let update = history
        .iter()
        .find(|h| {
            h.action == "update"
                && h.record == "subproject"
                && h.record_code.as_deref() == Some("FUND-1-1")
        })
        .unwrap();
    assert_eq!(update.changes.len(), 1);
    assert_eq!(
        (
            update.changes[0].old.as_str(),
            update.changes[0].new.as_str()
        ),
        ("60000.00", "70000.00")
    );

    let turku = coordinator(db, "turku").await;
    let stranger = save_subproject(db, &turku, id, Some(first), Some(2), &change)
        .await
        .unwrap_err();
    assert_eq!(stranger, AppError::NotFound);
}

async fn an_organisation_is_registered_once_per_business_id(test: TestDb) {
    use app::ssr::services::organisations::create_organisation;
    let db = &test.db;
    let tampere = coordinator(db, "tampere").await;
    create_organisation(db, &tampere, "Testi Oy", "0201256-6", "company")
        .await
        .unwrap();
    let again = create_organisation(db, &tampere, "Testi Oy 2", " 201256-6 ", "company")
        .await
        .unwrap_err();
    assert_eq!(again.field_messages("business_id"), ["business_id_taken"]);
    let bad = create_organisation(db, &tampere, " ", "0201256-7", "spaceship")
        .await
        .unwrap_err();
    assert_eq!(bad.field_messages("name"), ["required"]);
    assert_eq!(
        bad.field_messages("business_id"),
        ["business_id_check_digit"]
    );
    assert_eq!(bad.field_messages("kind"), ["invalid"]);
}

/// A unit of many saves (an import) inserts its new packages 500 to a statement as it has
/// them and the rest at its end, with their actions and history; a code another save took meanwhile ends it as
/// a conflict (the import is refused, never a 500).
async fn a_unit_of_many_inserts_new_packages_at_its_end_and_a_code_taken_meanwhile_conflicts(
    test: TestDb,
) {
    let db = &test.db;
    let tampere = coordinator(db, "tampere").await;
    let before = project::Entity::find().count(db).await.unwrap();
    let txn = app::ssr::db::begin_write(db).await.unwrap();
    let unit = Unit::many();
    for n in 1..=501 {
        let code = format!("MANY-{n:03}");
        let prepared = prepare_project(&txn, &unit, &tampere, None, &input(&code))
            .await
            .unwrap();
        let written = write_project(&txn, &unit, &tampere, prepared, None).await;
        assert_eq!(written.unwrap(), None, "kept");
    }
    // The first 500 in one statement as soon as there were 500; the last at the end.
    let kept = project::Entity::find().count(&txn).await.unwrap();
    assert_eq!(kept, before + 500);
    unit.finish(&txn).await.unwrap();
    txn.commit().await.unwrap();
    let created = project::Entity::find()
        .filter(project::Column::Code.starts_with("MANY-"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(created.len(), 501);
    for p in created
        .iter()
        .filter(|p| ["MANY-001", "MANY-501"].contains(&p.code.as_str()))
    {
        let page = get_project(db, &tampere, p.id).await.unwrap();
        assert_eq!(page.input.actions, ["platforms", "startups"]);
        assert_eq!(page.history.len(), 1, "created");
        assert_eq!(page.history[0].action, "create");
    }

    let txn = app::ssr::db::begin_write(db).await.unwrap();
    let unit = Unit::many();
    let prepared = prepare_project(&txn, &unit, &tampere, None, &input("MANY-3"))
        .await
        .unwrap();
    write_project(&txn, &unit, &tampere, prepared, None)
        .await
        .unwrap();
    save_project_in(&txn, &tampere, None, None, &input("MANY-3"))
        .await
        .unwrap();
    assert_eq!(unit.finish(&txn).await.unwrap_err(), AppError::Conflict);
    txn.rollback().await.unwrap();
    assert_eq!(
        project::Entity::find().count(db).await.unwrap(),
        before + 501
    );
}
