//! Case studies: city coordinators write their region's stories and link them to the
//! region's packages; the national team publishes them. A change to a published story
//! withdraws it until the national team publishes it again, so nothing unreviewed is public.

use super::audit::changes_json;
use super::audit::{self, Entry};
use crate::error::AppError;
use crate::model::Names;
use crate::model::auth::Role;
use crate::model::case_studies::{
    CaseStudyForm, CaseStudyInput, CaseStudyList, CaseStudySummary, LinkableProject, PublicStory,
};
use crate::model::projects::Choice;
use crate::model::register::FieldChange;
use crate::ssr::access::Principal;
use crate::ssr::access::{can_read_story, writable_regions};
use crate::ssr::columns::{names, optional};
use entity::{case_study, case_study_project, city_region, project};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

fn title(c: &case_study::Model) -> Names {
    Names {
        fi: c.title_fi.clone(),
        sv: c.title_sv.clone(),
        en: c.title_en.clone(),
    }
}

fn body(c: &case_study::Model) -> Names {
    Names {
        fi: c.body_fi.clone(),
        sv: c.body_sv.clone(),
        en: c.body_en.clone(),
    }
}

async fn summaries(
    db: &impl ConnectionTrait,
    rows: Vec<case_study::Model>,
) -> Result<Vec<CaseStudySummary>, AppError> {
    let regions: HashMap<i32, Names> = city_region::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, names(&r.name_fi, &r.name_sv, &r.name_en)))
        .collect();
    let ids: Vec<i32> = rows.iter().map(|c| c.id).collect();
    let links = case_study_project::Entity::find()
        .filter(case_study_project::Column::CaseStudyId.is_in(ids))
        .find_also_related(project::Entity)
        .all(db)
        .await?;
    let mut codes: HashMap<i32, Vec<String>> = HashMap::new();
    for (link, p) in links {
        if let Some(p) = p {
            codes.entry(link.case_study_id).or_default().push(p.code);
        }
    }
    Ok(rows
        .into_iter()
        .map(|c| {
            let mut projects = codes.remove(&c.id).unwrap_or_default();
            projects.sort();
            CaseStudySummary {
                id: c.id,
                region: regions.get(&c.region_id).cloned().unwrap_or_default(),
                title: title(&c),
                body: body(&c),
                published: c.is_published,
                projects,
            }
        })
        .collect())
}

/// The published case studies, newest first, for the public page.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn published(db: &impl ConnectionTrait) -> Result<Vec<CaseStudySummary>, AppError> {
    let rows = case_study::Entity::find()
        .filter(case_study::Column::IsPublished.eq(true))
        .order_by_desc(case_study::Column::PublishedAt)
        .order_by_asc(case_study::Column::Id)
        .all(db)
        .await?;
    summaries(db, rows).await
}

/// One published story for its public page, with the names of the packages it tells
/// about; an unpublished or unknown one answers as missing, whoever asks.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Internal`] when the database fails.
pub async fn published_story(db: &impl ConnectionTrait, id: i32) -> Result<PublicStory, AppError> {
    let c = case_study::Entity::find_by_id(id)
        .filter(case_study::Column::IsPublished.eq(true))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let region = city_region::Entity::find_by_id(c.region_id)
        .one(db)
        .await?
        .map(|r| names(&r.name_fi, &r.name_sv, &r.name_en))
        .unwrap_or_default();
    let mut projects: Vec<(String, Names)> = case_study_project::Entity::find()
        .filter(case_study_project::Column::CaseStudyId.eq(c.id))
        .find_also_related(project::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(_, p)| p)
        .map(|p| {
            (
                p.code,
                Names {
                    fi: p.name_fi,
                    sv: p.name_sv,
                    en: p.name_en,
                },
            )
        })
        .collect();
    projects.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(PublicStory {
        id: c.id,
        region,
        title: title(&c),
        body: body(&c),
        published_at: c.published_at.map(|t| t.to_rfc3339()),
        projects,
    })
}

/// The case studies the principal may read.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn list(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<CaseStudyList, AppError> {
    let rows: Vec<case_study::Model> = case_study::Entity::find()
        .order_by_asc(case_study::Column::RegionId)
        .order_by_asc(case_study::Column::TitleFi)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| can_read_story(principal, c))
        .collect();
    Ok(CaseStudyList {
        rows: summaries(db, rows).await?,
        can_create: !writable_regions(principal).is_empty(),
    })
}

fn input_of(c: &case_study::Model, region: &str, projects: Vec<i32>) -> CaseStudyInput {
    CaseStudyInput {
        region: region.to_string(),
        title_fi: c.title_fi.clone(),
        title_sv: c.title_sv.clone().unwrap_or_default(),
        title_en: c.title_en.clone().unwrap_or_default(),
        body_fi: c.body_fi.clone(),
        body_sv: c.body_sv.clone().unwrap_or_default(),
        body_en: c.body_en.clone().unwrap_or_default(),
        projects,
    }
}

