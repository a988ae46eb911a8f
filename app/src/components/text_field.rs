//! A labelled text input with its validation messages, wired for assistive technology
//! (`aria-invalid`, `aria-describedby`).

use crate::i18n::*;
use leptos::prelude::*;

/// The translated text of a server validation message key.
pub fn field_message(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> AnyView {
    match key {
        "required" => t!(i18n, errors.required).into_any(),
        "invalid_email" => t!(i18n, errors.invalid_email).into_any(),
        "password_too_short" => t!(i18n, errors.password_too_short).into_any(),
        "password_too_long" => t!(i18n, errors.password_too_long).into_any(),
        _ => t!(i18n, errors.invalid).into_any(),
    }
}

/// One form field. `children` is the label.
#[component]
pub fn TextField(
    /// The form field's name, also its element id.
    name: &'static str,
    /// The input's type (`text`, `email`, `password`, …).
    #[prop(default = "text")]
    input_type: &'static str,
    /// The browser's autofill hint.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// Whether the field must be filled.
    #[prop(optional)]
    required: bool,
    /// Message keys of the field's errors; empty when it is valid.
    #[prop(into)]
    errors: Signal<Vec<String>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{name}-error");
    let invalid = move || !errors.read().is_empty();
    let described_by = {
        let error_id = error_id.clone();
        move || invalid().then(|| error_id.clone())
    };
    view! {
        <div class="field">
            <label for=name>{children()}</label>
            <input
                id=name
                name=name
                type=input_type
                autocomplete=autocomplete
                required=required
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
            />
            {move || {
                invalid()
                    .then(|| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {errors.get().into_iter().map(|key| field_message(i18n, &key)).collect_view()}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
