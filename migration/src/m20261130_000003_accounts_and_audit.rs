//! Accounts and accountability: users, role assignments scoped to city regions, the session
//! store of tower-sessions, and the append-only audit log (guarded by triggers on both backends).

use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE app_user (
    id @pk,
    email VARCHAR(254) NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    display_name VARCHAR(200) NOT NULL CHECK (length(trim(display_name)) > 0),
    password_hash VARCHAR(255) NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    locale VARCHAR(2) NOT NULL DEFAULT 'fi' CHECK (locale IN ('fi', 'sv', 'en')),
    -- bumped whenever the password changes or the account is disabled: sessions carrying an
    -- older value are no longer valid
    session_epoch INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at @ts NOT NULL DEFAULT @now,
    updated_at @ts NOT NULL DEFAULT @now,
    last_login_at @ts NULL
);
CREATE TABLE role_assignment (
    id @pk,
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role VARCHAR(30) NOT NULL CHECK (role IN ('city_coordinator', 'national_coordinator',
        'ministry_viewer', 'admin')),
    region_id INTEGER NULL REFERENCES city_region (id),
    created_at @ts NOT NULL DEFAULT @now,
    CHECK ((role = 'city_coordinator') = (region_id IS NOT NULL))
);
CREATE UNIQUE INDEX role_assignment_scoped_uniq ON role_assignment (user_id, role, region_id)
    WHERE region_id IS NOT NULL;
CREATE UNIQUE INDEX role_assignment_global_uniq ON role_assignment (user_id, role)
    WHERE region_id IS NULL;
CREATE TABLE session (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at_unix BIGINT NOT NULL
);
CREATE INDEX session_expiry_idx ON session (expires_at_unix);
CREATE TABLE audit_log (
    id @pk,
    at @ts NOT NULL DEFAULT @now,
    user_id INTEGER NULL REFERENCES app_user (id),
    action VARCHAR(60) NOT NULL,
    entity VARCHAR(60) NOT NULL,
    entity_id VARCHAR(60) NULL,
    -- JSON: {"field": {"old": …, "new": …}, …}; never passwords or tokens
    changes TEXT NOT NULL DEFAULT '{}',
    reason TEXT NULL,
    client_addr VARCHAR(64) NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
"#;

const SQLITE_GUARDS: [&str; 2] = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
];

const POSTGRES_GUARDS: [&str; 2] = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
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
        dialect::drop_tables(
            manager,
            &["audit_log", "session", "role_assignment", "app_user"],
        )
        .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only()")
                .await?;
        }
        Ok(())
    }
}
