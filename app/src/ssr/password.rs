//! Password hashing with argon2id at OWASP's parameters (m = 19 456 KiB, t = 2, p = 1).
//! Hashing runs on the blocking pool, at most a few at a time, so a burst of sign-ins cannot
//! starve the server.

use crate::error::AppError;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use password_hash::SaltString;
use password_hash::rand_core::OsRng;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;
/// Hashes allowed at once: each takes ~19 MiB and a core for tens of milliseconds.
const CONCURRENT_HASHES: usize = 4;

static HASHING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(CONCURRENT_HASHES));

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a password nobody has, verified when the e-mail is unknown so that unknown users
/// and wrong passwords take the same time.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_blocking("not a real password, only for timing").expect("hashing a constant works")
});

fn hash_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// The outcome of checking a password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verified {
    /// Wrong password (or no such user).
    No,
    /// Right password, stored hash is current.
    Yes,
    /// Right password, but the stored hash uses weaker parameters: store a new one.
    YesRehash,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        tracing::error!(error = %e, "password task failed");
        AppError::Internal
    })
}

/// Hashes a new password.
///
/// # Errors
/// [`AppError::Internal`] if hashing fails.
pub async fn hash(password: String) -> Result<String, AppError> {
    blocking(move || hash_blocking(&password)).await?
}

/// Checks `password` against `stored` (a PHC string); with `None`, against a dummy hash so the
/// answer takes as long as for a real user.
///
/// # Errors
/// [`AppError::Internal`] if the blocking pool fails.
pub async fn verify(password: String, stored: Option<String>) -> Result<Verified, AppError> {
    blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return Verified::No;
        };
        if argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_err()
            || !known
        {
            return Verified::No;
        }
        if is_current(&parsed) {
            Verified::Yes
        } else {
            Verified::YesRehash
        }
    })
    .await
}

fn is_current(hash: &PasswordHash<'_>) -> bool {
    let param = |name: &str| hash.params.get_decimal(name);
    hash.algorithm.as_str() == "argon2id"
        && hash.version == Some(Version::V0x13.into())
        && param("m").is_some_and(|m| m >= MEMORY_KIB)
        && param("t").is_some_and(|t| t >= ITERATIONS)
        && param("p").is_some_and(|p| p >= PARALLELISM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn right_password_verifies_and_wrong_does_not() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify("correct horse battery".into(), Some(stored.clone()))
                .await
                .unwrap(),
            Verified::Yes
        );
        assert_eq!(
            verify("wrong horse battery".into(), Some(stored))
                .await
                .unwrap(),
            Verified::No
        );
        assert_eq!(verify("anything".into(), None).await.unwrap(), Verified::No);
    }

    #[tokio::test]
    async fn weaker_hashes_ask_for_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let stored = weak
            .hash_password(b"old password here", &salt)
            .unwrap()
            .to_string();
        assert_eq!(
            verify("old password here".into(), Some(stored))
                .await
                .unwrap(),
            Verified::YesRehash
        );
    }
}
