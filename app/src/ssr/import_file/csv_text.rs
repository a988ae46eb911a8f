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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut starts = record_lines(text).into_iter();
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

/// The line each record starts on, as the file shows it: the reader skips blank lines, and
/// a quoted field may span lines.
fn record_lines(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut quoted = false;
    for (index, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !quoted && !line.is_empty() {
            starts.push(index + 1);
        }
        // A doubled quote inside a quoted field toggles twice: no change.
        quoted ^= line.matches('"').count() % 2 == 1;
    }
    starts
}

fn cell(text: &str) -> Value {
    if text.trim().is_empty() {
        Value::Empty
    } else {
        Value::Text(text.to_owned())
    }
}

/// `;` or `,`: the one the first line has more of outside quoted fields.
fn separator(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or_default();
    let (mut quoted, mut semicolons, mut commas) = (false, 0, 0);
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons >= commas && semicolons > 0 {
        b';'
    } else {
        b','
    }
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
