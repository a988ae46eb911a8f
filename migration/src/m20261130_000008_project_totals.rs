//! Each package keeps the number of its subprojects and its planned money (cents), kept
//! current by every write of subprojects and funding, so the project list and its totals
//! need no per-row sub-queries at national scale.

use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE project ADD COLUMN subproject_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE project ADD COLUMN planned_cents BIGINT NOT NULL DEFAULT 0;
UPDATE project SET
  subproject_count = (SELECT COUNT(*) FROM subproject s WHERE s.project_id = project.id),
  planned_cents = COALESCE((SELECT SUM(fl.amount_cents) FROM funding_line fl
    JOIN subproject s ON s.id = fl.subproject_id
    WHERE s.project_id = project.id AND fl.kind = 'planned'), 0);
CREATE INDEX subproject_region_project_idx ON subproject (region_id, project_id);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS subproject_region_project_idx")
            .await?;
        db.execute_unprepared("ALTER TABLE project DROP COLUMN planned_cents")
            .await?;
        db.execute_unprepared("ALTER TABLE project DROP COLUMN subproject_count")
            .await?;
        Ok(())
    }
}
