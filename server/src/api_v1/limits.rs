//! Rate limits of the API: requests are counted per token and per client address in
//! one-minute windows; past the limit a request is answered 429 with `Retry-After` (the
//! seconds to the next window). The per-address count comes first, so guessing tokens is
//! limited too.
//!
//! The limits hold across instances: each instance counts in memory, and every second
//! ([`SYNC_EVERY`]), or at once when a key has made an eighth of its limit since then, adds
//! its new counts to the shared ones in the database (`app::ssr::services::rate_counts`) and
//! learns the totals of those keys over every instance. A request never waits for the
//! database. The price: an instance that counts a key learns the others' requests of it only
//! at its next sync, so together the instances may let a key through past its limit by what
//! each of them counts of it before its next sync (at most a second's requests, and at most
//! an eighth of the limit each, give or take a sync's round trip). If the database cannot be
//! reached the counts are kept and added later, and meanwhile each instance still holds the
//! limit on its own.
//!
//! A client address is counted by its network: an IPv6 client by its /64, which is what one
//! household or host is given; otherwise each of its 2^64 addresses would have a limit (and
//! a row) of its own.

use super::problem::Problem;
use app::ssr::services::rate_counts::{self, Count};
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::Notify;

/// Requests a token may make in a minute, unless `INNOCITIES_API_TOKEN_PER_MINUTE` says.
pub const TOKEN_PER_MINUTE: u32 = 1_200;
/// Requests an address may make in a minute, unless `INNOCITIES_API_ADDRESS_PER_MINUTE`.
pub const ADDRESS_PER_MINUTE: u32 = 2_400;
/// Keys kept before the counts of past windows are dropped.
const KEPT_KEYS: usize = 10_000;
/// How often an instance adds its counts to the shared ones.
pub const SYNC_EVERY: Duration = Duration::from_secs(1);

/// A key's requests in its current window: the total over all instances as of the last
/// sync, and this instance's requests since then.
#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    window: i64,
    shared: i64,
    unsynced: i64,
}

/// Counts of requests per key in the current minute.
#[derive(Debug)]
pub struct Limiter {
    token_per_minute: u32,
    address_per_minute: u32,
    counts: Mutex<HashMap<String, Entry>>,
    /// The last window whose older counts were deleted from the database.
    forgotten_before: Mutex<i64>,
    /// Woken when a key has made an eighth of its limit since the last sync.
    wake: Arc<Notify>,
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

    /// A limiter of this instance alone, until [`Limiter::sync_at`] is called.
    pub fn new(token_per_minute: u32, address_per_minute: u32) -> Self {
        Limiter {
            token_per_minute,
            address_per_minute,
            counts: Mutex::new(HashMap::new()),
            forgotten_before: Mutex::new(0),
            wake: Arc::new(Notify::new()),
        }
    }

    /// The limits of the environment, shared with the other instances on `db`: a task adds
    /// this instance's counts every [`SYNC_EVERY`] (or when woken) for as long as the
    /// limiter is in use.
    pub fn shared(db: DatabaseConnection) -> Arc<Self> {
        let limiter = Arc::new(Limiter::from_env());
        let weak: Weak<Limiter> = Arc::downgrade(&limiter);
        let wake = limiter.wake.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(SYNC_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // Logged when sharing starts to fail and when it works again, not every second.
            let mut failing = false;
            loop {
                tokio::select! {
                    _ = every.tick() => {}
                    () = wake.notified() => every.reset(),
                }
                let Some(limiter) = weak.upgrade() else {
                    return;
                };
                match limiter.sync_at(&db, chrono::Utc::now().timestamp()).await {
                    Err(err) if !failing => {
                        failing = true;
                        tracing::warn!(error = %err, "sharing the API's rate-limit counts failed; counting here until it works");
                    }
                    Ok(()) if failing => {
                        failing = false;
                        tracing::info!("sharing the API's rate-limit counts works again");
                    }
                    _ => {}
                }
            }
        });
        limiter
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts a request of `key` (`token:…` or `addr:…`) at `now` (Unix seconds).
    ///
    /// # Errors
    /// [`Problem`] 429 with the seconds to the next window, past the key's limit.
    pub fn count_at(&self, key: &str, now: i64) -> Result<(), Problem> {
        let limit = i64::from(if key.starts_with("token:") {
            self.token_per_minute
        } else {
            self.address_per_minute
        });
        let window = now.div_euclid(60);
        let mut counts = self.lock();
        if counts.len() >= KEPT_KEYS {
            counts.retain(|_, entry| entry.window == window);
        }
        let entry = counts.entry(key.to_owned()).or_default();
        if entry.window != window {
            *entry = Entry {
                window,
                ..Entry::default()
            };
        }
        if entry.shared + entry.unsynced >= limit {
            return Err(Problem::too_many(60 - now.rem_euclid(60)));
        }
        entry.unsynced += 1;
        if entry.unsynced == (limit / 8).max(1) {
            self.wake.notify_one();
        }
        Ok(())
    }

