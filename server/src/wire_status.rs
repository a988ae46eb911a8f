//! Server functions answer every error with HTTP 500 and the error in the body. This layer
//! gives each refusal the status that fits it ([`AppError::http_status`]: 422, 401, 403, 404,
//! 409, 429 with `Retry-After`, 400), so that 500 means a fault and monitoring can tell
//! attacks and typing mistakes from failures. The body stays the same wire error.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// The header server_fn marks its error answers with.
const SERVER_FN_ERROR: &str = "serverfnerror";

/// The largest error body read back (wire errors are small; a field list at most a few kB).
const MAX_ERROR_BODY: usize = 256 * 1024;

/// Sets the status of a server function's error answer from the error it carries.
pub async fn refusal_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::from("\"Internal\""));
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::Throttled { retry_after_secs } = error
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.max(1).to_string())
        {
            parts.headers.insert(header::RETRY_AFTER, value);
        }
        if parts.status == StatusCode::UNAUTHORIZED {
            parts.headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Session realm=\"InnoCities Monitor\""),
            );
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
