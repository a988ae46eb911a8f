//! What every collection shares: query parameters read into a problem when they cannot be
//! (400, never axum's plain text), paging by an opaque cursor that never skips nor repeats
//! an item while data changes (the items are in id order and the cursor is the last id),
//! and conditional reads: every answer has a weak `ETag` of its body, and a request whose
//! `If-None-Match` names it gets `304 Not Modified` and no body.

use super::problem::Problem;
use axum::extract::{FromRequestParts, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

/// The most items a page holds, and how many when the request does not say.
pub const MAX_LIMIT: u32 = 1_000;
pub const DEFAULT_LIMIT: u32 = 100;

/// Query parameters, or a 400 problem naming what could not be read.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|err| Problem::new(StatusCode::BAD_REQUEST, err.body_text()))
    }
}

/// A page of a collection: `limit` and the `next` cursor of the page before.
#[derive(Debug, Default, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// At most this many items (1–1000; 100 when not given).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// The `next` of the page before; the first page without it.
    pub after: Option<String>,
}

impl PageQuery {
    /// The last id before this page and the page's size.
    ///
    /// # Errors
    /// 400 for a limit out of range or a cursor that is not one.
    pub fn bounds(&self) -> Result<(i32, u32), Problem> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                format!("limit must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let after = match self.after.as_deref() {
            None | Some("") => 0,
            Some(cursor) => cursor
                .parse::<i32>()
                .ok()
                .filter(|id| *id >= 0)
                .ok_or_else(|| {
                    Problem::new(
                        StatusCode::BAD_REQUEST,
                        "after is not a cursor this API gave",
                    )
                })?,
        };
        Ok((after, limit))
    }
}

/// The cursor after the last of `ids`, when the page was full (there may be more).
pub fn next_cursor(ids: &[i32], limit: u32) -> Option<String> {
    (ids.len() >= limit as usize)
        .then(|| ids.last().map(ToString::to_string))
        .flatten()
}

/// `value` as JSON with a weak `ETag` of its bytes, or `304 Not Modified` when the request's
/// `If-None-Match` names that tag. Every reader revalidates (`private, no-cache`): an answer
/// depends on the token's scope.
pub fn conditional<T: Serialize>(request: &HeaderMap, value: &T) -> Response {
    let Ok(body) = serde_json::to_vec(value) else {
        return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    let digest = Sha256::digest(&body);
    let tag = format!(
        "W/\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let matches = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|candidate| {
            candidate == "*" || candidate.trim_start_matches("W/") == tag.trim_start_matches("W/")
        });
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Authorization"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_bounded_and_its_cursor_is_read_back() {
        let query = |limit: Option<u32>, after: Option<&str>| PageQuery {
            limit,
            after: after.map(str::to_owned),
        };
        assert_eq!(query(None, None).bounds().unwrap(), (0, DEFAULT_LIMIT));
        assert_eq!(query(Some(5), Some("41")).bounds().unwrap(), (41, 5));
        for bad in [
            query(Some(0), None),
            query(Some(1001), None),
            query(None, Some("x")),
            query(None, Some("-3")),
        ] {
            assert_eq!(bad.bounds().unwrap_err().status, 400);
        }
        assert_eq!(next_cursor(&[3, 7], 2), Some("7".into()));
        assert_eq!(next_cursor(&[3], 2), None, "a short page is the last");
    }

    #[test]
    fn an_unchanged_answer_is_not_sent_again() {
        let first = conditional(&HeaderMap::new(), &serde_json::json!({"a": 1}));
        assert_eq!(first.status(), StatusCode::OK);
        let tag = first.headers()[header::ETAG].clone();
        let mut again = HeaderMap::new();
        again.insert(header::IF_NONE_MATCH, tag.clone());
        let second = conditional(&again, &serde_json::json!({"a": 1}));
        assert_eq!(second.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(second.headers()[header::ETAG], tag);
        let changed = conditional(&again, &serde_json::json!({"a": 2}));
        assert_eq!(changed.status(), StatusCode::OK);
    }
}
