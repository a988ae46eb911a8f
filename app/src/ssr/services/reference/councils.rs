//! Regional councils (the funding authorities): code and names, kept by the national team
//! and admins; version-checked and audited field by field.

use crate::error::{AppError, FieldErrors};
use crate::model::forms::{NamesInput, Required};
use crate::model::reference::CouncilInput;
use crate::model::register::NAME_FIELDS;
use crate::model::text::{LINE, parse_into};
use crate::ssr::access::Principal;
use crate::ssr::access::ensure_keeper;
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::audit::{changes_json, diff_fields};
use crate::ssr::services::versioned::{ensure_free, in_transaction, update_at};
use entity::regional_council;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionTrait};

fn council_fields(c: &CouncilInput) -> Vec<(&'static str, String)> {
    let mut fields = vec![("code", c.code.clone())];
    fields.extend(c.name.fields(NAME_FIELDS));
    fields
}

/// A stored council as its form shows it.
fn input_of(c: regional_council::Model) -> CouncilInput {
    CouncilInput {
        code: c.code,
        name: NamesInput {
            fi: c.name_fi,
            sv: c.name_sv,
            en: c.name_en,
        },
    }
}

/// A council's form: the stored values and version (`None`: a new one).
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::NotFound`].
pub async fn council_form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
) -> Result<(CouncilInput, Option<i32>), AppError> {
    ensure_keeper(principal)?;
    let Some(id) = id else {
        return Ok((CouncilInput::default(), None));
    };
    let c = regional_council::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = c.version;
    Ok((input_of(c), Some(version)))
}

/// Adds a council (`id` = `None`) or corrects one still at `version`.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team and admins; [`AppError::Validation`]
/// per field (a taken code: `code_taken`); [`AppError::EditConflict`].
pub async fn save_council(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &CouncilInput,
) -> Result<i32, AppError> {
    ensure_keeper(principal)?;
    let mut errors = FieldErrors::new();
    let input = CouncilInput {
        code: parse_into(&mut errors, "code", &input.code, LINE, 40, true).to_lowercase(),
        name: input
            .name
            .parse("name", LINE, 200, Required::All, &mut errors),
    };
    if !input
        .code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        errors.insert("code".into(), vec!["invalid".into()]);
    }
    AppError::check(errors)?;
    in_transaction(db, async |txn| {
        save_council_in(txn, principal, id, version, &input).await
    })
    .await
}

/// Writes a parsed council inside the caller's transaction, audited field by field.
///
/// # Errors
/// A `code_taken` field error, [`AppError::NotFound`], [`AppError::EditConflict`].
async fn save_council_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &CouncilInput,
) -> Result<i32, AppError> {
    ensure_free::<regional_council::Entity>(txn, &input.code, id).await?;
    let model = regional_council::ActiveModel {
        code: Set(input.code.clone()),
        name_fi: Set(input.name.fi.clone()),
        name_sv: Set(input.name.sv.clone()),
        name_en: Set(input.name.en.clone()),
        ..Default::default()
    };
    let (id, before, action) = match id {
        None => {
            let created = regional_council::ActiveModel {
                version: Set(1),
                ..model
            };
            let id = regional_council::Entity::insert(created)
                .exec(txn)
                .await
                .map_err(AppError::unique_as("code", "code_taken"))?
                .last_insert_id;
            (id, CouncilInput::default(), "create")
        }
        Some(id) => {
            let current = regional_council::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let before = input_of(current);
            let conflict = || diff_fields(&council_fields(input), &council_fields(&before));
            update_at(txn, id, version, model, conflict).await?;
            (id, before, "update")
        }
    };
    let changes = diff_fields(&council_fields(&before), &council_fields(input));
    let entry = Entry::new(action, "regional_council", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(changes));
    audit::record(txn, entry).await?;
    Ok(id)
}
