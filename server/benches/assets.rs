//! Benchmark: serving the built wasm to 20 concurrent clients that accept brotli (issue 13).
//!
//! The same file two ways, each behind axum on a free port of this process:
//! 1. compressed per request (tower-http's `CompressionLayer` over the plain file), as every
//!    request was served before the files were compressed at build time;
//! 2. the brotli file the release build wrote beside it, as `server/src/assets.rs` serves it.
//!
//! `BASELINE=<file>` also measures that file compressed per request: the wasm shipped before
//! (issue 13: 6.3 MB), whose requests per second the build's file must beat at least 10×.
//! On the same small file the two ways are close; the difference is the CPU of compressing.
//!
//! Needs a release build's site: `cargo leptos build --release --precompress`, then
//! `cargo bench -p server --bench assets`. `BENCH_SECONDS=<n>` sets each run's length (default 5).

use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

const CLIENTS: usize = 20;

/// The built wasm in the site's `pkg`: the largest `.wasm` with its `.br` beside it.
fn built_wasm(pkg: &Path) -> Option<PathBuf> {
    std::fs::read_dir(pkg)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .filter(|p| p.with_extension("wasm.br").is_file())
        .max_by_key(|p| p.metadata().map(|m| m.len()).unwrap_or(0))
}

/// Serves `router` on a free port and returns its address.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

struct Run {
    per_second: f64,
    bytes: usize,
}

/// `CLIENTS` clients fetching `url` as brotli for `length`.
async fn load(url: String, length: Duration) -> Run {
    let done = Arc::new(AtomicU64::new(0));
    let end = Instant::now() + length;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (url, done) = (url.clone(), Arc::clone(&done));
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut bytes = 0;
            while Instant::now() < end {
                let response = client
                    .get(&url)
                    .header("accept-encoding", "br")
                    .send()
                    .await
                    .expect("an answer");
                assert_eq!(response.headers()["content-encoding"], "br", "{url}");
                bytes = response.bytes().await.expect("the body").len();
                done.fetch_add(1, Ordering::Relaxed);
            }
            bytes
        }));
    }
    let mut bytes = 0;
    for task in tasks {
        bytes = task.await.expect("a client");
    }
    Run {
        per_second: done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64(),
        bytes,
    }
}

/// The file `name` of `dir` compressed per request.
async fn per_request(dir: &Path, name: &str, length: Duration) -> Run {
    let router = Router::new()
        .nest_service("/pkg", ServeDir::new(dir))
        .layer(CompressionLayer::new());
    load(format!("{}/pkg/{name}", serve(router).await), length).await
}

fn report(label: &str, run: &Run) {
    println!(
        "  {label}: {:.1} requests/s, {} B each",
        run.per_second, run.bytes
    );
}

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pkg = root.join("target/site/pkg");
    let Some(wasm) = built_wasm(&pkg) else {
        eprintln!(
            "no precompressed wasm in {}: run `cargo leptos build --release --precompress` first",
            pkg.display()
        );
        std::process::exit(2);
    };
    let length = Duration::from_secs(
        std::env::var("BENCH_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5),
    );
    let name = wasm
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    println!(
        "{name}: {} B, {CLIENTS} clients accepting brotli, {} s each",
        wasm.metadata().map(|m| m.len()).unwrap_or(0),
        length.as_secs()
    );
    let before = per_request(&pkg, name, length).await;
    report("compressed per request", &before);
    let router = Router::new().nest_service(
        "/pkg",
        ServeDir::new(&pkg).precompressed_br().precompressed_gzip(),
    );
    let after = load(format!("{}/pkg/{name}", serve(router).await), length).await;
    report("compressed at build time", &after);
    println!(
        "  {:.1}× the requests per second of the same file compressed per request",
        after.per_second / before.per_second.max(f64::MIN_POSITIVE)
    );
    if let Some(baseline) = std::env::var_os("BASELINE").map(PathBuf::from) {
        let dir = baseline.parent().unwrap_or(Path::new("."));
        let file = baseline
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let earlier = per_request(dir, file, length).await;
        report(
            &format!("{file} (BASELINE) compressed per request"),
            &earlier,
        );
        let ratio = after.per_second / earlier.per_second.max(f64::MIN_POSITIVE);
        println!(
            "  the build's file as compressed at build time: {ratio:.0}× the baseline's requests \
             per second (goal: at least 10×): {}",
            if ratio >= 10.0 { "met" } else { "MISSED" }
        );
    }
}
