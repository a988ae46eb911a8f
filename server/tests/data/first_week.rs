//! What a first week of real use found, in the services on both backends: a new subproject
//! can be reported on from its package and targets pages; the demo's returned reports carry
//! the workflow's history and reason; a coordinator's dashboard compares with their regions'
//! own frame; reference data is edited with validation, version checks and audit.

use super::reporting::{fixture, person};
use app::error::AppError;
use app::model::auth::Role;
use app::model::dashboard::DashboardFilter;
use app::model::forms::NamesInput;
use app::model::reference::{CouncilInput, MunicipalityInput, OrganisationInput};
use app::model::reporting::ReportStatus;
use app::ssr::rollup::cache::RollupCache;
use app::ssr::rollup::dashboard;
use app::ssr::services::{reference, subprojects};
use entity::{audit_log, report};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::testing::TestDb;

on_both_backends!(
    a_new_subproject_is_reported_on_from_its_package_and_targets_pages,
    returned_demo_reports_say_who_returned_them_and_why,
    a_regions_dashboard_compares_with_its_own_frame_and_themes_with_none,
    reference_data_is_edited_with_validation_versions_and_audit,
    publishing_waits_for_an_edit_in_flight_and_refuses_it,
);

async fn a_new_subproject_is_reported_on_from_its_package_and_targets_pages(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let project = entity::subproject::Entity::find_by_id(f.subs[0])
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .project_id;
    // The form proposes the status the dates say: the package started in 2025.
    let form = subprojects::subproject_form(db, &f.tampere, project, None)
        .await
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    let expected = if today > chrono::NaiveDate::from_ymd_opt(2027, 12, 31).unwrap() {
        "closed"
    } else {
        "ongoing"
    };
    assert_eq!(form.input.status, expected);
    let mut input = form.input.clone();
    input.code = "REP-1-NEW".into();
    input.organisation = "0201256-6".into();
    let id = subprojects::save_subproject(db, &f.tampere, project, None, None, &input)
        .await
        .unwrap();
    let detail = app::ssr::services::project_page::get_project(db, &f.tampere, project)
        .await
        .unwrap();
    let new = detail.subprojects.iter().find(|s| s.id == id).unwrap();
    let links = new
        .reports
        .clone()
        .expect("the coordinator's own subproject");
    let codes: Vec<&str> = links.iter().map(|l| l.period_code.as_str()).collect();
    assert_eq!(
        codes,
        ["2026H1", "2025H2"],
        "a link for every open period it runs in"
    );
    assert!(
        links
            .iter()
            .all(|l| l.status == ReportStatus::Missing && l.open)
    );
    assert!(
        links.iter().all(|l| !l.overdue),
        "registered today: 30 days for its first report"
    );
    // Even marked planned, a subproject whose dates run in the period reports for it.
    let mut planned = input.clone();
    planned.code = "REP-1-PLANNED".into();
    planned.status = "planned".into();
    let planned_id = subprojects::save_subproject(db, &f.tampere, project, None, None, &planned)
        .await
        .unwrap();
    let page = app::ssr::services::reporting::targets::page(db, &f.tampere, planned_id)
        .await
        .unwrap();
    assert_eq!(
        page.reports.len(),
        2,
        "the targets page links its reports too"
    );
    let home = app::ssr::services::reporting::overview::home(db, &f.tampere)
        .await
        .unwrap();
    assert!(
        home.to_do.iter().any(|r| r.subproject_id == planned_id),
        "on the to-do list"
    );
    // A package shared with another region: that region's coordinator reads the package
    // but sees the state of their own region's subprojects' reports only.
    use sea_orm::ConnectionTrait;
    db.execute_unprepared(&format!(
        "UPDATE subproject SET region_id = (SELECT id FROM city_region WHERE code = 'turku') \
         WHERE id = {planned_id}"
    ))
    .await
    .unwrap();
    let seen = app::ssr::services::project_page::get_project(db, &f.turku, project)
        .await
        .unwrap();
    for s in &seen.subprojects {
        assert_eq!(s.reports.is_some(), s.id == planned_id, "{}", s.code);
    }
}

