//! The organisation register: implementing organisations identified by their Business ID,
//! each registered once. City coordinators and the national team register them; the
//! national team and admins correct them. A save is checked by [`prepare_organisation`]
//! (reading only) and written by [`write_organisation`], so that a form and an import's
//! rows go through the same rules.

use super::audit::{Entry, changes_json, diff_fields};
use super::unit::{Follow, NewRecord, Unit};
use super::versioned::{ensure_free_in, in_transaction, update_at};
use crate::error::{AppError, FieldChange, FieldErrors};
use crate::model::BusinessId;
use crate::model::auth::Role;
use crate::model::reference::OrganisationInput;
use crate::model::register::ORGANISATION_KINDS;
use crate::model::text::{LINE, clean, parse_into};
use crate::ssr::access::{Principal, ensure_keeper};
use crate::ssr::columns::optional;
use entity::organisation;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionTrait};

/// The longest name and municipality a form takes.
const NAME_CHARS: usize = 200;
const MUNICIPALITY_CHARS: usize = 120;

/// The fields of an organisation as the history shows them.
fn fields(o: &OrganisationInput) -> Vec<(&'static str, String)> {
    vec![
        ("name", o.name.clone()),
        ("business_id", o.business_id.clone()),
        ("kind", o.kind.clone()),
        ("municipality", o.municipality.clone()),
    ]
}

/// A stored organisation as its form holds it.
pub fn input_of(o: &organisation::Model) -> OrganisationInput {
    OrganisationInput {
        name: o.name.clone(),
        business_id: o.business_id.clone(),
        kind: o.kind.clone(),
        municipality: o.municipality.clone().unwrap_or_default(),
    }
}

/// What saving `input` over an organisation whose form holds `before` would change, field
/// by field (nothing: the input holds what is stored). A Business ID is compared as stored.
pub fn changes_to(before: &OrganisationInput, input: &OrganisationInput) -> Vec<FieldChange> {
    let business_id = BusinessId::parse(&input.business_id)
        .map_or_else(|_| clean(&input.business_id), |bid| bid.to_string());
    let normalised = OrganisationInput {
        name: clean(&input.name),
        business_id,
        kind: clean(&input.kind),
        municipality: clean(&input.municipality),
    };
    diff_fields(&fields(before), &fields(&normalised))
}

/// The input as stored: text cleaned, the Business ID in its standard form, the kind one of
/// [`ORGANISATION_KINDS`].
///
/// # Errors
/// [`AppError::Validation`] per field.
fn parse(input: &OrganisationInput) -> Result<OrganisationInput, AppError> {
    let mut errors = FieldErrors::new();
    let name = parse_into(&mut errors, "name", &input.name, LINE, NAME_CHARS, true);
    let municipality = parse_into(
        &mut errors,
        "municipality",
        &input.municipality,
        LINE,
        MUNICIPALITY_CHARS,
        false,
    );
    let business_id = match BusinessId::parse(&input.business_id) {
        Ok(bid) => bid.to_string(),
        Err(e) => {
            errors.insert("business_id".into(), vec![e.message_key().into()]);
            String::new()
        }
    };
    let kind = input.kind.trim().to_owned();
    if !ORGANISATION_KINDS.contains(&kind.as_str()) {
        let key = if kind.is_empty() {
            "required"
        } else {
            "invalid"
        };
        errors.insert("kind".into(), vec![key.into()]);
    }
    AppError::check(errors)?;
    Ok(OrganisationInput {
        name,
        business_id,
        kind,
        municipality,
    })
}

/// An organisation save that passed every check and only needs writing.
pub struct PreparedOrganisation {
    current: Option<organisation::Model>,
    input: OrganisationInput,
}

