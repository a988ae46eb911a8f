//! Subprojects of a package: the subproject form and saving a subproject with its planned
//! funding by source, in one transaction with its field-level audit record.

use super::audit::{self, Entry};
use super::audit::{changes_json, deleted_json, diff_fields};
use super::funding::{new_lines, planned_amounts, planned_amounts_of, replace_lines};
use super::lookup::{Codes, Resolver};
use super::project_form::{form_options, input_of};
use super::unit::{Follow, NewRecord, Unit};
use super::versioned::{ensure_free_in, in_transaction, update_at};
use crate::error::AppError;
use crate::model::forms::NamesInput;
use crate::model::register::{
    DESCRIPTION_FIELDS, FieldChange, NAME_FIELDS, SubprojectForm, SubprojectInput,
};
use crate::model::sources::BySource;
use crate::model::{BusinessId, Money, Names};
use crate::ssr::access::Principal;
use crate::ssr::access::{ensure_writable, writable_regions};
use crate::ssr::columns::{names_columns, names_input};
use chrono::{DateTime, Utc};
use entity::status::ProjectStatus;
use entity::{city_region, organisation, project, regional_council, subproject};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use std::collections::HashMap;

/// The subproject form: a new one for the package (`id` = `None`) or an existing one.
///
/// # Errors
/// [`AppError::NotFound`] for a package or subproject the principal may not write.
pub async fn subproject_form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    project_id: i32,
    id: Option<i32>,
) -> Result<SubprojectForm, AppError> {
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    ensure_writable(principal, p.region_id)?;
    let codes = Codes::default();
    let package = input_of(db, &codes, &p).await?;
    let (input, version) = match id {
        None => (
            SubprojectInput {
                code: format!("{}-", p.code),
                name: NamesInput::new(&p.name_fi, "", ""),
                region: package.region.clone(),
                council: package.council.clone(),
                starts_on: package.starts_on.clone(),
                ends_on: package.ends_on.clone(),
                status: default_status(&p).code(),
                ..Default::default()
            },
            None,
        ),
        Some(id) => {
            let s = subproject::Entity::find_by_id(id)
                .filter(subproject::Column::ProjectId.eq(project_id))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            (subproject_input(db, &codes, &s).await?, Some(s.version))
        }
    };
    Ok(SubprojectForm {
        project_id,
        project_name: Names {
            fi: p.name_fi.clone(),
            sv: p.name_sv.clone(),
            en: p.name_en.clone(),
        },
        id,
        version,
        input,
        options: form_options(db, principal).await?,
    })
}

/// The status a new subproject starts with: what its dates (the package's, as the form
/// proposes them) say today: ongoing once started, closed once ended, planned before.
fn default_status(p: &project::Model) -> ProjectStatus {
    let today = chrono::Utc::now().date_naive();
    if p.ends_on < today {
        ProjectStatus::Closed
    } else if p.starts_on <= today {
        ProjectStatus::Ongoing
    } else {
        ProjectStatus::Planned
    }
}

/// The form's view of a stored subproject (codes instead of ids, amounts as stored), its
/// codes read through the unit of work's `codes`.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn subproject_input(
    db: &impl ConnectionTrait,
    codes: &Codes,
    s: &subproject::Model,
) -> Result<SubprojectInput, AppError> {
    let amounts = planned_amounts(db, codes, s.id).await?;
    form_of(db, codes, s, amounts).await
}

/// [`subproject_input`] of many subprojects, read in a few queries (an import's matched
/// rows, the records workbook), by subproject id.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn subproject_inputs(
    db: &impl ConnectionTrait,
    codes: &Codes,
    subs: &[subproject::Model],
) -> Result<HashMap<i32, SubprojectInput>, AppError> {
    let ids: Vec<i32> = subs.iter().map(|s| s.id).collect();
    let mut amounts = planned_amounts_of(db, codes, &ids).await?;
    let organisations: Vec<i32> = subs.iter().map(|s| s.organisation_id).collect();
    codes
        .read_ids_ahead::<organisation::Entity>(db, &organisations)
        .await?;
    let mut out = HashMap::with_capacity(subs.len());
    for s in subs {
        let form = form_of(db, codes, s, amounts.remove(&s.id).unwrap_or_default()).await?;
        out.insert(s.id, form);
    }
    Ok(out)
}

