//! An import template as an Excel workbook: a data sheet whose heading row names the
//! columns in the reader's language (bold, frozen, filtered; money columns in euros, date
//! columns as dates; a code column offers its list's codes as choices), a sheet explaining
//! every column, and a sheet of the codes the lists offer. The same shape, with rows, is a
//! workbook to edit and import back; several templates make one workbook (the whole
//! portfolio), written a sheet at a time as its rows come ([`Book`]).

use super::table::Cell;
use super::xlsx::{Formats, write_cell};
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

/// The last data row a code column offers its choices on (as many as an import may hold).
const LAST_ROW: u32 = crate::ssr::import_file::MAX_ROWS as u32;

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Money,
    Date,
    /// A code of the list at this place in [`Template::lists`].
    Listed(usize),
}

/// One column of the data sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub heading: String,
    pub kind: ColumnType,
    /// The explanation sheet's cells: required or not, what it holds, allowed values.
    pub required: String,
    pub meaning: String,
    pub allowed: String,
}

/// A template with its sheets' names and headings in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub data_sheet: String,
    pub help_sheet: String,
    pub codes_sheet: String,
    /// The explanation sheet's headings: column, required, what it holds, allowed values.
    pub help_head: [String; 4],
    pub columns: Vec<Column>,
    /// Lists of codes (heading, codes), one column each on the codes sheet.
    pub lists: Vec<(String, Vec<String>)>,
    /// Data rows, for a workbook to edit and import back; none in an empty template.
    pub rows: Vec<Vec<Cell>>,
}

/// A sheet name as Excel allows it: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(31)
        .collect()
}

/// A column's letters (`A`, `AB`).
fn letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(col % 26).unwrap_or(0)));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.iter().rev().collect()
}

/// The template as the bytes of an `.xlsx` file.
///
/// # Errors
/// When the writer fails (it does not for a template of this shape).
pub fn write(template: &Template) -> Result<Vec<u8>, XlsxError> {
    write_many(std::slice::from_ref(template))
}

/// Several templates as one workbook (the whole portfolio): each one's data sheet in turn,
/// then one explanation sheet (with several, each data sheet's columns under its name) and
/// one codes sheet holding each list once. The first template names the last two sheets.
///
/// # Errors
/// When the writer fails (it does not for templates of this shape).
pub fn write_many(templates: &[Template]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Book::new(templates);
    for (i, template) in templates.iter().enumerate() {
        book.sheet(i)?;
        book.rows(&template.rows)?;
    }
    book.finish()
}

/// A workbook of templates written a data sheet at a time, each sheet's rows as they come:
/// a data sheet is in "constant memory" mode, its rows going to a temporary file as they
/// are written, so a whole portfolio's hundreds of thousands of rows are never all in
/// memory. The templates' own rows are not written; [`Book::rows`] writes them.
pub struct Book<'t> {
    workbook: Workbook,
    templates: &'t [Template],
    /// Every list once, by its heading; each template's lists by their place in it.
    lists: Vec<&'t (String, Vec<String>)>,
    places: Vec<Vec<usize>>,
    formats: Formats,
    bold: Format,
    /// The data sheet being written (its template and workbook sheet) and its next row.
    open: Option<(usize, usize, u32)>,
}

impl<'t> Book<'t> {
    pub fn new(templates: &'t [Template]) -> Self {
        let mut lists: Vec<&(String, Vec<String>)> = Vec::new();
        let places = templates
            .iter()
            .map(|t| {
                t.lists
                    .iter()
                    .map(|list| match lists.iter().position(|l| l.0 == list.0) {
                        Some(place) => place,
                        None => {
                            lists.push(list);
                            lists.len() - 1
                        }
                    })
                    .collect()
            })
            .collect();
        Book {
            workbook: Workbook::new(),
            templates,
            lists,
            places,
            formats: Formats::new(),
            bold: Format::new().set_bold(),
            open: None,
        }
    }

