//! The Finnish Business ID (Y-tunnus): seven digits, a hyphen and a mod-11 check digit.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Business ID whose form and check digit are valid.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BusinessId(String);

/// Why a text is not a Business ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BusinessIdError {
    #[error("a Business ID is seven digits, a hyphen and a check digit (1234567-8)")]
    Malformed,
    #[error("the check digit does not match")]
    WrongCheckDigit,
}

impl BusinessIdError {
    /// The message key of a form field with this error.
    pub fn message_key(self) -> &'static str {
        match self {
            BusinessIdError::Malformed => "business_id_malformed",
            BusinessIdError::WrongCheckDigit => "business_id_check_digit",
        }
    }
}

const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

/// The check digit of seven digits, or `None` when the remainder is 1 (no valid ID exists).
pub fn check_digit(digits: &[u32; 7]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some(11 - r),
    }
}

impl BusinessId {
    /// Parses `1234567-8`; surrounding spaces are ignored and a six-digit body gets its
    /// leading zero back (`123456-7` → `0123456-7`), as older registers print them.
    ///
    /// # Errors
    /// [`BusinessIdError::Malformed`] for the wrong shape, [`BusinessIdError::WrongCheckDigit`]
    /// when the last digit does not match.
    pub fn parse(text: &str) -> Result<Self, BusinessIdError> {
        let text = text.trim();
        let (body, check) = text.split_once('-').ok_or(BusinessIdError::Malformed)?;
        let body = if body.len() == 6 {
            format!("0{body}")
        } else {
            body.to_string()
        };
        if body.len() != 7 || check.len() != 1 {
            return Err(BusinessIdError::Malformed);
        }
        let mut digits = [0u32; 7];
        for (slot, c) in digits.iter_mut().zip(body.chars()) {
            *slot = c.to_digit(10).ok_or(BusinessIdError::Malformed)?;
        }
        let given = check
            .chars()
            .next()
            .and_then(|c| c.to_digit(10))
            .ok_or(BusinessIdError::Malformed)?;
        match check_digit(&digits) {
            Some(expected) if expected == given => Ok(BusinessId(format!("{body}-{given}"))),
            _ => Err(BusinessIdError::WrongCheckDigit),
        }
    }

    /// Builds the valid Business ID of a seven-digit number, if one exists.
    pub fn from_number(number: u32) -> Option<Self> {
        if number > 9_999_999 {
            return None;
        }
        let text = format!("{number:07}");
        let mut digits = [0u32; 7];
        for (slot, c) in digits.iter_mut().zip(text.chars()) {
            *slot = c.to_digit(10)?;
        }
        check_digit(&digits).map(|check| BusinessId(format!("{text}-{check}")))
    }

    /// The canonical text, `1234567-8`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for BusinessId {
    type Error = BusinessIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        BusinessId::parse(&value)
    }
}

impl From<BusinessId> for String {
    fn from(value: BusinessId) -> String {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_business_ids_are_accepted() {
        // Check digits computed by hand: weights 7, 9, 10, 5, 8, 4, 2; 11 minus the remainder.
        for id in ["0201256-6", "0245896-3", "1060155-5", "2245898-7"] {
            assert_eq!(
                BusinessId::parse(id).map(|b| b.to_string()),
                Ok(id.to_string()),
                "{id}"
            );
        }
    }

    #[test]
    fn a_six_digit_body_gets_its_leading_zero() {
        assert_eq!(
            BusinessId::parse(" 201256-6 ").unwrap().as_str(),
            "0201256-6"
        );
    }

    #[test]
    fn wrong_check_digit_is_refused() {
        assert_eq!(
            BusinessId::parse("0201256-7"),
            Err(BusinessIdError::WrongCheckDigit)
        );
        assert_eq!(
            BusinessId::parse("1060155-4"),
            Err(BusinessIdError::WrongCheckDigit)
        );
    }

    #[test]
    fn malformed_business_ids_are_refused() {
        for text in [
            "",
            "02012566",
            "0201256-",
            "020125-66",
            "abcdefg-1",
            "0201256-x",
            "00201256-6",
            "0201256–6",
        ] {
            assert_eq!(
                BusinessId::parse(text),
                Err(BusinessIdError::Malformed),
                "{text:?}"
            );
        }
    }

    #[test]
    fn remainder_one_has_no_valid_business_id() {
        // 0000010: sum = 1 * 2 = 2 → check 9; find a body with remainder 1 and expect None.
        let none = (0..100u32).find(|n| BusinessId::from_number(*n).is_none());
        assert!(none.is_some());
        for n in 0..2000u32 {
            if let Some(id) = BusinessId::from_number(n) {
                assert_eq!(BusinessId::parse(id.as_str()), Ok(id));
            }
        }
    }

    #[test]
    fn json_refuses_an_invalid_business_id() {
        assert!(serde_json::from_str::<BusinessId>("\"0201256-7\"").is_err());
        assert!(serde_json::from_str::<BusinessId>("\"0201256-6\"").is_ok());
    }
}
