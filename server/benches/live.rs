//! Benchmark: live roll-ups under writes at national scale (issue 16), on SQLite and on
//! PostgreSQL.
//!
//! On a generated portfolio (`server::generator`: 100 000 subprojects, 1 000 000 indicator
//! values), the real server binary serves 16 signed-in ministry readers on `/dashboard` and
//! 4 anonymous readers on `/`, first while nothing changes, then while another client (this
//! process, through the same review service as the review page, on the same database: as a
//! second instance would) approves a submitted report every second. A watcher reads the
//! national roll-up through the open API every 100 ms and finds when each approval is in
//! the figures served. Goals: dashboard p95 ≤ 100 ms while approvals go on; each approval
//! in the figures within 1 s. Also the server's peak memory.
//!
//! Run with `cargo bench -p server --bench live`; `SUBPROJECTS=20000` for a quick look,
//! `LIVE_SECONDS` for the length of each phase (20 by default).

mod support;

use app::model::reporting::Transition;
use app::ssr::services::reporting::workflow;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use server::generator::Size;
use server::testing::Backend;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use support::{Server, create_token, ms, percentile};

const DASHBOARD_READERS: usize = 16;
const PUBLIC_READERS: usize = 4;
const MINISTRY: &str = "ministry@innocities.example";
const NATIONAL: &str = "national@innocities.example";

/// Latencies of every page read during a phase, and the failed reads.
#[derive(Default)]
struct Reads {
    dashboard: Vec<Duration>,
    public: Vec<Duration>,
    errors: usize,
}

fn summary(label: &str, times: &mut [Duration], seconds: f64) -> String {
    times.sort();
    format!(
        "{label}: {} reads, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms, {:.0}/s",
        times.len(),
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.95)),
        ms(*times.last().unwrap()),
        times.len() as f64 / seconds
    )
}

/// Every reader reads its page again and again until `stop`.
async fn readers(server: &Server, stop: Arc<AtomicBool>) -> Reads {
    let mut tasks = Vec::new();
    for i in 0..DASHBOARD_READERS + PUBLIC_READERS {
        let dashboard = i < DASHBOARD_READERS;
        let client = if dashboard {
            server.signed_in(MINISTRY).await
        } else {
            reqwest::Client::new()
        };
        let url = format!(
            "{}{}",
            server.base,
            if dashboard { "/dashboard" } else { "/" }
        );
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let (mut times, mut errors) = (Vec::new(), 0);
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                match client.get(&url).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        times.push(started.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            (dashboard, times, errors)
        }));
    }
    let mut reads = Reads::default();
    for task in tasks {
        let (dashboard, times, errors) = task.await.unwrap();
        if dashboard {
            reads.dashboard.extend(times);
        } else {
            reads.public.extend(times);
        }
        reads.errors += errors;
    }
    reads
}

/// Submitted reports to approve, with their versions.
async fn submitted(db: &DatabaseConnection, count: usize) -> Vec<(i32, i32)> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        format!(
            "SELECT id, version FROM report WHERE status = 'submitted' ORDER BY id LIMIT {count}"
        ),
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("", "id").unwrap(),
            r.try_get("", "version").unwrap(),
        )
    })
    .collect()
}

/// Approves a report every second until `stop`; when each approval committed.
async fn approver(db: DatabaseConnection, stop: Arc<AtomicBool>, seconds: u64) -> Vec<Instant> {
    let principal = app::ssr::services::users::principal_by_email(&db, NATIONAL)
        .await
        .unwrap()
        .expect("the national coordinator's account");
    let mut committed = Vec::new();
    let mut every = tokio::time::interval(Duration::from_secs(1));
    for (id, version) in submitted(&db, seconds as usize + 5).await {
        every.tick().await;
        if stop.load(Ordering::Relaxed) {
            break;
        }
        workflow::review(&db, &principal, id, version, Transition::Approve, "")
            .await
            .unwrap();
        committed.push(Instant::now());
    }
    committed
}

