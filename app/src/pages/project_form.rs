//! `/projects/new` and `/projects/:id/edit`: the package form. A plain form post that works
//! without JavaScript; with it, the page stays and keeps the input when the save is refused.

use crate::api::register::{DeleteProject, SaveProject, get_project, get_project_form_options};
use crate::components::guard::load_error;
use crate::components::guard::use_number_param;
use crate::components::names_fields::{DescriptionFields, NameFields};
use crate::components::raw_text::PageTitle;
use crate::components::select_field::SelectField;
use crate::components::text_field::{FieldAlert, FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::projects::ProjectStatus;
use crate::model::register::{DESCRIPTION_FIELDS, NAME_FIELDS};
use crate::model::register::{ProjectFormOptions, ProjectInput};
use crate::pages::projects::status_label;
use leptos::prelude::*;

/// The form for a new package.
#[component]
pub fn NewProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let options = Resource::new(|| (), |_| get_project_form_options());
    view! {
        <PageTitle text=t_string!(i18n, register.new_project).to_string() />
        <p><a href="/projects">{t!(i18n, register.back)}</a></p>
        <h1>{t!(i18n, register.new_project)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) if options.regions.is_empty() => load_error(AppError::Forbidden, "/projects/new"),
                    Ok(options) => {
                        let input = options
                            .refused_input(None)
                            .unwrap_or_else(|| ProjectInput { status: ProjectStatus::Planned.code().into(), ..Default::default() });
                        view! { <ProjectForm options input /> }.into_any()
                    }
                    Err(e) => load_error(e, "/projects/new"),
                }
            })}
        </Transition>
    }
}

/// The form for changing a package.
#[component]
pub fn EditProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let id_param = use_number_param("id");
    let id = move || id_param().unwrap_or(0);
    let data = Resource::new(id, |id| async move {
        Ok::<_, AppError>((get_project(id).await?, get_project_form_options().await?))
    });
    view! {
        <PageTitle text=t_string!(i18n, register.edit_project).to_string() />
        <p><a href=move || format!("/projects/{}", id())>{t!(i18n, register.back)}</a></p>
        <h1>{t!(i18n, register.edit_project)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((detail, _)) if !detail.editable => load_error(AppError::Forbidden, &format!("/projects/{}/edit", id())),
                    Ok((detail, options)) => view! {
                        <ProjectForm
                            input=options.refused_input(Some(detail.id)).unwrap_or_else(|| detail.input.clone())
                            options
                            id=detail.id
                            version=detail.version
                        />
                        <DeleteForm id=detail.id version=detail.version />
                    }.into_any(),
                    Err(e) => load_error(e, &format!("/projects/{}/edit", id())),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProjectForm(
    options: ProjectFormOptions,
    input: ProjectInput,
    #[prop(optional)] id: Option<i32>,
    #[prop(optional)] version: Option<i32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let save = ServerAction::<SaveProject>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(save.value(), field);
    let organisations = options.organisations.clone();
    let action_errors = errors("actions");
    let action_invalid = move || !action_errors.read().is_empty();
    view! {
        <ActionForm action=save attr:class="form wide-form">
            <FormError error />
            {id.map(|id| view! { <input type="hidden" name="form[id]" value=id /> })}
            {version.map(|v| view! { <input type="hidden" name="form[version]" value=v /> })}
            <TextField name="form[input][code]" id="code" required=true value=input.code.clone() errors=errors("code")>{t!(i18n, register.code)}</TextField>
            <NameFields value=input.name.clone() errors=NAME_FIELDS.map(errors) />
            <DescriptionFields value=input.description.clone() errors=DESCRIPTION_FIELDS.map(errors) />
            <SelectField name="form[input][region]" id="region" choices=options.regions.clone() selected=input.region.clone() errors=errors("region")>{t!(i18n, register.region)}</SelectField>
            <SelectField name="form[input][theme]" id="theme" choices=options.themes.clone() selected=input.theme.clone() errors=errors("theme")>{t!(i18n, register.theme)}</SelectField>
            <fieldset class="checkboxes" aria-describedby=move || action_invalid().then_some("actions-error")>
                <legend>{t!(i18n, register.actions)}</legend>
                {options.actions.iter().map(|a| {
                    let field_id = format!("action-{}", a.code);
                    let checked = input.actions.contains(&a.code);
                    let label = a.name.clone();
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=field_id.clone() name="form[input][actions][]" value=a.code.clone() checked=checked />
                            <label for=field_id>{move || label.get(lang.get()).to_string()}</label>
                        </div>
                    }
                }).collect_view()}
                {move || action_invalid().then(|| view! {
                    <p class="field-error" id="actions-error">
                        {action_errors.get().into_iter().map(|k| crate::components::text_field::field_message(i18n, &k)).collect_view()}
                    </p>
                })}
            </fieldset>
            <SelectField name="form[input][council]" id="council" choices=options.councils.clone() selected=input.council.clone() errors=errors("council")>{t!(i18n, register.council)}</SelectField>
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
            <SelectField
                name="form[input][lead_organisation]"
                id="lead_organisation"
                choices=organisations
                selected=input.lead_organisation.clone()
                errors=errors("lead_organisation")
                empty=t!(i18n, register.none).into_any()
            >
                {t!(i18n, register.lead_organisation)}
            </SelectField>
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
    }
}

#[component]
fn DeleteForm(id: i32, version: i32) -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteProject>::new();
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
    let status_errors = errors_of(delete.value(), "status");
    view! {
        <section aria-labelledby="delete-heading" class="danger-zone">
            <h2 id="delete-heading">{t!(i18n, register.delete)}</h2>
            <p id="delete-hint">{t!(i18n, register.delete_hint)}</p>
            <ActionForm action=delete>
                <FormError error />
                <FieldAlert errors=status_errors />
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[version]" value=version />
                <button type="submit" class="secondary" aria-describedby="delete-hint">{t!(i18n, register.delete)}</button>
            </ActionForm>
        </section>
    }
}
