//! Benchmark: roll-ups at national scale, on SQLite and on PostgreSQL (issue 6).
//!
//! On a generated portfolio (`server::generator`: 16 regions, 100 000 subprojects, 300 000
//! funding rows, 1 000 000 indicator values):
//! 1. the national approved roll-up through the application (`dashboard::compute`, every
//!    figure of the dashboard) against the equivalent hand-written SQL `GROUP BY`s on the same
//!    data – both must give the same figures; goal: the application at most 1.3× the SQL's
//!    time;
//! 2. the national dashboard page (`GET /dashboard`, rendered on the server) of the real
//!    server binary under 20 concurrent signed-in users – goal: p95 100 ms or less – and that
//!    server process's peak memory (VmHWM) – goal: under 256 MB.
//!
//! Run with `cargo bench -p server --bench dashboard`; `SUBPROJECTS=20000` makes a smaller
//! portfolio for a quick look. PostgreSQL comes from `TEST_POSTGRES_URL` (or the local
//! default); it is skipped, with a note, when it does not answer.

mod support;

use app::model::dashboard::{Dashboard, DashboardFilter};
use app::model::sources::Source;
use app::ssr::rollup::compute::compute;
use app::ssr::rollup::indicators::RollupScope;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use server::generator::Size;
use server::testing::{Backend, TestDb};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::{Server, ms, percentile};

const ROLLUP_RUNS: usize = 5;
const USERS: usize = 20;
const REQUESTS_PER_USER: usize = 50;
const MINISTRY: &str = "ministry@innocities.example";

/// The national approved figures as plain numbers: what both ways of computing must agree on.
#[derive(Debug, Default, PartialEq, Eq)]
struct Figures {
    counts: BTreeMap<String, i64>,
    /// (region, source) → planned cents.
    planned: BTreeMap<(String, String), i64>,
    /// region → realised cents of approved reports.
    realised: BTreeMap<String, i64>,
    /// theme → packages, and theme → planned cents.
    theme_projects: BTreeMap<String, i64>,
    theme_planned: BTreeMap<String, i64>,
    /// indicator → current targets, actuals (milli), distinct companies.
    targets: BTreeMap<String, i64>,
    actuals: BTreeMap<String, i64>,
    companies: BTreeMap<String, i64>,
    /// (indicator, region) → actuals (milli): the map's bubbles.
    region_actuals: BTreeMap<(String, String), i64>,
}

fn nonzero<K: Ord>(map: impl IntoIterator<Item = (K, i64)>) -> BTreeMap<K, i64> {
    map.into_iter().filter(|(_, v)| *v != 0).collect()
}

fn figures_of(d: &Dashboard) -> Figures {
    Figures {
        counts: BTreeMap::from([
            ("projects".into(), d.projects),
            ("subprojects".into(), d.subprojects),
            ("organisations".into(), d.organisations),
        ]),
        planned: nonzero(d.by_region.iter().flat_map(|r| {
            Source::ALL
                .iter()
                .zip(r.planned)
                .map(|(s, m)| ((r.code.clone(), s.code().to_string()), m.cents()))
        })),
        realised: nonzero(
            d.by_region
                .iter()
                .map(|r| (r.code.clone(), r.realised.cents())),
        ),
        theme_projects: nonzero(d.by_theme.iter().map(|t| (t.code.clone(), t.subprojects))),
        theme_planned: nonzero(
            d.by_theme
                .iter()
                .map(|t| (t.code.clone(), t.planned.cents())),
        ),
        targets: nonzero(d.indicators.iter().map(|i| (i.code.clone(), i.target.0))),
        actuals: nonzero(d.indicators.iter().map(|i| (i.code.clone(), i.actual.0))),
        companies: nonzero(
            d.indicators
                .iter()
                .filter_map(|i| Some((i.code.clone(), i.companies_distinct?))),
        ),
        region_actuals: nonzero(d.by_region.iter().flat_map(|r| {
            r.actuals
                .iter()
                .map(|a| ((a.code.clone(), r.code.clone()), a.actual.0))
        })),
    }
}

/// Each subproject's latest approved period per cumulative indicator.
const LATEST: &str = "WITH latest AS ( \
    SELECT r.subproject_id, ia.indicator_id, MAX(p.ends_on) AS ends_on \
    FROM indicator_actual ia JOIN indicator i ON i.id = ia.indicator_id AND i.kind = 'cumulative' \
    JOIN report r ON r.id = ia.report_id AND r.status = 'approved' \
    JOIN reporting_period p ON p.id = r.period_id \
    GROUP BY r.subproject_id, ia.indicator_id) ";

/// Approved actuals that count: every incremental one, a cumulative one in its latest period.
const COUNTING: &str = "FROM indicator_actual ia JOIN indicator i ON i.id = ia.indicator_id \
    JOIN report r ON r.id = ia.report_id AND r.status = 'approved' \
    JOIN reporting_period p ON p.id = r.period_id \
    LEFT JOIN latest l ON l.subproject_id = r.subproject_id AND l.indicator_id = ia.indicator_id \
    WHERE i.kind = 'incremental' OR p.ends_on = l.ends_on";