/// Everything an organisation save checks before it writes, reading only: who may (a new
/// one: city coordinators and the national team; a correction: the national team and
/// admins), the parse, and the Business ID free.
///
/// # Errors
/// [`AppError::Forbidden`] for one who may not; [`AppError::Validation`] per field (a
/// Business ID registered already is `business_id_taken`).
pub async fn prepare_organisation(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    current: Option<organisation::Model>,
    input: &OrganisationInput,
) -> Result<PreparedOrganisation, AppError> {
    match &current {
        None if !(principal.has(Role::CityCoordinator)
            || principal.has(Role::NationalCoordinator)) =>
        {
            return Err(AppError::Forbidden);
        }
        None => {}
        Some(_) => ensure_keeper(principal)?,
    }
    let input = parse(input)?;
    let id = current.as_ref().map(|c| c.id);
    ensure_free_in::<organisation::Entity>(txn, unit.codes(), &input.business_id, id).await?;
    Ok(PreparedOrganisation { current, input })
}

/// Writes a prepared organisation save with its field-level audit record; its id (`None`
/// for a new organisation in a unit of many, inserted at its end).
///
/// # Errors
/// [`AppError::EditConflict`] when someone saved it since `version`; a `business_id` field
/// error when the Business ID was taken meanwhile.
pub async fn write_organisation(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    prepared: PreparedOrganisation,
    version: Option<i32>,
) -> Result<Option<i32>, AppError> {
    let PreparedOrganisation { current, input } = prepared;
    let now = chrono::Utc::now();
    let model = organisation::ActiveModel {
        name: Set(input.name.clone()),
        business_id: Set(input.business_id.clone()),
        kind: Set(input.kind.clone()),
        municipality: Set(optional(&input.municipality)),
        updated_at: Set(now),
        ..Default::default()
    };
    let entry = |action, id: Option<i32>, before: &OrganisationInput| {
        Entry::new(action, "organisation", id.map(|id| id.to_string()))
            .by(Some(principal.user_id))
            .changes(changes_json(diff_fields(&fields(before), &fields(&input))))
    };
    let Some(current) = current else {
        let record = NewRecord {
            model: organisation::ActiveModel {
                version: Set(1),
                created_at: Set(now),
                ..model
            },
            key: input.business_id.clone(),
            entry: entry("create", None, &OrganisationInput::default()),
            follow: Follow::Nothing,
        };
        return unit.insert::<organisation::Entity>(txn, record).await;
    };
    let before = input_of(&current);
    let (old, new) = (fields(&before), fields(&input));
    update_at(txn, current.id, version, model, || diff_fields(&new, &old)).await?;
    unit.audit(txn, entry("update", Some(current.id), &before))
        .await?;
    Ok(Some(current.id))
}

/// Registers an organisation (its home municipality, if any, comes with a correction).
///
/// # Errors
/// As [`prepare_organisation`] and [`write_organisation`].
pub async fn create_organisation(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    name: &str,
    business_id: &str,
    kind: &str,
) -> Result<i32, AppError> {
    let input = OrganisationInput {
        name: name.to_owned(),
        business_id: business_id.to_owned(),
        kind: kind.to_owned(),
        municipality: String::new(),
    };
    in_transaction(db, async |txn| {
        let unit = Unit::single();
        let prepared = prepare_organisation(txn, &unit, principal, None, &input).await?;
        write_organisation(txn, &unit, principal, prepared, None)
            .await?
            .ok_or(AppError::Internal)
    })
    .await
}

/// Corrects organisation `id` still at `version`: its name, Business ID (a correction: the
/// check digit must match and no other organisation may have it), kind and municipality.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`];
/// as [`prepare_organisation`] and [`write_organisation`].
pub async fn save_organisation(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
    input: &OrganisationInput,
) -> Result<(), AppError> {
    ensure_keeper(principal)?;
    in_transaction(db, async |txn| {
        let current = organisation::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let unit = Unit::single();
        let prepared = prepare_organisation(txn, &unit, principal, Some(current), input).await?;
        write_organisation(txn, &unit, principal, prepared, Some(version)).await?;
        Ok(())
    })
    .await
}
