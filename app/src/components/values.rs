//! How values show in the reader's language: days, instants, money, quantities, and the
//! names of funding sources and units. Shared by pages and components alike.

use crate::i18n::*;
use crate::model::reporting::Quantity;
use crate::model::sources::{BySource, Source};
use crate::model::{Lang, Money, format};
use leptos::prelude::*;

/// The name of a funding source.
pub fn source_label(i18n: leptos_i18n::I18nContext<Locale>, source: Source) -> AnyView {
    match source {
        Source::Eu => t!(i18n, sources.eu).into_any(),
        Source::State => t!(i18n, sources.state).into_any(),
        Source::City => t!(i18n, sources.city).into_any(),
        Source::OtherPublic => t!(i18n, sources.other_public).into_any(),
        Source::Private => t!(i18n, sources.private).into_any(),
    }
}

/// A column heading per funding source, in their order.
pub fn source_headings(i18n: leptos_i18n::I18nContext<Locale>) -> impl IntoView + use<> {
    Source::ALL
        .map(|source| view! { <th scope="col" class="num">{source_label(i18n, source)}</th> })
        .collect_view()
}

/// A table cell of money per funding source, in their order.
pub fn source_cells(amounts: BySource<Money>, lang: Signal<Lang>) -> impl IntoView + use<> {
    amounts
        .into_iter()
        .map(|m| view! { <td class="num">{money(m, lang)}</td> })
        .collect_view()
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
