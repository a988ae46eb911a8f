//! The queries that compute parts ([`super::parts::Part`]): each one pass over the rows in
//! scope, grouped by part, so that one region's sixteenth after an approval and the whole
//! nation at a start cost the same number of queries (eleven).

use super::indicators::{RollupScope, actuals_by, companies_by, targets_by};
use super::parts::{Part, part_sql};
use crate::error::AppError;
use crate::model::Money;
use crate::model::sources::Source;
use crate::ssr::sql::fetch_all;
use chrono::{DateTime, Utc};
use entity::status::{FundingKind, ReportState};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::HashMap;

#[derive(FromQueryResult)]
struct PartCount {
    part: i32,
    n: i64,
}

#[derive(FromQueryResult)]
struct PartIdCount {
    part: i32,
    id: i32,
    n: i64,
}

#[derive(FromQueryResult)]
struct PartPair {
    part: i32,
    id: i32,
    other: i32,
}

#[derive(FromQueryResult)]
struct PartMaybeId {
    part: i32,
    id: Option<i32>,
}

#[derive(FromQueryResult)]
struct PartSourceSum {
    part: i32,
    code: String,
    cents: Option<i64>,
    lines: i64,
}

#[derive(FromQueryResult)]
struct PartKeySum {
    part: i32,
    key: i32,
    total: Option<i64>,
}

#[derive(FromQueryResult)]
struct PartLatest {
    part: i32,
    latest: Option<DateTime<Utc>>,
}

/// The parts of the rows in `scope` (its regions, and its parts when it names them), by part
/// id; a part without any row in scope is not in the map.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn compute_parts(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<HashMap<i32, Part>, AppError> {
    let mut parts: HashMap<i32, Part> = HashMap::new();
    let (s, p) = (part_sql("s"), part_sql("p"));

    let mut v = Vec::new();
    let packages = packages_in_scope(scope, "p.id AS id, p.theme_id AS other", &mut v);
    for r in fetch_all::<PartPair>(db, &packages, v).await? {
        parts
            .entry(r.part)
            .or_default()
            .packages
            .insert(r.id, r.other);
    }

    // Packages without subprojects: each one individual project.
    let mut v = Vec::new();
    let lone = scope.project_sql("p", &mut v);
    let sql = format!("SELECT {p} AS part, COUNT(*) AS n FROM project p WHERE {lone} GROUP BY 1");
    for r in fetch_all::<PartCount>(db, &sql, v).await? {
        parts.entry(r.part).or_default().lone += r.n;
    }

    // Subprojects by council: the count and the councils in one pass.
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let sql = format!(
        "SELECT {s} AS part, s.council_id AS id, COUNT(*) AS n FROM subproject s \
         WHERE {cond} GROUP BY 1, 2"
    );
    for r in fetch_all::<PartIdCount>(db, &sql, v).await? {
        let part = parts.entry(r.part).or_default();
        part.subprojects += r.n;
        part.councils.insert(r.id);
    }

    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let leads = packages_in_scope(scope, "p.lead_organisation_id AS id", &mut v);
    let sql = format!(
        "SELECT {s} AS part, s.organisation_id AS id FROM subproject s WHERE {cond} UNION {leads}"
    );
    for r in fetch_all::<PartMaybeId>(db, &sql, v).await? {
        // Packages without a lead organisation give none.
        if let Some(id) = r.id {
            parts.entry(r.part).or_default().organisations.insert(id);
        }
    }

    for r in money(db, scope, FundingKind::Planned).await? {
        if let Some(source) = Source::from_code(&r.code) {
            let part = parts.entry(r.part).or_default();
            part.planned[source] = part.planned[source] + Money::from_cents(r.cents.unwrap_or(0));
            part.planned_lines[source] += r.lines;
        }
    }
    for r in money(db, scope, FundingKind::Realised).await? {
        if let Some(source) = Source::from_code(&r.code) {
            let part = parts.entry(r.part).or_default();
            part.realised[source] = part.realised[source] + Money::from_cents(r.cents.unwrap_or(0));
        }
    }
    for r in theme_planned(db, scope).await? {
        parts
            .entry(r.part)
            .or_default()
            .theme_planned
            .insert(r.key, r.total.unwrap_or(0));
    }
    for ((indicator, part), total) in actuals_by(db, scope, &s).await? {
        parts
            .entry(part)
            .or_default()
            .actuals
            .insert(indicator, total);
    }
    for (part, indicator, business_id) in companies_by(db, scope, &s).await? {
        parts
            .entry(part)
            .or_default()
            .companies
            .entry(indicator)
            .or_default()
            .insert(business_id);
    }
    for ((indicator, part), total) in targets_by(db, scope, &s).await? {
        parts
            .entry(part)
            .or_default()
            .targets
            .insert(indicator, total);
    }
    for r in latest(db, scope).await? {
        parts.entry(r.part).or_default().latest = r.latest;
    }
    Ok(parts)
}

