//! Roll-ups by part (a sixteenth of a region's rows): every change moves the counter of the
//! parts it counts in (and no other), what every part reads moves the global counter, the
//! frozen roll-ups their own; after a change to one subproject only its part is computed
//! again, and the figures added up from kept parts equal a computation from scratch. On both
//! databases, on the demo data, with changes written past the application (as a script or
//! another instance would).

use app::model::dashboard::DashboardFilter;
use app::ssr::rollup::cache::{GLOBAL_PART, RollupCache, SNAPSHOTS_PART, Versions, versions};
use app::ssr::rollup::compute::compute;
use app::ssr::rollup::indicators::RollupScope;
use app::ssr::rollup::live::{live_dashboard, parts_of};
use app::ssr::rollup::parts::{SHARDS, part_id};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Statement};
use server::testing::TestDb;
use std::sync::Arc;

on_both_backends!(
    each_change_moves_the_counters_of_the_parts_it_counts_in,
    after_a_change_to_one_subproject_only_its_part_is_computed_again,
);

async fn run(db: &DatabaseConnection, sql: &str) {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_string(backend, sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[derive(FromQueryResult)]
struct Id {
    id: i32,
}

async fn id(db: &DatabaseConnection, sql: &str) -> i32 {
    let backend = db.get_database_backend();
    Id::find_by_statement(Statement::from_string(backend, sql))
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no row: {sql}"))
        .id
}

/// The counters that moved between `before` and now.
async fn moved(db: &DatabaseConnection, before: &Versions) -> Vec<i32> {
    versions(db).await.unwrap().moved_since(before)
}

/// The parts of `parts` and of the subprojects that `sql` finds (`id`, `region_id`), in
/// order, each once.
async fn with_subprojects(db: &DatabaseConnection, parts: &[i32], sql: &str) -> Vec<i32> {
    #[derive(FromQueryResult)]
    struct Placed {
        id: i32,
        region_id: i32,
    }
    let backend = db.get_database_backend();
    let all: Vec<i32> = Placed::find_by_statement(Statement::from_string(backend, sql))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| part_id(s.region_id, s.id))
        .chain(parts.iter().copied())
        .collect();
    sorted(all)
}

/// `parts` in order, each once.
fn sorted(mut parts: Vec<i32>) -> Vec<i32> {
    parts.sort_unstable();
    parts.dedup();
    parts
}

/// Two regions with subprojects, and a subproject of the first with a report (not approved)
/// that has an indicator value naming companies, and its package (in `package_region`).
struct Demo {
    a: i32,
    b: i32,
    subproject: i32,
    project: i32,
    package_region: i32,
    actual: i32,
}

async fn demo(db: &DatabaseConnection) -> Demo {
    server::demo::seed(db).await.unwrap();
    // Approved reports are locked (migration 9): a value of one that is not.
    let actual = id(
        db,
        "SELECT MIN(c.actual_id) AS id FROM indicator_actual_company c \
         JOIN indicator_actual ia ON ia.id = c.actual_id \
         JOIN report r ON r.id = ia.report_id WHERE r.status <> 'approved'",
    )
    .await;
    let subproject = id(
        db,
        &format!(
            "SELECT r.subproject_id AS id FROM indicator_actual ia \
             JOIN report r ON r.id = ia.report_id WHERE ia.id = {actual}"
        ),
    )
    .await;
    let a = id(
        db,
        &format!("SELECT region_id AS id FROM subproject WHERE id = {subproject}"),
    )
    .await;
    let b = id(
        db,
        &format!("SELECT MIN(region_id) AS id FROM subproject WHERE region_id <> {a}"),
    )
    .await;
    let project = id(
        db,
        &format!("SELECT project_id AS id FROM subproject WHERE id = {subproject}"),
    )
    .await;
    let package_region = id(
        db,
        &format!("SELECT region_id AS id FROM project WHERE id = {project}"),
    )
    .await;
    Demo {
        a,
        b,
        subproject,
        project,
        package_region,
        actual,
    }
}

async fn each_change_moves_the_counters_of_the_parts_it_counts_in(t: TestDb) {
    let db = &t.db;
    let d = demo(db).await;
    let s = d.subproject;
    let own = vec![part_id(d.a, s)];
    let package = part_id(d.package_region, d.project);
    let siblings = format!(
        "SELECT id, region_id FROM subproject WHERE project_id = {}",
        d.project
    );
    let package_and_subprojects = with_subprojects(db, &[package], &siblings).await;
    let subproject_and_package = sorted(vec![part_id(d.a, s), package]);
    let changes = [
        (
            format!(
                "UPDATE funding_line SET amount_cents = amount_cents + 1 \
                 WHERE subproject_id = {s} AND kind = 'planned'"
            ),
            &own,
        ),
        (
            format!(
                "UPDATE report SET progress = progress \
                 WHERE subproject_id = {s} AND status <> 'approved'"
            ),
            &own,
        ),
        (
            format!(
                "UPDATE indicator_actual SET explanation = explanation WHERE id = {}",
                d.actual
            ),
            &own,
        ),
        (
            format!(
                "INSERT INTO indicator_actual_company (actual_id, business_id) \
                 VALUES ({}, '9999999-9')",
                d.actual
            ),
            &own,
        ),
        (
            "DELETE FROM indicator_actual_company WHERE business_id = '9999999-9'".to_string(),
            &own,
        ),
        (
            format!(
                "UPDATE indicator_target SET value_milli = value_milli WHERE subproject_id = {s}"
            ),
            &own,
        ),
        // Whether a package has subprojects decides where it counts as a project.
        (
            format!("UPDATE subproject SET name_fi = name_fi WHERE id = {s}"),
            &subproject_and_package,
        ),
        (
            format!(
                "UPDATE project SET name_fi = name_fi WHERE id = {}",
                d.project
            ),
            &package_and_subprojects,
        ),
        (
            format!(
                "DELETE FROM project_action WHERE project_id = {}",
                d.project
            ),
            &package_and_subprojects,
        ),
    ];
    for (change, expected) in &changes {
        let before = versions(db).await.unwrap();
        run(db, change).await;
        assert_eq!(&moved(db, &before).await, *expected, "{change}");
    }
    // A subproject moved to another region counts in both.
    let before = versions(db).await.unwrap();
    run(
        db,
        &format!("UPDATE subproject SET region_id = {} WHERE id = {s}", d.b),
    )
    .await;
    assert_eq!(
        moved(db, &before).await,
        sorted(vec![part_id(d.a, s), part_id(d.b, s), package])
    );
    // A package's change counts where its subprojects are, too.
    let before = versions(db).await.unwrap();
    run(
        db,
        &format!(
            "UPDATE project SET theme_id = theme_id WHERE id = {}",
            d.project
        ),
    )
    .await;
    assert_eq!(
        moved(db, &before).await,
        with_subprojects(db, &[package], &siblings).await
    );
    // What every part reads, and the frozen roll-ups.
    let before = versions(db).await.unwrap();
    run(db, "UPDATE indicator SET unit = unit").await;
    assert_eq!(moved(db, &before).await, vec![GLOBAL_PART]);
    let before = versions(db).await.unwrap();
    run(db, "UPDATE reporting_period SET code = code").await;
    assert_eq!(moved(db, &before).await, vec![SNAPSHOTS_PART, GLOBAL_PART]);
    let before = versions(db).await.unwrap();
    // (Frozen roll-ups cannot be changed; a new one is taken.)
    run(
        db,
        "INSERT INTO rollup_snapshot (period_id, taken_at, data) SELECT MAX(id), \
         '2026-12-01T10:00:00Z', '{}' FROM reporting_period \
         WHERE id NOT IN (SELECT period_id FROM rollup_snapshot)",
    )
    .await;
    assert_eq!(moved(db, &before).await, vec![SNAPSHOTS_PART]);
    // Names of regions and themes are no part's: they move nothing here.
    let before = versions(db).await.unwrap();
    run(db, "UPDATE theme SET name_en = name_en").await;
    assert!(moved(db, &before).await.is_empty());
    // A new region has counters of its own from the start.
    run(
        db,
        "INSERT INTO city_region (code, name_fi, name_sv, name_en, council_id, latitude_milli, \
         longitude_milli, sort_order) SELECT 'new-region', 'Uusi', 'Ny', 'New', council_id, \
         latitude_milli, longitude_milli, 99 FROM city_region WHERE id = 1",
    )
    .await;
    let new = id(db, "SELECT id FROM city_region WHERE code = 'new-region'").await;
    let counters = id(
        db,
        &format!(
            "SELECT CAST(COUNT(*) AS INTEGER) AS id FROM rollup_part_version \
             WHERE part >= {} AND part < {}",
            part_id(new, 0),
            part_id(new + 1, 0)
        ),
    )
    .await;
    assert_eq!(counters, SHARDS);
    let before = versions(db).await.unwrap();
    run(
        db,
        &format!("UPDATE subproject SET region_id = {new} WHERE id = {s}"),
    )
    .await;
    assert_eq!(
        moved(db, &before).await,
        sorted(vec![part_id(d.b, s), part_id(new, s), package])
    );
    // Deleted rows count where they were.
    let before = versions(db).await.unwrap();
    run(
        db,
        &format!("DELETE FROM funding_line WHERE subproject_id = {s} AND kind = 'planned'"),
    )
    .await;
    assert_eq!(moved(db, &before).await, vec![part_id(new, s)]);
}

async fn after_a_change_to_one_subproject_only_its_part_is_computed_again(t: TestDb) {
    let db = &t.db;
    let d = demo(db).await;
    let cache = RollupCache::default();
    let national = RollupScope {
        approved_only: true,
        ..Default::default()
    };
    let (_, first) = parts_of(db, &cache, &national).await.unwrap();
    let (_, again) = parts_of(db, &cache, &national).await.unwrap();
    assert_eq!(first.by_part.len(), again.by_part.len());
    for (id, part) in &first.by_part {
        assert!(Arc::ptr_eq(part, &again.by_part[id]), "kept");
    }
    // Changes to one subproject: one cent more planned, a company that a value elsewhere names as
    // well, and the report of that value approved.
    run(
        db,
        &format!(
            "UPDATE funding_line SET amount_cents = amount_cents + 1 \
             WHERE subproject_id = {} AND kind = 'planned'",
            d.subproject
        ),
    )
    .await;
    run(
        db,
        &format!(
            "INSERT INTO indicator_actual_company (actual_id, business_id) \
             SELECT {}, MIN(business_id) FROM indicator_actual_company WHERE actual_id <> {}",
            d.actual, d.actual
        ),
    )
    .await;
    run(
        db,
        &format!(
            "UPDATE report SET status = 'approved', approved_at = '2026-12-01T10:00:00Z' \
             WHERE id = (SELECT report_id FROM indicator_actual WHERE id = {})",
            d.actual
        ),
    )
    .await;
    let (_, after) = parts_of(db, &cache, &national).await.unwrap();
    let changed = part_id(d.a, d.subproject);
    for (id, part) in &first.by_part {
        assert_eq!(
            Arc::ptr_eq(part, &after.by_part[id]),
            *id != changed,
            "only part {changed} is computed again (part {id})"
        );
    }
    // The figures added up from kept parts are those computed from scratch, for the nation
    // and for a coordinator's two regions, approved only and with drafts.
    for scope in [
        national.clone(),
        RollupScope {
            approved_only: false,
            ..Default::default()
        },
        RollupScope {
            regions: Some(vec![d.a, d.b]),
            approved_only: true,
            ..Default::default()
        },
    ] {
        let kept = live_dashboard(db, &cache, &scope).await.unwrap();
        let fresh = compute(db, &scope, &DashboardFilter::default())
            .await
            .unwrap();
        assert_eq!(kept, fresh, "{scope:?}");
    }
}
