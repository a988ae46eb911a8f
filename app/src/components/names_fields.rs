//! A name or description in the three languages, posted as `form[input][name][fi]` … and
//! `form[input][description][fi]` …; each field's element id is its name in the form's
//! errors ([`NAME_FIELDS`], [`DESCRIPTION_FIELDS`]).

use crate::components::text_field::TextField;
use crate::i18n::*;
use crate::model::forms::NamesInput;
use crate::model::register::{DESCRIPTION_FIELDS, NAME_FIELDS};
use leptos::prelude::*;

/// The name in Finnish, Swedish and English, the Finnish one required (or `all_required`).
/// `errors` are in that order.
#[component]
pub fn NameFields(
    value: NamesInput,
    errors: [Signal<Vec<String>>; 3],
    #[prop(optional)] all_required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let [fi, sv, en] = NAME_FIELDS;
    let [e_fi, e_sv, e_en] = errors;
    view! {
        <TextField name="form[input][name][fi]" id=fi required=true value=value.fi errors=e_fi>{t!(i18n, register.name_fi)}</TextField>
        <TextField name="form[input][name][sv]" id=sv required=all_required value=value.sv errors=e_sv>{t!(i18n, register.name_sv)}</TextField>
        <TextField name="form[input][name][en]" id=en required=all_required value=value.en errors=e_en>{t!(i18n, register.name_en)}</TextField>
    }
}

/// The description in Finnish, Swedish and English, none required.
#[component]
pub fn DescriptionFields(value: NamesInput, errors: [Signal<Vec<String>>; 3]) -> impl IntoView {
    let i18n = use_i18n();
    let [fi, sv, en] = DESCRIPTION_FIELDS;
    let [e_fi, e_sv, e_en] = errors;
    view! {
        <TextField name="form[input][description][fi]" id=fi multiline=true value=value.fi errors=e_fi>{t!(i18n, register.description_fi)}</TextField>
        <TextField name="form[input][description][sv]" id=sv multiline=true value=value.sv errors=e_sv>{t!(i18n, register.description_sv)}</TextField>
        <TextField name="form[input][description][en]" id=en multiline=true value=value.en errors=e_en>{t!(i18n, register.description_en)}</TextField>
    }
}
