//! `/reports/:sub/:period`: a subproject's report for a period. The coordinator fills in the
//! indicator values (with targets and the previous period beside them), the realised money
//! and the narrative, saves drafts and submits; the national team returns, approves or
//! reopens it; both comment. An approved report is read-only for everyone.

use crate::api::reporting::{CommentReport, ReviewReport, SaveReport, get_report};
use crate::components::guard::{load_error, use_number_param};
use crate::components::kept_input::{KeptInput, kept_or};
use crate::components::raw_text::PageTitle;
use crate::components::report_links::report_status_label;
use crate::components::source_fields::SourceFields;
use crate::components::text_field::{FieldAlert, FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::components::values::{Instant, quantity};
use crate::components::values::{money, source_label};
use crate::i18n::*;
use crate::model::Money;
use crate::model::reporting::{
    ActualLine, Quantity, ReportComment, ReportEvent, ReportPage, ReportStatus,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The report page.
#[component]
pub fn ReportPageView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sub = use_number_param("sub");
    let period = use_number_param("period");
    let ids = move || (sub().unwrap_or(0), period().unwrap_or(0));
    let page = Resource::new(ids, |(s, p)| get_report(s, p));
    let saved = move || query.read().get("saved");
    view! {
        <PageTitle text=t_string!(i18n, reporting.report).to_string() />
        <p><a href="/reporting">{t!(i18n, reporting.back)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        {saved().map(|what| view! {
                            <p class="notice" role="status" tabindex="-1" autofocus=true>{match what.as_str() {
                                s if s == ReportStatus::Submitted.code() => t!(i18n, reporting.saved_submitted).into_any(),
                                "return" => t!(i18n, reporting.saved_returned).into_any(),
                                "approve" => t!(i18n, reporting.saved_approved).into_any(),
                                "reopen" => t!(i18n, reporting.saved_reopened).into_any(),
                                "comment" => t!(i18n, reporting.saved_comment).into_any(),
                                _ => t!(i18n, saved).into_any(),
                            }}</p>
                        })}
                        <ReportView page />
                    }.into_any(),
                    Err(e) => load_error(e, &format!("/reports/{}/{}", ids().0, ids().1)),
                }
            })}
        </Transition>
    }
}

#[component]
fn ReportView(page: ReportPage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let (name, region) = (page.subproject_name.clone(), page.region.clone());
    view! {
        <h1>{t!(i18n, reporting.report_heading, code = page.subproject_code.clone(), period = page.period.code.clone())}</h1>
        <p class="lead">{move || name.get(lang.get()).to_string()}" · "{move || region.get(lang.get()).to_string()}</p>
        {page.return_reason().cloned().map(|e| view! {
            <div class="warning" role="note" data-testid="return-reason">
                <p>
                    <strong>{if e.action == "reopen" { t!(i18n, reporting.reopened_by).into_any() } else { t!(i18n, reporting.returned_by).into_any() }}</strong>
                    " "{e.who.clone().unwrap_or_default()}" · "<Instant at=e.at.clone() />
                </p>
                <p class="wrap">{e.reason.clone().unwrap_or_default()}</p>
            </div>
        })}
        <dl class="details">
            <dt>{t!(i18n, reporting.state)}</dt>
            <dd data-testid="report-status">{report_status_label(i18n, page.status)}</dd>
            <dt>{t!(i18n, reporting.due)}</dt>
            <dd>{crate::components::values::date(&page.period.due_on, lang)}</dd>
            <dt>{t!(i18n, reporting.links)}</dt>
            <dd>
                <a href=format!("/projects/{}", page.project_id)>{t!(i18n, reporting.to_project)}</a>
                " · "
                <a href=format!("/subprojects/{}/targets", page.subproject_id)>{t!(i18n, reporting.to_targets)}</a>
            </dd>
        </dl>
        {if page.can_edit {
            view! { <ReportForm page=page.clone() /> }.into_any()
        } else {
            view! { <ReportReadOnly page=page.clone() /> }.into_any()
        }}
        {(page.can_review || page.can_reopen).then(|| view! { <ReviewForms page=page.clone() /> })}
        <Comments page=page.clone() />
        <Events events=page.events.clone() />
    }
}

