//! `server import --kind … --file … --as EMAIL [--dry-run]`: the imports page on the command
//! line. The file becomes an import batch of that user, exactly as an upload does; the
//! preview is printed as a table, and without `--dry-run` the rows are committed, all or
//! none.

use crate::cli::{DatabaseArgs, ImportArgs, KindArg};
use anyhow::{Context, bail};
use app::i18n::Locale;
use app::model::imports::{CommitInput, ImportKind, ImportPreview, Outcome, Policy};
use app::ssr::services::imports::{self, Upload};
use app::ssr::services::users;
use sea_orm::DatabaseConnection;
use std::io::Write;

/// `import`.
///
/// # Errors
/// The file cannot be read, the user is unknown or may not import, a row is refused, or
/// the database fails.
pub async fn run(database: &DatabaseArgs, args: ImportArgs) -> anyhow::Result<()> {
    let db = crate::commands::connect_and_migrate(database).await?;
    import(&db, &args, &mut std::io::stdout()).await
}

/// Imports as [`run`] does on an open database, printing to `out`.
///
/// # Errors
/// As [`run`].
pub async fn import(
    db: &DatabaseConnection,
    args: &ImportArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let principal = users::principal_by_email(db, &args.as_user)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .with_context(|| format!("no active user {}", args.as_user))?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let upload = Upload {
        kind: match args.kind {
            KindArg::Packages => ImportKind::Packages,
            KindArg::Subprojects => ImportKind::Subprojects,
            KindArg::Organisations => ImportKind::Organisations,
            KindArg::IndicatorValues => ImportKind::IndicatorValues,
            KindArg::Targets => ImportKind::Targets,
        },
        file_name: &file_name,
        bytes: &bytes,
        sheet: args.sheet.as_deref(),
        mapping: None,
        policy: if args.add_only {
            Policy::AddOnly
        } else {
            Policy::Update
        },
    };
    let id = imports::start(db, &principal, &upload)
        .await
        .map_err(|e| anyhow::anyhow!("the file was not taken: {}", refusal(&e)))?;
    imports::check(db, &principal, id)
        .await
        .map_err(|e| anyhow::anyhow!("the rows could not be checked: {e}"))?;
    let preview = imports::preview(db, &principal, id, Locale::en)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    print_preview(&preview, out)?;
    if args.dry_run {
        writeln!(out, "dry run: nothing was written")?;
        return Ok(());
    }
    if preview.counts.refused > 0 {
        bail!(
            "nothing was imported: {} rows are refused",
            preview.counts.refused
        );
    }
    let input = CommitInput {
        id,
        version: preview.version,
    };
    let counts = imports::commit(db, &principal, &input)
        .await
        .map_err(|e| anyhow::anyhow!("nothing was imported: {}", refusal(&e)))?;
    writeln!(
        out,
        "import #{id} committed: {} new, {} changed",
        counts.new, counts.changed
    )?;
    Ok(())
}

/// A refusal's message keys, or its name.
fn refusal(err: &app::error::AppError) -> String {
    match err {
        app::error::AppError::Validation(errors) => errors
            .iter()
            .map(|(field, keys)| format!("{field}: {}", keys.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The preview as a plain table: the counts, then a line per row that does something.
fn print_preview(preview: &ImportPreview, out: &mut impl Write) -> std::io::Result<()> {
    let c = preview.counts;
    writeln!(
        out,
        "import #{} of {}: {} new, {} changed, {} unchanged, {} left as they are, {} refused",
        preview.id, preview.file_name, c.new, c.changed, c.unchanged, c.skipped, c.refused
    )?;
    if !preview.missing.is_empty() {
        writeln!(out, "no column gives: {}", preview.missing.join(", "))?;
    }
    writeln!(
        out,
        "{:>6}  {:<20}  {:<9}  details",
        "row", "code", "result"
    )?;
    for row in &preview.rows {
        let (result, details) = match &row.outcome {
            Outcome::New => ("new", String::new()),
            Outcome::Changed(changes) => (
                "changed",
                changes
                    .iter()
                    .map(|c| format!("{}: {} -> {}", c.field, c.old, c.new))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Outcome::Unchanged => ("unchanged", String::new()),
            Outcome::Skipped => ("left", String::new()),
            Outcome::Refused(errors) => (
                "refused",
                errors
                    .iter()
                    .map(|e| {
                        format!(
                            "{}: {}",
                            e.column.as_deref().unwrap_or(e.field.as_str()),
                            e.key
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        writeln!(
            out,
            "{:>6}  {:<20}  {:<9}  {details}",
            row.number, row.key, result
        )?;
    }
    Ok(())
}
