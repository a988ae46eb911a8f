//! The national and city-region dashboard: live roll-ups for any combination of region,
//! theme, action, funding council and reporting period, from approved data or including
//! drafts.

use super::projects::Choice;
use super::reporting::Quantity;
use super::sources::BySource;
use super::{Money, Names};
use serde::{Deserialize, Serialize};

/// The dashboard's filters, as they stand in the address (codes; absent = all).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardFilter {
    pub region: Option<String>,
    pub theme: Option<String>,
    pub action: Option<String>,
    pub council: Option<String>,
    /// A reporting period's code: the situation at its end.
    pub period: Option<String>,
    /// Include drafts, submitted and returned reports (coordinators and the national team).
    pub all: bool,
    /// Show the frozen roll-up of this closed period instead of live figures.
    pub snapshot: Option<String>,
}

impl DashboardFilter {
    /// The filter with every code cleaned at the boundary (see
    /// [`super::text::filter_value`]).
    pub fn sanitized(&self) -> DashboardFilter {
        let text = |v: &Option<String>| super::text::filter_value(v.as_deref());
        DashboardFilter {
            region: text(&self.region),
            theme: text(&self.theme),
            action: text(&self.action),
            council: text(&self.council),
            period: text(&self.period),
            all: self.all,
            snapshot: text(&self.snapshot),
        }
    }

    /// The query string of the filter (without `?`).
    pub fn query(&self) -> String {
        let mut parts: Vec<String> = [
            ("region", &self.region),
            ("theme", &self.theme),
            ("action", &self.action),
            ("council", &self.council),
            ("period", &self.period),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .map(|v| format!("{k}={}", super::projects::encode(v)))
        })
        .collect();
        if self.all {
            parts.push("all=1".into());
        }
        if let Some(code) = &self.snapshot {
            parts.push(format!("snapshot={}", super::projects::encode(code)));
        }
        parts.join("&")
    }

    /// The live dashboard of one region, keeping the other filters (a frozen roll-up is
    /// national, so a region's link leaves it).
    pub fn with_region(&self, code: &str) -> String {
        let f = DashboardFilter {
            region: Some(code.to_string()),
            snapshot: None,
            ..self.clone()
        };
        format!("/dashboard?{}", f.query())
    }
}

/// An indicator's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorProgress {
    pub code: String,
    pub name: Names,
    pub unit: String,
    pub cumulative: bool,
    pub target: Quantity,
    pub actual: Quantity,
    pub companies_distinct: Option<i64>,
}

impl IndicatorProgress {
    /// Actual as a share of target in basis points of a percent; `None` without a target.
    pub fn progress_basis_points(&self) -> Option<i64> {
        (self.target.0 > 0).then(|| {
            let scaled = i128::from(self.actual.0) * 10_000 * 2 / i128::from(self.target.0);
            i64::try_from((scaled + 1) / 2).unwrap_or(i64::MAX)
        })
    }
}

/// One region's money: planned by source, realised in total, and its packages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionFigures {
    pub code: String,
    pub name: Names,
    pub population: Option<i32>,
    pub subprojects: i64,
    pub planned: BySource<Money>,
    pub realised: Money,
    /// Indicator actuals by code, in catalogue order (by the same rules as the national
    /// ones). Empty in roll-ups frozen before they were kept.
    #[serde(default)]
    pub actuals: Actuals,
}

/// An indicator's actual value, by the indicator's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedActual {
    pub code: String,
    pub actual: Quantity,
}

/// Indicator actuals by code, in catalogue order. Serialised as a list; reads the older
/// `[code, value]` pairs of frozen roll-ups too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Actuals(pub Vec<CodedActual>);

impl Actuals {
    /// The actual of the indicator `code`, if there is one.
    pub fn get(&self, code: &str) -> Option<Quantity> {
        self.0.iter().find(|a| a.code == code).map(|a| a.actual)
    }

    /// The indicators' codes, in order.
    pub fn codes(&self) -> Vec<String> {
        self.0.iter().map(|a| a.code.clone()).collect()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, CodedActual> {
        self.0.iter()
    }
}

impl FromIterator<(String, Quantity)> for Actuals {
    fn from_iter<I: IntoIterator<Item = (String, Quantity)>>(pairs: I) -> Self {
        Actuals(
            pairs
                .into_iter()
                .map(|(code, actual)| CodedActual { code, actual })
                .collect(),
        )
    }
}

/// A frozen roll-up's period and when it was taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frozen {
    pub period: String,
    /// RFC 3339.
    pub taken_at: String,
}

impl RegionFigures {
    /// The actual of the indicator `code`, if the region has it.
    pub fn actual(&self, code: &str) -> Option<Quantity> {
        self.actuals.get(code)
    }

    pub fn planned_total(&self) -> Money {
        self.planned.total()
    }

    /// Money per inhabitant, where the population is known.
    pub fn per_capita(&self, amount: Money) -> Option<Money> {
        self.population
            .filter(|p| *p > 0)
            .map(|p| Money::from_cents(amount.cents() / i64::from(p)))
    }

    /// The city's own share of planned money, in basis points.
    pub fn city_share_basis_points(&self) -> Option<i64> {
        self.planned.city_share_basis_points()
    }

    /// Realised money as a share of planned, in basis points.
    pub fn realised_share_basis_points(&self) -> Option<i64> {
        self.realised.share_basis_points(self.planned_total())
    }
}

