//! One city region's part of a roll-up: what its subprojects and packages add to the figures
//! of a filter (theme, action, council, period, approved only). A roll-up of any set of
//! regions is its regions' parts added up ([`Parts`]); what cannot be added (packages,
//! organisations and companies counted once however many regions name them) is kept as the
//! ids themselves and counted after the union. Each part is computed from one region's rows
//! only, so after a change in one region only its part is computed again (see
//! [`super::cache::RollupCache::part`]).

use super::indicators::{RollupScope, actuals_by_region, companies, targets};
use crate::error::AppError;
use crate::model::Money;
use crate::model::sources::{BySource, Source};
use crate::ssr::sql::{fetch_all, fetch_one};
use chrono::{DateTime, Utc};
use entity::status::{FundingKind, ReportState};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One region's part of the figures of a filter.
#[derive(Debug, Default)]
pub struct Part {
    /// The packages in scope (by id) with their theme.
    pub packages: HashMap<i32, i32>,
    /// Packages without subprojects (each one individual project) of this region.
    pub lone: i64,
    /// Subprojects of this region.
    pub subprojects: i64,
    /// Organisations running a subproject or leading a package in scope.
    pub organisations: HashSet<i32>,
    /// The regional councils funding a subproject in scope.
    pub councils: HashSet<i32>,
    pub planned: BySource<Money>,
    /// How many planned funding lines each source has.
    pub planned_lines: BySource<i64>,
    pub realised: BySource<Money>,
    /// Planned money by the package's theme.
    pub theme_planned: HashMap<i32, i64>,
    /// Indicator actuals (thousandths) by indicator id.
    pub actuals: HashMap<i32, i64>,
    /// Companies named by each indicator's values.
    pub companies: HashMap<i32, HashSet<String>>,
    /// Current targets (thousandths) by indicator id.
    pub targets: HashMap<i32, i64>,
    /// The latest change to what the public figures count: packages, subprojects, planned
    /// money, targets and approvals.
    pub latest: Option<DateTime<Utc>>,
}

