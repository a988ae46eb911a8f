//! An approved report is locked in the database itself: no update that keeps it approved, no
//! delete, and no insert, update or delete of its indicator values, company lists, comments
//! or realised funding lands. The only way out is a status change (reopening), which the
//! application allows to the national team only and audits with its reason.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const LOCKED: &str = "report is approved and locked";

/// (trigger name, table, event, condition on the row) for SQLite; `{r}` is NEW or OLD.
fn sqlite_guards() -> Vec<String> {
    let approved_report =
        |r: &str| format!("(SELECT status FROM report WHERE id = {r}.report_id) = 'approved'");
    let approved_actual = |r: &str| {
        format!(
            "(SELECT rp.status FROM indicator_actual ia JOIN report rp ON rp.id = ia.report_id \
             WHERE ia.id = {r}.actual_id) = 'approved'"
        )
    };
    let approved_realised = |r: &str| {
        format!(
            "{r}.kind = 'realised' AND EXISTS (SELECT 1 FROM report rp WHERE \
             rp.subproject_id = {r}.subproject_id AND rp.period_id = {r}.period_id \
             AND rp.status = 'approved')"
        )
    };
    let mut guards = vec![
        (
            "report_locked_update".to_string(),
            "UPDATE ON report".to_string(),
            "OLD.status = 'approved' AND NEW.status = 'approved'".to_string(),
        ),
        (
            "report_locked_delete".into(),
            "DELETE ON report".into(),
            "OLD.status = 'approved'".into(),
        ),
    ];
    for (table, check) in [
        (
            "indicator_actual",
            &approved_report as &dyn Fn(&str) -> String,
        ),
        ("report_comment", &approved_report),
        ("indicator_actual_company", &approved_actual),
        ("funding_line", &approved_realised),
    ] {
        guards.push((
            format!("{table}_locked_insert"),
            format!("INSERT ON {table}"),
            check("NEW"),
        ));
        guards.push((
            format!("{table}_locked_update"),
            format!("UPDATE ON {table}"),
            format!("{} OR {}", check("OLD"), check("NEW")),
        ));
        guards.push((
            format!("{table}_locked_delete"),
            format!("DELETE ON {table}"),
            check("OLD"),
        ));
    }
    guards
        .into_iter()
        .map(|(name, event, when)| {
            format!(
                "CREATE TRIGGER {name} BEFORE {event} FOR EACH ROW WHEN {when} \
                 BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END"
            )
        })
        .collect()
}

fn postgres_guards() -> Vec<String> {
    let mut sql = vec![format!(
        "CREATE FUNCTION report_locked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF TG_OP = 'DELETE' AND OLD.status = 'approved' THEN RAISE EXCEPTION '{LOCKED}'; END IF; \
         IF TG_OP = 'UPDATE' AND OLD.status = 'approved' AND NEW.status = 'approved' THEN \
           RAISE EXCEPTION '{LOCKED}'; END IF; \
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$"
    )];
    sql.push(
        "CREATE TRIGGER report_locked BEFORE UPDATE OR DELETE ON report \
         FOR EACH ROW EXECUTE FUNCTION report_locked()"
            .into(),
    );
    // One function per child table: the report of the row (old and new) must not be approved.
    let children = [
        (
            "indicator_actual",
            "SELECT status FROM report WHERE id = r.report_id",
        ),
        (
            "report_comment",
            "SELECT status FROM report WHERE id = r.report_id",
        ),
        (
            "indicator_actual_company",
            "SELECT rp.status FROM indicator_actual ia JOIN report rp ON rp.id = ia.report_id \
             WHERE ia.id = r.actual_id",
        ),
        (
            "funding_line",
            "SELECT rp.status FROM report rp WHERE r.kind = 'realised' AND \
             rp.subproject_id = r.subproject_id AND rp.period_id = r.period_id",
        ),
    ];
    for (table, status_of) in children {
        let check = |row: &str| {
            format!(
                "IF EXISTS (SELECT 1 FROM ({}) s WHERE s.status = 'approved') THEN \
                 RAISE EXCEPTION '{LOCKED}'; END IF;",
                status_of.replace("r.", &format!("{row}."))
            )
        };
        sql.push(format!(
            "CREATE FUNCTION {table}_locked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF TG_OP IN ('UPDATE', 'DELETE') THEN {old} END IF; \
             IF TG_OP IN ('INSERT', 'UPDATE') THEN {new} END IF; \
             IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$",
            old = check("OLD"),
            new = check("NEW"),
        ));
        sql.push(format!(
            "CREATE TRIGGER {table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table} \
             FOR EACH ROW EXECUTE FUNCTION {table}_locked()"
        ));
    }
    sql
}

const TABLES: [&str; 5] = [
    "report",
    "indicator_actual",
    "report_comment",
    "indicator_actual_company",
    "funding_line",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => postgres_guards(),
            _ => sqlite_guards(),
        };
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            for table in TABLES {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_locked ON {table}"))
                    .await?;
                db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {table}_locked()"))
                    .await?;
            }
        } else {
            for name in sqlite_guards()
                .iter()
                .filter_map(|s| s.split_whitespace().nth(2))
            {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                    .await?;
            }
        }
        Ok(())
    }
}
