//! Case studies (success stories) in three languages, linked to projects.

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE case_study (
    id @pk,
    region_id INTEGER NOT NULL REFERENCES city_region (id),
    title_fi VARCHAR(300) NOT NULL CHECK (length(trim(title_fi)) > 0),
    title_sv VARCHAR(300) NULL,
    title_en VARCHAR(300) NULL,
    body_fi TEXT NOT NULL DEFAULT '',
    body_sv TEXT NULL,
    body_en TEXT NULL,
    is_published BOOLEAN NOT NULL DEFAULT FALSE,
    published_at @ts NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at @ts NOT NULL DEFAULT @now,
    updated_at @ts NOT NULL DEFAULT @now,
    CHECK (is_published = FALSE OR published_at IS NOT NULL)
);
CREATE TABLE case_study_project (
    case_study_id INTEGER NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    PRIMARY KEY (case_study_id, project_id)
);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(manager, &["case_study_project", "case_study"]).await
    }
}
