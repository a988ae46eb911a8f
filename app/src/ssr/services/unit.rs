//! A unit of work: one form save, or all the rows of an import. It carries what the saves in
//! it share: the reference codes read so far, the packages read so far, and what follows
//! the writes: new records, each written record's audit entry, and the kept totals and time
//! of change of the packages whose subprojects were written. A unit of one save writes
//! those at once; a unit of many writes them once, in a few statements, at its end.

mod inserts;

pub use inserts::{Follow, Inserted, NewRecord};

use super::audit::{self, Entry, Pending};
use super::lookup::Codes;
use super::projects::{refresh_project_totals, refresh_totals_of};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use entity::project;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What the saves of one unit of work share. A unit of many saves must end with
/// [`Unit::finish`].
#[derive(Default)]
#[must_use]
pub struct Unit {
    codes: Codes,
    /// Packages as read when the unit first needed them. A unit writes a package at most
    /// once, after reading it, so what is kept is never read after it is written.
    packages: Mutex<HashMap<i32, project::Model>>,
    /// `Some` for a unit of many saves: what its end writes.
    deferred: Option<Mutex<Deferred>>,
}

/// What a unit of many saves writes at its end.
#[derive(Default)]
struct Deferred {
    new: inserts::NewRecords,
    entries: Vec<Pending>,
    touched: BTreeSet<i32>,
}

fn locked<T>(value: &Mutex<T>) -> MutexGuard<'_, T> {
    value.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Unit {
    /// A unit for one save: what follows a write is written with it.
    pub fn single() -> Self {
        Unit::default()
    }

    /// A unit for many saves in one transaction (an import): audit entries and each touched
    /// package's totals are written once, by [`Unit::finish`] before the transaction commits.
    pub fn many() -> Self {
        Unit {
            deferred: Some(Mutex::new(Deferred::default())),
            ..Unit::default()
        }
    }

    /// The reference codes read so far.
    pub fn codes(&self) -> &Codes {
        &self.codes
    }

    /// Keeps packages already read (an import reads the ones its file names at once).
    pub fn know_packages<'a>(&self, packages: impl IntoIterator<Item = &'a project::Model>) {
        let mut known = locked(&self.packages);
        for p in packages {
            known.insert(p.id, p.clone());
        }
    }

    /// The package `id`, read once in the unit.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn package(
        &self,
        txn: &impl ConnectionTrait,
        id: i32,
    ) -> Result<Option<project::Model>, AppError> {
        if let Some(known) = locked(&self.packages).get(&id) {
            return Ok(Some(known.clone()));
        }
        let found = project::Entity::find_by_id(id).one(txn).await?;
        if let Some(p) = &found {
            locked(&self.packages).insert(id, p.clone());
        }
        Ok(found)
    }

    /// Writes a record's audit entry, now or at [`Unit::finish`] (with the time it was made).
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn audit(&self, txn: &impl ConnectionTrait, entry: Entry) -> Result<(), AppError> {
        match &self.deferred {
            Some(deferred) => {
                locked(deferred).entries.push(entry.pending());
                Ok(())
            }
            None => audit::record(txn, entry).await,
        }
    }

    /// Inserts a new record with what follows it and its audit entry: now in a unit of one
    /// save (its id); in a unit of many (`None`) with others, 500 to a statement, the last
    /// ones at [`Unit::finish`].
    ///
    /// # Errors
    /// The table's unique-key field error; in a unit of many [`AppError::Conflict`] when a
    /// kept record's key was taken meanwhile; [`AppError::Internal`] when the database fails.
    pub async fn insert<E: Inserted>(
        &self,
        txn: &impl ConnectionTrait,
        record: NewRecord<E::ActiveModel>,
    ) -> Result<Option<i32>, AppError>
    where
        E::Model: sea_orm::IntoActiveModel<E::ActiveModel>,
    {
        match &self.deferred {
            Some(deferred) => {
                let record = NewRecord {
                    entry: record.entry.at(Utc::now()),
                    ..record
                };
                let full = inserts::keep::<E>(&mut locked(deferred).new, record);
                if let Some(records) = full {
                    let entries = inserts::insert_some::<E>(txn, records).await?;
                    locked(deferred).entries.extend(entries);
                }
                Ok(None)
            }
            None => inserts::insert_now::<E>(txn, record).await.map(Some),
        }
    }

    /// A subproject of package `project_id` was written at `now`: the package's time of
    /// change and kept totals follow, now or at [`Unit::finish`].
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn package_touched(
        &self,
        txn: &impl ConnectionTrait,
        project_id: i32,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        match &self.deferred {
            Some(deferred) => {
                locked(deferred).touched.insert(project_id);
                Ok(())
            }
            None => {
                project::Entity::update_many()
                    .col_expr(project::Column::UpdatedAt, Expr::value(now))
                    .filter(project::Column::Id.eq(project_id))
                    .exec(txn)
                    .await?;
                refresh_project_totals(txn, Some(project_id)).await
            }
        }
    }

    /// Writes what a unit of many saves deferred: its new records, its audit entries, and
    /// every touched package's time of change and kept totals.
    ///
    /// # Errors
    /// [`AppError::Conflict`] when a new record's key was taken meanwhile;
    /// [`AppError::Internal`] when the database fails.
    pub async fn finish(self, txn: &impl ConnectionTrait) -> Result<(), AppError> {
        let Deferred {
            new,
            mut entries,
            touched,
        } = self
            .deferred
            .map(|d| d.into_inner().unwrap_or_else(PoisonError::into_inner))
            .unwrap_or_default();
        entries.extend(inserts::insert_kept(txn, new).await?);
        audit::record_many(txn, entries).await?;
        let touched: Vec<i32> = touched.into_iter().collect();
        let now = Utc::now();
        for chunk in touched.chunks(500) {
            project::Entity::update_many()
                .col_expr(project::Column::UpdatedAt, Expr::value(now))
                .filter(project::Column::Id.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
        refresh_totals_of(txn, &touched).await
    }
}