async fn linked(db: &impl ConnectionTrait, id: i32) -> Result<Vec<i32>, AppError> {
    let mut ids: Vec<i32> = case_study_project::Entity::find()
        .filter(case_study_project::Column::CaseStudyId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.project_id)
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

/// The case-study page: an empty story (`id` = `None`) or a stored one.
///
/// # Errors
/// [`AppError::Forbidden`] for a new story by someone without a region to write,
/// [`AppError::NotFound`] for a story the principal may not read.
pub async fn form(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
) -> Result<CaseStudyForm, AppError> {
    let writable = writable_regions(principal);
    let all_regions = city_region::Entity::find()
        .order_by_asc(city_region::Column::SortOrder)
        .all(db)
        .await?;
    let code_of: HashMap<i32, String> =
        all_regions.iter().map(|r| (r.id, r.code.clone())).collect();
    let regions: Vec<Choice> = all_regions
        .iter()
        .filter(|r| writable.contains(&r.id))
        .map(|r| Choice {
            code: r.code.clone(),
            name: names(&r.name_fi, &r.name_sv, &r.name_en),
        })
        .collect();
    let projects = project::Entity::find()
        .filter(project::Column::RegionId.is_in(writable.clone()))
        .order_by_asc(project::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|p| LinkableProject {
            id: p.id,
            code: p.code,
            name: Names {
                fi: p.name_fi,
                sv: p.name_sv,
                en: p.name_en,
            },
            region: code_of.get(&p.region_id).cloned().unwrap_or_default(),
        })
        .collect();
    let can_publish = principal.has(Role::NationalCoordinator);
    match id {
        None => {
            if regions.is_empty() {
                return Err(AppError::Forbidden);
            }
            Ok(CaseStudyForm {
                id: None,
                version: None,
                input: CaseStudyInput {
                    region: regions.first().map(|r| r.code.clone()).unwrap_or_default(),
                    ..Default::default()
                },
                published: false,
                editable: true,
                can_publish: false,
                regions,
                projects,
            })
        }
        Some(id) => {
            let c = case_study::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|c| can_read_story(principal, c))
                .ok_or(AppError::NotFound)?;
            let region = code_of.get(&c.region_id).cloned().unwrap_or_default();
            Ok(CaseStudyForm {
                id: Some(c.id),
                version: Some(c.version),
                input: input_of(&c, &region, linked(db, c.id).await?),
                published: c.is_published,
                editable: writable.contains(&c.region_id),
                can_publish,
                regions,
                projects,
            })
        }
    }
}