async fn returned_demo_reports_say_who_returned_them_and_why(test: TestDb) {
    let db = &test.db;
    server::demo::seed(db).await.unwrap();
    let national = person(db, "n2@example.fi", Role::NationalCoordinator, None).await;
    let returned = report::Entity::find()
        .filter(report::Column::Status.eq("returned"))
        .all(db)
        .await
        .unwrap();
    assert!(!returned.is_empty(), "the demo has returned reports");
    for r in &returned {
        let page = app::ssr::services::reporting::reports::page(
            db,
            &national,
            r.subproject_id,
            r.period_id,
        )
        .await
        .unwrap();
        let actions: Vec<&str> = page.events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["create", "submit", "return"], "report {}", r.id);
        let reason = page.return_reason().expect("the reason stands at the top");
        assert!(
            reason
                .reason
                .as_deref()
                .is_some_and(|t| t.contains("Y-tunnukset"))
        );
        assert!(reason.who.is_some());
    }
    for r in report::Entity::find()
        .filter(report::Column::Status.eq("approved"))
        .all(db)
        .await
        .unwrap()
    {
        let approve = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("report"))
            .filter(audit_log::Column::EntityId.eq(r.id.to_string()))
            .filter(audit_log::Column::Action.eq("approve"))
            .one(db)
            .await
            .unwrap();
        assert!(
            approve.is_some(),
            "approved report {} has its approval",
            r.id
        );
    }
}

