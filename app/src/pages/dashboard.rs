//! `/dashboard`: the national dashboard, or a city region's with `?region=`. Filters by
//! region, theme, action, council and period stand in the address (a plain GET form);
//! every chart is server-rendered SVG with its table, and every table downloads as CSV.

use crate::api::dashboard::{SetFrame, get_dashboard};
use crate::components::figure::Figure;
use crate::components::guard::load_error;
use crate::components::kept_input::KeptInput;
use crate::components::raw_text::PageTitle;
use crate::components::region_map::{MapSize, RegionMap};
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::components::theme_chart::ThemeBars;
use crate::components::use_lang;
use crate::components::values::quantity;
use crate::components::values::{money, source_label};
use crate::i18n::*;
use crate::model::dashboard::{Dashboard, DashboardFilter, Frozen};
use crate::model::figures::ThemeFigures;
use crate::model::format;
use crate::model::projects::Choice;
use crate::model::sources::Source;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The dashboard page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        DashboardFilter {
            region: get("region"),
            theme: get("theme"),
            action: get("action"),
            council: get("council"),
            period: get("period"),
            all: q.get("all").is_some_and(|v| v == "1"),
            snapshot: get("snapshot"),
        }
    };
    let size = move || MapSize::from_param(query.read().get("size").as_deref());
    let data = Resource::new(filter, get_dashboard);
    view! {
        // The dashboard names its regions once loaded; a refusal keeps this title and heading.
        <PageTitle text=t_string!(i18n, dashboard.title).to_string() />
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardView d size=size() /> }.into_any(),
                    Err(e @ crate::error::AppError::Forbidden) => view! {
                        <h1>{t!(i18n, dashboard.title)}</h1>
                        {load_error(e, "/dashboard")}
                    }.into_any(),
                    Err(e) => load_error(e, "/dashboard"),
                }
            })}
        </Transition>
    }
}

