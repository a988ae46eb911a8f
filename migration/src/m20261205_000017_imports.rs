//! Spreadsheet imports: each uploaded file is a batch kept with its cells, the column
//! mapping chosen for it and its preview, until it is committed (then it stays as the
//! record of import #N); and named column mappings saved for a city region to reuse.

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE import_batch (
    id @pk,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    kind VARCHAR(20) NOT NULL,
    file_name VARCHAR(300) NOT NULL,
    sheet VARCHAR(100) NULL,
    policy VARCHAR(10) NOT NULL DEFAULT 'update' CHECK (policy IN ('update', 'add_only')),
    state VARCHAR(10) NOT NULL DEFAULT 'previewed' CHECK (state IN ('previewed', 'committed')),
    headings TEXT NOT NULL,
    cells TEXT NOT NULL,
    mapping TEXT NOT NULL,
    preview TEXT NOT NULL,
    rows_new INTEGER NOT NULL DEFAULT 0,
    rows_changed INTEGER NOT NULL DEFAULT 0,
    created_at @ts NOT NULL DEFAULT @now,
    committed_at @ts NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX import_batch_user_idx ON import_batch (user_id, created_at);
CREATE TABLE import_mapping (
    id @pk,
    region_id INTEGER NOT NULL REFERENCES city_region (id),
    kind VARCHAR(20) NOT NULL,
    name VARCHAR(100) NOT NULL CHECK (length(trim(name)) > 0),
    mapping TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES app_user (id),
    created_at @ts NOT NULL DEFAULT @now,
    UNIQUE (region_id, kind, name)
);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(manager, &["import_mapping", "import_batch"]).await
    }
}
