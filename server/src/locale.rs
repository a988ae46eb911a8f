//! The reader's interface language outside the Leptos context (downloads, error pages): the
//! same choice the pages make (see [`app::ssr::auth::lang_of`]).

use app::i18n::Locale;
use axum::http::HeaderMap;

/// The name of the cookie leptos_i18n reads the chosen language from.
pub const LANG_COOKIE: &str = "i18n_pref_locale";

/// The request's language: its cookie, else `Accept-Language`, else Finnish.
pub fn of(headers: &HeaderMap) -> Locale {
    app::ssr::export::table::locale_of(app::ssr::auth::lang_of(headers))
}
