//! `/projects`: the project list with filters by city region, theme and status. The filter is
//! a GET form, so it works without JavaScript and every view has a shareable address.

use crate::api::projects::list_projects;
use crate::components::guard::load_error;
use crate::components::raw_text::PageTitle;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::TextField;
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::format;
use crate::model::projects::{Choice, ProjectFilter, ProjectPage, ProjectStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The name of a status in the interface language.
pub fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: ProjectStatus) -> AnyView {
    match status {
        ProjectStatus::Planned => t!(i18n, status.planned).into_any(),
        ProjectStatus::Ongoing => t!(i18n, status.ongoing).into_any(),
        ProjectStatus::Closed => t!(i18n, status.closed).into_any(),
    }
}

/// The project list page.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        ProjectFilter::from_query(|key| q.get(key))
    });
    let page = Resource::new(move || filter.get(), list_projects);

    view! {
        <PageTitle text=t_string!(i18n, projects.title).to_string() />
        <h1>{t!(i18n, projects.title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => view! { <ProjectList data filter=filter.get_untracked() /> }.into_any(),
                    Err(e) => load_error(e, "/projects"),
                }
            })}
        </Transition>
    }
}

#[component]
fn ChoiceSelect(
    id: &'static str,
    choices: Vec<Choice>,
    selected: Option<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <div class="field">
            <label for=id>{children()}</label>
            <select id=id name=id>
                <option value="" selected=selected.is_none()>{t!(i18n, projects.all)}</option>
                {choices
                    .into_iter()
                    .map(|choice| {
                        let is_selected = selected.as_deref() == Some(choice.code.as_str());
                        let name = choice.name.clone();
                        view! {
                            <option value=choice.code selected=is_selected>
                                {move || name.get(lang.get()).to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A sortable column heading: a link that sorts by `key` (toggling the direction when it is
/// the current sort), marked with `aria-sort`.
#[component]
fn SortHeader(
    filter: ProjectFilter,
    key: &'static str,
    #[prop(optional)] numeric: bool,
    children: Children,
) -> impl IntoView {
    let current = filter.sort.as_deref().unwrap_or("code") == key;
    let desc = current && !filter.desc;
    let href = filter.href(1, Some(key), desc);
    let aria = current.then_some(if filter.desc {
        "descending"
    } else {
        "ascending"
    });
    view! {
        <th scope="col" class:num=numeric aria-sort=aria>
            <a href=href>{children()}{current.then(|| view! { <span aria-hidden="true">{if filter.desc { " ▼" } else { " ▲" }}</span> })}</a>
        </th>
    }
}

#[component]
fn ProjectList(data: ProjectPage, filter: ProjectFilter) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let total = data.total_projects;
    let funding = data.total_funding;
    // The whole filtered list downloads, in the order shown.
    let download_query = filter
        .href(1, filter.sort.as_deref(), filter.desc)
        .split_once('?')
        .map(|(_, query)| query.to_owned())
        .unwrap_or_default();
    let (page, page_count) = (data.page, data.page_count);
    let sort = filter.sort.clone();
    let prev = (page > 1).then(|| filter.href(page - 1, sort.as_deref(), filter.desc));
    let next = (page < page_count).then(|| filter.href(page + 1, sort.as_deref(), filter.desc));

    view! {
        {data.can_create.then(|| view! {
            <p><a class="button-link" href="/projects/new">{t!(i18n, register.add_project)}</a></p>
        })}
        <form class="filters" method="get" action="/projects">
            <fieldset>
                <legend>{t!(i18n, projects.filters)}</legend>
                <TextField name="q" value=filter.q.clone().unwrap_or_default()>{t!(i18n, projects.search)}</TextField>
                <ChoiceSelect id="region" choices=data.regions.clone() selected=filter.region.clone()>
                    {t!(i18n, projects.region)}
                </ChoiceSelect>
                <ChoiceSelect id="theme" choices=data.themes.clone() selected=filter.theme.clone()>
                    {t!(i18n, projects.theme)}
                </ChoiceSelect>
                <ChoiceSelect id="action" choices=data.actions.clone() selected=filter.action.clone()>
                    {t!(i18n, projects.action)}
                </ChoiceSelect>
                <ChoiceSelect id="council" choices=data.councils.clone() selected=filter.council.clone()>
                    {t!(i18n, projects.council)}
                </ChoiceSelect>
                <TextField name="organisation" value=filter.organisation.clone().unwrap_or_default()>{t!(i18n, projects.organisation)}</TextField>
                <TextField name="from" value=filter.from.clone().unwrap_or_default()>{t!(i18n, projects.from)}</TextField>
                <TextField name="to" value=filter.to.clone().unwrap_or_default()>{t!(i18n, projects.to)}</TextField>
                {filter.sort.clone().map(|s| view! { <input type="hidden" name="sort" value=s /> })}
                {filter.desc.then(|| view! { <input type="hidden" name="desc" value="1" /> })}
                <div class="field">
                    <label for="status">{t!(i18n, projects.status)}</label>
                    <select id="status" name="status">
                        <option value="" selected=filter.status.is_none()>
                            {t!(i18n, projects.all)}
                        </option>
                        {ProjectStatus::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.code() selected=filter.status == Some(s)>
                                        {status_label(i18n, s)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="primary">{t!(i18n, projects.apply)}</button>
            </fieldset>
        </form>
        <p class="summary" role="status" data-testid="project-summary">
            {if total == 1 {
                t!(i18n, projects.summary_one, funding = move || format::money_full(funding, lang.get())).into_any()
            } else {
                t!(
                    i18n, projects.summary,
                    count = move || format::integer(total, lang.get()),
                    funding = move || format::money_full(funding, lang.get())
                ).into_any()
            }}
        </p>
        <p class="no-print">
            <TableDownloads path="/projects" query=download_query />
        </p>
        {if data.rows.is_empty() {
            view! { <p>{t!(i18n, projects.empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="projects-caption">
                    <table class="data-table">
                        <caption id="projects-caption">{t!(i18n, projects.caption_sorted)}</caption>
                        <thead>
                            <tr>
                                <SortHeader filter=filter.clone() key="code">{t!(i18n, projects.col_code)}</SortHeader>
                                <SortHeader filter=filter.clone() key="name">{t!(i18n, projects.col_name)}</SortHeader>
                                <SortHeader filter=filter.clone() key="region">{t!(i18n, projects.region)}</SortHeader>
                                <SortHeader filter=filter.clone() key="theme">{t!(i18n, projects.theme)}</SortHeader>
                                <SortHeader filter=filter.clone() key="status">{t!(i18n, projects.status)}</SortHeader>
                                <SortHeader filter=filter.clone() key="subprojects" numeric=true>{t!(i18n, projects.col_subprojects)}</SortHeader>
                                <SortHeader filter=filter.clone() key="funding" numeric=true>{t!(i18n, projects.col_funding)}</SortHeader>
                            </tr>
                        </thead>
                        <tbody>
                            {data
                                .rows
                                .into_iter()
                                .map(|row| {
                                    let (name, region, theme) = (row.name.clone(), row.region.clone(), row.theme.clone());
                                    view! {
                                        <tr>
                                            <td>{row.code.clone()}</td>
                                            <th scope="row"><a href=format!("/projects/{}", row.id)>{move || name.get(lang.get()).to_string()}</a></th>
                                            <td>{move || region.get(lang.get()).to_string()}</td>
                                            <td>{move || theme.get(lang.get()).to_string()}</td>
                                            <td>{status_label(i18n, row.status)}</td>
                                            <td class="num">{move || format::integer(row.subprojects, lang.get())}</td>
                                            <td class="num">
                                                {move || format::money_full(row.planned_funding, lang.get())}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <nav class="pagination" aria-label=move || t_string!(i18n, projects.pagination).to_string()>
            {prev.map(|href| view! { <a href=href rel="prev">{t!(i18n, projects.previous)}</a> })}
            <span>
                {t!(
                    i18n, projects.page,
                    page = move || format::integer(i64::from(page), lang.get()),
                    count = move || format::integer(i64::from(page_count.max(1)), lang.get())
                )}
            </span>
            {next.map(|href| view! { <a href=href rel="next">{t!(i18n, projects.next)}</a> })}
        </nav>
    }
}
