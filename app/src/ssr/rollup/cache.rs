//! Computed roll-ups kept against the database's change counter (`rollup_version`, kept by
//! triggers on every table a roll-up reads; migration 12). A dashboard or the public key
//! figures are computed once per version and scope and served from memory until any change
//! commits. Every server instance reads the counter, so an instance never takes its own
//! kept figures for current after another instance's change.
//!
//! After a change, readers do not queue behind the recomputation (at national scale it takes
//! seconds): one recomputation per scope runs in the background, and a reader waits for it at
//! most the cache's `wait`, then gets the last figures computed, marked with the time they
//! were computed ([`Kept::as_of`]) and as not current. Only a scope never computed before is
//! waited for whatever it takes. The wait is `INNOCITIES_ROLLUP_WAIT_MS` for a server
//! (50 ms by default; see [`RollupCache::from_env`]); a cache made with `default()` waits as
//! long as it takes, so that a reader always sees every change committed before it asked.

use crate::error::AppError;
use crate::ssr::rollup::indicators::RollupScope;
use crate::ssr::sql::fetch_one;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Mutex as Gate;

/// What is kept: a live roll-up of one scope, the trend over frozen periods, or the public
/// key figures.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum RollupKey {
    Live(RollupScope),
    Trend,
    KeyFigures,
}

impl RollupKey {
    /// The kind of roll-up, for metrics.
    fn kind(&self) -> &'static str {
        match self {
            RollupKey::Live(scope) if scope.regions.is_none() => "national",
            RollupKey::Live(_) => "regions",
            RollupKey::Trend => "trend",
            RollupKey::KeyFigures => "key_figures",
        }
    }
}

/// At most this many roll-ups are kept; past it the oldest versions' entries go first.
const MAX_ENTRIES: usize = 512;

/// How long a server's reader waits for a recomputation by default.
pub const DEFAULT_WAIT: Duration = Duration::from_millis(50);

/// A kept roll-up: its value, the data version it was computed at, and when.
#[derive(Clone)]
struct Stamped {
    version: i64,
    at: DateTime<Utc>,
    value: Arc<dyn Any + Send + Sync>,
}

/// A roll-up as a reader gets it.
#[derive(Debug)]
pub struct Kept<T> {
    pub value: Arc<T>,
    /// When it was computed.
    pub as_of: DateTime<Utc>,
    /// Whether it holds every change committed before the reader asked; `false` while a
    /// recomputation runs that the reader did not wait for.
    pub current: bool,
}

#[derive(Default)]
struct Inner {
    kept: Mutex<HashMap<RollupKey, Stamped>>,
    // One computation per key at a time: twenty readers arriving after a change share the
    // first one's result instead of computing it twenty times, while a slow national roll-up
    // never holds up the public key figures or another scope.
    computing: Mutex<HashMap<RollupKey, Arc<Gate<()>>>>,
}

/// The roll-ups computed so far, shared by every request (in `AppState`); cloning shares it.
#[derive(Clone, Default)]
pub struct RollupCache {
    inner: Arc<Inner>,
    /// How long a reader waits for a recomputation when older figures are kept; `None`: as
    /// long as it takes.
    wait: Option<Duration>,
}

impl std::fmt::Debug for RollupCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RollupCache")
            .field("wait", &self.wait)
            .finish_non_exhaustive()
    }
}

#[derive(FromQueryResult)]
struct Version {
    n: i64,
}

/// The data version now: it moves with every committed change a roll-up could see.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn data_version(db: &impl ConnectionTrait) -> Result<i64, AppError> {
    Ok(
        fetch_one::<Version>(db, "SELECT n FROM rollup_version WHERE id = 1", vec![])
            .await?
            .n,
    )
}

/// The change counter, read by a write transaction that must see no change commit before it
/// ends (publishing: the figures read must be those of the version checked). On PostgreSQL
/// the counter's row is locked until the commit, so a change in flight is waited for and a
/// later one waits; on SQLite a write transaction is alone already.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn data_version_held(db: &impl ConnectionTrait) -> Result<i64, AppError> {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "SELECT n FROM rollup_version WHERE id = 1 FOR UPDATE",
        _ => "SELECT n FROM rollup_version WHERE id = 1",
    };
    Ok(fetch_one::<Version>(db, sql, vec![]).await?.n)
}

impl RollupCache {
    /// A cache whose readers wait for a recomputation at most `wait`.
    pub fn with_wait(wait: Duration) -> Self {
        RollupCache {
            wait: Some(wait),
            ..Default::default()
        }
    }

    /// A server's cache: the wait from `INNOCITIES_ROLLUP_WAIT_MS`, or [`DEFAULT_WAIT`].
    pub fn from_env() -> Self {
        let wait = std::env::var("INNOCITIES_ROLLUP_WAIT_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(DEFAULT_WAIT, Duration::from_millis);
        RollupCache::with_wait(wait)
    }

    fn lookup<T: Send + Sync + 'static>(&self, key: &RollupKey, version: i64) -> Option<Kept<T>> {
        let kept = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        let stamped = kept.get(key)?;
        Some(Kept {
            value: stamped.value.clone().downcast::<T>().ok()?,
            as_of: stamped.at,
            current: stamped.version >= version,
        })
    }