fn filter_select(
    name: &'static str,
    label: AnyView,
    choices: Vec<Choice>,
    selected: Option<String>,
    lang: Signal<crate::model::Lang>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="">{t!(i18n, projects.all)}</option>
                {choices.into_iter().map(|c| {
                    let is = selected.as_deref() == Some(c.code.as_str());
                    let n = c.name.clone();
                    view! { <option value=c.code selected=is>{move || n.get(lang.get()).to_string()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn DashboardView(d: Dashboard, size: MapSize) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let f = d.filter.clone();
    let query = f.query();
    let region_name = f
        .region
        .as_ref()
        .and_then(|code| d.choices.regions.iter().find(|c| &c.code == code))
        .map(|c| c.name.clone());
    let count = move |n: i64| Signal::derive(move || format::integer(n, lang.get()));
    let millions = move |m| Signal::derive(move || format::money_millions(m, lang.get()));
    let share = d.city_share_basis_points();
    let city_note = Signal::derive(move || {
        share
            .map(|bp| format::percent_from_basis_points(bp, lang.get()))
            .unwrap_or_default()
    });
    let periods: Vec<Choice> = d
        .choices
        .periods
        .iter()
        .map(|p| Choice {
            code: p.clone(),
            name: crate::model::Names::same(p.clone()),
        })
        .collect();
    let frozen = d.frozen.clone();
    let computing_since = d.computing_since.clone();
    let theme_bars: Vec<ThemeFigures> = d
        .by_theme
        .iter()
        .map(|t| ThemeFigures {
            code: t.code.clone(),
            name: t.name.clone(),
            projects: t.subprojects,
            total_funding: t.planned,
        })
        .collect();
    let frame_share = d.frame_share_basis_points();
    let frame_note = d.frame.map(|frame| {
        Signal::derive(move || {
            let l = lang.get();
            t_string!(
                i18n,
                dashboard.frame_note,
                frame = format::money_millions(frame, l),
                share = frame_share
                    .map(|bp| format::percent_from_basis_points(bp, l))
                    .unwrap_or_default()
            )
            .to_string()
        })
    });
    // The title names the regions the figures cover; national figures are the national
    // dashboard.
    let scope = d.scope.clone();
    let title = Signal::derive(move || {
        let l = lang.get();
        if scope.is_empty() {
            t_string!(i18n, dashboard.title).to_string()
        } else {
            let regions: Vec<&str> = scope.iter().map(|n| n.get(l)).collect();
            t_string!(i18n, dashboard.region_title, region = regions.join(", ")).to_string()
        }
    });
    let national_reader = d.national_reader;
    let frame_form = (d.can_edit_frame && d.scope.is_empty())
        .then_some(d.frame)
        .flatten();
    view! {
        <PageTitle text=title />
        <h1>{title}</h1>
        {frozen.clone().map(|Frozen { period, taken_at: taken }| view! {
            <p class="notice" role="note" data-testid="frozen">
                {t!(i18n, dashboard.frozen_note, period = period.clone(), taken = {
                    let at = taken.clone();
                    move || view! { <crate::components::values::Instant at=at.clone() /> }
                })}
                " "<a href="/dashboard">{t!(i18n, dashboard.live)}</a>
            </p>
        })}
        {computing_since.map(|at| view! {
            <p class="notice" role="status" data-testid="computing">
                {t!(i18n, dashboard.computing_note, taken = move || view! { <crate::components::values::Instant at=at.clone() /> })}
            </p>
        })}
        <form method="get" action="/dashboard" class="filters no-print" hidden=frozen.is_some()>
            <fieldset>
                <legend>{t!(i18n, dashboard.filters)}</legend>
                {filter_select("region", t!(i18n, register.region).into_any(), d.choices.regions.clone(), f.region.clone(), lang)}
                {filter_select("theme", t!(i18n, register.theme).into_any(), d.choices.themes.clone(), f.theme.clone(), lang)}
                {filter_select("action", t!(i18n, dashboard.action).into_any(), d.choices.actions.clone(), f.action.clone(), lang)}
                {filter_select("council", t!(i18n, register.council).into_any(), d.choices.councils.clone(), f.council.clone(), lang)}
                {filter_select("period", t!(i18n, dashboard.period).into_any(), periods, f.period.clone(), lang)}
                {d.can_include_unapproved.then(|| view! {
                    <div class="checkbox">
                        <input type="checkbox" id="filter-all" name="all" value="1" checked=f.all />
                        <label for="filter-all">{t!(i18n, reporting.include_unapproved)}</label>
                    </div>
                })}
                <button type="submit" class="primary">{t!(i18n, projects.apply)}</button>
            </fieldset>
        </form>
        <p class="as-of" data-testid="data-basis">
            {if f.all { t!(i18n, dashboard.basis_all).into_any() } else { t!(i18n, dashboard.basis_approved).into_any() }}
            {f.period.clone().map(|p| view! { " "{t!(i18n, dashboard.until_period, period = p)} })}
        </p>
        <section aria-labelledby="dash-figures">
            <h2 id="dash-figures">{t!(i18n, home.key_figures)}</h2>
            <dl class="figures" data-testid="dashboard-figures">
                <Figure value=count(d.projects)>{t!(i18n, home.projects)}</Figure>
                <Figure value=count(d.subprojects)>{t!(i18n, home.subprojects)}</Figure>
                <Figure value=count(d.organisations)>{t!(i18n, home.organisations)}</Figure>
                <Figure value=millions(d.planned_total())>{t!(i18n, dashboard.planned)}</Figure>
                <Figure value=millions(d.eu_state())>{t!(i18n, home.eu_state_funding)}</Figure>
                <Figure value=millions(d.planned.city) note=city_note>{t!(i18n, home.city_funding)}</Figure>
                <Figure value=millions(d.realised_total())>{t!(i18n, dashboard.realised)}</Figure>
                {frame_note.map(|note| view! { <Figure value=millions(d.planned_total()) note>{t!(i18n, dashboard.committed)}</Figure> })}
            </dl>
            {frame_form.map(|frame| view! { <FrameForm frame version=d.frame_version /> })}
        </section>
        <crate::pages::dashboard_trend::Trend
            points=d.trend.clone()
            query=query.clone()
            names=d.indicators.iter().map(|i| (i.code.clone(), i.name.clone())).collect()
        />
        <section aria-labelledby="dash-sources">
            <h2 id="dash-sources">{t!(i18n, dashboard.by_source)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="sources-caption">
            <table class="data-table" data-testid="by-source">
                <caption id="sources-caption">{t!(i18n, dashboard.by_source_caption)}" "<TableDownloads path="/dashboard/sources" query=query.clone() /></caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, dashboard.source)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.planned)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.realised)}</th>
                </tr></thead>
                <tbody>
                    {Source::ALL.map(|source| view! {
                        <tr>
                            <th scope="row">{source_label(i18n, source)}</th>
                            <td class="num">{money(d.planned[source], lang)}</td>
                            <td class="num">{money(d.realised[source], lang)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row">{t!(i18n, register.total)}</th>
                    <td class="num">{money(d.planned_total(), lang)}</td>
                    <td class="num">{money(d.realised_total(), lang)}</td>
                </tr></tfoot>
            </table>
            </div>
        </section>
        {(d.by_region.len() > 1).then(|| view! {
            <section aria-labelledby="dash-map">
                <h2 id="dash-map">{t!(i18n, dashboard.map)}</h2>
                <MapSizeForm filter=f.clone() size=size.clone() indicators=d.indicators.iter().map(|p| (p.code.clone(), p.name.clone())).collect() />
                <RegionMap regions=d.by_region.clone() filter=f.clone() size=size.clone() />
                {match &size {
                    MapSize::Indicator(code) => {
                        let name = d.indicators.iter().find(|i| &i.code == code).map(|i| i.name.clone());
                        Some(view! { <IndicatorByRegion regions=d.by_region.clone() code=code.clone() name /> })
                    }
                    _ => None,
                }}
            </section>
        })}
        <crate::pages::dashboard_regions::RegionFunding regions=d.by_region.clone() filter=f.clone() query=query.clone() />
        <crate::pages::dashboard_regions::RegionBenchmark regions=d.by_region.clone() filter=f.clone() />
        <section aria-labelledby="dash-themes">
            <h2 id="dash-themes">{t!(i18n, home.by_theme)}</h2>
            <ThemeBars themes=theme_bars />
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="themes-caption">
            <table class="data-table" data-testid="by-theme">
                <caption id="themes-caption">{t!(i18n, dashboard.by_theme_caption)}" "<TableDownloads path="/dashboard/themes" query=query.clone() /></caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, register.theme)}</th>
                    <th scope="col" class="num">{t!(i18n, home.projects)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.planned)}</th>
                </tr></thead>
                <tbody>
                    {d.by_theme.clone().into_iter().map(|t| {
                        let name = t.name.clone();
                        let projects = t.subprojects;
                        view! {
                            <tr>
                                <th scope="row">{move || name.get(lang.get()).to_string()}</th>
                                <td class="num">{move || format::integer(projects, lang.get())}</td>
                                <td class="num">{money(t.planned, lang)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
        <section aria-labelledby="dash-indicators">
            <h2 id="dash-indicators">{t!(i18n, dashboard.indicators)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="indicators-caption">
            <table class="data-table" data-testid="indicator-progress">
                <caption id="indicators-caption">{t!(i18n, dashboard.indicators_caption)}" "<TableDownloads path="/dashboard/indicators" query=query.clone() /></caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, reporting.indicator)}</th>
                    <th scope="col" class="num">{t!(i18n, reporting.target)}</th>
                    <th scope="col" class="num">{t!(i18n, reporting.actual)}</th>
                    <th scope="col" class="num">{t!(i18n, dashboard.progress)}</th>
                    <th scope="col" class="num">{t!(i18n, reporting.distinct_companies)}</th>
                </tr></thead>
                <tbody>
                    {d.indicators.clone().into_iter().map(|p| {
                        let name = p.name.clone();
                        let (target, actual, distinct) = (p.target, p.actual, p.companies_distinct);
                        let bp = p.progress_basis_points();
                        let bar = bp.map(|b| (b.clamp(0, 10_000) / 100).to_string());
                        view! {
                            <tr>
                                <th scope="row">{p.code.clone()}" "<span class="muted">{move || name.get(lang.get()).to_string()}</span></th>
                                <td class="num">{move || quantity(target, lang.get())}</td>
                                <td class="num">{move || quantity(actual, lang.get())}</td>
                                <td class="num">
                                    {move || bp.map(|b| format::percent_from_basis_points(b, lang.get())).unwrap_or_else(|| "–".into())}
                                    {bar.clone().map(|w| view! {
                                        <svg class="progress" viewBox="0 0 100 8" width="100" height="8" aria-hidden="true">
                                            <rect class="progress-track" x="0" y="0" width="100" height="8" />
                                            <rect class="progress-done" x="0" y="0" width=w height="8" />
                                        </svg>
                                    })}
                                </td>
                                <td class="num">{move || distinct.map(|n| format::integer(n, lang.get())).unwrap_or_else(|| "–".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
        <p class="no-print field-hint">{t!(i18n, dashboard.print)}</p>
        <p class="print-only">{t!(i18n, dashboard.printed_from)}</p>
        {(national_reader && region_name.is_some()).then(|| view! { <p class="no-print"><a href="/dashboard">{t!(i18n, dashboard.back_national)}</a></p> })}
    }
}

/// Chooses what the map's bubbles show; the dashboard's filters ride along.
#[component]
fn MapSizeForm(
    filter: DashboardFilter,
    size: MapSize,
    indicators: Vec<(String, crate::model::Names)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let hidden: Vec<(&'static str, String)> = [
        ("region", filter.region),
        ("theme", filter.theme),
        ("action", filter.action),
        ("council", filter.council),
        ("period", filter.period),
        ("snapshot", filter.snapshot),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .chain(filter.all.then(|| ("all", "1".to_string())))
    .collect();
    let chosen = size.param();
    let option = move |value: String, label: AnyView| {
        let is = value == chosen;
        view! { <option value=value selected=is>{label}</option> }
    };
    view! {
        <form method="get" action="/dashboard" class="inline-form no-print">
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v /> }).collect_view()}
            <label for="map-size">{t!(i18n, dashboard.size_by)}</label>
            " "
            <select id="map-size" name="size">
                {option.clone()("funding".into(), t!(i18n, dashboard.planned).into_any())}
                {option.clone()("subprojects".into(), t!(i18n, home.subprojects).into_any())}
                {indicators.into_iter().map(|(code, name)| {
                    let label = view! { {code.clone()}" – "{move || name.get(lang.get()).to_string()} }.into_any();
                    option.clone()(code, label)
                }).collect_view()}
            </select>
            " "
            <button type="submit" class="secondary">{t!(i18n, dashboard.size_apply)}</button>
        </form>
    }
}

/// The regions' actuals of the indicator the map shows: the map's figures as text.
#[component]
fn IndicatorByRegion(
    regions: Vec<crate::model::dashboard::RegionFigures>,
    code: String,
    name: Option<crate::model::Names>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let shown = code.clone();
    let caption_code = move || match &name {
        Some(n) => format!("{} ({shown})", n.get(lang.get())),
        None => shown.clone(),
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="indicator-region-caption">
        <table class="data-table" data-testid="indicator-by-region">
            <caption id="indicator-region-caption">{t!(i18n, dashboard.indicator_by_region, indicator = caption_code)}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, register.region)}</th>
                <th scope="col" class="num">{t!(i18n, reporting.actual)}</th>
            </tr></thead>
            <tbody>
                {regions.into_iter().map(|r| {
                    let name = r.name.clone();
                    let q = r.actual(&code);
                    view! {
                        <tr>
                            <th scope="row">{move || name.get(lang.get()).to_string()}</th>
                            <td class="num">{move || q.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn FrameForm(frame: crate::model::Money, version: i32) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetFrame>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <details class="no-print">
            <summary>{t!(i18n, dashboard.edit_frame)}</summary>
            <KeptInput endpoint=SetFrame::PATH>
            <ActionForm action=save attr:class="form">
                <FormError error />
                <input type="hidden" name="form[version]" value=version />
                <TextField name="form[amount]" id="amount" value=frame.to_string() errors=errors_of(save.value(), "frame")>
                    {t!(i18n, dashboard.frame_label)}
                </TextField>
                <button type="submit" class="secondary">{t!(i18n, register.save)}</button>
            </ActionForm>
            </KeptInput>
        </details>
    }
}
