//! "Funding by source per city region": stacked SVG bars rendered on the server, with a
//! title and summary for screen readers; the figures stand in the table beside it.

use super::theme_chart::scale;
use super::use_lang;
use crate::components::values::source_label;
use crate::i18n::*;
use crate::model::dashboard::RegionFigures;
use crate::model::sources::Source;
use leptos::prelude::*;

const LABEL: i64 = 170;
const BAR_MAX: i64 = 450;
const ROW: i64 = 26;

/// The stacked bars.
#[component]
pub fn RegionChart(regions: Vec<RegionFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let max = regions
        .iter()
        .map(|r| r.planned_total().cents())
        .max()
        .unwrap_or(0);
    let height = 10 + ROW * i64::try_from(regions.len()).unwrap_or(0);
    view! {
        <figure class="chart">
            // The legend is text that wraps, never SVG labels that overlap when a
            // translation is long.
            <ul class="chart-legend">
                {Source::ALL.map(|source| view! {
                    <li>
                        <svg width="12" height="12" aria-hidden="true"><rect class=format!("source-{}", source.code()) width="12" height="12" /></svg>
                        {source_label(i18n, source)}
                    </li>
                }).collect_view()}
            </ul>
            <svg role="img" aria-labelledby="region-chart-title region-chart-desc"
                viewBox=format!("0 0 {} {height}", LABEL + BAR_MAX + 10) width="100%" preserveAspectRatio="xMinYMin meet">
                <title id="region-chart-title">{t!(i18n, dashboard.by_region)}</title>
                <desc id="region-chart-desc">{t!(i18n, dashboard.region_chart_summary)}</desc>
                {regions.into_iter().enumerate().map(|(row, r)| {
                    let y = 4 + ROW * i64::try_from(row).unwrap_or(0);
                    let name = r.name.clone();
                    let mut x = LABEL;
                    let segments: Vec<(Source, i64, i64)> = r.planned.iter().map(|(source, m)| {
                        let w = scale(m.cents(), max, BAR_MAX);
                        let seg = (source, x, w);
                        x += w;
                        seg
                    }).collect();
                    view! {
                        <text x=LABEL - 6 y=y + 14 text-anchor="end">{move || name.get(lang.get()).to_string()}</text>
                        {segments.into_iter().filter(|(_, _, w)| *w > 0).map(|(source, x, w)| view! {
                            <rect class=format!("source-{}", source.code()) x=x y=y width=w height="18" />
                        }).collect_view()}
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
