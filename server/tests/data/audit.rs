//! The audit log is append-only in the database itself.

use app::ssr::services::audit::{self, Entry};
use sea_orm::ConnectionTrait;
use server::testing::TestDb;

on_both_backends!(audit_log_refuses_updates_and_deletes);

async fn audit_log_refuses_updates_and_deletes(test: TestDb) {
    let entry = Entry::new("test", "audit_log", None).reason("checking the guard");
    audit::record(&test.db, entry).await.unwrap();
    assert!(
        test.db
            .execute_unprepared("UPDATE audit_log SET action = 'tampered'")
            .await
            .is_err()
    );
    assert!(
        test.db
            .execute_unprepared("DELETE FROM audit_log")
            .await
            .is_err()
    );
    let rows = entity::audit_log::Entity::find()
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "test");
    assert_eq!(rows[0].reason.as_deref(), Some("checking the guard"));
}

use sea_orm::EntityTrait;
