//! An import's rows are checked in the background: its batch says how many rows it has,
//! how many have been checked while the check runs (none once the preview is stored), and
//! why a check that failed did.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [(&str, &str); 3] = [
    ("rows_total", "INTEGER NOT NULL DEFAULT 0"),
    ("rows_checked", "INTEGER NULL"),
    ("check_error", "VARCHAR(40) NULL"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (column, definition) in COLUMNS {
            db.execute_unprepared(&format!(
                "ALTER TABLE import_batch ADD COLUMN {column} {definition}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (column, _) in COLUMNS.iter().rev() {
            db.execute_unprepared(&format!("ALTER TABLE import_batch DROP COLUMN {column}"))
                .await?;
        }
        Ok(())
    }
}
