//! The dashboard's tables as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet
//! programs read the letters right), in the convention of the reader's language so that a
//! double-click opens it in columns: Finnish and Swedish with `;` between fields and a
//! decimal comma (`1234,50`), as a Finnish Excel expects; English with `,` and a decimal
//! point. Column headings are in the reader's language; money is in euros with two
//! decimals and no grouping, indicator values exact.

use crate::i18n::*;
use crate::model::dashboard::Dashboard;
use crate::model::sources::Source;

/// The tables that download.
pub const TABLES: [&str; 5] = ["sources", "regions", "themes", "indicators", "trend"];

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

fn source_name(locale: Locale, source: Source) -> String {
    match source {
        Source::Eu => td_string!(locale, sources.eu).to_string(),
        Source::State => td_string!(locale, sources.state).to_string(),
        Source::City => td_string!(locale, sources.city).to_string(),
        Source::OtherPublic => td_string!(locale, sources.other_public).to_string(),
        Source::Private => td_string!(locale, sources.private).to_string(),
    }
}

/// A table's rows as text, its heading row first.
type Rows = Vec<Vec<String>>;

/// What a table's cells are written in: the reader's language and spreadsheet dialect.
#[derive(Clone, Copy)]
struct Writer {
    locale: Locale,
    lang: crate::model::Lang,
    dialect: Dialect,
}

impl Writer {
    fn num(self, value: &dyn ToString) -> String {
        self.dialect.number(value.to_string())
    }
}

/// One table of the dashboard as CSV, or `None` for an unknown table.
pub fn table(d: &Dashboard, name: &str, locale: Locale) -> Option<String> {
    let lang = match locale {
        Locale::sv => crate::model::Lang::Sv,
        Locale::en => crate::model::Lang::En,
        _ => crate::model::Lang::Fi,
    };
    let w = Writer {
        locale,
        lang,
        dialect: Dialect::of(locale),
    };
    let rows = match name {
        "sources" => sources(d, w),
        "regions" => regions(d, w),
        "themes" => themes(d, w),
        "indicators" => indicators(d, w),
        "trend" => trend(d, w),
        _ => return None,
    };
    let mut out = String::from("\u{feff}");
    for row in rows {
        out.push_str(&line(&row, w.dialect.separator));
    }
    Some(out)
}

fn sources(d: &Dashboard, w: Writer) -> Rows {
    let locale = w.locale;
    let mut rows = vec![vec![
        td_string!(locale, dashboard.source).to_string(),
        "code".into(),
        td_string!(locale, dashboard.planned).to_string(),
        td_string!(locale, dashboard.realised).to_string(),
    ]];
    rows.extend(Source::ALL.into_iter().map(|source| {
        vec![
            source_name(locale, source),
            source.code().into(),
            w.num(&d.planned[source]),
            w.num(&d.realised[source]),
        ]
    }));
    rows
}

fn regions(d: &Dashboard, w: Writer) -> Rows {
    let locale = w.locale;
    let mut head = vec![
        td_string!(locale, register.region).to_string(),
        "code".into(),
        td_string!(locale, home.subprojects).to_string(),
    ];
    head.extend(Source::ALL.map(|source| source_name(locale, source)));
    head.push(td_string!(locale, dashboard.planned).to_string());
    head.push(td_string!(locale, dashboard.per_capita).to_string());
    head.push(td_string!(locale, dashboard.realised).to_string());
    head.push(td_string!(locale, dashboard.realised_per_capita).to_string());
    let mut rows = vec![head];
    for r in &d.by_region {
        let mut row = vec![
            r.name.get(w.lang).to_string(),
            r.code.clone(),
            r.subprojects.to_string(),
        ];
        row.extend(r.planned.values().map(|m| w.num(m)));
        let per_capita = |m| r.per_capita(m).map(|m| w.num(&m)).unwrap_or_default();
        row.push(w.num(&r.planned_total()));
        row.push(per_capita(r.planned_total()));
        row.push(w.num(&r.realised));
        row.push(per_capita(r.realised));
        rows.push(row);
    }
    rows
}

fn themes(d: &Dashboard, w: Writer) -> Rows {
    let locale = w.locale;
    let mut rows = vec![vec![
        td_string!(locale, register.theme).to_string(),
        "code".into(),
        td_string!(locale, home.projects).to_string(),
        td_string!(locale, dashboard.planned).to_string(),
    ]];
    rows.extend(d.by_theme.iter().map(|t| {
        vec![
            t.name.get(w.lang).to_string(),
            t.code.clone(),
            t.subprojects.to_string(),
            w.num(&t.planned),
        ]
    }));
    rows
}

fn indicators(d: &Dashboard, w: Writer) -> Rows {
    let locale = w.locale;
    let mut rows = vec![vec![
        "code".into(),
        td_string!(locale, reporting.indicator).to_string(),
        td_string!(locale, indicators.unit).to_string(),
        td_string!(locale, reporting.target).to_string(),
        td_string!(locale, reporting.actual).to_string(),
        td_string!(locale, reporting.distinct_companies).to_string(),
    ]];
    rows.extend(d.indicators.iter().map(|p| {
        vec![
            p.code.clone(),
            p.name.get(w.lang).to_string(),
            p.unit.clone(),
            w.num(&p.target.plain()),
            w.num(&p.actual.plain()),
            p.companies_distinct
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ]
    }));
    rows
}

fn trend(d: &Dashboard, w: Writer) -> Rows {
    let locale = w.locale;
    let codes: Vec<String> = d
        .trend
        .first()
        .map(|p| p.actuals.codes())
        .unwrap_or_default();
    let mut head = vec![
        td_string!(locale, dashboard.at_end_of).to_string(),
        td_string!(locale, home.projects).to_string(),
        td_string!(locale, home.subprojects).to_string(),
        td_string!(locale, dashboard.planned).to_string(),
        td_string!(locale, dashboard.realised).to_string(),
    ];
    head.extend(codes.iter().cloned());
    let mut rows = vec![head];
    for p in &d.trend {
        let mut row = vec![
            if p.period.is_empty() {
                td_string!(locale, dashboard.now).to_string()
            } else {
                p.period.clone()
            },
            p.projects.to_string(),
            p.subprojects.to_string(),
            w.num(&p.planned),
            w.num(&p.realised),
        ];
        row.extend(codes.iter().map(|c| {
            p.actuals
                .get(c)
                .map(|q| w.num(&q.plain()))
                .unwrap_or_default()
        }));
        rows.push(row);
    }
    rows
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
