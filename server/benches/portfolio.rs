//! Benchmark: the whole-portfolio workbook (`/imports/portfolio.xlsx`) at national scale, on
//! SQLite and on PostgreSQL (issue 14). On a generated portfolio (`server::generator`: 100 000
//! subprojects, 1 000 000 indicator values in two open periods), the ministry's workbook,
//! every region, every kind on a sheet of its own: the time to build it, its size, and the
//! process's memory while it is built (the peak is reset after the data is generated).
//! Run with `cargo bench -p server --bench portfolio`; `SUBPROJECTS=20000` for a quick look.
//! Each backend runs in a process of its own, so that each one's memory is its own.

#[path = "support/mod.rs"]
mod support;

use app::ssr::services::imports::template;
use app::ssr::services::users::principal_by_email;
use server::generator::Size;
use server::testing::Backend;
use std::time::Instant;

async fn bench(backend: Backend, size: Size) {
    let test = support::generated(backend, size).await;
    server::demo::users::seed_users(&test.db).await.unwrap();
    let ministry = principal_by_email(&test.db, "ministry@innocities.example")
        .await
        .unwrap()
        .unwrap();
    // The peak from here on is the workbook's (Linux: "5" resets VmHWM to VmRSS).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (before, _) = support::memory_mb();
    let started = Instant::now();
    let bytes = template::portfolio(&test.db, app::i18n::Locale::fi, &ministry)
        .await
        .unwrap();
    let took = started.elapsed();
    let (after, peak) = support::memory_mb();
    println!(
        "  whole-portfolio workbook: {:.1} s, {:.1} MB file; memory {before:.0} → {after:.0} MB, \
         peak {peak:.0} MB",
        took.as_secs_f64(),
        bytes.len() as f64 / 1e6,
    );
    // Each kind's records read alone, as the workbook reads them: where the time and memory go.
    for kind in app::model::imports::ImportKind::ALL {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let started = Instant::now();
        let mut rows = 0;
        app::ssr::services::imports::records::each(&test.db, &ministry, kind, &mut |chunk| {
            rows += chunk.len();
            Ok(())
        })
        .await
        .unwrap();
        let (now, peak) = support::memory_mb();
        println!(
            "    {}: {rows} rows read in {:.1} s; memory {now:.0} MB, peak {peak:.0} MB",
            kind.code(),
            started.elapsed().as_secs_f64()
        );
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let size = Size::from_env();
    match std::env::var("PORTFOLIO_BENCH_BACKEND").as_deref() {
        Ok("sqlite") => bench(Backend::Sqlite, size).await,
        Ok("postgres") => bench(Backend::Postgres, size).await,
        _ => {
            println!(
                "Whole-portfolio workbook benchmark: {} subprojects",
                size.subprojects
            );
            support::each_backend_in_a_process("PORTFOLIO_BENCH_BACKEND").await;
        }
    }
}
