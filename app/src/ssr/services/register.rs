//! The project register: reading a package with its subprojects, money and history, and
//! creating, changing and deleting packages. Coordinators write only their own regions'
//! packages; the national team and the ministry read all. Every write is one transaction
//! with its field-level audit record, and refuses to overwrite a newer save.

use super::audit::{self, Entry};
use super::audit::{changes_json, deleted_json, diff_fields};
use super::lookup::{Codes, Resolver};
use super::project_form::input_of;
use super::unit::{Follow, NewRecord, Unit};
use super::versioned::{ensure_free_in, in_transaction, update_at};
use crate::error::AppError;
use crate::model::BusinessId;
use crate::model::register::{DESCRIPTION_FIELDS, FieldChange, NAME_FIELDS, ProjectInput};
use crate::ssr::access::{Principal, ensure_writable, writable_regions};
use crate::ssr::columns::{names_columns, optional};
use chrono::{DateTime, Utc};
use entity::{
    action, city_region, organisation, project, project_action, regional_council, report,
    subproject, theme,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};

/// A package's fields as the audit log names them. Actions are a set: compared and shown
/// in one order, whatever order they were stored or typed in.
fn fields(p: &ProjectInput) -> Vec<(&'static str, String)> {
    let mut actions = p.actions.clone();
    actions.sort();
    [("code", p.code.clone())]
        .into_iter()
        .chain(p.name.fields(NAME_FIELDS))
        .chain(p.description.fields(DESCRIPTION_FIELDS))
        .chain([
            ("region", p.region.clone()),
            ("theme", p.theme.clone()),
            ("actions", actions.join(", ")),
            ("council", p.council.clone()),
            ("starts_on", p.starts_on.clone()),
            ("ends_on", p.ends_on.clone()),
            ("status", p.status.clone()),
            ("lead_organisation", p.lead_organisation.clone()),
        ])
        .collect()
}

/// The fields that differ between two inputs, `old` from `before` and `new` from `after`.
pub fn diff(before: &ProjectInput, after: &ProjectInput) -> Vec<FieldChange> {
    diff_fields(&fields(before), &fields(after))
}

/// What saving `input` over a stored package whose form holds `before` would change, field
/// by field as the history shows it (nothing: the input holds what is stored).
pub fn changes_to(before: &ProjectInput, input: &ProjectInput) -> Vec<FieldChange> {
    diff(before, &normalised(input))
}

/// The input with text trimmed and actions in a stable order.
fn normalised(input: &ProjectInput) -> ProjectInput {
    let mut out = input.clone();
    for text in [
        &mut out.code,
        &mut out.region,
        &mut out.theme,
        &mut out.council,
        &mut out.starts_on,
        &mut out.ends_on,
        &mut out.status,
        &mut out.lead_organisation,
    ]
    .into_iter()
    .chain(out.name.texts_mut())
    .chain(out.description.texts_mut())
    {
        *text = crate::model::text::clean(text);
    }
    // Dates as stored (ISO), however they were typed, so the history compares like with like.
    for date in [&mut out.starts_on, &mut out.ends_on] {
        if let Ok(d) = crate::model::dates::parse(date) {
            *date = d.to_string();
        }
    }
    if let Ok(bid) = BusinessId::parse(&out.lead_organisation) {
        out.lead_organisation = bid.to_string();
    }
    out.actions.sort();
    out.actions.dedup();
    out
}

/// What the input's codes and dates stand for, ready to be written.
struct Resolved {
    region_id: i32,
    theme_id: i32,
    council_id: i32,
    action_ids: Vec<i32>,
    lead_id: Option<i32>,
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
    status: entity::status::ProjectStatus,
}

