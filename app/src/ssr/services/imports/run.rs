//! An import's rows run through the forms' own saves in one transaction: a row is matched by
//! its key, compared with what is stored, checked by its form's `prepare_` function (parse,
//! access, unique code) and, at commit, written by its `write_` function (version check,
//! audit). Checks only read, so a refused check leaves nothing behind: a preview finds every
//! row's refusal in one pass, and a commit stops writing at its first refusal but goes on
//! checking; the caller commits the transaction only when nothing was refused. The rows
//! share one unit of work: the records and organisations the file names are read in a few
//! queries before the rows run, each reference code is read once, and each package's totals
//! are brought up to date once at the end.

mod lines;
mod rows;

use super::columns::RowCells;
use crate::error::{AppError, FieldErrors};
use crate::model::BusinessId;
use crate::model::imports::{CellError, ImportKind, Matched, Outcome, Policy, RowOutcome};
use crate::model::register::{ProjectInput, SubprojectInput};
use crate::model::reporting::Indicator;
use crate::ssr::access::Principal;
use crate::ssr::services::project_form::inputs_of;
use crate::ssr::services::reporting::report_save::Stored;
use crate::ssr::services::reporting::{self, targets::Latest};
use crate::ssr::services::subprojects;
use crate::ssr::services::unit::Unit;
use entity::{organisation, project, reporting_period, subproject};
use sea_orm::{DatabaseTransaction, EntityTrait};
use std::collections::{HashMap, HashSet};

/// A data row as stored with its import: its number in the file and its cells as text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredRow {
    pub n: usize,
    pub c: Vec<String>,
}

/// What the rows of a file are read with.
pub struct Sheet<'a> {
    pub kind: ImportKind,
    pub policy: Policy,
    pub headings: &'a [String],
    pub mapping: &'a [Option<String>],
    pub rows: &'a [StoredRow],
}

/// Runs every row in `txn`, telling `progress` how many are done as it goes: without
/// `expected` a preview, which checks each row as its
/// form's save would and writes nothing; with `expected` (the preview's rows) a commit, which
/// writes each row after its checks. At commit a row whose match is not what the preview saw
/// (created, changed or removed since) is refused as `changed_since_preview`, and a row whose
/// write is refused ends the run: the caller rolls back, and the rows not run keep what the
/// preview said of them.
///
/// # Errors
/// [`AppError::Internal`] when the database fails; a row's refusal is its outcome.
pub async fn run_in(
    txn: &DatabaseTransaction,
    principal: &Principal,
    sheet: &Sheet<'_>,
    expected: Option<&[RowOutcome]>,
    progress: Option<&super::Progress<'_>>,
) -> Result<Vec<RowOutcome>, AppError> {
    let unit = Unit::many();
    let known = Known::read(txn, &unit, sheet).await?;
    let run = Run {
        txn,
        unit: &unit,
        principal,
        policy: sheet.policy,
        known: &known,
        reports: Default::default(),
    };
    let key_field = sheet.kind.key_field();
    let mut keys = HashSet::new();
    let mut out = Vec::with_capacity(sheet.rows.len());
    // A commit writes until a row is refused; the rows after it are only checked, so the
    // user sees every refusal, and the caller rolls the transaction back.
    let mut write = expected.is_some();
    for (i, row) in sheet.rows.iter().enumerate() {
        if let Some(progress) = progress
            && i > 0
            && i % super::Progress::EVERY == 0
        {
            progress.report(i).await;
        }
        let cells = RowCells {
            cells: &row.c,
            mapping: sheet.mapping,
            headings: sheet.headings,
        };
        let (key, whole) = row_key(sheet.kind, &cells);
        let seen = expected.map(|e| e.get(i).and_then(|e| e.matched));
        let (outcome, matched) = if whole && !keys.insert(key.clone()) {
            let duplicate = AppError::field(key_field, "duplicate_in_file");
            (refused(duplicate, &cells, key_field)?, None)
        } else {
            match run.row(sheet.kind, &cells, (i, write), seen).await {
                Ok(done) => done,
                Err(Refusal::Checked(err)) => (refused(err, &cells, key_field)?, None),
                Err(Refusal::Written(err)) => {
                    // A refused statement may leave the transaction unusable (PostgreSQL):
                    // the run ends, and the rows not run keep what the preview said.
                    out.push(RowOutcome {
                        number: row.n,
                        key,
                        outcome: refused(err, &cells, key_field)?,
                        matched: None,
                    });
                    out.extend(expected.into_iter().flatten().skip(i + 1).cloned());
                    return Ok(out);
                }
            }
        };
        if matches!(outcome, Outcome::Refused(_)) {
            write = false;
        }
        out.push(RowOutcome {
            number: row.n,
            key,
            outcome,
            matched,
        });
    }
    if write {
        if let Err((i, err)) = run.save_reports().await {
            let row = &sheet.rows[i];
            let cells = RowCells {
                cells: &row.c,
                mapping: sheet.mapping,
                headings: sheet.headings,
            };
            out[i].outcome = refused(err, &cells, key_field)?;
            out[i].matched = None;
            return Ok(out);
        }
        unit.finish(txn).await?;
    }
    Ok(out)
}

