//! Reading files as users and attackers upload them: workbooks of every shape the issue
//! names, and random, truncated and corrupted bytes, which must each be answered with a
//! reason and never a panic.

use super::*;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// A small workbook: headings, a text, an exact amount, a date and a formula with its saved
/// result, on the first sheet, which `prepare` may change first.
fn workbook(prepare: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Hankkeet").unwrap();
    for (col, heading) in (0u16..).zip(["Tunnus", "Nimi", "Suunniteltu EU", "Alkaa", "Yhteensä"]) {
        sheet.write_string(0, col, heading).unwrap();
    }
    sheet.write_string(1, 0, "TRE-1").unwrap();
    sheet.write_string(1, 1, "=Ei kaava").unwrap();
    sheet.write_number(1, 2, 1_234_567.89).unwrap();
    let date = ExcelDateTime::from_ymd(2026, 3, 31).unwrap();
    let date_format = Format::new().set_num_format("d.m.yyyy");
    sheet
        .write_datetime_with_format(1, 3, &date, &date_format)
        .unwrap();
    sheet
        .write_formula(1, 4, Formula::new("=C2*2").set_result("2469135.78"))
        .unwrap();
    prepare(&mut book);
    book.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_reads_as_typed_values_with_exact_numbers() {
    let data = read(&workbook(|_| {}), None).unwrap();
    assert_eq!(data.sheet.as_deref(), Some("Hankkeet"));
    assert_eq!(data.headings[2], "Suunniteltu EU");
    let row = &data.rows[0];
    assert_eq!(row.number, 2);
    assert_eq!(row.cells[0], Value::Text("TRE-1".into()));
    assert_eq!(row.cells[1].as_input(), "=Ei kaava", "text, not a formula");
    assert_eq!(row.cells[2].as_input(), "1234567.89", "the amount exactly");
    assert_eq!(
        row.cells[3],
        Value::Date(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap())
    );
    assert_eq!(
        row.cells[4].as_input(),
        "2469135.78",
        "a formula's saved result"
    );
}

#[test]
fn hidden_sheets_are_not_read_unasked_and_missing_ones_are_named() {
    let bytes = workbook(|book| {
        let visible = book.add_worksheet();
        visible.set_name("Näkyvä").unwrap();
        visible.write_string(0, 0, "Tunnus").unwrap();
        // Excel shows the active sheet, so the first can be hidden only once another is.
        visible.set_active(true);
        book.worksheet_from_index(0).unwrap().set_hidden(true);
    });
    assert_eq!(read(&bytes, None).unwrap().sheet.as_deref(), Some("Näkyvä"));
    assert_eq!(
        read(&bytes, Some("Hankkeet")),
        Err(FileError::HiddenSheet("Hankkeet".into()))
    );
    assert_eq!(
        read(&bytes, Some("Muu")),
        Err(FileError::NoSuchSheet("Muu".into()))
    );
}

#[test]
fn merged_cells_are_refused_naming_them() {
    let bytes = workbook(|book| {
        let sheet = book.worksheet_from_index(0).unwrap();
        sheet
            .merge_range(3, 0, 3, 2, "Yhteensä", &Format::new())
            .unwrap();
    });
    assert_eq!(
        read(&bytes, None),
        Err(FileError::MergedCells("A4:C4".into()))
    );
}

#[test]
fn one_long_text_named_by_many_cells_is_refused_before_it_is_copied_into_all() {
    // One shared string of 30 000 characters in 4 000 cells: a small file that would be
    // 120 MB of text once every cell holds its copy.
    let long = "x".repeat(30_000);
    let bytes = workbook(|book| {
        let sheet = book.worksheet_from_index(0).unwrap();
        for row in 2..402u32 {
            for col in 0..10u16 {
                sheet.write_string(row, col, &long).unwrap();
            }
        }
    });
    assert!(bytes.len() < MAX_FILE_BYTES);
    assert_eq!(read(&bytes, None), Err(FileError::Unpacked));
}

#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused_before_unpacking() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 64 * 1024];
    for _ in 0..32 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 64 * 1024, "{} bytes packed", bytes.len());
    assert_eq!(
        workbook::check_unpacked_size(&bytes, 1024 * 1024),
        Err(FileError::Unpacked)
    );
    assert_eq!(
        workbook::check_unpacked_size(&bytes, 4 * 1024 * 1024),
        Ok(())
    );
    // Not a workbook's parts: refused as not a spreadsheet, not a fault.
    assert_eq!(read(&bytes, None), Err(FileError::NotASpreadsheet));
}

