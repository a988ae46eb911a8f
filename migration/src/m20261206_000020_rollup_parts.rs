//! Change counters by part of the data, beside the one for everything (migration 12): one per
//! city region, moved by every change to a row that counts in that region's roll-up (its
//! packages, subprojects, money, reports, indicator values and targets), one for what every
//! region's roll-up reads ([`GLOBAL`]: the indicator catalogue and the periods), and one for
//! the frozen roll-ups the trend reads ([`SNAPSHOTS`]). The application computes each
//! region's part of a roll-up once per (global, region) version, so after an approval only
//! that region's part is computed again and the national figures are added up from the
//! parts in memory.
//!
//! Triggers keep the counters in the same transaction as the change: on SQLite per row, on
//! PostgreSQL per statement over its transition tables (one counter update per statement,
//! however many rows it touched). A row's region is read from the row or its parent; a row
//! removed with its parent counts through the parent's own change. A package's change also
//! counts for its subprojects' regions (a theme or action decides where they count).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The counter of what every region's part reads.
pub const GLOBAL: i32 = 0;
/// The counter of the frozen roll-ups (the trend).
pub const SNAPSHOTS: i32 = -1;

/// Each table whose rows count in one region's part, with the regions a row `{r}` counts in
/// (a query of one column).
pub(crate) const REGIONAL: [(&str, &str); 8] = [
    (
        "project",
        "SELECT {r}.region_id UNION SELECT s.region_id FROM subproject s WHERE s.project_id = {r}.id",
    ),
    (
        "project_action",
        "SELECT p.region_id FROM project p WHERE p.id = {r}.project_id \
         UNION SELECT s.region_id FROM subproject s WHERE s.project_id = {r}.project_id",
    ),
    ("subproject", "SELECT {r}.region_id"),
    (
        "funding_line",
        "SELECT s.region_id FROM subproject s WHERE s.id = {r}.subproject_id",
    ),
    (
        "report",
        "SELECT s.region_id FROM subproject s WHERE s.id = {r}.subproject_id",
    ),
    (
        "indicator_target",
        "SELECT s.region_id FROM subproject s WHERE s.id = {r}.subproject_id",
    ),
    (
        "indicator_actual",
        "SELECT s.region_id FROM report rp JOIN subproject s ON s.id = rp.subproject_id \
         WHERE rp.id = {r}.report_id",
    ),
    (
        "indicator_actual_company",
        "SELECT s.region_id FROM indicator_actual a JOIN report rp ON rp.id = a.report_id \
         JOIN subproject s ON s.id = rp.subproject_id WHERE a.id = {r}.actual_id",
    ),
];

/// Tables whose change moves fixed counters.
const FIXED: [(&str, &str); 3] = [
    ("indicator", "0"),
    ("reporting_period", "0, -1"),
    ("rollup_snapshot", "-1"),
];

pub(crate) const EVENTS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

pub(crate) fn bump(parts: &str) -> String {
    format!("UPDATE rollup_part_version SET n = n + 1 WHERE part IN ({parts})")
}

/// SQLite triggers that move the counters of the parts (a query of one column over `{r}`)
/// each row of each table counts in.
pub(crate) fn sqlite_regional(regional: &[(&str, &str)]) -> Vec<String> {
    let mut sql = Vec::new();
    for (table, regions) in regional {
        for event in EVENTS {
            let parts = match event {
                "INSERT" => regions.replace("{r}", "NEW"),
                "DELETE" => regions.replace("{r}", "OLD"),
                _ => format!(
                    "{} UNION {}",
                    regions.replace("{r}", "NEW"),
                    regions.replace("{r}", "OLD")
                ),
            };
            sql.push(format!(
                "CREATE TRIGGER {table}_parts_{} AFTER {event} ON {table} BEGIN {}; END",
                event.to_lowercase(),
                bump(&parts)
            ));
        }
    }
    sql
}

fn sqlite_up() -> Vec<String> {
    let mut sql = sqlite_regional(&REGIONAL);
    for (table, parts) in FIXED {
        for event in EVENTS {
            sql.push(format!(
                "CREATE TRIGGER {table}_parts_{} AFTER {event} ON {table} BEGIN {}; END",
                event.to_lowercase(),
                bump(parts)
            ));
        }
    }
    sql.extend(new_region_triggers(
        false,
        "SELECT x.id AS part FROM {rows}",
    ));
    sql
}

/// A PL/pgSQL trigger function `name` with `body`.
pub(crate) fn pg_function(name: &str, body: &str) -> String {
    format!(
        "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN {body} RETURN NULL; END; $$"
    )
}

