//! Computed roll-ups kept against the database's change counter (`rollup_version`, kept by
//! triggers on every table a roll-up reads; migration 12). A dashboard or the public key
//! figures are computed once per version and scope and served from memory until any change
//! commits. Every server instance reads the counter, so an instance never takes its own
//! kept figures for current after another instance's change.
//!
//! After a change, readers do not queue behind the recomputation (at national scale it takes
//! seconds): one recomputation per scope runs in the background, and a reader waits for it at
//! most the cache's `wait` (and not at all when the last computation of that scope took
//! longer than the wait), then gets the last figures computed, marked with the time they
//! were computed ([`Kept::as_of`]) and as not current. Only a scope never computed before is
//! waited for whatever it takes. The wait is `INNOCITIES_ROLLUP_WAIT_MS` for a server
//! (50 ms by default; see [`RollupCache::from_env`]); a cache made with `default()` waits as
//! long as it takes, so that a reader always sees every change committed before it asked.
//!
//! A live roll-up is its regions' parts added up ([`super::parts`]). Each part is kept against
//! its own counter and the one for what every part reads (migrations 20 and 21), so a
//! recomputation after an approval computes one part (a sixteenth of a region) again and
//! adds up the others as kept. The trend is kept against the frozen roll-ups' counter only.

use crate::error::AppError;
use crate::ssr::rollup::indicators::RollupScope;
use crate::ssr::rollup::part_queries::compute_parts;
use crate::ssr::rollup::parts::{Part, SHARDS, region_of};
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
    /// One part of the figures of a filter (its regions and parts are `None`), by part id.
    Part(i32, RollupScope),
    /// The computation of parts of a filter (only its gate is used: one at a time).
    Parts(RollupScope),
    Trend,
    KeyFigures,
}

/// The counter of what every region's part reads (the indicator catalogue, the periods).
pub const GLOBAL_PART: i32 = 0;
/// The counter of the frozen roll-ups.
pub const SNAPSHOTS_PART: i32 = -1;

/// The data's change counters now: the one for everything and those by part.
#[derive(Clone, Debug, Default)]
pub struct Versions {
    all: i64,
    parts: HashMap<i32, i64>,
}

impl Versions {
    /// The counter of `part` (a part's id, [`GLOBAL_PART`] or [`SNAPSHOTS_PART`]).
    pub fn part(&self, part: i32) -> i64 {
        self.parts.get(&part).copied().unwrap_or(0)
    }

    /// The counters that moved since `before`, in order.
    pub fn moved_since(&self, before: &Versions) -> Vec<i32> {
        let mut moved: Vec<i32> = self
            .parts
            .iter()
            .filter(|(part, n)| **n > before.part(**part))
            .map(|(part, _)| *part)
            .collect();
        moved.sort_unstable();
        moved
    }
}

impl RollupKey {
    /// The kind of roll-up, for metrics.
    fn kind(&self) -> &'static str {
        match self {
            RollupKey::Live(scope) if scope.regions.is_none() => "national",
            RollupKey::Live(_) => "regions",
            RollupKey::Part(..) | RollupKey::Parts(_) => "parts",
            RollupKey::Trend => "trend",
            RollupKey::KeyFigures => "key_figures",
        }
    }

    /// The version the key's value is kept against. Counters only grow, so a sum of two is
    /// unchanged exactly when both are.
    fn version(&self, versions: &Versions) -> i64 {
        match self {
            RollupKey::Live(_) | RollupKey::KeyFigures | RollupKey::Parts(_) => versions.all,
            RollupKey::Part(part, _) => versions
                .part(GLOBAL_PART)
                .saturating_add(versions.part(*part)),
            RollupKey::Trend => versions.part(SNAPSHOTS_PART),
        }
    }
}

/// At most this many roll-ups are kept (parts included: a filter's national figures are 256
/// parts); past it the oldest computations go first.
const MAX_ENTRIES: usize = 8192;

/// How long a server's reader waits for a recomputation by default.
pub const DEFAULT_WAIT: Duration = Duration::from_millis(50);

/// A kept roll-up: its value, the data version it was computed at, when, and how long the
/// computation took.
#[derive(Clone)]
struct Stamped {
    version: i64,
    at: DateTime<Utc>,
    took: Duration,
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

#[derive(FromQueryResult)]
struct PartVersion {
    part: i32,
    n: i64,
}

/// Every change counter now. The one for everything is read first, so parts read after it
/// hold at least every change it counts.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn versions(db: &impl ConnectionTrait) -> Result<Versions, AppError> {
    read_versions(db, "SELECT part, n FROM rollup_part_version").await
}

