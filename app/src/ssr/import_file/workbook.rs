//! XLSX workbooks (calamine). The sheet read is the one named, or the first visible one; a
//! hidden sheet is never read unasked. A formula's cell holds the value Excel calculated and
//! saved with it, and that is what is read. Merged cells are refused, naming them: they
//! leave all but one cell of the area empty, which would be read as missing values.
//!
//! Before anything is unpacked, the sizes the zip declares are checked: a small file that
//! would unpack to gigabytes (a zip bomb) is refused at once.

use super::{FileError, SheetData, Value, sheet_of};
use calamine::{Data, Reader, SheetVisible, Xlsx, XlsxError};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::str::FromStr;

/// The most a workbook may unpack to, all parts together.
const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// A zip (`PK`), or the compound file a password-protected workbook is wrapped in.
pub(super) fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

pub(super) fn read(bytes: &[u8], chosen: Option<&str>) -> Result<SheetData, FileError> {
    if bytes.starts_with(b"PK") {
        check_unpacked_size(bytes, MAX_UNPACKED_BYTES)?;
    }
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|err| match err {
        XlsxError::Password => FileError::Encrypted,
        _ => FileError::NotASpreadsheet,
    })?;
    let name = sheet_name(&workbook, chosen)?;
    let merged = workbook
        .merge_cells_by_sheet_name(&name)
        .map_err(|_| FileError::NotASpreadsheet)?;
    if let Some(area) = merged.first() {
        return Err(FileError::MergedCells(format!(
            "{}:{}",
            cell_name(area.start),
            cell_name(area.end)
        )));
    }
    let rows = used_rows(&mut workbook, &name)?;
    sheet_of(Some(name), rows.into_iter())
}

/// The most text a cell may hold (Excel's own limit is 32 767 characters).
const MAX_CELL_BYTES: usize = 4 * 32_767;
/// The most text the cells of a sheet may hold together.
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The sheet's non-empty rows, each with its number in the file and its cells from the
/// sheet's first used column. Read cell by cell, checking the limits as it goes: a sheet's
/// used range may claim a million rows by a single far cell, which must not be allocated.
fn used_rows(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<(usize, Vec<Value>)>, FileError> {
    let mut cells = workbook
        .worksheet_cells_reader(name)
        .map_err(|_| FileError::NotASpreadsheet)?;
    let mut rows: BTreeMap<u32, Vec<(u32, Value)>> = BTreeMap::new();
    // A shared string is one copy in the file but a copy in every cell that names it: the
    // text the cells hold together is counted as it is read.
    let mut text_bytes = 0usize;
    while let Some(cell) = cells.next_cell().map_err(|_| FileError::NotASpreadsheet)? {
        let (row, col) = cell.get_position();
        let value = value(&Data::from(cell.get_value().clone()));
        if value == Value::Empty {
            continue;
        }
        if let Value::Text(text) = &value {
            text_bytes = text_bytes.saturating_add(text.len());
            if text.len() > MAX_CELL_BYTES || text_bytes > MAX_TEXT_BYTES {
                return Err(FileError::Unpacked);
            }
        }
        if col as usize >= super::MAX_COLUMNS {
            return Err(FileError::TooManyColumns);
        }
        rows.entry(row).or_default().push((col, value));
        if rows.len() > super::MAX_ROWS + 1 {
            return Err(FileError::TooManyRows);
        }
    }
    let first_col = rows
        .values()
        .flatten()
        .map(|(col, _)| *col)
        .min()
        .unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let width = cells
                .iter()
                .map(|(col, _)| col - first_col + 1)
                .max()
                .unwrap_or(0);
            let mut line = vec![Value::Empty; width as usize];
            for (col, value) in cells {
                line[(col - first_col) as usize] = value;
            }
            (row as usize + 1, line)
        })
        .collect())
}

/// The sheet asked for, or the first visible one.
fn sheet_name(workbook: &Xlsx<Cursor<&[u8]>>, chosen: Option<&str>) -> Result<String, FileError> {
    let sheets = workbook.sheets_metadata();
    match chosen {
        Some(name) => match sheets.iter().find(|s| s.name == name) {
            None => Err(FileError::NoSuchSheet(name.to_owned())),
            Some(s) if s.visible != SheetVisible::Visible => {
                Err(FileError::HiddenSheet(name.to_owned()))
            }
            Some(s) => Ok(s.name.clone()),
        },
        None => sheets
            .iter()
            .find(|s| s.visible == SheetVisible::Visible)
            .map(|s| s.name.clone())
            .ok_or(FileError::Empty),
    }
}

/// Refuses a zip whose parts declare more than `limit` bytes together.
pub(super) fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), FileError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileError::NotASpreadsheet)?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|_| FileError::NotASpreadsheet)?;
        total = total.saturating_add(part.size());
        if total > limit {
            return Err(FileError::Unpacked);
        }
    }
    Ok(())
}

/// A cell's value: numbers exactly as their shortest decimal text (what the file holds
/// for any value of up to 15 significant digits), dates as dates, errors as empty.
fn value(cell: &Data) -> Value {
    match cell {
        Data::Empty | Data::Error(_) => Value::Empty,
        Data::String(text) if text.trim().is_empty() => Value::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Value::Text(text.clone())
        }
        Data::Int(n) => Value::Number(Decimal::from(*n)),
        Data::Float(f) => Decimal::from_str(&f.to_string())
            .map(Value::Number)
            .unwrap_or_else(|_| Value::Text(f.to_string())),
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(when) => when
            .as_datetime()
            .map(|t| Value::Date(t.date()))
            .unwrap_or(Value::Empty),
    }
}

/// A cell's name as Excel shows it (`B7`) from its zero-based (row, column).
fn cell_name((row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name((0, 0)), "A1");
        assert_eq!(cell_name((6, 1)), "B7");
        assert_eq!(cell_name((0, 25)), "Z1");
        assert_eq!(cell_name((9, 26)), "AA10");
        assert_eq!(cell_name((0, 701)), "ZZ1");
        assert_eq!(cell_name((0, 702)), "AAA1");
    }
}
