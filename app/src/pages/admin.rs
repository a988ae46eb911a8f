//! Admin pages: people and the audit log.

pub mod audit;
pub mod user_edit;
pub mod users;

use crate::components::guard::role_label;
use crate::components::use_lang;
use crate::i18n::*;
use crate::model::auth::Role;
use crate::model::projects::Choice;
use leptos::prelude::*;

/// The role select and region checkboxes shared by the create and edit forms.
#[component]
pub fn RoleFields(
    regions: Vec<Choice>,
    #[prop(optional)] role: Option<Role>,
    #[prop(optional)] selected_regions: Vec<String>,
    #[prop(into)] errors: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    use crate::components::kept_input::{kept_value, kept_values};
    let role = kept_value("form[role]")
        .and_then(|code| Role::from_code(&code))
        .or(role)
        .unwrap_or(Role::CityCoordinator);
    let selected_regions = kept_values("form[regions][]").unwrap_or(selected_regions);
    let invalid = move || !errors.read().is_empty();
    view! {
        <div class="field">
            <label for="role">{t!(i18n, admin.role)}</label>
            <select id="role" name="form[role]">
                {Role::ALL.into_iter().map(|r| view! {
                    <option value=r.code() selected=r == role>{role_label(i18n, r)}</option>
                }).collect_view()}
            </select>
        </div>
        <fieldset class="checkboxes" aria-describedby=move || invalid().then_some("roles-error")>
            <legend>{t!(i18n, admin.regions)}</legend>
            {regions.into_iter().map(|region| {
                let id = format!("region-{}", region.code);
                let checked = selected_regions.contains(&region.code);
                let name = region.name.clone();
                view! {
                    <div class="checkbox">
                        <input type="checkbox" id=id.clone() name="form[regions][]" value=region.code.clone() checked=checked />
                        <label for=id>{move || name.get(lang.get()).to_string()}</label>
                    </div>
                }
            }).collect_view()}
            {move || invalid().then(|| view! {
                <p class="field-error" id="roles-error">
                    {errors.get().into_iter().map(|key| crate::components::text_field::field_message(i18n, &key)).collect_view()}
                </p>
            })}
        </fieldset>
    }
}
