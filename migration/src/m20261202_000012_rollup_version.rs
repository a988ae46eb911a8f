//! A change counter for everything the roll-ups read. Triggers on each of those tables add
//! one in the same transaction as the change, so a reader that saw version `n` has seen
//! every change committed up to `n`, and any later commit moves it on. The application keeps
//! computed roll-ups (dashboards, the public key figures) against the version they were
//! computed at and recomputes only when it moved: aggregates kept current on every change,
//! for any number of server instances sharing the database.
//!
//! PostgreSQL counts once per statement; SQLite (which has no statement triggers) once per
//! row, which only makes the number grow faster.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables whose rows any roll-up, dashboard, snapshot or the public figures read.
pub const WATCHED: [&str; 19] = [
    "project",
    "project_action",
    "subproject",
    "funding_line",
    "report",
    "indicator_actual",
    "indicator_actual_company",
    "indicator_target",
    "indicator",
    "reporting_period",
    "rollup_snapshot",
    "programme_setting",
    "city_region",
    "theme",
    "action",
    "regional_council",
    "organisation",
    "case_study",
    "case_study_project",
];

const EVENTS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

const BUMP: &str = "UPDATE rollup_version SET n = n + 1 WHERE id = 1";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE rollup_version (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO rollup_version (id, n) VALUES (1, 0)")
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION rollup_changed() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN {BUMP}; RETURN NULL; END; $$"
            ))
            .await?;
            for table in WATCHED {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {table}_rollup_changed AFTER INSERT OR UPDATE OR DELETE \
                     OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION rollup_changed()"
                ))
                .await?;
            }
        } else {
            for table in WATCHED {
                for event in EVENTS {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_rollup_changed_{} AFTER {event} ON {table} \
                         BEGIN {BUMP}; END",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            for table in WATCHED {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS {table}_rollup_changed ON {table}"
                ))
                .await?;
            }
            db.execute_unprepared("DROP FUNCTION IF EXISTS rollup_changed()")
                .await?;
        } else {
            for table in WATCHED {
                for event in EVENTS {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_rollup_changed_{}",
                        event.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        db.execute_unprepared("DROP TABLE IF EXISTS rollup_version")
            .await?;
        Ok(())
    }
}
