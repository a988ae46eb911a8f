//! Append-only schema migrations of InnoCities Monitor, one file per migration.
//!
//! The schema is written as SQL with a few portable tokens (see [`dialect`]) so that the same
//! text creates the same tables, constraints and indexes on SQLite and PostgreSQL.
//! Never edit a migration that has been released; add a new one.

pub use sea_orm_migration::prelude::*;

pub mod dialect;
mod m20261130_000001_reference_tables;
mod m20261130_000002_register_tables;
mod m20261130_000003_accounts_and_audit;
mod m20261130_000004_reporting_tables;
mod m20261130_000005_case_studies;
mod m20261130_000006_reference_data;
mod m20261130_000007_session_owner_and_login_throttle;
mod m20261130_000008_project_totals;
mod m20261130_000009_approved_report_lock;
mod m20261130_000010_snapshots_and_frame;
mod m20261202_000011_report_lock_reopen_only;
mod m20261202_000012_rollup_version;
mod m20261202_000013_audit_parent;
mod m20261203_000014_publication;
mod m20261203_000015_reference_editing;
mod m20261203_000016_feedback;
mod m20261205_000017_imports;
mod m20261206_000018_import_progress;
mod m20261206_000019_api_tokens;
mod m20261206_000020_rollup_parts;
mod m20261206_000021_rollup_part_shards;
mod m20261207_000022_api_rate_counts;
pub mod reference;

/// All migrations in the order they are applied.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_reference_tables::Migration),
            Box::new(m20261130_000002_register_tables::Migration),
            Box::new(m20261130_000003_accounts_and_audit::Migration),
            Box::new(m20261130_000004_reporting_tables::Migration),
            Box::new(m20261130_000005_case_studies::Migration),
            Box::new(m20261130_000006_reference_data::Migration),
            Box::new(m20261130_000007_session_owner_and_login_throttle::Migration),
            Box::new(m20261130_000008_project_totals::Migration),
            Box::new(m20261130_000009_approved_report_lock::Migration),
            Box::new(m20261130_000010_snapshots_and_frame::Migration),
            Box::new(m20261202_000011_report_lock_reopen_only::Migration),
            Box::new(m20261202_000012_rollup_version::Migration),
            Box::new(m20261202_000013_audit_parent::Migration),
            Box::new(m20261203_000014_publication::Migration),
            Box::new(m20261203_000015_reference_editing::Migration),
            Box::new(m20261203_000016_feedback::Migration),
            Box::new(m20261205_000017_imports::Migration),
            Box::new(m20261206_000018_import_progress::Migration),
            Box::new(m20261206_000019_api_tokens::Migration),
            Box::new(m20261206_000020_rollup_parts::Migration),
            Box::new(m20261206_000021_rollup_part_shards::Migration),
            Box::new(m20261207_000022_api_rate_counts::Migration),
        ]
    }
}
