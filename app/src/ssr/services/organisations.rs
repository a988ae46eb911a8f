//! The organisation register: implementing organisations identified by their Business ID,
//! each registered once.

use super::audit::{self, Entry};
use super::versioned::in_transaction;
use crate::error::{AppError, FieldErrors};
use crate::model::BusinessId;
use crate::model::auth::Role;
use crate::model::register::ORGANISATION_KINDS;
use crate::ssr::access::Principal;
use entity::organisation;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionTrait,
};

/// Registers an organisation. City coordinators and the national team may add them.
///
/// # Errors
/// [`AppError::Forbidden`] for other roles; [`AppError::Validation`] per field (a Business
/// ID already registered is `business_id_taken`).
pub async fn create_organisation(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    name: &str,
    business_id: &str,
    kind: &str,
) -> Result<i32, AppError> {
    if !(principal.has(Role::CityCoordinator) || principal.has(Role::NationalCoordinator)) {
        return Err(AppError::Forbidden);
    }
    let (name, bid) = parse_new(name, business_id, kind)?;
    let name = name.as_str();
    in_transaction(db, async |txn| {
        if organisation::Entity::find()
            .filter(organisation::Column::BusinessId.eq(bid.as_str()))
            .one(txn)
            .await?
            .is_some()
        {
            return Err(AppError::field("business_id", "business_id_taken"));
        }
        let now = chrono::Utc::now();
        let created = organisation::ActiveModel {
            business_id: Set(bid.to_string()),
            name: Set(name.to_string()),
            kind: Set(kind.to_string()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(AppError::unique_as("business_id", "business_id_taken"))?;
        let entry = Entry::new("create", "organisation", Some(created.id.to_string()))
            .by(Some(principal.user_id))
            .changes(serde_json::json!({
                "name": { "old": null, "new": name },
                "business_id": { "old": null, "new": bid.as_str() },
                "kind": { "old": null, "new": kind },
            }));
        audit::record(txn, entry).await?;
        Ok(created.id)
    })
    .await
}

/// A new organisation's name and Business ID, if they and its kind are valid.
///
/// # Errors
/// [`AppError::Validation`] per field.
fn parse_new(name: &str, business_id: &str, kind: &str) -> Result<(String, BusinessId), AppError> {
    let mut errors = FieldErrors::new();
    let name = crate::model::text::parse_into(
        &mut errors,
        "name",
        name,
        crate::model::text::LINE,
        200,
        true,
    );
    let bid = match BusinessId::parse(business_id) {
        Ok(bid) => Some(bid),
        Err(e) => {
            errors.insert("business_id".into(), vec![e.message_key().into()]);
            None
        }
    };
    if !ORGANISATION_KINDS.contains(&kind) {
        errors.insert("kind".into(), vec!["invalid".into()]);
    }
    match bid.filter(|_| errors.is_empty()) {
        Some(bid) => Ok((name, bid)),
        None => Err(AppError::Validation(errors)),
    }
}
