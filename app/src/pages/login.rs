//! `/login`: the sign-in form. A plain HTML form post without JavaScript; the server answers
//! with a redirect to the page the user came for, or back here with the error.

use crate::api::auth::Login;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || {
        query
            .read()
            .get("next")
            .unwrap_or_else(|| "/projects".to_string())
    };
    let error = move || login.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        move || {
            error()
                .filter(|e| !e.field_messages(field).is_empty())
                .map(|_| view! { <p class="field-error" id=format!("{field}-error")>{t!(i18n, login.required)}</p> })
        }
    };
    let invalid =
        move |field: &'static str| error().is_some_and(|e| !e.field_messages(field).is_empty());
    let described_by =
        move |field: &'static str| move || invalid(field).then(|| format!("{field}-error"));

    view! {
        <Title text=move || t_string!(i18n, login.title).to_string() />
        <h1>{t!(i18n, login.title)}</h1>
        <ActionForm action=login attr:class="form login-form">
            {move || {
                error()
                    .filter(|e| !matches!(e, AppError::Validation(_)))
                    .map(|e| {
                        let message = match e {
                            AppError::InvalidCredentials => t!(i18n, login.invalid).into_any(),
                            _ => t!(i18n, login.failed).into_any(),
                        };
                        view! { <p class="form-error" role="alert">{message}</p> }
                    })
            }}
            <input type="hidden" name="next" value=next />
            <div class="field">
                <label for="email">{t!(i18n, login.email)}</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    required
                    aria-invalid=move || invalid("email").to_string()
                    aria-describedby=described_by("email")
                />
                {field_error("email")}
            </div>
            <div class="field">
                <label for="password">{t!(i18n, login.password)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-invalid=move || invalid("password").to_string()
                    aria-describedby=described_by("password")
                />
                {field_error("password")}
            </div>
            <button type="submit" class="primary">{t!(i18n, login.submit)}</button>
        </ActionForm>
    }
}
