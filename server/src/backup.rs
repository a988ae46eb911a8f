//! `server backup --to FILE` and `server restore --from FILE`: an online, consistent copy of
//! the whole database while it serves, and its return into an empty database, all of it or
//! nothing.
//!
//! - SQLite: `VACUUM INTO` writes a compact copy as of one read transaction (writers go on
//!   meanwhile); restoring checks the copy's integrity and puts it where the empty target is.
//! - PostgreSQL: `pg_dump --format=custom` (one snapshot, the service goes on) and
//!   `pg_restore --single-transaction --exit-on-error` into a database with no tables. The
//!   password, if the address has one, goes to them as `PGPASSWORD`, never on a command line.
//!
//! Either way the restored database must then have every migration applied, or the restore
//! is reported as failed.

use anyhow::{Context, bail, ensure};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::path::Path;

/// Backs the database at `url` up into `to`, which must not exist yet.
///
/// # Errors
/// The file exists, the database cannot be read, or `pg_dump` fails.
pub async fn backup(url: &str, to: &Path) -> anyhow::Result<()> {
    ensure!(
        !to.exists(),
        "{} exists already: a backup never overwrites one",
        to.display()
    );
    if is_postgres(url) {
        let (address, password) = without_password(url);
        let mut command = std::process::Command::new("pg_dump");
        command
            .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
            .arg(to)
            .arg("--dbname")
            .arg(&address);
        run(command, password, "pg_dump")?;
    } else {
        let db = app::ssr::db::connect(url).await?;
        let target = to.to_str().context("the backup's path is not UTF-8")?;
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [target.into()],
        ))
        .await
        .context("VACUUM INTO failed")?;
        db.close().await?;
    }
    Ok(())
}

/// Restores the backup `from` into the empty database at `url`.
///
/// # Errors
/// The target has tables already, the backup is not one, or it does not restore whole.
pub async fn restore(url: &str, from: &Path) -> anyhow::Result<()> {
    ensure!(from.is_file(), "no backup at {}", from.display());
    if is_postgres(url) {
        let db = app::ssr::db::connect(url).await?;
        ensure!(
            tables(&db).await? == 0,
            "the database to restore into has tables: restore only into an empty one"
        );
        db.close().await?;
        let (address, password) = without_password(url);
        let mut command = std::process::Command::new("pg_restore");
        command
            .args([
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                "--dbname",
            ])
            .arg(&address)
            .arg(from);
        run(command, password, "pg_restore")?;
    } else {
        let path = app::ssr::db::sqlite_file(url)
            .context("restore into a SQLite file or a PostgreSQL database")?;
        let target = Path::new(&path);
        if target.exists() {
            let db = app::ssr::db::connect(url).await?;
            let count = tables(&db).await?;
            db.close().await?;
            ensure!(
                count == 0,
                "{path} has tables: restore only into an empty database"
            );
        }
        // The copy is read before it is put in place: a file that is no sound SQLite
        // database changes nothing.
        let check = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", from.display()))
            .await
            .context("the backup is not a SQLite database")?;
        let sound = check
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await?
            .and_then(|row| row.try_get_by_index::<String>(0).ok());
        check.close().await?;
        ensure!(
            sound.as_deref() == Some("ok"),
            "the backup fails SQLite's integrity check"
        );
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
        std::fs::copy(from, target).context("copying the backup into place")?;
    }
    let db = app::ssr::db::connect(url).await?;
    let pending = Migrator::get_pending_migrations(&db).await?.len();
    db.close().await?;
    if pending > 0 {
        bail!("restored, but {pending} migrations are pending: run `server migrate`");
    }
    Ok(())
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The number of the application's tables in the database.
async fn tables(db: &DatabaseConnection) -> anyhow::Result<i64> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM information_schema.tables \
             WHERE table_schema = 'public'"
        }
        _ => "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'",
    };
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .context("counting tables")?;
    Ok(row.try_get::<i64>("", "n")?)
}

/// The address without its password, and the password.
fn without_password(url: &str) -> (String, Option<String>) {
    let Some(scheme) = url.find("://") else {
        return (url.to_owned(), None);
    };
    let rest = &url[scheme + 3..];
    let Some(at) = rest.rfind('@') else {
        return (url.to_owned(), None);
    };
    match rest[..at].split_once(':') {
        Some((user, password)) => (
            format!("{}{user}@{}", &url[..scheme + 3], &rest[at + 1..]),
            Some(password.to_owned()),
        ),
        None => (url.to_owned(), None),
    }
}

/// Runs a PostgreSQL tool, its password in its environment; its error output on failure.
fn run(
    mut command: std::process::Command,
    password: Option<String>,
    name: &str,
) -> anyhow::Result<()> {
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let out = command
        .output()
        .with_context(|| format!("{name} could not be started: is it installed?"))?;
    ensure!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_goes_on_the_command_line() {
        assert_eq!(
            without_password("postgres://app:s3cr:et@db:5432/x"),
            (
                "postgres://app@db:5432/x".to_owned(),
                Some("s3cr:et".to_owned())
            )
        );
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1:5432/test"),
            ("postgres://postgres@127.0.0.1:5432/test".to_owned(), None)
        );
    }
}
