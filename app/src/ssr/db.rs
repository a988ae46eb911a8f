//! Connecting to the database: SQLite by default (a file under `./data/`), PostgreSQL when the
//! URL says `postgres://`.

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// The database used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/innocities.db?mode=rwc";

/// Opens a pool to `url`. For a SQLite file, creates its folder and turns on write-ahead
/// logging so readers never wait for a writer.
///
/// # Errors
/// The database cannot be reached or opened.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file(url)
        && let Some(dir) = std::path::Path::new(&path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("{}: {e}", dir.display())))?;
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        // A request waits at most this long for a connection, then fails (503), never
        // hanging while the database is away.
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite && sqlite_file(url).is_some() {
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
    }
    Ok(db)
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so concurrent writers queue instead of failing when a read
/// transaction tries to become a write one; on PostgreSQL it is a plain `BEGIN`.
///
/// # Errors
/// The database cannot begin a transaction.
pub async fn begin_write<C: sea_orm::TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(sea_orm::TransactionOptions {
        isolation_level: None,
        access_mode: None,
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
    })
    .await
}

/// Begins a transaction that only reads and sees one snapshot of the database throughout:
/// on PostgreSQL `REPEATABLE READ, READ ONLY` (a write in it fails), on SQLite a deferred
/// transaction, whose snapshot is taken at its first read and which never takes the write
/// lock.
///
/// # Errors
/// The database cannot begin a transaction.
pub async fn begin_snapshot(
    db: &sea_orm::DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::TransactionTrait;
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            db.begin_with_config(
                Some(sea_orm::IsolationLevel::RepeatableRead),
                Some(sea_orm::AccessMode::ReadOnly),
            )
            .await
        }
        _ => db.begin().await,
    }
}

/// The file path of a `sqlite://` URL, or `None` for memory databases and other backends.
/// The file of a SQLite address (none for memory or another database).
pub fn sqlite_file(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && path != ":memory:" && !url.contains("mode=memory"))
        .then(|| path.to_string())
}

/// The database was found not answering and not since answering again (see
/// `server/src/availability.rs`, which answers 503 meanwhile and probes it).
static UNAVAILABLE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `err` means the database does not answer (down, restarting, unreachable, its
/// connections ended, the pool's wait over) rather than a fault of the request or the code.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, SqlxError};
    let sqlx = |e: &RuntimeErr| match e {
        RuntimeErr::SqlxError(e) => match e.as_ref() {
            SqlxError::Io(_)
            | SqlxError::Tls(_)
            | SqlxError::Protocol(_)
            | SqlxError::PoolTimedOut
            | SqlxError::PoolClosed
            | SqlxError::WorkerCrashed => true,
            // PostgreSQL's connection exceptions (08…) and its shutting down or starting
            // up (57P01–57P03).
            SqlxError::Database(db) => db
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
            _ => false,
        },
        _ => false,
    };
    match err {
        // No connection could be had or made, whatever the database said.
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(e) | DbErr::Query(e) => sqlx(e),
        _ => false,
    }
}

/// Marks the database as not answering.
pub fn mark_unavailable() {
    if !UNAVAILABLE.swap(true, std::sync::atomic::Ordering::SeqCst) {
        crate::ssr::metrics::count("innocities_database_unavailable_total", &[]);
    }
}

/// Lifts the mark: the database answers again.
pub fn mark_available() {
    UNAVAILABLE.store(false, std::sync::atomic::Ordering::SeqCst);
}

/// Whether the database is marked as not answering.
pub fn is_marked_unavailable() -> bool {
    UNAVAILABLE.load(std::sync::atomic::Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_file_paths_are_found_and_memory_is_not_a_file() {
        assert_eq!(
            sqlite_file(DEFAULT_DATABASE_URL).as_deref(),
            Some("data/innocities.db")
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://postgres@localhost/test"), None);
    }
}
