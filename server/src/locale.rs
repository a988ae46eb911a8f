//! The reader's interface language outside the Leptos context (downloads, error pages): the
//! language cookie the language menu sets, Finnish by default.

use app::i18n::Locale;
use axum::http::{HeaderMap, header};

/// The name of the cookie leptos_i18n reads the chosen language from.
pub const LANG_COOKIE: &str = "i18n_pref_locale";

/// The language the request's cookie names, or Finnish.
pub fn of(headers: &HeaderMap) -> Locale {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .map(|(_, v)| v.to_string());
    match cookie.as_deref() {
        Some("sv") => Locale::sv,
        Some("en") => Locale::en,
        _ => Locale::fi,
    }
}
