//! `/indicators`, `/indicators/new`, `/indicators/:id`: the indicator catalogue and, for the
//! national team, its form.

use crate::api::reporting::{SaveIndicator, get_catalogue, get_indicator_form};
use crate::components::guard::{load_error, use_number_param};
use crate::components::kept_input::{KeptInput, kept_or, kept_ticked};
use crate::components::raw_text::PageTitle;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::reporting::{IndicatorCatalogue, IndicatorInput};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The catalogue.
#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let catalogue = Resource::new(|| (), |_| get_catalogue());
    let saved = move || query.read().get("saved").is_some();
    view! {
        <PageTitle text=t_string!(i18n, indicators.title).to_string() />
        <h1>{t!(i18n, indicators.title)}</h1>
        {move || saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match catalogue.await {
                    Ok(catalogue) => view! { <CatalogueView catalogue /> }.into_any(),
                    Err(e) => load_error(e, "/indicators"),
                }
            })}
        </Transition>
    }
}

#[component]
fn CatalogueView(catalogue: IndicatorCatalogue) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let can_edit = catalogue.can_edit;
    view! {
        {can_edit.then(|| view! { <p class="actions"><a class="button-link" href="/indicators/new">{t!(i18n, indicators.create)}</a></p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="indicators-caption">
            <table class="data-table">
                <caption id="indicators-caption">{t!(i18n, indicators.caption)}" "<TableDownloads path="/indicators" query=String::new() /></caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, indicators.code)}</th>
                    <th scope="col">{t!(i18n, indicators.name)}</th>
                    <th scope="col">{t!(i18n, indicators.unit)}</th>
                    <th scope="col">{t!(i18n, indicators.kind)}</th>
                    <th scope="col">{t!(i18n, reporting.eu_code)}</th>
                    <th scope="col">{t!(i18n, indicators.definition)}</th>
                </tr></thead>
                <tbody>
                    {catalogue.indicators.into_iter().map(|i| {
                        let (name, definition) = (i.name.clone(), i.definition.clone());
                        view! {
                            <tr>
                                <th scope="row">
                                    {if can_edit {
                                        view! { <a href=format!("/indicators/{}", i.id)>{i.code.clone()}</a> }.into_any()
                                    } else {
                                        view! { {i.code.clone()} }.into_any()
                                    }}
                                </th>
                                <td>{move || name.get(lang.get()).to_string()}</td>
                                <td>{crate::components::values::unit_label(i18n, &i.unit)}</td>
                                <td>{if i.cumulative() { t!(i18n, reporting.kind_cumulative).into_any() } else { t!(i18n, reporting.kind_incremental).into_any() }}</td>
                                <td>{i.eu_code.clone().unwrap_or_else(|| "–".into())}</td>
                                <td class="wrap">{move || definition.get(lang.get()).to_string()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A new or stored indicator's form.
#[component]
pub fn IndicatorFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_number_param("id");
    let form = Resource::new(id, get_indicator_form);
    view! {
        <PageTitle text=t_string!(i18n, indicators.edit).to_string() />
        <p><a href="/indicators">{t!(i18n, indicators.back)}</a></p>
        <h1>{t!(i18n, indicators.edit)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok((input, version)) => view! { <IndicatorForm input version id=id() /> }.into_any(),
                    Err(e) => load_error(e, &id().map_or_else(|| "/indicators/new".to_string(), |id| format!("/indicators/{id}"))),
                }
            })}
        </Transition>
    }
}

#[component]
fn IndicatorForm(input: IndicatorInput, version: Option<i32>, id: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveIndicator>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(save.value(), field);
    let kind_errors = errors("kind");
    view! {
        <KeptInput endpoint=SaveIndicator::PATH>
        <ActionForm action=save attr:class="form wide-form">
            <FormError error />
            {id.map(|id| view! { <input type="hidden" name="form[id]" value=id /> })}
            {version.map(|v| view! { <input type="hidden" name="form[version]" value=v /> })}
            <TextField name="form[input][code]" id="code" required=true value=input.code.clone() errors=errors("code")>{t!(i18n, indicators.code)}</TextField>
            <TextField name="form[input][name][fi]" id="name_fi" required=true value=input.name.fi.clone() errors=errors("name_fi")>{t!(i18n, indicators.name_fi)}</TextField>
            <TextField name="form[input][name][sv]" id="name_sv" required=true value=input.name.sv.clone() errors=errors("name_sv")>{t!(i18n, indicators.name_sv)}</TextField>
            <TextField name="form[input][name][en]" id="name_en" required=true value=input.name.en.clone() errors=errors("name_en")>{t!(i18n, indicators.name_en)}</TextField>
            <TextField name="form[input][definition][fi]" id="definition_fi" multiline=true value=input.definition.fi.clone() errors=errors("definition_fi")>{t!(i18n, indicators.definition_fi)}</TextField>
            <TextField name="form[input][definition][sv]" id="definition_sv" multiline=true value=input.definition.sv.clone() errors=errors("definition_sv")>{t!(i18n, indicators.definition_sv)}</TextField>
            <TextField name="form[input][definition][en]" id="definition_en" multiline=true value=input.definition.en.clone() errors=errors("definition_en")>{t!(i18n, indicators.definition_en)}</TextField>
            <TextField name="form[input][unit]" id="unit" required=true value=input.unit.clone() errors=errors("unit")>{t!(i18n, indicators.unit)}</TextField>
            <fieldset class="checkboxes">
                <legend>{t!(i18n, indicators.kind)}</legend>
                <div class="checkbox">
                    <input type="radio" id="kind-incremental" name="form[input][kind]" value="incremental" checked=kept_or("form[input][kind]", &input.kind) == "incremental" />
                    <label for="kind-incremental">{t!(i18n, reporting.kind_incremental)}" – "{t!(i18n, indicators.incremental_hint)}</label>
                </div>
                <div class="checkbox">
                    <input type="radio" id="kind-cumulative" name="form[input][kind]" value="cumulative" checked=kept_or("form[input][kind]", &input.kind) == "cumulative" />
                    <label for="kind-cumulative">{t!(i18n, reporting.kind_cumulative)}" – "{t!(i18n, indicators.cumulative_hint)}</label>
                </div>
                <crate::components::text_field::FieldAlert errors=kind_errors />
            </fieldset>
            <TextField name="form[input][eu_code]" id="eu_code" value=input.eu_code.clone() errors=errors("eu_code")>{t!(i18n, reporting.eu_code)}</TextField>
            <div class="checkbox">
                <input type="checkbox" id="lists_companies" name="form[input][lists_companies]" value="true" checked=kept_ticked("form[input][lists_companies]", input.lists_companies) />
                <label for="lists_companies">{t!(i18n, indicators.lists_companies)}</label>
            </div>
            <button type="submit" class="primary">{t!(i18n, register.save)}</button>
        </ActionForm>
        </KeptInput>
    }
}
