//! `/`: the programme's public key figures, laid out like the programme's own page.

use crate::api::case_studies::list_published_case_studies;
use crate::api::figures::get_key_figures;
use crate::components::figure::Figure;
use crate::components::raw_text::PageTitle;
use crate::components::theme_chart::ThemeChart;
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::case_studies::CaseStudySummary;
use crate::model::figures::KeyFigures;
use crate::model::format;
use leptos::prelude::*;

/// The public home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let figures = Resource::new(|| (), |_| get_key_figures());
    let stories = Resource::new(|| (), |_| list_published_case_studies());
    view! {
        <PageTitle text=t_string!(i18n, home.title).to_string() />
        <h1>{t!(i18n, home.title)}</h1>
        <p class="lead">{t!(i18n, home.intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(Some(figures)) if figures.projects > 0 => {
                        view! { <KeyFiguresView figures /> }.into_any()
                    }
                    Ok(_) => view! { <p>{t!(i18n, home.no_data)}</p> }.into_any(),
                    Err(_) => view! { <p role="alert">{t!(i18n, error_generic)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                stories.await.ok().filter(|s| !s.is_empty()).map(|stories| view! { <CaseStudies stories /> })
            })}
        </Suspense>
    }
}

#[component]
fn CaseStudies(stories: Vec<CaseStudySummary>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="case-studies-heading">
            <h2 id="case-studies-heading">{t!(i18n, home.case_studies)}</h2>
            <div class="case-studies">
                {stories.into_iter().map(|c| {
                    let (title, body, region) = (c.title.clone(), c.body.clone(), c.region.clone());
                    view! {
                        <article class="case-study">
                            <h3><a href=format!("/stories/{}", c.id)>{move || title.get(lang.get()).to_string()}</a></h3>
                            <p class="case-study-region">{move || region.get(lang.get()).to_string()}</p>
                            <p>{move || crate::model::case_studies::excerpt(body.get(lang.get()), 280)}</p>
                        </article>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn KeyFiguresView(figures: KeyFigures) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let f = figures.clone();
    let as_of = f.as_of.map(|d| move || format::date(d, lang.get()));
    let count = move |n: i64| Signal::derive(move || format::integer(n, lang.get()));
    let millions = move |m| Signal::derive(move || format::money_millions(m, lang.get()));
    let city_range = Signal::derive(move || {
        let l = lang.get();
        let (min, max) = (
            format::money_millions(f.city_funding_min, l),
            format::money_millions(f.city_funding_max, l),
        );
        t_string!(i18n, home.city_range, min = min, max = max).to_string()
    });

    let achieved = move |n: i64| {
        Signal::derive(move || {
            t_string!(i18n, home.achieved, count = format::integer(n, lang.get())).to_string()
        })
    };
    let (companies, distinct) = (figures.companies_actual, figures.companies_distinct);
    let companies_note = Signal::derive(move || {
        let l = lang.get();
        t_string!(
            i18n,
            home.achieved_companies,
            count = format::integer(companies, l),
            distinct = format::integer(distinct, l)
        )
        .to_string()
    });
    view! {
        <section aria-labelledby="key-figures-heading">
            <h2 id="key-figures-heading">{t!(i18n, home.key_figures)}</h2>
            {as_of
                .map(|date| {
                    view! {
                        <p class="as-of" data-testid="as-of">
                            {t!(i18n, home.as_of, date = date)}
                        </p>
                    }
                })}
            <dl class="figures">
                <Figure value=count(figures.projects)>{t!(i18n, home.projects)}</Figure>
                <Figure value=count(figures.subprojects)>{t!(i18n, home.subprojects)}</Figure>
                <Figure value=millions(figures.total_funding)>{t!(i18n, home.total_funding)}</Figure>
                <Figure value=millions(figures.eu_state_funding)>
                    {t!(i18n, home.eu_state_funding)}
                </Figure>
                <Figure value=millions(figures.city_funding) note=city_range>
                    {t!(i18n, home.city_funding)}
                </Figure>
                <Figure value=count(figures.organisations)>{t!(i18n, home.organisations)}</Figure>
                <Figure value=count(figures.city_regions)>{t!(i18n, home.regions)}</Figure>
                <Figure value=count(figures.councils)>{t!(i18n, home.councils)}</Figure>
            </dl>
        </section>
        <section aria-labelledby="goals-heading">
            <h2 id="goals-heading">{t!(i18n, home.goals)}</h2>
            <dl class="figures goals">
                <Figure value=count(figures.platforms_target) note=achieved(figures.platforms_actual)>{t!(i18n, home.platforms)}</Figure>
                <Figure value=count(figures.companies_target) note=companies_note>{t!(i18n, home.companies)}</Figure>
                <Figure value=count(figures.innovations_target) note=achieved(figures.innovations_actual)>
                    {t!(i18n, home.innovations)}
                </Figure>
            </dl>
        </section>
        <section aria-labelledby="themes-heading">
            <h2 id="themes-heading">{t!(i18n, home.by_theme)}</h2>
            <ThemeChart themes=figures.by_theme.clone() />
        </section>
        <section aria-labelledby="regions-heading">
            <h2 id="regions-heading">{t!(i18n, home.cities)}</h2>
            <ul class="region-list">
                {figures
                    .regions
                    .iter()
                    .cloned()
                    .map(|name| view! { <li>{move || name.get(lang.get()).to_string()}</li> })
                    .collect_view()}
            </ul>
        </section>
    }
}
