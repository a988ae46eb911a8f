//! Reusable pieces of the interface.

pub mod figure;
pub mod finland_outline;
pub mod guard;
pub mod kept_input;
pub mod lang_switch;
pub mod layout;
pub mod names_fields;
pub mod raw_text;
pub mod region_chart;
pub mod region_map;
pub mod report_links;
pub mod select_field;
pub mod source_fields;
pub mod table_downloads;
pub mod text_field;
pub mod theme_chart;
pub mod trend_chart;
pub mod values;

use crate::i18n::{Locale, use_i18n};
use crate::model::Lang;
use leptos::prelude::*;

/// The current interface language as a reactive value, for formatting numbers and picking
/// names from [`crate::model::Names`].
pub fn use_lang() -> Signal<Lang> {
    let i18n = use_i18n();
    Signal::derive(move || match i18n.get_locale() {
        Locale::fi => Lang::Fi,
        Locale::sv => Lang::Sv,
        Locale::en => Lang::En,
    })
}
