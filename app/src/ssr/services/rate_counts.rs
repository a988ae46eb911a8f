//! The open API's request counts shared by the instances (table `api_rate_count`, migration
//! 22): each instance adds what it counted since its last call and learns the totals of those
//! keys, every instance's requests included. The limits themselves are applied in memory
//! (`server/src/api_v1/limits.rs`); no request waits for this table.

use crate::error::AppError;
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait, Value};

/// Requests of one key in one one-minute window (`window` = Unix seconds / 60).
#[derive(Clone, Debug, PartialEq, Eq, sea_orm::FromQueryResult)]
pub struct Count {
    pub rate_key: String,
    pub window_minute: i64,
    pub requests: i64,
}

/// Rows per statement: three values each, well under either database's limit of values.
const ROWS_PER_STATEMENT: usize = 300;

/// Adds `counts` to the shared counts, all or none (one transaction), and returns the new
/// totals of the same keys.
///
/// The rows are written in key order, so two instances adding the same keys at once lock
/// them in the same order (no deadlock on PostgreSQL). A key may appear once per window.
///
/// # Errors
/// [`AppError::Internal`] when the database fails; then nothing was added.
pub async fn add(db: &DatabaseConnection, counts: &[Count]) -> Result<Vec<Count>, AppError> {
    let mut sorted: Vec<&Count> = counts.iter().filter(|c| c.requests > 0).collect();
    sorted.sort_by(|a, b| (&a.rate_key, a.window_minute).cmp(&(&b.rate_key, b.window_minute)));
    let mut totals = Vec::with_capacity(sorted.len());
    let txn = db.begin().await?;
    for chunk in sorted.chunks(ROWS_PER_STATEMENT) {
        let rows = vec!["(?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO api_rate_count (rate_key, window_minute, requests) VALUES {rows} \
             ON CONFLICT (rate_key, window_minute) DO UPDATE \
             SET requests = api_rate_count.requests + excluded.requests \
             RETURNING rate_key, window_minute, requests"
        );
        let values: Vec<Value> = chunk
            .iter()
            .flat_map(|c| {
                [
                    c.rate_key.clone().into(),
                    c.window_minute.into(),
                    c.requests.into(),
                ]
            })
            .collect();
        totals.extend(crate::ssr::sql::fetch_all::<Count>(&txn, &sql, values).await?);
    }
    txn.commit().await?;
    Ok(totals)
}

/// Forgets the counts of windows before `window`.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn forget_before(db: &impl ConnectionTrait, window: i64) -> Result<(), AppError> {
    let statement = crate::ssr::sql::stmt(
        db.get_database_backend(),
        "DELETE FROM api_rate_count WHERE window_minute < ?",
        vec![window.into()],
    );
    db.execute_raw(statement).await?;
    Ok(())
}
