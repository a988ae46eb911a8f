//! Frozen period roll-ups and the programme's funding frame.
//!
//! When the national team closes a reporting period, the national roll-up (approved data up
//! to the period's end) is stored once as JSON; later edits do not change it, and triggers
//! keep it that way. The funding frame (nearly 200 M€ for 2021–2027) is an editable setting.

use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE rollup_snapshot (
    id @pk,
    period_id INTEGER NOT NULL UNIQUE REFERENCES reporting_period (id),
    taken_at @ts NOT NULL DEFAULT @now,
    taken_by INTEGER NULL REFERENCES app_user (id),
    data TEXT NOT NULL
);
CREATE TABLE programme_setting (
    setting_key VARCHAR(40) PRIMARY KEY,
    setting_value TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at @ts NOT NULL DEFAULT @now
);
INSERT INTO programme_setting (setting_key, setting_value) VALUES ('frame_cents', '20000000000');
"#;

const SQLITE_GUARDS: [&str; 2] = [
    "CREATE TRIGGER rollup_snapshot_no_update BEFORE UPDATE ON rollup_snapshot \
     BEGIN SELECT RAISE(ABORT, 'a snapshot is frozen'); END",
    "CREATE TRIGGER rollup_snapshot_no_delete BEFORE DELETE ON rollup_snapshot \
     BEGIN SELECT RAISE(ABORT, 'a snapshot is frozen'); END",
];

const POSTGRES_GUARDS: [&str; 2] = [
    "CREATE FUNCTION rollup_snapshot_frozen() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'a snapshot is frozen'; END; $$",
    "CREATE TRIGGER rollup_snapshot_frozen BEFORE UPDATE OR DELETE ON rollup_snapshot \
     FOR EACH ROW EXECUTE FUNCTION rollup_snapshot_frozen()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await?;
        let guards = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_GUARDS,
            _ => SQLITE_GUARDS,
        };
        for guard in guards {
            manager.get_connection().execute_unprepared(guard).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(manager, &["programme_setting", "rollup_snapshot"]).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS rollup_snapshot_frozen()")
                .await?;
        }
        Ok(())
    }
}
