//! Exact euros. `Money` is a whole number of cents: never a float, anywhere. It travels over the
//! wire as a decimal string ("1234.50") and is stored as `BIGINT` cents on every backend.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};
use std::str::FromStr;

/// An exact amount of euros, held as cents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// Why a text is not an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimals")]
    TooManyDecimals,
    #[error("out of range")]
    OutOfRange,
    #[error("negative")]
    Negative,
}

impl MoneyError {
    /// The validation message key the forms show for this error.
    pub fn message_key(self) -> &'static str {
        match self {
            MoneyError::NotANumber => "money_not_a_number",
            MoneyError::TooManyDecimals => "money_too_many_decimals",
            MoneyError::OutOfRange => "money_out_of_range",
            MoneyError::Negative => "money_negative",
        }
    }
}

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount accepted: 10^12 € (far above any programme's budget).
    pub const MAX: Money = Money(100_000_000_000_000);

    /// An amount from whole cents.
    pub const fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    /// An amount from whole euros.
    pub const fn from_euros(euros: i64) -> Self {
        Money(euros * 100)
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// The amount as an exact decimal of euros with two decimals.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// An exact amount from a decimal of euros.
    ///
    /// # Errors
    /// More than two significant decimals, or outside ±[`Money::MAX`].
    pub fn from_decimal(value: Decimal) -> Result<Self, MoneyError> {
        // Checked: a number of 27 or more digits would overflow the decimal (which panics).
        let scaled = value
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or(MoneyError::OutOfRange)?;
        if scaled.fract() != Decimal::ZERO {
            return Err(MoneyError::TooManyDecimals);
        }
        let cents = i64::try_from(scaled.trunc()).map_err(|_| MoneyError::OutOfRange)?;
        if cents.checked_abs().is_none_or(|c| c > Self::MAX.0) {
            return Err(MoneyError::OutOfRange);
        }
        Ok(Money(cents))
    }

    /// Parses what a person types, in Finnish or English style: `1 234,50`, `1234.50`,
    /// `1,234.50`, `1.234,50`, with or without `€`. A single separator followed by exactly
    /// three digits is read as a thousands separator only when it is a space.
    ///
    /// # Errors
    /// Anything that is not a non-negative amount with at most two decimals.
    pub fn parse_input(text: &str) -> Result<Self, MoneyError> {
        let cleaned: String = text
            .trim()
            .trim_end_matches('€')
            .trim_start_matches('€')
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
            .collect();
        if cleaned.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        if cleaned.is_empty()
            || !cleaned
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            return Err(MoneyError::NotANumber);
        }
        let last_comma = cleaned.rfind(',');
        let last_dot = cleaned.rfind('.');
        // The right-most separator is the decimal one when both appear; with one kind only,
        // it is decimal unless it repeats (then it groups thousands).
        let decimal_sep = match (last_comma, last_dot) {
            (Some(c), Some(d)) => Some(if c > d { ',' } else { '.' }),
            (Some(_), None) => (cleaned.matches(',').count() == 1).then_some(','),
            (None, Some(_)) => (cleaned.matches('.').count() == 1).then_some('.'),
            (None, None) => None,
        };
        let (int, frac) = match decimal_sep {
            Some(sep) => cleaned.rsplit_once(sep).unwrap_or((cleaned.as_str(), "")),
            None => (cleaned.as_str(), ""),
        };
        if frac.contains([',', '.']) || int.is_empty() && frac.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        let mut groups = int.split([',', '.']);
        let first = groups.next().unwrap_or("");
        let grouped = int.contains([',', '.']);
        if grouped && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3)) {
            return Err(MoneyError::NotANumber);
        }
        let digits: String = int.chars().filter(char::is_ascii_digit).collect();
        let normalised = format!(
            "{}.{}",
            if digits.is_empty() { "0" } else { &digits },
            if frac.is_empty() { "0" } else { frac }
        );
        let normalised = normalised.as_str();
        let value = Decimal::from_str(normalised).map_err(|_| MoneyError::NotANumber)?;
        Self::from_decimal(value)
    }

    /// The share of `self` in `total` in basis points of a percent (hundredths of a percent),
    /// rounded half away from zero; `None` when the total is zero.
    pub fn share_basis_points(self, total: Money) -> Option<i64> {
        if total.0 == 0 {
            return None;
        }
        let num = i128::from(self.0) * 10_000;
        let den = i128::from(total.0);
        let rounded = (2 * num + den.signum() * den) / (2 * den);
        i64::try_from(rounded).ok()
    }

    /// Adds, refusing to overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

// Sums of stored amounts saturate instead of panicking (debug) or wrapping (release). A
// single amount is at most `Money::MAX` (10^12 €), so a saturated sum would need some
// 90 000 maximal amounts; it is a guard against a panic on stored values, not a figure.
impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// Plain decimal notation with two decimals and a dot, as it travels in JSON and CSV.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_decimal())
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let value = Decimal::from_str(&text).map_err(serde::de::Error::custom)?;
        Money::from_decimal(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finnish_and_english_inputs_parse_to_the_same_cents() {
        for text in [
            "1 234,50",
            "1234.50",
            "1,234.50",
            "1.234,50",
            "1234,5",
            "€ 1 234,50",
            "1\u{a0}234,50 €",
        ] {
            assert_eq!(
                Money::parse_input(text),
                Ok(Money::from_cents(123_450)),
                "{text}"
            );
        }
        assert_eq!(
            Money::parse_input("1.234.567"),
            Ok(Money::from_euros(1_234_567))
        );
        assert_eq!(Money::parse_input("0,05"), Ok(Money::from_cents(5)));
    }

    #[test]
    fn bad_inputs_are_refused_with_a_reason() {
        assert_eq!(Money::parse_input(""), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_input("12abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_input("1,234,5"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_input("-5"), Err(MoneyError::Negative));
        assert_eq!(
            Money::parse_input("1,005"),
            Err(MoneyError::TooManyDecimals)
        );
        assert_eq!(
            Money::parse_input("10000000000000"),
            Err(MoneyError::OutOfRange)
        );
    }

    #[test]
    fn share_is_rounded_to_hundredths_of_a_percent() {
        let share = Money::from_euros(30).share_basis_points(Money::from_euros(103));
        assert_eq!(share, Some(2913));
        assert_eq!(Money::ZERO.share_basis_points(Money::ZERO), None);
    }

    proptest! {
        #[test]
        fn wire_format_round_trips(cents in -Money::MAX.cents()..=Money::MAX.cents()) {
            let money = Money::from_cents(cents);
            let json = serde_json::to_string(&money).unwrap();
            prop_assert!(json.starts_with('"'), "money must travel as a string, got {}", json);
            let back: Money = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, money);
        }

        #[test]
        fn typed_input_round_trips_through_finnish_format(cents in 0..=Money::MAX.cents()) {
            let money = Money::from_cents(cents);
            let shown = crate::model::format::money_full(money, crate::model::Lang::Fi);
            prop_assert_eq!(Money::parse_input(&shown), Ok(money));
        }
    }
}
