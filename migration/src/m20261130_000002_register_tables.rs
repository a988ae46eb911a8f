//! The project register: organisations, project packages with their actions, and subprojects.

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE organisation (
    id @pk,
    business_id VARCHAR(9) NOT NULL UNIQUE CHECK (length(business_id) = 9 AND substr(business_id, 8, 1) = '-'),
    name VARCHAR(200) NOT NULL CHECK (length(trim(name)) > 0),
    kind VARCHAR(30) NOT NULL CHECK (kind IN ('university', 'university_of_applied_sciences',
        'research_institute', 'city', 'city_company', 'company', 'association', 'other_public')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at @ts NOT NULL DEFAULT @now,
    updated_at @ts NOT NULL DEFAULT @now
);
CREATE TABLE project (
    id @pk,
    code VARCHAR(40) NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name_fi VARCHAR(300) NOT NULL CHECK (length(trim(name_fi)) > 0),
    name_sv VARCHAR(300) NULL,
    name_en VARCHAR(300) NULL,
    description_fi TEXT NOT NULL DEFAULT '',
    description_sv TEXT NULL,
    description_en TEXT NULL,
    region_id INTEGER NOT NULL REFERENCES city_region (id),
    is_national_lead BOOLEAN NOT NULL DEFAULT FALSE,
    theme_id INTEGER NOT NULL REFERENCES theme (id),
    council_id INTEGER NOT NULL REFERENCES regional_council (id),
    lead_organisation_id INTEGER NULL REFERENCES organisation (id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('planned', 'ongoing', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at @ts NOT NULL DEFAULT @now,
    updated_at @ts NOT NULL DEFAULT @now,
    CHECK (starts_on <= ends_on)
);
CREATE INDEX project_region_idx ON project (region_id);
CREATE INDEX project_theme_idx ON project (theme_id);
CREATE INDEX project_council_idx ON project (council_id);
CREATE INDEX project_status_idx ON project (status);
CREATE TABLE project_action (
    project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES action (id),
    PRIMARY KEY (project_id, action_id)
);
CREATE INDEX project_action_action_idx ON project_action (action_id);
CREATE TABLE subproject (
    id @pk,
    project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    code VARCHAR(40) NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    name_fi VARCHAR(300) NOT NULL CHECK (length(trim(name_fi)) > 0),
    name_sv VARCHAR(300) NULL,
    name_en VARCHAR(300) NULL,
    description_fi TEXT NOT NULL DEFAULT '',
    description_sv TEXT NULL,
    description_en TEXT NULL,
    region_id INTEGER NOT NULL REFERENCES city_region (id),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    council_id INTEGER NOT NULL REFERENCES regional_council (id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    status VARCHAR(16) NOT NULL CHECK (status IN ('planned', 'ongoing', 'closed')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at @ts NOT NULL DEFAULT @now,
    updated_at @ts NOT NULL DEFAULT @now,
    CHECK (starts_on <= ends_on)
);
CREATE INDEX subproject_project_idx ON subproject (project_id);
CREATE INDEX subproject_region_idx ON subproject (region_id);
CREATE INDEX subproject_organisation_idx ON subproject (organisation_id);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(
            manager,
            &["subproject", "project_action", "project", "organisation"],
        )
        .await
    }
}
