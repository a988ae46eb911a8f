//! `/reporting`: the reporting hub (notifications, a coordinator's to-do list, the national
//! team's review queue, periods and indicator totals) and `/reporting/board/:period`, the
//! reporting-status board.

use crate::api::reporting::{
    ClosePeriod, OpenPeriod, get_indicator_totals, get_reporting_home, get_status_board,
};
use crate::components::guard::{load_error, use_number_param};
use crate::components::kept_input::KeptInput;
use crate::components::raw_text::PageTitle;
use crate::components::report_links::report_status_label;
use crate::components::table_downloads::TableDownloads;
use crate::components::text_field::{FormError, TextField, errors_of};
use crate::components::use_lang;
use crate::components::values::{Day, Instant, date, quantity};
use crate::i18n::*;
use crate::model::format;
use crate::model::reporting::{
    IndicatorTotal, Notification, Period, ReportRow, ReportStatus, ReportingHome, StatusBoard,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The hub.
#[component]
pub fn ReportingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let home = Resource::new(|| (), |_| get_reporting_home());
    let include_unapproved = move || query.read().get("all").is_some_and(|v| v == "1");
    let totals = Resource::new(include_unapproved, get_indicator_totals);
    let saved = move || query.read().get("saved").is_some();
    view! {
        <PageTitle text=t_string!(i18n, reporting.title).to_string() />
        <h1>{t!(i18n, reporting.title)}</h1>
        {move || saved().then(|| view! { <p class="notice" role="status" tabindex="-1" autofocus=true>{t!(i18n, saved)}</p> })}
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => view! { <HubView home /> }.into_any(),
                    Err(e) => load_error(e, "/reporting"),
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                totals.await.ok().map(|totals| view! { <TotalsView totals include_unapproved=include_unapproved() /> })
            })}
        </Transition>
    }
}

#[component]
fn HubView(home: ReportingHome) -> impl IntoView {
    let i18n = use_i18n();
    let can_manage = home.can_manage_periods;
    view! {
        {(!home.notifications.is_empty()).then(|| view! { <Notifications items=home.notifications.clone() /> })}
        {(!home.to_do.is_empty()).then(|| view! {
            <section aria-labelledby="todo-heading">
                <h2 id="todo-heading">{t!(i18n, reporting.to_do)}</h2>
                <ReportTable rows=home.to_do.clone() caption_id="todo-caption" caption=t!(i18n, reporting.to_do_caption).into_any() downloads="/reporting/to-do" />
            </section>
        })}
        {can_manage.then(|| view! {
            <section aria-labelledby="queue-heading">
                <h2 id="queue-heading">{t!(i18n, reporting.review_queue)}</h2>
                {if home.review_queue.is_empty() {
                    view! { <p>{t!(i18n, reporting.queue_empty)}</p> }.into_any()
                } else {
                    view! { <ReportTable rows=home.review_queue.clone() caption_id="queue-caption" caption=t!(i18n, reporting.queue_caption).into_any() downloads="/reporting/review-queue" /> }.into_any()
                }}
            </section>
        })}
        <Periods periods=home.periods.clone() can_manage />
        {home.next_period.clone().map(|proposal| view! { <OpenPeriodForm proposal /> })}
    }
}

