//! Test support shared by the test binaries: a fresh, migrated database on SQLite or
//! PostgreSQL per test, and a running server on a random port.
//!
//! PostgreSQL is found at `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`);
//! each test gets its own database, dropped afterwards. An unreachable PostgreSQL fails the
//! test: it is never skipped.

use app::ssr::session_store::DbSessionStore;
use app::ssr::state::{AppState, Settings};
use migration::{Migrator, MigratorTrait};
use rand::Rng;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::net::SocketAddr;
use std::sync::Arc;

/// The two supported databases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server's maintenance URL for tests.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A database that exists only for one test.
pub struct TestDb {
    pub db: DatabaseConnection,
    pub backend: Backend,
    sqlite_file: Option<std::path::PathBuf>,
    pg_name: Option<String>,
}

fn random_name() -> String {
    let n: u64 = rand::rng().random();
    format!("innocities_t{n:016x}")
}

impl TestDb {
    /// A fresh, migrated database.
    ///
    /// # Panics
    /// When the database cannot be created or migrated (a test failure, by design).
    pub async fn new(backend: Backend) -> Self {
        let test = Self::empty(backend).await;
        Migrator::up(&test.db, None)
            .await
            .expect("migrations apply");
        test
    }

    /// A fresh database without any tables.
    ///
    /// # Panics
    /// When the database cannot be created.
    pub async fn empty(backend: Backend) -> Self {
        let name = random_name();
        match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                let url = format!("sqlite://{}?mode=rwc", path.display());
                let db = app::ssr::db::connect(&url).await.expect("SQLite opens");
                TestDb {
                    db,
                    backend,
                    sqlite_file: Some(path),
                    pg_name: None,
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL is not reachable at {admin_url}: {e}. Start it (see README)."
                    )
                });
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_string())
                    .unwrap_or(admin_url);
                let db = app::ssr::db::connect(&format!("{base}/{name}"))
                    .await
                    .expect("test database opens");
                TestDb {
                    db,
                    backend,
                    sqlite_file: None,
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl TestDb {
    /// The database's URL, for another process (such as a server the benchmarks start).
    pub fn url(&self) -> String {
        match (&self.sqlite_file, &self.pg_name) {
            (Some(path), _) => format!("sqlite://{}?mode=rwc", path.display()),
            (None, Some(name)) => {
                let admin_url = postgres_admin_url();
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.clone(), |(b, _)| b.to_string());
                format!("{base}/{name}")
            }
            (None, None) => String::new(),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = self.sqlite_file.take() {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        if let Some(name) = self.pg_name.take() {
            // Drop from a thread of its own: Drop cannot await, and the test's runtime may
            // be shutting down.
            let db = self.db.clone();
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    let _ = db.close().await;
                    if let Ok(admin) = Database::connect(&postgres_admin_url()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A server of the application on a random local port.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: DatabaseConnection,
    handle: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// `http://127.0.0.1:port` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// Starts the application on `db` at 127.0.0.1:0.
///
/// # Panics
/// When the port cannot be bound.
/// The trusted proxies a test asks for (`INNOCITIES_TRUSTED_PROXIES`), none otherwise.
fn trusted_proxies_of_env() -> app::ssr::client_addr::TrustedProxies {
    std::env::var("INNOCITIES_TRUSTED_PROXIES")
        .ok()
        .and_then(|v| app::ssr::client_addr::TrustedProxies::parse(&v).ok())
        .unwrap_or_default()
}

pub async fn spawn_app(db: DatabaseConnection) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a port");
    let addr = listener.local_addr().expect("local address");
    let mut leptos_options = crate::serve::leptos_options(addr);
    // Static files come straight from the assets folder; tests do not build the site.
    leptos_options.site_root = concat!(env!("CARGO_MANIFEST_DIR"), "/../public").into();
    let state = AppState {
        db: db.clone(),
        leptos_options,
        settings: Arc::new(Settings {
            public_url: format!("http://{addr}"),
            secure_cookies: false,
            trusted_proxies: trusted_proxies_of_env(),
        }),
        // A test server's readers see every change at once, unless the test asks for a
        // server's wait (`INNOCITIES_ROLLUP_WAIT_MS`).
        rollups: Arc::new(match std::env::var_os("INNOCITIES_ROLLUP_WAIT_MS") {
            Some(_) => app::ssr::rollup::cache::RollupCache::from_env(),
            None => app::ssr::rollup::cache::RollupCache::default(),
        }),
    };
    let router = crate::routes::router(state, DbSessionStore::new(db.clone()));
    let handle = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    TestApp { addr, db, handle }
}
