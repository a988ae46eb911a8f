//! `/imports`: a city coordinator downloads a template, uploads a spreadsheet of packages or
//! subprojects (a plain multipart form to `/imports/upload`, which works without
//! JavaScript) and finds their earlier imports.

use crate::api::imports::get_imports;
use crate::components::guard::load_error;
use crate::components::raw_text::PageTitle;
use crate::components::values::Instant;
use crate::i18n::*;
use crate::model::imports::{ImportKind, ImportsPage, Policy};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The name of a kind of import.
pub fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: ImportKind) -> AnyView {
    match kind {
        ImportKind::Packages => t!(i18n, imports.kind.packages).into_any(),
        ImportKind::Subprojects => t!(i18n, imports.kind.subprojects).into_any(),
        ImportKind::Organisations => t!(i18n, imports.kind.organisations).into_any(),
        ImportKind::IndicatorValues => t!(i18n, imports.kind.indicator_values).into_any(),
        ImportKind::Targets => t!(i18n, imports.kind.targets).into_any(),
    }
}

/// Why an upload was refused, by its message key.
fn upload_error(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> AnyView {
    match key {
        "file_too_large" => t!(i18n, import_errors.file_too_large).into_any(),
        "too_many_rows" => t!(i18n, import_errors.too_many_rows).into_any(),
        "too_many_columns" => t!(i18n, import_errors.too_many_columns).into_any(),
        "file_empty" => t!(i18n, import_errors.file_empty).into_any(),
        "not_utf8" => t!(i18n, import_errors.not_utf8).into_any(),
        "not_a_spreadsheet" => t!(i18n, import_errors.not_a_spreadsheet).into_any(),
        "encrypted" => t!(i18n, import_errors.encrypted).into_any(),
        "unpacks_too_large" => t!(i18n, import_errors.unpacks_too_large).into_any(),
        "no_such_sheet" => t!(i18n, import_errors.no_such_sheet).into_any(),
        "hidden_sheet" => t!(i18n, import_errors.hidden_sheet).into_any(),
        "merged_cells" => t!(i18n, import_errors.merged_cells).into_any(),
        "bad_csv_row" => t!(i18n, import_errors.bad_csv_row).into_any(),
        "no_file" => t!(i18n, import_errors.no_file).into_any(),
        "no_kind" => t!(i18n, import_errors.no_kind).into_any(),
        other => crate::components::text_field::field_message(i18n, other),
    }
}

/// The imports page.
#[component]
pub fn ImportsPageView() -> impl IntoView {
    let i18n = use_i18n();
    let page = Resource::new(|| (), |_| get_imports());
    view! {
        <PageTitle text=t_string!(i18n, imports.title).to_string() />
        <h1>{t!(i18n, imports.title)}</h1>
        <p class="lead">{t!(i18n, imports.intro)}</p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <ImportsView page /> }.into_any(),
                    Err(e) => load_error(e, "/imports"),
                }
            })}
        </Transition>
    }
}

