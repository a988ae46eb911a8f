//! A table as an Excel workbook (rust_xlsxwriter). One sheet is named by the table. Its
//! heading row is bold, frozen and filtered. Counts and indicator values are numbers, money
//! is a number of euros with a `€` format, and text is text: never a formula, whatever it
//! starts with.
//!
//! Excel keeps every number as a 64-bit float, and the file holds it as decimal text. An
//! amount is written exactly: a decimal of at most 15 significant digits survives the trip
//! to the nearest float and back to that float's shortest text, which is what the file
//! holds. Money below 10^13 euros and indicator values below 10^12 have at most 15. A larger
//! one (none in this programme) is written as text rather than rounded.

use super::table::{Cell, Table};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Below this many units (cents, thousandths), a value has at most 15 significant digits.
const EXACT_BELOW: u64 = 1_000_000_000_000_000;

/// The table as the bytes of an `.xlsx` file.
///
/// # Errors
/// When the writer fails (it does not for a table of this shape).
pub fn write(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.name)?;
    let bold = Format::new().set_bold();
    for (col, heading) in (0u16..).zip(&table.head) {
        sheet.write_string_with_format(0, col, heading, &bold)?;
    }
    let formats = Formats::new();
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            write_cell(sheet, row, col, cell, &formats)?;
        }
    }
    let last_col = u16::try_from(table.head.len().max(1) - 1).unwrap_or(u16::MAX);
    let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.autofit();
    workbook.save_to_buffer()
}

/// The most characters Excel keeps in a cell.
const CELL_CHARS: usize = 32_767;

/// A cell as a workbook can hold it: a longer text (an audit entry of three long paragraphs
/// changed, a list of thousands of Business IDs) cut to Excel's limit and marked with "…",
/// rather than no workbook at all; the CSV keeps it whole, and a cut list imported back is
/// refused by its column (the "…" is no Business ID), never saved shorter.
fn fitted(cell: &Cell) -> std::borrow::Cow<'_, Cell> {
    match cell {
        Cell::Text(text) if text.chars().count() > CELL_CHARS => {
            let mut cut: String = text.chars().take(CELL_CHARS - 1).collect();
            cut.push('…');
            std::borrow::Cow::Owned(Cell::Text(cut))
        }
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// The number formats of money and indicator values.
pub(super) struct Formats {
    pub euros: Format,
    quantity: Format,
    pub date: Format,
    time: Format,
}

impl Formats {
    pub fn new() -> Self {
        Formats {
            euros: Format::new().set_num_format("#,##0.00 \"€\""),
            quantity: Format::new().set_num_format("#,##0.###"),
            date: Format::new().set_num_format("d.m.yyyy"),
            time: Format::new().set_num_format("d.m.yyyy hh:mm:ss"),
        }
    }
}

/// One cell, written as its type: text never as a formula, amounts exact or as text.
pub(super) fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match fitted(cell).as_ref() {
        Cell::Text(text) => sheet.write_string(row, col, text).map(drop),
        Cell::Count(n) => match exact_number(*n, 0) {
            Some(number) => sheet.write_number(row, col, number).map(drop),
            None => sheet.write_string(row, col, n.to_string()).map(drop),
        },
        Cell::Money(money) => match exact_number(money.cents(), 2) {
            Some(number) => sheet
                .write_number_with_format(row, col, number, &formats.euros)
                .map(drop),
            None => sheet.write_string(row, col, money.to_string()).map(drop),
        },
        Cell::Quantity(q) => match exact_number(q.0, 3) {
            Some(number) => sheet
                .write_number_with_format(row, col, number, &formats.quantity)
                .map(drop),
            None => sheet.write_string(row, col, q.plain()).map(drop),
        },
        Cell::Date(date) => sheet
            .write_date_with_format(row, col, &excel_day(*date)?, &formats.date)
            .map(drop),
        Cell::Time(time) => {
            use chrono::Timelike;
            let moment = excel_day(time.date())?.and_hms(
                u16::try_from(time.hour()).unwrap_or(0),
                u8::try_from(time.minute()).unwrap_or(0),
                time.second(),
            )?;
            sheet
                .write_datetime_with_format(row, col, &moment, &formats.time)
                .map(drop)
        }
        Cell::Empty => Ok(()),
    }
}

