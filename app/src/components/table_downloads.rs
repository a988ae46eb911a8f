//! The links that download a table (a dashboard table, the package list) as an Excel
//! workbook and as CSV, for the filter the page shows: what the page selects is what
//! downloads.

use crate::i18n::*;
use leptos::prelude::*;

/// The download links of the table at `path` (`/dashboard/regions`, `/projects`; the
/// extension is added), `query` the page's filter.
#[component]
pub fn TableDownloads(#[prop(into)] path: String, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |extension: &str| format!("{path}.{extension}?{query}");
    view! {
        <span class="no-print downloads">
            <a href=href("xlsx") download="" rel="external">{t!(i18n, dashboard.xlsx)}</a>
            " · "
            <a href=href("csv") download="" rel="external">{t!(i18n, dashboard.csv)}</a>
        </span>
    }
}