/// The same figures by hand-written SQL: one `GROUP BY` per figure.
async fn hand_written(db: &DatabaseConnection) -> Figures {
    let pairs = |sql: String| async move {
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap();
        rows.iter()
            .map(|r| {
                (
                    r.try_get::<String>("", "k1").unwrap(),
                    r.try_get::<String>("", "k2").unwrap_or_default(),
                    r.try_get::<Option<i64>>("", "v").unwrap().unwrap_or(0),
                )
            })
            .collect::<Vec<_>>()
    };
    let one = |rows: Vec<(String, String, i64)>| nonzero(rows.into_iter().map(|(k, _, v)| (k, v)));
    let counts = pairs(
        "SELECT 'projects' AS k1, CAST(COUNT(*) AS BIGINT) AS v FROM project \
         UNION ALL SELECT 'subprojects', CAST(COUNT(*) AS BIGINT) + \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM project WHERE subproject_count = 0) FROM subproject \
         UNION ALL SELECT 'organisations', CAST(COUNT(*) AS BIGINT) FROM ( \
           SELECT organisation_id AS id FROM subproject \
           UNION SELECT lead_organisation_id FROM project WHERE lead_organisation_id IS NOT NULL) o"
            .into(),
    )
    .await;
    let planned = pairs(
        "SELECT cr.code AS k1, fs.code AS k2, CAST(SUM(fl.amount_cents) AS BIGINT) AS v \
         FROM funding_line fl JOIN subproject s ON s.id = fl.subproject_id \
         JOIN city_region cr ON cr.id = s.region_id JOIN funding_source fs ON fs.id = fl.source_id \
         WHERE fl.kind = 'planned' GROUP BY cr.code, fs.code"
            .into(),
    )
    .await;
    let realised = pairs(
        "SELECT cr.code AS k1, CAST(SUM(fl.amount_cents) AS BIGINT) AS v \
         FROM funding_line fl JOIN report r ON r.subproject_id = fl.subproject_id \
           AND r.period_id = fl.period_id AND r.status = 'approved' \
         JOIN subproject s ON s.id = fl.subproject_id JOIN city_region cr ON cr.id = s.region_id \
         WHERE fl.kind = 'realised' GROUP BY cr.code"
            .into(),
    )
    .await;
    let theme_projects = pairs(
        "SELECT th.code AS k1, CAST(COUNT(*) AS BIGINT) AS v FROM project p \
         JOIN theme th ON th.id = p.theme_id GROUP BY th.code"
            .into(),
    )
    .await;
    let theme_planned = pairs(
        "SELECT th.code AS k1, CAST(SUM(fl.amount_cents) AS BIGINT) AS v FROM funding_line fl \
         JOIN subproject s ON s.id = fl.subproject_id JOIN project p ON p.id = s.project_id \
         JOIN theme th ON th.id = p.theme_id WHERE fl.kind = 'planned' GROUP BY th.code"
            .into(),
    )
    .await;
    let targets = pairs(
        "SELECT i.code AS k1, CAST(SUM(t.value_milli) AS BIGINT) AS v FROM indicator_target t \
         JOIN (SELECT subproject_id, indicator_id, MAX(revision) AS revision FROM indicator_target \
               GROUP BY subproject_id, indicator_id) m ON m.subproject_id = t.subproject_id \
           AND m.indicator_id = t.indicator_id AND m.revision = t.revision \
         JOIN indicator i ON i.id = t.indicator_id GROUP BY i.code"
            .into(),
    )
    .await;
    let region_actuals = pairs(format!(
        "{LATEST}SELECT i.code AS k1, cr.code AS k2, CAST(SUM(ia.value_milli) AS BIGINT) AS v {} \
         GROUP BY i.code, cr.code",
        COUNTING.replacen(
            "JOIN reporting_period p",
            "JOIN subproject s ON s.id = r.subproject_id JOIN city_region cr ON cr.id = s.region_id \
             JOIN reporting_period p",
            1
        )
    ))
    .await;
    let companies = pairs(format!(
        "{LATEST}SELECT i.code AS k1, CAST(COUNT(DISTINCT c.business_id) AS BIGINT) AS v {} \
         GROUP BY i.code",
        COUNTING.replacen(
            "FROM indicator_actual ia",
            "FROM indicator_actual ia JOIN indicator_actual_company c ON c.actual_id = ia.id",
            1
        )
    ))
    .await;
    Figures {
        counts: one(counts),
        planned: nonzero(planned.into_iter().map(|(a, b, v)| ((a, b), v))),
        realised: one(realised),
        theme_projects: one(theme_projects),
        theme_planned: one(theme_planned),
        targets: one(targets),
        // The national actuals are the regions' added up: the same pass serves both.
        actuals: nonzero(
            region_actuals
                .iter()
                .fold(BTreeMap::new(), |mut sums, (k, _, v)| {
                    *sums.entry(k.clone()).or_insert(0) += v;
                    sums
                }),
        ),
        companies: one(companies),
        region_actuals: nonzero(region_actuals.into_iter().map(|(a, b, v)| ((a, b), v))),
    }
}

