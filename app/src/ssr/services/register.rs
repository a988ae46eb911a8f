//! The project register: reading a package with its subprojects, money and history, and
//! creating, changing and deleting packages. Coordinators write only their own regions'
//! packages; the national team and the ministry read all. Every write is one transaction
//! with its field-level audit record, and refuses to overwrite a newer save.

use super::audit::{self, Entry};
use super::audit::{changes_json, deleted_json};
use super::project_form::input_of;
use crate::error::AppError;
use crate::model::BusinessId;
use crate::model::register::{FieldChange, ProjectInput};
use crate::ssr::access::{Principal, ensure_writable, writable_regions};
use crate::ssr::columns::optional;
use entity::{
    action, city_region, organisation, project, project_action, regional_council, report,
    subproject, theme,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionSession, TransactionTrait,
};

/// The fields that differ between two inputs, `old` from `before` and `new` from `after`.
pub fn diff(before: &ProjectInput, after: &ProjectInput) -> Vec<FieldChange> {
    let fields: [(&str, String, String); 15] = [
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
        ("theme", before.theme.clone(), after.theme.clone()),
        (
            "actions",
            before.actions.join(", "),
            after.actions.join(", "),
        ),
        ("council", before.council.clone(), after.council.clone()),
        (
            "starts_on",
            before.starts_on.clone(),
            after.starts_on.clone(),
        ),
        ("ends_on", before.ends_on.clone(), after.ends_on.clone()),
        ("status", before.status.clone(), after.status.clone()),
        (
            "lead_organisation",
            before.lead_organisation.clone(),
            after.lead_organisation.clone(),
        ),
    ];
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

/// The input with text trimmed and actions in a stable order.
fn normalised(input: &ProjectInput) -> ProjectInput {
    let mut out = input.clone();
    for text in [
        &mut out.code,
        &mut out.name_fi,
        &mut out.name_sv,
        &mut out.name_en,
        &mut out.description_fi,
        &mut out.description_sv,
        &mut out.description_en,
        &mut out.region,
        &mut out.theme,
        &mut out.council,
        &mut out.starts_on,
        &mut out.ends_on,
        &mut out.status,
        &mut out.lead_organisation,
    ] {
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

/// Ids the input's codes stand for, or field errors for unknown ones.
struct Resolved {
    region_id: i32,
    theme_id: i32,
    council_id: i32,
    action_ids: Vec<i32>,
    lead_id: Option<i32>,
}

async fn resolve(db: &impl ConnectionTrait, input: &ProjectInput) -> Result<Resolved, AppError> {
    let mut errors = crate::error::FieldErrors::new();
    let mut unknown = |field: &str| {
        errors
            .entry(field.into())
            .or_default()
            .push("unknown".into())
    };
    let region = city_region::Entity::find()
        .filter(city_region::Column::Code.eq(input.region.as_str()))
        .one(db)
        .await?;
    let theme = theme::Entity::find()
        .filter(theme::Column::Code.eq(input.theme.as_str()))
        .one(db)
        .await?;
    let council = regional_council::Entity::find()
        .filter(regional_council::Column::Code.eq(input.council.as_str()))
        .one(db)
        .await?;
    let actions = action::Entity::find()
        .filter(action::Column::Code.is_in(input.actions.clone()))
        .all(db)
        .await?;
    let lead = match optional(&input.lead_organisation) {
        Some(bid) => organisation::Entity::find()
            .filter(organisation::Column::BusinessId.eq(bid))
            .one(db)
            .await?
            .map(Some),
        None => Some(None),
    };
    if region.is_none() {
        unknown("region");
    }
    if theme.is_none() {
        unknown("theme");
    }
    if council.is_none() {
        unknown("council");
    }
    if actions.len() != input.actions.len() {
        unknown("actions");
    }
    if lead.is_none() {
        unknown("lead_organisation");
    }
    match (region, theme, council, lead) {
        (Some(r), Some(t), Some(c), Some(l)) if errors.is_empty() => Ok(Resolved {
            region_id: r.id,
            theme_id: t.id,
            council_id: c.id,
            action_ids: actions.into_iter().map(|a| a.id).collect(),
            lead_id: l.map(|o| o.id),
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Creates a package (`id` = `None`) or changes one that is still at `version`.
///
/// # Errors
/// [`AppError::Validation`] per field (nothing is saved), [`AppError::NotFound`] for a package
/// the principal may not write, [`AppError::EditConflict`] when someone saved it since
/// `version`, with the saved values that differ from the input.
pub async fn save_project(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &ProjectInput,
) -> Result<i32, AppError> {
    let writable = writable_regions(principal);
    if let Some(id) = id {
        // Access first, so another region's package answers as a missing one, whatever the
        // input.
        let current = project::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        ensure_writable(principal, current.region_id)?;
    }
    let input = normalised(input);
    input.check()?;
    let resolved = resolve(db, &input).await?;
    if !writable.contains(&resolved.region_id) {
        return Err(AppError::field("region", "not_yours"));
    }
    let txn = crate::ssr::db::begin_write(db).await?;
    let taken = project::Entity::find()
        .filter(project::Column::Code.eq(input.code.as_str()))
        .filter(project::Column::Id.ne(id.unwrap_or(-1)))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::field("code", "code_taken"));
    }
    let now = chrono::Utc::now();
    let starts_on = crate::model::dates::parse(&input.starts_on)
        .map_err(|key| AppError::field("starts_on", key))?;
    let ends_on = crate::model::dates::parse(&input.ends_on)
        .map_err(|key| AppError::field("ends_on", key))?;

    let (project_id, changes, action) = match id {
        None => {
            let created = project::ActiveModel {
                code: Set(input.code.clone()),
                name_fi: Set(input.name_fi.clone()),
                name_sv: Set(optional(&input.name_sv)),
                name_en: Set(optional(&input.name_en)),
                description_fi: Set(input.description_fi.clone()),
                description_sv: Set(optional(&input.description_sv)),
                description_en: Set(optional(&input.description_en)),
                region_id: Set(resolved.region_id),
                is_national_lead: Set(false),
                theme_id: Set(resolved.theme_id),
                council_id: Set(resolved.council_id),
                lead_organisation_id: Set(resolved.lead_id),
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
            (created.id, diff(&ProjectInput::default(), &input), "create")
        }
        Some(id) => {
            let current = project::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            if !writable.contains(&current.region_id) {
                return Err(AppError::NotFound);
            }
            let before = input_of(&txn, &current).await?;
            let expected = version.ok_or_else(|| AppError::field("version", "required"))?;
            let updated = project::Entity::update_many()
                .col_expr(project::Column::Code, Expr::value(input.code.clone()))
                .col_expr(project::Column::NameFi, Expr::value(input.name_fi.clone()))
                .col_expr(
                    project::Column::NameSv,
                    Expr::value(optional(&input.name_sv)),
                )
                .col_expr(
                    project::Column::NameEn,
                    Expr::value(optional(&input.name_en)),
                )
                .col_expr(
                    project::Column::DescriptionFi,
                    Expr::value(input.description_fi.clone()),
                )
                .col_expr(
                    project::Column::DescriptionSv,
                    Expr::value(optional(&input.description_sv)),
                )
                .col_expr(
                    project::Column::DescriptionEn,
                    Expr::value(optional(&input.description_en)),
                )
                .col_expr(project::Column::RegionId, Expr::value(resolved.region_id))
                .col_expr(project::Column::ThemeId, Expr::value(resolved.theme_id))
                .col_expr(project::Column::CouncilId, Expr::value(resolved.council_id))
                .col_expr(
                    project::Column::LeadOrganisationId,
                    Expr::value(resolved.lead_id),
                )
                .col_expr(project::Column::StartsOn, Expr::value(starts_on))
                .col_expr(project::Column::EndsOn, Expr::value(ends_on))
                .col_expr(project::Column::Status, Expr::value(input.status.clone()))
                .col_expr(
                    project::Column::Version,
                    Expr::col(project::Column::Version).add(1),
                )
                .col_expr(project::Column::UpdatedAt, Expr::value(now))
                .filter(project::Column::Id.eq(id))
                .filter(project::Column::Version.eq(expected))
                .exec(&txn)
                .await
                .map_err(AppError::unique_as("code", "code_taken"))?;
            if updated.rows_affected == 0 {
                // Someone saved first: show the saved values that differ from the input.
                return Err(AppError::EditConflict(diff(&input, &before)));
            }
            project_action::Entity::delete_many()
                .filter(project_action::Column::ProjectId.eq(id))
                .exec(&txn)
                .await?;
            (id, diff(&before, &input), "update")
        }
    };
    let links: Vec<project_action::ActiveModel> = resolved
        .action_ids
        .iter()
        .map(|a| project_action::ActiveModel {
            project_id: Set(project_id),
            action_id: Set(*a),
        })
        .collect();
    project_action::Entity::insert_many(links)
        .exec(&txn)
        .await?;
    let entry = Entry::new(action, "project", Some(project_id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(changes));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(project_id)
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
    let txn = crate::ssr::db::begin_write(db).await?;
    let current = project::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    ensure_writable(principal, current.region_id)?;
    if current.version != version {
        return Err(AppError::Conflict);
    }
    let subs = subproject::Entity::find()
        .filter(subproject::Column::ProjectId.eq(id))
        .all(&txn)
        .await?;
    let reported = report::Entity::find()
        .filter(report::Column::SubprojectId.is_in(subs.iter().map(|s| s.id)))
        .one(&txn)
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
        super::subprojects::delete_audited(&txn, principal, sub).await?;
    }
    let before = input_of(&txn, &current).await?;
    project::Entity::delete_by_id(id).exec(&txn).await?;
    let entry = Entry::new("delete", "project", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(deleted_json(diff(&before, &ProjectInput::default())));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_only_changed_fields() {
        let before = ProjectInput {
            code: "A1".into(),
            name_fi: "Vanha".into(),
            ..Default::default()
        };
        let after = ProjectInput {
            code: "A1".into(),
            name_fi: "Uusi".into(),
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