/// Reads the national roll-up through the API every 100 ms until `stop`: when each answer
/// came, and the time its figures hold as of (the request's start when they are current).
async fn watcher(base: String, token: String, stop: Arc<AtomicBool>) -> Vec<(Instant, Instant)> {
    let client = reqwest::Client::new();
    let started = Instant::now();
    let wall = chrono::Utc::now();
    let mut seen = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let asked = Instant::now();
        let answer: serde_json::Value = client
            .get(format!("{base}/api/v1/rollups"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let as_of = match answer["computing_since"].as_str() {
            None => asked,
            Some(at) => {
                let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
                let after_start = (at.with_timezone(&chrono::Utc) - wall)
                    .to_std()
                    .unwrap_or_default();
                started + after_start
            }
        };
        seen.push((Instant::now(), as_of));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    seen
}

async fn bench(backend: Backend, size: Size, seconds: u64) -> Vec<String> {
    let test = support::generated(backend, size).await;
    server::demo::users::seed_users(&test.db).await.unwrap();
    let token = create_token(&test.url(), MINISTRY);
    let server = Server::start(
        &test.url(),
        &[("INNOCITIES_API_TOKEN_PER_MINUTE", "1000000")],
    )
    .await;
    let warm = Instant::now();
    let first = server.signed_in(MINISTRY).await;
    let status = first
        .get(format!("{}/dashboard", server.base))
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success());
    println!(
        "  first dashboard after start: {:.0} ms",
        ms(warm.elapsed())
    );

    let phase = Duration::from_secs(seconds);
    let stop = Arc::new(AtomicBool::new(false));
    let timer = {
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(phase).await;
            stop.store(true, Ordering::Relaxed);
        })
    };
    let mut quiet = readers(&server, stop.clone()).await;
    timer.await.unwrap();
    println!(
        "  {}",
        summary(
            "no writes, /dashboard",
            &mut quiet.dashboard,
            phase.as_secs_f64()
        )
    );
    println!(
        "  {}",
        summary("no writes, /", &mut quiet.public, phase.as_secs_f64())
    );

    let stop = Arc::new(AtomicBool::new(false));
    let approving = tokio::spawn(approver(test.db.clone(), stop.clone(), seconds));
    // The watcher goes on for the goal's second after the last approval.
    let stop_watching = Arc::new(AtomicBool::new(false));
    let watching = tokio::spawn(watcher(server.base.clone(), token, stop_watching.clone()));
    let timer = {
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(phase).await;
            stop.store(true, Ordering::Relaxed);
        })
    };
    let mut busy = readers(&server, stop.clone()).await;
    timer.await.unwrap();
    let approvals = approving.await.unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop_watching.store(true, Ordering::Relaxed);
    let seen = watching.await.unwrap();
    let dashboard_p95 = {
        let line = summary(
            "an approval a second, /dashboard",
            &mut busy.dashboard,
            phase.as_secs_f64(),
        );
        println!("  {line}");
        percentile(&busy.dashboard, 0.95)
    };
    println!(
        "  {}",
        summary(
            "an approval a second, /",
            &mut busy.public,
            phase.as_secs_f64()
        )
    );
    println!("  failed reads: {} and {}", quiet.errors, busy.errors);
    // Each approval: from its commit to the first answer whose figures hold it.
    let mut delays: Vec<Duration> = approvals
        .iter()
        .filter_map(|committed| {
            seen.iter()
                .find(|(_, as_of)| as_of >= committed)
                .map(|(answered, _)| answered.duration_since(*committed))
        })
        .collect();
    let unseen = approvals.len() - delays.len();
    delays.sort();
    let visible_p95 = if delays.is_empty() {
        Duration::MAX
    } else {
        let p95 = percentile(&delays, 0.95);
        println!(
            "  {} approvals: in the figures after p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms ({unseen} not seen within 1 s of the end)",
            approvals.len(),
            ms(percentile(&delays, 0.5)),
            ms(p95),
            ms(*delays.last().unwrap())
        );
        p95
    };
    let peak = server.peak_mb();
    println!("  server peak memory (VmHWM): {peak:.1} MB");
    let verdict = |ok: bool| if ok { "meets" } else { "misses" };
    vec![
        format!(
            "{backend:?}: dashboard p95 under writes {:.1} ms – {}",
            ms(dashboard_p95),
            verdict(dashboard_p95 <= Duration::from_millis(100))
        ),
        format!(
            "{backend:?}: approval in the figures p95 {:.0} ms – {}",
            ms(visible_p95.min(Duration::from_secs(3600))),
            verdict(visible_p95 <= Duration::from_secs(1) && unseen == 0)
        ),
    ]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let size = Size::from_env();
    let seconds: u64 = std::env::var("LIVE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    println!(
        "Live roll-ups under writes: {} subprojects, {seconds} s a phase",
        size.subprojects
    );
    let mut verdicts = bench(Backend::Sqlite, size, seconds).await;
    if sea_orm::Database::connect(server::testing::postgres_admin_url())
        .await
        .is_ok()
    {
        verdicts.extend(bench(Backend::Postgres, size, seconds).await);
    } else {
        println!("PostgreSQL not reachable: skipped");
    }
    for v in verdicts {
        println!("{v}");
    }
}
