//! Case studies: city coordinators write their region's stories and link them to the
//! region's packages; the national team publishes them. A change to a published story
//! withdraws it until the national team publishes it again, so nothing unreviewed is public.

mod save;

use crate::error::AppError;
use crate::model::Names;
use crate::model::auth::Role;
use crate::model::case_studies::{
    CaseStudyForm, CaseStudyInput, CaseStudyList, CaseStudySummary, LinkableProject, PublicStory,
};
use crate::model::projects::Choice;
use crate::ssr::access::Principal;
use crate::ssr::access::{can_read_story, writable_regions};
use crate::ssr::columns::names;
use entity::{case_study, case_study_project, city_region, project};
use save::{input_of, linked};
pub use save::{save, save_in, set_published};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
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
                heading: String::new(),
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
                heading: c.title_fi.clone(),
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
