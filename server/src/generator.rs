//! A large synthetic portfolio for benchmarks: by default 16 regions, 25 000 packages of four
//! subprojects each (100 000), 300 000 funding rows (planned EU and city money and one realised
//! line per subproject), two reporting periods with a report per subproject in each (200 000),
//! an actual of every indicator in every report (1 000 000 values), Business IDs of
//! companies on the companies indicator, and a target per headline indicator. Seven reports in
//! ten are approved. Set-based SQL, one transaction, the same on SQLite and PostgreSQL.
//!
//! `server generate-portfolio` loads it into the configured database; the benchmarks call
//! [`generate`] directly.

use app::model::BusinessId;
use app::model::sources::Source;
use entity::status::{FundingKind, PeriodStatus, ProjectStatus, ReportState};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement, TransactionTrait};

/// How large a portfolio to build.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    /// Individual projects; packages have four each.
    pub subprojects: usize,
    /// Distinct companies named in the company lists.
    pub companies: usize,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            subprojects: 100_000,
            companies: 5_000,
        }
    }
}

impl Size {
    /// The default size with as many subprojects as `SUBPROJECTS` says, if it says (the
    /// benchmarks' smaller runs).
    pub fn from_env() -> Self {
        Size {
            subprojects: std::env::var("SUBPROJECTS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(Size::default().subprojects),
            ..Size::default()
        }
    }
}

/// Row counts of what was generated.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generated {
    pub packages: i64,
    pub subprojects: i64,
    pub funding_lines: i64,
    pub reports: i64,
    pub indicator_values: i64,
    pub company_rows: i64,
    pub targets: i64,
}

impl std::fmt::Display for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} packages, {} subprojects, {} funding rows, {} reports, {} indicator values, \
             {} company rows, {} targets",
            self.packages,
            self.subprojects,
            self.funding_lines,
            self.reports,
            self.indicator_values,
            self.company_rows,
            self.targets
        )
    }
}

const SUBS_PER_PACKAGE: usize = 4;
const BATCH: usize = 1_000;

async fn count(db: &impl ConnectionTrait, table: &str) -> anyhow::Result<i64> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"),
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no count of {table}"))?;
    Ok(row.try_get::<i64>("", "n")?)
}

async fn ids(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<Vec<i32>> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    rows.iter()
        .map(|r| Ok(r.try_get::<i32>("", "id")?))
        .collect()
}

/// Runs `INSERT INTO {head} VALUES …` over `rows`, a thousand at a time.
async fn insert_values(
    db: &impl ConnectionTrait,
    head: &str,
    rows: impl Iterator<Item = String>,
) -> anyhow::Result<()> {
    let rows: Vec<String> = rows.collect();
    for chunk in rows.chunks(BATCH) {
        db.execute_unprepared(&format!("INSERT INTO {head} VALUES {}", chunk.join(", ")))
            .await?;
    }
    Ok(())
}

/// Inserts `n` organisations with valid Business IDs from `first_number` on and returns the
/// first one's id; their ids run on from it without gaps.
async fn insert_organisations(
    db: &impl ConnectionTrait,
    first_number: u32,
    n: usize,
    name: &str,
    kind: &str,
) -> anyhow::Result<i32> {
    let before = ids(db, "SELECT COALESCE(MAX(id), 0) AS id FROM organisation").await?[0];
    insert_values(
        db,
        "organisation (business_id, name, kind)",
        (first_number..)
            .filter_map(BusinessId::from_number)
            .take(n)
            .enumerate()
            .map(|(i, bid)| format!("('{}', '{name} {i}', '{kind}')", bid.as_str())),
    )
    .await?;
    let made = ids(
        db,
        &format!("SELECT id FROM organisation WHERE id > {before} ORDER BY id"),
    )
    .await?;
    anyhow::ensure!(
        made.len() == n
            && made
                .last()
                .zip(made.first())
                .is_some_and(|(l, f)| (l - f) as usize + 1 == n),
        "organisation ids are not one run"
    );
    Ok(made[0])
}

