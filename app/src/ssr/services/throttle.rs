//! Sign-in throttling: failures are counted per account and per client address; from the
//! fifth failure on, each key must wait a growing delay (15 s, 30 s, 60 s … at most 15 min)
//! before the next attempt is even checked. Failures older than an hour are forgotten, so
//! a stranger can slow an account down but never lock it for good.

use crate::error::AppError;
use entity::login_throttle;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

/// Failures allowed before delays begin.
pub const FREE_FAILURES: i32 = 5;
/// The first delay, doubled with each further failure.
pub const FIRST_DELAY_SECS: i64 = 15;
/// The longest delay.
pub const MAX_DELAY_SECS: i64 = 15 * 60;
/// Failures older than this are forgotten.
pub const WINDOW_SECS: i64 = 60 * 60;

/// The throttle keys of one attempt.
pub fn keys(email: &str, client_addr: Option<&str>) -> Vec<String> {
    let mut keys = vec![format!("account:{email}")];
    if let Some(addr) = client_addr {
        keys.push(format!("addr:{addr}"));
    }
    keys
}

/// The wait after `failures` failures.
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

/// Counts a failed attempt against every key.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: i64,
) -> Result<(), AppError> {
    for key in keys {
        let existing = login_throttle::Entity::find_by_id(key.clone())
            .one(db)
            .await?;
        let failures = match &existing {
            Some(row) if now - row.last_failure_unix < WINDOW_SECS => row.failures + 1,
            _ => 1,
        };
        let row = login_throttle::ActiveModel {
            throttle_key: Set(key.clone()),
            failures: Set(failures),
            last_failure_unix: Set(now),
            blocked_until_unix: Set(now + delay_after(failures)),
        };
        if existing.is_some() {
            row.update(db).await?;
        } else {
            row.insert(db).await?;
        }
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
    fn delays_start_at_the_fifth_failure_and_double_to_a_cap() {
        assert_eq!(delay_after(4), 0);
        assert_eq!(delay_after(5), 15);
        assert_eq!(delay_after(6), 30);
        assert_eq!(delay_after(10), 480);
        assert_eq!(delay_after(11), MAX_DELAY_SECS);
        assert_eq!(delay_after(1_000), MAX_DELAY_SECS);
    }
}
