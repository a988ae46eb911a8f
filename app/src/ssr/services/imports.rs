//! Spreadsheet imports: a file uploaded by a city coordinator becomes a batch (its cells and
//! the column mapping), previewed by running every row through the forms' own checks in a
//! transaction that writes nothing, and committed by running them again with their writes in
//! one that is kept only if no row is refused and nothing matched has changed since the
//! preview. The batch stays as the record of import #N, with one audit entry beside the
//! field-level history of every record it wrote.

pub mod columns;
pub mod preview_table;
pub mod records;
pub mod run;
pub mod template;

use super::audit::{self, Entry, created_json};
use crate::error::AppError;
use crate::model::auth::Role;
use crate::model::imports::{
    Checking, CommitInput, Counts, FieldLabel, ImportKind, ImportPreview, ImportSummary,
    ImportsPage, MappingInput, Outcome, Policy, RowOutcome, SHOWN_ROWS, SavedMapping,
};
use crate::ssr::access::{Principal, writable_regions};
use crate::ssr::db::{begin_snapshot, begin_write};
use crate::ssr::import_file;
use chrono::Utc;
use entity::{import_batch, import_mapping};
use run::{Sheet, StoredRow};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Imports run one at a time: a commit holds the write transaction (on SQLite the database's
/// one writer) while its rows run, and the next waits here rather than at the database; a
/// preview waits its turn too, so that it never checks rows against a commit half done.
static RUNNING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The kinds of rows the principal may import: a city coordinator every kind (project data
/// into their own regions); the national team organisations, which it keeps; the ministry
/// and admins none.
pub fn importable(principal: &Principal) -> Vec<ImportKind> {
    if !writable_regions(principal).is_empty() {
        ImportKind::ALL.to_vec()
    } else if principal.has(Role::NationalCoordinator) {
        vec![ImportKind::Organisations]
    } else {
        Vec::new()
    }
}

/// The principal's regions (those a mapping is saved for), if they may import `kind`.
///
/// # Errors
/// [`AppError::Forbidden`] for one who may not.
fn importer(principal: &Principal, kind: ImportKind) -> Result<Vec<i32>, AppError> {
    if importable(principal).contains(&kind) {
        Ok(writable_regions(principal))
    } else {
        Err(AppError::Forbidden)
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Internal)
}

fn parsed<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|_| AppError::Internal)
}

/// A file to import, as uploaded.
pub struct Upload<'a> {
    pub kind: ImportKind,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    /// A workbook's sheet by name; the first visible one when `None`.
    pub sheet: Option<&'a str>,
    /// A saved mapping to read the columns with; else they are recognised by heading.
    pub mapping: Option<i32>,
    pub policy: Policy,
}

/// Reads an uploaded file into a new batch whose rows are yet to be checked by [`check`].
///
/// # Errors
/// [`AppError::Forbidden`] for one who may not import; a `file` field error with the
/// file's `import_errors` key; a `mapping` field error for a saved mapping not theirs.
pub async fn start(
    db: &DatabaseConnection,
    principal: &Principal,
    upload: &Upload<'_>,
) -> Result<i32, AppError> {
    let regions = importer(principal, upload.kind)?;
    let data = import_file::read(upload.bytes, upload.sheet)
        .map_err(|e| AppError::field("file", e.message_key()))?;
    let saved = match upload.mapping {
        Some(id) => Some(saved_mapping(db, &regions, upload.kind, id).await?),
        None => None,
    };
    let mapping = columns::auto_map(upload.kind, &data.headings, saved.as_ref());
    let rows: Vec<StoredRow> = data
        .rows
        .iter()
        .map(|r| StoredRow {
            n: r.number,
            c: r.cells.iter().map(import_file::Value::as_input).collect(),
        })
        .collect();
    // Shown on pages and printed: no control, invisible or direction characters.
    let file_name: String = crate::model::text::clean(upload.file_name)
        .chars()
        .filter(|c| crate::model::text::allowed(*c, crate::model::text::TextKind::Line))
        .take(300)
        .collect();
    let batch = import_batch::ActiveModel {
        user_id: Set(principal.user_id),
        kind: Set(upload.kind.code().to_owned()),
        file_name: Set(if file_name.is_empty() {
            "-".into()
        } else {
            file_name
        }),
        sheet: Set(data.sheet.map(|s| s.chars().take(100).collect())),
        policy: Set(upload.policy.code().to_owned()),
        state: Set("previewed".into()),
        headings: Set(json(&data.headings)?),
        cells: Set(json(&rows)?),
        mapping: Set(json(&mapping)?),
        preview: Set("[]".into()),
        rows_new: Set(0),
        rows_changed: Set(0),
        created_at: Set(Utc::now()),
        committed_at: Set(None),
        version: Set(1),
        rows_total: Set(count(rows.len())),
        rows_checked: Set(Some(0)),
        check_error: Set(None),
        ..Default::default()
    };
    forget_old_previews(db, principal).await?;
    let id = import_batch::Entity::insert(batch)
        .exec(db)
        .await?
        .last_insert_id;
    Ok(id)
}