/// The filter of a part: `scope` without its regions.
pub fn filter_of(scope: &RollupScope) -> RollupScope {
    RollupScope {
        regions: None,
        ..scope.clone()
    }
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

#[derive(FromQueryResult)]
struct SourceSum {
    code: String,
    cents: Option<i64>,
    lines: i64,
}

#[derive(FromQueryResult)]
struct IdPair {
    id: i32,
    other: i32,
}

#[derive(FromQueryResult)]
struct Id {
    id: i32,
}

#[derive(FromQueryResult)]
struct MaybeId {
    id: Option<i32>,
}

async fn count(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<i64, AppError> {
    Ok(fetch_one::<Count>(db, sql, values).await?.n)
}

/// Money and how many lines hold it, by source.
fn by_source(rows: Vec<SourceSum>) -> (BySource<Money>, BySource<i64>) {
    let mut money = BySource::<Money>::default();
    let mut lines = BySource::<i64>::default();
    for r in rows {
        if let Some(source) = Source::from_code(&r.code) {
            money[source] = money[source] + Money::from_cents(r.cents.unwrap_or(0));
            lines[source] += r.lines;
        }
    }
    (money, lines)
}

/// The packages in scope as a query of `columns` of packages `p`: those without subprojects
/// that match by their own fields, and those with a subproject `s` in scope, each found from
/// the region's rows (not by a pass over every package). The values are appended.
fn packages_in_scope(scope: &RollupScope, columns: &str, values: &mut Vec<Value>) -> String {
    let lone = scope.project_sql("p", values);
    let sub = scope.subproject_sql("s", values);
    format!(
        "SELECT {columns} FROM project p WHERE {lone} \
         UNION SELECT {columns} FROM project p JOIN subproject s ON s.project_id = p.id \
         WHERE {sub}"
    )
}

/// Money of `kind` by source of the subprojects in scope, and how many lines; realised money
/// only of periods up to the scope's end, and with an approved report unless drafts are
/// included.
async fn money(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
    kind: FundingKind,
) -> Result<(BySource<Money>, BySource<i64>), AppError> {
    let mut values = Vec::new();
    let cond = scope.subproject_sql("s", &mut values);
    let mut sql = format!(
        "SELECT fs.code AS code, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents, \
         COUNT(*) AS lines \
         FROM funding_line fl JOIN funding_source fs ON fs.id = fl.source_id \
         JOIN subproject s ON s.id = fl.subproject_id \
         WHERE {cond} AND fl.kind = ?"
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
    sql.push_str(" GROUP BY fs.code");
    Ok(by_source(fetch_all(db, &sql, values).await?))
}

/// Region `region`'s part of the figures of `filter` (whose regions are ignored).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn compute_part(
    db: &impl ConnectionTrait,
    region: i32,
    filter: &RollupScope,
) -> Result<Part, AppError> {
    let scope = &RollupScope {
        regions: Some(vec![region]),
        ..filter.clone()
    };
    let mut v = Vec::new();
    let packages = packages_in_scope(scope, "p.id AS id, p.theme_id AS other", &mut v);
    let packages: HashMap<i32, i32> = fetch_all::<IdPair>(db, &packages, v)
        .await?
        .into_iter()
        .map(|r| (r.id, r.other))
        .collect();
    let mut v = Vec::new();
    let lone = scope.project_sql("p", &mut v);
    let lone = count(
        db,
        &format!("SELECT COUNT(*) AS n FROM project p WHERE {lone}"),
        v,
    )
    .await?;
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let subprojects = count(
        db,
        &format!("SELECT COUNT(*) AS n FROM subproject s WHERE {cond}"),
        v,
    )
    .await?;
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let leads = packages_in_scope(scope, "p.lead_organisation_id AS id", &mut v);
    // Packages without a lead organisation give none.
    let organisations = fetch_all::<MaybeId>(
        db,
        &format!("SELECT s.organisation_id AS id FROM subproject s WHERE {cond} UNION {leads}"),
        v,
    )
    .await?
    .into_iter()
    .filter_map(|r| r.id)
    .collect();
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    let councils = fetch_all::<Id>(
        db,
        &format!("SELECT DISTINCT s.council_id AS id FROM subproject s WHERE {cond}"),
        v,
    )
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect();
    let (planned, planned_lines) = money(db, scope, FundingKind::Planned).await?;
    Ok(Part {
        packages,
        lone,
        subprojects,
        organisations,
        councils,
        planned,
        planned_lines,
        realised: money(db, scope, FundingKind::Realised).await?.0,
        theme_planned: theme_planned(db, scope).await?,
        actuals: actuals_by_region(db, scope)
            .await?
            .into_iter()
            .map(|((indicator, _), total)| (indicator, total))
            .collect(),
        companies: companies(db, scope).await?,
        targets: targets(db, scope).await?,
        latest: latest(db, region, scope).await?,
    })
}

/// The latest change in `region` to what the public figures count.
async fn latest(
    db: &impl ConnectionTrait,
    region: i32,
    scope: &RollupScope,
) -> Result<Option<DateTime<Utc>>, AppError> {
    #[derive(FromQueryResult)]
    struct Latest {
        latest: Option<DateTime<Utc>>,
    }
    let mut v = vec![Value::from(region)];
    let subs = scope.subproject_sql("s", &mut v);
    let funded = scope.subproject_sql("s", &mut v);
    v.push(FundingKind::Planned.code().into());
    let targeted = scope.subproject_sql("s", &mut v);
    let reported = scope.subproject_sql("s", &mut v);
    v.push(ReportState::Approved.code().into());
    Ok(fetch_one::<Latest>(
        db,
        &format!(
            "SELECT MAX(latest) AS latest FROM ( \
               SELECT MAX(p.updated_at) AS latest FROM project p WHERE p.region_id = ? \
               UNION ALL SELECT MAX(s.updated_at) FROM subproject s WHERE {subs} \
               UNION ALL SELECT MAX(fl.updated_at) FROM funding_line fl \
                 JOIN subproject s ON s.id = fl.subproject_id WHERE {funded} AND fl.kind = ? \
               UNION ALL SELECT MAX(t.set_at) FROM indicator_target t \
                 JOIN subproject s ON s.id = t.subproject_id WHERE {targeted} \
               UNION ALL SELECT MAX(r.approved_at) FROM report r \
                 JOIN subproject s ON s.id = r.subproject_id WHERE {reported} AND r.status = ? \
             ) changes"
        ),
        v,
    )
    .await?
    .latest)
}

/// Planned money by the package's theme.
async fn theme_planned(
    db: &impl ConnectionTrait,
    scope: &RollupScope,
) -> Result<HashMap<i32, i64>, AppError> {
    #[derive(FromQueryResult)]
    struct ThemeSum {
        theme: i32,
        cents: Option<i64>,
    }
    let mut v = Vec::new();
    let cond = scope.subproject_sql("s", &mut v);
    v.push(FundingKind::Planned.code().into());
    Ok(fetch_all::<ThemeSum>(
        db,
        &format!(
            "SELECT p.theme_id AS theme, CAST(SUM(fl.amount_cents) AS BIGINT) AS cents \
             FROM funding_line fl JOIN subproject s ON s.id = fl.subproject_id \
             JOIN project p ON p.id = s.project_id \
             WHERE {cond} AND fl.kind = ? GROUP BY p.theme_id"
        ),
        v,
    )
    .await?
    .into_iter()
    .map(|r| (r.theme, r.cents.unwrap_or(0)))
    .collect())
}

/// The parts of a roll-up's regions, by region id, and what they add up to.
pub struct Parts {
    pub by_region: HashMap<i32, Arc<Part>>,
}

impl Parts {
    fn each(&self) -> impl Iterator<Item = &Part> {
        self.by_region.values().map(AsRef::as_ref)
    }

    /// Packages in scope in any region, with their theme.
    pub fn packages(&self) -> HashMap<i32, i32> {
        self.each()
            .flat_map(|p| p.packages.iter().map(|(k, v)| (*k, *v)))
            .collect()
    }

    /// Individual projects: subprojects, and packages without any.
    pub fn subprojects(&self) -> i64 {
        self.each().map(|p| p.subprojects + p.lone).sum()
    }

    /// Regions with a subproject in scope.
    pub fn regions_with_subprojects(&self) -> i64 {
        let n = self.each().filter(|p| p.subprojects > 0).count();
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// Regional councils funding a subproject in scope.
    pub fn councils(&self) -> i64 {
        let all: HashSet<i32> = self
            .each()
            .flat_map(|p| p.councils.iter().copied())
            .collect();
        i64::try_from(all.len()).unwrap_or(i64::MAX)
    }

    /// The latest change to what the public figures count.
    pub fn latest(&self) -> Option<DateTime<Utc>> {
        self.each().filter_map(|p| p.latest).max()
    }

    /// The smallest and largest planned money of `source` among the regions that plan any.
    pub fn planned_range(&self, source: Source) -> (Money, Money) {
        let amounts: Vec<Money> = self
            .each()
            .filter(|p| p.planned_lines[source] > 0)
            .map(|p| p.planned[source])
            .collect();
        let min = amounts.iter().min().copied().unwrap_or_default();
        (min, amounts.iter().max().copied().unwrap_or_default())
    }

    pub fn organisations(&self) -> i64 {
        let all: HashSet<i32> = self
            .each()
            .flat_map(|p| p.organisations.iter().copied())
            .collect();
        i64::try_from(all.len()).unwrap_or(i64::MAX)
    }

    pub fn planned(&self) -> BySource<Money> {
        self.sum_by_source(|p| &p.planned)
    }

    pub fn realised(&self) -> BySource<Money> {
        self.sum_by_source(|p| &p.realised)
    }

    fn sum_by_source(&self, of: impl Fn(&Part) -> &BySource<Money>) -> BySource<Money> {
        let mut out = BySource::<Money>::default();
        for part in self.each() {
            for source in Source::ALL {
                out[source] = out[source] + of(part)[source];
            }
        }
        out
    }

    /// The sum of a per-key figure over the parts.
    pub fn sum(&self, of: impl Fn(&Part) -> &HashMap<i32, i64>, key: i32) -> i64 {
        self.each()
            .filter_map(|p| of(p).get(&key))
            .fold(0_i64, |sum, v| sum.saturating_add(*v))
    }

    /// The companies indicator `indicator`'s values name, each one once.
    pub fn companies_distinct(&self, indicator: i32) -> i64 {
        let all: HashSet<&String> = self
            .each()
            .filter_map(|p| p.companies.get(&indicator))
            .flatten()
            .collect();
        i64::try_from(all.len()).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(subprojects: i64, city_cents: Option<i64>, companies: &[&str]) -> Arc<Part> {
        let mut part = Part {
            subprojects,
            ..Default::default()
        };
        if let Some(cents) = city_cents {
            part.planned[Source::City] = Money::from_cents(cents);
            part.planned_lines[Source::City] = 1;
        }
        part.companies
            .insert(1, companies.iter().map(ToString::to_string).collect());
        Arc::new(part)
    }

    #[test]
    fn what_cannot_be_added_up_is_counted_once_across_regions() {
        let parts = Parts {
            by_region: HashMap::from([
                (1, part(2, Some(0), &["1234567-8", "2345678-9"])),
                (2, part(3, Some(500), &["2345678-9"])),
                (3, part(0, None, &[])),
            ]),
        };
        assert_eq!(parts.companies_distinct(1), 2);
        assert_eq!(parts.subprojects(), 5);
        assert_eq!(parts.regions_with_subprojects(), 2);
        // A region that plans no city money is no city's smallest share; one that plans
        // nothing on its lines is.
        assert_eq!(
            parts.planned_range(Source::City),
            (Money::from_cents(0), Money::from_cents(500))
        );
        assert_eq!(parts.realised(), BySource::default());
    }
}
