//! What a page shows when its data could not be had: a redirect to sign in, a refusal, or a
//! failure. One place, so every page answers alike.

use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The id of the request being answered (the server's `x-request-id`), provided as context
/// while a page renders on the server.
#[derive(Clone, Debug)]
pub struct RequestRef(pub String);

/// The request's reference for a support request, under a refusal or an error; nothing where
/// there is none (rendered in the browser).
pub fn reference() -> impl IntoView {
    let i18n = use_i18n();
    use_context::<RequestRef>().map(|RequestRef(id)| {
        view! {
            <p class="reference" data-testid="request-ref">
                {t!(i18n, error_reference, id = id.clone())}
            </p>
        }
    })
}

/// The view for a failed page load; `here` is the page's path for returning after sign-in.
pub fn load_error(error: AppError, here: &str) -> AnyView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthenticated => {
            view! { <Redirect path=format!("/login?next={here}") /> }.into_any()
        }
        AppError::Forbidden => {
            set_status(403);
            view! {
                <p role="alert">{t!(i18n, error_forbidden)}</p>
                {reference()}
            }
            .into_any()
        }
        // Another region's record answers exactly as a missing one.
        AppError::NotFound => {
            set_status(404);
            view! {
                <p role="alert">{t!(i18n, not_found.text)}</p>
                {reference()}
            }
            .into_any()
        }
        // A page address with a bad parameter (a filter's unknown code) is a bad request;
        // anything else a fault, with the status monitoring expects.
        AppError::Validation(_) => {
            set_status(400);
            view! {
                <p role="alert">{t!(i18n, error_generic)}</p>
                {reference()}
            }
            .into_any()
        }
        AppError::Unavailable => {
            set_status(503);
            view! {
                <p role="alert">{t!(i18n, error_unavailable)}</p>
                {reference()}
            }
            .into_any()
        }
        other => {
            set_status(other.http_status());
            view! {
                <p role="alert">{t!(i18n, error_generic)}</p>
                {reference()}
            }
            .into_any()
        }
    }
}

/// A numeric route parameter (`:id`, `:sub`), or `None` when it is missing or not a number.
pub fn use_number_param(
    name: &'static str,
) -> impl Fn() -> Option<i32> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(name).and_then(|v| v.parse::<i32>().ok())
}

/// Sets the HTTP status of the page being rendered on the server.
fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// The name of a role in the interface language.
pub fn role_label(
    i18n: leptos_i18n::I18nContext<Locale>,
    role: crate::model::auth::Role,
) -> AnyView {
    use crate::model::auth::Role;
    match role {
        Role::CityCoordinator => t!(i18n, roles.city_coordinator).into_any(),
        Role::NationalCoordinator => t!(i18n, roles.national_coordinator).into_any(),
        Role::MinistryViewer => t!(i18n, roles.ministry_viewer).into_any(),
        Role::Admin => t!(i18n, roles.admin).into_any(),
    }
}

/// A Unix time as `2026-11-30 08:15 UTC`.
pub fn unix_time(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}
