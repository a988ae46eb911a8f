//! Tightens the lock of an approved report (migration 9): the only change an approved report
//! accepts is reopening – its status to `returned` with its content, subproject and period
//! unchanged. Before, any status change let the same statement rewrite the narrative too.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const LOCKED: &str = "report is approved and locked";

/// The columns an approved report keeps when it is reopened.
const KEPT: [&str; 5] = [
    "progress",
    "problems",
    "next_steps",
    "subproject_id",
    "period_id",
];

/// The condition (on OLD and NEW) under which an update of an approved report is refused;
/// `distinct` is the backend's null-safe inequality.
fn refused(distinct: &str) -> String {
    let changed: Vec<String> = KEPT
        .iter()
        .map(|c| format!("NEW.{c} {distinct} OLD.{c}"))
        .collect();
    format!(
        "OLD.status = 'approved' AND (NEW.status <> 'returned' OR {})",
        changed.join(" OR ")
    )
}

fn postgres_function(update_refused: &str) -> String {
    format!(
        "CREATE OR REPLACE FUNCTION report_locked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF TG_OP = 'DELETE' AND OLD.status = 'approved' THEN RAISE EXCEPTION '{LOCKED}'; END IF; \
         IF TG_OP = 'UPDATE' AND {update_refused} THEN RAISE EXCEPTION '{LOCKED}'; END IF; \
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$"
    )
}

/// Replaces the SQLite trigger `old` with `new` guarding by `when`. The new one is created
/// before the old one goes (a drop followed by a create of the same name failed through
/// sqlx with "already exists").
fn sqlite_trigger(old: &str, new: &str, when: &str) -> [String; 2] {
    [
        format!(
            "CREATE TRIGGER {new} BEFORE UPDATE ON report FOR EACH ROW WHEN {when} \
             BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
        ),
        format!("DROP TRIGGER IF EXISTS {old}"),
    ]
}

/// Migration 9's SQLite trigger, and this migration's.
const OLD_TRIGGER: &str = "report_locked_update";
const NEW_TRIGGER: &str = "report_locked_reopen_only";

/// Migration 9's rule: refused only while the report stays approved.
const OLD_RULE: &str = "OLD.status = 'approved' AND NEW.status = 'approved'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&postgres_function(&refused("IS DISTINCT FROM")))
                    .await?;
            }
            _ => {
                for statement in sqlite_trigger(OLD_TRIGGER, NEW_TRIGGER, &refused("IS NOT")) {
                    db.execute_unprepared(&statement).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&postgres_function(OLD_RULE)).await?;
            }
            _ => {
                for statement in sqlite_trigger(NEW_TRIGGER, OLD_TRIGGER, OLD_RULE) {
                    db.execute_unprepared(&statement).await?;
                }
            }
        }
        Ok(())
    }
}
