//! Benchmark: the open API at national scale, on SQLite and on PostgreSQL (issue 15). On a
//! generated portfolio (`server::generator`: 100 000 subprojects), the release server
//! binary serves `/api/v1`; a national token made by `server create-token`:
//! - pages through every package, `limit=100` (each page with its subprojects and money),
//!   and reports each page's time (p50, p95, max) and the whole pass;
//! - asks for the national roll-up again and again with the `ETag` of the first answer in
//!   `If-None-Match` (a BI refresh of unchanged data), and reports p50 and p95.
//!
//! Run with `cargo bench -p server --bench api`; `SUBPROJECTS=20000` for a quick look.

mod support;

use server::generator::Size;
use server::testing::Backend;
use std::time::Instant;
use support::{Server, create_token, ms, percentile};

async fn bench(backend: Backend, size: Size) {
    let test = support::generated(backend, size).await;
    server::demo::users::seed_users(&test.db).await.unwrap();
    let token = create_token(&test.url(), "national@innocities.example");
    let server = Server::start(
        &test.url(),
        &[("INNOCITIES_API_TOKEN_PER_MINUTE", "1000000")],
    )
    .await;
    let base = &server.base;
    let client = reqwest::Client::new();

    // Every package, a page at a time.
    let mut pages = Vec::new();
    let (mut packages, mut subprojects) = (0usize, 0usize);
    let mut after: Option<String> = None;
    let pass = Instant::now();
    loop {
        let mut url = format!("{base}/api/v1/packages?limit=100");
        if let Some(cursor) = &after {
            url.push_str(&format!("&after={cursor}"));
        }
        let started = Instant::now();
        let page: serde_json::Value = client
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        pages.push(started.elapsed());
        let items = page["items"].as_array().unwrap();
        packages += items.len();
        subprojects += items
            .iter()
            .map(|p| p["subprojects"].as_array().map_or(0, Vec::len))
            .sum::<usize>();
        match page["next"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    let whole = pass.elapsed();
    pages.sort();
    println!(
        "  packages: {packages} ({subprojects} subprojects) in {} pages, {:.1} s; per page p50 \
         {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        pages.len(),
        whole.as_secs_f64(),
        ms(percentile(&pages, 0.5)),
        ms(percentile(&pages, 0.95)),
        ms(*pages.last().unwrap()),
    );

    // The national roll-up, unchanged, asked for with its ETag.
    let first = client
        .get(format!("{base}/api/v1/rollups"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let mut times = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        let response = client
            .get(format!("{base}/api/v1/rollups"))
            .bearer_auth(&token)
            .header("If-None-Match", &tag)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 304);
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "  conditional roll-up (304): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap()),
    );
    drop(server);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let size = Size::from_env();
    println!("Open API benchmark: {} subprojects", size.subprojects);
    bench(Backend::Sqlite, size).await;
    if sea_orm::Database::connect(server::testing::postgres_admin_url())
        .await
        .is_ok()
    {
        bench(Backend::Postgres, size).await;
    } else {
        println!("PostgreSQL not reachable: skipped");
    }
}
