//! Who is asking: the principal behind a request, with its roles and the city regions it may
//! read and write. Every server function that needs a user starts here.

use super::access::Principal;
use super::services::audit::{self, Entry};
use super::services::users;
use super::session::UserSession;
use super::state::app_state;
use crate::error::AppError;
use crate::model::auth::Role;

/// The principal of the current request, if a valid session names an active user whose
/// sessions have not been revoked since.
///
/// # Errors
/// [`AppError::Internal`] when the database or session store fails.
pub async fn current_principal() -> Result<Option<Principal>, AppError> {
    let state = app_state()?;
    principal_of(&state.db, &UserSession::from_request().await?).await
}

/// The principal of a session, if it names an active user whose sessions have not been
/// revoked since (for handlers outside the Leptos context, such as CSV downloads).
///
/// # Errors
/// [`AppError::Internal`] when the database or session store fails.
pub async fn principal_of(
    db: &sea_orm::DatabaseConnection,
    session: &UserSession,
) -> Result<Option<Principal>, AppError> {
    let Some(user) = session.user().await else {
        return Ok(None);
    };
    let principal = users::load_principal(db, user.user_id, user.epoch).await?;
    if principal.is_none() {
        // The account was disabled or its sessions revoked: end this one too.
        session.sign_out().await?;
    }
    Ok(principal.map(|p| Principal {
        session_handle: Some(user.handle),
        ..p
    }))
}

/// Records a refused request in the audit log and returns the refusal.
async fn deny(principal: Option<&Principal>, error: AppError) -> AppError {
    let path = leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|parts| parts.uri.path().to_string());
    let reason = match &error {
        AppError::Unauthenticated => "not signed in",
        AppError::Forbidden => "role does not allow this",
        AppError::NotFound => "outside the user's scope",
        _ => "refused",
    };
    if let Ok(state) = app_state() {
        let entry = Entry::new("access_denied", "endpoint", path)
            .by(principal.map(|p| p.user_id))
            .reason(reason)
            .from_addr(client_addr().await);
        if let Err(err) = audit::record(&state.db, entry).await {
            tracing::error!(error = ?err, "could not audit a denied access");
        }
    }
    error
}

/// The principal of the current request, with a permanent password.
///
/// # Errors
/// [`AppError::Unauthenticated`] without a valid session; [`AppError::Forbidden`] while the
/// password is temporary. Both are audited.
pub async fn require_principal() -> Result<Principal, AppError> {
    let principal = require_principal_for_account().await?;
    if principal.must_change_password {
        return Err(deny(Some(&principal), AppError::Forbidden).await);
    }
    Ok(principal)
}

/// The principal of the current request, even with a temporary password (for the account
/// page where it is changed).
///
/// # Errors
/// [`AppError::Unauthenticated`] without a valid session (audited).
pub async fn require_principal_for_account() -> Result<Principal, AppError> {
    match current_principal().await? {
        Some(principal) => Ok(principal),
        None => Err(deny(None, AppError::Unauthenticated).await),
    }
}

/// The principal of the current request if it holds `role`.
///
/// # Errors
/// [`AppError::Unauthenticated`] or [`AppError::Forbidden`] (audited).
pub async fn require_role(role: Role) -> Result<Principal, AppError> {
    let principal = require_principal().await?;
    if principal.has(role) {
        Ok(principal)
    } else {
        Err(deny(Some(&principal), AppError::Forbidden).await)
    }
}

/// The client's address as the server saw it, for the audit log.
pub async fn client_addr() -> Option<String> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
}

/// The client's `User-Agent`, for the user's session list.
pub fn user_agent() -> Option<String> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.headers.get(axum::http::header::USER_AGENT).cloned())
        .and_then(|value| value.to_str().ok().map(|v| v.chars().take(300).collect()))
}

/// The value of the cookie `name` among `headers`.
pub fn cookie_of(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The value of the cookie `name` of the current request.
pub fn request_cookie(name: &str) -> Option<String> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| cookie_of(&parts.headers, name))
}

/// Sets a cookie on the current response: `value` for `max_age` seconds (0: removed), for
/// the pages under `path`, never readable by scripts nor sent from another site.
pub fn set_cookie(name: &str, value: &str, path: &str, max_age: i64) {
    let secure = super::state::app_state().is_ok_and(|state| state.settings.secure_cookies);
    let cookie = format!(
        "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    );
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&cookie),
    ) {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// The reader's interface language as leptos_i18n chooses it: the language cookie (the
/// language menu's), else the first of `fi`, `sv`, `en` in `Accept-Language`, else Finnish.
pub fn lang_of(headers: &axum::http::HeaderMap) -> crate::model::Lang {
    use crate::model::Lang;
    use axum::http::header;
    let cookie = cookie_of(headers, "i18n_pref_locale").and_then(|v| Lang::from_code(&v));
    let accepted = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .into_iter()
            .flat_map(|v| v.split(','))
            .filter_map(|tag| {
                let primary = tag.split(';').next()?.trim().split('-').next()?;
                Lang::from_code(&primary.to_ascii_lowercase())
            })
            .next()
    };
    cookie.or_else(accepted).unwrap_or_default()
}

/// The current request's interface language (see [`lang_of`]).
pub fn request_lang() -> crate::model::Lang {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|parts| lang_of(&parts.headers))
        .unwrap_or_default()
}

/// Where to send the browser next: a local path only, never another site; else `fallback`.
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains("://")
                && !path
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '\\') =>
        {
            path.to_string()
        }
        _ => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_after_sign_in_stays_on_this_site() {
        assert_eq!(
            safe_next(Some("/projects?region=tampere"), "/"),
            "/projects?region=tampere"
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n",
            "/ /x",
            "evil",
        ] {
            assert_eq!(safe_next(Some(bad), "/projects"), "/projects", "{bad}");
        }
        assert_eq!(safe_next(None, "/"), "/");
    }

    #[test]
    fn the_language_cookie_decides_then_the_browsers_languages() {
        use crate::model::Lang;
        use axum::http::{HeaderMap, HeaderValue, header};
        let mut headers = HeaderMap::new();
        assert_eq!(lang_of(&headers), Lang::Fi);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("de-DE, sv-FI;q=0.8, en;q=0.5"),
        );
        assert_eq!(lang_of(&headers), Lang::Sv);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=b; i18n_pref_locale=en"),
        );
        assert_eq!(lang_of(&headers), Lang::En);
    }
}
