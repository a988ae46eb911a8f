//! `/case-studies`, `/case-studies/new` and `/case-studies/:id`: the region's success stories,
//! their package links, and publishing by the national team.

use crate::api::case_studies::{
    SaveCaseStudy, SetCaseStudyPublished, get_case_study_form, list_case_studies,
};
use crate::components::guard::{load_error, use_number_param};
use crate::components::raw_text::PageTitle;
use crate::components::select_field::SelectField;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::{FieldAlert, FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::case_studies::{CaseStudyForm, CaseStudyList};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The list of case studies the user may read.
#[component]
pub fn CaseStudiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| list_case_studies());
    view! {
        <PageTitle text=t_string!(i18n, case_studies.title).to_string() />
        <h1>{t!(i18n, case_studies.title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <CaseStudyTable list /> }.into_any(),
                    Err(e) => load_error(e, "/case-studies"),
                }
            })}
        </Transition>
    }
}

#[component]
fn CaseStudyTable(list: CaseStudyList) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        {list.can_create.then(|| view! {
            <p class="actions"><a class="button-link" href="/case-studies/new">{t!(i18n, case_studies.create)}</a></p>
        })}
        {if list.rows.is_empty() {
            view! { <p>{t!(i18n, case_studies.empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="case-studies-caption">
                    <table class="data-table">
                        <caption id="case-studies-caption">{t!(i18n, case_studies.caption)}" "<TableDownloads path="/case-studies" query=String::new() /></caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, case_studies.story_title)}</th>
                            <th scope="col">{t!(i18n, register.region)}</th>
                            <th scope="col">{t!(i18n, case_studies.projects)}</th>
                            <th scope="col">{t!(i18n, case_studies.state)}</th>
                        </tr></thead>
                        <tbody>
                            {list.rows.into_iter().map(|c| {
                                let (title, region) = (c.title.clone(), c.region.clone());
                                view! {
                                    <tr>
                                        <th scope="row"><a href=format!("/case-studies/{}", c.id)>{move || title.get(lang.get()).to_string()}</a></th>
                                        <td>{move || region.get(lang.get()).to_string()}</td>
                                        <td>{c.projects.join(", ")}</td>
                                        <td>{if c.published { t!(i18n, case_studies.published).into_any() } else { t!(i18n, case_studies.unpublished).into_any() }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

/// A new or stored case study.
#[component]
pub fn CaseStudyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = use_number_param("id");
    let form = Resource::new(id, get_case_study_form);
    let saved = move || query.read().get("saved").is_some();
    view! {
        <PageTitle text=t_string!(i18n, case_studies.title).to_string() />
        <p><a href="/case-studies">{t!(i18n, case_studies.back)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => view! {
                        {saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
                        <CaseStudyEditor form />
                    }.into_any(),
                    Err(e) => load_error(e, &id().map_or_else(|| "/case-studies/new".to_string(), |id| format!("/case-studies/{id}"))),
                }
            })}
        </Transition>
    }
}

#[component]
fn CaseStudyEditor(form: CaseStudyForm) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let input = form.input.clone();
    let heading = form.heading.clone();
    view! {
        <h1>{if form.id.is_none() { t!(i18n, case_studies.create).into_any() } else { view! { {heading} }.into_any() }}</h1>
        <p class="lead" data-testid="case-study-state">
            {if form.published { t!(i18n, case_studies.published).into_any() } else { t!(i18n, case_studies.unpublished).into_any() }}
        </p>
        {form.can_publish.then(|| form.id.zip(form.version).map(|(id, version)| view! {
            <PublishForm id version published=form.published />
        }))}
        {if form.editable {
            view! { <CaseStudyFields form=form.clone() /> }.into_any()
        } else {
            let title = crate::model::Names::from(input.title.clone());
            let body = crate::model::Names::from(input.body.clone());
            let linked: Vec<String> = form.projects.iter().filter(|p| input.projects.contains(&p.id)).map(|p| p.code.clone()).collect();
            view! {
                <h2>{move || title.get(lang.get()).to_string()}</h2>
                <p class="wrap">{move || body.get(lang.get()).to_string()}</p>
                {(!linked.is_empty()).then(|| view! { <p>{t!(i18n, case_studies.projects)}": "{linked.join(", ")}</p> })}
            }.into_any()
        }}
    }
}

#[component]
fn PublishForm(id: i32, version: i32, published: bool) -> impl IntoView {
    let i18n = use_i18n();
    let publish = ServerAction::<SetCaseStudyPublished>::new();
    let error = Signal::derive(move || publish.value().get().and_then(Result::err));
    view! {
        <ActionForm action=publish attr:class="inline-form">
            <FormError error />
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[version]" value=version />
            <input type="hidden" name="form[published]" value=(!published).to_string() />
            <button type="submit" class="primary">
                {if published { t!(i18n, case_studies.withdraw).into_any() } else { t!(i18n, case_studies.publish).into_any() }}
            </button>
        </ActionForm>
    }
}

#[component]
fn CaseStudyFields(form: CaseStudyForm) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let save = ServerAction::<SaveCaseStudy>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(save.value(), field);
    let input = form.input.clone();
    view! {
        <ActionForm action=save attr:class="form wide-form">
            <FormError error />
            {form.id.map(|id| view! { <input type="hidden" name="form[id]" value=id /> })}
            {form.version.map(|v| view! { <input type="hidden" name="form[version]" value=v /> })}
            {form.published.then(|| view! { <p class="field-hint">{t!(i18n, case_studies.edit_withdraws)}</p> })}
            <SelectField name="form[input][region]" id="region" choices=form.regions.clone() selected=input.region.clone() errors=errors("region")>{t!(i18n, register.region)}</SelectField>
            <TextField name="form[input][title][fi]" id="title_fi" required=true value=input.title.fi.clone() errors=errors("title_fi")>{t!(i18n, case_studies.title_fi)}</TextField>
            <TextField name="form[input][title][sv]" id="title_sv" value=input.title.sv.clone() errors=errors("title_sv")>{t!(i18n, case_studies.title_sv)}</TextField>
            <TextField name="form[input][title][en]" id="title_en" value=input.title.en.clone() errors=errors("title_en")>{t!(i18n, case_studies.title_en)}</TextField>
            <TextField name="form[input][body][fi]" id="body_fi" required=true multiline=true value=input.body.fi.clone() errors=errors("body_fi")>{t!(i18n, case_studies.body_fi)}</TextField>
            <TextField name="form[input][body][sv]" id="body_sv" multiline=true value=input.body.sv.clone() errors=errors("body_sv")>{t!(i18n, case_studies.body_sv)}</TextField>
            <TextField name="form[input][body][en]" id="body_en" multiline=true value=input.body.en.clone() errors=errors("body_en")>{t!(i18n, case_studies.body_en)}</TextField>
            <fieldset class="checkboxes">
                <legend>{t!(i18n, case_studies.projects)}</legend>
                <p class="field-hint">{t!(i18n, case_studies.projects_hint)}</p>
                {form.projects.iter().map(|p| {
                    let field_id = format!("project-{}", p.id);
                    let checked = input.projects.contains(&p.id);
                    let (code, name) = (p.code.clone(), p.name.clone());
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=field_id.clone() name="form[input][projects][]" value=p.id checked=checked />
                            <label for=field_id>{code}" – "{move || name.get(lang.get()).to_string()}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldAlert errors=errors("projects") />
            </fieldset>
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
    }
}
