//! Dates as people type them, parsed once at the boundary: `2026-03-31` or `31.3.2026`,
//! within the years the programme can concern (2000–2100). A date outside that range is a
//! typing mistake, and refusing it here keeps date arithmetic and the databases' text
//! comparisons of dates (SQLite) away from years such as `+262142`.

use chrono::NaiveDate;
use validator::ValidationError;

/// The earliest date any field accepts.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("valid constant"),
};

/// The latest date any field accepts.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("valid constant"),
};

/// Parses `YYYY-MM-DD` (four-digit year, no sign) or Finnish `D.M.YYYY`, within
/// [`EARLIEST`]..=[`LATEST`].
///
/// # Errors
/// The message key `invalid_date` for text that is no date, `date_out_of_range` for a
/// date outside the range.
pub fn parse(text: &str) -> Result<NaiveDate, &'static str> {
    let text = text.trim();
    let parts: Vec<&str> = if text.contains('-') {
        text.split('-').collect()
    } else {
        let mut p: Vec<&str> = text.split('.').collect();
        p.reverse();
        p
    };
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let [year, month, day] = parts.as_slice() else {
        return Err("invalid_date");
    };
    if !(digits(year, 4, 4) && digits(month, 1, 2) && digits(day, 1, 2)) {
        return Err("invalid_date");
    }
    let (Ok(y), Ok(m), Ok(d)) = (year.parse(), month.parse(), day.parse()) else {
        return Err("invalid_date");
    };
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or("invalid_date")?;
    if (EARLIEST..=LATEST).contains(&date) {
        Ok(date)
    } else {
        Err("date_out_of_range")
    }
}

/// [`parse`] as a field error of `field` in `errors`; the date when it parses.
pub fn parse_into(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    text: &str,
) -> Option<NaiveDate> {
    match parse(text) {
        Ok(date) => Some(date),
        Err(key) => {
            errors
                .entry(field.to_string())
                .or_default()
                .push(key.to_string());
            None
        }
    }
}

/// `validator` rule: a date [`parse`] accepts.
///
/// # Errors
/// `invalid_date` or `date_out_of_range`.
pub fn valid(text: &str) -> Result<(), ValidationError> {
    parse(text).map(|_| ()).map_err(ValidationError::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn iso_and_finnish_notation_give_the_same_day() {
        assert_eq!(parse("2026-03-31"), Ok(ymd(2026, 3, 31)));
        assert_eq!(parse(" 31.3.2026 "), Ok(ymd(2026, 3, 31)));
        assert_eq!(parse("01.03.2026"), Ok(ymd(2026, 3, 1)));
    }

    #[test]
    fn signed_and_extended_years_are_no_dates() {
        for bad in [
            "+262142-12-31",
            "-0001-01-01",
            "262142-12-31",
            "+2026-01-01",
            "02026-01-01",
        ] {
            assert_eq!(parse(bad), Err("invalid_date"), "{bad}");
        }
    }

    #[test]
    fn years_outside_2000_to_2100_are_out_of_range() {
        assert_eq!(parse("1999-12-31"), Err("date_out_of_range"));
        assert_eq!(parse("2101-01-01"), Err("date_out_of_range"));
        assert_eq!(parse("2000-01-01"), Ok(EARLIEST));
        assert_eq!(parse("2100-12-31"), Ok(LATEST));
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "",
            "tomorrow",
            "2026-1",
            "1.2.3.2026",
            "2026-01-01T00:00",
            "２０２６-01-01",
        ] {
            assert_eq!(parse(bad), Err("invalid_date"), "{bad}");
        }
    }
}