/// PostgreSQL triggers that move the counters of the parts (a query of one column over
/// `{r}`) each row of each table counts in: one update per statement.
pub(crate) fn postgres_regional(regional: &[(&str, &str)]) -> Vec<String> {
    let mut sql = Vec::new();
    for (table, regions) in regional {
        // One update per statement: the regions of every row in its transition table.
        let of = |rows: &str| {
            bump(&format!(
                "SELECT q.part FROM {rows} x CROSS JOIN LATERAL ({}) q(part)",
                regions.replace("{r}", "x")
            ))
        };
        sql.push(pg_function(
            &format!("{table}_parts_changed"),
            &format!(
                "IF TG_OP IN ('INSERT', 'UPDATE') THEN {}; END IF; \
                 IF TG_OP IN ('UPDATE', 'DELETE') THEN {}; END IF;",
                of("new_rows"),
                of("old_rows")
            ),
        ));
        for (event, referencing) in [
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ] {
            sql.push(format!(
                "CREATE TRIGGER {table}_parts_{} AFTER {event} ON {table} \
                 REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {table}_parts_changed()",
                event.to_lowercase()
            ));
        }
        // Emptying a table moves every counter.
        sql.push(format!(
            "CREATE TRIGGER {table}_parts_truncate AFTER TRUNCATE ON {table} \
             FOR EACH STATEMENT EXECUTE FUNCTION rollup_parts_all_changed()"
        ));
    }
    sql
}

fn postgres_up() -> Vec<String> {
    let mut sql = postgres_regional(&REGIONAL);
    for (table, parts) in FIXED {
        sql.push(pg_function(
            &format!("{table}_parts_changed"),
            &format!("{};", bump(parts)),
        ));
        sql.push(format!(
            "CREATE TRIGGER {table}_parts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE \
             ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_parts_changed()"
        ));
    }
    sql.extend(new_region_triggers(true, "SELECT x.id AS part FROM {rows}"));
    sql
}

/// The trigger that gives a new region the counters of `parts`: a query of one column `part`
/// over `{rows}`, the new regions as `x`.
pub(crate) fn new_region_triggers(postgres: bool, parts: &str) -> Vec<String> {
    let rows = if postgres {
        "new_rows x"
    } else {
        "(SELECT NEW.id AS id) x"
    };
    let insert = format!(
        "INSERT INTO rollup_part_version (part, n) SELECT q.part, 0 FROM ({}) q",
        parts.replace("{rows}", rows)
    );
    if !postgres {
        return vec![format!(
            "CREATE TRIGGER city_region_parts_insert AFTER INSERT ON city_region BEGIN \
             {insert}; END"
        )];
    }
    vec![
        pg_function(
            "city_region_parts_added",
            &format!("{insert} ON CONFLICT (part) DO NOTHING;"),
        ),
        "CREATE TRIGGER city_region_parts_insert AFTER INSERT ON city_region \
         REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT \
         EXECUTE FUNCTION city_region_parts_added()"
            .into(),
    ]
}

/// Drops the triggers of `tables` that [`sqlite_regional`] or [`postgres_regional`] made, and
/// the one that gives a new region its counters.
pub(crate) async fn drop_regional(
    db: &impl ConnectionTrait,
    postgres: bool,
    tables: &[&str],
) -> Result<(), DbErr> {
    for table in tables {
        if postgres {
            for trigger in ["insert", "update", "delete", "truncate", "changed"] {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS {table}_parts_{trigger} ON {table}"
                ))
                .await?;
            }
            db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {table}_parts_changed()"))
                .await?;
        } else {
            for event in EVENTS {
                db.execute_unprepared(&format!(
                    "DROP TRIGGER IF EXISTS {table}_parts_{}",
                    event.to_lowercase()
                ))
                .await?;
            }
        }
    }
    if postgres {
        db.execute_unprepared("DROP TRIGGER IF EXISTS city_region_parts_insert ON city_region")
            .await?;
        db.execute_unprepared("DROP FUNCTION IF EXISTS city_region_parts_added()")
            .await?;
    } else {
        db.execute_unprepared("DROP TRIGGER IF EXISTS city_region_parts_insert")
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE rollup_part_version (part INTEGER PRIMARY KEY, n BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO rollup_part_version (part, n) VALUES ({GLOBAL}, 0), ({SNAPSHOTS}, 0)"
        ))
        .await?;
        db.execute_unprepared(
            "INSERT INTO rollup_part_version (part, n) SELECT id, 0 FROM city_region",
        )
        .await?;
        // A region's part reads its subprojects' money by subproject.
        db.execute_unprepared(
            "CREATE INDEX funding_line_subproject_idx ON funding_line (subproject_id, kind)",
        )
        .await?;
        let statements = if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION rollup_parts_all_changed() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN {}; RETURN NULL; END; $$",
                "UPDATE rollup_part_version SET n = n + 1"
            ))
            .await?;
            postgres_up()
        } else {
            sqlite_up()
        };
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        let tables: Vec<&str> = REGIONAL
            .iter()
            .map(|(t, _)| *t)
            .chain(FIXED.iter().map(|(t, _)| *t))
            .collect();
        drop_regional(db, postgres, &tables).await?;
        if postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS rollup_parts_all_changed()")
                .await?;
        }
        db.execute_unprepared("DROP INDEX IF EXISTS funding_line_subproject_idx")
            .await?;
        db.execute_unprepared("DROP TABLE IF EXISTS rollup_part_version")
            .await?;
        Ok(())
    }
}
