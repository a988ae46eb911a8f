//! Computed roll-ups kept against the database's change counter (`rollup_version`, kept by
//! triggers on every table a roll-up reads; migration 12). A dashboard or the public key
//! figures are computed once per version and scope and served from memory until any change
//! commits; then the next reader recomputes. Every server instance reads the counter, so
//! instances sharing a database never serve each other's stale figures.

use crate::error::AppError;
use crate::ssr::rollup::indicators::RollupScope;
use crate::ssr::sql::fetch_one;
use sea_orm::{ConnectionTrait, FromQueryResult};
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What is kept: a live roll-up of one scope, the trend over frozen periods, or the public
/// key figures.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum RollupKey {
    Live(RollupScope),
    Trend,
    KeyFigures,
}

/// At most this many roll-ups are kept; past it the oldest version's entries go at once.
const MAX_ENTRIES: usize = 512;

type Entry = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
struct Kept {
    version: i64,
    entries: HashMap<RollupKey, Entry>,
}

/// The roll-ups of the current data version. Shared by every request (in `AppState`).
#[derive(Default)]
pub struct RollupCache {
    kept: Mutex<Kept>,
    // One computation per key at a time: twenty readers arriving after a change wait for the
    // first one's result instead of computing it twenty times, while a slow national roll-up
    // never holds up the public key figures or another scope.
    computing: Mutex<HashMap<RollupKey, Arc<tokio::sync::Mutex<()>>>>,
}

impl std::fmt::Debug for RollupCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RollupCache").finish_non_exhaustive()
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
    fn lookup<T: Send + Sync + 'static>(&self, version: i64, key: &RollupKey) -> Option<Arc<T>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.version != version {
            return None;
        }
        kept.entries.get(key).cloned()?.downcast::<T>().ok()
    }

    fn store(&self, version: i64, key: RollupKey, value: Entry) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if version < kept.version {
            // Computed from older data than what is kept already.
            return;
        }
        if version > kept.version || kept.entries.len() >= MAX_ENTRIES {
            kept.entries.clear();
            kept.version = version;
        }
        kept.entries.insert(key, value);
    }

    /// The value of `key` at the current data version: kept, or computed by `compute` and
    /// kept. `compute` runs after the version is read, so what it sees is at least as new.
    ///
    /// # Errors
    /// The database fails, or `compute` fails (nothing is kept then).
    pub async fn get_or_compute<T, F>(
        &self,
        db: &impl ConnectionTrait,
        key: RollupKey,
        compute: F,
    ) -> Result<Arc<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: Future<Output = Result<T, AppError>>,
    {
        if let Some(hit) = self.lookup(data_version(db).await?, &key) {
            return Ok(hit);
        }
        let gate = {
            let mut gates = self.computing.lock().unwrap_or_else(|e| e.into_inner());
            if gates.len() >= MAX_ENTRIES {
                gates.retain(|_, g| Arc::strong_count(g) > 1);
            }
            gates.entry(key.clone()).or_default().clone()
        };
        let _one_at_a_time = gate.lock().await;
        // Read again: the version may have moved, or another reader computed it meanwhile.
        let version = data_version(db).await?;
        if let Some(hit) = self.lookup(version, &key) {
            return Ok(hit);
        }
        let value = Arc::new(compute.await?);
        self.store(version, key, value.clone());
        Ok(value)
    }
}