/// Checks the rows of a batch [`start`] made, as its preview, telling how many are checked
/// as it goes (the batch's page shows it), and stores the preview. A check that fails is
/// stored as failed, for the page to say so.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Internal`] when the database fails.
pub async fn check(
    db: &DatabaseConnection,
    principal: &Principal,
    id: i32,
) -> Result<(), AppError> {
    let batch = own_batch(db, principal, id).await?;
    let checked = async {
        let parts = Parts::of(&batch)?;
        let progress = Progress { db, batch: id };
        let rows = dry_run(db, principal, &parts, Some(&progress)).await?;
        store_preview(db, &batch, &parts, &rows).await
    }
    .await;
    if let Err(err) = &checked {
        tracing::error!(batch = id, error = %err, "an import's check failed");
        import_batch::Entity::update_many()
            .col_expr(import_batch::Column::RowsChecked, Expr::value(None::<i32>))
            .col_expr(
                import_batch::Column::CheckError,
                Expr::value("check_failed"),
            )
            .filter(import_batch::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    checked
}

/// Where a check tells how many of a batch's rows it has checked.
pub struct Progress<'a> {
    db: &'a DatabaseConnection,
    batch: i32,
}

impl Progress<'_> {
    /// How often a check tells: a 10 000-row file's progress moves forty times.
    pub const EVERY: usize = 250;

    /// `done` rows are checked. A failure to tell is logged, and the check goes on.
    pub async fn report(&self, done: usize) {
        let told = import_batch::Entity::update_many()
            .col_expr(import_batch::Column::RowsChecked, Expr::value(count(done)))
            .filter(import_batch::Column::Id.eq(self.batch))
            .filter(import_batch::Column::RowsChecked.is_not_null())
            .exec(self.db)
            .await;
        if let Err(err) = told {
            tracing::warn!(batch = self.batch, error = %err, "an import's progress was not stored");
        }
    }
}

/// How long a file previewed but not imported is kept (its cells with it).
const PREVIEW_KEPT_DAYS: i64 = 7;