/// The counter for everything and those not of a region's part (what every reader of a
/// kept roll-up needs; a part's own counters are read when parts are).
async fn fixed_versions(db: &impl ConnectionTrait) -> Result<Versions, AppError> {
    read_versions(
        db,
        "SELECT part, n FROM rollup_part_version WHERE part <= 0",
    )
    .await
}

async fn read_versions(db: &impl ConnectionTrait, parts: &str) -> Result<Versions, AppError> {
    let all = data_version(db).await?;
    let parts = crate::ssr::sql::fetch_all::<PartVersion>(db, parts, vec![])
        .await?
        .into_iter()
        .map(|p| (p.part, p.n))
        .collect();
    Ok(Versions { all, parts })
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

    fn lookup<T: Send + Sync + 'static>(
        &self,
        key: &RollupKey,
        versions: &Versions,
    ) -> Option<Kept<T>> {
        let version = key.version(versions);
        let kept = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        let stamped = kept.get(key)?;
        Some(Kept {
            value: stamped.value.clone().downcast::<T>().ok()?,
            as_of: stamped.at,
            current: stamped.version >= version,
        })
    }

    /// How long the last computation of `key` took, if one is kept.
    fn last_took(&self, key: &RollupKey) -> Option<Duration> {
        let kept = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(key).map(|k| k.took)
    }

    fn store(
        &self,
        version: i64,
        (at, took): (DateTime<Utc>, Duration),
        key: RollupKey,
        value: Arc<dyn Any + Send + Sync>,
    ) {
        let mut kept = self.inner.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.get(&key).is_some_and(|k| k.version > version) {
            // Computed from older data than what is kept already.
            return;
        }
        if kept.len() >= MAX_ENTRIES && !kept.contains_key(&key) {
            // Full: the half computed longest ago goes.
            let mut times: Vec<DateTime<Utc>> = kept.values().map(|k| k.at).collect();
            times.sort_unstable();
            let cut = times[times.len() / 2];
            kept.retain(|_, k| k.at > cut);
        }
        kept.insert(
            key,
            Stamped {
                version,
                at,
                took,
                value,
            },
        );
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
        let versions = fixed_versions(&db).await?;
        if let Some(hit) = self.lookup::<T>(&key, &versions).filter(|k| k.current) {
            return Ok(hit);
        }
        let version = key.version(&versions);
        let at = Utc::now();
        let started = std::time::Instant::now();
        let value = Arc::new(compute(db).await?);
        let took = started.elapsed();
        crate::ssr::metrics::observe(
            "innocities_rollup_compute_seconds",
            &[("kind", key.kind())],
            took,
        );
        self.store(version, (at, took), key, value.clone());
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
        let now = fixed_versions(db).await?;
        let kept = match self.lookup::<T>(&key, &now) {
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
        // Waiting is worth it only for a recomputation expected to end within the wait; one
        // that took longer last time would only delay this reader's stale figures.
        if self.last_took(&key).is_none_or(|took| took <= wait) {
            let waited = tokio::time::timeout(wait, gate.lock_owned()).await;
            drop(waited);
        }
        let now = fixed_versions(db).await?;
        Ok(self.lookup::<T>(&key, &now).unwrap_or(stale))
    }

    /// The parts `wanted` of the figures of `filter`, each as kept at `now` or computed (and
    /// kept) now: those not current are computed together, one computation per filter at a
    /// time (a reader that waited for another's takes what it kept). Used while a roll-up
    /// is computed, which waits for its parts.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn parts(
        &self,
        db: &DatabaseConnection,
        now: &Versions,
        filter: &RollupScope,
        wanted: &[i32],
    ) -> Result<HashMap<i32, Arc<Part>>, AppError> {
        let mut found = HashMap::new();
        let stale = self.kept_parts(now, filter, wanted, &mut found);
        if stale.is_empty() {
            return Ok(found);
        }
        let _held = self
            .gate(&RollupKey::Parts(filter.clone()))
            .lock_owned()
            .await;
        // Read again: what another reader computed meanwhile is current now.
        let now = versions(db).await?;
        let stale = self.kept_parts(&now, filter, &stale, &mut found);
        if stale.is_empty() {
            return Ok(found);
        }
        let at = Utc::now();
        let started = std::time::Instant::now();
        let mut regions: Vec<i32> = stale.iter().map(|p| region_of(*p)).collect();
        regions.sort_unstable();
        regions.dedup();
        // Every part of the regions: no list of parts to match.
        let whole_regions = stale.len() == regions.len() * usize::try_from(SHARDS).unwrap_or(1);
        let scope = RollupScope {
            regions: Some(regions),
            parts: (!whole_regions).then(|| stale.clone()),
            ..filter.clone()
        };
        let mut computed = compute_parts(db, &scope).await?;
        let took = started.elapsed();
        crate::ssr::metrics::observe(
            "innocities_rollup_compute_seconds",
            &[("kind", "parts")],
            took,
        );
        for id in stale {
            let part = Arc::new(computed.remove(&id).unwrap_or_default());
            let key = RollupKey::Part(id, filter.clone());
            self.store(key.version(&now), (at, took), key, part.clone());
            found.insert(id, part);
        }
        Ok(found)
    }

    /// Puts the parts of `ids` kept current at `now` into `found`; gives the others.
    fn kept_parts(
        &self,
        now: &Versions,
        filter: &RollupScope,
        ids: &[i32],
        found: &mut HashMap<i32, Arc<Part>>,
    ) -> Vec<i32> {
        let mut stale = Vec::new();
        for id in ids {
            let key = RollupKey::Part(*id, filter.clone());
            match self.lookup::<Part>(&key, now).filter(|k| k.current) {
                Some(hit) => {
                    found.insert(*id, hit.value);
                }
                None => stale.push(*id),
            }
        }
        stale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(all: i64) -> Versions {
        Versions {
            all,
            parts: HashMap::new(),
        }
    }

    #[test]
    fn a_full_cache_drops_the_oldest_computations_first() {
        let cache = RollupCache::default();
        let start = Utc::now();
        for i in 0..MAX_ENTRIES {
            let key = RollupKey::Live(RollupScope {
                regions: Some(vec![i32::try_from(i).unwrap()]),
                ..Default::default()
            });
            let when = start + chrono::Duration::milliseconds(i64::try_from(i).unwrap());
            cache.store(1, (when, Duration::ZERO), key, Arc::new(i));
        }
        let later = start + chrono::Duration::seconds(10);
        cache.store(
            2,
            (later, Duration::ZERO),
            RollupKey::KeyFigures,
            Arc::new(0_usize),
        );
        let kept: Kept<usize> = cache.lookup(&RollupKey::KeyFigures, &at(2)).unwrap();
        assert!(kept.current);
        let left = cache.inner.kept.lock().unwrap().len();
        assert_eq!(left, MAX_ENTRIES / 2, "the older half went");
        let newest = RollupKey::Live(RollupScope {
            regions: Some(vec![i32::try_from(MAX_ENTRIES - 1).unwrap()]),
            ..Default::default()
        });
        assert!(cache.lookup::<usize>(&newest, &at(1)).is_some());
        // An older computation never replaces a newer one.
        cache.store(
            1,
            (later, Duration::ZERO),
            RollupKey::KeyFigures,
            Arc::new(9_usize),
        );
        let figures = cache.lookup::<usize>(&RollupKey::KeyFigures, &at(2));
        assert_eq!(*figures.unwrap().value, 0);
        assert!(
            !cache
                .lookup::<usize>(&RollupKey::KeyFigures, &at(3))
                .unwrap()
                .current
        );
    }

    #[test]
    fn a_part_is_current_until_its_region_or_what_all_parts_read_changes() {
        let key = RollupKey::Part(7, RollupScope::default());
        let mut v = at(1);
        v.parts.insert(GLOBAL_PART, 3);
        v.parts.insert(7, 4);
        v.parts.insert(8, 1);
        let cache = RollupCache::default();
        cache.store(
            key.version(&v),
            (Utc::now(), Duration::ZERO),
            key.clone(),
            Arc::new(1_u8),
        );
        let mut other_region = v.clone();
        other_region.parts.insert(8, 2);
        other_region.all = 2;
        assert!(cache.lookup::<u8>(&key, &other_region).unwrap().current);
        let mut own = other_region.clone();
        own.parts.insert(7, 5);
        assert!(!cache.lookup::<u8>(&key, &own).unwrap().current);
        let mut global = other_region;
        global.parts.insert(GLOBAL_PART, 4);
        assert!(!cache.lookup::<u8>(&key, &global).unwrap().current);
    }
}
