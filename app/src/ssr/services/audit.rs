//! The append-only audit log: who did what, when, to which record, and why.

use crate::error::AppError;
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use serde_json::Value;

/// One audit record being written.
#[derive(Clone, Debug)]
pub struct Entry {
    action: &'static str,
    entity: &'static str,
    entity_id: Option<String>,
    user_id: Option<i32>,
    changes: Value,
    reason: Option<String>,
    client_addr: Option<String>,
}

impl Entry {
    /// `action` (e.g. `sign_in`) done to `entity` (a table name) with the given id.
    pub fn new(action: &'static str, entity: &'static str, entity_id: Option<String>) -> Self {
        Entry {
            action,
            entity,
            entity_id,
            user_id: None,
            changes: Value::Object(Default::default()),
            reason: None,
            client_addr: None,
        }
    }

    /// Done by this user (or by nobody signed in).
    pub fn by(mut self, user_id: Option<i32>) -> Self {
        self.user_id = user_id;
        self
    }

    /// Field-level changes: `{"field": {"old": …, "new": …}}`. Never passwords or tokens.
    pub fn changes(mut self, changes: Value) -> Self {
        self.changes = changes;
        self
    }

    /// The reason the user gave.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// The client's address.
    pub fn from_addr(mut self, addr: Option<String>) -> Self {
        self.client_addr = addr;
        self
    }
}

/// Writes `entry`. Pass the transaction of the change so both land or neither does.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn record(db: &impl ConnectionTrait, entry: Entry) -> Result<(), AppError> {
    audit_log::ActiveModel {
        at: Set(chrono::Utc::now()),
        user_id: Set(entry.user_id),
        action: Set(entry.action.to_string()),
        entity: Set(entry.entity.to_string()),
        entity_id: Set(entry.entity_id),
        changes: Set(entry.changes.to_string()),
        reason: Set(entry.reason),
        client_addr: Set(entry.client_addr),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