/// Parses the input: clean text, checked fields, and codes and dates resolved, with every
/// refusal of the input at once.
///
/// # Errors
/// [`AppError::Validation`] per field.
async fn parse(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    input: &ProjectInput,
) -> Result<(ProjectInput, Resolved), AppError> {
    let input = normalised(input);
    input.check()?;
    let mut codes = Resolver::new(txn, unit.codes());
    let region_id = codes
        .id::<city_region::Entity>("region", &input.region)
        .await?;
    let theme_id = codes.id::<theme::Entity>("theme", &input.theme).await?;
    let council_id = codes
        .id::<regional_council::Entity>("council", &input.council)
        .await?;
    let action_ids = codes
        .ids::<action::Entity>("actions", &input.actions)
        .await?;
    let lead_id = match optional(&input.lead_organisation) {
        Some(bid) => Some(
            codes
                .id::<organisation::Entity>("lead_organisation", &bid)
                .await?,
        ),
        None => None,
    };
    codes.finish()?;
    let date = |field: &str, text: &str| {
        crate::model::dates::parse(text).map_err(|key| AppError::field(field, key))
    };
    let resolved = Resolved {
        starts_on: date("starts_on", &input.starts_on)?,
        ends_on: date("ends_on", &input.ends_on)?,
        region_id,
        theme_id,
        council_id,
        action_ids,
        lead_id,
        status: crate::ssr::columns::project_status(&input.status)?,
    };
    Ok((input, resolved))
}

