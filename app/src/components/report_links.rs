//! A subproject's reports as links, one per period: the way from a subproject (on its
//! package's page and its targets page) to its report for every open period.

use crate::i18n::*;
use crate::model::reporting::{ReportLink, ReportStatus};
use leptos::prelude::*;

/// The label of a report's state.
pub fn report_status_label(i18n: leptos_i18n::I18nContext<Locale>, s: ReportStatus) -> AnyView {
    match s {
        ReportStatus::Missing => t!(i18n, reporting.status_missing).into_any(),
        ReportStatus::Draft => t!(i18n, reporting.status_draft).into_any(),
        ReportStatus::Submitted => t!(i18n, reporting.status_submitted).into_any(),
        ReportStatus::Returned => t!(i18n, reporting.status_returned).into_any(),
        ReportStatus::Approved => t!(i18n, reporting.status_approved).into_any(),
    }
}

/// The links to a subproject's reports; "none due" when it reports for no open period.
#[component]
pub fn ReportLinks(subproject_id: i32, code: String, links: Vec<ReportLink>) -> impl IntoView {
    let i18n = use_i18n();
    if links.is_empty() {
        return view! { <span class="muted">{t!(i18n, reporting.none_due)}</span> }.into_any();
    }
    view! {
        <ul class="report-links">
            {links.into_iter().map(|l| {
                let (code, period) = (code.clone(), l.period_code.clone());
                view! {
                    <li>
                        <a href=format!("/reports/{subproject_id}/{}", l.period_id)
                            aria-label=move || t_string!(i18n, reporting.report_of, code = code.clone(), period = period.clone()).to_string()>
                            {l.period_code.clone()}
                        </a>
                        ": "{report_status_label(i18n, l.status)}
                        {l.overdue.then(|| view! { " · "<span class="badge-overdue">{t!(i18n, reporting.overdue)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
