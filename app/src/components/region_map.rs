//! A schematic map of Finland with the city regions as bubbles, their area in proportion to
//! the chosen figure, each a link to the region's dashboard. Coordinates are the regions'
//! central cities; the outline is a simplified border. The same figures stand in the
//! region table, which is the text alternative.

use super::theme_chart::scale;
use super::use_lang;
use crate::i18n::*;
use crate::model::dashboard::{DashboardFilter, RegionFigures};
use leptos::prelude::*;

/// What the bubbles' areas show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MapSize {
    Funding,
    Subprojects,
    /// An indicator's actual, by its code.
    Indicator(String),
}

impl MapSize {
    /// From the address's `size` parameter: `subprojects`, an indicator's code, or funding.
    pub fn from_param(param: Option<&str>) -> Self {
        match param {
            None | Some("" | "funding") => MapSize::Funding,
            Some("subprojects") => MapSize::Subprojects,
            Some(code) => MapSize::Indicator(code.to_string()),
        }
    }

    /// The value of the `size` parameter.
    pub fn param(&self) -> String {
        match self {
            MapSize::Funding => "funding".into(),
            MapSize::Subprojects => "subprojects".into(),
            MapSize::Indicator(code) => code.clone(),
        }
    }

    /// The region's figure the bubble shows.
    pub fn value(&self, r: &RegionFigures) -> i64 {
        match self {
            MapSize::Funding => r.planned_total().cents(),
            MapSize::Subprojects => r.subprojects,
            MapSize::Indicator(code) => r.actual(code).map_or(0, |q| q.0),
        }
    }
}

/// (region code, latitude, longitude) of the central city, in hundredths of a degree.
const PLACES: [(&str, i64, i64); 16] = [
    ("capital", 6017, 2494),
    ("joensuu", 6260, 2976),
    ("jyvaskyla", 6224, 2575),
    ("kokkola", 6384, 2313),
    ("kuopio", 6289, 2768),
    ("lahti", 6098, 2566),
    ("lappeenranta", 6106, 2819),
    ("mikkeli", 6169, 2727),
    ("oulu", 6501, 2547),
    ("pori", 6148, 2180),
    ("kajaani", 6423, 2773),
    ("rovaniemi", 6650, 2573),
    ("seinajoki", 6279, 2284),
    ("tampere", 6150, 2376),
    ("turku", 6045, 2227),
    ("vaasa", 6310, 2162),
];

/// A simplified border of Finland as (latitude, longitude) in hundredths of a degree.
const OUTLINE: [(i64, i64); 32] = [
    (5982, 2295),
    (6015, 2500),
    (6045, 2690),
    (6050, 2780),
    (6120, 2910),
    (6160, 2960),
    (6270, 3120),
    (6290, 3158),
    (6410, 3000),
    (6600, 2960),
    (6680, 2900),
    (6800, 2870),
    (6890, 2840),
    (6980, 2880),
    (7009, 2790),
    (6970, 2600),
    (6940, 2500),
    (6880, 2400),
    (6905, 2060),
    (6860, 2100),
    (6790, 2360),
    (6585, 2415),
    (6500, 2530),
    (6470, 2440),
    (6385, 2310),
    (6310, 2160),
    (6230, 2130),
    (6150, 2150),
    (6110, 2150),
    (6080, 2140),
    (6040, 2200),
    (5982, 2295),
];

const TOP: i64 = 7020;
const LEFT: i64 = 1950;
/// Pixels per hundredth of a degree of latitude (longitude is scaled by cos 64° ≈ 0.44).
const PX: i64 = 4;

fn point(lat: i64, lon: i64) -> (i64, i64) {
    ((lon - LEFT) * 44 * PX / 1000, (TOP - lat) * PX / 10)
}

/// The map, its bubbles sized by `size`.
#[component]
pub fn RegionMap(
    regions: Vec<RegionFigures>,
    filter: DashboardFilter,
    size: MapSize,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let value = move |r: &RegionFigures| size.value(r);
    let max = regions.iter().map(&value).max().unwrap_or(0);
    let outline = OUTLINE
        .iter()
        .map(|(lat, lon)| {
            let (x, y) = point(*lat, *lon);
            format!("{x},{y}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <figure class="chart map">
            <svg role="group" aria-labelledby="map-title map-desc" viewBox="0 0 260 450" width="100%" preserveAspectRatio="xMidYMin meet">
                <title id="map-title">{t!(i18n, dashboard.map)}</title>
                <desc id="map-desc">{t!(i18n, dashboard.map_summary)}</desc>
                <polygon class="map-land" points=outline />
                {regions.into_iter().filter_map(|r| {
                    let (_, lat, lon) = PLACES.iter().find(|p| p.0 == r.code)?;
                    let (x, y) = point(*lat, *lon);
                    // Area in proportion: the radius is the square root, in whole pixels.
                    let area = scale(value(&r), max, 24 * 24);
                    let radius = area.isqrt().max(3);
                    let name = r.name.clone();
                    let label = r.name.clone();
                    // Inside a <g>, so that the link is made as an SVG element when the page is
                    // rendered in the browser too.
                    Some(view! {
                        <g>
                            <a href=filter.with_region(&r.code) class="map-bubble">
                                <circle cx=x cy=y r=radius />
                                <title>{move || name.get(lang.get()).to_string()}</title>
                                <text x=x + radius + 2 y=y + 4>{move || label.get(lang.get()).to_string()}</text>
                            </a>
                        </g>
                    })
                }).collect_view()}
            </svg>
        </figure>
    }
}
