//! CSV text: UTF-8 (a byte-order mark is dropped), fields separated by `;` (as a Finnish
//! Excel saves it) or `,`, whichever the heading row has more of outside quotes. Every cell
//! is text; a form's parser reads its notation. Text in another encoding (a Windows-1252
//! file from an older Excel) is refused with advice to save as "CSV UTF-8".

use super::{FileError, SheetData, Value, sheet_of};

pub(super) fn read(bytes: &[u8]) -> Result<SheetData, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::NotUtf8)?;
    if text.contains('\0') {
        // Text files do not hold NUL characters: this is some other kind of file.
        return Err(FileError::NotASpreadsheet);
    }
    let separator = separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut starts = record_lines(text, char::from(separator))?.into_iter();
    let mut rows = Vec::new();
    for record in reader.records() {
        let line = starts.next().unwrap_or(rows.len() + 1);
        let record = record.map_err(|_| FileError::BadCsvRow { row: line })?;
        if rows.len() > super::MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        rows.push((line, record.iter().map(cell).collect::<Vec<_>>()));
    }
    sheet_of(None, rows.into_iter())
}

/// The line each record starts on, as the file shows it, read as the CSV reader reads the
/// text (blank lines skipped, a quoted field may span lines, a quote inside an unquoted field
/// is a character); a record of more than [`MAX_COLUMNS`](super::MAX_COLUMNS) fields is
/// refused here, before the reader would hold all its fields.
fn record_lines(text: &str, separator: char) -> Result<Vec<usize>, FileError> {
    #[derive(PartialEq)]
    enum At {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut starts = Vec::new();
    // The line the record being read started on; `None` between records.
    let mut record: Option<usize> = None;
    let (mut line, mut fields, mut at) = (1, 1, At::FieldStart);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends_line = c == '\n' || c == '\r';
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
        }
        if at == At::Quoted {
            if c == '"' {
                at = At::QuoteInQuoted;
            }
            line += usize::from(ends_line);
            continue;
        }
        if at == At::QuoteInQuoted && c == '"' {
            at = At::Quoted;
            continue;
        }
        if ends_line {
            starts.extend(record.take());
            (line, fields, at) = (line + 1, 1, At::FieldStart);
            continue;
        }
        record.get_or_insert(line);
        if c == separator {
            fields += 1;
            if fields > super::MAX_COLUMNS {
                return Err(FileError::TooManyColumns);
            }
            at = At::FieldStart;
        } else if c == '"' && at == At::FieldStart {
            at = At::Quoted;
        } else {
            at = At::Unquoted;
        }
    }
    starts.extend(record);
    Ok(starts)
}

fn cell(text: &str) -> Value {
    if text.trim().is_empty() {
        Value::Empty
    } else {
        Value::Text(text.to_owned())
    }
}

/// `;` or `,`: the one the heading line has more of outside quoted fields; on a tie (`Code,
/// Name (fi; sv)`) the next lines decide, and `,` when none does.
fn separator(text: &str) -> u8 {
    let counts = |line: &str| {
        let (mut quoted, mut semicolons, mut commas) = (false, 0, 0);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ';' if !quoted => semicolons += 1,
                ',' if !quoted => commas += 1,
                _ => {}
            }
        }
        (semicolons, commas)
    };
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .take(10)
        .map(counts)
        .find(|(semicolons, commas)| semicolons != commas)
        .map_or(
            b',',
            |(semicolons, commas)| if semicolons > commas { b';' } else { b',' },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(data: &SheetData) -> Vec<Vec<String>> {
        data.rows
            .iter()
            .map(|r| r.cells.iter().map(Value::as_input).collect())
            .collect()
    }

    #[test]
    fn a_finnish_excel_file_reads_in_columns() {
        let file = "\u{feff}Tunnus;Nimi;Suunniteltu EU\r\nTRE-1;\"Hanke; osa 1\";1 234,50\r\n\r\nTRE-2;Toinen;0\r\n";
        let data = read(file.as_bytes()).unwrap();
        assert_eq!(data.headings, ["Tunnus", "Nimi", "Suunniteltu EU"]);
        assert_eq!(
            texts(&data),
            [
                ["TRE-1", "Hanke; osa 1", "1 234,50"],
                ["TRE-2", "Toinen", "0"]
            ]
        );
        // Row numbers as the file shows them: the heading is row 1, an empty row is skipped.
        assert_eq!(data.rows[1].number, 4);
        let spanning = read(b"Nimi;Kuvaus\n\"A\";\"two\nlines\"\n\nB;x\n").unwrap();
        let numbers: Vec<usize> = spanning.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 5]);
        // A quote inside an unquoted field is a character (a screen size in inches).
        let inches = read(b"Nimi;Koko\nA;5\" x\nB;y\nC;7\" z\n").unwrap();
        let numbers: Vec<usize> = inches.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 3, 4]);
        // Old Mac line ends.
        let cr = read(b"Nimi;Koko\rA;1\r\rB;2\r").unwrap();
        let numbers: Vec<usize> = cr.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4]);
    }

    #[test]
    fn the_separator_is_the_headings_and_a_tie_is_decided_by_the_rows() {
        assert_eq!(separator("\n\nTunnus;Nimi\nA;1,5"), b';');
        assert_eq!(separator("Code,Name (fi; sv)\nA,B"), b',');
        assert_eq!(separator("Nimi (fi, sv);Koodi\nA;B"), b';');
        assert_eq!(separator("Tunnus\nA"), b',');
    }

    #[test]
    fn a_row_of_too_many_fields_is_refused_before_it_is_read() {
        let wide = format!("Tunnus;Nimi\n{}\n", ";".repeat(super::super::MAX_COLUMNS));
        assert_eq!(read(wide.as_bytes()), Err(FileError::TooManyColumns));
        let quoted = format!("Tunnus;Nimi\nA;\"{}\"\n", ";".repeat(500));
        assert_eq!(read(quoted.as_bytes()).unwrap().rows.len(), 1);
    }

    #[test]
    fn an_english_file_reads_with_commas() {
        let data = read(b"Code,Name,Planned EU\nTRE-1,\"Project, part 1\",1234.50\n").unwrap();
        assert_eq!(texts(&data), [["TRE-1", "Project, part 1", "1234.50"]]);
    }

    #[test]
    fn other_encodings_and_other_files_are_refused_with_a_reason() {
        // "Hämeenlinna" as Windows-1252 saves it.
        assert_eq!(read(b"Nimi\nH\xe4meenlinna\n"), Err(FileError::NotUtf8));
        assert_eq!(read(b"a\0b\n"), Err(FileError::NotASpreadsheet));
        assert_eq!(read(b""), Err(FileError::Empty));
        assert_eq!(read(b" ;  \n\n"), Err(FileError::Empty));
    }
}
