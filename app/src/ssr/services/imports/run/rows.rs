//! The rows of each kind: matched by key, compared with what is stored, checked by the
//! form's `prepare_` function and, when the row writes, written by its `write_` function.

use super::{Done, Refusal, Row, Run};
use crate::error::AppError;
use crate::model::BusinessId;
use crate::model::imports::{Matched, Outcome, Policy};
use crate::model::reference::OrganisationInput;
use crate::ssr::access::writable_regions;
use crate::ssr::services::imports::columns::RowCells;
use crate::ssr::services::project_form::input_of;
use crate::ssr::services::{organisations, register, subprojects};

impl Run<'_> {
    pub(super) async fn package(&self, row: &Row<'_, '_>) -> Result<Done, Refusal> {
        let cells = row.cells;
        let (txn, unit, principal) = (self.txn, self.unit, self.principal);
        let code = key(cells, "code")?;
        let Some(current) = self.known.packages.get(&code) else {
            row.as_seen(None)?;
            let input = cells.package(&Default::default());
            let prepared = register::prepare_project(txn, unit, principal, None, &input).await?;
            if row.write {
                register::write_project(txn, unit, principal, prepared, None)
                    .await
                    .map_err(Refusal::Written)?;
            }
            return Ok((Outcome::New, None));
        };
        // Another region's package: its code is taken, as the form would say.
        if !writable_regions(principal).contains(&current.region_id) {
            return Err(AppError::field("code", "code_taken").into());
        }
        let matched = row.as_seen(Some(Matched {
            id: current.id,
            version: current.version,
        }))?;
        let before = match self.known.package_forms.get(&current.id) {
            Some(form) => form.clone(),
            None => input_of(txn, unit.codes(), current).await?,
        };
        let input = cells.package(&before);
        let changes = register::changes_to(&before, &input);
        if let Some(outcome) = decided(changes.clone(), self.policy) {
            return Ok((outcome, matched));
        }
        let prepared =
            register::prepare_project(txn, unit, principal, Some(current.id), &input).await?;
        if row.write {
            register::write_project(txn, unit, principal, prepared, Some(current.version))
                .await
                .map_err(Refusal::Written)?;
        }
        Ok((Outcome::Changed(changes), matched))
    }

    pub(super) async fn subproject(&self, row: &Row<'_, '_>) -> Result<Done, Refusal> {
        let cells = row.cells;
        let (txn, unit, principal) = (self.txn, self.unit, self.principal);
        let package_code = key(cells, "package")?;
        let package = self
            .known
            .packages
            .get(&package_code)
            // Another region's package answers as an unknown one, as it would on its page.
            .filter(|p| writable_regions(principal).contains(&p.region_id))
            .ok_or_else(|| AppError::field("package", "unknown"))?;
        let code = key(cells, "code")?;
        let Some(current) = self.known.subprojects.get(&code) else {
            row.as_seen(None)?;
            let input = cells.subproject(&Default::default());
            let prepared =
                subprojects::prepare_subproject(txn, unit, principal, package.id, None, &input)
                    .await
                    .map_err(|e| on_field(e, "package"))?;
            if row.write {
                subprojects::write_subproject(txn, unit, principal, prepared, None)
                    .await
                    .map_err(Refusal::Written)?;
            }
            return Ok((Outcome::New, None));
        };
        if !writable_regions(principal).contains(&current.region_id) {
            return Err(AppError::field("code", "code_taken").into());
        }
        if current.project_id != package.id {
            return Err(AppError::field("package", "other_package").into());
        }
        let matched = row.as_seen(Some(Matched {
            id: current.id,
            version: current.version,
        }))?;
        let before = match self.known.subproject_forms.get(&current.id) {
            Some(form) => form.clone(),
            None => subprojects::subproject_input(txn, unit.codes(), current).await?,
        };
        let input = cells.subproject(&before);
        let changes = subprojects::changes_to(&before, &input);
        if let Some(outcome) = decided(changes.clone(), self.policy) {
            return Ok((outcome, matched));
        }
        let prepared = subprojects::prepare_subproject(
            txn,
            unit,
            principal,
            package.id,
            Some(current.id),
            &input,
        )
        .await
        .map_err(|e| on_field(e, "package"))?;
        if row.write {
            subprojects::write_subproject(txn, unit, principal, prepared, Some(current.version))
                .await
                .map_err(Refusal::Written)?;
        }
        Ok((Outcome::Changed(changes), matched))
    }

    pub(super) async fn organisation(&self, row: &Row<'_, '_>) -> Result<Done, Refusal> {
        let cells = row.cells;
        let (txn, unit, principal) = (self.txn, self.unit, self.principal);
        let typed = key(cells, "business_id")?;
        let business_id = BusinessId::parse(&typed)
            .map_err(|e| AppError::field("business_id", e.message_key()))?
            .to_string();
        let Some(current) = self.known.organisations.get(&business_id) else {
            row.as_seen(None)?;
            let input = cells.organisation(&OrganisationInput::default());
            let prepared =
                organisations::prepare_organisation(txn, unit, principal, None, &input).await?;
            if row.write {
                organisations::write_organisation(txn, unit, principal, prepared, None)
                    .await
                    .map_err(Refusal::Written)?;
            }
            return Ok((Outcome::New, None));
        };
        let matched = row.as_seen(Some(Matched {
            id: current.id,
            version: current.version,
        }))?;
        let before = organisations::input_of(current);
        let input = cells.organisation(&before);
        let changes = organisations::changes_to(&before, &input);
        if let Some(outcome) = decided(changes.clone(), self.policy) {
            return Ok((outcome, matched));
        }
        let version = Some(current.version);
        let current = Some(current.clone());
        let prepared = organisations::prepare_organisation(txn, unit, principal, current, &input)
            .await
            // A registered organisation is corrected by those who keep the register.
            .map_err(|e| match e {
                AppError::Forbidden => AppError::field("business_id", "keeper_only"),
                other => other,
            })?;
        if row.write {
            organisations::write_organisation(txn, unit, principal, prepared, version)
                .await
                .map_err(Refusal::Written)?;
        }
        Ok((Outcome::Changed(changes), matched))
    }
}

/// What a matched record's row does, from what saving it would change.
pub(super) fn decided(changes: Vec<crate::error::FieldChange>, policy: Policy) -> Option<Outcome> {
    if changes.is_empty() {
        Some(Outcome::Unchanged)
    } else if policy == Policy::AddOnly {
        Some(Outcome::Skipped)
    } else {
        None
    }
}

/// The code in the row's `field` as records are stored and looked up by, checked before it
/// is looked up: required, one line of text.
pub(super) fn key(cells: &RowCells<'_>, field: &str) -> Result<String, AppError> {
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