fn line_heading(line: &ActualLine, lang: Signal<crate::model::Lang>) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let definition = line.indicator.definition.clone();
    let (code, unit, eu) = (
        line.indicator.code.clone(),
        line.indicator.unit.clone(),
        line.indicator.eu_code.clone(),
    );
    let kind = if line.indicator.cumulative() {
        t!(i18n, reporting.kind_cumulative).into_any()
    } else {
        t!(i18n, reporting.kind_incremental).into_any()
    };
    let (target, previous) = (line.target, line.previous);
    let id = line.indicator.id;
    // The value field names these as its description, so a screen reader reads the
    // definition, target and previous value with it.
    view! {
        <p class="indicator-meta" id=format!("meta-{id}")>
            <strong>{code}</strong>" · "{crate::components::values::unit_label(i18n, &unit)}" · "{kind}
            {eu.map(|c| view! { " · "{t!(i18n, reporting.eu_code)}" "{c} })}
        </p>
        <p class="field-hint" id=format!("definition-{id}")>{move || definition.get(lang.get()).to_string()}</p>
        <p class="indicator-figures" id=format!("figures-{id}")>
            {t!(i18n, reporting.target)}": "{move || target.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}
            " · "{t!(i18n, reporting.previous)}": "{move || previous.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}
        </p>
    }
}

