//! New records of a unit of work. A unit of one save inserts its record at once; a unit of
//! many (an import) keeps them and inserts them many to a statement, each time it has
//! enough for one and the rest at its end, then the rows that need their ids (a package's
//! actions, a subproject's money) and their audit entries. A new record's id is found among the inserted rows by its unique key (a code or
//! a Business ID), which the saves' checks found free.

use crate::error::AppError;
use crate::ssr::services::audit::{self, Entry, Pending};
use crate::ssr::services::versioned::Versioned;
use entity::{funding_line, organisation, project, project_action, subproject};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, IntoActiveModel};
use std::collections::HashMap;

/// New records to a statement: a package has some twenty columns, so 500 stay far below
/// the databases' limits of bound values (SQLite 32 766, PostgreSQL 65 535).
const RECORDS_PER_STATEMENT: usize = 500;
/// The rows that follow them have a few columns each.
const FOLLOWERS_PER_STATEMENT: usize = 2000;

/// What a new record brings with it once its id is known.
pub enum Follow {
    Nothing,
    /// A package's actions, by id.
    Actions(Vec<i32>),
    /// A subproject's money by source, its subproject not set.
    Lines(Vec<funding_line::ActiveModel>),
}

/// A new record: its columns, its unique key as stored, its audit entry (its id is added
/// when known) and what follows it.
pub struct NewRecord<A> {
    pub model: A,
    pub key: String,
    pub entry: Entry,
    pub follow: Follow,
}

/// The new records a unit of many keeps for its end, by table.
#[derive(Default)]
pub struct NewRecords {
    packages: Vec<NewRecord<project::ActiveModel>>,
    subprojects: Vec<NewRecord<subproject::ActiveModel>>,
    organisations: Vec<NewRecord<organisation::ActiveModel>>,
}

/// A table whose new records a unit inserts: its rows' unique key, and its queue.
pub trait Inserted: Versioned
where
    Self::Model: IntoActiveModel<Self::ActiveModel>,
{
    /// The unique key and id of a stored row.
    fn key_and_id(model: &Self::Model) -> (String, i32);
    #[doc(hidden)]
    fn queue(new: &mut NewRecords) -> &mut Vec<NewRecord<Self::ActiveModel>>;
}

macro_rules! inserted {
    ($($table:ident . $key:ident => $queue:ident),* $(,)?) => {$(
        impl Inserted for $table::Entity {
            fn key_and_id(model: &$table::Model) -> (String, i32) {
                (model.$key.clone(), model.id)
            }
            fn queue(new: &mut NewRecords) -> &mut Vec<NewRecord<$table::ActiveModel>> {
                &mut new.$queue
            }
        }
    )*};
}

inserted! {
    project.code => packages,
    subproject.code => subprojects,
    organisation.business_id => organisations,
}

/// The table's unique key taken: a field error of the form, or (`at_end`, records kept
/// for a statement of many, where no one row is to blame) a conflict with a save made
/// meanwhile.
fn taken<E: Versioned>(at_end: bool) -> impl Fn(sea_orm::DbErr) -> AppError {
    move |err| {
        AppError::on_unique(|| match E::UNIQUE {
            Some((field, key)) if !at_end => AppError::field(field, key),
            _ => AppError::Conflict,
        })(err)
    }
}

/// Inserts one new record with what follows it and its audit entry; its id.
///
/// # Errors
/// The table's unique-key field error; [`AppError::Internal`] when the database fails.
pub(super) async fn insert_now<E: Inserted>(
    txn: &impl ConnectionTrait,
    record: NewRecord<E::ActiveModel>,
) -> Result<i32, AppError>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    let stored = E::insert(record.model)
        .exec_with_returning(txn)
        .await
        .map_err(taken::<E>(false))?;
    let (_, id) = E::key_and_id(&stored);
    follow(txn, vec![(id, record.follow)]).await?;
    audit::record(txn, record.entry.of_id(id)).await?;
    Ok(id)
}

