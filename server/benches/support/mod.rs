//! What the benchmarks share: reading a process's memory, running each backend in a process
//! of its own (so that each one's memory is its own), quantiles, and the server binary
//! started on a benchmark's database with signed-in clients and API tokens.

// Each benchmark uses some of these.
#![allow(dead_code)]

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

/// A new database of `backend` with a generated portfolio of `size`, its making reported.
pub async fn generated(
    backend: server::testing::Backend,
    size: server::generator::Size,
) -> server::testing::TestDb {
    let test = server::testing::TestDb::new(backend).await;
    let started = std::time::Instant::now();
    let made = server::generator::generate(&test.db, size).await.unwrap();
    println!(
        "{backend:?}: {made} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    test
}

/// The `p` quantile of sorted durations.
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

/// Milliseconds, for printing.
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The server binary serving a database on a free port, stopped when dropped.
pub struct Server {
    pub base: String,
    pub child: std::process::Child,
}

impl Server {
    /// Starts `server serve` on the database at `url` with `env` besides, and waits until
    /// it answers.
    pub async fn start(url: &str, env: &[(&str, &str)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("INNOCITIES_ADDR", format!("127.0.0.1:{port}"))
            .env("INNOCITIES_PUBLIC_URL", &base)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("the server binary starts");
        let probe = reqwest::Client::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while probe.get(format!("{base}/healthz")).send().await.is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not answer"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        Server { base, child }
    }

    /// The server's peak resident memory so far, in MB (Linux).
    pub fn peak_mb(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    /// A browser-like client signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let signed_in = client
            .post(format!("{}/api/auth/login", self.base))
            .header("Accept", "text/html")
            .header("Origin", &self.base)
            .form(&[
                ("form[email]", email),
                ("form[password]", server::demo::users::DEMO_PASSWORD),
                ("form[next]", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            signed_in.status().is_redirection(),
            "sign-in: {}",
            signed_in.status()
        );
        client
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A personal API token of `email`'s user, made by `server create-token`.
pub fn create_token(url: &str, email: &str) -> String {
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["create-token", "--as", email, "--days", "1"])
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("create-token runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    String::from_utf8(made.stdout).unwrap().trim().to_owned()
}