#[component]
fn ReportForm(page: ReportPage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let save = ServerAction::<SaveReport>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let errors = move |field: String| errors_of(save.value(), field);
    view! {
        <ActionForm action=save attr:class="form wide-form" attr:id="report-form">
            <FormError error />
            <FieldAlert errors=errors("status".into()) />
            <input type="hidden" name="form[subproject_id]" value=page.subproject_id />
            <input type="hidden" name="form[period_id]" value=page.period.id />
            {page.version.map(|v| view! { <input type="hidden" name="form[version]" value=v /> })}
            <h2>{t!(i18n, reporting.indicators)}</h2>
            {page.lines.iter().map(|line| {
                let id = line.indicator.id;
                let name = line.indicator.name.clone();
                let legend_name = name.clone();
                view! {
                    <fieldset class="indicator-line">
                        <legend>{move || legend_name.get(lang.get()).to_string()}</legend>
                        {line_heading(line, lang)}
                        <TextField name=format!("form[input][values][{id}]") id=format!("value-{id}") value=line.value.clone() errors=errors(format!("value_{id}"))
                            described_by=format!("meta-{id} definition-{id} figures-{id}")>
                            {t!(i18n, reporting.value)}
                        </TextField>
                        {line.indicator.lists_companies.then(|| view! {
                            <TextField name=format!("form[input][companies][{id}]") id=format!("companies-{id}") multiline=true value=line.companies.clone() errors=errors(format!("companies_{id}"))
                                hint=Box::new(move || view! { {t!(i18n, reporting.companies_hint)} }.into_any())>
                                {t!(i18n, reporting.companies)}
                            </TextField>
                        })}
                        <TextField name=format!("form[input][explanations][{id}]") id=format!("explanation-{id}") value=line.explanation.clone() errors=errors(format!("explanation_{id}"))>
                            {t!(i18n, reporting.explanation)}
                        </TextField>
                    </fieldset>
                }
            }).collect_view()}
            <fieldset class="money-fields">
                <legend>{t!(i18n, reporting.realised_heading)}</legend>
                <p class="field-hint" id="realised-hint">{t!(i18n, register.money_hint)}</p>
                <SourceFields
                    name="form[input][realised]"
                    fields=ReportPage::REALISED_FIELDS
                    values=page.realised.clone()
                    errors=ReportPage::REALISED_FIELDS.map(|field| errors(field.into()))
                    described_by="realised-hint"
                />
            </fieldset>
            <h2>{t!(i18n, reporting.narrative)}</h2>
            <TextField name="form[input][progress]" id="progress" multiline=true value=page.progress.clone() errors=errors("progress".into())>{t!(i18n, reporting.progress)}</TextField>
            <TextField name="form[input][problems]" id="problems" multiline=true value=page.problems.clone() errors=errors("problems".into())>{t!(i18n, reporting.problems)}</TextField>
            <TextField name="form[input][next_steps]" id="next_steps" multiline=true value=page.next_steps.clone() errors=errors("next_steps".into())>{t!(i18n, reporting.next_steps)}</TextField>
            <p class="field-hint" id="submit-hint">{t!(i18n, reporting.submit_hint)}</p>
            <div class="button-row">
                <button type="submit" name="form[intent]" value="draft" class="secondary">{t!(i18n, reporting.save_draft)}</button>
                " "
                <button type="submit" name="form[intent]" value="submit" class="primary" aria-describedby="submit-hint">{t!(i18n, reporting.submit)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn ReportReadOnly(page: ReportPage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let realised = page
        .realised
        .clone()
        .map(|t| Money::parse_input(&t).unwrap_or(Money::ZERO));
    view! {
        {(page.status == crate::model::reporting::ReportStatus::Approved).then(|| view! {
            <p class="notice" role="note">{t!(i18n, reporting.locked_note)}</p>
        })}
        <h2>{t!(i18n, reporting.indicators)}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="values-caption">
        <table class="data-table" data-testid="report-values">
            <caption id="values-caption" class="visually-hidden">{t!(i18n, reporting.indicators)}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, reporting.indicator)}</th>
                <th scope="col" class="num">{t!(i18n, reporting.target)}</th>
                <th scope="col" class="num">{t!(i18n, reporting.previous)}</th>
                <th scope="col" class="num">{t!(i18n, reporting.value)}</th>
                <th scope="col">{t!(i18n, reporting.explanation)}</th>
            </tr></thead>
            <tbody>
                {page.lines.iter().map(|l| {
                    let name = l.indicator.name.clone();
                    let (target, previous) = (l.target, l.previous);
                    let value = Quantity::parse_input(&l.value).ok();
                    let ids: Vec<String> = l.companies.split_whitespace().map(str::to_string).collect();
                    let companies = ids.len();
                    view! {
                        <tr>
                            <th scope="row">{l.indicator.code.clone()}" "<span class="muted">{move || name.get(lang.get()).to_string()}</span></th>
                            <td class="num">{move || target.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}</td>
                            <td class="num">{move || previous.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}</td>
                            <td class="num">{move || value.map(|q| quantity(q, lang.get())).unwrap_or_else(|| "–".into())}</td>
                            <td class="wrap">
                                {l.explanation.clone()}
                                {(companies > 0).then(|| view! {
                                    " "{t!(i18n, reporting.company_count, count = companies)}
                                    <ul class="business-ids">{ids.into_iter().map(|id| view! { <li><code>{id}</code></li> }).collect_view()}</ul>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <h2>{t!(i18n, reporting.realised_heading)}</h2>
        <dl class="details">
            {realised.iter().map(|(source, m)| view! {
                <dt>{source_label(i18n, source)}</dt><dd>{money(*m, lang)}</dd>
            }).collect_view()}
        </dl>
        <h2>{t!(i18n, reporting.narrative)}</h2>
        <dl class="details">
            <dt>{t!(i18n, reporting.progress)}</dt><dd class="wrap">{page.progress.clone()}</dd>
            <dt>{t!(i18n, reporting.problems)}</dt><dd class="wrap">{page.problems.clone()}</dd>
            <dt>{t!(i18n, reporting.next_steps)}</dt><dd class="wrap">{page.next_steps.clone()}</dd>
        </dl>
    }
}

#[component]
fn ReviewForms(page: ReportPage) -> impl IntoView {
    let i18n = use_i18n();
    let review = ServerAction::<ReviewReport>::new();
    let error = Signal::derive(move || review.value().get().and_then(Result::err));
    let reason_errors = errors_of(review.value(), "reason");
    let (Some(report_id), Some(version)) = (page.report_id, page.version) else {
        return ().into_any();
    };
    let hidden = move || {
        view! {
            <input type="hidden" name="form[subproject_id]" value=page.subproject_id />
            <input type="hidden" name="form[period_id]" value=page.period.id />
            <input type="hidden" name="form[report_id]" value=report_id />
            <input type="hidden" name="form[version]" value=version />
        }
    };
    view! {
        <section aria-labelledby="review-heading" class="review">
            <h2 id="review-heading">{t!(i18n, reporting.review)}</h2>
            <FormError error />
            {page.can_review.then(|| view! {
                <ActionForm action=review attr:class="inline-form">
                    {hidden()}
                    <input type="hidden" name="form[step]" value="approve" />
                    <button type="submit" class="primary">{t!(i18n, reporting.approve)}</button>
                </ActionForm>
                <KeptInput endpoint=ReviewReport::PATH key=("form[step]", "return".to_string())>
                <ActionForm action=review attr:class="form">
                    {hidden()}
                    <input type="hidden" name="form[step]" value="return" />
                    <TextField name="form[reason]" id="return-reason" multiline=true errors=reason_errors>{t!(i18n, reporting.return_reason)}</TextField>
                    <button type="submit" class="secondary">{t!(i18n, reporting.return_report)}</button>
                </ActionForm>
                </KeptInput>
            })}
            {page.can_reopen.then(|| view! {
                <KeptInput endpoint=ReviewReport::PATH key=("form[step]", "reopen".to_string())>
                <ActionForm action=review attr:class="form">
                    {hidden()}
                    <input type="hidden" name="form[step]" value="reopen" />
                    <TextField name="form[reason]" id="reopen-reason" multiline=true errors=reason_errors>{t!(i18n, reporting.reopen_reason)}</TextField>
                    <button type="submit" class="secondary">{t!(i18n, reporting.reopen)}</button>
                </ActionForm>
                </KeptInput>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn Comments(page: ReportPage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let comment = ServerAction::<CommentReport>::new();
    let error = Signal::derive(move || comment.value().get().and_then(Result::err));
    let body_errors = errors_of(comment.value(), "body");
    let status_errors = errors_of(comment.value(), "status");
    let list: Vec<ReportComment> = page.comments.clone();
    let indicators: Vec<(String, crate::model::Names)> = page
        .lines
        .iter()
        .map(|l| (l.indicator.code.clone(), l.indicator.name.clone()))
        .collect();
    view! {
        <section aria-labelledby="comments-heading" id="comments">
            <h2 id="comments-heading">{t!(i18n, reporting.comments)}</h2>
            {if list.is_empty() {
                view! { <p>{t!(i18n, reporting.no_comments)}</p> }.into_any()
            } else {
                view! {
                    <ol class="comments">
                        {list.into_iter().map(|c| view! {
                            <li>
                                <p class="history-head">
                                    <strong><Instant at=c.at.clone() /></strong>
                                    {c.author.clone().map(|a| view! { " · "{a} })}
                                    {c.indicator.clone().map(|i| view! { " · "<code>{i}</code> })}
                                </p>
                                <p class="wrap">{c.body.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {(page.can_comment && page.report_id.is_some()).then(|| view! {
                <KeptInput endpoint=CommentReport::PATH>
                <ActionForm action=comment attr:class="form">
                    <FormError error />
                    <FieldAlert errors=status_errors />
                    <input type="hidden" name="form[subproject_id]" value=page.subproject_id />
                    <input type="hidden" name="form[period_id]" value=page.period.id />
                    <input type="hidden" name="form[report_id]" value=page.report_id.unwrap_or(0) />
                    <div class="field">
                        <label for="comment-indicator">{t!(i18n, reporting.comment_on)}</label>
                        <select id="comment-indicator" name="form[indicator]">
                            <option value="">{t!(i18n, reporting.whole_report)}</option>
                            {indicators.into_iter().map(|(code, name)| {
                                let label_code = code.clone();
                                view! { <option selected=kept_or("form[indicator]", "") == code value=code>{label_code}" – "{move || name.get(lang.get()).to_string()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextField name="form[body]" id="body" multiline=true required=true errors=body_errors>{t!(i18n, reporting.comment)}</TextField>
                    <button type="submit" class="secondary">{t!(i18n, reporting.add_comment)}</button>
                </ActionForm>
                </KeptInput>
            })}
        </section>
    }
}

#[component]
fn Events(events: Vec<ReportEvent>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="events-heading">
            <h2 id="events-heading">{t!(i18n, reporting.events)}</h2>
            {if events.is_empty() {
                view! { <p>{t!(i18n, register.history_empty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="history" data-testid="report-events">
                        {events.into_iter().map(|e| view! {
                            <li>
                                <strong><Instant at=e.at.clone() /></strong>" · "{event_label(i18n, &e.action)}
                                {e.who.clone().map(|w| view! { " · "{w} })}
                                {e.reason.clone().map(|r| view! { " – "<span class="wrap">{r}</span> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

fn event_label(i18n: leptos_i18n::I18nContext<Locale>, action: &str) -> AnyView {
    match action {
        "create" => t!(i18n, reporting.event_create).into_any(),
        "update" => t!(i18n, reporting.event_update).into_any(),
        "submit" => t!(i18n, reporting.event_submit).into_any(),
        "resubmit" => t!(i18n, reporting.event_resubmit).into_any(),
        "return" => t!(i18n, reporting.event_return).into_any(),
        "approve" => t!(i18n, reporting.event_approve).into_any(),
        "reopen" => t!(i18n, reporting.event_reopen).into_any(),
        "comment" => t!(i18n, reporting.event_comment).into_any(),
        other => view! { <code>{other.to_string()}</code> }.into_any(),
    }
}
