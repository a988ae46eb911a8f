//! The one error type that crosses the wire. Internal causes are logged on the server and
//! never sent; the browser gets a kind it can explain in the user's language.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::collections::BTreeMap;

/// Field name → message keys (translated by the page), for forms.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// A field's value before and after a change (an audit entry's line, an edit conflict's
/// difference).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Every failure a server function or route can report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in (or the session expired).
    #[error("sign-in required")]
    Unauthenticated,
    /// Signed in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// No such record, or one the user may not see (the two answer alike).
    #[error("not found")]
    NotFound,
    /// Wrong e-mail or password; the same answer for both.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Input that failed validation; nothing was saved.
    #[error("invalid input")]
    Validation(FieldErrors),
    /// Too many failed sign-ins: try again after this many seconds.
    #[error("too many attempts")]
    Throttled { retry_after_secs: i64 },
    /// Someone else saved the record first.
    #[error("conflict")]
    Conflict,
    /// Someone else saved the record since the user opened it; these saved values differ
    /// from what the user sent (`old` = the user's, `new` = the saved one).
    #[error("edit conflict")]
    EditConflict(Vec<FieldChange>),
    /// Something failed on the server; the details are in the server's log.
    #[error("internal error")]
    Internal,
    /// The database does not answer (restarting, unreachable): try again shortly.
    #[error("service unavailable")]
    Unavailable,
    /// The request did not reach the function intact (network, encoding).
    #[error("request failed")]
    Transport,
}

impl AppError {
    /// `Ok` when no field has a message, else the field errors.
    ///
    /// # Errors
    /// [`AppError::Validation`] with `errors`.
    pub fn check(errors: FieldErrors) -> Result<(), AppError> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }

    /// A validation error of one field.
    pub fn field(field: &str, message_key: &str) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_string(), vec![message_key.to_string()]);
        AppError::Validation(errors)
    }

    /// The HTTP status this refusal answers with: 422 for input that failed validation,
    /// 401/403/404 for who may see what, 409 for a newer save, 429 for throttling, 400 for a
    /// request that did not arrive intact, and 500 only for a fault on the server.
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Throttled { .. } => 429,
            AppError::Conflict | AppError::EditConflict(_) => 409,
            AppError::Transport => 400,
            AppError::Internal => 500,
            AppError::Unavailable => 503,
        }
    }

    /// The message keys of one field, if this is a validation error.
    pub fn field_messages(&self, field: &str) -> &[String] {
        match self {
            AppError::Validation(errors) => errors.get(field).map(Vec::as_slice).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The field errors of a `validator` result, as message keys per field.
pub fn field_errors(errors: &validator::ValidationErrors) -> FieldErrors {
    errors
        .field_errors()
        .into_iter()
        .map(|(field, list)| {
            (
                field.to_string(),
                list.iter().map(|e| e.code.to_string()).collect(),
            )
        })
        .collect()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// A request that did not arrive intact (undecodable or missing arguments, a wrong
    /// method) is the client's: `Transport`, 400. Anything else that fails around a server
    /// function on the server is a fault: `Internal`, 500. In the browser every such error
    /// is the network's: `Transport`.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            let clients = matches!(
                value,
                ServerFnErrorErr::Args(_)
                    | ServerFnErrorErr::MissingArg(_)
                    | ServerFnErrorErr::Deserialization(_)
                    | ServerFnErrorErr::UnsupportedRequestMethod(_)
            );
            if clients {
                tracing::warn!(error = %value, "server function request refused");
                AppError::Transport
            } else {
                tracing::error!(error = %value, "server function fault");
                AppError::Internal
            }
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = value;
            AppError::Transport
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if crate::ssr::db::is_unavailable(&err) {
            tracing::warn!(error = %err, "the database does not answer");
            crate::ssr::db::mark_unavailable();
            return AppError::Unavailable;
        }
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Maps a unique-key violation to what `then` gives and any other database error as
    /// [`From<DbErr>`] does. Two people saving the same key at the same moment both pass the
    /// check before the write; the loser meets the key and should read the same answer.
    pub fn on_unique(then: impl Fn() -> AppError) -> impl Fn(sea_orm::DbErr) -> AppError {
        move |err| match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => then(),
            _ => AppError::from(err),
        }
    }

    /// [`AppError::on_unique`] as the field error `field`/`message_key`.
    pub fn unique_as(
        field: &'static str,
        message_key: &'static str,
    ) -> impl Fn(sea_orm::DbErr) -> AppError {
        Self::on_unique(move || AppError::field(field, message_key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fault_on_the_server_answers_500() {
        let refusals = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::InvalidCredentials,
            AppError::field("name", "required"),
            AppError::Throttled {
                retry_after_secs: 15,
            },
            AppError::Conflict,
            AppError::EditConflict(Vec::new()),
            AppError::Transport,
        ];
        for refusal in refusals {
            let status = refusal.http_status();
            assert!((400..500).contains(&status), "{refusal:?} answers {status}");
        }
        assert_eq!(AppError::Internal.http_status(), 500);
    }
}
