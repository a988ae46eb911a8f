//! The trend over periods as server-rendered SVG: for each closed period (and now) a pair of
//! bars, planned and realised national funding. Lengths are exact integer proportions; the
//! figures themselves stand in the trend table beside it.

use super::theme_chart::scale;
use super::use_lang;
use crate::i18n::*;
use crate::model::dashboard::TrendPoint;
use crate::model::format;
use leptos::prelude::*;

const LABEL: i64 = 110;
const BAR_MAX: i64 = 420;
const BAR: i64 = 16;
const ROW: i64 = 2 * BAR + 14;

/// Planned and realised funding at the end of each period.
#[component]
pub fn TrendChart(points: Vec<TrendPoint>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let max = points
        .iter()
        .map(|p| p.planned.cents().max(p.realised.cents()))
        .max()
        .unwrap_or(0);
    let height = 30 + ROW * i64::try_from(points.len()).unwrap_or(0);
    view! {
        <figure class="chart">
            <svg role="img" aria-labelledby="trend-chart-title trend-chart-desc"
                viewBox=format!("0 0 {} {height}", LABEL + BAR_MAX + 120) width="100%" preserveAspectRatio="xMinYMin meet">
                <title id="trend-chart-title">{t!(i18n, dashboard.trend)}</title>
                <desc id="trend-chart-desc">{t!(i18n, dashboard.trend_chart_summary)}</desc>
                <g class="legend">
                    <rect class="bar-projects" x=LABEL y="4" width="12" height="12" />
                    <text x=LABEL + 16 y="15">{t!(i18n, dashboard.planned)}</text>
                    <rect class="bar-funding" x=LABEL + 180 y="4" width="12" height="12" />
                    <text x=LABEL + 196 y="15">{t!(i18n, dashboard.realised)}</text>
                </g>
                {points.into_iter().enumerate().map(|(row, p)| {
                    let y = 26 + ROW * i64::try_from(row).unwrap_or(0);
                    let planned = scale(p.planned.cents(), max, BAR_MAX);
                    let realised = scale(p.realised.cents(), max, BAR_MAX);
                    let label = p.period.clone();
                    let (planned_money, realised_money) = (p.planned, p.realised);
                    view! {
                        <text x=LABEL - 6 y=y + BAR + 4 text-anchor="end">
                            {if label.is_empty() { t!(i18n, dashboard.now).into_any() } else { label.into_any() }}
                        </text>
                        <rect class="bar-projects" x=LABEL y=y width=planned height=BAR />
                        <text class="bar-value" x=LABEL + planned + 6 y=y + BAR - 3>
                            {move || format::money_millions(planned_money, lang.get())}
                        </text>
                        <rect class="bar-funding" x=LABEL y=y + BAR + 2 width=realised height=BAR />
                        <text class="bar-value" x=LABEL + realised + 6 y=y + 2 * BAR - 1>
                            {move || format::money_millions(realised_money, lang.get())}
                        </text>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
