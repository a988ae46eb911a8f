//! `/organisations/new`: registering an implementing organisation by its Business ID.

use crate::api::auth::get_current_user;
use crate::api::organisations::CreateOrganisation;
use crate::components::guard::load_error;
use crate::components::kept_input::{KeptInput, kept_or};
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::auth::Role;
use crate::model::register::ORGANISATION_KINDS;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

pub fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: &str) -> AnyView {
    match kind {
        "university" => t!(i18n, org_kinds.university).into_any(),
        "university_of_applied_sciences" => {
            t!(i18n, org_kinds.university_of_applied_sciences).into_any()
        }
        "research_institute" => t!(i18n, org_kinds.research_institute).into_any(),
        "city" => t!(i18n, org_kinds.city).into_any(),
        "city_company" => t!(i18n, org_kinds.city_company).into_any(),
        "company" => t!(i18n, org_kinds.company).into_any(),
        "association" => t!(i18n, org_kinds.association).into_any(),
        _ => t!(i18n, org_kinds.other_public).into_any(),
    }
}

/// The organisation form.
#[component]
pub fn NewOrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || {
        query
            .read()
            .get("next")
            .unwrap_or_else(|| "/projects".into())
    };
    let user = Resource::new(|| (), |_| get_current_user());
    view! {
        <PageTitle text=t_string!(i18n, organisations.title).to_string() />
        <h1>{t!(i18n, organisations.title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.roles.iter().any(|r| matches!(r, Role::CityCoordinator | Role::NationalCoordinator)) => {
                        view! { <OrganisationForm next=next() /> }.into_any()
                    }
                    Ok(Some(_)) => load_error(AppError::Forbidden, "/organisations/new"),
                    Ok(None) => load_error(AppError::Unauthenticated, "/organisations/new"),
                    Err(e) => load_error(e, "/organisations/new"),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrganisationForm(next: String) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateOrganisation>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <KeptInput endpoint=CreateOrganisation::PATH>
        <ActionForm action=create attr:class="form">
            <FormError error />
            <input type="hidden" name="form[next]" value=next.clone() />
            <TextField name="form[name]" id="name" required=true errors=errors_of(create.value(), "name")>{t!(i18n, organisations.name)}</TextField>
            <TextField
                name="form[business_id]"
                id="business_id"
                required=true
                errors=errors_of(create.value(), "business_id")
                hint=Box::new(move || t!(i18n, organisations.business_id_hint).into_any())
            >
                {t!(i18n, organisations.business_id)}
            </TextField>
            <div class="field">
                <label for="kind">{t!(i18n, organisations.kind)}</label>
                <select id="kind" name="form[kind]">
                    {ORGANISATION_KINDS.into_iter().map(|k| view! { <option value=k selected=kept_or("form[kind]", "") == k>{kind_label(i18n, k)}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary">{t!(i18n, organisations.save)}</button>
        </ActionForm>
        </KeptInput>
    }
}
