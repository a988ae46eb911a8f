//! Hand-written SQL that runs on both backends: `?` placeholders in the text are renumbered
//! to `$1, $2, …` for PostgreSQL. The SQL in this crate never has a `?` inside a literal.

use crate::error::AppError;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value};

/// A statement for `backend` from portable SQL with `?` placeholders.
pub fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let text = match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, text, values)
}

/// Runs portable SQL and maps every row to `T`.
///
/// # Errors
/// [`AppError::Internal`] when the database fails or a row does not fit `T`.
pub async fn fetch_all<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<T>, AppError> {
    let rows = db
        .query_all_raw(stmt(db.get_database_backend(), sql, values))
        .await?;
    rows.iter()
        .map(|row| T::from_query_result(row, "").map_err(AppError::from))
        .collect()
}

/// Runs portable SQL that returns exactly one row (an aggregate) and maps it to `T`.
///
/// # Errors
/// [`AppError::Internal`] when the database fails or returns no row.
pub async fn fetch_one<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<T, AppError> {
    fetch_all(db, sql, values)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| {
            tracing::error!(sql, "query returned no row");
            AppError::Internal
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        let pg = stmt(
            DbBackend::Postgres,
            "a = ? AND b IN (?, ?)",
            vec![1.into(), 2.into(), 3.into()],
        );
        assert_eq!(pg.sql, "a = $1 AND b IN ($2, $3)");
        let lite = stmt(DbBackend::Sqlite, "a = ?", vec![1.into()]);
        assert_eq!(lite.sql, "a = ?");
    }
}
