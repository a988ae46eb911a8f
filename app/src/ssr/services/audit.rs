//! The append-only audit log: who did what, when, to which record, and why.

use crate::error::AppError;
use crate::error::FieldChange;
use crate::model::account::{AuditFilter, AuditPage, AuditRow};
use entity::audit_log;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::Value;

/// Field changes as the audit log stores them: `{"field": {"old": …, "new": …}}`.
pub fn changes_json(changes: Vec<FieldChange>) -> serde_json::Value {
    serde_json::Value::Object(
        changes
            .into_iter()
            .map(|c| (c.field, serde_json::json!({ "old": c.old, "new": c.new })))
            .collect(),
    )
}

/// The fields of a deleted record as the audit log stores them: `{"field": {"old": …, "new": null}}`.
pub fn deleted_json(changes: Vec<FieldChange>) -> serde_json::Value {
    serde_json::Value::Object(
        changes
            .into_iter()
            .map(|c| (c.field, serde_json::json!({ "old": c.old, "new": null })))
            .collect(),
    )
}

/// A new record's fields as the audit log stores its creation: `{"field": {"old": null, "new": …}}`.
pub fn created_json(fields: &[(&'static str, String)]) -> serde_json::Value {
    fields_json(
        fields,
        |value| serde_json::json!({ "old": null, "new": value }),
    )
}

/// A removed record's fields as the audit log stores them: `{"field": {"old": …, "new": null}}`.
pub fn removed_json(fields: &[(&'static str, String)]) -> serde_json::Value {
    fields_json(
        fields,
        |value| serde_json::json!({ "old": value, "new": null }),
    )
}

fn fields_json(
    fields: &[(&'static str, String)],
    change: impl Fn(&str) -> serde_json::Value,
) -> serde_json::Value {
    serde_json::Value::Object(
        fields
            .iter()
            .map(|(field, value)| ((*field).to_string(), change(value)))
            .collect(),
    )
}

/// The fields whose text differs (ignoring surrounding blanks), `old` from `before` and
/// `new` from `after`.
pub fn diff_fields(
    before: &[(&'static str, String)],
    after: &[(&'static str, String)],
) -> Vec<FieldChange> {
    before
        .iter()
        .zip(after)
        .filter(|((_, old), (_, new))| old.trim() != new.trim())
        .map(|((field, old), (_, new))| FieldChange {
            field: (*field).into(),
            old: old.clone(),
            new: new.clone(),
        })
        .collect()
}

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
    parent_id: Option<String>,
    at: Option<chrono::DateTime<chrono::Utc>>,
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
            parent_id: None,
            at: None,
        }
    }

    /// With the reason given, if any.
    pub fn reason_if(self, reason: Option<String>) -> Self {
        match reason {
            Some(reason) => self.reason(reason),
            None => self,
        }
    }

    /// When it happened, if not now (records of the past, such as the demo's history).
    pub fn at(mut self, at: chrono::DateTime<chrono::Utc>) -> Self {
        self.at = Some(at);
        self
    }

    /// Of the record with this id (a new record's, once it has one).
    pub fn of_id(mut self, id: i32) -> Self {
        self.entity_id = Some(id.to_string());
        self
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

    /// The id of the record the changed one belongs under (a subproject's package), so
    /// that the parent's history keeps it after the record itself is gone.
    pub fn under(mut self, parent_id: i32) -> Self {
        self.parent_id = Some(parent_id.to_string());
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
    audit_log::Entity::insert(row(entry))
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// How many entries one statement writes (each binds nine values).
const ENTRIES_PER_STATEMENT: usize = 500;

/// An entry as the row it is written as, kept to be written later with others by
/// [`record_many`]: its changes as text, its time the time it was made.
pub struct Pending(audit_log::ActiveModel);

impl Entry {
    /// The entry to be written later, stamped now unless it carries its time.
    pub fn pending(mut self) -> Pending {
        self.at.get_or_insert_with(chrono::Utc::now);
        Pending(row(self))
    }
}

/// Writes many entries in a few statements (an import's records), in the caller's
/// transaction.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn record_many(db: &impl ConnectionTrait, entries: Vec<Pending>) -> Result<(), AppError> {
    let mut rows = entries.into_iter().map(|p| p.0).peekable();
    while rows.peek().is_some() {
        let chunk: Vec<audit_log::ActiveModel> =
            rows.by_ref().take(ENTRIES_PER_STATEMENT).collect();
        audit_log::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// An entry as its row, stamped now unless it carries its time.
fn row(entry: Entry) -> audit_log::ActiveModel {
    // The record id may be a request's path (a refused request): kept within the column.
    let bounded = |text: String, max: usize| text.chars().take(max).collect::<String>();
    audit_log::ActiveModel {
        at: Set(entry.at.unwrap_or_else(chrono::Utc::now)),
        user_id: Set(entry.user_id),
        action: Set(entry.action.to_string()),
        entity: Set(entry.entity.to_string()),
        entity_id: Set(entry.entity_id.map(|id| bounded(id, 60))),
        changes: Set(entry.changes.to_string()),
        reason: Set(entry.reason),
        client_addr: Set(entry.client_addr.map(|a| bounded(a, 64))),
        parent_id: Set(entry.parent_id),
        ..Default::default()
    }
}

/// Audit records per page of the audit view.
pub const AUDIT_PAGE_SIZE: u64 = 50;

/// The audit log's records for `filter` (its page aside), in no order yet.
///
/// # Errors
/// [`AppError::Validation`] for a date that is not `YYYY-MM-DD`; [`AppError::Internal`].
async fn filtered(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
) -> Result<sea_orm::Select<audit_log::Entity>, AppError> {
    use entity::app_user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let filter = &filter.sanitized();
    let day = |field: &str, text: &Option<String>| -> Result<Option<chrono::NaiveDate>, AppError> {
        match text.as_deref() {
            None => Ok(None),
            Some(t) => crate::model::dates::parse(t)
                .map(Some)
                .map_err(|key| AppError::field(field, key)),
        }
    };
    let from = day("from", &filter.from)?;
    let to = day("to", &filter.to)?;
    let mut query = audit_log::Entity::find();
    if let Some(entity) = &filter.entity {
        query = query.filter(audit_log::Column::Entity.eq(entity.as_str()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_log::Column::EntityId.eq(entity_id.as_str()));
    }
    if let Some(email) = filter
        .user
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let user = app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email.to_lowercase()))
            .one(db)
            .await?;
        query = query.filter(audit_log::Column::UserId.eq(user.map(|u| u.id).unwrap_or(-1)));
    }
    if let Some(from) = from {
        query = query
            .filter(audit_log::Column::At.gte(from.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    if let Some(to) = to.and_then(|d| d.succ_opt()) {
        query =
            query.filter(audit_log::Column::At.lt(to.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    Ok(query)
}

/// An audit record with the e-mail of who acted, as the log shows it.
fn row_of((a, user): (audit_log::Model, Option<entity::app_user::Model>)) -> AuditRow {
    AuditRow {
        id: a.id,
        at: a.at.to_rfc3339(),
        user: user.map(|u| u.email),
        action: a.action,
        entity: a.entity,
        entity_id: a.entity_id,
        changes: a.changes,
        reason: a.reason,
        client_addr: a.client_addr,
    }
}

/// Every audit record for `filter` (its page aside), newest first: the log to download.
///
/// # Errors
/// As [`list_audit`].
pub async fn all_audit(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
) -> Result<Vec<AuditRow>, AppError> {
    use sea_orm::QueryOrder;
    let query = filtered(db, filter)
        .await?
        .order_by_desc(audit_log::Column::Id);
    rows_of(db, query).await
}

/// The records of `query` with who acted, in its order.
async fn rows_of(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<audit_log::Entity>,
) -> Result<Vec<AuditRow>, AppError> {
    Ok(query
        .find_also_related(entity::app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(row_of)
        .collect())
}

/// A page of the audit log, newest first, filtered by the acting user's e-mail and by days
/// (UTC, both ends included).
///
/// # Errors
/// [`AppError::Validation`] for a date that is not `YYYY-MM-DD`; [`AppError::Internal`].
pub async fn list_audit(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
) -> Result<AuditPage, AppError> {
    use sea_orm::{PaginatorTrait, QueryOrder};
    let query = filtered(db, filter)
        .await?
        .order_by_desc(audit_log::Column::Id);
    let filter = &filter.sanitized();
    let paginator = query
        .find_also_related(entity::app_user::Entity)
        .paginate(db, AUDIT_PAGE_SIZE);
    let total = paginator.num_items().await?;
    let page_count = total.div_ceil(AUDIT_PAGE_SIZE).max(1);
    let page = u64::from(filter.page.max(1)).min(page_count);
    let rows = paginator.fetch_page(page - 1).await?;
    Ok(AuditPage {
        rows: rows.into_iter().map(row_of).collect(),
        page: u32::try_from(page).unwrap_or(1),
        page_count: u32::try_from(page_count).unwrap_or(1),
        total: i64::try_from(total).unwrap_or(i64::MAX),
    })
}

/// At most `limit` audit records for `filter` after record id `after`, oldest first: the
/// log read a page at a time by a program that keeps up with it (the open API).
///
/// # Errors
/// As [`list_audit`].
pub async fn audit_after(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    after: i32,
    limit: u32,
) -> Result<Vec<AuditRow>, AppError> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let query = filtered(db, filter)
        .await?
        .filter(audit_log::Column::Id.gt(after))
        .order_by_asc(audit_log::Column::Id)
        .limit(u64::from(limit));
    rows_of(db, query).await
}
