//! Migrations apply, roll back completely and apply again, on both backends.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use server::testing::{Backend, TestDb};

async fn table_count(test: &TestDb) -> i64 {
    let sql = match test.db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'seaql_migrations'"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT IN ('seaql_migrations', 'sqlite_sequence')"
        }
    };
    let row = test
        .db
        .query_one_raw(Statement::from_string(test.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn regions(test: &TestDb) -> i64 {
    let backend = test.db.get_database_backend();
    let row = test
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM city_region",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn up_down_up(backend: Backend) {
    let test = TestDb::empty(backend).await;
    Migrator::up(&test.db, None).await.expect("up");
    let tables = table_count(&test).await;
    assert_eq!(tables, 36, "every table of the data model exists");
    assert_eq!(regions(&test).await, 16);
    assert!(
        Migrator::get_pending_migrations(&test.db)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::down(&test.db, None).await.expect("down");
    assert_eq!(table_count(&test).await, 0, "down removes every table");

    Migrator::up(&test.db, None).await.expect("up again");
    assert_eq!(table_count(&test).await, tables);
    assert_eq!(regions(&test).await, 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_go_up_down_and_up_again_on_sqlite() {
    up_down_up(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_go_up_down_and_up_again_on_postgres() {
    up_down_up(Backend::Postgres).await;
}

on_both_backends!(
    reference_data_matches_the_programme,
    constraints_live_in_the_database
);

async fn reference_data_matches_the_programme(test: TestDb) {
    let backend = test.db.get_database_backend();
    let count = |sql: &'static str| {
        let db = test.db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) AS n FROM regional_council").await,
        14
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT council_id) AS n FROM city_region").await,
        14
    );
    assert_eq!(
        count("SELECT COUNT(*) AS n FROM municipality").await,
        20,
        "19 cities and 1 municipality"
    );
    assert_eq!(
        count("SELECT COUNT(*) AS n FROM municipality WHERE kind = 'municipality'").await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) AS n FROM ecosystem_agreement").await,
        16
    );
    assert_eq!(count("SELECT COUNT(*) AS n FROM theme").await, 3);
    assert_eq!(count("SELECT COUNT(*) AS n FROM action").await, 6);
    assert_eq!(count("SELECT COUNT(*) AS n FROM funding_source").await, 5);
    assert_eq!(
        count("SELECT COUNT(*) AS n FROM indicator WHERE headline IS NOT NULL").await,
        3
    );
}

async fn constraints_live_in_the_database(test: TestDb) {
    let db = &test.db;
    // A Business ID of the wrong shape, a negative amount, an unknown status and a planned
    // line with a period are all refused by the database itself.
    for sql in [
        "INSERT INTO organisation (business_id, name, kind) VALUES ('12345678', 'X', 'company')",
        "INSERT INTO organisation (business_id, name, kind) VALUES ('1234567-8', 'X', 'spaceship')",
        "INSERT INTO theme (code, name_fi, name_sv, name_en) VALUES ('wellbeing', 'a', 'b', 'c')",
        "INSERT INTO funding_source (code, name_fi, name_sv, name_en, is_public) VALUES ('lottery', 'a', 'b', 'c', TRUE)",
        "INSERT INTO indicator (code, name_fi, name_sv, name_en, unit, kind) VALUES ('X1', 'a', 'b', 'c', 'count', 'sometimes')",
    ] {
        assert!(db.execute_unprepared(sql).await.is_err(), "accepted: {sql}");
    }
}