async fn a_regions_dashboard_compares_with_its_own_frame_and_themes_with_none(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let cache = RollupCache::default();
    let own = dashboard::dashboard(db, &cache, &f.tampere, &DashboardFilter::default())
        .await
        .unwrap();
    assert_eq!(
        own.scope.iter().map(|n| n.fi.as_str()).collect::<Vec<_>>(),
        ["Tampere"]
    );
    assert_eq!(own.frame, None, "Tampere's agreement names no frame yet");
    let national = dashboard::dashboard(db, &cache, &f.national, &DashboardFilter::default())
        .await
        .unwrap();
    assert!(national.scope.is_empty());
    assert_eq!(
        national.frame,
        Some(app::model::Money::from_euros(200_000_000))
    );
    // The national team records Tampere's frame in its agreement.
    let tampere = entity::city_region::Entity::find()
        .filter(entity::city_region::Column::Code.eq("tampere"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let form = reference::regions::region_form(db, &f.national, tampere.id)
        .await
        .unwrap();
    let mut input = form.input.clone();
    input.frame = "12 000 000".into();
    reference::regions::save_region(db, &f.national, tampere.id, form.version, &input)
        .await
        .unwrap();
    let own = dashboard::dashboard(db, &cache, &f.tampere, &DashboardFilter::default())
        .await
        .unwrap();
    assert_eq!(own.frame, Some(app::model::Money::from_euros(12_000_000)));
    // A theme has no frame to compare with.
    let theme = dashboard::dashboard(
        db,
        &cache,
        &f.national,
        &DashboardFilter {
            theme: Some("wellbeing".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(theme.frame, None);
    // An admin has no dashboard.
    let admin = person(db, "a@example.fi", Role::Admin, None).await;
    let refused = dashboard::dashboard(db, &cache, &admin, &DashboardFilter::default()).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
}

async fn reference_data_is_edited_with_validation_versions_and_audit(test: TestDb) {
    let db = &test.db;
    let f = fixture(db).await;
    let region = entity::city_region::Entity::find()
        .filter(entity::city_region::Column::Code.eq("kajaani"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    // Coordinators and the ministry keep no reference data.
    for who in [&f.tampere, &f.ministry] {
        assert_eq!(
            reference::regions::region_form(db, who, region.id)
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
    }
    let form = reference::regions::region_form(db, &f.national, region.id)
        .await
        .unwrap();
    assert_eq!(form.input.municipalities.len(), 2, "Kajaani and Sotkamo");
    // Field by field: a bad population, a far date, a negative frame, an empty list.
    let mut bad = form.input.clone();
    bad.population = "paljon".into();
    bad.ends_on = "+262142-12-31".into();
    bad.frame = "-5".into();
    bad.municipalities = vec![MunicipalityInput::default()];
    let err = reference::regions::save_region(db, &f.national, region.id, form.version, &bad)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("population"), ["invalid"]);
    assert_eq!(err.field_messages("ends_on"), ["invalid_date"]);
    assert_eq!(err.field_messages("frame"), ["money_negative"]);
    assert_eq!(err.field_messages("municipalities"), ["required"]);
    // A correct save: a third municipality, population and frame; audited field by field.
    let mut good = form.input.clone();
    good.population = "47 000".into();
    good.frame = "3 500 000,00".into();
    good.municipalities.push(MunicipalityInput {
        name_fi: "Paltamo".into(),
        name_sv: String::new(),
        kind: "municipality".into(),
    });
    reference::regions::save_region(db, &f.national, region.id, form.version, &good)
        .await
        .unwrap();
    let saved = reference::regions::region_form(db, &f.national, region.id)
        .await
        .unwrap();
    assert_eq!(saved.input.population, "47000");
    assert_eq!(saved.input.frame, "3500000.00");
    assert_eq!(saved.input.municipalities.len(), 3);
    assert_eq!(saved.version, form.version + 1);
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("city_region"))
        .one(db)
        .await
        .unwrap()
        .expect("audited");
    assert!(audit.changes.contains("Paltamo") && audit.changes.contains("47000"));
    // The other keeper, from the same outdated page: their save is refused with ours shown.
    let admin = person(db, "admin@example.fi", Role::Admin, None).await;
    let err = reference::regions::save_region(db, &admin, region.id, form.version, &form.input)
        .await
        .unwrap_err();
    let AppError::EditConflict(changes) = err else {
        panic!("a conflict: {err:?}");
    };
    assert!(
        changes
            .iter()
            .any(|c| c.field == "population" && c.new == "47000")
    );

    // Councils: a new one, and a code that is taken.
    let new = CouncilInput {
        code: "testiliitto".into(),
        name: NamesInput::new("Testiliitto", "Testförbundet", "Test council"),
    };
    reference::councils::save_council(db, &f.national, None, None, &new)
        .await
        .unwrap();
    let err = reference::councils::save_council(db, &admin, None, None, &new)
        .await
        .unwrap_err();
    assert_eq!(err.field_messages("code"), ["code_taken"]);

    // Organisations: a Business ID correction must have a matching check digit and be free.
    let org = entity::organisation::Entity::find()
        .filter(entity::organisation::Column::BusinessId.eq("0201256-6"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let correction = |bid: &str| OrganisationInput {
        name: "Tampereen korkeakoulusäätiö sr".into(),
        business_id: bid.into(),
        kind: "university".into(),
        municipality: "Tampere".into(),
    };
    let err = reference::organisations::save_organisation(
        db,
        &f.national,
        org.id,
        org.version,
        &correction("0201256-7"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.field_messages("business_id"),
        ["business_id_check_digit"]
    );
    reference::organisations::save_organisation(
        db,
        &f.national,
        org.id,
        org.version,
        &correction("2844561-8"),
    )
    .await
    .unwrap();
    let corrected = entity::organisation::Entity::find_by_id(org.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            corrected.business_id.as_str(),
            corrected.municipality.as_deref()
        ),
        ("2844561-8", Some("Tampere"))
    );
}

async fn publishing_waits_for_an_edit_in_flight_and_refuses_it(test: TestDb) {
    use sea_orm::ConnectionTrait;
    let db = &test.db;
    let f = fixture(db).await;
    let seen = app::ssr::rollup::cache::data_version(db).await.unwrap();
    // A coordinator's edit is written but not yet committed when the national team publishes
    // what it reviewed at `seen`.
    let writer = app::ssr::db::begin_write(db).await.unwrap();
    writer
        .execute_unprepared("UPDATE project SET name_fi = name_fi || ' (muutettu)'")
        .await
        .unwrap();
    let publishing = {
        let db = db.clone();
        let national = f.national.clone();
        tokio::spawn(async move {
            app::ssr::rollup::publication::publish(&db, &national, seen, "").await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    writer.commit().await.unwrap();
    assert_eq!(
        publishing.await.unwrap(),
        Err(AppError::Conflict),
        "the edit nobody reviewed is not published with the reviewed figures"
    );
}