fn diff(before: &CaseStudyInput, after: &CaseStudyInput) -> Vec<FieldChange> {
    let list = |ids: &[i32]| {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    [
        ("region", before.region.clone(), after.region.clone()),
        ("title_fi", before.title_fi.clone(), after.title_fi.clone()),
        ("title_sv", before.title_sv.clone(), after.title_sv.clone()),
        ("title_en", before.title_en.clone(), after.title_en.clone()),
        ("body_fi", before.body_fi.clone(), after.body_fi.clone()),
        ("body_sv", before.body_sv.clone(), after.body_sv.clone()),
        ("body_en", before.body_en.clone(), after.body_en.clone()),
        ("projects", list(&before.projects), list(&after.projects)),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(field, old, new)| FieldChange {
        field: field.into(),
        old,
        new,
    })
    .collect()
}

/// Creates or changes a story with its package links, in one transaction with its
/// field-level audit record. A published story is withdrawn by the change.
///
/// # Errors
/// [`AppError::Validation`] per field, [`AppError::NotFound`] / [`AppError::Forbidden`] for
/// what the principal may not write, [`AppError::EditConflict`] when someone saved first.
pub async fn save(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &CaseStudyInput,
) -> Result<i32, AppError> {
    let writable = writable_regions(principal);
    let mut input = input.clone();
    for text in [
        &mut input.region,
        &mut input.title_fi,
        &mut input.title_sv,
        &mut input.title_en,
        &mut input.body_fi,
        &mut input.body_sv,
        &mut input.body_en,
    ] {
        *text = crate::model::text::clean(text);
    }
    input.projects.sort_unstable();
    input.projects.dedup();
    if input.projects.len() > 500 {
        return Err(AppError::field("projects", "too_many"));
    }
    if writable.is_empty() {
        return Err(AppError::Forbidden);
    }
    input.check()?;
    let region = city_region::Entity::find()
        .filter(city_region::Column::Code.eq(input.region.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("region", "unknown"))?;
    if writable.is_empty() {
        return Err(AppError::Forbidden);
    }
    if !writable.contains(&region.id) {
        return Err(AppError::field("region", "not_yours"));
    }
    let now = chrono::Utc::now();
    let txn = crate::ssr::db::begin_write(db).await?;
    let in_region = project::Entity::find()
        .filter(project::Column::Id.is_in(input.projects.clone()))
        .filter(project::Column::RegionId.eq(region.id))
        .all(&txn)
        .await?
        .len();
    if in_region != input.projects.len() {
        return Err(AppError::field("projects", "not_yours"));
    }
    let (id, before, was_published, action) = match id {
        None => {
            let created = case_study::ActiveModel {
                region_id: Set(region.id),
                title_fi: Set(input.title_fi.clone()),
                title_sv: Set(optional(&input.title_sv)),
                title_en: Set(optional(&input.title_en)),
                body_fi: Set(input.body_fi.clone()),
                body_sv: Set(optional(&input.body_sv)),
                body_en: Set(optional(&input.body_en)),
                is_published: Set(false),
                published_at: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (created.id, CaseStudyInput::default(), false, "create")
        }
        Some(id) => {
            let current = case_study::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            if !writable.contains(&current.region_id) {
                return Err(if can_read_story(principal, &current) {
                    AppError::Forbidden
                } else {
                    AppError::NotFound
                });
            }
            let old_region = city_region::Entity::find_by_id(current.region_id)
                .one(&txn)
                .await?
                .map(|r| r.code)
                .unwrap_or_default();
            let before = input_of(&current, &old_region, linked(&txn, id).await?);
            let expected = version.ok_or_else(|| AppError::field("version", "required"))?;
            let updated = case_study::Entity::update_many()
                .col_expr(case_study::Column::RegionId, Expr::value(region.id))
                .col_expr(
                    case_study::Column::TitleFi,
                    Expr::value(input.title_fi.clone()),
                )
                .col_expr(
                    case_study::Column::TitleSv,
                    Expr::value(optional(&input.title_sv)),
                )
                .col_expr(
                    case_study::Column::TitleEn,
                    Expr::value(optional(&input.title_en)),
                )
                .col_expr(
                    case_study::Column::BodyFi,
                    Expr::value(input.body_fi.clone()),
                )
                .col_expr(
                    case_study::Column::BodySv,
                    Expr::value(optional(&input.body_sv)),
                )
                .col_expr(
                    case_study::Column::BodyEn,
                    Expr::value(optional(&input.body_en)),
                )
                .col_expr(case_study::Column::IsPublished, Expr::value(false))
                .col_expr(
                    case_study::Column::PublishedAt,
                    Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                )
                .col_expr(
                    case_study::Column::Version,
                    Expr::col(case_study::Column::Version).add(1),
                )
                .col_expr(case_study::Column::UpdatedAt, Expr::value(now))
                .filter(case_study::Column::Id.eq(id))
                .filter(case_study::Column::Version.eq(expected))
                .exec(&txn)
                .await?;
            if updated.rows_affected == 0 {
                return Err(AppError::EditConflict(diff(&input, &before)));
            }
            case_study_project::Entity::delete_many()
                .filter(case_study_project::Column::CaseStudyId.eq(id))
                .exec(&txn)
                .await?;
            (id, before, current.is_published, "update")
        }
    };
    if !input.projects.is_empty() {
        let links = input
            .projects
            .iter()
            .map(|p| case_study_project::ActiveModel {
                case_study_id: Set(id),
                project_id: Set(*p),
            });
        case_study_project::Entity::insert_many(links)
            .exec(&txn)
            .await?;
    }
    let mut changes = diff(&before, &input);
    // A change withdraws a published story until the national team publishes it again.
    if was_published {
        changes.push(FieldChange {
            field: "published".into(),
            old: "true".into(),
            new: "false".into(),
        });
    }
    let entry = Entry::new(action, "case_study", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(changes));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(id)
}

/// Publishes or withdraws a story. Only the national team does this.
///
/// # Errors
/// [`AppError::Forbidden`] for other roles, [`AppError::NotFound`], [`AppError::Conflict`]
/// when someone changed it since `version`.
pub async fn set_published(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: i32,
    version: i32,
    published: bool,
) -> Result<(), AppError> {
    if !principal.has(Role::NationalCoordinator) {
        let readable = case_study::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_some_and(|c| can_read_story(principal, &c));
        return Err(if readable {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let now = chrono::Utc::now();
    let txn = crate::ssr::db::begin_write(db).await?;
    let current = case_study::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let updated = case_study::Entity::update_many()
        .col_expr(case_study::Column::IsPublished, Expr::value(published))
        .col_expr(
            case_study::Column::PublishedAt,
            Expr::value(published.then_some(now)),
        )
        .col_expr(
            case_study::Column::Version,
            Expr::col(case_study::Column::Version).add(1),
        )
        .col_expr(case_study::Column::UpdatedAt, Expr::value(now))
        .filter(case_study::Column::Id.eq(id))
        .filter(case_study::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    let change = FieldChange {
        field: "published".into(),
        old: current.is_published.to_string(),
        new: published.to_string(),
    };
    let action = if published { "publish" } else { "withdraw" };
    let entry = Entry::new(action, "case_study", Some(id.to_string()))
        .by(Some(principal.user_id))
        .changes(changes_json(vec![change]));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
