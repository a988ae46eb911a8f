//! `If-Match` on writes (RFC 9110 §13.1.1): the version the caller read, as an entity tag
//! (`If-Match: "7"`), instead of or besides the body's `version`. A stored version that is
//! not among the tags named is `412 Precondition Failed` before anything is saved; `*` asks
//! only that the record exists. Tags are compared strongly, so a weak one (`W/"…"`, as the
//! read answers' `ETag`s are) never matches. Without the header the body's `version` guards
//! the write, and a newer save is a 409, as the forms answer.

use super::problem::Problem;
use app::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::{StatusCode, header, request::Parts};

/// The `If-Match` of a request, if it has one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IfMatch(Option<Tags>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tags {
    Any,
    /// The versions named; a tag that names none (weak, or not a number) is left out.
    Versions(Vec<i32>),
}

impl IfMatch {
    /// The header's value read (none: no header).
    pub fn parse(values: &[&str]) -> Self {
        if values.is_empty() {
            return IfMatch(None);
        }
        let tags: Vec<&str> = values
            .iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if tags.contains(&"*") {
            return IfMatch(Some(Tags::Any));
        }
        IfMatch(Some(Tags::Versions(
            tags.iter()
                .filter_map(|t| t.strip_prefix('"')?.strip_suffix('"')?.parse::<i32>().ok())
                .collect(),
        )))
    }

    /// The version to save from: the body's, or else the one `If-Match` named when it
    /// matched the stored one.
    ///
    /// # Errors
    /// 412 when `If-Match` names no stored version (none stored: only a tag list can fail).
    pub fn version(&self, body: Option<i32>, stored: Option<i32>) -> Result<Option<i32>, Problem> {
        let failed = || {
            Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "the record's version is not the one If-Match names",
            )
        };
        match &self.0 {
            None => Ok(body),
            Some(Tags::Any) => stored.map(|v| Some(body.unwrap_or(v))).ok_or_else(failed),
            Some(Tags::Versions(versions)) => match stored {
                Some(v) if versions.contains(&v) => Ok(Some(body.unwrap_or(v))),
                _ => Err(failed()),
            },
        }
    }

    /// As [`IfMatch::version`] for a record that must name one.
    ///
    /// # Errors
    /// 412 as there; 422 on `version` when neither the body nor `If-Match` names one.
    pub fn required_version(&self, body: Option<i32>, stored: i32) -> Result<i32, Problem> {
        self.version(body, Some(stored))?
            .ok_or_else(|| AppError::field("version", "required").into())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let values: Vec<&str> = parts
            .headers
            .get_all(header::IF_MATCH)
            .iter()
            .map(|v| v.to_str().unwrap_or(""))
            .collect();
        Ok(IfMatch::parse(&values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_names_the_stored_version_or_the_write_fails_before_it_is_tried() {
        let none = IfMatch::parse(&[]);
        assert_eq!(
            none.version(Some(3), Some(4)).unwrap(),
            Some(3),
            "the body decides"
        );
        assert_eq!(none.version(None, Some(4)).unwrap(), None);

        let seven = IfMatch::parse(&["\"7\""]);
        assert_eq!(seven.version(None, Some(7)).unwrap(), Some(7));
        assert_eq!(seven.version(None, Some(8)).unwrap_err().status, 412);
        assert_eq!(seven.version(None, None).unwrap_err().status, 412);
        assert_eq!(seven.required_version(None, 7).unwrap(), 7);

        let list = IfMatch::parse(&["\"5\", \"8\""]);
        assert_eq!(list.version(None, Some(8)).unwrap(), Some(8));

        for never in [
            IfMatch::parse(&["W/\"7\""]),
            IfMatch::parse(&["7"]),
            IfMatch::parse(&["\"x\""]),
            IfMatch::parse(&[""]),
        ] {
            assert_eq!(never.version(None, Some(7)).unwrap_err().status, 412);
        }

        let any = IfMatch::parse(&["*"]);
        assert_eq!(any.version(None, Some(2)).unwrap(), Some(2));
        assert_eq!(any.version(None, None).unwrap_err().status, 412);
        assert_eq!(
            none.required_version(None, 2).unwrap_err().status,
            422,
            "a write names its version one way or the other"
        );
    }
}
