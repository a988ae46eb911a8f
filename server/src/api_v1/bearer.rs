//! Who calls the API: the bearer of a personal API token (`Authorization: Bearer ict_…`),
//! acting with the token's user's roles and regions. Cookies are never read here, so a
//! forged cross-site request has nothing to ride on; a token that names no one (unknown,
//! revoked, expired, its account disabled) is a 401 like no token at all. Each token's
//! requests are counted against its rate limit (see `limits.rs`).

use super::limits::Limiter;
use super::problem::Problem;
use app::ssr::access::Principal;
use app::ssr::services::api_tokens;
use app::ssr::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use std::sync::Arc;

/// The caller of an API request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub principal: Principal,
    pub can_write: bool,
}

impl Caller {
    /// Refuses a read-only token's write (403).
    ///
    /// # Errors
    /// [`Problem`] 403 for a read-only token.
    pub fn writer(&self) -> Result<&Principal, Problem> {
        if self.can_write {
            Ok(&self.principal)
        } else {
            Err(Problem::new(
                axum::http::StatusCode::FORBIDDEN,
                "the token is read-only",
            ))
        }
    }
}

/// The secret of an `Authorization: Bearer …` header (the scheme in any case, RFC 9110).
fn bearer_secret(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| secret.trim())
        .filter(|s| !s.is_empty())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let Some(secret) = bearer_secret(parts) else {
            return Err(Problem::unauthenticated(
                "send a personal API token as `Authorization: Bearer …` (made on /account)",
            ));
        };
        let token = api_tokens::authenticate(&state.db, secret)
            .await
            .map_err(Problem::from)?
            .ok_or_else(|| Problem::unauthenticated("the token is unknown, revoked or expired"))?;
        if let Some(limiter) = parts.extensions.get::<Arc<Limiter>>() {
            limiter.count(&format!("token:{}", token.token_id))?;
        }
        Ok(Caller {
            principal: token.principal,
            can_write: token.can_write,
        })
    }
}
