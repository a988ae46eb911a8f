//! Subprojects of a package: the subproject form and saving a subproject with its planned
//! funding by source, in one transaction with its field-level audit record.

use super::audit::{self, Entry};
use super::audit::{changes_json, deleted_json};
use super::project_form::{form_options, input_of};
use crate::error::AppError;
use crate::model::register::{FieldChange, SOURCE_CODES, SubprojectForm, SubprojectInput};
use crate::model::{BusinessId, Money, Names};
use crate::ssr::access::Principal;
use crate::ssr::access::{ensure_writable, writable_regions};
use crate::ssr::columns::optional;
use entity::{
    city_region, funding_line, funding_source, organisation, project, regional_council, subproject,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionSession, TransactionTrait,
};

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
    let package = input_of(db, &p).await?;
    let (input, version) = match id {
        None => (
            SubprojectInput {
                code: format!("{}-", p.code),
                name_fi: p.name_fi.clone(),
                region: package.region.clone(),
                council: package.council.clone(),
                starts_on: package.starts_on.clone(),
                ends_on: package.ends_on.clone(),
                status: default_status(&p).into(),
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
            (subproject_input(db, &s).await?, Some(s.version))
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
fn default_status(p: &project::Model) -> &'static str {
    let today = chrono::Utc::now().date_naive();
    if p.ends_on < today {
        "closed"
    } else if p.starts_on <= today {
        "ongoing"
    } else {
        "planned"
    }
}

async fn subproject_input(
    db: &impl ConnectionTrait,
    s: &subproject::Model,
) -> Result<SubprojectInput, AppError> {
    let region = city_region::Entity::find_by_id(s.region_id)
        .one(db)
        .await?
        .map(|r| r.code)
        .unwrap_or_default();
    let council = regional_council::Entity::find_by_id(s.council_id)
        .one(db)
        .await?
        .map(|c| c.code)
        .unwrap_or_default();
    let organisation = organisation::Entity::find_by_id(s.organisation_id)
        .one(db)
        .await?
        .map(|o| o.business_id)
        .unwrap_or_default();
    let amounts = planned_amounts(db, s.id).await?;
    Ok(SubprojectInput {
        code: s.code.clone(),
        name_fi: s.name_fi.clone(),
        name_sv: s.name_sv.clone().unwrap_or_default(),
        name_en: s.name_en.clone().unwrap_or_default(),
        description_fi: s.description_fi.clone(),
        description_sv: s.description_sv.clone().unwrap_or_default(),
        description_en: s.description_en.clone().unwrap_or_default(),
        region,
        organisation,
        council,
        starts_on: s.starts_on.to_string(),
        ends_on: s.ends_on.to_string(),
        status: s.status.clone(),
        planned: amounts.map(|m| m.to_string()),
    })
}

/// Planned money of a subproject by source.
async fn planned_amounts(
    db: &impl ConnectionTrait,
    subproject_id: i32,
) -> Result<[Money; 5], AppError> {
    amounts(db, subproject_id, "planned", None).await
}

/// A subproject's funding lines of `kind` (`planned`, or `realised` in `period_id`) by
/// source, in [`SOURCE_CODES`] order.
pub(crate) async fn amounts(
    db: &impl ConnectionTrait,
    subproject_id: i32,
    kind: &str,
    period_id: Option<i32>,
) -> Result<[Money; 5], AppError> {
    let sources = source_ids(db).await?;
    let mut amounts = [Money::ZERO; 5];
    let mut lines = funding_line::Entity::find()
        .filter(funding_line::Column::SubprojectId.eq(subproject_id))
        .filter(funding_line::Column::Kind.eq(kind));
    if let Some(period) = period_id {
        lines = lines.filter(funding_line::Column::PeriodId.eq(period));
    }
    for line in lines.all(db).await? {
        if let Some(i) = sources.iter().position(|id| *id == line.source_id) {
            amounts[i] = Money::from_cents(line.amount_cents);
        }
    }
    Ok(amounts)
}

/// Funding source ids in [`SOURCE_CODES`] order.
pub(crate) async fn source_ids(db: &impl ConnectionTrait) -> Result<[i32; 5], AppError> {
    let all = funding_source::Entity::find().all(db).await?;
    let mut ids = [0; 5];
    for (i, code) in SOURCE_CODES.iter().enumerate() {
        ids[i] = all
            .iter()
            .find(|s| s.code == *code)
            .map(|s| s.id)
            .ok_or(AppError::Internal)?;
    }
    Ok(ids)
}

/// Creates or changes a subproject of the package with its planned funding by source, in
/// one transaction with its field-level audit record.
///
/// # Errors
/// [`AppError::Validation`] per field, [`AppError::NotFound`] for what the principal may not
/// write, [`AppError::EditConflict`] when someone saved it since `version`.
pub async fn save_subproject(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    project_id: i32,
    id: Option<i32>,
    version: Option<i32>,
    input: &SubprojectInput,
) -> Result<i32, AppError> {
    let writable = writable_regions(principal);
    let p = project::Entity::find_by_id(project_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    ensure_writable(principal, p.region_id)?;
    let mut input = input.clone();
    for text in [
        &mut input.code,
        &mut input.name_fi,
        &mut input.name_sv,
        &mut input.name_en,
        &mut input.description_fi,
        &mut input.description_sv,
        &mut input.description_en,
        &mut input.region,
        &mut input.organisation,
        &mut input.council,
        &mut input.starts_on,
        &mut input.ends_on,
        &mut input.status,
    ] {
        *text = crate::model::text::clean(text);
    }
    // Dates as stored (ISO), however they were typed, so the history compares like with like.
    for date in [&mut input.starts_on, &mut input.ends_on] {
        if let Ok(d) = crate::model::dates::parse(date) {
            *date = d.to_string();
        }
    }
    let amounts = input.check()?;
    // Amounts as stored, so comparisons and the audit show "1234.50" however it was typed.
    input.planned = amounts.map(|m| m.to_string());
    if let Ok(bid) = BusinessId::parse(&input.organisation) {
        input.organisation = bid.to_string();
    }
    let mut errors = crate::error::FieldErrors::new();
    let region = city_region::Entity::find()
        .filter(city_region::Column::Code.eq(input.region.as_str()))
        .one(db)
        .await?;
    let council = regional_council::Entity::find()
        .filter(regional_council::Column::Code.eq(input.council.as_str()))
        .one(db)
        .await?;
    let org = organisation::Entity::find()
        .filter(organisation::Column::BusinessId.eq(input.organisation.as_str()))
        .one(db)
        .await?;
    match &region {
        None => errors.insert("region".into(), vec!["unknown".into()]),
        Some(r) if !writable.contains(&r.id) => {
            errors.insert("region".into(), vec!["not_yours".into()])
        }
        Some(_) => None,
    };
    if council.is_none() {
        errors.insert("council".into(), vec!["unknown".into()]);
    }
    if org.is_none() {
        errors.insert("organisation".into(), vec!["unknown".into()]);
    }
    let (Some(region), Some(council), Some(org)) = (region, council, org) else {
        return Err(AppError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let starts_on = crate::model::dates::parse(&input.starts_on)
        .map_err(|key| AppError::field("starts_on", key))?;
    let ends_on = crate::model::dates::parse(&input.ends_on)
        .map_err(|key| AppError::field("ends_on", key))?;
    let now = chrono::Utc::now();

    let txn = crate::ssr::db::begin_write(db).await?;
    let taken = subproject::Entity::find()
        .filter(subproject::Column::Code.eq(input.code.as_str()))
        .filter(subproject::Column::Id.ne(id.unwrap_or(-1)))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::field("code", "code_taken"));
    }
    let (sub_id, before, action) = match id {
        None => {
            let created = subproject::ActiveModel {
                project_id: Set(project_id),
                code: Set(input.code.clone()),
                name_fi: Set(input.name_fi.clone()),
                name_sv: Set(optional(&input.name_sv)),
                name_en: Set(optional(&input.name_en)),
                description_fi: Set(input.description_fi.clone()),
                description_sv: Set(optional(&input.description_sv)),
                description_en: Set(optional(&input.description_en)),
                region_id: Set(region.id),
                organisation_id: Set(org.id),
                council_id: Set(council.id),
                starts_on: Set(starts_on),
                ends_on: Set(ends_on),
                status: Set(input.status.clone()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(AppError::unique_as("code", "code_taken"))?;
            (created.id, SubprojectInput::default(), "create")
        }
        Some(id) => {
            let current = subproject::Entity::find_by_id(id)
                .filter(subproject::Column::ProjectId.eq(project_id))
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            if !writable.contains(&current.region_id) {
                return Err(AppError::NotFound);
            }
            let before = subproject_input(&txn, &current).await?;
            let expected = version.ok_or_else(|| AppError::field("version", "required"))?;
            let updated = subproject::Entity::update_many()
                .col_expr(subproject::Column::Code, Expr::value(input.code.clone()))
                .col_expr(
                    subproject::Column::NameFi,
                    Expr::value(input.name_fi.clone()),
                )
                .col_expr(
                    subproject::Column::NameSv,
                    Expr::value(optional(&input.name_sv)),
                )
                .col_expr(
                    subproject::Column::NameEn,
                    Expr::value(optional(&input.name_en)),
                )
                .col_expr(
                    subproject::Column::DescriptionFi,
                    Expr::value(input.description_fi.clone()),
                )
                .col_expr(
                    subproject::Column::DescriptionSv,
                    Expr::value(optional(&input.description_sv)),
                )
                .col_expr(
                    subproject::Column::DescriptionEn,
                    Expr::value(optional(&input.description_en)),
                )
                .col_expr(subproject::Column::RegionId, Expr::value(region.id))
                .col_expr(subproject::Column::OrganisationId, Expr::value(org.id))
                .col_expr(subproject::Column::CouncilId, Expr::value(council.id))
                .col_expr(subproject::Column::StartsOn, Expr::value(starts_on))
                .col_expr(subproject::Column::EndsOn, Expr::value(ends_on))
                .col_expr(
                    subproject::Column::Status,
                    Expr::value(input.status.clone()),
                )
                .col_expr(
                    subproject::Column::Version,
                    Expr::col(subproject::Column::Version).add(1),
                )
                .col_expr(subproject::Column::UpdatedAt, Expr::value(now))
                .filter(subproject::Column::Id.eq(id))
                .filter(subproject::Column::Version.eq(expected))
                .exec(&txn)
                .await
                .map_err(AppError::unique_as("code", "code_taken"))?;
            if updated.rows_affected == 0 {
                return Err(AppError::EditConflict(sub_diff(&input, &before)));
            }
            (id, before, "update")
        }
    };
    // Planned money: one line per source, replaced in place.
    let sources = source_ids(&txn).await?;
    funding_line::Entity::delete_many()
        .filter(funding_line::Column::SubprojectId.eq(sub_id))
        .filter(funding_line::Column::Kind.eq("planned"))
        .exec(&txn)
        .await?;
    let lines: Vec<funding_line::ActiveModel> = sources
        .iter()
        .zip(amounts)
        .map(|(source, amount)| funding_line::ActiveModel {
            subproject_id: Set(sub_id),
            source_id: Set(*source),
            kind: Set("planned".into()),
            period_id: Set(None),
            amount_cents: Set(amount.cents()),
            version: Set(1),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    funding_line::Entity::insert_many(lines).exec(&txn).await?;
    let entry = Entry::new(action, "subproject", Some(sub_id.to_string()))
        .by(Some(principal.user_id))
        .under(project_id)
        .changes(changes_json(sub_diff(&before, &input)));
    audit::record(&txn, entry).await?;
    project::Entity::update_many()
        .col_expr(project::Column::UpdatedAt, Expr::value(now))
        .filter(project::Column::Id.eq(project_id))
        .exec(&txn)
        .await?;
    super::projects::refresh_project_totals(&txn, Some(project_id)).await?;
    txn.commit().await?;
    Ok(sub_id)
}

/// The subproject fields that differ between two inputs.
fn sub_diff(before: &SubprojectInput, after: &SubprojectInput) -> Vec<FieldChange> {
    let mut fields: Vec<(&str, String, String)> = vec![
        ("code", before.code.clone(), after.code.clone()),
        ("name_fi", before.name_fi.clone(), after.name_fi.clone()),
        ("name_sv", before.name_sv.clone(), after.name_sv.clone()),
        ("name_en", before.name_en.clone(), after.name_en.clone()),
        (
            "description_fi",
            before.description_fi.clone(),
            after.description_fi.clone(),
        ),
        (
            "description_sv",
            before.description_sv.clone(),
            after.description_sv.clone(),
        ),
        (
            "description_en",
            before.description_en.clone(),
            after.description_en.clone(),
        ),
        ("region", before.region.clone(), after.region.clone()),
        (
            "organisation",
            before.organisation.clone(),
            after.organisation.clone(),
        ),
        ("council", before.council.clone(), after.council.clone()),
        (
            "starts_on",
            before.starts_on.clone(),
            after.starts_on.clone(),
        ),
        ("ends_on", before.ends_on.clone(), after.ends_on.clone()),
        ("status", before.status.clone(), after.status.clone()),
    ];
    for i in 0..5 {
        fields.push((
            SubprojectInput::planned_field(i),
            before.planned[i].clone(),
            after.planned[i].clone(),
        ));
    }
    fields
        .into_iter()
        .filter(|(_, old, new)| old.trim() != new.trim())
        .map(|(field, old, new)| FieldChange {
            field: field.into(),
            old,
            new,
        })
        .collect()
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
    let txn = crate::ssr::db::begin_write(db).await?;
    let current = subproject::Entity::find_by_id(id)
        .filter(subproject::Column::ProjectId.eq(project_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let package = project::Entity::find_by_id(project_id)
        .one(&txn)
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
        .one(&txn)
        .await?
        .is_some();
    if reported {
        return Err(AppError::field("status", "has_reports"));
    }
    delete_audited(&txn, principal, &current).await?;
    super::projects::refresh_project_totals(&txn, Some(project_id)).await?;
    txn.commit().await?;
    Ok(())
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
    let before = subproject_input(txn, sub).await?;
    subproject::Entity::delete_by_id(sub.id).exec(txn).await?;
    let entry = Entry::new("delete", "subproject", Some(sub.id.to_string()))
        .by(Some(principal.user_id))
        .under(sub.project_id)
        .changes(deleted_json(sub_diff(&before, &SubprojectInput::default())));
    audit::record(txn, entry).await
}