#[test]
fn limits_are_answered_with_their_reason() {
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    assert_eq!(read(&big, None), Err(FileError::TooLarge));
    let mut many = String::from("Tunnus\n");
    for n in 0..=MAX_ROWS {
        many.push_str(&format!("T-{n}\n"));
    }
    assert_eq!(read(many.as_bytes(), None), Err(FileError::TooManyRows));
    let wide = vec!["x"; MAX_COLUMNS + 1].join(";");
    assert_eq!(read(wide.as_bytes(), None), Err(FileError::TooManyColumns));
    // The container of a password-protected workbook, or an old .xls: never a fault.
    let compound = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of a compound file";
    assert!(matches!(
        read(compound, None),
        Err(FileError::NotASpreadsheet | FileError::Encrypted)
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any bytes at all: an answer, never a panic.
    #[test]
    fn random_bytes_are_answered(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read(&bytes, None);
        let mut zip_like = b"PK\x03\x04".to_vec();
        zip_like.extend(&bytes);
        let _ = read(&zip_like, None);
    }

    /// Any text of the characters CSV files are made of: rows or a reason.
    #[test]
    fn random_csv_text_is_answered(text in "[a-zåäö0-9;,\"\r\n ]{0,400}") {
        if let Ok(data) = read(text.as_bytes(), None) {
            prop_assert!(data.rows.iter().all(|r| r.number >= 2));
        }
    }

    /// A real workbook cut short or with bytes changed: a reason, never a panic.
    #[test]
    fn damaged_workbooks_are_answered(
        cut in 0usize..100_000,
        flips in proptest::collection::vec((0usize..100_000, any::<u8>()), 1..8),
    ) {
        let whole = workbook(|_| {});
        let _ = read(&whole[..cut % whole.len()], None);
        let mut damaged = whole.clone();
        for (at, byte) in flips {
            let at = at % damaged.len();
            damaged[at] = byte;
        }
        let _ = read(&damaged, None);
    }
}

#[test]
fn every_reason_has_its_message_in_three_languages() {
    let reasons = [
        FileError::TooLarge,
        FileError::TooManyRows,
        FileError::TooManyColumns,
        FileError::Empty,
        FileError::NotUtf8,
        FileError::NotASpreadsheet,
        FileError::Encrypted,
        FileError::Unpacked,
        FileError::NoSuchSheet(String::new()),
        FileError::HiddenSheet(String::new()),
        FileError::MergedCells(String::new()),
        FileError::BadCsvRow { row: 1 },
    ];
    for locale in [
        include_str!("../../../locales/fi.json"),
        include_str!("../../../locales/sv.json"),
        include_str!("../../../locales/en.json"),
    ] {
        let messages: serde_json::Value = serde_json::from_str(locale).unwrap();
        for reason in &reasons {
            let key = reason.message_key();
            assert!(
                messages["import_errors"][key]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{key}"
            );
        }
    }
}

#[test]
fn a_far_cell_is_refused_without_allocating_the_range_to_it() {
    let bytes = workbook(|book| {
        let sheet = book.worksheet_from_index(0).unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
    });
    assert_eq!(read(&bytes, None), Err(FileError::TooManyColumns));
    let low = workbook(|book| {
        let sheet = book.worksheet_from_index(0).unwrap();
        sheet.write_string(1_048_575, 0, "TRE-9").unwrap();
    });
    let data = read(&low, None).unwrap();
    assert_eq!(data.rows.last().map(|r| r.number), Some(1_048_576));
}