/// The package columns an input sets: all but its id, version and time of creation.
fn columns(input: &ProjectInput, r: &Resolved, now: DateTime<Utc>) -> project::ActiveModel {
    let (name_fi, name_sv, name_en) = names_columns(&input.name);
    let (description_fi, description_sv, description_en) = names_columns(&input.description);
    project::ActiveModel {
        code: Set(input.code.clone()),
        name_fi,
        name_sv,
        name_en,
        description_fi,
        description_sv,
        description_en,
        region_id: Set(r.region_id),
        theme_id: Set(r.theme_id),
        council_id: Set(r.council_id),
        lead_organisation_id: Set(r.lead_id),
        starts_on: Set(r.starts_on),
        ends_on: Set(r.ends_on),
        status: Set(r.status),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// The package `id` if the principal may write it; a new package (`None`) needs no check.
///
/// # Errors
/// [`AppError::NotFound`] for a package the principal may not write.
async fn writable(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    id: Option<i32>,
) -> Result<Option<project::Model>, AppError> {
    let Some(id) = id else { return Ok(None) };
    let current = unit.package(txn, id).await?.ok_or(AppError::NotFound)?;
    ensure_writable(principal, current.region_id)?;
    Ok(Some(current))
}

/// Creates a package (`id` = `None`) or changes one that is still at `version`, in one
/// transaction with its field-level audit record.
///
/// # Errors
/// As [`save_project_in`].
pub async fn save_project(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &ProjectInput,
) -> Result<i32, AppError> {
    in_transaction(db, async |txn| {
        save_project_in(txn, principal, id, version, input).await
    })
    .await
}

/// [`save_project`] inside the caller's transaction: [`prepare_project`], then
/// [`write_project`].
///
/// # Errors
/// As those two.
pub async fn save_project_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &ProjectInput,
) -> Result<i32, AppError> {
    let unit = Unit::single();
    let prepared = prepare_project(txn, &unit, principal, id, input).await?;
    write_project(txn, &unit, principal, prepared, version)
        .await?
        .ok_or(AppError::Internal)
}

/// A package save that passed every check and only needs writing.
pub struct PreparedProject {
    current: Option<project::Model>,
    input: ProjectInput,
    resolved: Resolved,
}

/// Everything a package save checks before it writes, reading only: access, parse, the
/// region the principal may write, and the code free. An import's preview stops here.
///
/// # Errors
/// [`AppError::Validation`] per field (nothing is saved), [`AppError::NotFound`] for a package
/// the principal may not write.
pub async fn prepare_project(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    id: Option<i32>,
    input: &ProjectInput,
) -> Result<PreparedProject, AppError> {
    // Access first, so another region's package answers as a missing one, whatever the input.
    let current = writable(txn, unit, principal, id).await?;
    let (input, resolved) = parse(txn, unit, input).await?;
    if !writable_regions(principal).contains(&resolved.region_id) {
        return Err(AppError::field("region", "not_yours"));
    }
    ensure_free_in::<project::Entity>(txn, unit.codes(), &input.code, id).await?;
    Ok(PreparedProject {
        current,
        input,
        resolved,
    })
}

/// Writes a prepared package save with its field-level audit record; the package's id
/// (`None` for a new package in a unit of many, inserted at its end).
///
/// # Errors
/// [`AppError::EditConflict`] when someone saved it since `version`, with the saved values
/// that differ from the input; a `code` field error when the code was taken meanwhile.
pub async fn write_project(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    prepared: PreparedProject,
    version: Option<i32>,
) -> Result<Option<i32>, AppError> {
    let PreparedProject {
        current,
        input,
        resolved,
    } = prepared;
    let now = Utc::now();
    let model = columns(&input, &resolved, now);
    let Some(current) = current else {
        let record = NewRecord {
            model: project::ActiveModel {
                is_national_lead: Set(false),
                version: Set(1),
                created_at: Set(now),
                ..model
            },
            key: input.code.clone(),
            entry: Entry::new("create", "project", None)
                .by(Some(principal.user_id))
                .changes(changes_json(diff(&ProjectInput::default(), &input))),
            follow: Follow::Actions(resolved.action_ids),
        };
        return unit.insert::<project::Entity>(txn, record).await;
    };
    let before = input_of(txn, unit.codes(), &current).await?;
    update_at(txn, current.id, version, model, || diff(&input, &before)).await?;
    link_actions(txn, current.id, &resolved.action_ids).await?;
    let entry = Entry::new("update", "project", Some(current.id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(diff(&before, &input)));
    unit.audit(txn, entry).await?;
    Ok(Some(current.id))
}

/// Links a package to its actions instead of those it had.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn link_actions(
    txn: &impl ConnectionTrait,
    project_id: i32,
    action_ids: &[i32],
) -> Result<(), AppError> {
    project_action::Entity::delete_many()
        .filter(project_action::Column::ProjectId.eq(project_id))
        .exec(txn)
        .await?;
    let links = action_ids.iter().map(|a| project_action::ActiveModel {
        project_id: Set(project_id),
        action_id: Set(*a),
    });
    project_action::Entity::insert_many(links).exec(txn).await?;
    Ok(())
}

/// Deletes a package that has no reports; one with reports can only be closed.
///
/// # Errors
/// [`AppError::NotFound`], [`AppError::Validation`] (`status`: `has_reports`),
/// [`AppError::Conflict`] when it changed since `version`.
pub async fn delete_project(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
) -> Result<(), AppError> {
    in_transaction(db, async |txn| {
        let current = project::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        ensure_writable(principal, current.region_id)?;
        if current.version != version {
            return Err(AppError::Conflict);
        }
        let subs = subproject::Entity::find()
            .filter(subproject::Column::ProjectId.eq(id))
            .all(txn)
            .await?;
        let reported = report::Entity::find()
            .filter(report::Column::SubprojectId.is_in(subs.iter().map(|s| s.id)))
            .one(txn)
            .await?
            .is_some();
        if reported {
            return Err(AppError::field("status", "has_reports"));
        }
        // Subprojects carried out in another region are that region's to delete.
        let writable = writable_regions(principal);
        if subs.iter().any(|s| !writable.contains(&s.region_id)) {
            return Err(AppError::field("status", "other_regions_subprojects"));
        }
        for sub in &subs {
            super::subprojects::delete_audited(txn, principal, sub).await?;
        }
        let before = input_of(txn, &Codes::default(), &current).await?;
        project::Entity::delete_by_id(id).exec(txn).await?;
        let entry = Entry::new("delete", "project", Some(id.to_string()))
            .by(Some(principal.user_id))
            .changes(deleted_json(diff(&before, &ProjectInput::default())));
        audit::record(txn, entry).await?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::forms::NamesInput;

    #[test]
    fn actions_in_another_order_are_no_change() {
        let before = ProjectInput {
            actions: vec!["startups".into(), "digital-investments".into()],
            ..Default::default()
        };
        let after = ProjectInput {
            actions: vec!["digital-investments".into(), "startups".into()],
            ..Default::default()
        };
        assert_eq!(diff(&before, &after), vec![]);
    }

    #[test]
    fn diff_lists_only_changed_fields() {
        let before = ProjectInput {
            code: "A1".into(),
            name: NamesInput::new("Vanha", "", ""),
            ..Default::default()
        };
        let after = ProjectInput {
            code: "A1".into(),
            name: NamesInput::new("Uusi", "", ""),
            ..Default::default()
        };
        assert_eq!(
            diff(&before, &after),
            vec![FieldChange {
                field: "name_fi".into(),
                old: "Vanha".into(),
                new: "Uusi".into()
            }]
        );
    }
}
