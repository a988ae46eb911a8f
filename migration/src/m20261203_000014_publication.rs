//! Publications of the programme's key figures.
//!
//! The public page and the open key-figures JSON show what the national team has published,
//! not the register as it stands: a coordinator's unreviewed edit must never reach the
//! public. Each publication keeps the figures as JSON with who published them, when, the
//! data version they were computed at (`rollup_version`, to tell what changed since) and a
//! note. A publication is never changed or removed; triggers keep it that way.

use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

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

const SQLITE_GUARDS: [&str; 2] = [
    "CREATE TRIGGER publication_no_update BEFORE UPDATE ON publication \
     BEGIN SELECT RAISE(ABORT, 'a publication is final'); END",
    "CREATE TRIGGER publication_no_delete BEFORE DELETE ON publication \
     BEGIN SELECT RAISE(ABORT, 'a publication is final'); END",
];

const POSTGRES_GUARDS: [&str; 2] = [
    "CREATE FUNCTION publication_final() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'a publication is final'; END; $$",
    "CREATE TRIGGER publication_final BEFORE UPDATE OR DELETE ON publication \
     FOR EACH ROW EXECUTE FUNCTION publication_final()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await?;
        let guards = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_GUARDS,
            _ => SQLITE_GUARDS,
        };
        for guard in guards {
            manager.get_connection().execute_unprepared(guard).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::drop_tables(manager, &["publication"]).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS publication_final()")
                .await?;
        }
        Ok(())
    }
}