/// A row's key as records are matched by (its parts joined by " · "): a Business ID in its
/// standard form (a row that writes it otherwise still names the same organisation), a code
/// as typed; and whether every part of it is there (only then can two rows be the same).
fn row_key(kind: ImportKind, cells: &RowCells<'_>) -> (String, bool) {
    let parts: Vec<String> = kind
        .key_parts()
        .iter()
        .map(|field| {
            let part = crate::model::text::clean(&cells.get(field));
            match kind {
                ImportKind::Organisations => {
                    BusinessId::parse(&part).map_or(part, |bid| bid.to_string())
                }
                _ => part,
            }
        })
        .collect();
    let whole = parts.iter().all(|p| !p.is_empty());
    let shown: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (shown.join(" · "), whole)
}

/// The stored packages, subprojects and organisations the file's keys name, read once before the rows
/// run (into the unit's codes too, so a new row's code is known free without a query). A
/// code twice in the file is refused, so a record the run creates is never looked up again.
struct Known {
    packages: HashMap<String, project::Model>,
    subprojects: HashMap<String, subproject::Model>,
    organisations: HashMap<String, organisation::Model>,
    /// Every period and indicator by code, for value and target rows.
    periods: HashMap<String, reporting_period::Model>,
    indicators: HashMap<String, Indicator>,
    /// The latest target of each (subproject, indicator) the file's subprojects have.
    targets: HashMap<(i32, i32), Latest>,
    /// The reports of the file's subprojects, for value rows.
    reports: Stored,
    /// The forms of the records the rows match, by id, to compare each row with.
    package_forms: HashMap<i32, ProjectInput>,
    subproject_forms: HashMap<i32, SubprojectInput>,
}

impl Known {
    /// Reads the records the file's codes name, and the organisations its Business IDs name
    /// into the unit's codes. A code that could not be stored is not asked for (its row is
    /// refused when it runs).
    async fn read(
        txn: &DatabaseTransaction,
        unit: &Unit,
        sheet: &Sheet<'_>,
    ) -> Result<Self, AppError> {
        let codes = |field: &str| -> Vec<String> {
            let mut codes: Vec<String> = sheet
                .rows
                .iter()
                .map(|row| {
                    let cells = RowCells {
                        cells: &row.c,
                        mapping: sheet.mapping,
                        headings: sheet.headings,
                    };
                    crate::model::text::clean(&cells.get(field))
                })
                .filter(|code| !code.is_empty() && crate::model::text::line(code).is_ok())
                .collect();
            codes.sort();
            codes.dedup();
            codes
        };
        let (package_field, organisation_field) = match sheet.kind {
            ImportKind::Packages => (Some("code"), Some("lead_organisation")),
            ImportKind::Subprojects => (Some("package"), Some("organisation")),
            ImportKind::Organisations => (None, Some("business_id")),
            ImportKind::IndicatorValues | ImportKind::Targets => (None, None),
        };
        let business_ids: Vec<String> = organisation_field
            .map(codes)
            .unwrap_or_default()
            .iter()
            .filter_map(|bid| BusinessId::parse(bid).ok())
            .map(|bid| bid.to_string())
            .collect();
        let organisations = unit
            .codes()
            .read_ahead::<organisation::Entity>(txn, &business_ids)
            .await?;
        let packages = match package_field {
            Some(field) => {
                unit.codes()
                    .read_ahead::<project::Entity>(txn, &codes(field))
                    .await?
            }
            None => Vec::new(),
        };
        unit.know_packages(&packages);
        let subprojects = match sheet.kind {
            ImportKind::Subprojects => {
                unit.codes()
                    .read_ahead::<subproject::Entity>(txn, &codes("code"))
                    .await?
            }
            ImportKind::IndicatorValues | ImportKind::Targets => {
                unit.codes()
                    .read_ahead::<subproject::Entity>(txn, &codes("subproject"))
                    .await?
            }
            ImportKind::Packages | ImportKind::Organisations => Vec::new(),
        };
        let lines = matches!(
            sheet.kind,
            ImportKind::IndicatorValues | ImportKind::Targets
        );
        let (periods, indicators) = if lines {
            let periods = reporting_period::Entity::find().all(txn).await?;
            let indicators = reporting::indicators::all(txn).await?;
            (
                periods.into_iter().map(|p| (p.code.clone(), p)).collect(),
                indicators
                    .into_iter()
                    .map(|i| (i.code.clone(), i))
                    .collect(),
            )
        } else {
            (HashMap::new(), HashMap::new())
        };
        let sub_ids: Vec<i32> = subprojects.iter().map(|s| s.id).collect();
        let targets = if sheet.kind == ImportKind::Targets {
            reporting::targets::latest_of(txn, &sub_ids).await?
        } else {
            HashMap::new()
        };
        let reports = if sheet.kind == ImportKind::IndicatorValues {
            Stored::of(txn, &sub_ids).await?
        } else {
            Stored::default()
        };
        let (package_forms, subproject_forms) = match sheet.kind {
            ImportKind::Organisations | ImportKind::IndicatorValues | ImportKind::Targets => {
                (HashMap::new(), HashMap::new())
            }
            ImportKind::Packages => (
                inputs_of(txn, unit.codes(), &packages).await?,
                HashMap::new(),
            ),
            ImportKind::Subprojects => (
                HashMap::new(),
                subprojects::subproject_inputs(txn, unit.codes(), &subprojects).await?,
            ),
        };
        let known = Known {
            periods,
            indicators,
            targets,
            reports,
            package_forms,
            subproject_forms,
            packages: packages.into_iter().map(|p| (p.code.clone(), p)).collect(),
            subprojects: subprojects
                .into_iter()
                .map(|s| (s.code.clone(), s))
                .collect(),
            organisations: organisations
                .into_iter()
                .map(|o| (o.business_id.clone(), o))
                .collect(),
        };
        Ok(known)
    }
}

