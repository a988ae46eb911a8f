//! Running in production: health and readiness, a database outage answered 503 at once and
//! recovered from without a restart, and a graceful shutdown on SIGTERM that finishes what
//! it started and exits 0.

use super::*;
use sea_orm::{ConnectionTrait, Database};
use std::time::{Duration, Instant};

on_both_backends!(
    health_and_readiness_are_answered,
    forwarding_headers_from_an_untrusted_peer_count_for_nothing,
);

async fn forwarding_headers_from_an_untrusted_peer_count_for_nothing(app: TestApp) {
    use super::forwarded::failed_sign_in_from;
    for forged in [
        ("X-Forwarded-For", "203.0.113.7"),
        ("Forwarded", "for=203.0.113.7"),
    ] {
        assert_eq!(failed_sign_in_from(&app, &[forged]).await, "127.0.0.1");
    }
}

async fn health_and_readiness_are_answered(app: TestApp) {
    let client = reqwest::Client::new();
    for (path, text) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.text().await.unwrap(), text);
    }
}

/// Runs `statement` on the PostgreSQL server as its administrator.
async fn as_admin(statement: &str) {
    let admin = Database::connect(server::testing::postgres_admin_url())
        .await
        .unwrap();
    admin.execute_unprepared(statement).await.unwrap();
    admin.close().await.unwrap();
}

