//! The record an audit entry belongs under: a subproject's entries name their package, so the
//! package's history still shows a subproject after it was deleted. Earlier entries have none
//! (their subprojects are found by their own ids while they exist).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE audit_log ADD COLUMN parent_id VARCHAR(64)")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX audit_log_entity_parent ON audit_log (entity, parent_id)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX audit_log_entity_parent")
            .await?;
        db.execute_unprepared("ALTER TABLE audit_log DROP COLUMN parent_id")
            .await?;
        Ok(())
    }
}
