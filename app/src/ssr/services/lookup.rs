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
use std::any::TypeId;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A table whose rows users name by a unique code.
pub trait ByCode: EntityTrait {
    /// The column users name a row by.
    const CODE: Self::Column;
    /// The id column.
    const ID: Self::Column;
    /// The row's id.
    fn id_of(row: &Self::Model) -> i32;
    /// The row's code.
    fn code_of(row: Self::Model) -> String;
}

/// A classifier: coded rows with a name in three languages, listed in a fixed order.
pub trait Classifier: ByCode {
    /// The order of the choices.
    const ORDER: Self::Column;
    /// A row as a choice of a select.
    fn choice(row: Self::Model) -> Choice;
}

macro_rules! by_code {
    ($($table:ident . $code:ident ($field:ident)),* $(,)?) => {$(
        impl ByCode for $table::Entity {
            const CODE: $table::Column = $table::Column::$code;
            const ID: $table::Column = $table::Column::Id;
            fn id_of(row: &$table::Model) -> i32 {
                row.id
            }
            fn code_of(row: $table::Model) -> String {
                row.$field
            }
        }
    )*};
}

by_code! {
    city_region.Code(code),
    theme.Code(code),
    action.Code(code),
    funding_source.Code(code),
    regional_council.Code(code),
    indicator.Code(code),
    project.Code(code),
    subproject.Code(code),
    organisation.BusinessId(business_id),
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

/// The ids and codes of coded rows read so far in one unit of work: a form save reads each
/// code once, and an import's ten thousand rows read each region, council or organisation
/// once instead of once per row, and the codes its file names in a few queries. A unit
/// looks a code up before it creates or recodes its row, never after.
#[derive(Default)]
pub struct Codes {
    ids: Mutex<HashMap<(TypeId, String), Option<i32>>>,
    codes: Mutex<HashMap<(TypeId, i32), Option<String>>>,
    /// The small tables read whole.
    tables: Mutex<HashSet<TypeId>>,
}

/// How many codes one query asks for when codes are read in advance.
const CODES_PER_QUERY: usize = 500;

/// A map behind a lock that nothing can poison in a way that matters: every write to it is
/// one insert of a value read from the database.
fn locked<K, V>(map: &Mutex<HashMap<K, V>>) -> MutexGuard<'_, HashMap<K, V>> {
    map.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Codes {
    /// The id of the row of `E` with `code`, if there is one.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn id<E: ByCode>(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
    ) -> Result<Option<i32>, AppError> {
        let key = (TypeId::of::<E>(), code.to_owned());
        if let Some(known) = locked(&self.ids).get(&key) {
            return Ok(*known);
        }
        let id = find::<E>(db, code).await?.map(|row| E::id_of(&row));
        if let Some(id) = id {
            locked(&self.codes).insert((key.0, id), Some(code.to_owned()));
        }
        locked(&self.ids).insert(key, id);
        Ok(id)
    }

    /// The code of the row of `E` with `id`, empty when there is none.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn code<E: ByCode>(
        &self,
        db: &impl ConnectionTrait,
        id: i32,
    ) -> Result<String, AppError> {
        let key = (TypeId::of::<E>(), id);
        if let Some(known) = locked(&self.codes).get(&key) {
            return Ok(known.clone().unwrap_or_default());
        }
        let code = E::find()
            .filter(E::ID.eq(id))
            .one(db)
            .await?
            .map(E::code_of);
        locked(&self.codes).insert(key, code.clone());
        Ok(code.unwrap_or_default())
    }

    /// Reads the rows of `E` with any of `codes` in a few queries, so that looking each of
    /// them up later reads nothing (a code with no row is remembered as unknown); the rows
    /// found.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn read_ahead<E: ByCode>(
        &self,
        db: &impl ConnectionTrait,
        codes: &[String],
    ) -> Result<Vec<E::Model>, AppError> {
        let table = TypeId::of::<E>();
        let mut found = Vec::new();
        for chunk in codes.chunks(CODES_PER_QUERY) {
            let rows = E::find()
                .filter(one_of(db, E::CODE, chunk, "text"))
                .all(db)
                .await?;
            let mut ids = locked(&self.ids);
            for code in chunk {
                ids.insert((table, code.clone()), None);
            }
            drop(ids);
            self.remember::<E>(rows.iter().cloned());
            found.extend(rows);
        }
        Ok(found)
    }

    /// Reads the codes of the rows of `E` with any of `ids` in a few queries, so that looking
    /// each of them up later reads nothing.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn read_ids_ahead<E: ByCode>(
        &self,
        db: &impl ConnectionTrait,
        ids: &[i32],
    ) -> Result<(), AppError> {
        let table = TypeId::of::<E>();
        let mut wanted: Vec<i32> = ids
            .iter()
            .copied()
            .filter(|id| !locked(&self.codes).contains_key(&(table, *id)))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        for chunk in wanted.chunks(CODES_PER_QUERY) {
            let rows = E::find()
                .filter(one_of(db, E::ID, chunk, "integer"))
                .all(db)
                .await?;
            let mut codes = locked(&self.codes);
            for id in chunk {
                codes.insert((table, *id), None);
            }
            drop(codes);
            self.remember::<E>(rows);
        }
        Ok(())
    }

    /// Remembers the code and id of each of `rows`.
    fn remember<E: ByCode>(&self, rows: impl IntoIterator<Item = E::Model>) {
        let table = TypeId::of::<E>();
        let mut ids = locked(&self.ids);
        let mut codes = locked(&self.codes);
        for row in rows {
            let id = E::id_of(&row);
            let code = E::code_of(row);
            ids.insert((table, code.clone()), Some(id));
            codes.insert((table, id), Some(code));
        }
    }

    /// Reads every row of the small table `E` (funding sources, actions) the first time
    /// one of its codes is wanted.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    async fn read_table<E: ByCode>(&self, db: &impl ConnectionTrait) -> Result<(), AppError> {
        let table = TypeId::of::<E>();
        if self
            .tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&table)
        {
            return Ok(());
        }
        self.remember::<E>(E::find().all(db).await?);
        self.tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(table);
        Ok(())
    }

    /// The id of the row of the small table `E` with `code`, the whole table read once.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn small_table_id<E: ByCode>(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
    ) -> Result<Option<i32>, AppError> {
        self.read_table::<E>(db).await?;
        let known = locked(&self.ids)
            .get(&(TypeId::of::<E>(), code.to_owned()))
            .copied();
        Ok(known.flatten())
    }
}

