//! The roll-up cache under writes: after a change a reader never waits longer than the
//! cache's wait for the recomputation; it gets the last figures, marked as computed before
//! the change, while one recomputation runs in the background; once it is done every reader
//! gets the new figures. A cache that always waits (tests, scripts) sees every change at
//! once. A failed recomputation keeps the last figures and is tried again. A reader does not
//! wait at all for a scope whose last computation took longer than the wait. On both
//! databases.

use app::error::AppError;
use app::ssr::rollup::cache::{Kept, RollupCache, RollupKey, data_version};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::testing::TestDb;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Notify;

on_both_backends!(
    readers_get_the_last_figures_while_one_recomputation_runs,
    a_failed_recomputation_keeps_the_last_figures,
    a_reader_does_not_wait_for_a_recomputation_that_took_longer_than_its_wait,
);

/// Any committed change a roll-up could see moves the data version.
async fn change(db: &DatabaseConnection) {
    let before = data_version(db).await.unwrap();
    db.execute_unprepared("UPDATE city_region SET population = population WHERE id IN (SELECT id FROM city_region ORDER BY id LIMIT 1)")
        .await
        .unwrap();
    assert!(
        data_version(db).await.unwrap() > before,
        "the change is counted"
    );
}

async fn read(cache: &RollupCache, db: &DatabaseConnection, value: usize) -> Kept<usize> {
    cache
        .get_or_compute(db, RollupKey::KeyFigures, async move |_| Ok(value))
        .await
        .unwrap()
}

async fn readers_get_the_last_figures_while_one_recomputation_runs(t: TestDb) {
    let db = &t.db;
    let cache = RollupCache::with_wait(Duration::ZERO);
    let first = read(&cache, db, 1).await;
    assert_eq!(
        (*first.value, first.current),
        (1, true),
        "nothing kept: computed"
    );
    assert_eq!(
        *read(&cache, db, 99).await.value,
        1,
        "kept while nothing changes"
    );

    change(db).await;
    // A recomputation that takes as long as the test says.
    let release = Arc::new(Notify::new());
    let runs = Arc::new(AtomicUsize::new(0));
    let slow = {
        let (release, runs) = (release.clone(), runs.clone());
        async move |_db: DatabaseConnection| {
            runs.fetch_add(1, Ordering::SeqCst);
            release.notified().await;
            Ok::<usize, AppError>(2)
        }
    };
    let stale = cache
        .get_or_compute(db, RollupKey::KeyFigures, slow)
        .await
        .unwrap();
    assert_eq!(
        (*stale.value, stale.current),
        (1, false),
        "the last figures, marked"
    );
    assert_eq!(stale.as_of, first.as_of);
    // Other readers meanwhile: the same figures, and no second recomputation.
    for _ in 0..5 {
        let again = read(&cache, db, 3).await;
        assert_eq!((*again.value, again.current), (1, false));
    }
    tokio::time::timeout(Duration::from_secs(10), async {
        while runs.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the recomputation started");
    release.notify_one();
    let fresh = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let now = read(&cache, db, 4).await;
            if now.current {
                return now;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the new figures arrive");
    assert_eq!(*fresh.value, 2, "the background recomputation's figures");
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "one recomputation for every reader"
    );

    // A cache that always waits sees the change at once.
    let waiting = RollupCache::default();
    assert_eq!(*read(&waiting, db, 5).await.value, 5);
    change(db).await;
    let after = read(&waiting, db, 6).await;
    assert_eq!((*after.value, after.current), (6, true));

    // A wait long enough for the recomputation: the reader gets the new figures.
    let patient = RollupCache::with_wait(Duration::from_secs(10));
    read(&patient, db, 7).await;
    change(db).await;
    let waited = read(&patient, db, 8).await;
    assert_eq!((*waited.value, waited.current), (8, true));
}

async fn a_failed_recomputation_keeps_the_last_figures(t: TestDb) {
    let db = &t.db;
    let cache = RollupCache::with_wait(Duration::from_secs(10));
    read(&cache, db, 1).await;
    change(db).await;
    let failed = cache
        .get_or_compute(db, RollupKey::KeyFigures, async |_| {
            Err::<usize, AppError>(AppError::Internal)
        })
        .await
        .unwrap();
    assert_eq!(
        (*failed.value, failed.current),
        (1, false),
        "the last figures stand"
    );
    let retried = read(&cache, db, 2).await;
    assert_eq!((*retried.value, retried.current), (2, true), "tried again");
}

async fn a_reader_does_not_wait_for_a_recomputation_that_took_longer_than_its_wait(t: TestDb) {
    let db = &t.db;
    let wait = Duration::from_secs(2);
    let cache = RollupCache::with_wait(wait);
    // The first computation takes longer than the wait.
    cache
        .get_or_compute(db, RollupKey::KeyFigures, async move |_| {
            tokio::time::sleep(wait + Duration::from_millis(100)).await;
            Ok::<usize, AppError>(1)
        })
        .await
        .unwrap();
    change(db).await;
    // The recomputation never ends here; the reader gets the last figures without waiting
    // for it (a reader that waited would come back after `wait`).
    let never = Arc::new(Notify::new());
    let asked = std::time::Instant::now();
    let stale = cache
        .get_or_compute(db, RollupKey::KeyFigures, {
            let never = never.clone();
            async move |_| {
                never.notified().await;
                Ok::<usize, AppError>(2)
            }
        })
        .await
        .unwrap();
    assert_eq!((*stale.value, stale.current), (1, false));
    assert!(asked.elapsed() < wait, "{:?}", asked.elapsed());
}