/// Deletes the user's previews older than [`PREVIEW_KEPT_DAYS`] that were never imported:
/// an imported batch stays as the record of its import.
async fn forget_old_previews(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<(), AppError> {
    import_batch::Entity::delete_many()
        .filter(import_batch::Column::UserId.eq(principal.user_id))
        .filter(import_batch::Column::State.eq("previewed"))
        .filter(
            import_batch::Column::CreatedAt
                .lt(Utc::now() - chrono::Duration::days(PREVIEW_KEPT_DAYS)),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// A saved mapping of one of `regions` for `kind`, as heading → field.
async fn saved_mapping(
    db: &impl ConnectionTrait,
    regions: &[i32],
    kind: ImportKind,
    id: i32,
) -> Result<HashMap<String, String>, AppError> {
    let found = import_mapping::Entity::find_by_id(id)
        .filter(import_mapping::Column::RegionId.is_in(regions.iter().copied()))
        .filter(import_mapping::Column::Kind.eq(kind.code()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("mapping", "unknown"))?;
    parsed(&found.mapping)
}

/// The principal's own batch; anyone else's answers as missing.
async fn own_batch(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<import_batch::Model, AppError> {
    import_batch::Entity::find_by_id(id)
        .filter(import_batch::Column::UserId.eq(principal.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a batch's rows are read with.
struct Parts {
    kind: ImportKind,
    policy: Policy,
    headings: Vec<String>,
    mapping: Vec<Option<String>>,
    rows: Vec<StoredRow>,
}

impl Parts {
    fn of(batch: &import_batch::Model) -> Result<Self, AppError> {
        Ok(Parts {
            rows: parsed(&batch.cells)?,
            ..Self::columns_of(batch)?
        })
    }

    /// The batch's columns without its rows (a page shows the stored preview).
    fn columns_of(batch: &import_batch::Model) -> Result<Self, AppError> {
        Ok(Parts {
            kind: ImportKind::from_code(&batch.kind).ok_or(AppError::Internal)?,
            policy: Policy::from_code(&batch.policy).unwrap_or_default(),
            headings: parsed(&batch.headings)?,
            mapping: parsed(&batch.mapping)?,
            rows: Vec::new(),
        })
    }

    fn sheet(&self) -> Sheet<'_> {
        Sheet {
            kind: self.kind,
            policy: self.policy,
            headings: &self.headings,
            mapping: &self.mapping,
            rows: &self.rows,
        }
    }
}

/// What the rows would do: checked in a transaction that writes nothing and is rolled back.
async fn dry_run(
    db: &DatabaseConnection,
    principal: &Principal,
    parts: &Parts,
    progress: Option<&Progress<'_>>,
) -> Result<Vec<RowOutcome>, AppError> {
    let _turn = RUNNING.acquire().await.map_err(|_| AppError::Internal)?;
    // It only reads: other users' saves go on while a preview runs.
    let txn = begin_snapshot(db).await?;
    let rows = run::run_in(&txn, principal, &parts.sheet(), None, progress).await?;
    txn.rollback().await?;
    Ok(rows)
}

/// An update of the batch if it is still previewed at the version it was read at, raising
/// its version: nothing is updated for a batch committed or previewed again meanwhile.
fn update_previewed(batch: &import_batch::Model) -> sea_orm::UpdateMany<import_batch::Entity> {
    import_batch::Entity::update_many()
        .col_expr(
            import_batch::Column::Version,
            Expr::col(import_batch::Column::Version).add(1),
        )
        .filter(import_batch::Column::Id.eq(batch.id))
        .filter(import_batch::Column::Version.eq(batch.version))
        .filter(import_batch::Column::State.eq("previewed"))
}

/// Stores a preview's rows with the mapping and policy they were read with, if the batch is
/// still previewed at `version`, and raises the version so an older page cannot commit
/// what it did not show.
///
/// # Errors
/// [`AppError::Conflict`] when the batch was committed or previewed again meanwhile.
async fn store_preview(
    db: &impl ConnectionTrait,
    batch: &import_batch::Model,
    parts: &Parts,
    rows: &[RowOutcome],
) -> Result<(), AppError> {
    let stored = update_previewed(batch)
        .col_expr(import_batch::Column::Preview, Expr::value(json(&rows)?))
        .col_expr(
            import_batch::Column::Mapping,
            Expr::value(json(&parts.mapping)?),
        )
        .col_expr(
            import_batch::Column::Policy,
            Expr::value(parts.policy.code()),
        )
        .col_expr(import_batch::Column::RowsChecked, Expr::value(None::<i32>))
        .col_expr(
            import_batch::Column::CheckError,
            Expr::value(None::<String>),
        )
        .exec(db)
        .await?;
    if stored.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// How long after its upload an unfinished check is taken to have stopped: a check of the
/// largest file takes seconds, and one whose server restarted never finishes.
const CHECK_STALLS_MINUTES: i64 = 15;

/// The batch as its page shows it.
///
/// # Errors
/// [`AppError::NotFound`] for another user's batch.
pub async fn preview(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
    locale: crate::i18n::Locale,
) -> Result<ImportPreview, AppError> {
    preview_of(db, principal, id, locale, SHOWN_ROWS).await
}

/// The batch's preview with every row that does something (not only the first
/// [`SHOWN_ROWS`]): what its rows download holds.
///
/// # Errors
/// [`AppError::NotFound`] for another user's batch.
pub async fn preview_whole(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
    locale: crate::i18n::Locale,
) -> Result<ImportPreview, AppError> {
    preview_of(db, principal, id, locale, usize::MAX).await
}

async fn preview_of(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
    locale: crate::i18n::Locale,
    shown: usize,
) -> Result<ImportPreview, AppError> {
    let batch = own_batch(db, principal, id).await?;
    let parts = Parts::columns_of(&batch)?;
    let rows: Vec<RowOutcome> = parsed(&batch.preview)?;
    let counts = Counts::of(&rows);
    let (refused, rest): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .filter(|r| r.outcome != Outcome::Unchanged)
        .partition(|r| matches!(r.outcome, Outcome::Refused(_)));
    Ok(ImportPreview {
        id: batch.id,
        version: batch.version,
        kind: parts.kind,
        file_name: batch.file_name,
        sheet: batch.sheet,
        policy: parts.policy,
        committed: batch.state == "committed",
        created_at: batch.created_at.to_rfc3339(),
        columns: columns::column_maps(&parts.headings, &parts.mapping),
        labels: parts
            .kind
            .fields()
            .iter()
            .map(|f| FieldLabel {
                code: f.code.to_owned(),
                label: columns::heading(locale, f.code),
            })
            .collect(),
        missing: columns::missing(parts.kind, &parts.mapping),
        counts,
        checking: batch.rows_checked.map(|checked| Checking {
            checked: usize::try_from(checked).unwrap_or(0),
            total: usize::try_from(batch.rows_total).unwrap_or(0),
            stalled: Utc::now() - batch.created_at
                > chrono::Duration::minutes(CHECK_STALLS_MINUTES),
        }),
        check_error: batch.check_error.clone(),
        may_save_mapping: !writable_regions(principal).is_empty(),
        rows: refused.into_iter().chain(rest).take(shown).collect(),
    })
}

/// Reads the batch's columns with another mapping and policy, optionally saving the
/// mapping under a name for the user's region, and previews it again.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] for a committed batch or one previewed
/// since the page was shown; `fields`, `policy` and `save_as` field errors.
pub async fn remap(
    db: &DatabaseConnection,
    principal: &Principal,
    input: &MappingInput,
) -> Result<(), AppError> {
    if importable(principal).is_empty() {
        return Err(AppError::Forbidden);
    }
    let batch = own_batch(db, principal, input.id).await?;
    // Committed, previewed again since the page was shown, or still being checked.
    if batch.state == "committed" || batch.version != input.version || batch.rows_checked.is_some()
    {
        return Err(AppError::Conflict);
    }
    let mut parts = Parts::of(&batch)?;
    let regions = importer(principal, parts.kind)?;
    parts.mapping = columns::checked_mapping(parts.kind, parts.headings.len(), &input.fields)?;
    parts.policy =
        Policy::from_code(&input.policy).ok_or_else(|| AppError::field("policy", "invalid"))?;
    let name = crate::model::text::clean(&input.save_as);
    if let Some(key) = crate::model::text::problem(&name, crate::model::text::TextKind::Line, 100) {
        return Err(AppError::field("save_as", key));
    }
    if !name.is_empty() {
        // Mappings are kept for a region: one with none (the national team) saves none.
        let region = *regions
            .first()
            .ok_or_else(|| AppError::field("save_as", "not_yours"))?;
        let (kind, headings, mapping) = (parts.kind, &parts.headings, &parts.mapping);
        save_mapping(db, principal, region, kind, &name, headings, mapping).await?;
    }
    let rows = dry_run(db, principal, &parts, None).await?;
    store_preview(db, &batch, &parts, &rows).await
}

/// Saves (or replaces) the region's mapping of that name, audited.
async fn save_mapping(
    db: &DatabaseConnection,
    principal: &Principal,
    region_id: i32,
    kind: ImportKind,
    name: &str,
    headings: &[String],
    mapping: &[Option<String>],
) -> Result<(), AppError> {
    let by_heading: HashMap<&String, &String> = headings
        .iter()
        .zip(mapping)
        .filter_map(|(h, m)| Some((h, m.as_ref()?)))
        .collect();
    let text = json(&by_heading)?;
    crate::ssr::services::versioned::in_transaction(db, async |txn| {
        import_mapping::Entity::delete_many()
            .filter(import_mapping::Column::RegionId.eq(region_id))
            .filter(import_mapping::Column::Kind.eq(kind.code()))
            .filter(import_mapping::Column::Name.eq(name))
            .exec(txn)
            .await?;
        let id = import_mapping::Entity::insert(import_mapping::ActiveModel {
            region_id: Set(region_id),
            kind: Set(kind.code().to_owned()),
            name: Set(name.to_owned()),
            mapping: Set(text.clone()),
            created_by: Set(principal.user_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(txn)
        .await
        .map_err(AppError::unique_as("save_as", "duplicate"))?
        .last_insert_id;
        let entry = Entry::new("create", "import_mapping", Some(id.to_string()))
            .by(Some(principal.user_id))
            .changes(created_json(&[
                ("name", name.to_owned()),
                ("kind", kind.code().to_owned()),
                ("mapping", text.clone()),
            ]));
        audit::record(txn, entry).await
    })
    .await
}

/// Commits a previewed batch: every row again in one transaction, kept only when no row is
/// refused and every matched record is as the preview saw it. Otherwise nothing is written
/// and the batch's preview shows the rows to look at again.
///
/// # Errors
/// [`AppError::NotFound`]; [`AppError::Conflict`] for a batch committed already or
/// previewed again since the page was shown; a `rows` field error (`import_rows_refused`)
/// when a row is refused or changed since the preview.
pub async fn commit(
    db: &DatabaseConnection,
    principal: &Principal,
    input: &CommitInput,
) -> Result<Counts, AppError> {
    if importable(principal).is_empty() {
        return Err(AppError::Forbidden);
    }
    let batch = own_batch(db, principal, input.id).await?;
    // Committed, previewed again since the page was shown, or still being checked.
    if batch.state == "committed" || batch.version != input.version || batch.rows_checked.is_some()
    {
        return Err(AppError::Conflict);
    }
    let parts = Parts::of(&batch)?;
    importer(principal, parts.kind)?;
    let expected: Vec<RowOutcome> = parsed(&batch.preview)?;
    // Only what a preview showed, every row of it and none refused, is committed.
    if expected.len() != parts.rows.len() || Counts::of(&expected).refused > 0 {
        return Err(AppError::Conflict);
    }
    let _turn = RUNNING.acquire().await.map_err(|_| AppError::Internal)?;
    // A second commit of the same batch (a double click) waited for the first: it stops here.
    let now_stored = own_batch(db, principal, input.id).await?;
    if now_stored.state == "committed" || now_stored.version != batch.version {
        return Err(AppError::Conflict);
    }
    let txn = begin_write(db).await?;
    let rows = run::run_in(&txn, principal, &parts.sheet(), Some(&expected), None).await?;
    let counts = Counts::of(&rows);
    if counts.refused > 0 {
        txn.rollback().await?;
        store_preview(db, &batch, &parts, &rows).await?;
        return Err(AppError::field("rows", "import_rows_refused"));
    }
    let now = Utc::now();
    let done = update_previewed(&batch)
        .col_expr(import_batch::Column::State, Expr::value("committed"))
        .col_expr(import_batch::Column::Preview, Expr::value(json(&rows)?))
        .col_expr(
            import_batch::Column::RowsNew,
            Expr::value(count(counts.new)),
        )
        .col_expr(
            import_batch::Column::RowsChanged,
            Expr::value(count(counts.changed)),
        )
        .col_expr(import_batch::Column::CommittedAt, Expr::value(now))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        txn.rollback().await?;
        return Err(AppError::Conflict);
    }
    let entry = Entry::new("import", "import_batch", Some(batch.id.to_string()))
        .by(Some(principal.user_id))
        .at(now)
        .changes(created_json(&[
            ("file_name", batch.file_name.clone()),
            ("kind", parts.kind.code().to_owned()),
            ("rows_new", counts.new.to_string()),
            ("rows_changed", counts.changed.to_string()),
        ]));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    crate::ssr::metrics::count("innocities_imports_total", &[("kind", parts.kind.code())]);
    Ok(counts)
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// An earlier import as the list reads it.
type Listed = (
    i32,
    String,
    String,
    String,
    chrono::DateTime<Utc>,
    i32,
    i32,
    Option<i32>,
);

/// The imports page: whether the user may import, their region's saved mappings and their
/// latest imports.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn page(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<ImportsPage, AppError> {
    let regions = writable_regions(principal);
    let mappings = import_mapping::Entity::find()
        .filter(import_mapping::Column::RegionId.is_in(regions.iter().copied()))
        .order_by_asc(import_mapping::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| {
            Some(SavedMapping {
                id: m.id,
                kind: ImportKind::from_code(&m.kind)?,
                name: m.name,
            })
        })
        .collect();
    let imports = import_batch::Entity::find()
        .select_only()
        .columns([
            import_batch::Column::Id,
            import_batch::Column::Kind,
            import_batch::Column::FileName,
            import_batch::Column::State,
            import_batch::Column::CreatedAt,
            import_batch::Column::RowsNew,
            import_batch::Column::RowsChanged,
            import_batch::Column::RowsChecked,
        ])
        .filter(import_batch::Column::UserId.eq(principal.user_id))
        .order_by_desc(import_batch::Column::Id)
        .limit(20)
        .into_tuple::<Listed>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(
            |(id, kind, file_name, state, at, rows_new, rows_changed, checked)| {
                Some(ImportSummary {
                    id,
                    kind: ImportKind::from_code(&kind)?,
                    file_name,
                    committed: state == "committed",
                    checking: checked.is_some(),
                    created_at: at.to_rfc3339(),
                    rows_new,
                    rows_changed,
                })
            },
        )
        .collect();
    Ok(ImportsPage {
        kinds: importable(principal),
        mappings,
        imports,
    })
}
