//! Reference tables: regional councils, city regions with their municipalities and ecosystem
//! agreements, themes, actions and funding sources.

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE regional_council (
    id @pk,
    code VARCHAR(40) NOT NULL UNIQUE,
    name_fi VARCHAR(200) NOT NULL,
    name_sv VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    CHECK (length(trim(code)) > 0 AND length(trim(name_fi)) > 0)
);
CREATE TABLE city_region (
    id @pk,
    code VARCHAR(40) NOT NULL UNIQUE,
    name_fi VARCHAR(200) NOT NULL,
    name_sv VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    council_id INTEGER NOT NULL REFERENCES regional_council (id),
    population INTEGER NULL CHECK (population IS NULL OR population > 0),
    -- map position in thousandths of a degree (WGS84), exact integers
    latitude_milli INTEGER NOT NULL CHECK (latitude_milli BETWEEN 59000 AND 71000),
    longitude_milli INTEGER NOT NULL CHECK (longitude_milli BETWEEN 19000 AND 32000),
    sort_order INTEGER NOT NULL DEFAULT 0,
    CHECK (length(trim(code)) > 0 AND length(trim(name_fi)) > 0)
);
CREATE INDEX city_region_council_idx ON city_region (council_id);
CREATE TABLE municipality (
    id @pk,
    region_id INTEGER NOT NULL REFERENCES city_region (id) ON DELETE CASCADE,
    name_fi VARCHAR(120) NOT NULL,
    name_sv VARCHAR(120) NOT NULL,
    kind VARCHAR(20) NOT NULL CHECK (kind IN ('city', 'municipality')),
    UNIQUE (region_id, name_fi)
);
CREATE TABLE ecosystem_agreement (
    id @pk,
    region_id INTEGER NOT NULL UNIQUE REFERENCES city_region (id) ON DELETE CASCADE,
    signed_on DATE NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    focus_fi TEXT NOT NULL,
    focus_sv TEXT NOT NULL,
    focus_en TEXT NOT NULL,
    CHECK (starts_on <= ends_on)
);
CREATE TABLE theme (
    id @pk,
    code VARCHAR(40) NOT NULL UNIQUE,
    name_fi VARCHAR(200) NOT NULL,
    name_sv VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE action (
    id @pk,
    code VARCHAR(40) NOT NULL UNIQUE,
    name_fi VARCHAR(200) NOT NULL,
    name_sv VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE funding_source (
    id @pk,
    code VARCHAR(20) NOT NULL UNIQUE
        CHECK (code IN ('eu', 'state', 'city', 'other_public', 'private')),
    name_fi VARCHAR(120) NOT NULL,
    name_sv VARCHAR(120) NOT NULL,
    name_en VARCHAR(120) NOT NULL,
    is_public BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(
            manager,
            &[
                "funding_source",
                "action",
                "theme",
                "ecosystem_agreement",
                "municipality",
                "city_region",
                "regional_council",
            ],
        )
        .await
    }
}