    fn codes_sheet(&self) -> String {
        self.templates
            .first()
            .map(|t| sheet_name(&t.codes_sheet))
            .unwrap_or_default()
    }

    /// Starts the data sheet of the template at `index` (after the one before it): its
    /// heading row, its columns' formats and choice lists.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn sheet(&mut self, index: usize) -> Result<(), XlsxError> {
        self.end_sheet()?;
        let Some(template) = self.templates.get(index) else {
            return Ok(());
        };
        let codes_sheet = self.codes_sheet();
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_name(&template.data_sheet))?;
        for (col, column) in (0u16..).zip(&template.columns) {
            sheet.set_column_width(col, column.heading.chars().count().clamp(12, 40) as f64)?;
            match &column.kind {
                ColumnType::Money => {
                    sheet.set_column_format(col, &self.formats.euros)?;
                }
                ColumnType::Date => {
                    sheet.set_column_format(col, &self.formats.date)?;
                }
                ColumnType::Listed(list) => {
                    let place = self.places[index].get(*list).copied().unwrap_or(0);
                    let count = self.lists.get(place).map_or(0, |(_, codes)| codes.len());
                    let range = format!(
                        "='{codes_sheet}'!${col}$2:${col}${last}",
                        col = letters(place),
                        last = count + 1
                    );
                    let choices = DataValidation::new()
                        .allow_list_formula(Formula::new(range))
                        .ignore_blank(true);
                    sheet.add_data_validation(1, col, LAST_ROW, col, &choices)?;
                }
                ColumnType::Text => {}
            }
        }
        for (col, column) in (0u16..).zip(&template.columns) {
            sheet.write_string_with_format(0, col, &column.heading, &self.bold)?;
        }
        let place = self.workbook.worksheets().len() - 1;
        self.open = Some((index, place, 1));
        Ok(())
    }

    /// Writes `rows` on the open data sheet after those written before.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn rows(&mut self, rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
        let Some((index, place, next)) = self.open else {
            return Ok(());
        };
        let sheet = self.workbook.worksheet_from_index(place)?;
        let mut row = next;
        for cells in rows {
            for (col, cell) in (0u16..).zip(cells) {
                write_cell(sheet, row, col, cell, &self.formats)?;
            }
            row += 1;
        }
        self.open = Some((index, place, row));
        Ok(())
    }

    /// Ends the open data sheet: its heading frozen, a filter over its rows.
    fn end_sheet(&mut self) -> Result<(), XlsxError> {
        let Some((index, place, next)) = self.open.take() else {
            return Ok(());
        };
        let columns = self.templates[index].columns.len();
        let sheet = self.workbook.worksheet_from_index(place)?;
        let last_col = u16::try_from(columns.max(1) - 1).unwrap_or(u16::MAX);
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, next.saturating_sub(1), last_col)?;
        Ok(())
    }

    /// Ends the last data sheet, adds the explanation and codes sheets, and gives the bytes
    /// of the `.xlsx` file.
    ///
    /// # Errors
    /// When the writer fails.
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        self.end_sheet()?;
        let Some(first) = self.templates.first() else {
            return self.workbook.save_to_buffer();
        };
        let wrap = Format::new().set_text_wrap();
        let codes_sheet = self.codes_sheet();
        {
            let sheet = self.workbook.add_worksheet();
            sheet.set_name(sheet_name(&first.help_sheet))?;
            for (col, heading) in (0u16..).zip(&first.help_head) {
                sheet.write_string_with_format(0, col, heading, &self.bold)?;
            }
            let mut row = 1u32;
            for template in self.templates {
                if self.templates.len() > 1 {
                    sheet.write_string_with_format(row, 0, &template.data_sheet, &self.bold)?;
                    row += 1;
                }
                for column in &template.columns {
                    sheet.write_string(row, 0, &column.heading)?;
                    sheet.write_string(row, 1, &column.required)?;
                    sheet.write_string_with_format(row, 2, &column.meaning, &wrap)?;
                    sheet.write_string_with_format(row, 3, &column.allowed, &wrap)?;
                    row += 1;
                }
            }
            for (col, width) in [(0u16, 34.0), (1, 12.0), (2, 60.0), (3, 60.0)] {
                sheet.set_column_width(col, width)?;
            }
            sheet.set_freeze_panes(1, 0)?;
        }
        {
            let sheet = self.workbook.add_worksheet();
            sheet.set_name(&codes_sheet)?;
            for (col, (heading, codes)) in (0u16..).zip(&self.lists) {
                sheet.write_string_with_format(0, col, heading, &self.bold)?;
                for (row, code) in (1u32..).zip(codes) {
                    sheet.write_string(row, col, code)?;
                }
                sheet.set_column_width(col, 18)?;
            }
        }
        self.workbook.save_to_buffer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader};

    #[test]
    fn column_letters_go_past_z() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
    }

    #[test]
    fn a_template_reads_back_with_its_headings_explanations_and_codes() {
        let template = Template {
            data_sheet: "Hankkeet".into(),
            help_sheet: "Ohjeet".into(),
            codes_sheet: "Koodit".into(),
            help_head: ["Sarake", "Pakollinen", "Sisältö", "Sallitut"].map(String::from),
            columns: vec![
                Column {
                    heading: "Koodi".into(),
                    kind: ColumnType::Text,
                    required: "kyllä".into(),
                    meaning: "Tunnus".into(),
                    allowed: String::new(),
                },
                Column {
                    heading: "Seutu".into(),
                    kind: ColumnType::Listed(0),
                    required: "kyllä".into(),
                    meaning: "Kaupunkiseutu".into(),
                    allowed: "HEL, TRE".into(),
                },
            ],
            lists: vec![("Seutu".into(), vec!["HEL".into(), "TRE".into()])],
            rows: vec![vec![Cell::Text("A1".into()), Cell::Text("HEL".into())]],
        };
        let bytes = write(&template).unwrap();
        let mut workbook: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(workbook.sheet_names(), ["Hankkeet", "Ohjeet", "Koodit"]);
        let data = workbook.worksheet_range("Hankkeet").unwrap();
        assert_eq!(data.get((0, 1)), Some(&Data::String("Seutu".into())));
        assert_eq!(data.get((1, 0)), Some(&Data::String("A1".into())));
        let codes = workbook.worksheet_range("Koodit").unwrap();
        assert_eq!(codes.get((2, 0)), Some(&Data::String("TRE".into())));
        // The file the template is as an upload: the data sheet comes first.
        let read = crate::ssr::import_file::read(&write(&template).unwrap(), None).unwrap();
        assert_eq!(read.headings, vec!["Koodi", "Seutu"]);
    }

    #[test]
    fn a_record_longer_than_a_cell_holds_is_cut_and_marked_not_a_failed_download() {
        // Four thousand Business IDs are 44 000 characters: more than Excel keeps in a cell.
        let companies = (0..4_000)
            .map(|n| format!("{n:07}-0"))
            .collect::<Vec<_>>()
            .join(", ");
        let template = Template {
            data_sheet: "Arvot".into(),
            help_sheet: "Ohjeet".into(),
            codes_sheet: "Koodit".into(),
            help_head: ["Sarake", "Pakollinen", "Sisältö", "Sallitut"].map(String::from),
            columns: vec![Column {
                heading: "Yritykset".into(),
                kind: ColumnType::Text,
                required: String::new(),
                meaning: String::new(),
                allowed: String::new(),
            }],
            lists: Vec::new(),
            rows: vec![vec![Cell::Text(companies)]],
        };
        let bytes = write(&template).unwrap();
        let mut workbook: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let data = workbook.worksheet_range("Arvot").unwrap();
        let Some(Data::String(cut)) = data.get((1, 0)) else {
            panic!("{:?}", data.get((1, 0)));
        };
        assert_eq!(cut.chars().count(), 32_767);
        assert!(cut.starts_with("0000000-0, 0000001-0") && cut.ends_with('…'));
    }
}
