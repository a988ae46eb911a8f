//! A labelled select of coded choices, with its validation messages.

use super::text_field::field_message;
use super::use_lang;
use crate::i18n::*;
use crate::model::projects::Choice;
use leptos::prelude::*;

/// One select. `children` is the label; `empty` adds a first "none" option with that text.
#[component]
pub fn SelectField(
    /// The form field's name, also its element id unless `id` is given.
    name: &'static str,
    /// The element id when it differs from the name (a nested name such as
    /// `form[input][region]`).
    #[prop(optional)]
    id: Option<&'static str>,
    choices: Vec<Choice>,
    #[prop(into, optional)] selected: String,
    #[prop(into, optional)] errors: Signal<Vec<String>>,
    #[prop(optional)] empty: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let id = id.unwrap_or(name);
    let selected = super::kept_input::kept_value(name).unwrap_or(selected);
    let error_id = format!("{id}-error");
    let invalid = move || !errors.read().is_empty();
    let described_by = {
        let error_id = error_id.clone();
        move || invalid().then(|| error_id.clone())
    };
    view! {
        <div class="field">
            <label for=id>{children()}</label>
            <select id=id name=name aria-invalid=move || invalid().to_string() aria-describedby=described_by>
                {empty.map(|text| view! { <option value="">{text}</option> })}
                {choices.into_iter().map(|choice| {
                    let is_selected = choice.code == selected;
                    let label = choice.name.clone();
                    view! { <option value=choice.code selected=is_selected>{move || label.get(lang.get()).to_string()}</option> }
                }).collect_view()}
            </select>
            {move || invalid().then(|| view! {
                <p class="field-error" id=error_id.clone()>
                    {errors.get().into_iter().map(|key| field_message(i18n, &key)).collect_view()}
                </p>
            })}
        </div>
    }
}