    /// [`Limiter::count_at`] now.
    ///
    /// # Errors
    /// [`Problem`] 429 past the limit.
    pub fn count(&self, key: &str) -> Result<(), Problem> {
        self.count_at(key, chrono::Utc::now().timestamp())
    }

    /// Adds the requests counted since the last sync to the shared counts in `db` (all or
    /// none) and takes the keys' totals; at the first sync of a minute (`now`, Unix seconds)
    /// the windows before the previous one are deleted. Nothing is asked of the database when
    /// nothing was counted.
    ///
    /// # Errors
    /// The database's; the requests stay counted here, to be added at the next sync.
    pub async fn sync_at(
        &self,
        db: &DatabaseConnection,
        now: i64,
    ) -> Result<(), app::error::AppError> {
        let unsynced: Vec<Count> = {
            let mut counts = self.lock();
            counts
                .iter_mut()
                .filter(|(_, entry)| entry.unsynced > 0)
                .map(|(key, entry)| {
                    let requests = std::mem::take(&mut entry.unsynced);
                    // Counted as shared meanwhile, so the limit holds while the sync runs.
                    entry.shared += requests;
                    Count {
                        rate_key: key.clone(),
                        window_minute: entry.window,
                        requests,
                    }
                })
                .collect()
        };
        if unsynced.is_empty() {
            return Ok(());
        }
        match rate_counts::add(db, &unsynced).await {
            Ok(totals) => {
                let mut counts = self.lock();
                for total in totals {
                    if let Some(entry) = counts.get_mut(&total.rate_key)
                        && entry.window == total.window_minute
                    {
                        entry.shared = entry.shared.max(total.requests);
                    }
                }
            }
            Err(err) => {
                let mut counts = self.lock();
                for count in unsynced {
                    if let Some(entry) = counts.get_mut(&count.rate_key)
                        && entry.window == count.window_minute
                    {
                        entry.shared -= count.requests;
                        entry.unsynced += count.requests;
                    }
                }
                return Err(err);
            }
        }
        let window = now.div_euclid(60);
        let forgotten = || {
            self.forgotten_before
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if *forgotten() < window - 1 {
            // The counts were shared; a failed clean-up is only tried again at the next sync.
            match rate_counts::forget_before(db, window - 1).await {
                Ok(()) => *forgotten() = window - 1,
                Err(err) => tracing::warn!(error = %err, "deleting old rate-limit counts failed"),
            }
        }
        Ok(())
    }
}

/// Middleware: counts the request against its client address's limit.
pub async fn per_address(request: Request, next: Next) -> Response {
    let limiter = request.extensions().get::<Arc<Limiter>>().cloned();
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| address_key(addr.ip()));
    if let (Some(limiter), Some(address)) = (limiter, address)
        && let Err(problem) = limiter.count(&address)
    {
        return problem.into_response();
    }
    next.run(request).await
}

/// The rate key of a client address: its network (an IPv6 client's /64,
/// `app::ssr::client_addr::client_network`).
pub fn address_key(ip: IpAddr) -> String {
    format!("addr:{}", app::ssr::client_addr::client_network(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_counted_by_its_network() {
        let key = |text: &str| address_key(text.parse().unwrap());
        assert_eq!(key("192.0.2.7"), "addr:192.0.2.7");
        assert_eq!(key("2001:db8:1:2:ffff:1:2:3"), "addr:2001:db8:1:2::/64");
    }

    #[tokio::test]
    async fn a_key_at_an_eighth_of_its_limit_asks_for_a_sync_at_once() {
        let limiter = Limiter::new(16, 100);
        let woken = || async {
            tokio::time::timeout(Duration::ZERO, limiter.wake.notified())
                .await
                .is_ok()
        };
        let now = 1_700_000_010;
        limiter.count_at("token:1", now).unwrap();
        assert!(!woken().await, "one request of sixteen");
        limiter.count_at("token:1", now).unwrap();
        assert!(woken().await, "two, an eighth");
        limiter.count_at("token:1", now).unwrap();
        assert!(!woken().await, "once per sync");
    }

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
