//! The restore drill: a backup taken while comments are being written restores whole into
//! an empty database (its audit log an exact beginning of the live one, no table holding
//! more than the live one); a backup taken at rest restores to the same rows in every
//! table, the same audit log and the same national roll-up. A backup never overwrites a
//! file, and a restore never lands on a database with tables. On both databases.

use app::model::dashboard::DashboardFilter;
use app::ssr::rollup::compute::compute;
use app::ssr::rollup::indicators::RollupScope;
use entity::status::ReportState;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use server::backup::{backup, restore};
use server::testing::{Backend, TestDb};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

on_both_backends!(a_backup_taken_under_writes_restores_whole_into_an_empty_database);

/// Rows per table (the migrations' own bookkeeping aside).
async fn counts(db: &DatabaseConnection) -> BTreeMap<String, i64> {
    let backend = db.get_database_backend();
    let list = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let mut out = BTreeMap::new();
    for row in db
        .query_all_raw(sea_orm::Statement::from_string(backend, list))
        .await
        .unwrap()
    {
        let name: String = row.try_get("", "name").unwrap();
        let n: i64 = db
            .query_one_raw(sea_orm::Statement::from_string(
                backend,
                format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM \"{name}\""),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        out.insert(name, n);
    }
    out
}

/// The audit log, oldest first, as its rows' contents.
async fn audit_log(db: &DatabaseConnection) -> Vec<String> {
    use sea_orm::QueryOrder;
    entity::audit_log::Entity::find()
        .order_by_asc(entity::audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| {
            format!(
                "{} {} {} {} {:?} {}",
                a.id,
                a.at.timestamp_micros(),
                a.action,
                a.entity,
                a.entity_id,
                a.changes
            )
        })
        .collect()
}

async fn national_rollup(db: &DatabaseConnection) -> app::model::dashboard::Dashboard {
    let scope = RollupScope {
        approved_only: true,
        ..Default::default()
    };
    compute(db, &scope, &DashboardFilter::default())
        .await
        .unwrap()
}

/// A new, empty database of the same kind to restore into, and its address.
async fn empty_target(backend: Backend) -> (Option<TestDb>, String) {
    match backend {
        Backend::Postgres => {
            let target = TestDb::empty(Backend::Postgres).await;
            let url = target.url();
            (Some(target), url)
        }
        Backend::Sqlite => {
            let path = std::env::temp_dir()
                .join(format!("innocities-restore-{}.db", rand::random::<u64>()));
            (None, format!("sqlite://{}?mode=rwc", path.display()))
        }
    }
}

async fn a_backup_taken_under_writes_restores_whole_into_an_empty_database(t: TestDb) {
    let db = &t.db;
    server::demo::seed(db).await.unwrap();
    let national = app::ssr::services::users::principal_by_email(db, "national@innocities.example")
        .await
        .unwrap()
        .unwrap();
    let open = entity::report::Entity::find()
        .filter(entity::report::Column::Status.ne(ReportState::Approved))
        .one(db)
        .await
        .unwrap()
        .expect("a report to comment on");
    let dir = std::env::temp_dir().join(format!("innocities-backup-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();

    // Comments keep coming while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (db, stop, written) = (db.clone(), stop.clone(), written.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let n = written.fetch_add(1, Ordering::SeqCst);
                app::ssr::services::reporting::workflow::comment(
                    &db,
                    &national,
                    open.id,
                    "",
                    &format!("Kommentti {n}"),
                )
                .await
                .unwrap();
            }
        })
    };
    while written.load(Ordering::SeqCst) < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let under_load = dir.join("under-load.backup");
    backup(&t.url(), &under_load).await.unwrap();
    while written.load(Ordering::SeqCst) < 15 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();

    let (_keep, url) = empty_target(t.backend).await;
    restore(&url, &under_load).await.unwrap();
    let restored = app::ssr::db::connect(&url).await.unwrap();
    let (live_log, restored_log) = (audit_log(db).await, audit_log(&restored).await);
    assert!(
        restored_log.len() < live_log.len(),
        "comments came after the backup"
    );
    assert_eq!(
        restored_log[..],
        live_log[..restored_log.len()],
        "the backup's audit log is the live one's beginning, row for row"
    );
    let (live, back) = (counts(db).await, counts(&restored).await);
    assert_eq!(
        live.keys().collect::<Vec<_>>(),
        back.keys().collect::<Vec<_>>()
    );
    for (table, n) in &back {
        assert!(
            n <= &live[table],
            "{table}: {n} restored, {} live",
            live[table]
        );
    }
    assert!(
        back["report_comment"] >= 5,
        "what was written before is there"
    );
    restored.close().await.unwrap();

    // At rest: the same in every table, the audit log and the national roll-up alike.
    let at_rest = dir.join("at-rest.backup");
    backup(&t.url(), &at_rest).await.unwrap();
    let (_keep_too, url) = empty_target(t.backend).await;
    restore(&url, &at_rest).await.unwrap();
    let restored = app::ssr::db::connect(&url).await.unwrap();
    assert_eq!(counts(&restored).await, counts(db).await);
    assert_eq!(audit_log(&restored).await, audit_log(db).await);
    assert_eq!(national_rollup(&restored).await, national_rollup(db).await);

    // Never over a file, never into a database with tables.
    assert!(backup(&t.url(), &at_rest).await.is_err());
    let refused = restore(&url, &at_rest).await.unwrap_err().to_string();
    assert!(refused.contains("tables"), "{refused}");
    restored.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
