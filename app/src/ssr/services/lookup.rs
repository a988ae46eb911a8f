//! Typed lookups of reference data: a region, theme, action, council, funding source or
//! organisation by the code a form, an import row or an API call names it with, and the
//! choices of a select. Each table is named by its entity, never spliced into SQL.

use crate::error::{AppError, FieldErrors};
use crate::model::projects::Choice;
use crate::ssr::columns::names;
use entity::{
    action, city_region, funding_source, indicator, organisation, project, regional_council,
    subproject, theme,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A table whose rows users name by a unique code.
pub trait ByCode: EntityTrait {
    /// The column users name a row by.
    const CODE: Self::Column;
    /// The row's id.
    fn id_of(row: &Self::Model) -> i32;
}

/// A classifier: coded rows with a name in three languages, listed in a fixed order.
pub trait Classifier: ByCode {
    /// The order of the choices.
    const ORDER: Self::Column;
    /// A row as a choice of a select.
    fn choice(row: Self::Model) -> Choice;
}

macro_rules! by_code {
    ($($table:ident . $code:ident),* $(,)?) => {$(
        impl ByCode for $table::Entity {
            const CODE: $table::Column = $table::Column::$code;
            fn id_of(row: &$table::Model) -> i32 {
                row.id
            }
        }
    )*};
}

by_code! {
    city_region.Code,
    theme.Code,
    action.Code,
    funding_source.Code,
    regional_council.Code,
    indicator.Code,
    project.Code,
    subproject.Code,
    organisation.BusinessId,
}

macro_rules! classifier {
    ($($table:ident by $order:ident),* $(,)?) => {$(
        impl Classifier for $table::Entity {
            const ORDER: $table::Column = $table::Column::$order;
            fn choice(row: $table::Model) -> Choice {
                Choice { code: row.code, name: names(&row.name_fi, &row.name_sv, &row.name_en) }
            }
        }
    )*};
}

classifier! {
    city_region by SortOrder,
    theme by SortOrder,
    action by SortOrder,
    funding_source by SortOrder,
    regional_council by NameFi,
}

/// The id of every row of `E` by its code, for resolving many codes at once (an import, the
/// demo data).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn ids_by_code<E: Classifier>(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashMap<String, i32>, AppError> {
    Ok(E::find()
        .all(db)
        .await?
        .into_iter()
        .map(|row| (E::id_of(&row), E::choice(row).code))
        .map(|(id, code)| (code, id))
        .collect())
}

/// The choices of classifier `E` in its order.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn choices<E: Classifier>(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    choices_where::<E>(db, Condition::all()).await
}

/// The choices of classifier `E` that meet `condition`, in its order.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn choices_where<E: Classifier>(
    db: &impl ConnectionTrait,
    condition: Condition,
) -> Result<Vec<Choice>, AppError> {
    let rows = E::find()
        .filter(condition)
        .order_by_asc(E::ORDER)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(E::choice).collect())
}

/// The row of `E` with `code`, if there is one.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn find<E: ByCode>(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<E::Model>, AppError> {
    Ok(E::find().filter(E::CODE.eq(code)).one(db).await?)
}

/// The id of the row of `E` with `code`; an empty code is `None`, an unknown one a field
/// error on `field`.
///
/// # Errors
/// [`AppError::Validation`] for an unknown code, [`AppError::Internal`] when the database fails.
pub async fn optional_id<E: ByCode>(
    db: &impl ConnectionTrait,
    field: &str,
    code: Option<&str>,
) -> Result<Option<i32>, AppError> {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    match find::<E>(db, code).await? {
        Some(row) => Ok(Some(E::id_of(&row))),
        None => Err(AppError::field(field, "unknown")),
    }
}

/// Resolves the codes of one input to ids, collecting an `unknown` error per field so that
/// the user sees every unknown code at once.
pub struct Resolver<'a, C> {
    db: &'a C,
    errors: FieldErrors,
}

impl<'a, C: ConnectionTrait> Resolver<'a, C> {
    /// A resolver reading from `db`.
    pub fn new(db: &'a C) -> Self {
        Resolver {
            db,
            errors: FieldErrors::new(),
        }
    }

    /// The row of `E` with `code`, or `None` with an `unknown` error on `field`.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn row<E: ByCode>(
        &mut self,
        field: &str,
        code: &str,
    ) -> Result<Option<E::Model>, AppError> {
        let found = find::<E>(self.db, code).await?;
        if found.is_none() {
            self.refuse(field, "unknown");
        }
        Ok(found)
    }

    /// The id of the row of `E` with `code`, or `0` with an `unknown` error on `field`.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn id<E: ByCode>(&mut self, field: &str, code: &str) -> Result<i32, AppError> {
        Ok(self
            .row::<E>(field, code)
            .await?
            .map_or(0, |r| E::id_of(&r)))
    }

    /// The ids of the rows of `E` with `codes`, with an `unknown` error on `field` if any is
    /// missing.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn ids<E: ByCode>(
        &mut self,
        field: &str,
        codes: &[String],
    ) -> Result<Vec<i32>, AppError> {
        let rows = E::find()
            .filter(E::CODE.is_in(codes.iter().cloned()))
            .all(self.db)
            .await?;
        if rows.len() != codes.len() {
            self.refuse(field, "unknown");
        }
        Ok(rows.iter().map(E::id_of).collect())
    }

    /// Adds a refusal of `field`.
    pub fn refuse(&mut self, field: &str, key: &str) {
        self.errors
            .entry(field.into())
            .or_default()
            .push(key.into());
    }

    /// `Ok` when every code was known and nothing was refused.
    ///
    /// # Errors
    /// [`AppError::Validation`] with every refusal.
    pub fn finish(self) -> Result<(), AppError> {
        AppError::check(self.errors)
    }
}