/// A day as Excel's.
fn excel_day(date: chrono::NaiveDate) -> Result<rust_xlsxwriter::ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(1900),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )
}

/// `units / 10^scale` as the float nearest to it, whose shortest text is that decimal
/// exactly; `None` when the value has more than 15 significant digits.
fn exact_number(units: i64, scale: i32) -> Option<f64> {
    // Both operands are exact in a float (below 2^53), and a float division is rounded
    // correctly, so this is the float nearest to the decimal.
    (units.unsigned_abs() < EXACT_BELOW).then(|| units as f64 / 10f64.powi(scale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_and_marked() {
        use calamine::{Data, Reader};
        let long = "ä".repeat(40_000);
        let table = Table {
            name: "audit",
            head: vec!["Muutokset".into()],
            rows: vec![vec![Cell::Text(long)]],
        };
        let bytes = write(&table).unwrap();
        let mut workbook: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = workbook.worksheet_range("audit").unwrap();
        let Some(Data::String(text)) = sheet.get((1, 0)) else {
            panic!("a text cell");
        };
        assert_eq!(text.chars().count(), CELL_CHARS);
        assert!(text.ends_with('…'));
    }

    proptest! {
        /// What the file holds for a number is its float's shortest text: for every amount
        /// and indicator value below the bound, that text is the decimal itself.
        #[test]
        fn amounts_are_written_as_their_exact_decimal(
            units in -999_999_999_999_999i64..=999_999_999_999_999,
            scale in 0i32..=3,
        ) {
            let number = exact_number(units, scale).unwrap();
            let written = Decimal::from_str(&number.to_string()).unwrap();
            prop_assert_eq!(written, Decimal::new(units, scale as u32));
        }
    }

    #[test]
    fn cells_read_back_as_their_types_and_text_never_as_a_formula() {
        use crate::model::Money;
        use crate::model::reporting::Quantity;
        use calamine::{Data, Reader};
        let table = Table {
            name: "regions",
            head: vec!["Alue".into(), "Hankkeita".into(), "Suunniteltu".into()],
            rows: vec![
                vec![
                    Cell::Text("=HYPERLINK(\"https://evil.example\")".into()),
                    Cell::Count(3),
                    Cell::Money(Money::from_cents(123_456_789)),
                ],
                vec![
                    Cell::Text("@SUM(A1)".into()),
                    Cell::Empty,
                    Cell::Money(Money::from_cents(i64::MAX)),
                ],
                vec![Cell::Quantity(Quantity(12_500)), Cell::Empty, Cell::Empty],
            ],
        };
        let bytes = write(&table).unwrap();
        let mut workbook: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let sheet = workbook.worksheet_range("regions").unwrap();
        let cells: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(cells[0][0], Data::String("Alue".into()));
        assert_eq!(
            cells[1][0],
            Data::String("=HYPERLINK(\"https://evil.example\")".into())
        );
        assert_eq!(cells[1][1], Data::Float(3.0));
        assert_eq!(cells[1][2].to_string(), "1234567.89");
        assert_eq!(cells[2][0], Data::String("@SUM(A1)".into()));
        assert_eq!(cells[2][1], Data::Empty);
        assert_eq!(
            cells[2][2],
            Data::String(Money::from_cents(i64::MAX).to_string())
        );
        assert_eq!(cells[3][0], Data::Float(12.5));
        let formulas = workbook.worksheet_formula("regions").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formulas"
        );
    }

    #[test]
    fn larger_values_are_not_rounded_into_a_number() {
        assert_eq!(exact_number(1_000_000_000_000_000, 2), None);
        assert_eq!(exact_number(i64::MIN, 2), None);
        assert_eq!(exact_number(12_345, 2), Some(123.45));
    }
}
