//! The dashboard's city regions: planned funding by source per region (stacked bars and
//! table), and the regions side by side (per inhabitant where the population is known, the
//! cities' share, realised against planned). Two tables, so each fits a printed A4 page.

use crate::components::region_chart::RegionChart;
use crate::components::table_downloads::TableDownloads;
use crate::components::use_lang;
use crate::components::values::{money, source_cells, source_headings};
use crate::i18n::*;
use crate::model::dashboard::{DashboardFilter, RegionFigures};
use crate::model::{Money, format};
use leptos::prelude::*;

/// Planned funding by source per region.
#[component]
pub fn RegionFunding(
    regions: Vec<RegionFigures>,
    filter: DashboardFilter,
    /// The page's filter, for the table's downloads.
    query: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="dash-regions">
            <h2 id="dash-regions">{t!(i18n, dashboard.by_region)}</h2>
            <RegionChart regions=regions.clone() />
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="regions-caption">
                <table class="data-table" data-testid="by-region">
                    <caption id="regions-caption">{t!(i18n, dashboard.by_region_caption)}" "<TableDownloads path="/dashboard/regions" query=query.clone() /></caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, register.region)}</th>
                        <th scope="col" class="num">{t!(i18n, home.subprojects)}</th>
                        {source_headings(i18n)}
                        <th scope="col" class="num">{t!(i18n, dashboard.planned)}</th>
                    </tr></thead>
                    <tbody>
                        {regions.into_iter().map(|r| {
                            let name = r.name.clone();
                            let subprojects = r.subprojects;
                            view! {
                                <tr>
                                    <th scope="row"><a href=filter.with_region(&r.code)>{move || name.get(lang.get()).to_string()}</a></th>
                                    <td class="num">{move || format::integer(subprojects, lang.get())}</td>
                                    {source_cells(r.planned, lang)}
                                    <td class="num">{money(r.planned_total(), lang)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The regions side by side: population, planned per inhabitant, the cities' share, realised
/// money, realised per inhabitant and realised of planned.
#[component]
pub fn RegionBenchmark(regions: Vec<RegionFigures>, filter: DashboardFilter) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let per = move |m: Option<Money>| {
        move || {
            m.map(|m| format::money_full(m, lang.get()))
                .unwrap_or_else(|| "–".into())
        }
    };
    let pct = move |bp: Option<i64>| {
        move || {
            bp.map(|b| format::percent_from_basis_points(b, lang.get()))
                .unwrap_or_else(|| "–".into())
        }
    };
    view! {
        <section aria-labelledby="dash-benchmark">
            <h2 id="dash-benchmark">{t!(i18n, dashboard.benchmark)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="benchmark-caption">
                <table class="data-table" data-testid="benchmark">
                    <caption id="benchmark-caption">{t!(i18n, dashboard.benchmark_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, register.region)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.population)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.per_capita)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.city_share)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.realised)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.realised_per_capita)}</th>
                        <th scope="col" class="num">{t!(i18n, dashboard.realised_share)}</th>
                    </tr></thead>
                    <tbody>
                        {regions.into_iter().map(|r| {
                            let name = r.name.clone();
                            let population = r.population;
                            view! {
                                <tr>
                                    <th scope="row"><a href=filter.with_region(&r.code)>{move || name.get(lang.get()).to_string()}</a></th>
                                    <td class="num">{move || population.map(|p| format::integer(i64::from(p), lang.get())).unwrap_or_else(|| "–".into())}</td>
                                    <td class="num">{per(r.per_capita(r.planned_total()))}</td>
                                    <td class="num">{pct(r.city_share_basis_points())}</td>
                                    <td class="num">{money(r.realised, lang)}</td>
                                    <td class="num">{per(r.per_capita(r.realised))}</td>
                                    <td class="num">{pct(r.realised_share_basis_points())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
