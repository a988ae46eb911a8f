//! Benchmark: the project list, filtered and sorted, with 100 000 projects, on SQLite and on
//! PostgreSQL (when `TEST_POSTGRES_URL` or the local default answers). Goal: p95 under
//! 100 ms. Run with `cargo bench -p server --bench project_list`; `PROJECTS=20000` makes a
//! smaller portfolio for a quick look.

use app::model::projects::{ProjectFilter, ProjectStatus};
use app::ssr::access::Scope;
use app::ssr::services::projects::list_projects;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use server::testing::{Backend, TestDb};
use std::time::{Duration, Instant};

const RUNS: usize = 40;

async fn id_of(db: &DatabaseConnection, table: &str, code: &str) -> i32 {
    let backend = db.get_database_backend();
    let sql = format!("SELECT id FROM {table} WHERE code = '{code}'");
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i32>("", "id").unwrap()
}

/// Inserts `count` packages, each with one subproject and five planned funding lines, with
/// multi-row statements in one transaction.
async fn generate(db: &DatabaseConnection, count: usize) {
    let backend = db.get_database_backend();
    let regions: Vec<(i32, i32)> = {
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, council_id FROM city_region ORDER BY id",
            ))
            .await
            .unwrap();
        rows.iter()
            .map(|r| {
                (
                    r.try_get("", "id").unwrap(),
                    r.try_get("", "council_id").unwrap(),
                )
            })
            .collect()
    };
    let themes = [
        id_of(db, "theme", "sustainable-transition").await,
        id_of(db, "theme", "digitalisation").await,
        id_of(db, "theme", "wellbeing").await,
    ];
    db.execute_unprepared("INSERT INTO organisation (business_id, name, kind) VALUES ('0201256-6', 'Bench Oy', 'company')")
        .await
        .unwrap();
    let org = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT id FROM organisation",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i32>("", "id")
        .unwrap();
    let statuses = ["planned", "ongoing", "closed"];
    let batch = 500;
    let txn = sea_orm::TransactionTrait::begin(db).await.unwrap();
    for start in (0..count).step_by(batch) {
        let end = (start + batch).min(count);
        let projects: Vec<String> = (start..end)
            .map(|i| {
                let (region, council) = regions[i % regions.len()];
                format!(
                    "('B{i:07}', 'Hanke {i}', 'Project {i}', '', {region}, FALSE, {}, {council}, '2024-01-01', '2026-12-31', '{}')",
                    themes[i % 3],
                    statuses[i % 3]
                )
            })
            .collect();
        txn.execute_unprepared(&format!(
            "INSERT INTO project (code, name_fi, name_en, description_fi, region_id, is_national_lead, theme_id, council_id, starts_on, ends_on, status) VALUES {}",
            projects.join(", ")
        ))
        .await
        .unwrap();
        txn.execute_unprepared(&format!(
            "INSERT INTO subproject (project_id, code, name_fi, description_fi, region_id, organisation_id, council_id, starts_on, ends_on, status) \
             SELECT id, code || '-1', name_fi, '', region_id, {org}, council_id, starts_on, ends_on, status FROM project \
             WHERE code >= 'B{start:07}' AND code < 'B{end:07}'"
        ))
        .await
        .unwrap();
        txn.execute_unprepared(&format!(
            "INSERT INTO funding_line (subproject_id, source_id, kind, amount_cents) \
             SELECT s.id, fs.id, 'planned', 100000 * fs.id + s.id FROM subproject s CROSS JOIN funding_source fs \
             WHERE s.code >= 'B{start:07}' AND s.code < 'B{end:07}'"
        ))
        .await
        .unwrap();
    }
    app::ssr::services::projects::refresh_project_totals(&txn, None)
        .await
        .unwrap();
    sea_orm::TransactionSession::commit(txn).await.unwrap();
    db.execute_unprepared("ANALYZE").await.unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

async fn measure(
    db: &DatabaseConnection,
    name: &str,
    scope: &Scope,
    filter: &ProjectFilter,
) -> (Duration, Duration) {
    list_projects(db, scope, filter).await.unwrap(); // warm-up
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let page = list_projects(db, scope, filter).await.unwrap();
        times.push(started.elapsed());
        assert!(page.total_projects >= 0);
    }
    times.sort();
    let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
    println!(
        "  {name:<40} p50 {:>8.1} ms   p95 {:>8.1} ms",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );
    (p50, p95)
}

async fn bench(backend: Backend, count: usize) -> Duration {
    let test = TestDb::new(backend).await;
    let started = Instant::now();
    generate(&test.db, count).await;
    println!(
        "{backend:?}: {count} projects generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let national = Scope::National;
    let tampere = Scope::Regions(vec![id_of(&test.db, "city_region", "tampere").await]);
    let page = |n: u32| ProjectFilter {
        page: n,
        ..Default::default()
    };
    let cases = [
        ("national, all, first page", &national, page(1)),
        ("national, all, page 2000", &national, page(2000)),
        (
            "national, region = oulu",
            &national,
            ProjectFilter {
                region: Some("oulu".into()),
                page: 1,
                ..Default::default()
            },
        ),
        (
            "national, theme + status",
            &national,
            ProjectFilter {
                theme: Some("wellbeing".into()),
                status: Some(ProjectStatus::Ongoing),
                page: 1,
                ..Default::default()
            },
        ),
        (
            "national, sorted by region, page 100",
            &national,
            ProjectFilter {
                sort: Some("region".into()),
                page: 100,
                ..Default::default()
            },
        ),
        (
            "national, sorted by theme, descending",
            &national,
            ProjectFilter {
                sort: Some("theme".into()),
                desc: true,
                page: 1,
                ..Default::default()
            },
        ),
        (
            "national, search by name words",
            &national,
            ProjectFilter {
                q: Some("hanke 4242".into()),
                page: 1,
                ..Default::default()
            },
        ),
        (
            "national, sorted by planned funding, descending",
            &national,
            ProjectFilter {
                sort: Some("funding".into()),
                desc: true,
                page: 1,
                ..Default::default()
            },
        ),
        (
            "national, council + organisation + active dates",
            &national,
            ProjectFilter {
                council: Some("pirkanmaa".into()),
                organisation: Some("0201256-6".into()),
                from: Some("2025-01-01".into()),
                to: Some("2025-12-31".into()),
                page: 1,
                ..Default::default()
            },
        ),
        (
            "national, action filter, sorted by name",
            &national,
            ProjectFilter {
                action: Some("platforms".into()),
                sort: Some("name".into()),
                page: 1,
                ..Default::default()
            },
        ),
        ("coordinator (Tampere), all", &tampere, page(1)),
    ];
    let mut worst = Duration::ZERO;
    for (name, scope, filter) in cases {
        let (_, p95) = measure(&test.db, name, scope, &filter).await;
        worst = worst.max(p95);
    }
    worst
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let count: usize = std::env::var("PROJECTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    println!("Project list benchmark: {count} projects, {RUNS} runs per case, goal p95 < 100 ms");
    let mut worst = vec![("SQLite", bench(Backend::Sqlite, count).await)];
    let pg = sea_orm::Database::connect(server::testing::postgres_admin_url()).await;
    if pg.is_ok() {
        worst.push(("PostgreSQL", bench(Backend::Postgres, count).await));
    } else {
        println!("PostgreSQL not reachable: skipped");
    }
    for (name, p95) in worst {
        let verdict = if p95 < Duration::from_millis(100) {
            "meets"
        } else {
            "misses"
        };
        println!(
            "{name}: worst p95 {:.1} ms – {verdict} the 100 ms goal",
            p95.as_secs_f64() * 1e3
        );
    }
}
