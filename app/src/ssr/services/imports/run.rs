//! An import's rows run through the forms' own saves, each in a savepoint of one transaction:
//! a row is matched by its key, compared with what is stored, and saved by the same
//! `_in` function as its form (parse, access, version check, audit). A refused row rolls
//! back its savepoint only, so every row's refusal is found in one pass; the caller decides
//! whether the whole transaction commits (a commit with nothing refused) or not (a preview).

use super::columns::RowCells;
use crate::error::{AppError, FieldErrors};
use crate::model::imports::{CellError, ImportKind, Matched, Outcome, Policy, RowOutcome};
use crate::ssr::access::{Principal, writable_regions};
use crate::ssr::services::project_form::input_of;
use crate::ssr::services::{register, subprojects};
use entity::{project, subproject};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait};
use std::collections::HashSet;

/// A data row as stored with its import: its number in the file and its cells as text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredRow {
    pub n: usize,
    pub c: Vec<String>,
}

/// What the rows of a file are read with.
pub struct Sheet<'a> {
    pub kind: ImportKind,
    pub policy: Policy,
    pub headings: &'a [String],
    pub mapping: &'a [Option<String>],
    pub rows: &'a [StoredRow],
}

/// Runs every row in `txn`. With `expected` (the preview's rows, at commit), a row whose
/// match is not what the preview saw (created, changed or removed since) is refused as
/// `changed_since_preview`.
///
/// # Errors
/// [`AppError::Internal`] when the database fails; a row's refusal is its outcome.
pub async fn run_in(
    txn: &DatabaseTransaction,
    principal: &Principal,
    sheet: &Sheet<'_>,
    expected: Option<&[RowOutcome]>,
) -> Result<Vec<RowOutcome>, AppError> {
    let mut keys = HashSet::new();
    let mut out = Vec::with_capacity(sheet.rows.len());
    for (i, row) in sheet.rows.iter().enumerate() {
        let cells = RowCells {
            cells: &row.c,
            mapping: sheet.mapping,
            headings: sheet.headings,
        };
        let key_field = sheet.kind.key_field();
        let key = crate::model::text::clean(&cells.get(key_field));
        let refusal = |field: &str, key: &str| {
            Outcome::Refused(vec![CellError {
                field: field.into(),
                column: cells.column(field),
                key: key.into(),
            }])
        };
        let (outcome, matched) = if !key.is_empty() && !keys.insert(key.clone()) {
            (refusal(key_field, "duplicate_in_file"), None)
        } else {
            let savepoint = txn.begin().await?;
            match one_row(&savepoint, principal, sheet, &cells).await {
                Ok(done) => {
                    savepoint.commit().await?;
                    done
                }
                Err(err) => {
                    savepoint.rollback().await?;
                    (refused(err, &cells, key_field)?, None)
                }
            }
        };
        let seen = expected.and_then(|e| e.get(i)).map(|e| e.matched);
        let outcome = match seen {
            Some(seen) if seen != matched && !matches!(outcome, Outcome::Refused(_)) => {
                refusal(key_field, "changed_since_preview")
            }
            _ => outcome,
        };
        out.push(RowOutcome {
            number: row.n,
            key,
            outcome,
            matched,
        });
    }
    Ok(out)
}

/// A refusal of a row's save as its errors by column; a failure of the database stays one.
fn refused(err: AppError, cells: &RowCells<'_>, key_field: &str) -> Result<Outcome, AppError> {
    let errors: FieldErrors = match err {
        AppError::Validation(errors) => errors,
        AppError::NotFound | AppError::Forbidden => {
            FieldErrors::from([(key_field.to_owned(), vec!["not_yours".to_owned()])])
        }
        AppError::EditConflict(_) | AppError::Conflict => FieldErrors::from([(
            key_field.to_owned(),
            vec!["changed_since_preview".to_owned()],
        )]),
        other => return Err(other),
    };
    Ok(Outcome::Refused(
        errors
            .into_iter()
            .flat_map(|(field, keys)| {
                let column = cells.column(&field);
                keys.into_iter().map(move |key| CellError {
                    field: field.clone(),
                    column: column.clone(),
                    key,
                })
            })
            .collect(),
    ))
}

