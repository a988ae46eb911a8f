//! Writing a story: creating or changing it with its package links (a change withdraws a
//! published story), and publishing or withdrawing it.

use crate::error::AppError;
use crate::model::auth::Role;
use crate::model::case_studies::{BODY_FIELDS, CaseStudyInput, TITLE_FIELDS};
use crate::model::register::FieldChange;
use crate::ssr::access::Principal;
use crate::ssr::access::{can_read_story, writable_regions};
use crate::ssr::columns::{names_columns, names_input};
use crate::ssr::services::audit::{self, Entry};
use crate::ssr::services::audit::{changes_json, diff_fields};
use crate::ssr::services::lookup;
use crate::ssr::services::versioned::{in_transaction, update_at};
use chrono::Utc;
use entity::{case_study, case_study_project, city_region, project};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionSession,
    TransactionTrait,
};

pub(super) fn input_of(c: &case_study::Model, region: &str, projects: Vec<i32>) -> CaseStudyInput {
    CaseStudyInput {
        region: region.to_string(),
        title: names_input(&c.title_fi, c.title_sv.as_deref(), c.title_en.as_deref()),
        body: names_input(&c.body_fi, c.body_sv.as_deref(), c.body_en.as_deref()),
        projects,
    }
}

pub(super) async fn linked(db: &impl ConnectionTrait, id: i32) -> Result<Vec<i32>, AppError> {
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

/// A story's fields as the audit log names them.
fn fields(c: &CaseStudyInput) -> Vec<(&'static str, String)> {
    let projects: Vec<String> = c.projects.iter().map(ToString::to_string).collect();
    let mut fields = vec![("region", c.region.clone())];
    fields.extend(c.title.fields(TITLE_FIELDS));
    fields.extend(c.body.fields(BODY_FIELDS));
    fields.push(("projects", projects.join(", ")));
    fields
}

fn diff(before: &CaseStudyInput, after: &CaseStudyInput) -> Vec<FieldChange> {
    diff_fields(&fields(before), &fields(after))
}

/// Parses the input: clean text, checked fields, and the region resolved to one the
/// principal writes.
///
/// # Errors
/// [`AppError::Forbidden`] without a region to write, [`AppError::Validation`] per field.
async fn parse(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    input: &CaseStudyInput,
) -> Result<(CaseStudyInput, i32), AppError> {
    let writable = writable_regions(principal);
    let mut input = input.clone();
    for text in std::iter::once(&mut input.region)
        .chain(input.title.texts_mut())
        .chain(input.body.texts_mut())
    {
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
    let region = lookup::find::<city_region::Entity>(txn, &input.region)
        .await?
        .ok_or_else(|| AppError::field("region", "unknown"))?;
    if !writable.contains(&region.id) {
        return Err(AppError::field("region", "not_yours"));
    }
    Ok((input, region.id))
}

/// The story `id` if the principal may change it; `None` for a new one.
///
/// # Errors
/// [`AppError::Forbidden`] for a story the principal reads but may not change,
/// [`AppError::NotFound`] for one it may not read.
async fn writable_story(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
) -> Result<Option<case_study::Model>, AppError> {
    let Some(id) = id else { return Ok(None) };
    let current = case_study::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if writable_regions(principal).contains(&current.region_id) {
        Ok(Some(current))
    } else if can_read_story(principal, &current) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// Creates or changes a story with its package links, in one transaction with its
/// field-level audit record. A published story is withdrawn by the change.
///
/// # Errors
/// As [`save_in`].
pub async fn save(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &CaseStudyInput,
) -> Result<i32, AppError> {
    in_transaction(db, async |txn| {
        save_in(txn, principal, id, version, input).await
    })
    .await
}

/// [`save`] inside the caller's transaction: parse, authorise, write, audit.
///
/// # Errors
/// [`AppError::Validation`] per field, [`AppError::NotFound`] / [`AppError::Forbidden`] for
/// what the principal may not write, [`AppError::EditConflict`] when someone saved first.
pub async fn save_in(
    txn: &impl ConnectionTrait,
    principal: &Principal,
    id: Option<i32>,
    version: Option<i32>,
    input: &CaseStudyInput,
) -> Result<i32, AppError> {
    let (input, region_id) = parse(txn, principal, input).await?;
    ensure_in_region(txn, &input.projects, region_id).await?;
    let current = writable_story(txn, principal, id).await?;
    let now = Utc::now();
    let model = columns(&input, region_id, now);
    let (id, before, was_published, action) = match current {
        None => {
            let created = case_study::ActiveModel {
                version: Set(1),
                created_at: Set(now),
                ..model
            };
            let id = case_study::Entity::insert(created)
                .exec(txn)
                .await?
                .last_insert_id;
            (id, CaseStudyInput::default(), false, "create")
        }
        Some(current) => {
            let before = stored_input(txn, &current).await?;
            update_at(txn, current.id, version, model, || diff(&input, &before)).await?;
            (current.id, before, current.is_published, "update")
        }
    };
    link_projects(txn, id, &input.projects).await?;
    let mut changes = diff(&before, &input);
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
    audit::record(txn, entry).await?;
    Ok(id)
}

/// The story columns an input sets. A change withdraws a published story until the national
/// team publishes it again.
fn columns(
    input: &CaseStudyInput,
    region_id: i32,
    now: chrono::DateTime<Utc>,
) -> case_study::ActiveModel {
    let (title_fi, title_sv, title_en) = names_columns(&input.title);
    let (body_fi, body_sv, body_en) = names_columns(&input.body);
    case_study::ActiveModel {
        region_id: Set(region_id),
        title_fi,
        title_sv,
        title_en,
        body_fi,
        body_sv,
        body_en,
        is_published: Set(false),
        published_at: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// The form's view of a stored story.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn stored_input(
    txn: &impl ConnectionTrait,
    c: &case_study::Model,
) -> Result<CaseStudyInput, AppError> {
    let region = city_region::Entity::find_by_id(c.region_id)
        .one(txn)
        .await?
        .map(|r| r.code)
        .unwrap_or_default();
    Ok(input_of(c, &region, linked(txn, c.id).await?))
}

/// Refuses links to packages outside the story's region.
///
/// # Errors
/// A `projects` field error for a package of another region.
async fn ensure_in_region(
    txn: &impl ConnectionTrait,
    projects: &[i32],
    region_id: i32,
) -> Result<(), AppError> {
    let in_region = project::Entity::find()
        .filter(project::Column::Id.is_in(projects.iter().copied()))
        .filter(project::Column::RegionId.eq(region_id))
        .all(txn)
        .await?
        .len();
    if in_region == projects.len() {
        Ok(())
    } else {
        Err(AppError::field("projects", "not_yours"))
    }
}

/// Replaces a story's links to packages.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
async fn link_projects(
    txn: &impl ConnectionTrait,
    story: i32,
    projects: &[i32],
) -> Result<(), AppError> {
    case_study_project::Entity::delete_many()
        .filter(case_study_project::Column::CaseStudyId.eq(story))
        .exec(txn)
        .await?;
    if !projects.is_empty() {
        let links = projects.iter().map(|p| case_study_project::ActiveModel {
            case_study_id: Set(story),
            project_id: Set(*p),
        });
        case_study_project::Entity::insert_many(links)
            .exec(txn)
            .await?;
    }
    Ok(())
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
