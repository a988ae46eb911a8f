//! A spreadsheet file as it is uploaded, read into rows of cells: the boundary where an
//! import's bytes become values. XLSX (`workbook.rs`: the first visible sheet or a chosen
//! one) and CSV (`csv_text.rs`: comma or semicolon, UTF-8 with or without a byte-order
//! mark). Whatever the bytes, reading answers rows or a [`FileError`] with a clear reason;
//! it never panics. The rows' cells are then parsed by the same rules as a form's fields
//! ([`Value::as_input`] gives the text a form would have posted).

mod csv_text;
#[cfg(test)]
mod tests;
mod workbook;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The largest file read (bytes as uploaded).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most data rows a file may hold.
pub const MAX_ROWS: usize = 20_000;
/// The most columns a row may have.
pub const MAX_COLUMNS: usize = 200;

/// One cell as the file holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Empty,
    Text(String),
    /// A number cell of a workbook (CSV cells are text; a form's parser reads their
    /// notation, `1 234,50` or `1234.50`).
    Number(Decimal),
    /// A date cell of a workbook.
    Date(NaiveDate),
}

impl Value {
    /// The cell as a form field would hold it: text trimmed, a number in plain notation
    /// (`1234.5`), a date as `YYYY-MM-DD`, nothing for an empty cell.
    pub fn as_input(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(text) => text.trim().to_owned(),
            Value::Number(number) => number.normalize().to_string(),
            Value::Date(date) => date.to_string(),
        }
    }
}

/// One data row, with its number as the user sees it in the file (the heading row is 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Value>,
}

/// A sheet read: its name (a CSV file has none), headings and data rows. Wholly empty rows
/// are left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetData {
    pub sheet: Option<String>,
    pub headings: Vec<String>,
    pub rows: Vec<Row>,
}

/// Why a file cannot be read; each has a message key for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge,
    #[error("the file holds more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("a row has more than {MAX_COLUMNS} columns")]
    TooManyColumns,
    #[error("the file has no heading row")]
    Empty,
    #[error("the text is not UTF-8")]
    NotUtf8,
    #[error("the file is neither an XLSX workbook nor CSV text")]
    NotASpreadsheet,
    #[error("the workbook is protected with a password")]
    Encrypted,
    #[error("the workbook unpacks to more than it may")]
    Unpacked,
    #[error("no sheet named {0}")]
    NoSuchSheet(String),
    #[error("the sheet {0} is hidden")]
    HiddenSheet(String),
    #[error("cells {0} are merged")]
    MergedCells(String),
    #[error("row {row} cannot be read as CSV")]
    BadCsvRow { row: usize },
}

impl FileError {
    /// The key of the message shown to the user (`import_errors.*`).
    pub fn message_key(&self) -> &'static str {
        match self {
            FileError::TooLarge => "file_too_large",
            FileError::TooManyRows => "too_many_rows",
            FileError::TooManyColumns => "too_many_columns",
            FileError::Empty => "file_empty",
            FileError::NotUtf8 => "not_utf8",
            FileError::NotASpreadsheet => "not_a_spreadsheet",
            FileError::Encrypted => "encrypted",
            FileError::Unpacked => "unpacks_too_large",
            FileError::NoSuchSheet(_) => "no_such_sheet",
            FileError::HiddenSheet(_) => "hidden_sheet",
            FileError::MergedCells(_) => "merged_cells",
            FileError::BadCsvRow { .. } => "bad_csv_row",
        }
    }
}

/// Reads an uploaded file: a workbook when its bytes are one (a zip, or the container of a
/// password-protected one), else CSV text. `sheet` chooses a workbook's sheet by name.
///
/// # Errors
/// A [`FileError`] saying what is wrong with the file.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<SheetData, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    let data = if workbook::is_workbook(bytes) {
        workbook::read(bytes, sheet)?
    } else {
        csv_text::read(bytes)?
    };
    if data.rows.len() > MAX_ROWS {
        return Err(FileError::TooManyRows);
    }
    Ok(data)
}

/// Headings and data rows from a sheet's rows, each with its number in the file: the first
/// non-empty row holds the headings.
fn sheet_of(
    sheet: Option<String>,
    rows: impl Iterator<Item = (usize, Vec<Value>)>,
) -> Result<SheetData, FileError> {
    let mut rows = rows.filter(|(_, cells)| cells.iter().any(|c| *c != Value::Empty));
    let (_, heading_cells) = rows.next().ok_or(FileError::Empty)?;
    if heading_cells.len() > MAX_COLUMNS {
        return Err(FileError::TooManyColumns);
    }
    let headings = heading_cells.iter().map(Value::as_input).collect();
    let mut data = Vec::new();
    for (number, cells) in rows {
        if data.len() == MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        if cells.len() > MAX_COLUMNS {
            return Err(FileError::TooManyColumns);
        }
        data.push(Row { number, cells });
    }
    Ok(SheetData {
        sheet,
        headings,
        rows: data,
    })
}
