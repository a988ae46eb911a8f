//! What the benchmarks that measure a process's memory share: reading it, and running each
//! backend in a process of its own so that each one's memory is its own.

/// The process's resident memory now and at its peak, in MB (Linux).
pub fn memory_mb() -> (f64, f64) {
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

/// Runs this benchmark again in a child process per backend, SQLite and (when it answers)
/// PostgreSQL, with `variable` naming the backend (`sqlite`, `postgres`).
pub async fn each_backend_in_a_process(variable: &str) {
    let mut backends = vec!["sqlite"];
    if sea_orm::Database::connect(server::testing::postgres_admin_url())
        .await
        .is_ok()
    {
        backends.push("postgres");
    } else {
        println!("PostgreSQL not reachable: skipped");
    }
    for backend in backends {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .env(variable, backend)
            .status()
            .unwrap();
        assert!(status.success(), "the {backend} run failed");
    }
}
