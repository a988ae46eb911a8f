//! Change counters by a sixteenth of a region (migration 20 kept one per region). A region's
//! rows are split into [`SHARDS`] parts by a hash of their id: a subproject and what hangs on
//! it (money, reports, indicator values and their companies, targets) count in part
//! `region_id * SHARDS + shard(subproject id)`; a package in the part of its own id in its
//! region, and also in its subprojects' parts (its theme and actions decide where they
//! count). The shard is taken from the middle bits of the id times a large odd number (a
//! multiplicative hash), not the id's last bits: ids given out in turn to the regions would
//! otherwise all fall into one or two of a region's parts. After an approval only the part of the report's subproject is computed again: at
//! national scale about 400 subprojects instead of a region's 6 250.
//!
//! A subproject's change also moves its package's part: whether a package has subprojects
//! decides whether it counts as an individual project there. The counters of the indicator
//! catalogue, the periods and the frozen roll-ups stay as they were (migration 20).

use crate::m20261206_000020_rollup_parts::{
    REGIONAL, drop_regional, new_region_triggers, postgres_regional, sqlite_regional,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// How many parts a region's rows are split into (the application splits its figures the
/// same way: `app::ssr::rollup::parts::SHARDS`).
pub const SHARDS: i32 = 16;

/// The multiplier of the shard's hash (Knuth's, 2^32 over the golden ratio).
pub const MIX: i64 = 2_654_435_761;

/// The part of a row of a table with a `region_id`, as SQL over its columns (64-bit
/// arithmetic on both databases; the id is at most 2^31, so the product fits). The
/// application's queries spell it the same (`app::ssr::rollup::parts::part_sql`), which
/// SQLite needs to use the index on it.
fn part_of_row() -> String {
    part_with("")
}

/// The part of row `alias`, as SQL.
fn part(alias: &str) -> String {
    part_with(&format!("{alias}."))
}

fn part_with(prefix: &str) -> String {
    format!(
        "{prefix}region_id * {SHARDS} + CAST(({prefix}id * {MIX} / 65536) % {SHARDS} AS INTEGER)"
    )
}

/// Each table whose rows count in parts, with the parts a row `{r}` counts in (a query of
/// one column).
fn regional() -> Vec<(&'static str, String)> {
    let (s, p) = (part("s"), part("p"));
    let by_subproject = format!("SELECT {s} FROM subproject s WHERE s.id = {{r}}.subproject_id");
    vec![
        (
            "project",
            format!(
                "SELECT {} UNION SELECT {s} FROM subproject s WHERE s.project_id = {{r}}.id",
                part("{r}")
            ),
        ),
        (
            "project_action",
            format!(
                "SELECT {p} FROM project p WHERE p.id = {{r}}.project_id \
                 UNION SELECT {s} FROM subproject s WHERE s.project_id = {{r}}.project_id"
            ),
        ),
        (
            "subproject",
            format!(
                "SELECT {} UNION SELECT {p} FROM project p WHERE p.id = {{r}}.project_id",
                part("{r}")
            ),
        ),
        ("funding_line", by_subproject.clone()),
        ("report", by_subproject.clone()),
        ("indicator_target", by_subproject),
        (
            "indicator_actual",
            format!(
                "SELECT {s} FROM report rp JOIN subproject s ON s.id = rp.subproject_id \
                 WHERE rp.id = {{r}}.report_id"
            ),
        ),
        (
            "indicator_actual_company",
            format!(
                "SELECT {s} FROM indicator_actual a JOIN report rp ON rp.id = a.report_id \
                 JOIN subproject s ON s.id = rp.subproject_id WHERE a.id = {{r}}.actual_id"
            ),
        ),
    ]
}

/// The shards `0..SHARDS` as a query of one column `k`.
fn shards() -> String {
    (0..SHARDS)
        .map(|k| format!("SELECT {k} AS k"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// The counters of every region's parts, all at zero (a region's counter of migration 20
/// goes: its number is a part's now).
async fn reset_counters(db: &impl ConnectionTrait, per_region: i32) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM rollup_part_version WHERE part > 0")
        .await?;
    let sql = if per_region == 1 {
        "INSERT INTO rollup_part_version (part, n) SELECT id, 0 FROM city_region".to_string()
    } else {
        format!(
            "INSERT INTO rollup_part_version (part, n) \
             SELECT r.id * {SHARDS} + k.k, 0 FROM city_region r CROSS JOIN ({}) k",
            shards()
        )
    };
    db.execute_unprepared(&sql).await?;
    Ok(())
}

fn tables() -> Vec<&'static str> {
    REGIONAL.iter().map(|(t, _)| *t).collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        drop_regional(db, postgres, &tables()).await?;
        reset_counters(db, SHARDS).await?;
        // A part's rows are found by their part (PostgreSQL would otherwise read a region's
        // every row, spread over as many pages, to find a sixteenth of them).
        for table in ["subproject", "project"] {
            db.execute_unprepared(&format!(
                "CREATE INDEX {table}_part_idx ON {table} (({}))",
                part_of_row()
            ))
            .await?;
        }
        let regional = regional();
        let regional: Vec<(&str, &str)> = regional.iter().map(|(t, q)| (*t, q.as_str())).collect();
        // A new region's parts have counters from its insert on.
        let new_parts = format!(
            "SELECT x.id * {SHARDS} + k.k AS part FROM {{rows}} CROSS JOIN ({}) k",
            shards()
        );
        install(db, postgres, &regional, &new_parts).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        drop_regional(db, postgres, &tables()).await?;
        reset_counters(db, 1).await?;
        for table in ["subproject", "project"] {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {table}_part_idx"))
                .await?;
        }
        install(db, postgres, &REGIONAL, "SELECT x.id AS part FROM {rows}").await
    }
}

/// Makes the triggers of `regional` (see [`sqlite_regional`]) and the one that gives a new
/// region the counters `new_parts` names (see [`new_region_triggers`]).
async fn install(
    db: &impl ConnectionTrait,
    postgres: bool,
    regional: &[(&str, &str)],
    new_parts: &str,
) -> Result<(), DbErr> {
    let mut statements = if postgres {
        postgres_regional(regional)
    } else {
        sqlite_regional(regional)
    };
    statements.extend(new_region_triggers(postgres, new_parts));
    for statement in statements {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}
