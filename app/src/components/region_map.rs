//! A schematic map of Finland with the city regions as bubbles, their area in proportion to
//! the chosen figure, each a link to the region's dashboard. Coordinates are the regions'
//! central cities; the outline is Natural Earth's border (see [`super::finland_outline`]).
//! Labels are placed so that none overlaps another ([`place_labels`]). The same figures
//! stand in the region table, which is the text alternative.

use super::finland_outline::FINLAND_PATH;
use super::theme_chart::scale;
use super::use_lang;
use crate::i18n::*;
use crate::model::dashboard::{DashboardFilter, RegionFigures};
use crate::model::{Lang, Names};
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

const TOP: i64 = 7020;
const LEFT: i64 = 1950;
/// Pixels per hundredth of a degree of latitude (longitude is scaled by cos 64° ≈ 0.44).
/// `scripts/finland-outline.mjs` projects the outline the same way: change both together.
const PX: i64 = 4;
/// The map's size in pixels, as in its viewBox.
const WIDTH: i64 = 260;
const HEIGHT: i64 = 450;

fn point(lat: i64, lon: i64) -> (i64, i64) {
    ((lon - LEFT) * 44 * PX / 1000, (TOP - lat) * PX / 10)
}

/// The labels' font size in pixels, as the stylesheet sets it (`.map-bubble text`).
const FONT_SIZE: i64 = 9;
/// A label's extent above its baseline and below it.
const ASCENT: i64 = 7;
const DESCENT: i64 = 2;
/// Space between a bubble and its label.
const GAP: i64 = 2;
/// Directions tried around a bubble, in order: right, left, above, below, then the diagonals
/// (up right, down right, up left, down left).
const DIRECTIONS: [(i64, i64); 8] = [
    (1, 0),
    (-1, 0),
    (0, -1),
    (0, 1),
    (1, -1),
    (1, 1),
    (-1, -1),
    (-1, 1),
];
/// Distances tried beyond the gap: next to the bubble, then further out on a leader line.
const REACH: [i64; 4] = [0, 8, 16, 28];

/// A bubble as the label placement sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bubble {
    /// Centre on the map.
    pub x: i64,
    pub y: i64,
    pub radius: i64,
    /// The length of the label in characters (the longest of its translations, so that the
    /// places do not move when the language changes).
    pub chars: i64,
}

/// A rectangle on the map, its right and bottom edges exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelBox {
    pub left: i64,
    pub top: i64,
    pub right: i64,
    pub bottom: i64,
}

impl LabelBox {
    /// The box grown by `by` on every side: a rendered line of text stands a little above
    /// its ascent and below its baseline (and fonts differ), so labels keep this apart.
    pub fn padded(&self, by: i64) -> LabelBox {
        LabelBox {
            left: self.left - by,
            top: self.top - by,
            right: self.right + by,
            bottom: self.bottom + by,
        }
    }

    /// Whether the two share any area.
    pub fn intersects(&self, other: &LabelBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    /// The point of the box nearest to `(x, y)` (the point itself when inside).
    fn nearest(&self, x: i64, y: i64) -> (i64, i64) {
        (
            x.clamp(self.left, self.right),
            y.clamp(self.top, self.bottom),
        )
    }

    /// Whether the point lies inside the box or on its edge.
    pub fn contains(&self, x: i64, y: i64) -> bool {
        self.nearest(x, y) == (x, y)
    }

    /// Whether the box and the bubble's disc overlap.
    pub fn touches(&self, bubble: &Bubble) -> bool {
        let (nx, ny) = self.nearest(bubble.x, bubble.y);
        let (dx, dy) = (nx - bubble.x, ny - bubble.y);
        dx * dx + dy * dy < bubble.radius * bubble.radius
    }

    /// Whether the box lies within the map.
    fn on_map(&self) -> bool {
        self.left >= 0 && self.top >= 0 && self.right <= WIDTH && self.bottom <= HEIGHT
    }
}

/// How a label's text stands at its position (SVG `text-anchor`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// The value of the `text-anchor` attribute.
    pub fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Where a bubble's label goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    /// The text's position: its baseline, and the side, middle or end by `anchor`.
    pub x: i64,
    pub y: i64,
    pub anchor: Anchor,
    /// The estimated extent of the text.
    pub bbox: LabelBox,
    /// A line (x1, y1, x2, y2) from the bubble's edge to a label set further out.
    pub leader: Option<(i64, i64, i64, i64)>,
}