/// Builds the portfolio into an empty, migrated database.
///
/// # Errors
/// The database refuses a statement (for example when the portfolio exists already).
pub async fn generate(db: &DatabaseConnection, size: Size) -> anyhow::Result<Generated> {
    let txn = db.begin().await?;
    let regions = ids(&txn, "SELECT id FROM city_region ORDER BY sort_order").await?;
    let themes = ids(&txn, "SELECT id FROM theme ORDER BY sort_order").await?;
    let actions = ids(&txn, "SELECT id FROM action ORDER BY sort_order").await?;
    anyhow::ensure!(!regions.is_empty(), "the database has no reference data");

    // Organisations: four implementers per region, then the companies; ids in one run each.
    let implementers = regions.len() * 4;
    let first_implementer =
        insert_organisations(&txn, 3_000_000, implementers, "Toteuttaja", "university").await?;
    let first_company =
        insert_organisations(&txn, 4_000_000, size.companies, "Yritys", "company").await?;

    let (planned, realised) = (FundingKind::Planned.code(), FundingKind::Realised.code());
    let (open, draft) = (PeriodStatus::Open.code(), ReportState::Draft.code());
    // Packages, round robin over regions, themes and statuses; each with one action.
    let packages = size.subprojects.div_ceil(SUBS_PER_PACKAGE);
    let statuses = [
        ProjectStatus::Planned,
        ProjectStatus::Ongoing,
        ProjectStatus::Ongoing,
        ProjectStatus::Closed,
    ];
    insert_values(
        &txn,
        "project (code, name_fi, name_en, description_fi, region_id, theme_id, council_id, \
         starts_on, ends_on, status)",
        (0..packages).map(|i| {
            let region = regions[i % regions.len()];
            format!(
                "('G{i:07}', 'Hanke {i}', 'Project {i}', '', {region}, {}, \
                 (SELECT council_id FROM city_region WHERE id = {region}), \
                 '2024-01-01', '2027-06-30', '{}')",
                themes[i % themes.len()],
                statuses[i % statuses.len()].code()
            )
        }),
    )
    .await?;
    txn.execute_unprepared(&format!(
        "INSERT INTO project_action (project_id, action_id) \
         SELECT id, CASE {} END FROM project WHERE code LIKE 'G%'",
        actions
            .iter()
            .enumerate()
            .map(|(k, a)| format!("WHEN id % {} = {k} THEN {a}", actions.len()))
            .collect::<Vec<_>>()
            .join(" ")
    ))
    .await?;

    // Subprojects: four per package, carried out by one of the region's implementers.
    for n in 1..=SUBS_PER_PACKAGE {
        txn.execute_unprepared(&format!(
            "INSERT INTO subproject (project_id, code, name_fi, description_fi, region_id, \
             organisation_id, council_id, starts_on, ends_on, status) \
             SELECT p.id, p.code || '-{n}', p.name_fi || ' / {n}', '', p.region_id, \
             {first_implementer} + (p.region_id * 4 + {n}) % {implementers}, p.council_id, \
             p.starts_on, p.ends_on, p.status FROM project p WHERE p.code LIKE 'G%'"
        ))
        .await?;
    }

    // Money: planned EU and city per subproject, and one realised line in the first period.
    let periods = [
        ("G2025H1", "2025-01-01", "2025-06-30", "2025-08-15"),
        ("G2025H2", "2025-07-01", "2025-12-31", "2026-02-15"),
    ];
    insert_values(
        &txn,
        "reporting_period (code, starts_on, ends_on, due_on, status)",
        periods
            .iter()
            .map(|(c, s, e, d)| format!("('{c}', '{s}', '{e}', '{d}', '{open}')")),
    )
    .await?;
    for (source, cents) in [
        (Source::Eu, "(s.id % 97 + 10) * 100000"),
        (Source::City, "(s.id % 53 + 5) * 100000"),
    ] {
        let source = source.code();
        txn.execute_unprepared(&format!(
            "INSERT INTO funding_line (subproject_id, source_id, kind, amount_cents) \
             SELECT s.id, fs.id, '{planned}', {cents} FROM subproject s \
             JOIN funding_source fs ON fs.code = '{source}' WHERE s.code LIKE 'G%'"
        ))
        .await?;
    }
    txn.execute_unprepared(&format!(
        "INSERT INTO funding_line (subproject_id, source_id, kind, period_id, amount_cents) \
         SELECT s.id, fs.id, '{realised}', p.id, (s.id % 89 + 1) * 10000 FROM subproject s \
         JOIN funding_source fs ON fs.code = '{eu}' \
         JOIN reporting_period p ON p.code = 'G2025H1' WHERE s.code LIKE 'G%'",
        eu = Source::Eu.code(),
    ))
    .await?;

    // Reports: one per subproject and period, drafts while their values go in.
    txn.execute_unprepared(&format!(
        "INSERT INTO report (subproject_id, period_id, status, progress) \
         SELECT s.id, p.id, '{draft}', 'Eteni suunnitellusti.' FROM subproject s \
         CROSS JOIN reporting_period p WHERE p.code LIKE 'G%' AND s.code LIKE 'G%'",
    ))
    .await?;
    txn.execute_unprepared(
        "INSERT INTO indicator_actual (report_id, indicator_id, value_milli) \
         SELECT r.id, i.id, ((r.id * 7 + i.id) % 20 + 1) * 1000 \
         FROM report r CROSS JOIN indicator i \
         WHERE r.period_id IN (SELECT id FROM reporting_period WHERE code LIKE 'G%')",
    )
    .await?;
    // The companies indicator names one or two of the pool of companies per value.
    for offset in [0, 1] {
        txn.execute_unprepared(&format!(
            "INSERT INTO indicator_actual_company (actual_id, business_id) \
             SELECT ia.id, o.business_id FROM indicator_actual ia \
             JOIN indicator i ON i.id = ia.indicator_id AND i.headline = 'companies' \
             JOIN organisation o ON o.id = {first_company} + (ia.id * 31 + {offset} * 17) % {companies} \
             WHERE {offset} = 0 OR ia.id % 2 = 0",
            companies = size.companies
        ))
        .await?;
    }
    txn.execute_unprepared(
        "INSERT INTO indicator_target (subproject_id, indicator_id, revision, value_milli) \
         SELECT s.id, i.id, 1, (s.id % 30 + 10) * 1000 FROM subproject s \
         CROSS JOIN indicator i WHERE i.headline IS NOT NULL AND s.code LIKE 'G%'",
    )
    .await?;
    // Seven reports in ten approved, two submitted, one left a draft.
    txn.execute_unprepared(&format!(
        "UPDATE report SET status = CASE WHEN id % 10 < 7 THEN '{approved}' \
         WHEN id % 10 < 9 THEN '{submitted}' ELSE '{draft}' END, \
         submitted_at = CASE WHEN id % 10 < 9 THEN created_at END, \
         approved_at = CASE WHEN id % 10 < 7 THEN created_at END \
         WHERE period_id IN (SELECT id FROM reporting_period WHERE code LIKE 'G%')",
        approved = ReportState::Approved.code(),
        submitted = ReportState::Submitted.code(),
    ))
    .await?;
    app::ssr::services::projects::refresh_project_totals(&txn, None).await?;
    txn.commit().await?;
    db.execute_unprepared("ANALYZE").await?;
    Ok(Generated {
        packages: count(db, "project").await?,
        subprojects: count(db, "subproject").await?,
        funding_lines: count(db, "funding_line").await?,
        reports: count(db, "report").await?,
        indicator_values: count(db, "indicator_actual").await?,
        company_rows: count(db, "indicator_actual_company").await?,
        targets: count(db, "indicator_target").await?,
    })
}