#[component]
fn Notifications(items: Vec<Notification>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="notifications-heading">
            <h2 id="notifications-heading">{t!(i18n, reporting.notifications)}</h2>
            <ul class="notifications" data-testid="notifications">
                {items.into_iter().map(|n| {
                    let href = format!("/reports/{}/{}", n.subproject_id, n.period_id);
                    let (code, period, reason) = (n.subproject_code.clone(), n.period_code.clone(), n.reason.clone());
                    let text = match n.kind.as_str() {
                        k if k == ReportStatus::Returned.code() => t!(i18n, reporting.notice_returned, code = code.clone(), period = period.clone()).into_any(),
                        k if k == ReportStatus::Approved.code() => t!(i18n, reporting.notice_approved, code = code.clone(), period = period.clone()).into_any(),
                        "reopened" => t!(i18n, reporting.notice_reopened, code = code.clone(), period = period.clone()).into_any(),
                        "overdue" => t!(i18n, reporting.notice_overdue, period = period.clone()).into_any(),
                        _ => t!(i18n, reporting.notice_due_soon, period = period.clone(), due = {
                            let on = n.at.clone();
                            move || view! { <Day on=on.clone() /> }
                        }).into_any(),
                    };
                    let linked = n.subproject_id != 0;
                    view! {
                        <li class=format!("notice-{}", n.kind)>
                            {if linked { view! { <a href=href>{text}</a> }.into_any() } else { text }}
                            {reason.map(|r| view! { <span class="notice-reason">" – "{r}</span> })}
                            {linked.then(|| view! { <span class="muted">" · "<Instant at=n.at.clone() /></span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A table of reports: subproject, region, period, due date, state.
#[component]
pub fn ReportTable(
    rows: Vec<ReportRow>,
    caption_id: &'static str,
    caption: AnyView,
    /// The address of the rows' downloads, without extension.
    #[prop(optional)]
    downloads: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=caption_id>
            <table class="data-table">
                <caption id=caption_id>{caption}{downloads.map(|path| view! { " "<TableDownloads path query=String::new() /> })}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, reporting.subproject)}</th>
                    <th scope="col">{t!(i18n, register.region)}</th>
                    <th scope="col">{t!(i18n, reporting.period)}</th>
                    <th scope="col">{t!(i18n, reporting.due)}</th>
                    <th scope="col">{t!(i18n, reporting.state)}</th>
                    <th scope="col">{t!(i18n, reporting.since)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let (name, region) = (r.subproject_name.clone(), r.region.clone());
                        view! {
                            <tr class:overdue=r.overdue>
                                <th scope="row">
                                    <a href=format!("/reports/{}/{}", r.subproject_id, r.period_id)>{r.subproject_code.clone()}</a>
                                    <span class="muted">" "{move || name.get(lang.get()).to_string()}</span>
                                </th>
                                <td>{move || region.get(lang.get()).to_string()}</td>
                                <td>{r.period_code.clone()}</td>
                                <td>{date(&r.due_on, lang)}</td>
                                <td>
                                    {report_status_label(i18n, r.status)}
                                    {r.overdue.then(|| view! { " " <strong class="badge-overdue">{t!(i18n, reporting.overdue)}</strong> })}
                                </td>
                                <td>{r.since.clone().map(|at| view! { <Instant at /> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Periods(periods: Vec<Period>, can_manage: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let close = ServerAction::<ClosePeriod>::new();
    let error = Signal::derive(move || close.value().get().and_then(Result::err));
    view! {
        <section aria-labelledby="periods-heading">
            <h2 id="periods-heading">{t!(i18n, reporting.periods)}</h2>
            <FormError error />
            {(!periods.is_empty()).then(|| view! { <p><TableDownloads path="/reporting/periods" query=String::new() /></p> })}
            {if periods.is_empty() {
                view! { <p>{t!(i18n, reporting.no_periods)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="periods-caption">
                    <table class="data-table">
                        <caption class="visually-hidden" id="periods-caption">{t!(i18n, reporting.periods)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, reporting.period)}</th>
                            <th scope="col">{t!(i18n, reporting.starts)}</th>
                            <th scope="col">{t!(i18n, reporting.ends)}</th>
                            <th scope="col">{t!(i18n, reporting.due)}</th>
                            <th scope="col">{t!(i18n, reporting.state)}</th>
                            <th scope="col">{t!(i18n, reporting.actions)}</th>
                        </tr></thead>
                        <tbody>
                            {periods.into_iter().map(|p| view! {
                                <tr>
                                    <th scope="row">{p.code.clone()}</th>
                                    <td>{date(&p.starts_on, lang)}</td>
                                    <td>{date(&p.ends_on, lang)}</td>
                                    <td>{date(&p.due_on, lang)}</td>
                                    <td>{if p.open { t!(i18n, reporting.period_open).into_any() } else { t!(i18n, reporting.period_closed).into_any() }}</td>
                                    <td>
                                        <a href=format!("/reporting/board/{}", p.id)>{t!(i18n, reporting.board_link, period = p.code.clone())}</a>
                                        {(can_manage && p.open).then(|| view! {
                                            " · "<a href=format!("/reporting/periods/{}", p.id)>{t!(i18n, reporting.correct_link, period = p.code.clone())}</a>
                                            <ActionForm action=close attr:class="inline-form">
                                                <input type="hidden" name="form[id]" value=p.id />
                                                <input type="hidden" name="form[version]" value=p.version />
                                                <button type="submit" class="secondary">{t!(i18n, reporting.close_period, period = p.code.clone())}</button>
                                            </ActionForm>
                                        })}
                                    </td>
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

#[component]
fn OpenPeriodForm(proposal: Period) -> impl IntoView {
    let i18n = use_i18n();
    let open = ServerAction::<OpenPeriod>::new();
    let error = Signal::derive(move || open.value().get().and_then(Result::err));
    let errors = move |field: &'static str| errors_of(open.value(), field);
    view! {
        <section aria-labelledby="open-period-heading">
            <h2 id="open-period-heading">{t!(i18n, reporting.open_period)}</h2>
            <KeptInput endpoint=OpenPeriod::PATH>
            <ActionForm action=open attr:class="form">
                <FormError error />
                <TextField name="form[code]" id="code" required=true value=proposal.code.clone() errors=errors("code")>{t!(i18n, reporting.period_code)}</TextField>
                <TextField name="form[starts_on]" id="starts_on" required=true value=proposal.starts_on.clone() errors=errors("starts_on")>{t!(i18n, reporting.starts)}</TextField>
                <TextField name="form[ends_on]" id="ends_on" required=true value=proposal.ends_on.clone() errors=errors("ends_on")>{t!(i18n, reporting.ends)}</TextField>
                <TextField name="form[due_on]" id="due_on" required=true value=proposal.due_on.clone() errors=errors("due_on")>{t!(i18n, reporting.due)}</TextField>
                <button type="submit" class="primary">{t!(i18n, reporting.open_period)}</button>
            </ActionForm>
            </KeptInput>
        </section>
    }
}

#[component]
fn TotalsView(totals: Vec<IndicatorTotal>, include_unapproved: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="totals-heading">
            <h2 id="totals-heading">{t!(i18n, reporting.totals)}</h2>
            <form method="get" action="/reporting" class="inline-form">
                <label>
                    <input type="checkbox" name="all" value="1" checked=include_unapproved />
                    " "{t!(i18n, reporting.include_unapproved)}
                </label>
                " "<button type="submit" class="secondary">{t!(i18n, projects.apply)}</button>
            </form>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="totals-caption">
            <table class="data-table" data-testid="indicator-totals">
                <caption id="totals-caption">{if include_unapproved { t!(i18n, reporting.totals_all).into_any() } else { t!(i18n, reporting.totals_approved).into_any() }}" "<TableDownloads path="/reporting/indicator-totals" query=if include_unapproved { "all=1".to_string() } else { String::new() } /></caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, reporting.indicator)}</th>
                    <th scope="col" class="num">{t!(i18n, reporting.target)}</th>
                    <th scope="col" class="num">{t!(i18n, reporting.actual)}</th>
                    <th scope="col" class="num">{t!(i18n, reporting.distinct_companies)}</th>
                </tr></thead>
                <tbody>
                    {totals.into_iter().map(|t| view! {
                        <tr>
                            <th scope="row">{move || t.name.get(lang.get()).to_string()}" "<span class="muted">{t.code.clone()}</span></th>
                            <td class="num">{move || quantity(t.target, lang.get())}</td>
                            <td class="num">{move || quantity(t.actual, lang.get())}</td>
                            <td class="num">{move || t.companies_distinct.map(|n| format::integer(n, lang.get())).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// The status board of a period.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let period = use_number_param("period");
    let board = Resource::new(move || period().unwrap_or(0), get_status_board);
    view! {
        <PageTitle text=t_string!(i18n, reporting.board).to_string() />
        <p><a href="/reporting">{t!(i18n, reporting.back)}</a></p>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => view! { <BoardView board /> }.into_any(),
                    Err(e) => load_error(e, &format!("/reporting/board/{}", period().unwrap_or(0))),
                }
            })}
        </Transition>
    }
}

#[component]
fn BoardView(board: StatusBoard) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let code = board.period.code.clone();
    view! {
        <h1>{t!(i18n, reporting.board_title, period = code.clone())}</h1>
        <p class="lead">{t!(i18n, reporting.due)}": "{date(&board.period.due_on, lang)}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="board-caption">
            <table class="data-table" data-testid="board-regions">
                <caption id="board-caption">{t!(i18n, reporting.board_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, register.region)}</th>
                    {ReportStatus::ALL.into_iter().map(|s| view! { <th scope="col" class="num">{report_status_label(i18n, s)}</th> }).collect_view()}
                    <th scope="col" class="num">{t!(i18n, reporting.overdue)}</th>
                </tr></thead>
                <tbody>
                    {board.regions.into_iter().map(|r| {
                        let region = r.region.clone();
                        view! {
                            <tr>
                                <th scope="row">{move || region.get(lang.get()).to_string()}</th>
                                {r.counts.into_iter().map(|n| view! { <td class="num">{move || format::integer(n, lang.get())}</td> }).collect_view()}
                                <td class="num">{move || format::integer(r.overdue, lang.get())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{t!(i18n, reporting.board_rows)}</h2>
        <ReportTable rows=board.rows caption_id="board-rows-caption" caption=view! {
            {t!(i18n, reporting.board_rows_caption)}" "
            <TableDownloads path=format!("/reporting/board/{}/reports", board.period.id) query=String::new() />
        }.into_any() />
    }
}
