//! A table to download: a heading row in the reader's language and rows of typed cells. The
//! CSV (`csv.rs`) and the Excel workbook (`xlsx.rs`) are written from the same cells, so the
//! two files always hold the same figures.

use crate::i18n::Locale;
use crate::model::reporting::Quantity;
use crate::model::{Lang, Money};

/// One cell: what it holds decides how each format writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// A count (packages, subprojects, companies).
    Count(i64),
    /// Euros, exact to the cent.
    Money(Money),
    /// An indicator value, exact to the thousandth.
    Quantity(Quantity),
    /// A day (a workbook's date cell; `YYYY-MM-DD` in CSV).
    Date(chrono::NaiveDate),
    /// A moment in Finnish time (a workbook's date and time cell; `YYYY-MM-DD HH:MM:SS` in
    /// CSV).
    Time(chrono::NaiveDateTime),
    Empty,
}

impl Cell {
    /// Text, or an empty cell for empty text.
    pub fn text(value: &str) -> Cell {
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value.to_owned())
        }
    }

    /// A stored day (`YYYY-MM-DD`, or as a form takes it) as a date cell; other text stays
    /// text.
    pub fn day(value: &str) -> Cell {
        crate::model::dates::parse(value).map_or_else(|_| Cell::text(value), Cell::Date)
    }
}

impl From<Option<Money>> for Cell {
    fn from(value: Option<Money>) -> Self {
        value.map_or(Cell::Empty, Cell::Money)
    }
}

/// A table: its code, its heading row and its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The table's code (`regions`): the name of its file and its sheet.
    pub name: &'static str,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The formats a table downloads in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format named by a file's extension (`csv`, `xlsx`).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The file's media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The interface language of a reader's language.
pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::Fi => Locale::fi,
        Lang::Sv => Locale::sv,
        Lang::En => Locale::en,
    }
}

/// The language of stored names (`Names`) for a reader's interface language.
pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::sv => Lang::Sv,
        Locale::en => Lang::En,
        _ => Lang::Fi,
    }
}
