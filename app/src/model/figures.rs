//! The programme's key figures as the public page shows them.

use super::{Money, Names};
use serde::{Deserialize, Serialize};

/// One theme's share of the portfolio.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThemeFigures {
    pub code: String,
    pub name: Names,
    pub projects: i64,
    pub total_funding: Money,
}

/// The national key figures, computed live from the register. Kept as JSON in each
/// publication: a field added later reads as its default from older publications.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyFigures {
    /// The day of the latest change to the figures' data (ISO date), if there is any data.
    pub as_of: Option<chrono::NaiveDate>,
    pub projects: i64,
    /// Individual projects or subprojects; a package without subprojects counts as one.
    pub subprojects: i64,
    pub organisations: i64,
    pub city_regions: i64,
    pub councils: i64,
    pub total_funding: Money,
    pub eu_state_funding: Money,
    pub city_funding: Money,
    /// The smallest and largest city's own funding.
    pub city_funding_min: Money,
    pub city_funding_max: Money,
    /// Headline indicator targets, in whole units.
    pub platforms_target: i64,
    pub companies_target: i64,
    pub innovations_target: i64,
    /// Headline indicator actuals from approved reports, in whole units: incremental values
    /// summed, cumulative ones as each subproject's latest approved value.
    pub platforms_actual: i64,
    pub companies_actual: i64,
    /// The companies of the approved company lists, each counted once.
    pub companies_distinct: i64,
    pub innovations_actual: i64,
    pub by_theme: Vec<ThemeFigures>,
    /// The city regions with an ecosystem agreement, in the programme's order.
    pub regions: Vec<Names>,
}
