//! Accessibility feedback: anyone may send it from the accessibility statement; the national
//! team reads it, answers within 14 days and marks it answered. Stored, audited.

use super::audit::{self, Entry};
use crate::error::{AppError, FieldErrors};
use crate::model::feedback::{ANSWER_WITHIN_DAYS, FeedbackRow};
use crate::model::text::{LINE, PARAGRAPHS, parse_into};
use crate::ssr::access::{Principal, national_only};
use entity::{app_user, feedback};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};

/// How many pieces of feedback one address may send in an hour: plenty for a person, little
/// for a script filling the national team's list.
pub const PER_ADDRESS_HOURLY: u64 = 10;

/// Stores feedback; the name, e-mail and page are optional, the message is not. An address
/// that sent [`PER_ADDRESS_HOURLY`] in the last hour waits.
///
/// # Errors
/// [`AppError::Validation`] per field; [`AppError::Throttled`].
pub async fn send(
    db: &(impl ConnectionTrait + TransactionTrait),
    name: &str,
    email: &str,
    page: &str,
    message: &str,
    lang: crate::model::Lang,
    client_addr: Option<String>,
) -> Result<i32, AppError> {
    let mut errors = FieldErrors::new();
    let name = parse_into(&mut errors, "name", name, LINE, 200, false);
    let email = parse_into(&mut errors, "email", email, LINE, 254, false).to_lowercase();
    if !email.is_empty() && !validator::ValidateEmail::validate_email(&email) {
        errors.insert("email".into(), vec!["invalid_email".into()]);
    }
    let page = parse_into(&mut errors, "page", page, LINE, 300, false);
    let message = parse_into(&mut errors, "message", message, PARAGRAPHS, 5000, true);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let optional = |t: String| (!t.is_empty()).then_some(t);
    let txn = crate::ssr::db::begin_write(db).await?;
    if let Some(addr) = &client_addr {
        use sea_orm::PaginatorTrait;
        let hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
        let sent = entity::audit_log::Entity::find()
            .filter(entity::audit_log::Column::Entity.eq("feedback"))
            .filter(entity::audit_log::Column::Action.eq("create"))
            .filter(entity::audit_log::Column::ClientAddr.eq(addr.as_str()))
            .filter(entity::audit_log::Column::At.gte(hour_ago))
            .count(&txn)
            .await?;
        if sent >= PER_ADDRESS_HOURLY {
            return Err(AppError::Throttled {
                retry_after_secs: 3600,
            });
        }
    }
    let created = feedback::ActiveModel {
        received_at: Set(chrono::Utc::now()),
        name: Set(optional(name)),
        email: Set(optional(email)),
        page: Set(optional(page)),
        message: Set(message),
        lang: Set(lang.code().into()),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let entry =
        Entry::new("create", "feedback", Some(created.id.to_string())).from_addr(client_addr);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Every piece of feedback, the unanswered ones first (oldest first), then the answered.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team.
pub async fn list(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<Vec<FeedbackRow>, AppError> {
    national_only(principal)?;
    let today = chrono::Utc::now().date_naive();
    let mut rows: Vec<FeedbackRow> = feedback::Entity::find()
        .order_by_asc(feedback::Column::ReceivedAt)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(f, user)| {
            let received = f.received_at.date_naive();
            let answer_by = received
                .checked_add_days(chrono::Days::new(ANSWER_WITHIN_DAYS))
                .unwrap_or(received);
            FeedbackRow {
                id: f.id,
                received_at: f.received_at.to_rfc3339(),
                answer_by: answer_by.to_string(),
                name: f.name,
                email: f.email,
                page: f.page,
                message: f.message,
                lang: f.lang,
                overdue: f.answered_at.is_none() && today > answer_by,
                answered_at: f.answered_at.map(|t| t.to_rfc3339()),
                answered_by: user.map(|u| u.display_name),
                answer_note: f.answer_note,
                version: f.version,
            }
        })
        .collect();
    rows.sort_by_key(|r| r.answered_at.is_some());
    Ok(rows)
}

/// Marks feedback answered, with a note of how (the answer itself goes by e-mail or phone).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; a `note` field error;
/// [`AppError::Conflict`] when it changed since `version`.
pub async fn answer(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
    note: &str,
) -> Result<(), AppError> {
    national_only(principal)?;
    let note = crate::model::text::parse("note", note, PARAGRAPHS, 2000, true)?;
    let txn = crate::ssr::db::begin_write(db).await?;
    let updated = feedback::Entity::update_many()
        .col_expr(
            feedback::Column::AnsweredAt,
            Expr::value(Some(chrono::Utc::now())),
        )
        .col_expr(
            feedback::Column::AnsweredBy,
            Expr::value(Some(principal.user_id)),
        )
        .col_expr(
            feedback::Column::AnswerNote,
            Expr::value(Some(note.clone())),
        )
        .col_expr(
            feedback::Column::Version,
            Expr::col(feedback::Column::Version).add(1),
        )
        .filter(feedback::Column::Id.eq(id))
        .filter(feedback::Column::Version.eq(version))
        .filter(feedback::Column::AnsweredAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    let entry = Entry::new("answer", "feedback", Some(id.to_string()))
        .by(Some(principal.user_id))
        .reason(note);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
