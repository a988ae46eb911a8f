//! The page for an unknown address (answered with HTTP 404).

use crate::components::raw_text::PageTitle;
use crate::i18n::*;
use leptos::prelude::*;

/// Shown for every path the route table does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle text=t_string!(i18n, not_found.title).to_string() />
        <h1>{t!(i18n, not_found.title)}</h1>
        <p>{t!(i18n, not_found.text)}</p>
        {crate::components::guard::reference()}
        <p>
            <a href="/">{t!(i18n, not_found.back)}</a>
        </p>
    }
}