/// Takes the test's PostgreSQL database away from the app (its connections ended, new ones
/// refused) as a restart does, and brings it back.
async fn outage(name: &str, down: bool) {
    if down {
        as_admin(&format!(
            "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false"
        ))
        .await;
        as_admin(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .await;
    } else {
        as_admin(&format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_is_answered_503_at_once_and_recovered_from_without_a_restart() {
    run(Backend::Postgres, during_an_outage).await;
}

async fn during_an_outage(app: TestApp) {
    let name: String = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT current_database() AS name",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "name")
        .unwrap();
    let ministry = browser_of(&app, "ministry@innocities.example").await;
    let token = super::open_api::token_of(&app, "national@innocities.example", false).await;
    let api = reqwest::Client::new();
    let get = |client: &Client, path: &str| client.get(app.url(path)).send();
    assert_eq!(get(&ministry, "/projects").await.unwrap().status(), 200);

    outage(&name, true).await;
    // Every kind of request: a page, a signed-in page, the open API; each answered 503
    // quickly, none hanging, a page naming its request.
    let started = Instant::now();
    let mut answers = Vec::new();
    for _ in 0..3 {
        for path in ["/", "/projects", "/dashboard"] {
            let response = get(&ministry, path).await.unwrap();
            let id = response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned();
            answers.push((path, response.status(), id, response.text().await.unwrap()));
        }
        let response = api
            .get(app.url("/api/v1/regions"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        answers.push((
            "/api/v1/regions",
            response.status(),
            String::new(),
            response.text().await.unwrap(),
        ));
    }
    let elapsed = started.elapsed();
    for (path, status, id, body) in &answers {
        assert_eq!(*status, StatusCode::SERVICE_UNAVAILABLE, "{path}: {body}");
        if path.starts_with("/api/v1") {
            assert!(body.contains("\"status\":503"), "{body}");
        } else {
            assert!(body.contains(id.as_str()), "the page names request {id}");
        }
    }
    assert!(
        elapsed < Duration::from_secs(10),
        "12 requests answered in {elapsed:?}, not waiting for the database"
    );
    let alive = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(alive.status(), StatusCode::OK, "the process is alive");
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE, "not ready");

    outage(&name, false).await;
    let back = Instant::now();
    let recovered = tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            let response = get(&ministry, "/projects").await.unwrap();
            if response.status() == StatusCode::OK {
                return back.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the app recovers by itself");
    println!("recovered {recovered:?} after the database came back");
    assert_eq!(
        reqwest::get(app.url("/readyz")).await.unwrap().status(),
        StatusCode::OK
    );
    let regions = api
        .get(app.url("/api/v1/regions"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        regions.status(),
        StatusCode::OK,
        "the session and token still hold"
    );
}

/// A free port on this machine.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server binary serving `db` on a free port with `env` besides, once it is ready; its
/// process and address.
async fn ready_binary(db: &TestDb, env: &[(&str, String)]) -> (std::process::Child, String) {
    ready_binary_logging_to(db, env, std::process::Stdio::inherit()).await
}

/// Sends SIGTERM to the server.
pub(crate) fn terminate(child: &std::process::Child) {
    let term = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
}

/// [`ready_binary`] with its log (standard error) sent to `log`.
async fn ready_binary_logging_to(
    db: &TestDb,
    env: &[(&str, String)],
    log: std::process::Stdio,
) -> (std::process::Child, String) {
    ready_binary_on(db, env, log, free_port()).await
}

/// [`ready_binary_logging_to`] on `port`.
// The caller waits for the process it is given.
#[allow(clippy::zombie_processes)]
pub(crate) async fn ready_binary_on(
    db: &TestDb,
    env: &[(&str, String)],
    log: std::process::Stdio,
    port: u16,
) -> (std::process::Child, String) {
    let base = format!("http://127.0.0.1:{port}");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .arg("serve")
        .env("DATABASE_URL", db.url())
        .env("INNOCITIES_ADDR", format!("127.0.0.1:{port}"))
        .env("INNOCITIES_PUBLIC_URL", &base)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(log);
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let probe = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        // A listener on the port that is not this server would answer differently.
        if let Ok(r) = probe.get(format!("{base}/readyz")).send().await {
            assert_eq!(r.text().await.unwrap(), "ready");
            return (child, base);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not start");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_requests_in_flight_and_exits_0() {
    let db = TestDb::new(Backend::Sqlite).await;
    server::demo::seed(&db.db).await.unwrap();
    let (mut child, base) = ready_binary(&db, &[]).await;
    // Readers keep asking for pages; SIGTERM comes while they do.
    let readers: Vec<_> = (0..4)
        .map(|i| {
            let url = format!(
                "{base}{}",
                ["/", "/dashboard", "/projects", "/api-reference"][i]
            );
            tokio::spawn(async move {
                // A connection per request: a refused one never started, any other failure
                // is a request the server dropped.
                let client = reqwest::Client::builder()
                    .pool_max_idle_per_host(0)
                    .build()
                    .unwrap();
                let (mut served, mut failed, mut reset) = (0, Vec::new(), 0);
                loop {
                    match client.get(&url).send().await {
                        Ok(response) => {
                            let status = response.status();
                            match response.bytes().await {
                                Ok(_) if status.as_u16() < 500 => served += 1,
                                other => failed.push(format!("{url}: {status} {other:?}")),
                            }
                        }
                        // Refused: the server no longer takes new requests.
                        Err(err) if err.is_connect() => return (served, failed, reset),
                        // Reset before any answer: a connection the kernel had queued but
                        // the server had not yet taken when it stopped taking new ones. It
                        // never read the request, so a proxy sends it to another instance.
                        Err(err) if reset_before_answer(&err) => reset += 1,
                        Err(err) => failed.push(format!("{url}: {err:?}")),
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(800)).await;
    terminate(&child);
    let signalled = Instant::now();
    let exit = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let stopped = signalled.elapsed();
    assert!(exit.success(), "exits 0: {exit:?}");
    assert!(stopped < Duration::from_secs(25), "stopped in {stopped:?}");
    let (mut served, mut reset) = (0, 0);
    for reader in readers {
        let (n, failed, r) = reader.await.unwrap();
        assert!(failed.is_empty(), "requests that failed: {failed:?}");
        served += n;
        reset += r;
    }
    println!("{served} requests served, {reset} reset unread, exit after {stopped:?}");
    assert!(served > 0);
}

/// The connection was reset or closed before the request was answered, while the server
/// stopped: one queued but not yet taken, or taken but with no request read yet (a request
/// it has read, it finishes).
pub(crate) fn reset_before_answer(err: &reqwest::Error) -> bool {
    if format!("{err:?}").contains("IncompleteMessage") {
        return true;
    }
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::ConnectionReset;
        }
        source = e.source();
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_migrating_at_start_a_server_refuses_a_database_with_pending_migrations() {
    let db = TestDb::empty(Backend::Sqlite).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", db.url())
        .env("INNOCITIES_ADDR", "127.0.0.1:0")
        .env("INNOCITIES_MIGRATE", "false")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("pending") && said.contains("server migrate"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_on_their_own_address_only() {
    let db = TestDb::new(Backend::Sqlite).await;
    server::demo::seed(&db.db).await.unwrap();
    let metrics_port = free_port();
    let (mut child, base) = ready_binary(
        &db,
        &[(
            "INNOCITIES_METRICS_ADDR",
            format!("127.0.0.1:{metrics_port}"),
        )],
    )
    .await;
    let client = reqwest::Client::new();
    for path in [
        "/",
        "/projects/1",
        "/projects/2",
        "/no-such-page",
        "/api/v1/open/figures",
    ] {
        client.get(format!("{base}{path}")).send().await.unwrap();
    }
    client
        .post(format!("{base}/api/auth/login"))
        .header("Accept", "text/html")
        .header("Origin", &base)
        .form(&[
            ("form[email]", "tampere@innocities.example"),
            ("form[password]", "wrong"),
            ("form[next]", "/"),
        ])
        .send()
        .await
        .unwrap();
    let public = client.get(format!("{base}/metrics")).send().await.unwrap();
    assert_ne!(public.status(), StatusCode::OK, "not on the public address");
    let scraped = client
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), StatusCode::OK);
    let text = scraped.text().await.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    for expected in [
        "innocities_http_requests_total{route=\"/projects/{id}\",status=\"200\"} 2",
        "innocities_http_requests_total{route=\"/\",status=\"200\"}",
        "innocities_http_request_duration_seconds_bucket{route=\"/projects/{id}\",le=\"+Inf\"} 2",
        "innocities_sign_in_failures_total{kind=\"failed\"} 1",
        "innocities_rollup_compute_seconds_count",
        "# TYPE innocities_db_pool_in_use gauge",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(
        text.contains("route=\"other\",status=\"404\""),
        "an address no route matched counts as other:\n{text}"
    );
}

/// `INNOCITIES_LOG_FORMAT=json`: every line of the log is a JSON object, and each answer is
/// logged with the request id its `x-request-id` carries, which a refusal page shows too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_name_each_answer_by_the_id_its_page_shows() {
    let db = TestDb::new(Backend::Sqlite).await;
    server::demo::seed(&db.db).await.unwrap();
    let log_path = std::env::temp_dir().join(format!("innocities-log-{}.jsonl", free_port()));
    let log = std::fs::File::create(&log_path).unwrap();
    let env = [
        ("INNOCITIES_LOG_FORMAT", "json".to_string()),
        ("RUST_LOG", "info".to_string()),
    ];
    let (mut child, base) = ready_binary_logging_to(&db, &env, log.into()).await;
    let answer = reqwest::get(format!("{base}/no-such-page?x=%3Cb%3E"))
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
    let id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let page = answer.text().await.unwrap();
    assert!(
        page.contains("data-testid=\"request-ref\"") && page.contains(&id),
        "the not-found page names the request"
    );
    // Everything is logged by the time it exits.
    terminate(&child);
    assert!(child.wait().unwrap().success());
    let lines = std::fs::read_to_string(&log_path).unwrap();
    let _ = std::fs::remove_file(&log_path);
    // Lines from the log are JSON; the only others are what Leptos prints itself about a
    // build without cargo-leptos (the tests' build).
    let events: Vec<serde_json::Value> = lines
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    for line in lines.lines().filter(|l| !l.starts_with('{')) {
        assert!(
            !line.contains(" INFO ") && !line.contains(" WARN ") && !line.contains(" ERROR "),
            "a log line as text: {line}"
        );
    }
    let answered = events
        .iter()
        .find(|e| e["fields"]["request_id"] == id.as_str())
        .unwrap_or_else(|| panic!("no event of request {id} in {lines}"));
    assert_eq!(answered["fields"]["message"], "answered");
    assert_eq!(answered["fields"]["status"], 404);
    assert_eq!(answered["fields"]["path"], "/no-such-page");
    assert_eq!(answered["level"], "INFO");
}

/// `INNOCITIES_DRAIN_SECS`: after SIGTERM the server says it is not ready at once but serves
/// on for the drain delay (so a balancer checking `/readyz` takes it out first), then stops
/// as without one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_drain_delay_it_is_not_ready_but_serves_on_before_it_stops() {
    let db = TestDb::new(Backend::Sqlite).await;
    let env = [("INNOCITIES_DRAIN_SECS", "2".to_string())];
    let (mut child, base) = ready_binary(&db, &env).await;
    terminate(&child);
    let signalled = Instant::now();
    let client = reqwest::Client::new();
    let mut not_ready = false;
    let mut served = 0;
    while signalled.elapsed() < Duration::from_millis(1500) {
        let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
        not_ready |= ready.status() == 503 && ready.text().await.unwrap().contains("shutting down");
        let page = client.get(format!("{base}/")).send().await.unwrap();
        assert_eq!(page.status(), 200, "served during the drain");
        served += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(not_ready, "/readyz says it is shutting down");
    assert!(served > 3);
    let exit = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let stopped = signalled.elapsed();
    assert!(exit.success(), "exits 0: {exit:?}");
    assert!(
        stopped >= Duration::from_secs(2) && stopped < Duration::from_secs(10),
        "stopped after the drain: {stopped:?}"
    );
}