/// Keeps a new record; the table's kept records once there are enough for a statement
/// (so that a large import holds no more than that many at a time).
pub(super) fn keep<E: Inserted>(
    new: &mut NewRecords,
    record: NewRecord<E::ActiveModel>,
) -> Option<Vec<NewRecord<E::ActiveModel>>>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    let queue = E::queue(new);
    queue.push(record);
    (queue.len() >= RECORDS_PER_STATEMENT).then(|| std::mem::take(queue))
}

/// Inserts kept records of one table in one statement, then what follows them; their audit
/// entries, to be written with the unit's others.
///
/// # Errors
/// As [`insert_kept`].
pub(super) async fn insert_some<E: Inserted>(
    txn: &impl ConnectionTrait,
    records: Vec<NewRecord<E::ActiveModel>>,
) -> Result<Vec<Pending>, AppError>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    let mut entries = Vec::new();
    let mut follows = Vec::new();
    insert_all::<E>(txn, records, &mut entries, &mut follows).await?;
    follow(txn, follows).await?;
    Ok(entries)
}

/// Inserts every kept record, many to a statement, then what follows them; their audit
/// entries, to be written with the unit's others.
///
/// # Errors
/// [`AppError::Conflict`] when a key was taken meanwhile; [`AppError::Internal`] when the
/// database fails.
pub(super) async fn insert_kept(
    txn: &impl ConnectionTrait,
    new: NewRecords,
) -> Result<Vec<Pending>, AppError> {
    let NewRecords {
        packages,
        subprojects,
        organisations,
    } = new;
    let mut entries = Vec::new();
    let mut follows = Vec::new();
    insert_all::<project::Entity>(txn, packages, &mut entries, &mut follows).await?;
    insert_all::<subproject::Entity>(txn, subprojects, &mut entries, &mut follows).await?;
    insert_all::<organisation::Entity>(txn, organisations, &mut entries, &mut follows).await?;
    follow(txn, follows).await?;
    Ok(entries)
}

async fn insert_all<E: Inserted>(
    txn: &impl ConnectionTrait,
    records: Vec<NewRecord<E::ActiveModel>>,
    entries: &mut Vec<Pending>,
    follows: &mut Vec<(i32, Follow)>,
) -> Result<(), AppError>
where
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        let chunk: Vec<NewRecord<E::ActiveModel>> =
            records.by_ref().take(RECORDS_PER_STATEMENT).collect();
        let models = chunk.iter().map(|r| r.model.clone());
        let ids: HashMap<String, i32> = E::insert_many(models)
            .exec_with_returning(txn)
            .await
            .map_err(taken::<E>(true))?
            .iter()
            .map(E::key_and_id)
            .collect();
        for record in chunk {
            let id = *ids.get(&record.key).ok_or(AppError::Internal)?;
            entries.push(record.entry.of_id(id).pending());
            follows.push((id, record.follow));
        }
    }
    Ok(())
}

/// Writes what follows new records, given their ids.
async fn follow(txn: &impl ConnectionTrait, follows: Vec<(i32, Follow)>) -> Result<(), AppError> {
    let mut links = Vec::new();
    let mut lines = Vec::new();
    for (id, follow) in follows {
        match follow {
            Follow::Nothing => {}
            Follow::Actions(actions) => {
                links.extend(
                    actions
                        .into_iter()
                        .map(|action_id| project_action::ActiveModel {
                            project_id: Set(id),
                            action_id: Set(action_id),
                        }),
                );
            }
            Follow::Lines(new) => {
                lines.extend(new.into_iter().map(|line| funding_line::ActiveModel {
                    subproject_id: Set(id),
                    ..line
                }))
            }
        }
    }
    for chunk in links.chunks(FOLLOWERS_PER_STATEMENT) {
        project_action::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in lines.chunks(FOLLOWERS_PER_STATEMENT) {
        funding_line::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
