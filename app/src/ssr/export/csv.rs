//! A table as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the
//! letters right), in the convention of the reader's language so that a double-click opens
//! it in columns: Finnish and Swedish with `;` between fields and a decimal comma
//! (`1234,50`), as a Finnish Excel expects; English with `,` and a decimal point. Money is in
//! euros with two decimals and no grouping, indicator values exact.

use super::table::{Cell, Table};
use crate::i18n::Locale;

/// The table as a CSV file in the dialect of `locale`.
pub fn write(table: &Table, locale: Locale) -> String {
    let dialect = Dialect::of(locale);
    let mut out = String::from("\u{feff}");
    out.push_str(&line(&table.head, dialect.separator));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|cell| dialect.cell(cell)).collect();
        out.push_str(&line(&cells, dialect.separator));
    }
    out
}

/// The field separator and decimal mark of a language's spreadsheets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub separator: char,
    pub decimal: char,
}

impl Dialect {
    /// `;` and `,` for Finnish and Swedish, `,` and `.` for English.
    pub fn of(locale: Locale) -> Self {
        match locale {
            Locale::en => Dialect {
                separator: ',',
                decimal: '.',
            },
            _ => Dialect {
                separator: ';',
                decimal: ',',
            },
        }
    }

    /// A machine-formatted number (`1234.50`) with this dialect's decimal mark.
    fn number(self, text: impl ToString) -> String {
        text.to_string().replace('.', &self.decimal.to_string())
    }

    fn cell(self, cell: &Cell) -> String {
        match cell {
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Money(money) => self.number(money),
            Cell::Quantity(q) => self.number(q.plain()),
            Cell::Date(date) => date.to_string(),
            Cell::Time(time) => time.format("%Y-%m-%d %H:%M:%S").to_string(),
            Cell::Empty => String::new(),
        }
    }
}

fn field(text: &str, separator: char) -> String {
    // A name that a spreadsheet would run as a formula is written as text (OWASP's CSV
    // injection advice); a signed number such as `-5` or `+1.50` stays a number.
    let number = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number(&text[1..]) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let text = text.as_str();
    if text.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn line(cells: &[String], separator: char) -> String {
    let mut out = cells
        .iter()
        .map(|c| field(c, separator))
        .collect::<Vec<_>>()
        .join(&separator.to_string());
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_separators_are_quoted() {
        assert_eq!(field("Kuopio, Joensuu", ','), "\"Kuopio, Joensuu\"");
        assert_eq!(field("Kuopio, Joensuu", ';'), "Kuopio, Joensuu");
        assert_eq!(field("a;b", ';'), "\"a;b\"");
        assert_eq!(field("sano \"hei\"", ','), "\"sano \"\"hei\"\"\"");
        assert_eq!(field("1234.50", ','), "1234.50");
        assert_eq!(field("a\"b,c", ','), "\"a\"\"b,c\"");
        assert_eq!(line(&["1".into(), "x,y".into()], ','), "1,\"x,y\"\r\n");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_text() {
        assert_eq!(
            field("=HYPERLINK(\"x\")", ','),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(field("@SUM(A1)", ','), "'@SUM(A1)");
        assert_eq!(field("+358 40", ','), "'+358 40");
        assert_eq!(field("-5", ','), "-5");
        assert_eq!(field("+1.50", ','), "+1.50");
        assert_eq!(field("-1,50", ';'), "-1,50");
    }

    #[test]
    fn finnish_and_swedish_files_open_in_columns_in_a_finnish_excel() {
        let fi = Dialect::of(Locale::fi);
        assert_eq!((fi.separator, fi.decimal), (';', ','));
        assert_eq!(fi.number("1234.50"), "1234,50");
        assert_eq!(Dialect::of(Locale::sv), fi);
        let en = Dialect::of(Locale::en);
        assert_eq!((en.separator, en.decimal), (',', '.'));
        assert_eq!(en.number("1234.50"), "1234.50");
    }
}
