//! Security: sessions carry their owner (so a user can list and end them, and disabling an
//! account ends them all) and a public handle; failed sign-ins are counted per account and
//! per client address for throttling.

use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE session ADD COLUMN user_id INTEGER NULL;
ALTER TABLE session ADD COLUMN handle VARCHAR(32) NULL;
ALTER TABLE session ADD COLUMN signed_in_at_unix BIGINT NULL;
ALTER TABLE session ADD COLUMN client_addr VARCHAR(64) NULL;
ALTER TABLE session ADD COLUMN user_agent VARCHAR(300) NULL;
CREATE INDEX session_user_idx ON session (user_id);
CREATE TABLE login_throttle (
    throttle_key VARCHAR(320) NOT NULL PRIMARY KEY,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_unix BIGINT NOT NULL,
    blocked_until_unix BIGINT NOT NULL DEFAULT 0
);
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(manager, &["login_throttle"]).await?;
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS session_user_idx")
            .await?;
        for column in [
            "user_agent",
            "client_addr",
            "signed_in_at_unix",
            "handle",
            "user_id",
        ] {
            db.execute_unprepared(&format!("ALTER TABLE session DROP COLUMN {column}"))
                .await?;
        }
        Ok(())
    }
}
