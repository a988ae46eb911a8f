//! `/imports/:id`: what each row of an uploaded file would do (new, changed field by field,
//! left as it is, refused with its column and reason), the mapping of the file's columns to
//! fields, and the import itself, all rows or none.

use crate::api::imports::{CommitImport, RemapImport, get_import};
use crate::components::guard::{load_error, use_number_param};
use crate::components::kept_input::{KeptInput, kept_or, kept_values};
use crate::components::raw_text::PageTitle;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::{FormError, TextField, errors_of, field_message};
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::format;
use crate::model::imports::{
    Checking, FieldLabel, ImportPreview, Outcome, RowOutcome, SHOWN_ROWS, label_of,
};
use crate::pages::imports::PolicyChoice;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The page of one import.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_number_param("id");
    let preview = Resource::new(move || id().unwrap_or(0), get_import);
    view! {
        <p><a href="/imports">{t!(i18n, imports.back)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(preview) => view! { <PreviewView preview /> }.into_any(),
                    Err(e) => view! {
                        <PageTitle text=t_string!(i18n, imports.title).to_string() />
                        {load_error(e, &format!("/imports/{}", id().unwrap_or(0)))}
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PreviewView(preview: ImportPreview) -> AnyView {
    let i18n = use_i18n();
    let query = use_query_map();
    let saved = query.read_untracked().get("saved").is_some();
    let title = format!("#{}", preview.id);
    let file = preview.file_name.clone();
    let c = preview.counts;
    let page_title = t_string!(
        i18n,
        imports.preview_title,
        id = title.clone(),
        file = file.clone()
    )
    .to_string();
    let created = preview.created_at.clone();
    let committable = !preview.committed && c.refused == 0 && c.new + c.changed > 0;
    if preview.checking.is_some() || preview.check_error.is_some() {
        return view! {
            <PageTitle text=page_title />
            <h1>{t!(i18n, imports.preview_title, id = title.clone(), file = file.clone())}</h1>
            <CheckState id=preview.id checking=preview.checking failed=preview.check_error.is_some() />
        }
        .into_any();
    }
    view! {
        <PageTitle text=page_title />
        <h1>{t!(i18n, imports.preview_title, id = title.clone(), file = file.clone())}</h1>
        {(saved && preview.committed).then(|| view! {
            <p class="notice" role="status" tabindex="-1" autofocus=true data-testid="committed">
                {t!(i18n, imports.committed, when = move || view! { <crate::components::values::Instant at=created.clone() /> }, new = c.new, changed = c.changed)}
            </p>
        })}
        <p data-testid="import-summary">
            {t!(i18n, imports.summary, new = c.new, changed = c.changed, unchanged = c.unchanged, skipped = c.skipped, refused = c.refused)}
        </p>
        {(!preview.committed && c.refused > 0).then(|| view! { <p class="form-error">{t!(i18n, imports.refused_note)}</p> })}
        {(!preview.committed).then(|| view! {
            <CommitForm id=preview.id version=preview.version committable nothing=c.refused == 0 && c.new + c.changed == 0 />
        })}
        <RowsTable rows=preview.rows.clone() labels=preview.labels.clone() key=preview.kind.key_parts() listed=c.new + c.changed + c.skipped + c.refused id=preview.id />
        {(!preview.committed).then(|| view! { <MappingForm preview=preview.clone() /> })}
    }
    .into_any()
}

/// How far the check of the rows is, while it runs: a progress bar that the page brings up
/// to date by reloading itself every few seconds (no script needed), until the preview is
/// there; or that the check failed or stopped.
#[component]
fn CheckState(id: i32, checking: Option<Checking>, failed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let again = move || view! { <a href="/imports">{t!(i18n, imports.upload_again)}</a> };
    match checking {
        Some(Checking {
            stalled: false,
            checked,
            total,
        }) => {
            let number = move |n: usize| {
                format::integer(i64::try_from(n).unwrap_or(i64::MAX), lang.get_untracked())
            };
            let (checked_text, total_text) = (number(checked), number(total));
            // The updates can be stopped (WCAG 2.2.2): the page then updates when asked.
            let still = use_query_map().read_untracked().get("still").is_some();
            let page = format!("/imports/{id}");
            let updates = if still {
                view! {
                    <p data-testid="updates-paused">
                        {t!(i18n, imports.updates_paused)} " "
                        <a href=format!("{page}?still=1")>{t!(i18n, imports.refresh_now)}</a> " "
                        <a href=page.clone()>{t!(i18n, imports.resume_updates)}</a>
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <leptos_meta::Meta http_equiv="refresh" content=CHECK_REFRESH_SECONDS />
                    <p>{t!(i18n, imports.checking_hint, seconds = CHECK_REFRESH_SECONDS)}</p>
                    <p>
                        <a href=page.clone()>{t!(i18n, imports.refresh_now)}</a> " "
                        <a href=format!("{page}?still=1")>{t!(i18n, imports.pause_updates)}</a>
                    </p>
                }
                .into_any()
            };
            view! {
                <section aria-labelledby="checking-heading" data-testid="checking">
                    <h2 id="checking-heading">{t!(i18n, imports.checking_heading)}</h2>
                    <label for="check-progress">
                        {t!(i18n, imports.checking_label, checked = checked_text.clone(), total = total_text.clone())}
                    </label>
                    <progress id="check-progress" max=total.max(1) value=checked.min(total)>
                        {format!("{checked_text} / {total_text}")}
                    </progress>
                    {updates}
                </section>
            }
            .into_any()
        }
        _ => view! {
            <p class="form-error" role="alert" data-testid="check-failed">
                {if failed {
                    t!(i18n, imports.check_failed, id = id).into_any()
                } else {
                    t!(i18n, imports.check_stalled).into_any()
                }}
                " "
                {again()}
            </p>
        }
        .into_any(),
    }
}

/// How often the page of a check that runs reloads itself.
const CHECK_REFRESH_SECONDS: &str = "2";

#[component]
fn CommitForm(id: i32, version: i32, committable: bool, nothing: bool) -> impl IntoView {
    let i18n = use_i18n();
    let commit = ServerAction::<CommitImport>::new();
    let error = Signal::derive(move || commit.value().get().and_then(Result::err));
    let rows = errors_of(commit.value(), "rows");
    view! {
        <section aria-labelledby="commit-heading">
            <h2 id="commit-heading">{t!(i18n, imports.commit)}</h2>
            <KeptInput endpoint=CommitImport::PATH>
            <ActionForm action=commit attr:class="form" attr:data-testid="commit-form">
                <FormError error />
                {move || (!rows.get().is_empty()).then(|| view! {
                    <p class="form-error" role="alert" tabindex="-1" autofocus=true>
                        {rows.get().into_iter().map(|key| field_message(i18n, &key)).collect_view()}
                    </p>
                })}
                <input type="hidden" name="form[id]" value=id />
                <input type="hidden" name="form[version]" value=version />
                <p class="field-hint">{t!(i18n, imports.commit_hint)}</p>
                {if committable {
                    view! { <button type="submit" class="primary">{t!(i18n, imports.commit)}</button> }.into_any()
                } else if nothing {
                    view! { <p>{t!(i18n, imports.nothing_to_import)}</p> }.into_any()
                } else {
                    view! { <p>{t!(i18n, imports.commit_blocked)}</p> }.into_any()
                }}
            </ActionForm>
            </KeptInput>
        </section>
    }
}

/// The outcome of a row in words.
fn outcome_label(i18n: leptos_i18n::I18nContext<Locale>, outcome: &Outcome) -> AnyView {
    match outcome {
        Outcome::New => t!(i18n, imports.outcome_new).into_any(),
        Outcome::Changed(_) => t!(i18n, imports.outcome_changed).into_any(),
        Outcome::Unchanged => t!(i18n, imports.outcome_unchanged).into_any(),
        Outcome::Skipped => t!(i18n, imports.outcome_skipped).into_any(),
        Outcome::Refused(_) => t!(i18n, imports.outcome_refused).into_any(),
    }
}

#[component]
fn RowsTable(
    rows: Vec<RowOutcome>,
    labels: Vec<FieldLabel>,
    /// The fields rows are matched by.
    key: &'static [&'static str],
    listed: usize,
    /// The import's id (its rows download at `/imports/{id}/rows.xlsx`).
    id: i32,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return ().into_any();
    }
    let capped = listed > SHOWN_ROWS;
    view! {
        <section aria-labelledby="rows-heading">
            <h2 id="rows-heading">{t!(i18n, imports.rows_heading)}</h2>
            {capped.then(|| view! { <p>{t!(i18n, imports.shown_only, n = SHOWN_ROWS)}</p> })}
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="rows-caption">
                <table class="data-table" data-testid="import-rows">
                    <caption id="rows-caption">{t!(i18n, imports.rows_caption)}" "<TableDownloads path=format!("/imports/{id}/rows") query=String::new() /></caption>
                    <thead><tr>
                        <th scope="col" class="num">{t!(i18n, imports.col_row)}</th>
                        <th scope="col">{key.iter().map(|part| label_of(&labels, part)).collect::<Vec<_>>().join(" · ")}</th>
                        <th scope="col">{t!(i18n, imports.col_outcome)}</th>
                        <th scope="col">{t!(i18n, imports.col_details)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let refused = matches!(row.outcome, Outcome::Refused(_));
                            view! {
                                <tr class:refused=refused data-row=row.number>
                                    <th scope="row" class="num">{row.number}</th>
                                    <td>{row.key.clone()}</td>
                                    <td>{outcome_label(i18n, &row.outcome)}</td>
                                    <td class="wrap">{details(i18n, &row.outcome, &labels)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// A row's changes (field: old → new) or refusals (column: reason).
fn details(
    i18n: leptos_i18n::I18nContext<Locale>,
    outcome: &Outcome,
    labels: &[FieldLabel],
) -> AnyView {
    match outcome {
        Outcome::Changed(changes) => view! {
            <ul class="plain">
                {changes.iter().map(|c| view! {
                    <li>{label_of(labels, &c.field)}": "{c.old.clone()}" → "{c.new.clone()}</li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        Outcome::Refused(errors) => view! {
            <ul class="plain">
                {errors.iter().map(|e| {
                    let key = e.key.clone();
                    let place = match &e.column {
                        Some(column) => t_string!(i18n, imports.column, column = column.clone()).to_string(),
                        None => t_string!(i18n, imports.no_column, field = label_of(labels, &e.field)).to_string(),
                    };
                    view! { <li>{place}": "{field_message(i18n, &key)}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn MappingForm(preview: ImportPreview) -> impl IntoView {
    let i18n = use_i18n();
    let remap = ServerAction::<RemapImport>::new();
    let error = Signal::derive(move || remap.value().get().and_then(Result::err));
    let field_errors = errors_of(remap.value(), "fields");
    let kept = kept_values("form[fields][]");
    let labels = preview.labels.clone();
    let missing: Vec<String> = preview
        .missing
        .iter()
        .map(|f| label_of(&labels, f))
        .collect();
    view! {
        <section aria-labelledby="mapping-heading">
            <h2 id="mapping-heading">{t!(i18n, imports.mapping)}</h2>
            <KeptInput endpoint=RemapImport::PATH>
            <ActionForm action=remap attr:class="form" attr:data-testid="mapping-form">
                <FormError error />
                {move || (!field_errors.get().is_empty()).then(|| view! {
                    <p class="form-error" role="alert">
                        {field_errors.get().into_iter().map(|key| field_message(i18n, &key)).collect_view()}
                    </p>
                })}
                <input type="hidden" name="form[id]" value=preview.id />
                <input type="hidden" name="form[version]" value=preview.version />
                {(!missing.is_empty()).then(|| view! {
                    <p class="form-error" data-testid="missing-fields">{t!(i18n, imports.missing)}" "{missing.join(", ")}</p>
                })}
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="columns-caption">
                    <table class="data-table">
                        <caption id="columns-caption">{t!(i18n, imports.columns_caption)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, imports.col_heading)}</th>
                            <th scope="col" id="read-as">{t!(i18n, imports.col_field)}</th>
                        </tr></thead>
                        <tbody>
                            {preview.columns.iter().enumerate().map(|(i, column)| {
                                let heading_id = format!("column-{i}");
                                let select_id = format!("field-{i}");
                                let chosen = kept.as_ref()
                                    .and_then(|k| k.get(i).cloned())
                                    .unwrap_or_else(|| column.field.clone().unwrap_or_default());
                                let heading = if column.heading.trim().is_empty() {
                                    t_string!(i18n, imports.column, column = format!("#{}", i + 1)).to_string()
                                } else {
                                    column.heading.clone()
                                };
                                view! {
                                    <tr>
                                        <th scope="row" id=heading_id.clone()>{heading}</th>
                                        <td>
                                            <select id=select_id name="form[fields][]" aria-labelledby=format!("{heading_id} read-as")>
                                                <option value="" selected=chosen.is_empty()>{t!(i18n, imports.ignore)}</option>
                                                {labels.iter().map(|l| view! {
                                                    <option value=l.code.clone() selected=l.code == chosen>{l.label.clone()}</option>
                                                }).collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <PolicyChoice selected=crate::model::imports::Policy::from_code(&kept_or("form[policy]", preview.policy.code())).unwrap_or(preview.policy) name="form[policy]" />
                {preview.may_save_mapping.then(|| view! {
                    <TextField name="form[save_as]" id="save_as" errors=errors_of(remap.value(), "save_as")
                        hint=Box::new(move || t!(i18n, imports.save_as_hint).into_any())>
                        {t!(i18n, imports.save_as)}
                    </TextField>
                })}
                <button type="submit">{t!(i18n, imports.preview_again)}</button>
            </ActionForm>
            </KeptInput>
        </section>
    }
}