/// The packages in scope as a query of their part and `columns` of packages `p`: those
/// without subprojects that match by their own fields (in their own part), and those with a
/// subproject `s` in scope (in the subproject's part), each found from the region's rows
/// (not by a pass over every package). The values are appended.
fn packages_in_scope(scope: &RollupScope, columns: &str, values: &mut Vec<Value>) -> String {
    let lone = scope.project_sql("p", values);
    let sub = scope.subproject_sql("s", values);
    let (s, p) = (part_sql("s"), part_sql("p"));
    format!(
        "SELECT {p} AS part, {columns} FROM project p WHERE {lone} \
         UNION SELECT {s} AS part, {columns} FROM project p \
         JOIN subproject s ON s.project_id = p.id WHERE {sub}"
    )
}

/// Money of `kind` by part and source of the subprojects in scope, and how many lines;
/// realised money only of periods up to the scope's end, and with an approved report unless
/// drafts are included.
async fn money(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
    kind: FundingKind,
) -> Result<Vec<PartSourceSum>, AppError> {
    let mut values = Vec::new();
    let cond = scope.subproject_sql("s", &mut values);
    let mut sql = format!(
        "SELECT {} AS part, fs.code AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents, \
         COUNT(*) AS lines \
         FROM funding_line fl JOIN funding_source fs ON fs.id = fl.source_id \
         JOIN subproject s ON s.id = fl.subproject_id \
         WHERE {cond} AND fl.kind = ?",
        part_sql("s")
    );
    values.push(kind.code().into());
    if kind == FundingKind::Realised {
        if let Some(until) = scope.until {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM reporting_period p WHERE p.id = fl.period_id \
                 AND p.ends_on <= ?)",
            );
            values.push(until.into());
        }
        if scope.approved_only {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM report r WHERE r.subproject_id = fl.subproject_id \
                 AND r.period_id = fl.period_id AND r.status = ?)",
            );
            values.push(ReportState::Approved.code().into());
        }
    }
    sql.push_str(" GROUP BY 1, 2");
    fetch_all(db, &sql, values).await
}

/// Planned money by part and the package's theme.
async fn theme_planned(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<Vec<PartKeySum>, AppError> {
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    v.push(FundingKind::Planned.code().into());
    fetch_all(
        db,
        &format!(
            "SELECT {} AS part, p.theme_id AS key, CAST(SUM(fl.amount_cents) AS BIGINT) AS total \
             FROM funding_line fl JOIN subproject s ON s.id = fl.subproject_id \
             JOIN project p ON p.id = s.project_id \
             WHERE {cond} AND fl.kind = ? GROUP BY 1, 2",
            part_sql("s")
        ),
        v,
    )
    .await
}

/// The latest change by part to what the public figures count: packages (in their own part,
/// whatever their theme), subprojects, planned money, targets and approvals.
async fn latest(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<Vec<PartLatest>, AppError> {
    let (s, p) = (part_sql("s"), part_sql("p"));
    let mut v = Vec::new();
    let packages = scope.place_sql("p", &mut v);
    let subs = scope.subproject_sql("s", &mut v);
    let funded = scope.subproject_sql("s", &mut v);
    v.push(FundingKind::Planned.code().into());
    let targeted = scope.subproject_sql("s", &mut v);
    let reported = scope.subproject_sql("s", &mut v);
    v.push(ReportState::Approved.code().into());
    fetch_all(
        db,
        &format!(
            "SELECT part, MAX(latest) AS latest FROM ( \
               SELECT {p} AS part, MAX(p.updated_at) AS latest FROM project p \
                 WHERE {packages} GROUP BY 1 \
               UNION ALL SELECT {s}, MAX(s.updated_at) FROM subproject s WHERE {subs} GROUP BY 1 \
               UNION ALL SELECT {s}, MAX(fl.updated_at) FROM funding_line fl \
                 JOIN subproject s ON s.id = fl.subproject_id WHERE {funded} AND fl.kind = ? \
                 GROUP BY 1 \
               UNION ALL SELECT {s}, MAX(t.set_at) FROM indicator_target t \
                 JOIN subproject s ON s.id = t.subproject_id WHERE {targeted} GROUP BY 1 \
               UNION ALL SELECT {s}, MAX(r.approved_at) FROM report r \
                 JOIN subproject s ON s.id = r.subproject_id WHERE {reported} AND r.status = ? \
                 GROUP BY 1 \
             ) changes GROUP BY part"
        ),
        v,
    )
    .await
}
