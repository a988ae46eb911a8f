//! The database session store saves, loads, replaces, expires and deletes sessions.

use app::ssr::session_store::DbSessionStore;
use server::testing::TestDb;
use std::collections::HashMap;
use tower_sessions::cookie::time::{Duration, OffsetDateTime};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

on_both_backends!(sessions_live_in_the_database);

fn record(minutes: i64) -> Record {
    let mut data = HashMap::new();
    data.insert("user".to_string(), serde_json::json!({ "user_id": 7 }));
    Record {
        id: Id::default(),
        data,
        expiry_date: OffsetDateTime::now_utc() + Duration::minutes(minutes),
    }
}

async fn sessions_live_in_the_database(test: TestDb) {
    let store = DbSessionStore::new(test.db.clone());
    let mut live = record(30);
    store.create(&mut live).await.unwrap();
    let loaded = store
        .load(&live.id)
        .await
        .unwrap()
        .expect("saved session loads");
    assert_eq!(loaded.data, live.data);

    live.data.insert("more".into(), serde_json::json!(1));
    store.save(&live).await.unwrap();
    assert_eq!(
        store.load(&live.id).await.unwrap().unwrap().data.len(),
        2,
        "save replaces"
    );

    let mut expired = record(-1);
    store.create(&mut expired).await.unwrap();
    assert!(
        store.load(&expired.id).await.unwrap().is_none(),
        "an expired session does not load"
    );
    store.delete_expired().await.unwrap();

    store.delete(&live.id).await.unwrap();
    assert!(
        store.load(&live.id).await.unwrap().is_none(),
        "a deleted session is gone"
    );
}