/// Why a row did not run: refused by its checks (nothing of it written), or by its write
/// (the transaction may be unusable, so the run stops).
enum Refusal {
    Checked(AppError),
    Written(AppError),
}

impl From<AppError> for Refusal {
    fn from(err: AppError) -> Self {
        Refusal::Checked(err)
    }
}

/// What every row of one run shares.
struct Run<'a> {
    txn: &'a DatabaseTransaction,
    unit: &'a Unit,
    principal: &'a Principal,
    policy: Policy,
    known: &'a Known,
    reports: std::sync::Mutex<lines::Reports>,
}

type Done = (Outcome, Option<Matched>);

/// One row as it runs.
struct Row<'r, 'c> {
    cells: &'r RowCells<'c>,
    /// The row's place among the file's rows.
    index: usize,
    write: bool,
    seen: Option<Option<Matched>>,
    key_field: &'static str,
}

impl Row<'_, '_> {
    /// `matched` if it is what the preview saw (or this is a preview).
    fn as_seen(&self, matched: Option<Matched>) -> Result<Option<Matched>, AppError> {
        match self.seen {
            Some(seen) if seen != matched => {
                Err(AppError::field(self.key_field, "changed_since_preview"))
            }
            _ => Ok(matched),
        }
    }
}

impl Run<'_> {
    /// One row: matched, compared, checked and, with `write`, written when it adds or
    /// changes something. With `seen` (at commit: what the preview matched), a row whose
    /// match is not what the preview saw (created, changed or removed since) is refused as
    /// `changed_since_preview` before anything of it is written.
    async fn row(
        &self,
        kind: ImportKind,
        cells: &RowCells<'_>,
        (index, write): (usize, bool),
        seen: Option<Option<Matched>>,
    ) -> Result<Done, Refusal> {
        let row = Row {
            cells,
            index,
            write,
            seen,
            key_field: kind.key_field(),
        };
        match kind {
            ImportKind::Packages => self.package(&row).await,
            ImportKind::Subprojects => self.subproject(&row).await,
            ImportKind::Organisations => self.organisation(&row).await,
            ImportKind::IndicatorValues => self.indicator_value(&row).await,
            ImportKind::Targets => self.target(&row).await,
        }
    }
}

/// A refusal of a row's save as its errors by column; a failure of the database stays one.
fn refused(err: AppError, cells: &RowCells<'_>, key_field: &str) -> Result<Outcome, AppError> {
    let errors: FieldErrors = match err {
        AppError::Validation(errors) => errors,
        AppError::NotFound | AppError::Forbidden => {
            FieldErrors::from([(key_field.to_owned(), vec!["not_yours".to_owned()])])
        }
        AppError::EditConflict(_) | AppError::Conflict => FieldErrors::from([(
            key_field.to_owned(),
            vec!["changed_since_preview".to_owned()],
        )]),
        other => return Err(other),
    };
    Ok(Outcome::Refused(
        errors
            .into_iter()
            .flat_map(|(field, keys)| {
                let column = cells.column(&field);
                keys.into_iter().map(move |key| CellError {
                    field: field.clone(),
                    column: column.clone(),
                    key,
                })
            })
            .collect(),
    ))
}
