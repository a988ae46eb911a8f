//! `/reference` and its forms: the national team and admins keep the reference data – city
//! regions (names, population, funding council, the ecosystem agreement's dates, frame and
//! focus, municipalities), regional councils, and the organisation register (names,
//! municipalities, Business ID corrections). Plain forms that work without JavaScript; a
//! save from an outdated page shows what someone else saved.

use crate::api::reference::{
    SaveCouncil, SaveOrganisation, SaveRegion, get_council, get_organisation, get_reference,
    get_region,
};
use crate::components::guard::{load_error, use_number_param};
use crate::components::kept_input::{KeptInput, kept_or};
use crate::components::names_fields::NameFields;
use crate::components::raw_text::PageTitle;
use crate::components::select_field::SelectField;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::components::values::date;
use crate::i18n::*;
use crate::model::format;
use crate::model::reference::{
    CouncilInput, MUNICIPALITY_KINDS, OrganisationInput, ReferenceOverview, RegionForm,
};
use crate::model::register::NAME_FIELDS;
use crate::model::register::ORGANISATION_KINDS;
use crate::pages::organisation_form::kind_label;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The reference page.
#[component]
pub fn ReferencePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(|| (), |_| get_reference());
    let saved = move || query.read().get("saved").is_some();
    view! {
        <PageTitle text=t_string!(i18n, reference.title).to_string() />
        <h1>{t!(i18n, reference.title)}</h1>
        {move || saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Overview data /> }.into_any(),
                    Err(e) => load_error(e, "/reference"),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(data: ReferenceOverview) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="regions-heading">
            <h2 id="regions-heading">{t!(i18n, reference.regions)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="ref-regions-caption">
                <table class="data-table" data-testid="reference-regions">
                    <caption id="ref-regions-caption">{t!(i18n, reference.regions_caption)}" "<TableDownloads path="/reference/regions" query=String::new() /></caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, register.region)}</th>
                        <th scope="col">{t!(i18n, reference.municipalities)}</th>
                        <th scope="col">{t!(i18n, register.council)}</th>
                        <th scope="col" class="num">{t!(i18n, reference.population)}</th>
                        <th scope="col">{t!(i18n, reference.agreement)}</th>
                        <th scope="col" class="num">{t!(i18n, reference.frame)}</th>
                    </tr></thead>
                    <tbody>
                        {data.regions.into_iter().map(|r| {
                            let (name, council) = (r.name.clone(), r.council.clone());
                            let label = r.name.clone();
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/reference/regions/{}", r.id)
                                            aria-label=move || t_string!(i18n, reference.edit_region, region = label.get(lang.get()).to_string()).to_string()>
                                            {move || name.get(lang.get()).to_string()}
                                        </a>
                                    </th>
                                    <td>{r.municipalities.join(", ")}</td>
                                    <td>{move || council.get(lang.get()).to_string()}</td>
                                    <td class="num">{move || r.population.map(|p| format::integer(i64::from(p), lang.get())).unwrap_or_else(|| "–".into())}</td>
                                    <td>
                                        {r.starts_on.clone().map(|s| date(&s, lang))}
                                        " – "
                                        {r.ends_on.clone().map(|e| date(&e, lang))}
                                    </td>
                                    <td class="num">{move || r.frame.map(|f| format::money_millions(f, lang.get())).unwrap_or_else(|| "–".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="councils-heading">
            <h2 id="councils-heading">{t!(i18n, reference.councils)}</h2>
            <p><a class="button-link" href="/reference/councils/new">{t!(i18n, reference.new_council)}</a></p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="ref-councils-caption">
                <table class="data-table" data-testid="reference-councils">
                    <caption id="ref-councils-caption">{t!(i18n, reference.councils_caption)}" "<TableDownloads path="/reference/councils" query=String::new() /></caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, register.council)}</th>
                        <th scope="col">{t!(i18n, register.code)}</th>
                        <th scope="col" class="num">{t!(i18n, reference.regions_funded)}</th>
                    </tr></thead>
                    <tbody>
                        {data.councils.into_iter().map(|c| {
                            let name = c.name.clone();
                            view! {
                                <tr>
                                    <th scope="row"><a href=format!("/reference/councils/{}", c.id)>{move || name.get(lang.get()).to_string()}</a></th>
                                    <td><code>{c.code.clone()}</code></td>
                                    <td class="num">{c.regions}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="organisations-heading" id="organisations">
            <h2 id="organisations-heading">{t!(i18n, reference.organisations)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="ref-orgs-caption">
                <table class="data-table" data-testid="reference-organisations">
                    <caption id="ref-orgs-caption">{t!(i18n, reference.organisations_caption)}" "<TableDownloads path="/reference/organisations" query=String::new() /></caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, organisations.name)}</th>
                        <th scope="col">{t!(i18n, organisations.business_id)}</th>
                        <th scope="col">{t!(i18n, organisations.kind)}</th>
                        <th scope="col">{t!(i18n, reference.municipality)}</th>
                    </tr></thead>
                    <tbody>
                        {data.organisations.into_iter().map(|o| view! {
                            <tr>
                                <th scope="row"><a href=format!("/reference/organisations/{}", o.id)>{o.name.clone()}</a></th>
                                <td>{o.business_id.clone()}</td>
                                <td>{kind_label(i18n, &o.kind)}</td>
                                <td>{o.municipality.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A region's form.
#[component]
pub fn RegionFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_number_param("id");
    let form = Resource::new(move || id().unwrap_or(0), get_region);
    view! {
        <PageTitle text=t_string!(i18n, reference.region_title).to_string() />
        <p><a href="/reference">{t!(i18n, reference.back)}</a></p>
        <h1>{t!(i18n, reference.region_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => view! { <RegionFormView form /> }.into_any(),
                    Err(e) => load_error(e, &format!("/reference/regions/{}", id().unwrap_or(0))),
                }
            })}
        </Transition>
    }
}

#[component]
fn RegionFormView(form: RegionForm) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRegion>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: String| errors_of(save.value(), field);
    let input = form.input.clone();
    // The stored municipalities and two empty rows for new ones.
    let mut rows = input.municipalities.clone();
    rows.resize(input.municipalities.len() + 2, Default::default());
    view! {
        <p class="lead"><code>{form.code.clone()}</code></p>
        <KeptInput endpoint=SaveRegion::PATH>
        <ActionForm action=save attr:class="form wide-form">
            <FormError error />
            <input type="hidden" name="form[id]" value=form.id />
            <input type="hidden" name="form[version]" value=form.version />
            <NameFields value=input.name.clone() errors=NAME_FIELDS.map(|f| errors(f.into())) all_required=true />
            <SelectField name="form[input][council]" id="council" choices=form.councils.clone() selected=input.council.clone() errors=errors("council".into())>{t!(i18n, register.council)}</SelectField>
            <TextField name="form[input][population]" id="population" value=input.population.clone() errors=errors("population".into())>{t!(i18n, reference.population)}</TextField>
            <TextField name="form[input][signed_on]" id="signed_on" required=true value=input.signed_on.clone() errors=errors("signed_on".into())>{t!(i18n, reference.signed_on)}</TextField>
            <TextField name="form[input][starts_on]" id="starts_on" required=true value=input.starts_on.clone() errors=errors("starts_on".into())>{t!(i18n, register.starts_on)}</TextField>
            <TextField name="form[input][ends_on]" id="ends_on" required=true value=input.ends_on.clone() errors=errors("ends_on".into())>{t!(i18n, register.ends_on)}</TextField>
            <TextField
                name="form[input][frame]"
                id="frame"
                value=input.frame.clone()
                errors=errors("frame".into())
                hint=Box::new(move || t!(i18n, reference.frame_hint).into_any())
            >
                {t!(i18n, reference.frame)}
            </TextField>
            <TextField name="form[input][focus][fi]" id="focus_fi" multiline=true value=input.focus.fi.clone() errors=errors("focus_fi".into())>{t!(i18n, reference.focus_fi)}</TextField>
            <TextField name="form[input][focus][sv]" id="focus_sv" multiline=true value=input.focus.sv.clone() errors=errors("focus_sv".into())>{t!(i18n, reference.focus_sv)}</TextField>
            <TextField name="form[input][focus][en]" id="focus_en" multiline=true value=input.focus.en.clone() errors=errors("focus_en".into())>{t!(i18n, reference.focus_en)}</TextField>
            <fieldset class="municipalities">
                <legend>{t!(i18n, reference.municipalities)}</legend>
                <p class="field-hint">{t!(i18n, reference.municipalities_hint)}</p>
                <crate::components::text_field::FieldAlert errors=errors("municipalities".into()) />
                {rows.into_iter().enumerate().map(|(i, m)| {
                    let kind_id = format!("municipality-kind-{i}");
                    view! {
                        <div class="municipality-row">
                            <TextField name=format!("form[input][municipalities][{i}][name_fi]") id=format!("municipality-fi-{i}") value=m.name_fi.clone() errors=errors(format!("municipality_fi_{i}"))>
                                {t!(i18n, reference.municipality_fi, n = i + 1)}
                            </TextField>
                            <TextField name=format!("form[input][municipalities][{i}][name_sv]") id=format!("municipality-sv-{i}") value=m.name_sv.clone() errors=errors(format!("municipality_sv_{i}"))>
                                {t!(i18n, reference.municipality_sv, n = i + 1)}
                            </TextField>
                            <div class="field">
                                <label for=kind_id.clone()>{t!(i18n, reference.municipality_kind, n = i + 1)}</label>
                                <select id=kind_id name=format!("form[input][municipalities][{i}][kind]")>
                                    {MUNICIPALITY_KINDS.into_iter().map(|k| view! {
                                        <option value=k selected=kept_or(&format!("form[input][municipalities][{i}][kind]"), &m.kind) == k>
                                            {if k == "city" { t!(i18n, reference.kind_city).into_any() } else { t!(i18n, reference.kind_municipality).into_any() }}
                                        </option>
                                    }).collect_view()}
                                </select>
                                <crate::components::text_field::FieldAlert errors=errors(format!("municipality_kind_{i}")) />
                            </div>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
        </KeptInput>
    }
}

/// A regional council's form (`/reference/councils/new` or `/reference/councils/:id`).
#[component]
pub fn CouncilFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_number_param("id");
    let form = Resource::new(id, get_council);
    view! {
        <PageTitle text=t_string!(i18n, reference.council_title).to_string() />
        <p><a href="/reference">{t!(i18n, reference.back)}</a></p>
        <h1>{t!(i18n, reference.council_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok((input, version)) => view! { <CouncilForm input id=id() version /> }.into_any(),
                    Err(e) => load_error(e, "/reference"),
                }
            })}
        </Transition>
    }
}

#[component]
fn CouncilForm(input: CouncilInput, id: Option<i32>, version: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveCouncil>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(save.value(), field);
    view! {
        <KeptInput endpoint=SaveCouncil::PATH>
        <ActionForm action=save attr:class="form">
            <FormError error />
            {id.map(|id| view! { <input type="hidden" name="form[id]" value=id /> })}
            {version.map(|v| view! { <input type="hidden" name="form[version]" value=v /> })}
            <TextField name="form[input][code]" id="code" required=true value=input.code.clone() errors=errors("code")>{t!(i18n, register.code)}</TextField>
            <NameFields value=input.name.clone() errors=NAME_FIELDS.map(errors) all_required=true />
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
        </KeptInput>
    }
}

/// An organisation's correction form.
#[component]
pub fn OrganisationEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_number_param("id");
    let form = Resource::new(move || id().unwrap_or(0), get_organisation);
    view! {
        <PageTitle text=t_string!(i18n, reference.organisation_title).to_string() />
        <p><a href="/reference#organisations">{t!(i18n, reference.back)}</a></p>
        <h1>{t!(i18n, reference.organisation_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok((input, version)) => view! { <OrganisationEdit input id=id().unwrap_or(0) version /> }.into_any(),
                    Err(e) => load_error(e, &format!("/reference/organisations/{}", id().unwrap_or(0))),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrganisationEdit(input: OrganisationInput, id: i32, version: i32) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveOrganisation>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(save.value(), field);
    view! {
        <KeptInput endpoint=SaveOrganisation::PATH>
        <ActionForm action=save attr:class="form">
            <FormError error />
            <input type="hidden" name="form[id]" value=id />
            <input type="hidden" name="form[version]" value=version />
            <TextField name="form[input][name]" id="name" required=true value=input.name.clone() errors=errors("name")>{t!(i18n, organisations.name)}</TextField>
            <TextField
                name="form[input][business_id]"
                id="business_id"
                required=true
                value=input.business_id.clone()
                errors=errors("business_id")
                hint=Box::new(move || t!(i18n, reference.business_id_hint).into_any())
            >
                {t!(i18n, organisations.business_id)}
            </TextField>
            <div class="field">
                <label for="kind">{t!(i18n, organisations.kind)}</label>
                <select id="kind" name="form[input][kind]">
                    {ORGANISATION_KINDS.into_iter().map(|k| view! {
                        <option value=k selected=kept_or("form[input][kind]", &input.kind) == k>{kind_label(i18n, k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField name="form[input][municipality]" id="municipality" value=input.municipality.clone() errors=errors("municipality")>{t!(i18n, reference.municipality)}</TextField>
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
        </KeptInput>
    }
}
