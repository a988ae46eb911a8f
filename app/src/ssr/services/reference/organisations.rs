//! Organisations' reference data: name, home municipality, kind and Business ID
//! corrections, kept by the national team and admins; version-checked and audited.

use crate::error::{AppError, FieldErrors};
use crate::model::BusinessId;
use crate::model::reference::OrganisationInput;
use crate::model::register::ORGANISATION_KINDS;
use crate::model::text::{LINE, parse_into};
use crate::ssr::access::Principal;
use crate::ssr::access::ensure_keeper;
use crate::ssr::columns::optional;
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::audit::{changes_json, diff_fields};
use crate::ssr::services::versioned::{ensure_free, in_transaction, update_at};
use entity::organisation;
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait, TransactionTrait};

fn organisation_fields(o: &OrganisationInput) -> Vec<(&'static str, String)> {
    vec![
        ("name", o.name.clone()),
        ("business_id", o.business_id.clone()),
        ("kind", o.kind.clone()),
        ("municipality", o.municipality.clone()),
    ]
}

fn organisation_input(o: &organisation::Model) -> OrganisationInput {
    OrganisationInput {
        name: o.name.clone(),
        business_id: o.business_id.clone(),
        kind: o.kind.clone(),
        municipality: o.municipality.clone().unwrap_or_default(),
    }
}

/// An organisation's form with its version.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
pub async fn organisation_form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(OrganisationInput, i32), AppError> {
    ensure_keeper(principal)?;
    let o = organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((organisation_input(&o), o.version))
}

/// Corrects an organisation still at `version`: its name, Business ID (a correction: the
/// check digit must match and no other organisation may have it), kind and municipality.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::Validation`]
/// per field; [`AppError::EditConflict`].
pub async fn save_organisation(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
    input: &OrganisationInput,
) -> Result<(), AppError> {
    ensure_keeper(principal)?;
    let mut errors = FieldErrors::new();
    let mut input = OrganisationInput {
        name: parse_into(&mut errors, "name", &input.name, LINE, 200, true),
        business_id: input.business_id.trim().to_string(),
        kind: input.kind.trim().to_string(),
        municipality: parse_into(
            &mut errors,
            "municipality",
            &input.municipality,
            LINE,
            120,
            false,
        ),
    };
    match BusinessId::parse(&input.business_id) {
        Ok(bid) => input.business_id = bid.to_string(),
        Err(e) => {
            errors.insert("business_id".into(), vec![e.message_key().into()]);
        }
    }
    if !ORGANISATION_KINDS.contains(&input.kind.as_str()) {
        errors.insert("kind".into(), vec!["invalid".into()]);
    }
    AppError::check(errors)?;
    in_transaction(db, async |txn| {
        let current = organisation::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let before = organisation_input(&current);
        ensure_free::<organisation::Entity>(txn, &input.business_id, Some(id)).await?;
        let model = organisation::ActiveModel {
            name: Set(input.name.clone()),
            business_id: Set(input.business_id.clone()),
            kind: Set(input.kind.clone()),
            municipality: Set(optional(&input.municipality)),
            updated_at: Set(chrono::Utc::now()),
            ..Default::default()
        };
        let (old, new) = (organisation_fields(&before), organisation_fields(&input));
        update_at(txn, id, Some(version), model, || diff_fields(&new, &old)).await?;
        let entry = Entry::new("update", "organisation", Some(id.to_string()))
            .by(Some(principal.user_id))
            .changes(changes_json(diff_fields(&old, &new)));
        audit::record(txn, entry).await
    })
    .await
}
