//! Rate limits of the API: requests are counted per token and per client address in
//! one-minute windows; past the limit a request is answered 429 with `Retry-After` (the
//! seconds to the next window). The per-address count comes first, so guessing tokens is
//! limited too. The counts are this instance's (see issue 16 for several instances).

use super::problem::Problem;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Requests a token may make in a minute, unless `INNOCITIES_API_TOKEN_PER_MINUTE` says.
pub const TOKEN_PER_MINUTE: u32 = 1_200;
/// Requests an address may make in a minute, unless `INNOCITIES_API_ADDRESS_PER_MINUTE`.
pub const ADDRESS_PER_MINUTE: u32 = 2_400;
/// Keys kept before the counts of past windows are dropped.
const KEPT_KEYS: usize = 10_000;

/// Counts of requests per key in the current minute.
#[derive(Debug)]
pub struct Limiter {
    token_per_minute: u32,
    address_per_minute: u32,
    counts: Mutex<HashMap<String, (i64, u32)>>,
}

fn from_env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

impl Limiter {
    /// The limits of the environment (or the defaults).
    pub fn from_env() -> Self {
        Limiter::new(
            from_env("INNOCITIES_API_TOKEN_PER_MINUTE", TOKEN_PER_MINUTE),
            from_env("INNOCITIES_API_ADDRESS_PER_MINUTE", ADDRESS_PER_MINUTE),
        )
    }

    pub fn new(token_per_minute: u32, address_per_minute: u32) -> Self {
        Limiter {
            token_per_minute,
            address_per_minute,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request of `key` (`token:…` or `addr:…`) at `now` (Unix seconds).
    ///
    /// # Errors
    /// [`Problem`] 429 with the seconds to the next window, past the key's limit.
    pub fn count_at(&self, key: &str, now: i64) -> Result<(), Problem> {
        let limit = if key.starts_with("token:") {
            self.token_per_minute
        } else {
            self.address_per_minute
        };
        let window = now.div_euclid(60);
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if counts.len() >= KEPT_KEYS {
            counts.retain(|_, (w, _)| *w == window);
        }
        let entry = counts.entry(key.to_owned()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        if entry.1 >= limit {
            return Err(Problem::too_many(60 - now.rem_euclid(60)));
        }
        entry.1 += 1;
        Ok(())
    }

    /// [`Limiter::count_at`] now.
    ///
    /// # Errors
    /// [`Problem`] 429 past the limit.
    pub fn count(&self, key: &str) -> Result<(), Problem> {
        self.count_at(key, chrono::Utc::now().timestamp())
    }
}

/// Middleware: counts the request against its client address's limit.
pub async fn per_address(request: Request, next: Next) -> Response {
    let limiter = request.extensions().get::<Arc<Limiter>>().cloned();
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    if let (Some(limiter), Some(address)) = (limiter, address)
        && let Err(problem) = limiter.count(&format!("addr:{address}"))
    {
        return problem.into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_past_its_limit_waits_for_the_next_minute() {
        let limiter = Limiter::new(2, 3);
        let now = 1_700_000_010;
        assert!(limiter.count_at("token:1", now).is_ok());
        assert!(limiter.count_at("token:1", now).is_ok());
        let refused = limiter.count_at("token:1", now).unwrap_err();
        assert_eq!((refused.status, refused.retry_after), (429, Some(30)));
        assert!(limiter.count_at("token:2", now).is_ok(), "another token");
        for _ in 0..3 {
            assert!(limiter.count_at("addr:10.0.0.1", now).is_ok());
        }
        assert!(limiter.count_at("addr:10.0.0.1", now).is_err());
        assert!(
            limiter.count_at("token:1", now + 30).is_ok(),
            "the next minute"
        );
    }
}
