//! Accessibility feedback: what readers send from the accessibility statement's form, kept
//! for the national team, who answer within 14 days (Act on the Provision of Digital
//! Services 306/2019, section 15).

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE feedback (
    id @pk,
    received_at @ts NOT NULL DEFAULT @now,
    name VARCHAR(200) NULL,
    email VARCHAR(254) NULL,
    page VARCHAR(300) NULL,
    message TEXT NOT NULL CHECK (length(trim(message)) > 0),
    lang VARCHAR(2) NOT NULL DEFAULT 'fi' CHECK (lang IN ('fi', 'sv', 'en')),
    answered_at @ts NULL,
    answered_by INTEGER NULL REFERENCES app_user (id),
    answer_note TEXT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX feedback_open_idx ON feedback (answered_at, received_at);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(manager, &["feedback"]).await
    }
}
