//! Personal API tokens: a user's named keys to the open API (`/api/v1`), each read-only or
//! read-write, with an expiry of at most a year. Only a SHA-256 hash of the secret is kept
//! (the secret is shown once, when the token is made); its first characters stay to tell
//! tokens apart in a list. A revoked token keeps its row, for the audit log's sake.

use crate::dialect;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE api_token (
    id @pk,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    name VARCHAR(100) NOT NULL CHECK (length(trim(name)) > 0),
    secret_hash VARCHAR(64) NOT NULL UNIQUE,
    prefix VARCHAR(12) NOT NULL,
    can_write BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @ts NOT NULL DEFAULT @now,
    expires_at @ts NOT NULL,
    last_used_at @ts NULL,
    revoked_at @ts NULL
);
CREATE INDEX api_token_user_idx ON api_token (user_id, created_at);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(manager, &["api_token"]).await
    }
}
