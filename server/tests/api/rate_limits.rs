//! The open API's rate limits hold across instances: each instance counts in memory and
//! shares its counts through the database about once a second, so a token past its limit is
//! refused by every instance, not allowed its limit once per instance. On both databases.

use super::*;
use server::api_v1::limits::Limiter;
use std::time::Duration;

on_both_backends!(
    limiters_share_their_counts_through_the_database,
    two_instances_refuse_a_token_past_its_limit_together
);

/// The limit of the HTTP test's servers: four requests a minute per token.
const LIMIT: &str = "4";

async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    super::run_with_env(backend, &[("INNOCITIES_API_TOKEN_PER_MINUTE", LIMIT)], test).await;
}

/// Rows of the shared counts in `window`.
async fn rows_in(app: &TestApp, window: i64) -> i64 {
    #[derive(sea_orm::FromQueryResult)]
    struct N {
        n: i64,
    }
    app::ssr::sql::fetch_one::<N>(
        &app.db,
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM api_rate_count WHERE window_minute = ?",
        vec![window.into()],
    )
    .await
    .unwrap()
    .n
}

async fn limiters_share_their_counts_through_the_database(app: TestApp) {
    let (a, b) = (Limiter::new(5, 100), Limiter::new(5, 100));
    let now = 1_800_000_010;
    let window = now / 60;
    let token = "token:7";
    for _ in 0..3 {
        a.count_at(token, now).unwrap();
    }
    a.sync_at(&app.db, now).await.unwrap();
    for _ in 0..2 {
        b.count_at(token, now).unwrap();
    }
    b.sync_at(&app.db, now).await.unwrap();
    let refused = b.count_at(token, now).unwrap_err();
    assert_eq!(refused.status, 429, "B knows A's three and its own two");

    // A decides on what it last learnt: one more request slips through (the price of not
    // asking the database per request), and its next sync learns the total.
    a.count_at(token, now).unwrap();
    a.sync_at(&app.db, now).await.unwrap();
    assert!(a.count_at(token, now).is_err(), "A knows the total of six");
    assert!(a.count_at("token:8", now).is_ok(), "another token");
    a.sync_at(&app.db, now).await.unwrap();

    // A sync that fails keeps the counts, and the next one adds them.
    let elsewhere = sea_orm::Database::connect("sqlite::memory:").await.unwrap();
    let c = Limiter::new(5, 100);
    c.count_at("addr:192.0.2.1", now).unwrap();
    assert!(c.sync_at(&elsewhere, now).await.is_err(), "no table there");
    c.sync_at(&app.db, now).await.unwrap();
    assert_eq!(
        rows_in(&app, window).await,
        3,
        "tokens 7 and 8, the address"
    );

    // The next minute starts from nothing, and two minutes on the old counts are deleted.
    assert!(a.count_at(token, now + 60).is_ok());
    a.sync_at(&app.db, now + 120).await.unwrap();
    assert_eq!(rows_in(&app, window).await, 0, "forgotten");
    assert_eq!(rows_in(&app, window + 1).await, 1);
}

async fn two_instances_refuse_a_token_past_its_limit_together(a: TestApp) {
    let b = spawn_app(a.db.clone()).await;
    let minute = || chrono::Utc::now().timestamp().div_euclid(60);
    // The requests must fall in one minute: a run that straddles two is run again.
    for _ in 0..2 {
        let second = chrono::Utc::now().timestamp().rem_euclid(60);
        if second > 50 {
            tokio::time::sleep(Duration::from_secs(61 - second.unsigned_abs())).await;
        }
        let token = super::open_api::token_of(&a, "ministry@innocities.example", false).await;
        let started = minute();
        let (slipped, last) = past_the_limit(&a, &b, &token).await;
        if minute() != started {
            continue;
        }
        assert!(
            slipped <= 1,
            "at most the one that had not yet heard: {slipped}"
        );
        assert_eq!(last, [StatusCode::TOO_MANY_REQUESTS; 2], "both refuse");
        return;
    }
    panic!("two runs straddled a minute");
}

/// Two requests through each of `a` and `b` (the limit, each instance having counted only
/// two); once both have shared their counts, one through each (how many passed: the one
/// that had not yet heard of the other's may let one through); once both have heard, one
/// through each again (their statuses).
async fn past_the_limit(a: &TestApp, b: &TestApp, token: &str) -> (usize, [StatusCode; 2]) {
    let settle = Duration::from_millis(2_500);
    for app in [a, b, a, b] {
        assert_eq!(status(app, token).await, StatusCode::OK);
    }
    tokio::time::sleep(settle).await;
    let slipped = [status(a, token).await, status(b, token).await]
        .iter()
        .filter(|s| **s == StatusCode::OK)
        .count();
    tokio::time::sleep(settle).await;
    (slipped, [status(a, token).await, status(b, token).await])
}

/// The status of a read of the themes through `app` with `token`.
async fn status(app: &TestApp, token: &str) -> StatusCode {
    super::open_api::get_json(app, Some(token), "/api/v1/themes", &[])
        .await
        .0
}
