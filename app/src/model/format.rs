//! Numbers and money as people read them: Finnish and Swedish with a comma and non-breaking
//! spaces (`1 234 567,00 €`, `103,5 M€`), English with a dot and commas (`€1,234,567.00`).

use super::{Lang, Money};

const NBSP: char = '\u{a0}';

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Fi | Lang::Sv => (NBSP, ','),
        Lang::En => (',', '.'),
    }
}

/// A whole number with thousands grouped: `2 712` (fi, sv), `2,712` (en).
pub fn integer(value: i64, lang: Lang) -> String {
    let (thousands, _) = separators(lang);
    let sign = if value < 0 { "-" } else { "" };
    format!(
        "{sign}{}",
        group(&value.unsigned_abs().to_string(), thousands)
    )
}

/// An amount to the cent: `1 234 567,00 €` (fi, sv), `€1,234,567.00` (en).
pub fn money_full(amount: Money, lang: Lang) -> String {
    let (thousands, decimal) = separators(lang);
    let cents = amount.cents().unsigned_abs();
    let sign = if amount.cents() < 0 { "-" } else { "" };
    let euros = group(&(cents / 100).to_string(), thousands);
    let rest = cents % 100;
    match lang {
        Lang::En => format!("{sign}€{euros}{decimal}{rest:02}"),
        _ => format!("{sign}{euros}{decimal}{rest:02}{NBSP}€"),
    }
}

/// An amount in millions with one decimal, rounded half up: `103,5 M€` (fi, sv),
/// `€103.5M` (en). Exact arithmetic on cents; no floats.
pub fn money_millions(amount: Money, lang: Lang) -> String {
    let (thousands, decimal) = separators(lang);
    let cents = i128::from(amount.cents());
    // tenths of a million euros = cents / 10^7, rounded half away from zero
    let tenths = (cents.abs() + 5_000_000) / 10_000_000;
    let sign = if cents < 0 { "-" } else { "" };
    let whole = group(&(tenths / 10).to_string(), thousands);
    let frac = tenths % 10;
    let number = if frac == 0 {
        whole
    } else {
        format!("{whole}{decimal}{frac}")
    };
    match lang {
        Lang::En => format!("{sign}€{number}M"),
        _ => format!("{sign}{number}{NBSP}M€"),
    }
}

/// A percentage from basis points (hundredths of a percent) with one decimal: `29,0 %`.
pub fn percent_from_basis_points(bp: i64, lang: Lang) -> String {
    let (_, decimal) = separators(lang);
    let tenths = bp.unsigned_abs().saturating_add(5) / 10;
    let sign = if bp < 0 { "-" } else { "" };
    match lang {
        Lang::En => format!("{sign}{}{decimal}{}%", tenths / 10, tenths % 10),
        _ => format!("{sign}{}{decimal}{}{NBSP}%", tenths / 10, tenths % 10),
    }
}

/// A date as `3.3.2026` (fi, sv) or `3 March 2026` (en).
pub fn date(value: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Fi | Lang::Sv => format!("{}.{}.{}", value.day(), value.month(), value.year()),
        Lang::En => value.format("%-d %B %Y").to_string(),
    }
}

/// The day in Finland at a UTC instant (what "published on" means to a Finnish reader).
pub fn finnish_date(utc: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    finnish_time(utc.naive_utc()).date()
}

/// Finnish time at a UTC instant: UTC+2, and UTC+3 from the last Sunday of March to the last
/// Sunday of October at 01:00 UTC (the EU's summer-time rule).
pub fn finnish_time(utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::{Datelike, Duration, NaiveDate};
    let last_sunday = |month: u32| {
        let last = NaiveDate::from_ymd_opt(utc.year(), month, 31).unwrap_or_default();
        last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
    };
    let at_one = |d: NaiveDate| d.and_hms_opt(1, 0, 0).unwrap_or_default();
    let summer = utc >= at_one(last_sunday(3)) && utc < at_one(last_sunday(10));
    utc + Duration::hours(if summer { 3 } else { 2 })
}

/// An RFC 3339 instant in Finnish time: `2.12.2026 klo 8.15` (fi), `2.12.2026 kl. 8.15`
/// (sv), `2 December 2026, 08:15` (en). Text that is no instant comes back as it is.
pub fn instant(rfc3339: &str, lang: Lang) -> String {
    use chrono::Timelike;
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let local = finnish_time(at.naive_utc());
    let day = date(local.date(), lang);
    match lang {
        Lang::Fi => format!("{day} klo {}.{:02}", local.hour(), local.minute()),
        Lang::Sv => format!("{day} kl. {}.{:02}", local.hour(), local.minute()),
        Lang::En => format!("{day}, {:02}:{:02}", local.hour(), local.minute()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_show_in_finnish_time_with_summer_time() {
        assert_eq!(
            instant("2026-12-02T06:15:00+00:00", Lang::Fi),
            "2.12.2026 klo 8.15"
        );
        assert_eq!(
            instant("2026-07-01T06:15:00Z", Lang::Sv),
            "1.7.2026 kl. 9.15"
        );
        assert_eq!(
            instant("2026-03-29T00:59:00Z", Lang::En),
            "29 March 2026, 02:59"
        );
        assert_eq!(
            instant("2026-03-29T01:00:00Z", Lang::En),
            "29 March 2026, 04:00"
        );
        assert_eq!(
            instant("2026-10-25T00:59:00Z", Lang::Fi),
            "25.10.2026 klo 3.59"
        );
        assert_eq!(
            instant("2026-10-25T01:00:00Z", Lang::Fi),
            "25.10.2026 klo 3.00"
        );
        assert_eq!(instant("not a time", Lang::Fi), "not a time");
    }

    #[test]
    fn finnish_money_uses_spaces_and_a_comma() {
        assert_eq!(
            money_full(Money::from_cents(123_456_700), Lang::Fi),
            "1\u{a0}234\u{a0}567,00\u{a0}€"
        );
        assert_eq!(money_full(Money::from_cents(5), Lang::Fi), "0,05\u{a0}€");
        assert_eq!(
            money_full(Money::from_cents(123_456_700), Lang::En),
            "€1,234,567.00"
        );
    }

    #[test]
    fn millions_round_half_up_to_one_decimal() {
        assert_eq!(
            money_millions(Money::from_euros(103_500_000), Lang::Fi),
            "103,5\u{a0}M€"
        );
        assert_eq!(
            money_millions(Money::from_euros(61_600_000), Lang::Sv),
            "61,6\u{a0}M€"
        );
        assert_eq!(
            money_millions(Money::from_euros(30_000_000), Lang::Fi),
            "30\u{a0}M€"
        );
        assert_eq!(
            money_millions(Money::from_euros(30_049_999), Lang::Fi),
            "30\u{a0}M€"
        );
        assert_eq!(
            money_millions(Money::from_euros(30_050_000), Lang::En),
            "€30.1M"
        );
    }

    #[test]
    fn integers_and_percentages_follow_the_language() {
        assert_eq!(integer(2712, Lang::Fi), "2\u{a0}712");
        assert_eq!(integer(2712, Lang::En), "2,712");
        assert_eq!(integer(987, Lang::Fi), "987");
        assert_eq!(percent_from_basis_points(2899, Lang::Fi), "29,0\u{a0}%");
        assert_eq!(percent_from_basis_points(2899, Lang::En), "29.0%");
    }

    #[test]
    fn dates_are_written_the_local_way() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(date(d, Lang::Fi), "3.3.2026");
        assert_eq!(date(d, Lang::En), "3 March 2026");
    }
}