/// A stored subproject as its form, with its planned `amounts`.
async fn form_of(
    db: &impl ConnectionTrait,
    codes: &Codes,
    s: &subproject::Model,
    amounts: BySource<Money>,
) -> Result<SubprojectInput, AppError> {
    let region = codes.code::<city_region::Entity>(db, s.region_id).await?;
    let council = codes
        .code::<regional_council::Entity>(db, s.council_id)
        .await?;
    let organisation = codes
        .code::<organisation::Entity>(db, s.organisation_id)
        .await?;
    Ok(SubprojectInput {
        code: s.code.clone(),
        name: names_input(&s.name_fi, s.name_sv.as_deref(), s.name_en.as_deref()),
        description: names_input(
            &s.description_fi,
            s.description_sv.as_deref(),
            s.description_en.as_deref(),
        ),
        region,
        organisation,
        council,
        starts_on: s.starts_on.to_string(),
        ends_on: s.ends_on.to_string(),
        status: s.status.code(),
        planned: amounts.map(|m| m.to_string()),
    })
}

/// The input with text trimmed, dates as stored (ISO) and the Business ID in its standard
/// form, however they were typed, so the history compares like with like.
fn normalised(input: &SubprojectInput) -> SubprojectInput {
    let mut input = input.clone();
    for text in [
        &mut input.code,
        &mut input.region,
        &mut input.organisation,
        &mut input.council,
        &mut input.starts_on,
        &mut input.ends_on,
        &mut input.status,
    ]
    .into_iter()
    .chain(input.name.texts_mut())
    .chain(input.description.texts_mut())
    {
        *text = crate::model::text::clean(text);
    }
    for date in [&mut input.starts_on, &mut input.ends_on] {
        if let Ok(d) = crate::model::dates::parse(date) {
            *date = d.to_string();
        }
    }
    if let Ok(bid) = BusinessId::parse(&input.organisation) {
        input.organisation = bid.to_string();
    }
    input
}

/// What the input's codes, dates and amounts stand for, ready to be written.
struct Resolved {
    region_id: i32,
    council_id: i32,
    organisation_id: i32,
    starts_on: chrono::NaiveDate,
    ends_on: chrono::NaiveDate,
    planned: BySource<Money>,
    status: entity::status::ProjectStatus,
}

/// Parses the input: clean text, checked fields and amounts, and codes and dates resolved,
/// with every refusal of the input at once.
///
/// # Errors
/// [`AppError::Validation`] per field.
async fn parse(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    input: &SubprojectInput,
) -> Result<(SubprojectInput, Resolved), AppError> {
    let mut input = normalised(input);
    let planned = input.check()?;
    // Amounts as stored, so comparisons and the audit show "1234.50" however it was typed.
    input.planned = planned.map(|m| m.to_string());
    let mut codes = Resolver::new(txn, unit.codes());
    let region_id = codes
        .id::<city_region::Entity>("region", &input.region)
        .await?;
    if region_id != 0 && !writable_regions(principal).contains(&region_id) {
        codes.refuse("region", "not_yours");
    }
    let council_id = codes
        .id::<regional_council::Entity>("council", &input.council)
        .await?;
    let organisation_id = codes
        .id::<organisation::Entity>("organisation", &input.organisation)
        .await?;
    codes.finish()?;
    let date = |field: &str, text: &str| {
        crate::model::dates::parse(text).map_err(|key| AppError::field(field, key))
    };
    let resolved = Resolved {
        starts_on: date("starts_on", &input.starts_on)?,
        ends_on: date("ends_on", &input.ends_on)?,
        region_id,
        council_id,
        organisation_id,
        planned,
        status: crate::ssr::columns::project_status(&input.status)?,
    };
    Ok((input, resolved))
}

