//! Hand-written SQL that runs on both backends: `?` placeholders in the text are renumbered
//! to `$1, $2, …` for PostgreSQL. The SQL in this crate never has a `?` inside a literal.

use sea_orm::{DbBackend, Statement, Value};

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
