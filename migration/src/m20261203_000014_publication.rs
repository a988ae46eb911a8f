//! Publications of the programme's key figures.
//!
//! The public page and the open key-figures JSON show what the national team has published,
//! not the register as it stands: a coordinator's unreviewed edit must never reach the
//! public. Each publication keeps the figures as JSON with who published them, when, the
//! data version they were computed at (`rollup_version`, to tell what changed since) and a
//! note. A publication is never changed or removed; triggers keep it that way.

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE publication (
    id @pk,
    published_at @ts NOT NULL DEFAULT @now,
    published_by INTEGER NULL REFERENCES app_user (id),
    data_version BIGINT NOT NULL DEFAULT 0,
    figures TEXT NOT NULL,
    note TEXT NULL
);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await?;
        dialect::append_only(manager, "publication", "a publication is final").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_append_only(manager, "publication").await
    }
}
