//! A user's sessions: listing them, ending one, ending all of them.

use crate::error::AppError;
use crate::model::account::SessionInfo;
use entity::session;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The user's live sessions, newest first; `current_handle` marks the one asking.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn list_sessions(
    db: &impl ConnectionTrait,
    user_id: i32,
    current_handle: Option<&str>,
    now: i64,
) -> Result<Vec<SessionInfo>, AppError> {
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAtUnix.gt(now))
        .order_by_desc(session::Column::SignedInAtUnix)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let handle = row.handle?;
            Some(SessionInfo {
                current: current_handle == Some(handle.as_str()),
                handle,
                signed_in_at_unix: row.signed_in_at_unix.unwrap_or(0),
                expires_at_unix: row.expires_at_unix,
                client_addr: row.client_addr,
                user_agent: row.user_agent,
            })
        })
        .collect())
}

/// Ends the user's session named `handle`; a handle of another user's session answers
/// as a missing one.
///
/// # Errors
/// [`AppError::NotFound`], or [`AppError::Internal`] when the database fails.
pub async fn revoke_session(
    db: &impl ConnectionTrait,
    user_id: i32,
    handle: &str,
) -> Result<(), AppError> {
    let result = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Handle.eq(handle))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        Err(AppError::NotFound)
    } else {
        Ok(())
    }
}

/// Ends one of the principal's other sessions, audited in the same transaction. The current
/// session is ended by signing out, not here.
///
/// # Errors
/// [`AppError::NotFound`] for a handle that is not one of the principal's other sessions.
pub async fn revoke_other_session(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    principal: &crate::ssr::access::Principal,
    handle: &str,
) -> Result<(), AppError> {
    use sea_orm::TransactionSession;
    // Handles are 32 hexadecimal digits; anything else names no session.
    let well_formed = handle.len() <= 64 && handle.bytes().all(|b| b.is_ascii_alphanumeric());
    if !well_formed || principal.session_handle.as_deref() == Some(handle) {
        return Err(AppError::NotFound);
    }
    let txn = crate::ssr::db::begin_write(db).await?;
    revoke_session(&txn, principal.user_id, handle).await?;
    let entry = super::audit::Entry::new(
        "session_revoke",
        "app_user",
        Some(principal.user_id.to_string()),
    )
    .by(Some(principal.user_id))
    .changes(serde_json::json!({ "session": handle }));
    super::audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every session of the user (after disabling the account or changing its password),
/// except `keep` when given.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn revoke_all_sessions(
    db: &impl ConnectionTrait,
    user_id: i32,
    keep: Option<&str>,
) -> Result<u64, AppError> {
    let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(handle) = keep {
        delete = delete.filter(session::Column::Handle.ne(handle));
    }
    Ok(delete.exec(db).await?.rows_affected)
}