/// A label's estimated width: 0.6 of the font size per character, rounded up.
fn label_width(chars: i64) -> i64 {
    chars.max(0).saturating_mul(3 * FONT_SIZE).saturating_add(4) / 5
}

/// The label of `bubble` in direction `(dx, dy)` (each −1, 0 or 1), `reach` pixels further out
/// than next to the bubble.
fn candidate(bubble: &Bubble, (dx, dy): (i64, i64), reach: i64) -> Label {
    let width = label_width(bubble.chars);
    let distance = bubble.radius + GAP + reach;
    let diagonal = dx != 0 && dy != 0;
    // Diagonally the distance is split between the axes (cos 45° ≈ 0.7).
    let offset = if diagonal {
        distance * 7 / 10
    } else {
        distance
    };
    let (x, anchor, left) = match dx.signum() {
        1 => (bubble.x + offset, Anchor::Start, bubble.x + offset),
        -1 => (bubble.x - offset, Anchor::End, bubble.x - offset - width),
        _ => (bubble.x, Anchor::Middle, bubble.x - width / 2),
    };
    let height = ASCENT + DESCENT;
    let top = match dy.signum() {
        1 => bubble.y + offset,
        -1 => bubble.y - offset - height,
        _ => bubble.y - height / 2,
    };
    let bbox = LabelBox {
        left,
        top,
        right: left + width,
        bottom: top + height,
    };
    let leader = (reach > 0).then(|| {
        let edge = if diagonal {
            bubble.radius * 7 / 10
        } else {
            bubble.radius
        };
        let (x2, y2) = bbox.nearest(bubble.x, bubble.y);
        (
            bubble.x + dx.signum() * edge,
            bubble.y + dy.signum() * edge,
            x2,
            y2,
        )
    });
    Label {
        x,
        y: top + ASCENT,
        anchor,
        bbox,
        leader,
    }
}

/// Space kept between two labels, in map units, beyond their estimated boxes.
const LABEL_GAP: i64 = 2;

/// How strictly a label's place is judged, strictest first. Every rule keeps the label clear
/// of the labels placed before it.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// On the map and clear of every bubble.
    ClearOfBubbles,
    /// On the map and clear of every bubble's centre.
    ClearOfCentres,
    OnMap,
    ClearOfLabels,
}

impl Rule {
    const ALL: [Rule; 4] = [
        Rule::ClearOfBubbles,
        Rule::ClearOfCentres,
        Rule::OnMap,
        Rule::ClearOfLabels,
    ];

    /// Whether `label` may stand given the labels `placed` so far and all `bubbles` (its own
    /// included: no candidate reaches into its own bubble).
    fn admits(self, label: &Label, placed: &[Label], bubbles: &[Bubble]) -> bool {
        let bbox = &label.bbox;
        let apart = label.bbox.padded(LABEL_GAP);
        placed.iter().all(|p| !p.bbox.intersects(&apart))
            && match self {
                Rule::ClearOfBubbles => bbox.on_map() && bubbles.iter().all(|b| !bbox.touches(b)),
                Rule::ClearOfCentres => {
                    bbox.on_map() && bubbles.iter().all(|b| !bbox.contains(b.x, b.y))
                }
                Rule::OnMap => bbox.on_map(),
                Rule::ClearOfLabels => true,
            }
    }
}

/// The places tried for a bubble's label, in order: next to the bubble in each of
/// [`DIRECTIONS`], then the same further out by each of [`REACH`].
fn candidates(bubble: Bubble) -> impl Iterator<Item = Label> {
    REACH.into_iter().flat_map(move |reach| {
        DIRECTIONS
            .into_iter()
            .map(move |direction| candidate(&bubble, direction, reach))
    })
}

/// Places the bubbles' labels, in the bubbles' order, so that no two labels overlap. Each
/// takes the first of its `candidates` by the strictest `Rule` any of them meets. Failing
/// all (never with the map's 16 regions), the label goes below every label placed so far.
pub fn place_labels(bubbles: &[Bubble]) -> Vec<Label> {
    let mut placed: Vec<Label> = Vec::with_capacity(bubbles.len());
    for bubble in bubbles {
        let label = Rule::ALL
            .iter()
            .find_map(|rule| candidates(*bubble).find(|l| rule.admits(l, &placed, bubbles)))
            .unwrap_or_else(|| {
                let lowest = placed.iter().map(|p| p.bbox.bottom).max().unwrap_or(0);
                let reach = (lowest - bubble.y - bubble.radius - GAP).max(0) + LABEL_GAP + 1;
                candidate(bubble, (0, 1), reach)
            });
        placed.push(label);
    }
    placed
}

