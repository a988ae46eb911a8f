//! The API's one error format: RFC 9457 problem details (`application/problem+json`), with
//! the fields of a refused write, each with its message key and its text in English. The
//! status is the RFC's: 400 a request that cannot be read, 401 no or a bad token, 403 a
//! role or token that may not, 404 missing or outside the caller's scope (alike), 409 a
//! newer save, 412 a stale `If-Match`, 422 input that fails validation, 429 too many
//! requests (with `Retry-After`); 500 only for a fault of the server.

use app::error::AppError;
use app::i18n::Locale;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A problem, as RFC 9457 describes it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind in a few words.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong with this request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The fields of a refused write (422), each problem of each field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Seconds to wait before trying again (429).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<i64>,
}

/// One problem of one field of a refused write.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field, as the request named it (`values.IK-PLAT.value`, `planned.eu`).
    pub field: String,
    /// The message key (`required`, `money_not_a_number`, `report_locked` …).
    pub code: String,
    /// The message in English.
    pub message: String,
}

impl Problem {
    /// A problem of `status` with its standard title and `detail`.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let detail: String = detail.into();
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: (!detail.is_empty()).then_some(detail),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// 401: no token, or one that names no one (unknown, revoked, expired, its account
    /// disabled: all alike).
    pub fn unauthenticated(detail: &str) -> Self {
        Problem::new(StatusCode::UNAUTHORIZED, detail)
    }

    /// 429 with the seconds to wait.
    pub fn too_many(retry_after: i64) -> Self {
        Problem {
            retry_after: Some(retry_after),
            ..Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests; try again later",
            )
        }
    }
}

impl From<AppError> for Problem {
    fn from(err: AppError) -> Self {
        let status =
            StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match err {
            AppError::Validation(fields) => Problem {
                errors: fields
                    .iter()
                    .flat_map(|(field, keys)| {
                        keys.iter().map(move |key| FieldProblem {
                            field: field.clone(),
                            code: key.clone(),
                            message: app::messages::field_message_text(Locale::en, key).to_owned(),
                        })
                    })
                    .collect(),
                ..Problem::new(status, "the request has fields that cannot be accepted")
            },
            AppError::Throttled { retry_after_secs } => Problem::too_many(retry_after_secs),
            AppError::EditConflict(_) | AppError::Conflict => Problem::new(
                status,
                "the record was changed since the version the request names",
            ),
            AppError::NotFound => Problem::new(status, "no such record"),
            AppError::Forbidden => Problem::new(status, "the caller may not do this"),
            AppError::Unauthenticated | AppError::InvalidCredentials => {
                Problem::unauthenticated("a valid bearer token is required")
            }
            AppError::Transport => Problem::new(status, "the request could not be read"),
            AppError::Internal => Problem::new(status, ""),
            AppError::Unavailable => Problem {
                retry_after: Some(5),
                ..Problem::new(
                    status,
                    "the service cannot reach its database; try again shortly",
                )
            },
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after;
        let mut response = (status, axum::Json(self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string())
        {
            headers.insert(header::RETRY_AFTER, value);
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"innocities\""),
            );
        }
        response
    }
}

/// A refusal of a read's query parameters: a field error is a 400 (the request cannot be
/// read as asked), with the fields named as a write's 422 names them.
pub fn query_problem(err: AppError) -> Problem {
    let problem = Problem::from(err);
    if problem.status == StatusCode::UNPROCESSABLE_ENTITY.as_u16() {
        Problem {
            errors: problem.errors,
            ..Problem::new(
                StatusCode::BAD_REQUEST,
                "the query has parameters that cannot be read",
            )
        }
    } else {
        problem
    }
}

/// A record's id from an address: any text that is no positive id names no record (404,
/// exactly as a missing or hidden one).
///
/// # Errors
/// [`AppError::NotFound`] as a problem.
pub fn record_id(text: &str) -> Result<i32, Problem> {
    text.parse::<i32>()
        .ok()
        .filter(|id| *id >= 1)
        .ok_or_else(|| AppError::NotFound.into())
}

/// What a handler returns: its answer, or a problem.
pub type ApiResult<T> = Result<T, Problem>;
