//! Benchmark: a 10 000-row spreadsheet import of new packages on SQLite and on PostgreSQL
//! (when `TEST_POSTGRES_URL` or the local default answers): reading and previewing the file,
//! committing it, and previewing the same file again (every row unchanged). Goals (issue
//! 14): preview ≤ 3 s, commit ≤ 5 s, the process's memory ≤ 256 MB. Run with
//! `cargo bench -p server --bench imports`; `ROWS=2000` for a quick look.

use app::model::imports::{CommitInput, ImportKind, Policy};
use app::ssr::services::imports::{self, Upload};
use app::ssr::services::users::principal_by_email;
use server::testing::{Backend, TestDb};
use std::time::{Duration, Instant};

/// The process's resident memory now and at its peak, in MB (Linux).
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// A CSV file of `rows` new Tampere packages with the template's English headings.
fn file(rows: usize) -> Vec<u8> {
    let mut text = String::from(
        "Code,Name in Finnish,Name in Swedish,Name in English,Description in Finnish,\
         Description in Swedish,Description in English,City region,Theme,Actions,\
         Funding regional council,Starts,Ends,Status,Lead organisation's Business ID\r\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "BIMP{i:06},Tuotu hanke {i},,Imported project {i},\"Kuvaus, jossa pilkku {i}\",,,tampere,digitalisation,\"platforms, talent\",pirkanmaa,1.1.2027,31.12.2028,planned,\r\n"
        ));
    }
    text.into_bytes()
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

async fn bench(backend: Backend, rows: usize) -> (Duration, Duration, f64) {
    let test = TestDb::new(backend).await;
    server::demo::seed(&test.db).await.expect("demo data");
    let principal = principal_by_email(&test.db, "tampere@innocities.example")
        .await
        .unwrap()
        .unwrap();
    let bytes = file(rows);
    let upload = Upload {
        kind: ImportKind::Packages,
        file_name: "bench.csv",
        bytes: &bytes,
        sheet: None,
        mapping: None,
        policy: Policy::Update,
    };
    let (before, _) = memory_mb();
    let started = Instant::now();
    let id = imports::start(&test.db, &principal, &upload).await.unwrap();
    let preview_time = started.elapsed();
    let preview = imports::preview(&test.db, &principal, id, app::i18n::Locale::en)
        .await
        .unwrap();
    assert_eq!(
        preview.counts.new, rows,
        "every row is new: {:?}",
        preview.counts
    );
    let started = Instant::now();
    imports::commit(
        &test.db,
        &principal,
        &CommitInput {
            id,
            version: preview.version,
        },
    )
    .await
    .unwrap();
    let commit_time = started.elapsed();
    let started = Instant::now();
    let again = imports::start(&test.db, &principal, &upload).await.unwrap();
    let unchanged_time = started.elapsed();
    let again = imports::preview(&test.db, &principal, again, app::i18n::Locale::en)
        .await
        .unwrap();
    assert_eq!(again.counts.unchanged, rows);
    let (after, peak) = memory_mb();
    println!(
        "{backend:?}: {rows} rows ({:.1} MB file): preview {:.2} s, commit {:.2} s, \
         preview of the same file again (all unchanged) {:.2} s; memory {before:.0} → {after:.0} MB, peak {peak:.0} MB",
        bytes.len() as f64 / 1e6,
        secs(preview_time),
        secs(commit_time),
        secs(unchanged_time),
    );
    (preview_time, commit_time, peak)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    println!(
        "Import benchmark: {rows} new packages; goals preview ≤ 3 s, commit ≤ 5 s, memory ≤ 256 MB"
    );
    let mut results = vec![("SQLite", bench(Backend::Sqlite, rows).await)];
    if sea_orm::Database::connect(server::testing::postgres_admin_url())
        .await
        .is_ok()
    {
        results.push(("PostgreSQL", bench(Backend::Postgres, rows).await));
    } else {
        println!("PostgreSQL not reachable: skipped");
    }
    for (name, (preview, commit, peak)) in results {
        let meets =
            preview <= Duration::from_secs(3) && commit <= Duration::from_secs(5) && peak <= 256.0;
        println!(
            "{name}: {} (preview {:.2} s, commit {:.2} s, peak {peak:.0} MB)",
            if meets {
                "meets the goals"
            } else {
                "MISSES the goals"
            },
            secs(preview),
            secs(commit)
        );
    }
}
