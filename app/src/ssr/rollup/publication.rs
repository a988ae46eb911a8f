//! Publishing the programme's key figures. The public page (`/`) and the open key-figures
//! JSON show the latest publication, never the register as it stands: a coordinator's
//! typo reaches the public only after the national team has looked at it and published.
//! The figures are computed as the national team sees them live (planned money and targets
//! of the register, actuals of approved reports) and kept as they were, with who published
//! them and when; the as-of date the public sees is the publication's day.

use super::figures;
use crate::error::AppError;
use crate::model::figures::KeyFigures;
use crate::model::publication::{Publication, PublicationStatus};
use crate::ssr::access::{Principal, national_only};
use crate::ssr::rollup::cache::{RollupCache, data_version};
use crate::ssr::services::audit::{self, Entry};
use entity::{app_user, publication};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
};

/// Publications listed on the publication page.
const HISTORY: u64 = 20;

fn figures_of(row: &publication::Model) -> Result<KeyFigures, AppError> {
    let mut figures: KeyFigures = serde_json::from_str(&row.figures).map_err(|err| {
        tracing::error!(error = %err, id = row.id, "a stored publication does not read");
        AppError::Internal
    })?;
    figures.as_of = Some(crate::model::format::finnish_date(row.published_at));
    Ok(figures)
}

async fn latest(db: &impl ConnectionTrait) -> Result<Option<publication::Model>, AppError> {
    Ok(publication::Entity::find()
        .order_by_desc(publication::Column::Id)
        .one(db)
        .await?)
}

/// The latest published figures, as of the day they were published; `None` before the
/// first publication. Public.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn published(db: &impl ConnectionTrait) -> Result<Option<KeyFigures>, AppError> {
    latest(db).await?.as_ref().map(figures_of).transpose()
}

/// The live figures beside the published ones, whether anything changed since, and the
/// latest publications. The national team only.
///
/// # Errors
/// [`AppError::Forbidden`] for others; [`AppError::Internal`] when the database fails.
pub async fn status(
    db: &sea_orm::DatabaseConnection,
    cache: &RollupCache,
    principal: &Principal,
) -> Result<PublicationStatus, AppError> {
    national_only(principal)?;
    let live = figures::cached_key_figures(db, cache).await?;
    let latest = latest(db).await?;
    let published = latest.as_ref().map(figures_of).transpose()?;
    let changed_since = match &latest {
        Some(row) => data_version(db).await? != row.data_version,
        None => true,
    };
    let history = publication::Entity::find()
        .order_by_desc(publication::Column::Id)
        .limit(HISTORY)
        .find_also_related(app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(p, user)| Publication {
            id: p.id,
            published_at: p.published_at.to_rfc3339(),
            published_by: user.map(|u| u.display_name),
            note: p.note,
        })
        .collect();
    Ok(PublicationStatus {
        live,
        published,
        changed_since,
        history,
        data_version: data_version(db).await?,
    })
}

/// Publishes the figures as they stand now, with an optional note; audited. `seen` is the
/// data version the national team reviewed (the publication page's): if anything changed
/// since, nothing is published, so no edit goes public that nobody looked at.
///
/// # Errors
/// [`AppError::Forbidden`] outside the national team; a `note` field error;
/// [`AppError::Conflict`] when the data changed since `seen`.
pub async fn publish(
    db: &(impl ConnectionTrait + TransactionTrait),
    principal: &Principal,
    seen: i64,
    note: &str,
) -> Result<i32, AppError> {
    national_only(principal)?;
    let note =
        crate::model::text::parse("note", note, crate::model::text::PARAGRAPHS, 2000, false)?;
    let txn = crate::ssr::db::begin_write(db).await?;
    // Held to the commit: no edit lands between this check and the figures read.
    if crate::ssr::rollup::cache::data_version_held(&txn).await? != seen {
        return Err(AppError::Conflict);
    }
    let id = record(&txn, chrono::Utc::now(), Some(principal.user_id), &note).await?;
    let mut entry =
        Entry::new("publish", "publication", Some(id.to_string())).by(Some(principal.user_id));
    if !note.is_empty() {
        entry = entry.reason(note);
    }
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(id)
}

/// Makes sure a register with data has a publication, so that the public page of an
/// installation that existed before publications shows its figures as they stand at the
/// first start (published by nobody) until the national team publishes.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn ensure_first(db: &(impl ConnectionTrait + TransactionTrait)) -> Result<(), AppError> {
    if latest(db).await?.is_some() || entity::project::Entity::find().one(db).await?.is_none() {
        return Ok(());
    }
    let txn = crate::ssr::db::begin_write(db).await?;
    if latest(&txn).await?.is_none() {
        record(&txn, chrono::Utc::now(), None, "").await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Stores a publication of the figures as they stand in `db` (pass the transaction of the
/// change), published `at`. The demo data uses it for the programme's published day.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn record(
    db: &impl ConnectionTrait,
    at: chrono::DateTime<chrono::Utc>,
    by: Option<i32>,
    note: &str,
) -> Result<i32, AppError> {
    // The version first: a change committed between the two reads then counts as not yet
    // published (the page offers it again), never the other way round.
    let version = data_version(db).await?;
    let figures = figures::key_figures(db).await?;
    let json = serde_json::to_string(&figures).map_err(|err| {
        tracing::error!(error = %err, "key figures do not serialise");
        AppError::Internal
    })?;
    let created = publication::ActiveModel {
        published_at: Set(at),
        published_by: Set(by),
        data_version: Set(version),
        figures: Set(json),
        note: Set((!note.is_empty()).then(|| note.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}
