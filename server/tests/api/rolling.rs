//! A rolling restart: two server binaries on one database behind a proxy that, as nginx's
//! `proxy_next_upstream error` does, sends a request to the other instance when one refuses
//! the connection or closes it before reading the request. Under readers and a writer, one
//! instance and then the other is stopped with SIGTERM (after a drain delay) and started
//! again on its port: no request fails and no acknowledged write is lost. On both databases.

use super::operations::{free_port, ready_binary_on, reset_before_answer, terminate};
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use reqwest::StatusCode;
use sea_orm::{FromQueryResult, Statement};
use server::testing::{Backend, TestDb};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    rolling_restart(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    rolling_restart(Backend::Postgres).await;
}

/// The proxy's instances, the next one's turn, its client, and how many requests it sent to
/// another instance because one refused them.
struct Upstreams {
    bases: Vec<String>,
    turn: AtomicUsize,
    client: reqwest::Client,
    rerouted: AtomicUsize,
}

/// Starts the proxy in front of `bases`; its address and state.
async fn proxy(bases: Vec<String>) -> (String, Arc<Upstreams>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let upstreams = Arc::new(Upstreams {
        bases,
        turn: AtomicUsize::new(0),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        rerouted: AtomicUsize::new(0),
    });
    let state = upstreams.clone();
    let router = axum::Router::new().fallback(move |request: Request| {
        let upstreams = state.clone();
        async move { forward(&upstreams, request).await }
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (address, upstreams)
}

fn answer(status: StatusCode, headers: reqwest::header::HeaderMap, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if name != reqwest::header::TRANSFER_ENCODING && name != reqwest::header::CONTENT_LENGTH {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

/// Sends `request` to the instances in turn, to the next one while one refuses it unread.
async fn forward(upstreams: &Upstreams, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let first = upstreams.turn.fetch_add(1, Ordering::Relaxed);
    let n = upstreams.bases.len();
    for i in 0..n {
        let base = &upstreams.bases[(first + i) % n];
        let mut sent = upstreams
            .client
            .request(parts.method.clone(), format!("{base}{path}"))
            .body(body.clone());
        for (name, value) in &parts.headers {
            if name != reqwest::header::HOST && name != reqwest::header::CONTENT_LENGTH {
                sent = sent.header(name, value);
            }
        }
        match sent.send().await {
            Ok(got) => {
                let (status, headers) = (got.status(), got.headers().clone());
                return match got.bytes().await {
                    Ok(bytes) => answer(status, headers, bytes.to_vec()),
                    Err(err) => answer(
                        StatusCode::BAD_GATEWAY,
                        Default::default(),
                        format!("{err:?}").into_bytes(),
                    ),
                };
            }
            Err(err) if err.is_connect() || reset_before_answer(&err) => {
                upstreams.rerouted.fetch_add(1, Ordering::Relaxed);
            }
            Err(err) => {
                return answer(
                    StatusCode::BAD_GATEWAY,
                    Default::default(),
                    format!("{err:?}").into_bytes(),
                );
            }
        }
    }
    answer(
        StatusCode::BAD_GATEWAY,
        Default::default(),
        b"no instance".to_vec(),
    )
}

/// A personal API token of `email` that may write, made by the binary.
fn write_token(db: &TestDb, email: &str) -> String {
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["create-token", "--as", email, "--days", "1", "--write"])
        .env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    String::from_utf8(made.stdout).unwrap().trim().to_owned()
}

#[derive(FromQueryResult)]
struct Row {
    id: i32,
    version: i32,
    cents: Option<i64>,
}

/// A Tampere subproject, its version and its planned EU money.
async fn tampere_subproject(db: &TestDb, id: Option<i32>) -> Row {
    let which = id.map_or_else(
        || "r.code = 'tampere'".to_owned(),
        |id| format!("s.id = {id}"),
    );
    let sql = format!(
        "SELECT s.id AS id, s.version AS version, \
         (SELECT fl.amount_cents FROM funding_line fl JOIN funding_source fs \
          ON fs.id = fl.source_id WHERE fl.subproject_id = s.id AND fl.kind = 'planned' \
          AND fs.code = 'eu') AS cents \
         FROM subproject s JOIN city_region r ON r.id = s.region_id WHERE {which} \
         ORDER BY s.id"
    );
    let backend = db.db.get_database_backend();
    Row::find_by_statement(Statement::from_string(backend, sql))
        .one(&db.db)
        .await
        .unwrap()
        .unwrap()
}

/// What the readers and the writer saw: requests answered, failures, and the last planned
/// amount (cents) the writer was told was saved.
#[derive(Default)]
struct Load {
    answered: usize,
    failed: Vec<String>,
    last_saved: Option<i64>,
}

async fn reader(base: String, path: &'static str, stop: Arc<AtomicBool>) -> Load {
    let client = reqwest::Client::new();
    let mut load = Load::default();
    while !stop.load(Ordering::Relaxed) {
        match client.get(format!("{base}{path}")).send().await {
            Ok(r) if r.status().is_success() => load.answered += 1,
            Ok(r) => load.failed.push(format!("GET {path}: {}", r.status())),
            Err(err) => load.failed.push(format!("GET {path}: {err:?}")),
        }
    }
    load
}

async fn writer(base: String, db: Arc<TestDb>, token: String, stop: Arc<AtomicBool>) -> Load {
    let client = reqwest::Client::new();
    let sub = tampere_subproject(&db, None).await.id;
    let mut load = Load::default();
    let mut cents: i64 = 10_000_000;
    while !stop.load(Ordering::Relaxed) {
        cents += 1;
        let version = tampere_subproject(&db, Some(sub)).await.version;
        let euros = format!("{}.{:02}", cents / 100, cents % 100);
        let sent = client
            .put(format!("{base}/api/v1/subprojects/{sub}/planned"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"version": version, "planned": {"eu": euros}}))
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == StatusCode::OK => {
                load.answered += 1;
                load.last_saved = Some(cents);
            }
            Ok(r) => {
                let status = r.status();
                let text = r.text().await.unwrap_or_default();
                load.failed.push(format!("PUT: {status} {text}"));
            }
            Err(err) => load.failed.push(format!("PUT: {err:?}")),
        }
    }
    load
}

/// Stops the instance with SIGTERM, waits for it to exit 0, and starts it again on `port`.
async fn restart(
    db: &TestDb,
    child: std::process::Child,
    port: u16,
    env: &[(&str, String)],
) -> std::process::Child {
    terminate(&child);
    let mut child = child;
    let exit = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(exit.success(), "exits 0: {exit:?}");
    let (child, _) = ready_binary_on(db, env, std::process::Stdio::inherit(), port).await;
    child
}

async fn rolling_restart(backend: Backend) {
    let db = Arc::new(TestDb::new(backend).await);
    server::demo::seed(&db.db).await.unwrap();
    // After SIGTERM an instance serves on for a moment (its `/readyz` says 503), then stops
    // taking connections, and the proxy goes to the other one.
    let env = [("INNOCITIES_DRAIN_SECS", "1".to_owned())];
    let ports = [free_port(), free_port()];
    let (a, base_a) = ready_binary_on(&db, &env, std::process::Stdio::inherit(), ports[0]).await;
    let (b, base_b) = ready_binary_on(&db, &env, std::process::Stdio::inherit(), ports[1]).await;
    let (base, upstreams) = proxy(vec![base_a, base_b]).await;
    let token = write_token(&db, "tampere@innocities.example");

    let stop = Arc::new(AtomicBool::new(false));
    let mut loads = Vec::new();
    for path in ["/", "/projects", "/api/v1/open/figures"] {
        loads.push(tokio::spawn(reader(base.clone(), path, stop.clone())));
    }
    loads.push(tokio::spawn(writer(
        base.clone(),
        db.clone(),
        token,
        stop.clone(),
    )));
    let pause = Duration::from_millis(1500);
    tokio::time::sleep(pause).await;
    let a = restart(&db, a, ports[0], &env).await;
    tokio::time::sleep(pause).await;
    let b = restart(&db, b, ports[1], &env).await;
    tokio::time::sleep(pause).await;
    stop.store(true, Ordering::Relaxed);

    let mut total = Load::default();
    for load in loads {
        let load = load.await.unwrap();
        total.answered += load.answered;
        total.failed.extend(load.failed);
        total.last_saved = total.last_saved.or(load.last_saved);
    }
    for mut child in [a, b] {
        terminate(&child);
        assert!(child.wait().unwrap().success());
    }
    assert!(total.failed.is_empty(), "failed: {:?}", total.failed);
    assert!(total.answered > 0);
    // The test is worth something only if the proxy met a stopped instance.
    let rerouted = upstreams.rerouted.load(Ordering::Relaxed);
    assert!(rerouted > 0, "no request met a stopped instance");
    let saved = total.last_saved.expect("the writer saved");
    let sub = tampere_subproject(&db, None).await;
    assert_eq!(
        sub.cents,
        Some(saved),
        "the last acknowledged write is stored"
    );
    println!(
        "{} requests answered through two restarts, {rerouted} sent on to the other instance",
        total.answered
    );
}
