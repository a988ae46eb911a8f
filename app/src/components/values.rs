//! How values show in the reader's language: days, instants, money, quantities, and the
//! names of funding sources and units. Shared by pages and components alike.

use crate::i18n::*;
use crate::model::reporting::Quantity;
use crate::model::{Lang, Money, format};
use leptos::prelude::*;

/// The names of the funding sources in their fixed order.
pub fn source_label(i18n: leptos_i18n::I18nContext<Locale>, index: usize) -> AnyView {
    match index {
        0 => t!(i18n, sources.eu).into_any(),
        1 => t!(i18n, sources.state).into_any(),
        2 => t!(i18n, sources.city).into_any(),
        3 => t!(i18n, sources.other_public).into_any(),
        _ => t!(i18n, sources.private).into_any(),
    }
}

pub fn date(iso: &str, lang: Signal<Lang>) -> impl IntoView + use<> {
    let parsed = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok();
    let raw = iso.to_string();
    move || {
        parsed
            .map(|d| format::date(d, lang.get()))
            .unwrap_or_else(|| raw.clone())
    }
}

pub fn money(amount: Money, lang: Signal<Lang>) -> impl IntoView + use<> {
    move || format::money_full(amount, lang.get())
}

/// An indicator's unit in the reader's language; a unit the catalogue names otherwise shows
/// as it is written there.
pub fn unit_label(i18n: leptos_i18n::I18nContext<Locale>, unit: &str) -> AnyView {
    match unit {
        "count" => t!(i18n, units.count).into_any(),
        "enterprises" => t!(i18n, units.enterprises).into_any(),
        other => other.to_string().into_any(),
    }
}

/// An instant in Finnish time, in the reader's language.
#[component]
pub fn Instant(#[prop(into)] at: String) -> impl IntoView {
    let lang = crate::components::use_lang();
    move || format::instant(&at, lang.get())
}

/// A day given as `YYYY-MM-DD`, in the reader's language.
#[component]
pub fn Day(#[prop(into)] on: String) -> impl IntoView {
    let lang = crate::components::use_lang();
    move || match chrono::NaiveDate::parse_from_str(&on, "%Y-%m-%d") {
        Ok(d) => format::date(d, lang.get()),
        Err(_) => on.clone(),
    }
}

/// A quantity in the user's number format.
pub fn quantity(q: Quantity, lang: crate::model::Lang) -> String {
    let whole = format::integer(q.0 / 1000, lang);
    let frac = q.0.unsigned_abs() % 1000;
    if frac == 0 {
        whole
    } else {
        let sep = if lang == crate::model::Lang::En {
            "."
        } else {
            ","
        };
        format!("{whole}{sep}{}", format!("{frac:03}").trim_end_matches('0'))
    }
}
