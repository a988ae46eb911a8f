//! A labelled text input with its validation messages, wired for assistive technology
//! (`aria-invalid`, `aria-describedby`).

use crate::i18n::*;
use leptos::prelude::*;

/// The message of an error that is not about one field (a conflict, a refusal, a failure),
/// as an alert; nothing for validation errors, which stand by their fields.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<crate::error::AppError>>) -> impl IntoView {
    use crate::error::AppError;
    let i18n = use_i18n();
    move || {
        error.get().and_then(|e| {
            let message = match e {
                AppError::Validation(_) => return None,
                AppError::Conflict => t!(i18n, conflict).into_any(),
                AppError::EditConflict(changes) => view! {
                    {t!(i18n, edit_conflict)}
                    <ul class="conflict-list">
                        {changes.into_iter().map(|c| view! {
                            <li><strong>{c.field}</strong>": "{c.new}</li>
                        }).collect_view()}
                    </ul>
                    {t!(i18n, edit_conflict_hint)}
                }
                .into_any(),
                AppError::Forbidden | AppError::NotFound => t!(i18n, error_forbidden).into_any(),
                AppError::Unauthenticated => t!(i18n, error_sign_in_required).into_any(),
                AppError::InvalidCredentials => t!(i18n, login.invalid).into_any(),
                AppError::Throttled { retry_after_secs } => {
                    t!(i18n, throttled, seconds = move || retry_after_secs).into_any()
                }
                AppError::Internal | AppError::Transport | AppError::Unavailable => {
                    t!(i18n, login.failed).into_any()
                }
            };
            Some(view! { <p class="form-error" role="alert" tabindex="-1" autofocus=true>{message}</p> })
        })
    }
}

/// Messages about the form as a whole that a server keeps under one field name (for example
/// `status` when a record cannot be deleted), as an alert.
#[component]
pub fn FieldAlert(#[prop(into)] errors: Signal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        (!errors.read().is_empty()).then(|| {
            view! {
                <p class="field-error" role="alert">
                    {errors.get().into_iter().map(|k| field_message(i18n, &k)).collect_view()}
                </p>
            }
        })
    }
}

/// The message keys of `field` in an action's latest error.
pub fn errors_of<T: 'static>(
    value: impl Get<Value = Option<Result<T, crate::error::AppError>>> + Send + Sync + 'static,
    field: impl Into<String>,
) -> Signal<Vec<String>> {
    let field: String = field.into();
    Signal::derive(move || match value.get() {
        Some(Err(e)) => e.field_messages(&field).to_vec(),
        _ => Vec::new(),
    })
}

/// The translated text of a server validation message key.
pub fn field_message(i18n: leptos_i18n::I18nContext<Locale>, key: &str) -> AnyView {
    let key = key.to_owned();
    (move || crate::messages::field_message_text(i18n.get_locale(), &key)).into_any()
}

/// One form field. `children` is the label.
#[component]
pub fn TextField(
    /// The form field's name, also its element id.
    #[prop(into)]
    name: String,
    /// The element id when it must differ from the name (several forms on one page).
    #[prop(into, optional)]
    id: Option<String>,
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
    #[prop(into, optional)]
    errors: Signal<Vec<String>>,
    /// The value the field starts with.
    #[prop(into, optional)]
    value: Option<String>,
    /// Advice shown under the label.
    #[prop(optional)]
    hint: Option<Children>,
    /// A multi-line text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// Ids of further elements that describe the field (space-separated), read with it.
    #[prop(into, optional)]
    described_by: Option<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.unwrap_or_else(|| name.clone());
    // A password is never shown again, whatever a refused post held.
    let kept = (input_type != "password")
        .then(|| super::kept_input::kept_value(&name))
        .flatten();
    let value = kept.or(value);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let invalid = move || !errors.read().is_empty();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let ids: Vec<&str> = [
                described_by.as_deref(),
                has_hint.then_some(hint_id.as_str()),
                invalid().then_some(error_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{children()}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint()}</p> })}
            {if multiline {
                view! {
                    <textarea
                        id=id.clone()
                        name=name.clone()
                        rows="4"
                        required=required
                        autofocus=invalid
                        aria-invalid=move || invalid().to_string()
                        aria-describedby=described_by.clone()
                    >
                        {super::raw_text::raw_text_content(value.clone().unwrap_or_default())}
                    </textarea>
                }
                    .into_any()
            } else {
                view! {
                    <input
                        id=id.clone()
                        name=name.clone()
                        type=input_type
                        autocomplete=autocomplete
                        required=required
                        autofocus=invalid
                        aria-invalid=move || invalid().to_string()
                        aria-describedby=described_by.clone()
                        value=value.clone()
                    />
                }
                    .into_any()
            }}
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
