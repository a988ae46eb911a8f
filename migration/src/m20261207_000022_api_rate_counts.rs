//! The open API's rate limits, shared by every instance: requests per key (`token:…` or
//! `addr:…`) in each one-minute window. An instance counts in memory and adds its counts here
//! about once a second (`server/src/api_v1/limits.rs`), so a limit holds across instances.
//! Only the current and the previous window are kept. On PostgreSQL the table is `UNLOGGED`:
//! the counts are worth no write-ahead log, and a crash that empties them forgives at most a
//! minute's requests.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: &str = "(
    rate_key VARCHAR(100) NOT NULL,
    window_minute BIGINT NOT NULL,
    requests BIGINT NOT NULL CHECK (requests >= 0),
    PRIMARY KEY (rate_key, window_minute)
)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let create = match manager.get_database_backend() {
            DbBackend::Postgres => "CREATE UNLOGGED TABLE",
            _ => "CREATE TABLE",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!("{create} api_rate_count {COLUMNS}"))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::dialect::drop_tables(manager, &["api_rate_count"]).await
    }
}
