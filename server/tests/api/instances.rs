//! Two instances of the server on one database, as behind a proxy: a session made through
//! one works through the other; a change made through one is in the other's roll-up within
//! a second, with a server's roll-up wait; failed sign-ins count across both. On both
//! databases.

use super::*;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    two_instances(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    two_instances(Backend::Postgres).await;
}

async fn two_instances(backend: Backend) {
    // SAFETY: nextest runs every test in a process of its own, before any other thread
    // reads the environment.
    unsafe { std::env::set_var("INNOCITIES_ROLLUP_WAIT_MS", "50") };
    let db = TestDb::new(backend).await;
    server::demo::seed(&db.db).await.expect("demo data loads");
    let a = spawn_app(db.db.clone()).await;
    let b = spawn_app(db.db.clone()).await;

    // Signed in through A, the same session cookie reads through B.
    let coordinator = browser_of(&a, "tampere@innocities.example").await;
    let page = coordinator.get(b.url("/account")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK, "B knows A's session");

    // A change through A is in B's roll-up within a second.
    let writer = super::open_api::token_of(&a, "tampere@innocities.example", true).await;
    let reader = super::open_api::token_of(&b, "national@innocities.example", false).await;
    let planned = |rollup: &serde_json::Value| rollup["planned"]["eu"].as_str().unwrap().to_owned();
    let (_, _, before) = super::open_api::get_json(&b, Some(&reader), "/api/v1/rollups", &[]).await;
    let sub = super::api_history::writable_report(&a, "tampere@innocities.example").await;
    let stored = entity::subproject::Entity::find_by_id(sub)
        .one(&db.db)
        .await
        .unwrap()
        .unwrap();
    let (status, _) = super::open_api::send_json(
        &a,
        reqwest::Method::PUT,
        &writer,
        &format!("/api/v1/subprojects/{sub}/planned"),
        &serde_json::json!({"version": stored.version, "planned": {"eu": "987654.32"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let changed = Instant::now();
    let seen = loop {
        let (_, _, now) =
            super::open_api::get_json(&b, Some(&reader), "/api/v1/rollups", &[]).await;
        if planned(&now) != planned(&before) && now["computing_since"].is_null() {
            break changed.elapsed();
        }
        assert!(
            changed.elapsed() < Duration::from_secs(10),
            "the change never reached B"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!("a change through A was in B's roll-up after {seen:?}");
    assert!(seen < Duration::from_secs(1), "within a second: {seen:?}");

    // Failed sign-ins through A and B alike count for the account.
    for attempt in 0..=app::ssr::services::throttle::FREE_FAILURES {
        let instance = if attempt % 2 == 0 { &a } else { &b };
        sign_in(
            &browser(instance),
            instance,
            "turku@innocities.example",
            "wrong",
        )
        .await;
    }
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let throttled = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("sign_in_throttled"))
        .all(&db.db)
        .await
        .unwrap();
    assert!(
        !throttled.is_empty(),
        "the sixth failure, through either instance, is throttled"
    );
}