    fn store(
        &self,
        version: i64,
        at: DateTime<Utc>,
        key: RollupKey,
        value: Arc<dyn Any + Send + Sync>,
    ) {
        let mut kept = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.get(&key).is_some_and(|k| k.version > version) {
            // Computed from older data than what is kept already.
            return;
        }
        if kept.len() >= MAX_ENTRIES && !kept.contains_key(&key) {
            let newest = kept.values().map(|k| k.version).max().unwrap_or(version);
            kept.retain(|_, k| k.version >= newest);
            if kept.len() >= MAX_ENTRIES {
                kept.clear();
            }
        }
        kept.insert(key, Stamped { version, at, value });
    }

    fn gate(&self, key: &RollupKey) -> Arc<Gate<()>> {
        let mut gates = self
            .inner
            .computing
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if gates.len() >= MAX_ENTRIES {
            gates.retain(|_, g| Arc::strong_count(g) > 1);
        }
        gates.entry(key.clone()).or_default().clone()
    }

    /// Computes `key` unless a current value is kept by then, and keeps it. The version is
    /// read before computing, so what is computed is at least as new as the version kept.
    async fn refresh<T, F, Fut>(
        &self,
        db: DatabaseConnection,
        key: RollupKey,
        compute: F,
        _held: tokio::sync::OwnedMutexGuard<()>,
    ) -> Result<Kept<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(DatabaseConnection) -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let version = data_version(&db).await?;
        if let Some(hit) = self.lookup::<T>(&key, version).filter(|k| k.current) {
            return Ok(hit);
        }
        let at = Utc::now();
        let started = std::time::Instant::now();
        let value = Arc::new(compute(db).await?);
        crate::ssr::metrics::observe(
            "innocities_rollup_compute_seconds",
            &[("kind", key.kind())],
            started.elapsed(),
        );
        self.store(version, at, key, value.clone());
        Ok(Kept {
            value,
            as_of: at,
            current: true,
        })
    }

    /// The value of `key`: current when kept at the current data version; otherwise
    /// recomputed by `compute` (one at a time per key, in the background), which the reader
    /// waits for at most the cache's wait when older figures are kept, then gets those.
    ///
    /// # Errors
    /// The database fails, or `compute` fails for a reader who waited for it (nothing is
    /// kept then).
    pub async fn get_or_compute<T, F, Fut>(
        &self,
        db: &DatabaseConnection,
        key: RollupKey,
        compute: F,
    ) -> Result<Kept<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(DatabaseConnection) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    {
        let version = data_version(db).await?;
        let kept = match self.lookup::<T>(&key, version) {
            Some(hit) if hit.current => return Ok(hit),
            kept => kept,
        };
        let gate = self.gate(&key);
        let (Some(stale), Some(wait)) = (kept, self.wait) else {
            // Nothing kept yet, or a cache that always waits: compute, or share the one
            // computing.
            let held = gate.lock_owned().await;
            return self.refresh(db.clone(), key, compute, held).await;
        };
        // Older figures are kept: one recomputation runs in the background (this reader's
        // unless one runs already); this reader waits for it at most `wait`.
        if let Ok(held) = gate.clone().try_lock_owned() {
            let cache = self.clone();
            let db = db.clone();
            let background_key = key.clone();
            tokio::spawn(async move {
                if let Err(err) = cache.refresh(db, background_key, compute, held).await {
                    tracing::warn!(error = ?err, "recomputing a roll-up failed");
                }
            });
        }
        let waited = tokio::time::timeout(wait, gate.lock_owned()).await;
        drop(waited);
        let version = data_version(db).await?;
        Ok(self.lookup::<T>(&key, version).unwrap_or(stale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_cache_drops_older_versions_first() {
        let cache = RollupCache::default();
        let now = Utc::now();
        for i in 0..MAX_ENTRIES {
            let key = RollupKey::Live(RollupScope {
                regions: Some(vec![i32::try_from(i).unwrap()]),
                ..Default::default()
            });
            cache.store(1, now, key, Arc::new(i));
        }
        cache.store(2, now, RollupKey::Trend, Arc::new(0_usize));
        let kept: Kept<usize> = cache.lookup(&RollupKey::Trend, 2).unwrap();
        assert!(kept.current);
        assert_eq!(cache.inner.kept.lock().unwrap().len(), 1, "version 1 went");
        // An older computation never replaces a newer one.
        cache.store(1, now, RollupKey::Trend, Arc::new(9_usize));
        assert_eq!(
            *cache.lookup::<usize>(&RollupKey::Trend, 2).unwrap().value,
            0
        );
        assert!(!cache.lookup::<usize>(&RollupKey::Trend, 3).unwrap().current);
    }
}
