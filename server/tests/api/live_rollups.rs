//! The dashboard under writes, as a server serves it: after a change the page does not wait
//! for the national roll-up to be recomputed; it shows the last figures with the time they
//! were computed and says that new ones are on their way, and shows the new figures once
//! they are computed. On both databases.

use super::*;
use sea_orm::ConnectionTrait;

on_both_backends!(the_dashboard_shows_the_last_figures_while_new_ones_are_computed);

/// As the other tests' app, with a server's cache that waits for no recomputation.
async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    super::run_with_env(backend, &[("INNOCITIES_ROLLUP_WAIT_MS", "0")], test).await;
}

async fn the_dashboard_shows_the_last_figures_while_new_ones_are_computed(app: TestApp) {
    let ministry = browser_of(&app, "ministry@innocities.example").await;
    let page = |client: Client| {
        let url = app.url("/dashboard");
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.text().await.unwrap()
        }
    };
    let first = page(ministry.clone()).await;
    assert!(
        !first.contains("data-testid=\"computing\""),
        "computed for the first reader"
    );

    app.db
        .execute_unprepared("UPDATE city_region SET population = population + 1")
        .await
        .unwrap();
    let during = page(ministry.clone()).await;
    assert!(
        during.contains("data-testid=\"computing\""),
        "the reader did not wait for the recomputation"
    );
    assert!(during.contains("role=\"status\""));
    let done = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            let now = page(ministry.clone()).await;
            if !now.contains("data-testid=\"computing\"") {
                return now;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the new figures are computed");
    assert!(done.contains("<h1"));
}