#[component]
fn ImportsView(page: ImportsPage) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let error = query.read_untracked().get("error");
    let chosen = query
        .read_untracked()
        .get("kind")
        .and_then(|k| ImportKind::from_code(&k))
        .filter(|k| page.kinds.contains(k))
        .or_else(|| page.kinds.first().copied())
        .unwrap_or(ImportKind::Packages);
    view! {
        {error.map(|key| view! {
            <p class="form-error" role="alert" tabindex="-1" autofocus=true data-testid="upload-error">
                {upload_error(i18n, &key)}
            </p>
        })}
        <section aria-labelledby="templates-heading">
            <h2 id="templates-heading">{t!(i18n, imports.templates)}</h2>
            <p>{t!(i18n, imports.templates_hint)}</p>
            <ul>
                {ImportKind::ALL.into_iter().map(|kind| view! {
                    <li><a href=format!("/imports/template/{}.xlsx", kind.code()) download="">
                        {t!(i18n, imports.template_link, kind = move || kind_label(i18n, kind))}
                    </a></li>
                }).collect_view()}
                {page.kinds.clone().into_iter().map(|kind| view! {
                    <li><a href=format!("/imports/records/{}.xlsx", kind.code()) download="">
                        {t!(i18n, imports.records_link, kind = move || kind_label(i18n, kind))}
                    </a></li>
                }).collect_view()}
                <li><a href="/imports/portfolio.xlsx" download="" data-testid="portfolio-link">{t!(i18n, imports.portfolio_link)}</a></li>
            </ul>
        </section>
        {if !page.kinds.is_empty() {
            view! { <UploadForm page=page.clone() chosen /> }.into_any()
        } else {
            view! { <p class="notice" data-testid="not-allowed">{t!(i18n, imports.not_allowed)}</p> }.into_any()
        }}
        <section aria-labelledby="earlier-heading">
            <h2 id="earlier-heading">{t!(i18n, imports.earlier)}</h2>
            {if page.imports.is_empty() {
                view! { <p>{t!(i18n, imports.none_yet)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="earlier-caption">
                        <table class="data-table" data-testid="imports">
                            <caption id="earlier-caption">{t!(i18n, imports.earlier_caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, imports.col_number)}</th>
                                <th scope="col">{t!(i18n, imports.col_file)}</th>
                                <th scope="col">{t!(i18n, imports.col_kind)}</th>
                                <th scope="col">{t!(i18n, imports.col_when)}</th>
                                <th scope="col">{t!(i18n, imports.col_state)}</th>
                                <th scope="col" class="num">{t!(i18n, imports.col_result)}</th>
                            </tr></thead>
                            <tbody>
                                {page.imports.into_iter().map(|row| view! {
                                    <tr>
                                        <td><a href=format!("/imports/{}", row.id)>{format!("#{}", row.id)}</a></td>
                                        <td class="wrap">{row.file_name}</td>
                                        <td>{kind_label(i18n, row.kind)}</td>
                                        <td><Instant at=row.created_at /></td>
                                        <td>{if row.committed {
                                            t!(i18n, imports.state_committed).into_any()
                                        } else if row.checking {
                                            t!(i18n, imports.state_checking).into_any()
                                        } else {
                                            t!(i18n, imports.state_previewed).into_any()
                                        }}</td>
                                        <td class="num">{if row.committed {
                                            format!("{} / {}", row.rows_new, row.rows_changed)
                                        } else {
                                            "–".to_owned()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The upload: a plain multipart form, so it works without JavaScript too.
#[component]
fn UploadForm(page: ImportsPage, chosen: ImportKind) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="upload-heading">
            <h2 id="upload-heading">{t!(i18n, imports.upload_heading)}</h2>
            <form method="post" action="/imports/upload" enctype="multipart/form-data" class="form" data-testid="upload-form">
                <fieldset class="checkboxes">
                    <legend>{t!(i18n, imports.kind_label)}</legend>
                    {page.kinds.iter().copied().map(|kind| {
                        let id = format!("kind-{}", kind.code());
                        view! {
                            <div class="checkbox">
                                <input type="radio" name="kind" id=id.clone() value=kind.code() checked=kind == chosen required=true />
                                <label for=id>{kind_label(i18n, kind)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="file">{t!(i18n, imports.file)}</label>
                    <input type="file" id="file" name="file" required=true
                        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" />
                </div>
                <div class="field">
                    <label for="sheet">{t!(i18n, imports.sheet)}</label>
                    <p class="field-hint" id="sheet-hint">{t!(i18n, imports.sheet_hint)}</p>
                    <input type="text" id="sheet" name="sheet" maxlength="100" aria-describedby="sheet-hint" />
                </div>
                <div class="field">
                    <label for="mapping">{t!(i18n, imports.mapping)}</label>
                    <select id="mapping" name="mapping">
                        <option value="">{t!(i18n, imports.mapping_auto)}</option>
                        {page.mappings.into_iter().map(|m| {
                            let kind = m.kind;
                            view! {
                                <option value=m.id.to_string()>{m.name}" ("{kind_label(i18n, kind)}")"</option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <PolicyChoice selected=Policy::Update />
                <button type="submit" class="primary">{t!(i18n, imports.upload)}</button>
            </form>
        </section>
    }
}

/// The choice of what matched rows do.
#[component]
pub fn PolicyChoice(
    selected: Policy,
    #[prop(optional)] name: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = name.unwrap_or("policy");
    view! {
        <fieldset class="checkboxes">
            <legend>{t!(i18n, imports.policy)}</legend>
            {[Policy::Update, Policy::AddOnly].into_iter().map(|policy| {
                let id = format!("policy-{}", policy.code());
                view! {
                    <div class="checkbox">
                        <input type="radio" name=name id=id.clone() value=policy.code() checked=policy == selected />
                        <label for=id>{match policy {
                            Policy::Update => t!(i18n, imports.policy_update).into_any(),
                            Policy::AddOnly => t!(i18n, imports.policy_add_only).into_any(),
                        }}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
