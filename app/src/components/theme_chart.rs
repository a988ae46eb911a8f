//! "Number of projects and total funding by theme": an SVG bar chart rendered on the server,
//! with a title and description for screen readers and the same figures as a table.
//! Bar lengths are computed from exact integers; money is never turned into a float.

use super::use_lang;
use crate::i18n::*;
use crate::model::figures::ThemeFigures;
use crate::model::format;
use leptos::prelude::*;

const WIDTH: i64 = 640;
const BAR_MAX: i64 = 430;
const ROW: i64 = 78;
const BAR_HEIGHT: i64 = 20;

/// Scales `value` of `max` to `0..=BAR_MAX` pixels, exactly.
fn bar_length(value: i64, max: i64) -> i64 {
    scale(value, max, BAR_MAX)
}

/// Scales `value` of `max` to `0..=length`, exactly (integers only, rounded down).
pub fn scale(value: i64, max: i64, length: i64) -> i64 {
    if max <= 0 {
        return 0;
    }
    i64::try_from(i128::from(value) * i128::from(length) / i128::from(max)).unwrap_or(0)
}

/// The chart and its data table.
#[component]
pub fn ThemeChart(themes: Vec<ThemeFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let rows = themes.clone();
    view! {
        <ThemeBars themes />
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="theme-table-caption">
        <table class="data-table">
            <caption id="theme-table-caption">{t!(i18n, home.by_theme)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, home.col_theme)}</th>
                    <th scope="col" class="num">{t!(i18n, home.col_projects)}</th>
                    <th scope="col" class="num">{t!(i18n, home.col_funding)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|theme| {
                        let name = theme.name.clone();
                        view! {
                            <tr>
                                <th scope="row">{move || name.get(lang.get()).to_string()}</th>
                                <td class="num">{move || format::integer(theme.projects, lang.get())}</td>
                                <td class="num">
                                    {move || format::money_full(theme.total_funding, lang.get())}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// The chart alone, for pages that show its figures in a table of their own.
#[component]
pub fn ThemeBars(themes: Vec<ThemeFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let max_projects = themes.iter().map(|t| t.projects).max().unwrap_or(0);
    let max_funding = themes
        .iter()
        .map(|t| t.total_funding.cents())
        .max()
        .unwrap_or(0);
    let height = ROW * i64::try_from(themes.len()).unwrap_or(0) + 40;

    view! {
        <figure class="chart">
            <svg
                role="img"
                aria-labelledby="theme-chart-title theme-chart-desc"
                viewBox=format!("0 0 {WIDTH} {height}")
                width="100%"
                preserveAspectRatio="xMinYMin meet"
            >
                <title id="theme-chart-title">{t!(i18n, home.by_theme)}</title>
                <desc id="theme-chart-desc">{t!(i18n, home.chart_summary)}</desc>
                <g class="legend" transform="translate(0,12)">
                    <rect class="bar-projects" x="0" y="-10" width="14" height="14" />
                    <text x="20" y="2">{t!(i18n, home.legend_projects)}</text>
                    <rect class="bar-funding" x="140" y="-10" width="14" height="14" />
                    <text x="160" y="2">{t!(i18n, home.legend_funding)}</text>
                </g>
                {themes
                    .into_iter()
                    .enumerate()
                    .map(|(i, theme)| {
                        let y = 40 + ROW * i64::try_from(i).unwrap_or(0);
                        let projects_len = bar_length(theme.projects, max_projects);
                        let funding_len = bar_length(theme.total_funding.cents(), max_funding);
                        let name = theme.name.clone();
                        let projects = theme.projects;
                        let funding = theme.total_funding;
                        view! {
                            <g transform=format!("translate(0,{y})")>
                                <text class="bar-label" x="0" y="12">
                                    {move || name.get(lang.get()).to_string()}
                                </text>
                                <rect
                                    class="bar-projects"
                                    x="0"
                                    y="20"
                                    width=projects_len
                                    height=BAR_HEIGHT
                                />
                                <text class="bar-value" x=projects_len + 6 y="35">
                                    {move || format::integer(projects, lang.get())}
                                </text>
                                <rect
                                    class="bar-funding"
                                    x="0"
                                    y=20 + BAR_HEIGHT + 4
                                    width=funding_len
                                    height=BAR_HEIGHT
                                />
                                <text class="bar-value" x=funding_len + 6 y=35 + BAR_HEIGHT + 4>
                                    {move || format::money_millions(funding, lang.get())}
                                </text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
            <figcaption class="visually-hidden">{t!(i18n, home.by_theme)}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_lengths_are_exact_integer_proportions() {
        assert_eq!(bar_length(50, 100), BAR_MAX / 2);
        assert_eq!(bar_length(100, 100), BAR_MAX);
        assert_eq!(bar_length(0, 0), 0);
        // 10^14 cents does not overflow
        assert_eq!(
            bar_length(100_000_000_000_000, 100_000_000_000_000),
            BAR_MAX
        );
    }
}
