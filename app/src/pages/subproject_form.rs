//! `/projects/:id/subprojects/new` and `/projects/:id/subprojects/:sub`: a subproject with its
//! implementing organisation and planned funding by source. Amounts are typed in Finnish or
//! English notation and stored exactly.

use crate::api::register::{DeleteSubproject, SaveSubproject, get_subproject_form};
use crate::components::guard::load_error;
use crate::components::guard::use_number_param;
use crate::components::names_fields::{DescriptionFields, NameFields};
use crate::components::raw_text::PageTitle;
use crate::components::select_field::SelectField;
use crate::components::source_fields::SourceFields;
use crate::components::text_field::{FieldAlert, FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::projects::ProjectStatus;
use crate::model::register::{DESCRIPTION_FIELDS, NAME_FIELDS};
use crate::model::register::{SubprojectForm, SubprojectInput};
use crate::pages::projects::status_label;
use leptos::prelude::*;

/// The subproject page (new or existing).
#[component]
pub fn SubprojectFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let id_param = use_number_param("id");
    let project_id = move || id_param().unwrap_or(0);
    let sub_id = use_number_param("sub");
    let form = Resource::new(
        move || (project_id(), sub_id()),
        |(p, s)| get_subproject_form(p, s),
    );
    view! {
        <PageTitle text=t_string!(i18n, register.edit_subproject).to_string() />
        <p><a href=move || format!("/projects/{}", project_id())>{t!(i18n, register.back_to_project)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => view! { <SubprojectEditor form /> }.into_any(),
                    Err(e) => load_error(e, &format!("/projects/{}", project_id())),
                }
            })}
        </Transition>
    }
}

#[component]
fn SubprojectEditor(form: SubprojectForm) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let save = ServerAction::<SaveSubproject>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(save.value(), field);
    let input = form.input.clone();
    let project_name = form.project_name.clone();
    let organisations = form.options.organisations.clone();
    let here = match form.id {
        Some(id) => format!("/projects/{}/subprojects/{id}", form.project_id),
        None => format!("/projects/{}/subprojects/new", form.project_id),
    };
    let heading = if form.id.is_some() {
        t!(i18n, register.edit_subproject).into_any()
    } else {
        t!(i18n, register.new_subproject).into_any()
    };
    view! {
        <h1>{heading}</h1>
        <p class="lead">{move || project_name.get(lang.get()).to_string()}</p>
        <ActionForm action=save attr:class="form wide-form">
            <FormError error />
            <input type="hidden" name="form[project_id]" value=form.project_id />
            {form.id.map(|id| view! { <input type="hidden" name="form[id]" value=id /> })}
            {form.version.map(|v| view! { <input type="hidden" name="form[version]" value=v /> })}
            <TextField name="form[input][code]" id="code" required=true value=input.code.clone() errors=errors("code")>{t!(i18n, register.code)}</TextField>
            <NameFields value=input.name.clone() errors=NAME_FIELDS.map(errors) />
            <DescriptionFields value=input.description.clone() errors=DESCRIPTION_FIELDS.map(errors) />
            <SelectField name="form[input][region]" id="region" choices=form.options.regions.clone() selected=input.region.clone() errors=errors("region")>{t!(i18n, register.region)}</SelectField>
            <SelectField
                name="form[input][organisation]"
                id="organisation"
                choices=organisations
                selected=input.organisation.clone()
                errors=errors("organisation")
                empty=t!(i18n, register.none).into_any()
            >
                {t!(i18n, register.implementing_organisation)}
            </SelectField>
            <p>
                <a href=format!("/organisations/new?next={}", here)>{t!(i18n, register.add_organisation)}</a>
            </p>
            <SelectField name="form[input][council]" id="council" choices=form.options.councils.clone() selected=input.council.clone() errors=errors("council")>{t!(i18n, register.council)}</SelectField>
            <TextField name="form[input][starts_on]" id="starts_on" required=true value=input.starts_on.clone() errors=errors("starts_on")>{t!(i18n, register.starts_on)}</TextField>
            <TextField name="form[input][ends_on]" id="ends_on" required=true value=input.ends_on.clone() errors=errors("ends_on")>{t!(i18n, register.ends_on)}</TextField>
            <div class="field">
                <label for="status">{t!(i18n, register.status)}</label>
                <select id="status" name="form[input][status]">
                    {ProjectStatus::ALL.into_iter().map(|st| view! {
                        <option value=st.code() selected=input.status == st.code()>{status_label(i18n, st)}</option>
                    }).collect_view()}
                </select>
                <FieldAlert errors=errors("status") />
            </div>
            <fieldset class="money-fields">
                <legend>{t!(i18n, register.planned_heading)}</legend>
                <p class="field-hint" id="money-hint">{t!(i18n, register.money_hint)}</p>
                <SourceFields
                    name="form[input][planned]"
                    fields=SubprojectInput::PLANNED_FIELDS
                    values=input.planned.clone()
                    errors=SubprojectInput::PLANNED_FIELDS.map(errors)
                    described_by="money-hint"
                />
            </fieldset>
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
        {form.id.zip(form.version).map(|(id, version)| view! {
            <DeleteSubprojectForm project_id=form.project_id id version />
        })}
    }
}

#[component]
fn DeleteSubprojectForm(project_id: i32, id: i32, version: i32) -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteSubproject>::new();
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
    let status_errors = errors_of(delete.value(), "status");
    view! {
        <section aria-labelledby="delete-heading" class="danger-zone">
            <h2 id="delete-heading">{t!(i18n, register.delete_subproject)}</h2>
            <p id="delete-hint">{t!(i18n, register.delete_subproject_hint)}</p>
            <ActionForm action=delete>
                <FormError error />
                <FieldAlert errors=status_errors />
                <input type="hidden" name="form[project_id]" value=project_id />
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[version]" value=version />
                <button type="submit" class="secondary" aria-describedby="delete-hint">{t!(i18n, register.delete_subproject)}</button>
            </ActionForm>
        </section>
    }
}