/// The subproject columns an input sets: all but its id, package, version and creation time.
fn columns(input: &SubprojectInput, r: &Resolved, now: DateTime<Utc>) -> subproject::ActiveModel {
    let (name_fi, name_sv, name_en) = names_columns(&input.name);
    let (description_fi, description_sv, description_en) = names_columns(&input.description);
    subproject::ActiveModel {
        code: Set(input.code.clone()),
        name_fi,
        name_sv,
        name_en,
        description_fi,
        description_sv,
        description_en,
        region_id: Set(r.region_id),
        organisation_id: Set(r.organisation_id),
        council_id: Set(r.council_id),
        starts_on: Set(r.starts_on),
        ends_on: Set(r.ends_on),
        status: Set(r.status),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Subproject `id` of the package if the principal may write both; `None` for a new one.
///
/// # Errors
/// [`AppError::NotFound`] / [`AppError::Forbidden`] for what the principal may not write.
async fn writable(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    project_id: i32,
    id: Option<i32>,
) -> Result<Option<subproject::Model>, AppError> {
    let package = unit
        .package(txn, project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ensure_writable(principal, package.region_id)?;
    let Some(id) = id else { return Ok(None) };
    let current = subproject::Entity::find_by_id(id)
        .filter(subproject::Column::ProjectId.eq(project_id))
        .one(txn)
        .await?
        .filter(|s| writable_regions(principal).contains(&s.region_id))
        .ok_or(AppError::NotFound)?;
    Ok(Some(current))
}

/// Creates or changes a subproject of the package with its planned funding by source, in
/// one transaction with its field-level audit record.
///
/// # Errors
/// As [`save_subproject_in`].
pub async fn save_subproject(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    project_id: i32,
    id: Option<i32>,
    version: Option<i32>,
    input: &SubprojectInput,
) -> Result<i32, AppError> {
    in_transaction(db, async |txn| {
        save_subproject_in(txn, principal, project_id, id, version, input).await
    })
    .await
}

/// [`save_subproject`] inside the caller's transaction: [`prepare_subproject`], then
/// [`write_subproject`].
///
/// # Errors
/// As those two.
pub async fn save_subproject_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    project_id: i32,
    id: Option<i32>,
    version: Option<i32>,
    input: &SubprojectInput,
) -> Result<i32, AppError> {
    let unit = Unit::single();
    let prepared = prepare_subproject(txn, &unit, principal, project_id, id, input).await?;
    write_subproject(txn, &unit, principal, prepared, version)
        .await?
        .ok_or(AppError::Internal)
}

/// A subproject save that passed every check and only needs writing.
pub struct PreparedSubproject {
    project_id: i32,
    current: Option<subproject::Model>,
    input: SubprojectInput,
    resolved: Resolved,
}

/// Everything a subproject save checks before it writes, reading only: access to the
/// package and the subproject, parse, and the code free. An import's preview stops here.
///
/// # Errors
/// [`AppError::Validation`] per field, [`AppError::NotFound`] / [`AppError::Forbidden`] for
/// what the principal may not write.
pub async fn prepare_subproject(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    project_id: i32,
    id: Option<i32>,
    input: &SubprojectInput,
) -> Result<PreparedSubproject, AppError> {
    let current = writable(txn, unit, principal, project_id, id).await?;
    let (input, resolved) = parse(txn, unit, principal, input).await?;
    ensure_free_in::<subproject::Entity>(txn, unit.codes(), &input.code, id).await?;
    Ok(PreparedSubproject {
        project_id,
        current,
        input,
        resolved,
    })
}

/// Writes a prepared subproject save with its planned funding and its field-level audit
/// record; the package's totals follow as the unit of work says. Its id (`None` for a new
/// subproject in a unit of many, inserted at its end).
///
/// # Errors
/// [`AppError::EditConflict`] when someone saved it since `version`; a `code` field error
/// when the code was taken meanwhile.
pub async fn write_subproject(
    txn: &impl ConnectionTrait,
    unit: &Unit,
    principal: &Principal,
    prepared: PreparedSubproject,
    version: Option<i32>,
) -> Result<Option<i32>, AppError> {
    let PreparedSubproject {
        project_id,
        current,
        input,
        resolved,
    } = prepared;
    let now = Utc::now();
    let model = columns(&input, &resolved, now);
    let entry = |action, id: Option<i32>, before: &SubprojectInput| {
        Entry::new(action, "subproject", id.map(|id| id.to_string()))
            .by(Some(principal.user_id))
            .under(project_id)
            .changes(changes_json(sub_diff(before, &input)))
    };
    let id = match current {
        None => {
            let record = NewRecord {
                model: subproject::ActiveModel {
                    project_id: Set(project_id),
                    version: Set(1),
                    created_at: Set(now),
                    ..model
                },
                key: input.code.clone(),
                entry: entry("create", None, &SubprojectInput::default()),
                follow: Follow::Lines(
                    new_lines(txn, unit.codes(), None, resolved.planned, now).await?,
                ),
            };
            unit.insert::<subproject::Entity>(txn, record).await?
        }
        Some(current) => {
            let before = subproject_input(txn, unit.codes(), &current).await?;
            update_at(txn, current.id, version, model, || {
                sub_diff(&input, &before)
            })
            .await?;
            replace_lines(txn, unit.codes(), current.id, None, resolved.planned, now).await?;
            unit.audit(txn, entry("update", Some(current.id), &before))
                .await?;
            Some(current.id)
        }
    };
    unit.package_touched(txn, project_id, now).await?;
    Ok(id)
}

/// What saving `input` over a stored subproject whose form holds `before` would change,
/// field by field as the history shows it (amounts as stored when they parse).
pub fn changes_to(before: &SubprojectInput, input: &SubprojectInput) -> Vec<FieldChange> {
    let mut after = normalised(input);
    if let Ok(planned) = after.check() {
        after.planned = planned.map(|m| m.to_string());
    }
    sub_diff(before, &after)
}

/// A subproject's fields as the audit log names them.
fn fields(s: &SubprojectInput) -> Vec<(&'static str, String)> {
    let mut fields = vec![("code", s.code.clone())];
    fields.extend(s.name.fields(NAME_FIELDS));
    fields.extend(s.description.fields(DESCRIPTION_FIELDS));
    fields.extend([
        ("region", s.region.clone()),
        ("organisation", s.organisation.clone()),
        ("council", s.council.clone()),
        ("starts_on", s.starts_on.clone()),
        ("ends_on", s.ends_on.clone()),
        ("status", s.status.clone()),
    ]);
    fields.extend(
        SubprojectInput::PLANNED_FIELDS
            .into_iter()
            .zip(s.planned.clone()),
    );
    fields
}

/// The subproject fields that differ between two inputs.
fn sub_diff(before: &SubprojectInput, after: &SubprojectInput) -> Vec<FieldChange> {
    diff_fields(&fields(before), &fields(after))
}

/// Deletes a subproject that has no reports, with its planned money and targets, in one
/// transaction with its audit record. One with reports is closed instead.
///
/// # Errors
/// [`AppError::NotFound`] / [`AppError::Forbidden`] for what the principal may not write,
/// [`AppError::Conflict`] when someone saved it since `version`, and a `status` field error
/// when it has reports.
pub async fn delete_subproject(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    project_id: i32,
    id: i32,
    version: i32,
) -> Result<(), AppError> {
    in_transaction(db, async |txn| {
        let current = subproject::Entity::find_by_id(id)
            .filter(subproject::Column::ProjectId.eq(project_id))
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let package = project::Entity::find_by_id(project_id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        ensure_writable(principal, package.region_id)?;
        if !writable_regions(principal).contains(&current.region_id) {
            return Err(AppError::NotFound);
        }
        if current.version != version {
            return Err(AppError::Conflict);
        }
        let reported = entity::report::Entity::find()
            .filter(entity::report::Column::SubprojectId.eq(id))
            .one(txn)
            .await?
            .is_some();
        if reported {
            return Err(AppError::field("status", "has_reports"));
        }
        delete_audited(txn, principal, &current).await?;
        super::projects::refresh_project_totals(txn, Some(project_id)).await?;
        Ok(())
    })
    .await
}

/// Deletes a subproject (its planned money and targets go with it) and audits every field
/// it had, inside the caller's transaction.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub(super) async fn delete_audited(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    sub: &subproject::Model,
) -> Result<(), AppError> {
    let before = subproject_input(txn, &Codes::default(), sub).await?;
    subproject::Entity::delete_by_id(sub.id).exec(txn).await?;
    let entry = Entry::new("delete", "subproject", Some(sub.id.to_string()))
        .by(Some(principal.user_id))
        .under(sub.project_id)
        .changes(deleted_json(sub_diff(&before, &SubprojectInput::default())));
    audit::record(txn, entry).await
}