/// The condition "`column` is one of `values`" (of the SQL type `of`). On PostgreSQL it binds
/// them as one text and reads them as a set (a semi-join, hashed or by the index): a
/// statement prepared once otherwise switches to a generic plan that compares every row
/// with every value (140–240 ms for 500 codes in 10 000 packages, against about 1 ms).
/// Elsewhere an `IN` list. The values are codes that passed `text::line` or numbers, so
/// none holds the separator (a control character).
pub fn one_of<C, V>(
    db: &impl ConnectionTrait,
    column: C,
    values: &[V],
    of: &str,
) -> sea_orm::sea_query::SimpleExpr
where
    C: ColumnTrait,
    V: Clone + ToString + Into<sea_orm::Value>,
{
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let joined = values
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\u{1f}");
            sea_orm::sea_query::Expr::cust_with_values(
                format!(
                    "\"{}\".\"{}\" IN (SELECT unnest(string_to_array($1, chr(31))::{of}[]))",
                    sea_orm::EntityName::table_name(&C::EntityName::default()),
                    sea_orm::IdenStatic::as_str(&column)
                ),
                [joined],
            )
        }
        _ => column.is_in(values.iter().cloned()),
    }
}

/// Resolves the codes of one input to ids, collecting an `unknown` error per field so that
/// the user sees every unknown code at once.
pub struct Resolver<'a, C> {
    db: &'a C,
    codes: &'a Codes,
    errors: FieldErrors,
}

impl<'a, C: ConnectionTrait> Resolver<'a, C> {
    /// A resolver reading from `db` through the unit of work's `codes`.
    pub fn new(db: &'a C, codes: &'a Codes) -> Self {
        Resolver {
            db,
            codes,
            errors: FieldErrors::new(),
        }
    }

    /// The id of the row of `E` with `code`, or `0` with an `unknown` error on `field`.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn id<E: ByCode>(&mut self, field: &str, code: &str) -> Result<i32, AppError> {
        let id = self.codes.id::<E>(self.db, code).await?;
        if id.is_none() {
            self.refuse(field, "unknown");
        }
        Ok(id.unwrap_or(0))
    }

    /// The ids of the rows of the small table `E` (actions) with `codes`, with one `unknown`
    /// error on `field` if any is missing.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the database fails.
    pub async fn ids<E: ByCode>(
        &mut self,
        field: &str,
        codes: &[String],
    ) -> Result<Vec<i32>, AppError> {
        let mut ids = Vec::with_capacity(codes.len());
        for code in codes {
            match self.codes.small_table_id::<E>(self.db, code).await? {
                Some(id) => ids.push(id),
                None => {
                    self.refuse(field, "unknown");
                    break;
                }
            }
        }
        Ok(ids)
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
