//! Sign-in throttling: failures are counted per account and per client address (an IPv6
//! client by its /64); from the fifth failure on, each key must wait a growing delay (15 s,
//! 30 s, 60 s …) before the next attempt is even checked. An address waits at most 15
//! minutes; an account at most one minute, so a stranger guessing at someone's account slows
//! it down to a guess a minute but can never lock its owner out. Failures older than an hour
//! are forgotten. Attempts for one account are checked one at a time (see
//! `users::authenticate`), so a burst of parallel guesses cannot slip past the count.

use crate::error::AppError;
use crate::ssr::client_addr::client_network;
use entity::login_throttle;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};

/// Failures allowed before delays begin.
pub const FREE_FAILURES: i32 = 5;
/// The first delay, doubled with each further failure.
pub const FIRST_DELAY_SECS: i64 = 15;
/// The longest delay of a client address.
pub const MAX_DELAY_SECS: i64 = 15 * 60;
/// The longest delay of an account.
pub const MAX_ACCOUNT_DELAY_SECS: i64 = 60;
/// Failures older than this are forgotten.
pub const WINDOW_SECS: i64 = 60 * 60;

/// The throttle keys of one attempt: the account, and the client's network (an IPv6
/// client's /64, [`client_network`]), so that a host cannot step past its delay by taking
/// another of its addresses.
pub fn keys(email: &str, client_addr: Option<&str>) -> Vec<String> {
    let mut keys = vec![format!("account:{email}")];
    if let Some(addr) = client_addr {
        let network = addr
            .parse::<std::net::IpAddr>()
            .map_or_else(|_| addr.to_owned(), client_network);
        keys.push(format!("addr:{network}"));
    }
    keys
}

/// The wait of `key` after `failures` failures.
pub fn delay_for(key: &str, failures: i32) -> i64 {
    let delay = delay_after(failures);
    if key.starts_with("account:") {
        delay.min(MAX_ACCOUNT_DELAY_SECS)
    } else {
        delay
    }
}

/// The wait after `failures` failures, before any per-key cap.
pub fn delay_after(failures: i32) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(16);
    (FIRST_DELAY_SECS << doublings).min(MAX_DELAY_SECS)
}

/// Refuses an attempt while any of its keys is waiting out a delay.
///
/// # Errors
/// [`AppError::Throttled`] with the seconds left, [`AppError::Internal`] on database failure.
pub async fn check(db: &impl ConnectionTrait, keys: &[String], now: i64) -> Result<(), AppError> {
    let mut wait = 0;
    for key in keys {
        if let Some(row) = login_throttle::Entity::find_by_id(key.clone())
            .one(db)
            .await?
        {
            wait = wait.max(row.blocked_until_unix - now);
        }
    }
    if wait > 0 {
        Err(AppError::Throttled {
            retry_after_secs: wait,
        })
    } else {
        Ok(())
    }
}

const COUNT_FAILURE: &str = "
INSERT INTO login_throttle (throttle_key, failures, last_failure_unix, blocked_until_unix)
VALUES (?, 1, ?, 0)
ON CONFLICT (throttle_key) DO UPDATE SET
  failures = CASE WHEN login_throttle.last_failure_unix < ? THEN 1 ELSE login_throttle.failures + 1 END,
  last_failure_unix = excluded.last_failure_unix
RETURNING failures";

/// Counts a failed attempt against every key, atomically (no lost or duplicate counts under
/// concurrency), and sets each key's wait.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: i64,
) -> Result<(), AppError> {
    #[derive(sea_orm::FromQueryResult)]
    struct Count {
        failures: i32,
    }
    for key in keys {
        let values = vec![key.clone().into(), now.into(), (now - WINDOW_SECS).into()];
        let count: Count = crate::ssr::sql::fetch_one(db, COUNT_FAILURE, values).await?;
        // A free failure sets no wait at all: `now + 0` would read as a one-second wait to an
        // attempt whose clock reads a second earlier (two requests, two clocks).
        let delay = delay_for(key, count.failures);
        let until = if delay > 0 { now + delay } else { 0 };
        login_throttle::Entity::update_many()
            .col_expr(
                login_throttle::Column::BlockedUntilUnix,
                sea_orm::sea_query::Expr::value(until),
            )
            .filter(sea_orm::ColumnTrait::eq(
                &login_throttle::Column::ThrottleKey,
                key.clone(),
            ))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Forgets an account's failures after a successful sign-in. The address keeps its count:
/// one good password must not unlock guessing at other accounts from the same place.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn clear_account(db: &impl ConnectionTrait, email: &str) -> Result<(), AppError> {
    login_throttle::Entity::delete_by_id(format!("account:{email}"))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_counted_by_its_network() {
        assert_eq!(
            keys("a@b.fi", Some("2001:db8:1:2::7")),
            ["account:a@b.fi", "addr:2001:db8:1:2::/64"]
        );
        assert_eq!(
            keys("a@b.fi", Some("2001:db8:1:2::8")),
            keys("a@b.fi", Some("2001:db8:1:2::7"))
        );
        assert_eq!(keys("a@b.fi", Some("192.0.2.7"))[1], "addr:192.0.2.7");
        assert_eq!(keys("a@b.fi", None), ["account:a@b.fi"]);
    }

    #[test]
    fn delays_start_at_the_fifth_failure_and_double_to_a_cap() {
        assert_eq!(delay_after(4), 0);
        assert_eq!(delay_after(5), 15);
        assert_eq!(delay_after(6), 30);
        assert_eq!(delay_after(10), 480);
        assert_eq!(delay_after(11), MAX_DELAY_SECS);
        assert_eq!(delay_after(1_000), MAX_DELAY_SECS);
    }

    #[test]
    fn an_account_waits_at_most_a_minute_so_nobody_can_lock_its_owner_out() {
        assert_eq!(delay_for("account:a@b.fi", 11), MAX_ACCOUNT_DELAY_SECS);
        assert_eq!(delay_for("addr:10.0.0.1", 11), MAX_DELAY_SECS);
        assert_eq!(delay_for("account:a@b.fi", 5), 15);
    }
}
