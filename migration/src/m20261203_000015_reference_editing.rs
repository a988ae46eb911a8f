//! Reference data that the national team and admins edit in the app: a version on city
//! regions, regional councils and ecosystem agreements (so that concurrent edits never
//! overwrite each other silently), a region's own funding frame in its agreement (a
//! coordinator's dashboard compares with it), and an organisation's home municipality.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: [&str; 5] = [
    "ALTER TABLE city_region ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE regional_council ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE ecosystem_agreement ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE ecosystem_agreement ADD COLUMN frame_cents BIGINT NULL \
     CHECK (frame_cents IS NULL OR frame_cents >= 0)",
    "ALTER TABLE organisation ADD COLUMN municipality VARCHAR(120) NULL",
];

const DOWN: [(&str, &str); 5] = [
    ("organisation", "municipality"),
    ("ecosystem_agreement", "frame_cents"),
    ("ecosystem_agreement", "version"),
    ("regional_council", "version"),
    ("city_region", "version"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for statement in UP {
            manager
                .get_connection()
                .execute_unprepared(statement)
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in DOWN {
            let sql = format!("ALTER TABLE {table} DROP COLUMN {column}");
            manager.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