/// One theme's packages and money.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeRow {
    pub code: String,
    pub name: Names,
    pub subprojects: i64,
    pub planned: Money,
}

/// The choices of the dashboard's filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardChoices {
    pub regions: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub actions: Vec<Choice>,
    pub councils: Vec<Choice>,
    /// Period codes, newest first.
    pub periods: Vec<String>,
}

/// Everything the dashboard shows, for one filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub filter: DashboardFilter,
    pub choices: DashboardChoices,
    /// The user may include unapproved reports.
    pub can_include_unapproved: bool,
    pub projects: i64,
    /// Individual projects or subprojects (a package without subprojects counts as one).
    pub subprojects: i64,
    pub organisations: i64,
    pub planned: BySource<Money>,
    pub realised: BySource<Money>,
    pub indicators: Vec<IndicatorProgress>,
    pub by_region: Vec<RegionFigures>,
    pub by_theme: Vec<ThemeRow>,
    /// The funding frame the figures compare with: the programme's for the national
    /// figures, the agreements' of the regions in scope when each has one, none for a
    /// theme, action or council (no frame is set for them). The version is the programme
    /// frame's, for editing.
    pub frame: Option<Money>,
    pub frame_version: i32,
    /// The regions the figures cover when they are not national (a coordinator's own, or
    /// the filter's region); empty for national figures.
    #[serde(default)]
    pub scope: Vec<Names>,
    /// The reader sees national figures (the national team, the ministry).
    #[serde(default)]
    pub national_reader: bool,
    pub can_edit_frame: bool,
    /// When this is a frozen roll-up: its period and when it was taken.
    pub frozen: Option<Frozen>,
    /// Live figures computed before the latest change, while the figures with it are being
    /// computed: when these were computed (RFC 3339). `None`: current.
    #[serde(default)]
    pub computing_since: Option<String>,
    /// The national approved figures at the end of each closed period, oldest first, and
    /// now.
    pub trend: Vec<TrendPoint>,
}

/// The national approved figures at one point in time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// A period code, or empty for now.
    pub period: String,
    pub projects: i64,
    pub subprojects: i64,
    pub organisations: i64,
    pub planned: Money,
    pub eu_state: Money,
    pub city: Money,
    pub realised: Money,
    /// Indicator actuals by code.
    pub actuals: Actuals,
}

impl TrendPoint {
    pub fn of(period: &str, d: &Dashboard) -> Self {
        TrendPoint {
            period: period.to_string(),
            projects: d.projects,
            subprojects: d.subprojects,
            organisations: d.organisations,
            planned: d.planned_total(),
            eu_state: d.eu_state(),
            city: d.planned.city,
            realised: d.realised_total(),
            actuals: d
                .indicators
                .iter()
                .map(|i| (i.code.clone(), i.actual))
                .collect(),
        }
    }
}

impl Dashboard {
    pub fn planned_total(&self) -> Money {
        self.planned.total()
    }

    pub fn realised_total(&self) -> Money {
        self.realised.total()
    }

    pub fn eu_state(&self) -> Money {
        self.planned.eu_state()
    }

    /// The planned money's share of the frame, in basis points.
    pub fn frame_share_basis_points(&self) -> Option<i64> {
        self.frame
            .and_then(|frame| self.planned_total().share_basis_points(frame))
    }

    /// The cities' own share of planned money, in basis points.
    pub fn city_share_basis_points(&self) -> Option<i64> {
        self.planned.city_share_basis_points()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regions_link_keeps_the_filters_and_leaves_a_frozen_roll_up() {
        let f = DashboardFilter {
            theme: Some("wellbeing".into()),
            all: true,
            snapshot: Some("2025H2".into()),
            ..Default::default()
        };
        assert_eq!(
            f.with_region("tampere"),
            "/dashboard?region=tampere&theme=wellbeing&all=1"
        );
    }

    #[test]
    fn regions_per_inhabitant_and_shares_are_exact() {
        let r = RegionFigures {
            code: "x".into(),
            name: Names::same("X"),
            population: Some(3),
            subprojects: 1,
            planned: BySource::from([100, 0, 50, 0, 0]).map(Money::from_cents),
            realised: Money::from_cents(75),
            actuals: [("RCO".to_string(), Quantity(2000))].into_iter().collect(),
        };
        assert_eq!(r.per_capita(r.planned_total()), Some(Money::from_cents(50)));
        assert_eq!(r.city_share_basis_points(), Some(3333));
        assert_eq!(r.realised_share_basis_points(), Some(5000));
        assert_eq!(r.actual("RCO"), Some(Quantity(2000)));
        let nobody = RegionFigures {
            population: None,
            ..r
        };
        assert_eq!(nobody.per_capita(Money::from_cents(10)), None);
    }

    #[test]
    fn actuals_read_as_records_and_as_the_older_pairs() {
        let actuals: Actuals = [("RCO".to_string(), Quantity(2000))].into_iter().collect();
        let json = serde_json::to_string(&actuals).unwrap();
        assert!(json.starts_with("[{\"code\":\"RCO\""), "{json}");
        assert_eq!(serde_json::from_str::<Actuals>(&json).unwrap(), actuals);
        let pairs = serde_json::to_string(&[("RCO", Quantity(2000))]).unwrap();
        assert_eq!(serde_json::from_str::<Actuals>(&pairs).unwrap(), actuals);
    }
}

/// The programme's funding frame as typed, at the version the form showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameChange {
    pub amount: String,
    pub version: i32,
}
