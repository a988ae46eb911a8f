//! `/subprojects/:sub/targets`: a subproject's targets per indicator with every revision
//! (value, date, who, reason); its coordinator sets and revises them.

use crate::api::reporting::{SetTarget, get_targets};
use crate::components::guard::{load_error, use_number_param};
use crate::components::kept_input::{KeptInput, refused_elsewhere};
use crate::components::raw_text::PageTitle;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::components::values::{Instant, quantity};
use crate::i18n::*;
use crate::model::reporting::{TargetLine, TargetsPage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The targets page.
#[component]
pub fn TargetsPageView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sub = use_number_param("sub");
    let page = Resource::new(move || sub().unwrap_or(0), get_targets);
    let saved = move || query.read().get("saved").is_some();
    view! {
        <PageTitle text=t_string!(i18n, targets.title).to_string() />
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <p><a href=format!("/projects/{}", page.project_id)>{t!(i18n, register.back_to_project)}</a></p>
                        {saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
                        <TargetsView page />
                    }.into_any(),
                    Err(e) => load_error(e, &format!("/subprojects/{}/targets", sub().unwrap_or(0))),
                }
            })}
        </Transition>
    }
}

#[component]
fn TargetsView(page: TargetsPage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let name = page.subproject_name.clone();
    view! {
        <h1>{t!(i18n, targets.heading, code = page.subproject_code.clone())}</h1>
        <p class="lead">{move || name.get(lang.get()).to_string()}</p>
        <section aria-labelledby="reports-heading">
            <h2 id="reports-heading">{t!(i18n, reporting.reports_column)}</h2>
            <crate::components::report_links::ReportLinks subproject_id=page.subproject_id code=page.subproject_code.clone() links=page.reports.clone() />
            <p class="field-hint">{t!(i18n, reporting.who_reports)}</p>
        </section>
        {page.lines.into_iter().map(|line| view! {
            <TargetLineView line subproject_id=page.subproject_id editable=page.editable />
        }).collect_view()}
    }
}

#[component]
fn TargetLineView(line: TargetLine, subproject_id: i32, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let set = ServerAction::<SetTarget>::new();
    let indicator_id = line.indicator.id.to_string();
    let elsewhere = refused_elsewhere(SetTarget::PATH, ("form[indicator_id]", &indicator_id));
    let outcome = Signal::derive(move || set.value().get().filter(|_| !elsewhere));
    let error = Signal::derive(move || outcome.get().and_then(Result::err));
    let value_errors = errors_of(outcome, "value");
    let reason_errors = errors_of(outcome, "reason");
    let name = line.indicator.name.clone();
    let heading_id = format!("target-{}", line.indicator.id);
    let labelled_by = heading_id.clone();
    let current = line.revisions.first().map(|r| r.value);
    let has_target = current.is_some();
    view! {
        <section aria-labelledby=labelled_by class="target-line">
            <h2 id=heading_id>{line.indicator.code.clone()}" – "{move || name.get(lang.get()).to_string()}</h2>
            <p>
                {t!(i18n, reporting.target)}": "
                <strong>{move || current.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}</strong>
                " "{crate::components::values::unit_label(i18n, &line.indicator.unit)}
            </p>
            {(!line.revisions.is_empty()).then(|| view! {
                <table class="data-table compact">
                    <caption>{t!(i18n, targets.history)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, targets.revision)}</th>
                        <th scope="col" class="num">{t!(i18n, reporting.value)}</th>
                        <th scope="col">{t!(i18n, targets.set_at)}</th>
                        <th scope="col">{t!(i18n, targets.set_by)}</th>
                        <th scope="col">{t!(i18n, targets.reason)}</th>
                    </tr></thead>
                    <tbody>
                        {line.revisions.iter().map(|r| {
                            let value = r.value;
                            view! {
                                <tr>
                                    <th scope="row">{r.revision}</th>
                                    <td class="num">{move || quantity(value, lang.get())}</td>
                                    <td><Instant at=r.at.clone() /></td>
                                    <td>{r.by.clone().unwrap_or_default()}</td>
                                    <td class="wrap">{r.reason.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {editable.then(|| view! {
                <KeptInput endpoint=SetTarget::PATH key=("form[indicator_id]", indicator_id)>
                <ActionForm action=set attr:class="form">
                    <FormError error />
                    <input type="hidden" name="form[subproject_id]" value=subproject_id />
                    <input type="hidden" name="form[indicator_id]" value=line.indicator.id />
                    <input type="hidden" name="form[revision]" value=line.revisions.first().map_or(0, |r| r.revision) />
                    <TextField name="form[value]" id=format!("value-{}", line.indicator.id) value=String::new() errors=value_errors>
                        {if has_target { t!(i18n, targets.new_value).into_any() } else { t!(i18n, targets.first_value).into_any() }}
                    </TextField>
                    {has_target.then(|| view! {
                        <TextField name="form[reason]" id=format!("reason-{}", line.indicator.id) multiline=true errors=reason_errors>{t!(i18n, targets.reason_label)}</TextField>
                    })}
                    <button type="submit" class="secondary">{t!(i18n, targets.save)}</button>
                </ActionForm>
                </KeptInput>
            })}
        </section>
    }
}