/// The length of the longest of the name's translations, in characters.
fn longest_name(name: &Names) -> i64 {
    [Lang::Fi, Lang::Sv, Lang::En]
        .into_iter()
        .map(|lang| i64::try_from(name.get(lang).chars().count()).unwrap_or(i64::MAX))
        .max()
        .unwrap_or(0)
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
    let bubbles: Vec<(RegionFigures, Bubble)> = regions
        .into_iter()
        .filter_map(|r| {
            let (_, lat, lon) = PLACES.iter().find(|p| p.0 == r.code)?;
            let (x, y) = point(*lat, *lon);
            // Area in proportion: the radius is the square root, in whole pixels.
            let area = scale(value(&r), max, 24 * 24);
            let radius = area.isqrt().max(3);
            let chars = longest_name(&r.name);
            Some((
                r,
                Bubble {
                    x,
                    y,
                    radius,
                    chars,
                },
            ))
        })
        .collect();
    let labels = place_labels(&bubbles.iter().map(|(_, b)| *b).collect::<Vec<_>>());
    view! {
        <figure class="chart map">
            <svg role="group" aria-labelledby="map-title map-desc" viewBox=format!("0 0 {WIDTH} {HEIGHT}") width="100%" preserveAspectRatio="xMidYMin meet">
                <title id="map-title">{t!(i18n, dashboard.map)}</title>
                <desc id="map-desc">{t!(i18n, dashboard.map_summary)}</desc>
                <path class="map-land" d=FINLAND_PATH />
                {bubbles.into_iter().zip(labels).map(|((r, bubble), label)| {
                    let name = r.name.clone();
                    let text = r.name.clone();
                    let leader = label.leader.map(|(x1, y1, x2, y2)| view! {
                        <line class="map-leader" x1=x1 y1=y1 x2=x2 y2=y2 stroke="#6b7280" stroke-width="0.75" />
                    });
                    // Inside a <g>, so that the link is made as an SVG element when the page is
                    // rendered in the browser too.
                    view! {
                        <g>
                            <a href=filter.with_region(&r.code) class="map-bubble">
                                <circle cx=bubble.x cy=bubble.y r=bubble.radius />
                                <title>{move || name.get(lang.get()).to_string()}</title>
                                {leader}
                                <text x=label.x y=label.y text-anchor=label.anchor.attr()>
                                    {move || text.get(lang.get()).to_string()}
                                </text>
                            </a>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest of each region's names in fi / sv / en, as in the reference data.
    const NAMES: [(&str, &str); 16] = [
        ("capital", "Huvudstadsregionen"),
        ("joensuu", "Joensuu"),
        ("jyvaskyla", "Jyväskylä"),
        ("kokkola", "Kokkola"),
        ("kuopio", "Kuopio"),
        ("lahti", "Lahtis"),
        ("lappeenranta", "Villmanstrand"),
        ("mikkeli", "S:t Michel"),
        ("oulu", "Uleåborg"),
        ("pori", "Björneborg"),
        ("kajaani", "Kajaani"),
        ("rovaniemi", "Rovaniemi"),
        ("seinajoki", "Seinäjoki"),
        ("tampere", "Tammerfors"),
        ("turku", "Turku"),
        ("vaasa", "Vaasa"),
    ];

    /// Inhabitants of each region, as in the reference data: a realistic spread of sizes.
    const POPULATION: [(&str, i64); 16] = [
        ("capital", 1_254_000),
        ("joensuu", 78_000),
        ("jyvaskyla", 148_000),
        ("kokkola", 48_000),
        ("kuopio", 125_000),
        ("lahti", 121_000),
        ("lappeenranta", 98_000),
        ("mikkeli", 52_000),
        ("oulu", 216_000),
        ("pori", 83_000),
        ("kajaani", 46_000),
        ("rovaniemi", 65_000),
        ("seinajoki", 66_000),
        ("tampere", 260_000),
        ("turku", 205_000),
        ("vaasa", 83_000),
    ];

    fn lookup<T: Copy + Default>(table: &[(&str, T)], code: &str) -> T {
        table
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(T::default, |(_, v)| *v)
    }

    /// The 16 regions' bubbles where the map draws them, with radii by `radius`.
    fn bubbles(radius: impl Fn(&str) -> i64) -> Vec<Bubble> {
        PLACES
            .iter()
            .map(|(code, lat, lon)| {
                let (x, y) = point(*lat, *lon);
                let chars = lookup(&NAMES, code).chars().count();
                let chars = i64::try_from(chars).unwrap_or(i64::MAX);
                Bubble {
                    x,
                    y,
                    radius: radius(code),
                    chars,
                }
            })
            .collect()
    }

    /// Radii as the map sizes them, by population.
    fn by_population(code: &str) -> i64 {
        let max = POPULATION.iter().map(|(_, p)| *p).max().unwrap_or(0);
        scale(lookup(&POPULATION, code), max, 24 * 24)
            .isqrt()
            .max(3)
    }

    /// Places the labels and checks that none overlaps another or its own bubble.
    fn placed_apart(bubbles: &[Bubble]) -> Vec<Label> {
        let labels = place_labels(bubbles);
        assert_eq!(labels.len(), bubbles.len());
        for (i, a) in labels.iter().enumerate() {
            assert!(
                !a.bbox.touches(&bubbles[i]),
                "label {i} covers its own bubble: {a:?}"
            );
            for (j, b) in labels.iter().enumerate().skip(i + 1) {
                assert!(
                    !a.bbox.intersects(&b.bbox),
                    "labels {i} and {j} overlap: {a:?} {b:?}"
                );
            }
        }
        labels
    }

    #[test]
    fn the_regions_labels_never_overlap() {
        for radius in [3, 6, 10, 16, 24] {
            placed_apart(&bubbles(|_| radius));
        }
        placed_apart(&bubbles(by_population));
    }

    #[test]
    fn with_real_sizes_labels_stay_on_the_map_clear_of_other_bubbles() {
        for map in [bubbles(|_| 3), bubbles(by_population)] {
            for label in placed_apart(&map) {
                assert!(label.bbox.on_map(), "{label:?} is off the map");
                assert!(
                    map.iter().all(|b| !label.bbox.touches(b)),
                    "{label:?} covers a bubble"
                );
            }
        }
    }

    #[test]
    fn close_neighbours_are_labelled_apart() {
        let bubbles = bubbles(by_population);
        let labels = placed_apart(&bubbles);
        let label = |code: &str| {
            PLACES
                .iter()
                .position(|p| p.0 == code)
                .and_then(|i| labels.get(i))
                .copied()
        };
        for (one, other) in [("kuopio", "joensuu"), ("lahti", "tampere")] {
            let (Some(a), Some(b)) = (label(one), label(other)) else {
                panic!("no label for {one} or {other}");
            };
            assert!(
                !a.bbox.padded(LABEL_GAP).intersects(&b.bbox),
                "{one} and {other}"
            );
        }
    }

    #[test]
    fn a_label_with_no_room_around_goes_below_the_others() {
        let crowd = [Bubble {
            x: 130,
            y: 225,
            radius: 24,
            chars: 30,
        }; 40];
        let labels = placed_apart(&crowd);
        let last = labels.last().map(|l| l.bbox.top).unwrap_or(0);
        assert!(
            last > HEIGHT,
            "the last of 40 labels on one spot is pushed below the map"
        );
        assert!(labels.last().is_some_and(|l| l.leader.is_some()));
    }

    #[test]
    fn placement_is_deterministic() {
        let bubbles = bubbles(by_population);
        assert_eq!(place_labels(&bubbles), place_labels(&bubbles));
    }

    #[test]
    fn a_label_is_as_wide_as_its_characters_estimate() {
        // 0.6 × 9 px per character, rounded up.
        assert_eq!(label_width(0), 0);
        assert_eq!(label_width(5), 27);
        assert_eq!(label_width(10), 54);
        assert_eq!(label_width(18), 98);
        let right = candidate(
            &Bubble {
                x: 100,
                y: 100,
                radius: 10,
                chars: 5,
            },
            (1, 0),
            0,
        );
        assert_eq!(right.anchor, Anchor::Start);
        assert_eq!(
            right.bbox,
            LabelBox {
                left: 112,
                top: 96,
                right: 139,
                bottom: 105
            }
        );
        assert_eq!((right.x, right.y, right.leader), (112, 103, None));
    }
}
