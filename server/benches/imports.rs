//! Benchmark: a 10 000-row spreadsheet import of new packages, then one of 10 000 new
//! subprojects with planned money, on SQLite and on PostgreSQL (when `TEST_POSTGRES_URL` or
//! the local default answers): reading and previewing each file, committing it, and
//! previewing the same file again (every row unchanged). Goals (issue
//! 14): preview ≤ 3 s, commit ≤ 5 s, the process's memory ≤ 256 MB. Run with
//! `cargo bench -p server --bench imports`; `ROWS=2000` for a quick look.

#[path = "support/mod.rs"]
mod support;

use app::model::imports::{CommitInput, ImportKind, Policy};
use app::ssr::services::imports::{self, Upload};
use app::ssr::services::users::principal_by_email;
use sea_orm::EntityTrait;
use server::testing::{Backend, TestDb};
use std::time::{Duration, Instant};

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

/// A CSV file of `rows` new subprojects, one under each package of [`file`], with planned
/// money in Finnish notation and the fields' codes as headings.
fn subprojects_file(rows: usize, organisation: &str) -> Vec<u8> {
    let mut text = String::from(
        "package;code;name_fi;region;organisation;council;starts_on;ends_on;status;\
         planned_eu;planned_state;planned_city;planned_other_public;planned_private\r\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "BIMP{i:06};BIMP{i:06}-1;Tuotu osahanke {i};tampere;{organisation};pirkanmaa;\
             1.1.2027;31.12.2028;planned;{i},50;1 000,00;250;;0\r\n"
        ));
    }
    text.into_bytes()
}

/// A CSV file of `rows` new indicator values of the open period, three to each subproject
/// of [`subprojects_file`]: two numbers, and a company list of two.
fn values_file(rows: usize) -> Vec<u8> {
    let mut text = String::from("subproject;period;indicator;value;explanation;companies\r\n");
    for n in 0..rows {
        let (i, line) = (n / 3, n % 3);
        text.push_str(&match line {
            0 => format!("BIMP{i:06}-1;2026H1;IK-PLAT;{i},5;Selite {i};\r\n"),
            1 => format!("BIMP{i:06}-1;2026H1;IK-INNO;3;;\r\n"),
            _ => format!("BIMP{i:06}-1;2026H1;IK-COMP;;;0737546-2 2844561-8\r\n"),
        });
    }
    text.into_bytes()
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// The times of one kind's import: preview, commit, and the preview of the same file again.
struct Times {
    preview: Duration,
    commit: Duration,
    again: Duration,
}

async fn phase(
    db: &sea_orm::DatabaseConnection,
    principal: &app::ssr::access::Principal,
    kind: ImportKind,
    bytes: &[u8],
    rows: usize,
) -> Times {
    let upload = Upload {
        kind,
        file_name: "bench.csv",
        bytes,
        sheet: None,
        mapping: None,
        policy: Policy::Update,
    };
    let started = Instant::now();
    let id = imports::start(db, principal, &upload).await.unwrap();
    imports::check(db, principal, id).await.unwrap();
    let preview_time = started.elapsed();
    let preview = imports::preview(db, principal, id, app::i18n::Locale::en)
        .await
        .unwrap();
    assert_eq!(
        preview.counts.new, rows,
        "every row is new: {:?}",
        preview.counts
    );
    let started = Instant::now();
    imports::commit(
        db,
        principal,
        &CommitInput {
            id,
            version: preview.version,
        },
    )
    .await
    .unwrap();
    let commit_time = started.elapsed();
    let started = Instant::now();
    let again = imports::start(db, principal, &upload).await.unwrap();
    imports::check(db, principal, again).await.unwrap();
    let unchanged_time = started.elapsed();
    let again = imports::preview(db, principal, again, app::i18n::Locale::en)
        .await
        .unwrap();
    assert_eq!(again.counts.unchanged, rows);
    Times {
        preview: preview_time,
        commit: commit_time,
        again: unchanged_time,
    }
}

async fn bench(backend: Backend, rows: usize) -> Vec<(ImportKind, Times, f64)> {
    let test = TestDb::new(backend).await;
    server::demo::seed(&test.db).await.expect("demo data");
    let principal = principal_by_email(&test.db, "tampere@innocities.example")
        .await
        .unwrap()
        .unwrap();
    let organisation = entity::organisation::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .expect("an organisation")
        .business_id;
    let mut out = Vec::new();
    for (kind, bytes) in [
        (ImportKind::Packages, file(rows)),
        (
            ImportKind::Subprojects,
            subprojects_file(rows, &organisation),
        ),
        (ImportKind::IndicatorValues, values_file(rows)),
    ] {
        let (before, _) = support::memory_mb();
        let times = phase(&test.db, &principal, kind, &bytes, rows).await;
        let (after, peak) = support::memory_mb();
        println!(
            "{backend:?}, {rows} {} ({:.1} MB file): preview {:.2} s, commit {:.2} s, \
             preview of the same file again (all unchanged) {:.2} s; memory {before:.0} → {after:.0} MB, peak {peak:.0} MB",
            kind.code(),
            bytes.len() as f64 / 1e6,
            secs(times.preview),
            secs(times.commit),
            secs(times.again),
        );
        out.push((kind, times, peak));
    }
    out
}

/// Runs one backend's import in this process (`IMPORT_BENCH_BACKEND` set), or each backend
/// in a process of its own, so that each one's memory is its own.
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    match std::env::var("IMPORT_BENCH_BACKEND").as_deref() {
        Ok("sqlite") => report("SQLite", bench(Backend::Sqlite, rows).await),
        Ok("postgres") => report("PostgreSQL", bench(Backend::Postgres, rows).await),
        _ => {
            println!(
                "Import benchmark: {rows} new packages, then {rows} new subprojects with planned \
                 money, then {rows} new indicator values of their reports; goals preview ≤ 3 s, commit ≤ 5 s, memory ≤ 256 MB"
            );
            support::each_backend_in_a_process("IMPORT_BENCH_BACKEND").await;
        }
    }
}

fn report(name: &str, phases: Vec<(ImportKind, Times, f64)>) {
    for (kind, times, peak) in phases {
        let meets = times.preview <= Duration::from_secs(3)
            && times.commit <= Duration::from_secs(5)
            && peak <= 256.0;
        println!(
            "{name}, {}: {} (preview {:.2} s, commit {:.2} s, peak {peak:.0} MB)",
            kind.code(),
            if meets {
                "meets the goals"
            } else {
                "MISSES the goals"
            },
            secs(times.preview),
            secs(times.commit)
        );
    }
}
