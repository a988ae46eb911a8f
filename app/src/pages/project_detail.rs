//! `/projects/:id`: a package with its subprojects, money by source, the city-share check
//! and the full history of changes.

use crate::api::register::get_project;
use crate::components::guard::load_error;
use crate::components::guard::use_number_param;
use crate::components::raw_text::PageTitle;
use crate::components::report_links::ReportLinks;
use crate::components::use_lang;
use crate::components::values::{
    Instant, date, money, source_cells, source_headings, source_label,
};
use crate::i18n::*;
use crate::model::format;
use crate::model::register::{
    Funding, HistoryEntry, PeriodFunding, ProjectDetail, SubprojectInput,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The package page.
#[component]
pub fn ProjectDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id_param = use_number_param("id");
    let id = move || id_param().unwrap_or(0);
    let project = Resource::new(id, get_project);
    let saved = move || query.read().get("saved").is_some();
    view! {
        <p><a href="/projects">{t!(i18n, register.back)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match project.await {
                    Ok(detail) => view! {
                        {saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
                        <ProjectView detail />
                    }.into_any(),
                    Err(e) => load_error(e, &format!("/projects/{}", id())),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProjectView(detail: ProjectDetail) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = detail.name.clone();
    let title_name = name.clone();
    let (region, theme, council) = (
        detail.region.clone(),
        detail.theme.clone(),
        detail.council.clone(),
    );
    let actions = detail.actions.clone();
    let (editable, project_id) = (detail.editable, detail.id);
    view! {
        <PageTitle text=title_name.get(lang.get_untracked()).to_string() />
        <h1>{move || name.get(lang.get()).to_string()}</h1>
        {detail.editable.then(|| view! {
            <p class="actions">
                <a class="button-link" href=format!("/projects/{}/edit", detail.id)>{t!(i18n, register.edit)}</a>
                " "
                <a class="button-link" href=format!("/projects/{}/subprojects/new", detail.id)>{t!(i18n, register.add_subproject)}</a>
            </p>
        })}
        <section aria-labelledby="details-heading">
            <h2 id="details-heading">{t!(i18n, register.details)}</h2>
            <dl class="details">
                <dt>{t!(i18n, projects.col_code)}</dt><dd>{detail.input.code.clone()}</dd>
                <dt>{t!(i18n, register.region)}</dt><dd>{move || region.get(lang.get()).to_string()}</dd>
                <dt>{t!(i18n, register.theme)}</dt><dd>{move || theme.get(lang.get()).to_string()}</dd>
                <dt>{t!(i18n, register.actions)}</dt>
                <dd>{move || actions.iter().map(|a| a.get(lang.get()).to_string()).collect::<Vec<_>>().join("; ")}</dd>
                <dt>{t!(i18n, register.council)}</dt><dd>{move || council.get(lang.get()).to_string()}</dd>
                <dt>{t!(i18n, register.starts)}</dt><dd>{date(&detail.input.starts_on, lang)}</dd>
                <dt>{t!(i18n, register.ends)}</dt><dd>{date(&detail.input.ends_on, lang)}</dd>
                <dt>{t!(i18n, register.status)}</dt><dd>{crate::pages::projects::status_label(i18n, detail.status)}</dd>
                <dt>{t!(i18n, register.lead_organisation)}</dt><dd>{detail.lead_organisation.clone().unwrap_or_else(|| "–".into())}</dd>
            </dl>
        </section>
        <FundingSummary funding=detail.funding.clone() />
        <section aria-labelledby="subprojects-heading">
            <h2 id="subprojects-heading">{t!(i18n, register.subprojects)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="subprojects-caption">
                <table class="data-table">
                    <caption id="subprojects-caption">{t!(i18n, register.subprojects_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, projects.col_code)}</th>
                            <th scope="col">{t!(i18n, register.organisation)}</th>
                            {source_headings(i18n)}
                            <th scope="col" class="num">{t!(i18n, register.total)}</th>
                            <th scope="col">{t!(i18n, register.status)}</th>
                            <th scope="col">{t!(i18n, reporting.reports_column)}</th>
                            <th scope="col">{t!(i18n, reporting.targets_column)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {detail.subprojects.iter().map(|s| view! {
                            <tr>
                                <th scope="row">
                                    {if editable {
                                        let code = s.code.clone();
                                        view! {
                                            <a href=format!("/projects/{}/subprojects/{}", project_id, s.id)
                                                aria-label=move || t_string!(i18n, register.edit_subproject_link, code = code.clone()).to_string()>
                                                {s.code.clone()}
                                            </a>
                                        }.into_any()
                                    } else {
                                        view! { {s.code.clone()} }.into_any()
                                    }}
                                </th>
                                <td>{s.organisation.clone()}" ("{s.organisation_business_id.clone()}")"</td>
                                {source_cells(s.funding.planned, lang)}
                                <td class="num">{money(s.funding.planned_total(), lang)}</td>
                                <td>{crate::pages::projects::status_label(i18n, s.status)}</td>
                                <td>{match s.reports.clone() {
                                    Some(links) => view! { <ReportLinks subproject_id=s.id code=s.code.clone() links /> }.into_any(),
                                    None => view! { <span class="muted">{t!(i18n, reporting.other_region)}</span> }.into_any(),
                                }}</td>
                                <td>
                                    <a href=format!("/subprojects/{}/targets", s.id)
                                        aria-label=t_string!(i18n, reporting.targets_of, code = s.code.clone()).to_string()>
                                        {t!(i18n, reporting.to_targets)}
                                    </a>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{t!(i18n, register.total)}</th>
                            {source_cells(detail.funding.planned, lang)}
                            <td class="num">{money(detail.funding.planned_total(), lang)}</td>
                            <td colspan="3"></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="field-hint" id="who-reports">{t!(i18n, reporting.who_reports)}</p>
        </section>
        <RealisedByPeriod periods=detail.realised_by_period.clone() total=detail.funding.clone() />
        <History entries=detail.history.clone() />
    }
}

/// Realised money per reporting period and source, with the package's realised totals.
#[component]
fn RealisedByPeriod(periods: Vec<PeriodFunding>, total: Funding) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="realised-heading">
            <h2 id="realised-heading">{t!(i18n, register.realised_heading)}</h2>
            {if periods.is_empty() {
                view! { <p>{t!(i18n, register.realised_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="realised-caption">
                        <table class="data-table" data-testid="realised-by-period">
                            <caption id="realised-caption">{t!(i18n, register.realised_caption)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, register.realised_period)}</th>
                                    {source_headings(i18n)}
                                    <th scope="col" class="num">{t!(i18n, register.total)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {periods.into_iter().map(|p| view! {
                                    <tr>
                                        <th scope="row">{p.period_code.clone()}</th>
                                        {source_cells(p.realised, lang)}
                                        <td class="num">{money(p.total(), lang)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{t!(i18n, register.total)}</th>
                                    {source_cells(total.realised, lang)}
                                    <td class="num">{money(total.realised_total(), lang)}</td>
                                </tr>
                            </tfoot>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn FundingSummary(funding: Funding) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let share = funding.city_share_basis_points();
    let warn = funding.city_share_outside_range();
    view! {
        <section aria-labelledby="funding-heading">
            <h2 id="funding-heading">{t!(i18n, register.funding_heading)}</h2>
            <dl class="figures money-figures">
                <div class="figure"><dt>{t!(i18n, register.planned_total)}</dt><dd class="figure-value" data-testid="planned-total">{money(funding.planned_total(), lang)}</dd></div>
                <div class="figure"><dt>{t!(i18n, register.eu_state)}</dt><dd class="figure-value">{money(funding.eu_state(), lang)}</dd></div>
                <div class="figure">
                    <dt>{t!(i18n, register.city_share)}</dt>
                    <dd class="figure-value" data-testid="city-share">
                        {move || share.map(|bp| format::percent_from_basis_points(bp, lang.get())).unwrap_or_else(|| "–".into())}
                    </dd>
                </div>
                <div class="figure"><dt>{t!(i18n, register.realised_total)}</dt><dd class="figure-value">{money(funding.realised_total(), lang)}</dd></div>
            </dl>
            {warn.then(|| view! { <p class="warning" role="note" data-testid="city-share-warning">{t!(i18n, register.city_share_warning)}</p> })}
        </section>
    }
}

#[component]
fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t!(i18n, register.history)}</h2>
            {if entries.is_empty() {
                view! { <p>{t!(i18n, register.history_empty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {entries.into_iter().map(|e| view! {
                            <li>
                                <p class="history-head">
                                    <strong><Instant at=e.at.clone() /></strong>
                                    " · "{record_label(i18n, &e.record, e.record_code.clone())}
                                    " · "{action_label(i18n, &e.action)}
                                    {e.who.clone().map(|who| view! { " · "{who} })}
                                </p>
                                {(!e.changes.is_empty()).then(|| view! {
                                    <table class="data-table compact">
                                        <thead><tr>
                                            <th scope="col">{t!(i18n, register.field)}</th>
                                            <th scope="col">{t!(i18n, register.before)}</th>
                                            <th scope="col">{t!(i18n, register.after)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {e.changes.into_iter().map(|c| view! {
                                                <tr><th scope="row">{field_label(i18n, &c.field)}</th><td class="wrap">{c.old}</td><td class="wrap">{c.new}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// What a history entry changed, in the reader's language.
fn record_label(
    i18n: leptos_i18n::I18nContext<Locale>,
    record: &str,
    code: Option<String>,
) -> AnyView {
    match record {
        "project" => t!(i18n, register.record_project).into_any(),
        "subproject" => {
            let code = code.unwrap_or_default();
            t!(
                i18n,
                register.record_subproject,
                code = move || code.clone()
            )
            .into_any()
        }
        other => view! { <code>{other.to_string()}</code> }.into_any(),
    }
}

/// What was done, in the reader's language.
fn action_label(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> AnyView {
    match action {
        "create" => t!(i18n, register.action_create).into_any(),
        "update" => t!(i18n, register.action_update).into_any(),
        "delete" => t!(i18n, register.action_delete).into_any(),
        other => view! { <code>{other.to_string()}</code> }.into_any(),
    }
}

/// A changed field by the name its form gives it.
fn field_label(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> AnyView {
    if let Some((source, _)) = SubprojectInput::PLANNED_FIELDS
        .iter()
        .find(|(_, name)| **name == field)
    {
        return t!(
            i18n,
            register.planned_source,
            source = move || source_label(i18n, source)
        )
        .into_any();
    }
    match field {
        "code" => t!(i18n, register.code).into_any(),
        "name_fi" => t!(i18n, register.name_fi).into_any(),
        "name_sv" => t!(i18n, register.name_sv).into_any(),
        "name_en" => t!(i18n, register.name_en).into_any(),
        "description_fi" => t!(i18n, register.description_fi).into_any(),
        "description_sv" => t!(i18n, register.description_sv).into_any(),
        "description_en" => t!(i18n, register.description_en).into_any(),
        "region" => t!(i18n, register.region).into_any(),
        "theme" => t!(i18n, register.theme).into_any(),
        "actions" => t!(i18n, register.actions).into_any(),
        "council" => t!(i18n, register.council).into_any(),
        "starts_on" => t!(i18n, register.starts).into_any(),
        "ends_on" => t!(i18n, register.ends).into_any(),
        "status" => t!(i18n, register.status).into_any(),
        "lead_organisation" => t!(i18n, register.lead_organisation).into_any(),
        "organisation" => t!(i18n, register.organisation).into_any(),
        other => view! { <code>{other.to_string()}</code> }.into_any(),
    }
}