async fn through_the_app(db: &DatabaseConnection) -> Dashboard {
    let scope = RollupScope {
        approved_only: true,
        ..Default::default()
    };
    compute(db, &scope, &DashboardFilter::default())
        .await
        .unwrap()
}

/// Medians of the application's roll-up and of the hand-written SQL, run in turns.
async fn compare_rollups(db: &DatabaseConnection) -> (Duration, Duration) {
    let app = figures_of(&through_the_app(db).await);
    let hand = hand_written(db).await;
    assert_eq!(app, hand, "the application and the SQL disagree");
    let (mut app_times, mut sql_times) = (Vec::new(), Vec::new());
    for _ in 0..ROLLUP_RUNS {
        let started = Instant::now();
        through_the_app(db).await;
        app_times.push(started.elapsed());
        let started = Instant::now();
        hand_written(db).await;
        sql_times.push(started.elapsed());
    }
    app_times.sort();
    sql_times.sort();
    (percentile(&app_times, 0.5), percentile(&sql_times, 0.5))
}

struct Load {
    cold: Duration,
    p50: Duration,
    p95: Duration,
    max: Duration,
    per_second: f64,
    peak_mb: f64,
}

/// Starts the server binary on the database, signs 20 ministry viewers in and has each load
/// the national dashboard 50 times at once.
async fn load(test: &TestDb) -> Load {
    server::demo::users::seed_users(&test.db).await.unwrap();
    let server = Server::start(&test.url(), &[]).await;
    let base = &server.base;
    let mut clients = Vec::new();
    for _ in 0..USERS {
        clients.push(server.signed_in(MINISTRY).await);
    }
    let page = format!("{base}/dashboard");
    let get = |client: reqwest::Client, page: String| async move {
        let started = Instant::now();
        let response = client.get(&page).send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert!(
            status.is_success() && body.contains("<svg"),
            "dashboard: {status}"
        );
        started.elapsed()
    };
    // The first reader after start computes the roll-up; everyone after is served it.
    let cold = get(clients[0].clone(), page.clone()).await;
    let started = Instant::now();
    let tasks: Vec<_> = clients
        .iter()
        .map(|c| {
            let (c, page) = (c.clone(), page.clone());
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(REQUESTS_PER_USER);
                for _ in 0..REQUESTS_PER_USER {
                    times.push(get(c.clone(), page.clone()).await);
                }
                times
            })
        })
        .collect();
    let mut times = Vec::new();
    for task in tasks {
        times.extend(task.await.unwrap());
    }
    let wall = started.elapsed();
    let peak_mb = server.peak_mb();
    drop(server);
    times.sort();
    Load {
        cold,
        p50: percentile(&times, 0.5),
        p95: percentile(&times, 0.95),
        max: *times.last().unwrap(),
        per_second: times.len() as f64 / wall.as_secs_f64(),
        peak_mb,
    }
}

async fn bench(backend: Backend, size: Size) -> Vec<String> {
    let test = support::generated(backend, size).await;
    let (app, sql) = compare_rollups(&test.db).await;
    let ratio = app.as_secs_f64() / sql.as_secs_f64();
    println!(
        "  national roll-up, median of {ROLLUP_RUNS}: application {:.0} ms, hand-written SQL {:.0} ms, ratio {ratio:.2} (goal ≤ 1.30)",
        ms(app),
        ms(sql)
    );
    let l = load(&test).await;
    println!(
        "  GET /dashboard, {USERS} users × {REQUESTS_PER_USER}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms, {:.0} pages/s; first after start {:.0} ms",
        ms(l.p50),
        ms(l.p95),
        ms(l.max),
        l.per_second,
        ms(l.cold)
    );
    println!(
        "  server peak memory (VmHWM): {:.1} MB (goal < 256 MB)",
        l.peak_mb
    );
    let verdict = |ok: bool| if ok { "meets" } else { "misses" };
    vec![
        format!(
            "{backend:?}: roll-up ratio {ratio:.2} – {}",
            verdict(ratio <= 1.3)
        ),
        format!(
            "{backend:?}: dashboard p95 {:.1} ms – {}",
            ms(l.p95),
            verdict(l.p95 <= Duration::from_millis(100))
        ),
        format!(
            "{backend:?}: server memory {:.1} MB – {}",
            l.peak_mb,
            verdict(l.peak_mb < 256.0)
        ),
    ]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let size = Size::from_env();
    println!("Dashboard benchmark: {} subprojects", size.subprojects);
    let mut verdicts = bench(Backend::Sqlite, size).await;
    if sea_orm::Database::connect(server::testing::postgres_admin_url())
        .await
        .is_ok()
    {
        verdicts.extend(bench(Backend::Postgres, size).await);
    } else {
        println!("PostgreSQL not reachable: skipped");
    }
    for v in verdicts {
        println!("{v}");
    }
}
