//! The dashboard's tables as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet
//! programs read the letters right), in the convention of the reader's language so that a
//! double-click opens it in columns: Finnish and Swedish with `;` between fields and a
//! decimal comma (`1234,50`), as a Finnish Excel expects; English with `,` and a decimal
//! point. Column headings are in the reader's language; money is in euros with two
//! decimals and no grouping, indicator values exact.

use crate::i18n::*;
use crate::model::dashboard::Dashboard;
use crate::model::register::SOURCE_CODES;

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

fn source_name(locale: Locale, i: usize) -> String {
    match i {
        0 => td_string!(locale, sources.eu).to_string(),
        1 => td_string!(locale, sources.state).to_string(),
        2 => td_string!(locale, sources.city).to_string(),
        3 => td_string!(locale, sources.other_public).to_string(),
        _ => td_string!(locale, sources.private).to_string(),
    }
}

fn lang_of(locale: Locale) -> crate::model::Lang {
    match locale {
        Locale::sv => crate::model::Lang::Sv,
        Locale::en => crate::model::Lang::En,
        _ => crate::model::Lang::Fi,
    }
}

/// One table of the dashboard as CSV, or `None` for an unknown table.
pub fn table(d: &Dashboard, name: &str, locale: Locale) -> Option<String> {
    let lang = lang_of(locale);
    let dialect = Dialect::of(locale);
    let line = |cells: &[String]| line(cells, dialect.separator);
    let num = |value: &dyn ToString| dialect.number(value.to_string());
    let mut out = String::from("\u{feff}");
    match name {
        "sources" => {
            out.push_str(&line(&[
                td_string!(locale, dashboard.source).to_string(),
                "code".into(),
                td_string!(locale, dashboard.planned).to_string(),
                td_string!(locale, dashboard.realised).to_string(),
            ]));
            for (i, code) in SOURCE_CODES.iter().enumerate() {
                out.push_str(&line(&[
                    source_name(locale, i),
                    (*code).into(),
                    num(&d.planned[i]),
                    num(&d.realised[i]),
                ]));
            }
        }
        "regions" => {
            let mut head = vec![
                td_string!(locale, register.region).to_string(),
                "code".into(),
                td_string!(locale, home.subprojects).to_string(),
            ];
            head.extend((0..5).map(|i| source_name(locale, i)));
            head.push(td_string!(locale, dashboard.planned).to_string());
            head.push(td_string!(locale, dashboard.per_capita).to_string());
            head.push(td_string!(locale, dashboard.realised).to_string());
            head.push(td_string!(locale, dashboard.realised_per_capita).to_string());
            out.push_str(&line(&head));
            for r in &d.by_region {
                let mut row = vec![
                    r.name.get(lang).to_string(),
                    r.code.clone(),
                    r.subprojects.to_string(),
                ];
                row.extend(r.planned.iter().map(|m| num(m)));
                let per_capita = |m| r.per_capita(m).map(|m| num(&m)).unwrap_or_default();
                row.push(num(&r.planned_total()));
                row.push(per_capita(r.planned_total()));
                row.push(num(&r.realised));
                row.push(per_capita(r.realised));
                out.push_str(&line(&row));
            }
        }
        "themes" => {
            out.push_str(&line(&[
                td_string!(locale, register.theme).to_string(),
                "code".into(),
                td_string!(locale, home.projects).to_string(),
                td_string!(locale, dashboard.planned).to_string(),
            ]));
            for t in &d.by_theme {
                out.push_str(&line(&[
                    t.name.get(lang).to_string(),
                    t.code.clone(),
                    t.subprojects.to_string(),
                    num(&t.planned),
                ]));
            }
        }
        "indicators" => {
            out.push_str(&line(&[
                "code".into(),
                td_string!(locale, reporting.indicator).to_string(),
                td_string!(locale, indicators.unit).to_string(),
                td_string!(locale, reporting.target).to_string(),
                td_string!(locale, reporting.actual).to_string(),
                td_string!(locale, reporting.distinct_companies).to_string(),
            ]));
            for p in &d.indicators {
                out.push_str(&line(&[
                    p.code.clone(),
                    p.name.get(lang).to_string(),
                    p.unit.clone(),
                    num(&p.target.plain()),
                    num(&p.actual.plain()),
                    p.companies_distinct
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ]));
            }
        }
        "trend" => {
            let codes: Vec<String> = d
                .trend
                .first()
                .map(|p| p.actuals.iter().map(|(c, _)| c.clone()).collect())
                .unwrap_or_default();
            let mut head = vec![
                td_string!(locale, dashboard.at_end_of).to_string(),
                td_string!(locale, home.projects).to_string(),
                td_string!(locale, home.subprojects).to_string(),
                td_string!(locale, dashboard.planned).to_string(),
                td_string!(locale, dashboard.realised).to_string(),
            ];
            head.extend(codes.iter().cloned());
            out.push_str(&line(&head));
            for p in &d.trend {
                let mut row = vec![
                    if p.period.is_empty() {
                        td_string!(locale, dashboard.now).to_string()
                    } else {
                        p.period.clone()
                    },
                    p.projects.to_string(),
                    p.subprojects.to_string(),
                    num(&p.planned),
                    num(&p.realised),
                ];
                row.extend(codes.iter().map(|c| {
                    p.actuals
                        .iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, q)| num(&q.plain()))
                        .unwrap_or_default()
                }));
                out.push_str(&line(&row));
            }
        }
        _ => return None,
    }
    Some(out)
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