/// One row: matched, compared and, when it adds or changes something, saved.
async fn one_row(
    txn: &DatabaseTransaction,
    principal: &Principal,
    sheet: &Sheet<'_>,
    cells: &RowCells<'_>,
) -> Result<(Outcome, Option<Matched>), AppError> {
    match sheet.kind {
        ImportKind::Packages => package_row(txn, principal, sheet.policy, cells).await,
        ImportKind::Subprojects => subproject_row(txn, principal, sheet.policy, cells).await,
    }
}

/// What a matched record's row does, from what saving it would change.
fn decided(changes: Vec<crate::error::FieldChange>, policy: Policy) -> Option<Outcome> {
    if changes.is_empty() {
        Some(Outcome::Unchanged)
    } else if policy == Policy::AddOnly {
        Some(Outcome::Skipped)
    } else {
        None
    }
}

async fn package_row(
    txn: &DatabaseTransaction,
    principal: &Principal,
    policy: Policy,
    cells: &RowCells<'_>,
) -> Result<(Outcome, Option<Matched>), AppError> {
    let code = key(cells, "code")?;
    let current = project::Entity::find()
        .filter(project::Column::Code.eq(code.as_str()))
        .one(txn)
        .await?;
    let Some(current) = current else {
        let input = cells.package(&Default::default());
        register::save_project_in(txn, principal, None, None, &input).await?;
        return Ok((Outcome::New, None));
    };
    // Another region's package: its code is taken, as the form would say.
    if !writable_regions(principal).contains(&current.region_id) {
        return Err(AppError::field("code", "code_taken"));
    }
    let matched = Some(Matched {
        id: current.id,
        version: current.version,
    });
    let input = cells.package(&input_of(txn, &current).await?);
    let changes = register::changes_to(txn, &current, &input).await?;
    if let Some(outcome) = decided(changes.clone(), policy) {
        return Ok((outcome, matched));
    }
    register::save_project_in(
        txn,
        principal,
        Some(current.id),
        Some(current.version),
        &input,
    )
    .await?;
    Ok((Outcome::Changed(changes), matched))
}

async fn subproject_row(
    txn: &DatabaseTransaction,
    principal: &Principal,
    policy: Policy,
    cells: &RowCells<'_>,
) -> Result<(Outcome, Option<Matched>), AppError> {
    let package_code = key(cells, "package")?;
    let package = project::Entity::find()
        .filter(project::Column::Code.eq(package_code.as_str()))
        .one(txn)
        .await?
        // Another region's package answers as an unknown one, as it would on its page.
        .filter(|p| writable_regions(principal).contains(&p.region_id))
        .ok_or_else(|| AppError::field("package", "unknown"))?;
    let code = key(cells, "code")?;
    let current = subproject::Entity::find()
        .filter(subproject::Column::Code.eq(code.as_str()))
        .one(txn)
        .await?;
    let Some(current) = current else {
        let input = cells.subproject(&Default::default());
        subprojects::save_subproject_in(txn, principal, package.id, None, None, &input)
            .await
            .map_err(|e| on_field(e, "package"))?;
        return Ok((Outcome::New, None));
    };
    if !writable_regions(principal).contains(&current.region_id) {
        return Err(AppError::field("code", "code_taken"));
    }
    if current.project_id != package.id {
        return Err(AppError::field("package", "other_package"));
    }
    let matched = Some(Matched {
        id: current.id,
        version: current.version,
    });
    let input = cells.subproject(&subprojects::subproject_input(txn, &current).await?);
    let changes = subprojects::changes_to(txn, &current, &input).await?;
    if let Some(outcome) = decided(changes.clone(), policy) {
        return Ok((outcome, matched));
    }
    subprojects::save_subproject_in(
        txn,
        principal,
        package.id,
        Some(current.id),
        Some(current.version),
        &input,
    )
    .await
    .map_err(|e| on_field(e, "package"))?;
    Ok((Outcome::Changed(changes), matched))
}

/// The code in the row's `field` as records are stored and looked up by, checked before it
/// is looked up: required, one line of text.
fn key(cells: &RowCells<'_>, field: &str) -> Result<String, AppError> {
    let code = crate::model::text::clean(&cells.get(field));
    if code.is_empty() {
        return Err(AppError::field(field, "required"));
    }
    crate::model::text::line(&code).map_err(|e| AppError::field(field, &e.code))?;
    Ok(code)
}

/// A package the principal may not write, said of the row's `field` that names it.
fn on_field(err: AppError, field: &str) -> AppError {
    match err {
        AppError::NotFound | AppError::Forbidden => AppError::field(field, "not_yours"),
        other => other,
    }
}
