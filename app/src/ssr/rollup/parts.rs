//! Parts of a roll-up: what one sixteenth of a city region's rows (its subprojects and
//! packages split by id, [`SHARDS`]) adds to the figures of a filter (theme, action,
//! council, period, approved only). A roll-up of any set of regions is its parts added up
//! ([`Parts`]); what cannot be added (packages, organisations and companies counted once
//! however many parts name them) is kept as the ids themselves and counted after the union.
//! Parts are computed together, one query per figure grouped by part
//! ([`super::part_queries`]), and each is kept against its own change counter (migration 21),
//! so after an approval only its subproject's part is computed again (see
//! [`super::cache::RollupCache::parts`]).

use crate::model::Money;
use crate::model::sources::{BySource, Source};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// How many parts each region's rows are split into: a subproject (and what hangs on it)
/// counts in part `region * SHARDS + shard(id)`, a package without subprojects by its own
/// id. The triggers of migration 21 count changes by the same split.
pub const SHARDS: i32 = 16;

/// The multiplier of the shard's hash: the shard is the middle bits of the id times it, so
/// that ids given out in turn to the regions spread over all of a region's parts (the last
/// bits of such ids are the same in a region). Migration 21 uses the same.
const MIX: i64 = 2_654_435_761;

/// The part of row `alias` (a package or a subproject) as SQL.
pub fn part_sql(alias: &str) -> String {
    format!(
        "({alias}.region_id * {SHARDS} + CAST(({alias}.id * {MIX} / 65536) % {SHARDS} AS INTEGER))"
    )
}

/// The part of a package or subproject `id` in `region`, as [`part_sql`] computes it.
pub fn part_id(region: i32, id: i32) -> i32 {
    let shard = (i64::from(id) * MIX / 65_536) % i64::from(SHARDS);
    region
        .saturating_mul(SHARDS)
        .saturating_add(i32::try_from(shard).unwrap_or(0))
}

/// The region of part `part`.
pub fn region_of(part: i32) -> i32 {
    part.div_euclid(SHARDS)
}

/// Every part of `region`.
pub fn parts_of_region(region: i32) -> impl Iterator<Item = i32> {
    (0..SHARDS).map(move |k| region.saturating_mul(SHARDS).saturating_add(k))
}

/// One part's share of the figures of a filter.
#[derive(Debug, Default)]
pub struct Part {
    /// The packages in scope (by id) with their theme.
    pub packages: HashMap<i32, i32>,
    /// Packages without subprojects (each one individual project) in this part.
    pub lone: i64,
    /// Subprojects in this part.
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

impl Part {
    /// Adds what can be added of `other` (counts, money and sums; not the ids counted once).
    fn add(&mut self, other: &Part) {
        self.lone += other.lone;
        self.subprojects += other.subprojects;
        for source in Source::ALL {
            self.planned[source] = self.planned[source] + other.planned[source];
            self.planned_lines[source] += other.planned_lines[source];
            self.realised[source] = self.realised[source] + other.realised[source];
        }
        for (into, from) in [
            (&mut self.theme_planned, &other.theme_planned),
            (&mut self.actuals, &other.actuals),
            (&mut self.targets, &other.targets),
        ] {
            for (key, value) in from {
                let sum = into.entry(*key).or_default();
                *sum = sum.saturating_add(*value);
            }
        }
        self.latest = self.latest.max(other.latest);
    }
}

/// The parts of a roll-up's regions, by part id, and what they add up to.
pub struct Parts {
    pub by_part: HashMap<i32, Arc<Part>>,
}

impl Parts {
    fn each(&self) -> impl Iterator<Item = &Part> {
        self.by_part.values().map(AsRef::as_ref)
    }

    /// What can be added up of each region's parts (see [`Part::add`]), by region.
    pub fn by_region(&self) -> HashMap<i32, Part> {
        let mut out: HashMap<i32, Part> = HashMap::new();
        for (id, part) in &self.by_part {
            out.entry(region_of(*id)).or_default().add(part);
        }
        out
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
        let n = self
            .by_region()
            .values()
            .filter(|p| p.subprojects > 0)
            .count();
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
            .by_region()
            .values()
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
    fn a_row_counts_in_its_regions_sixteenth_by_id() {
        assert_eq!(region_of(part_id(3, 37)), 3);
        assert_eq!(region_of(part_id(3, 15)), 3);
        // Ids given out in turn to 16 regions (every 16th to one region) spread over all of
        // its parts, evenly.
        let mut per_part = HashMap::<i32, usize>::new();
        for id in (5..16_000).step_by(16) {
            *per_part.entry(part_id(1, id)).or_default() += 1;
        }
        assert_eq!(per_part.len(), 16);
        assert!(
            per_part.values().all(|n| (50..=75).contains(n)),
            "{per_part:?}"
        );
        assert_eq!(parts_of_region(2).collect::<Vec<_>>().len(), 16);
        assert!(parts_of_region(2).all(|p| region_of(p) == 2));
    }

    #[test]
    fn what_cannot_be_added_up_is_counted_once_across_regions() {
        let parts = Parts {
            by_part: HashMap::from([
                (part_id(1, 0), part(2, Some(0), &["1234567-8", "2345678-9"])),
                (part_id(1, 1), part(1, None, &["2345678-9"])),
                (part_id(2, 0), part(3, Some(500), &["2345678-9"])),
                (part_id(3, 0), part(0, None, &[])),
            ]),
        };
        assert_eq!(parts.companies_distinct(1), 2);
        assert_eq!(parts.subprojects(), 6);
        assert_eq!(parts.regions_with_subprojects(), 2);
        assert_eq!(parts.by_region()[&1].subprojects, 3);
        // A region that plans no city money is no city's smallest share; one that plans
        // nothing on its lines is.
        assert_eq!(
            parts.planned_range(Source::City),
            (Money::from_cents(0), Money::from_cents(500))
        );
        assert_eq!(parts.realised(), BySource::default());
    }
}
