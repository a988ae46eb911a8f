//! What a new password must be: 12 to 128 characters, not a common password (nor a common
//! password with digits or symbols added), no composition rules (OWASP ASVS 2.1).
//!
//! `common_passwords.txt` is the 30 000 most common passwords of the zxcvbn project
//! (MIT licence), lower-cased.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Shortest and longest passwords accepted (OWASP ASVS 2.1.1 and 2.1.2).
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../common_passwords.txt").lines().collect());

/// Words that are common in this service's own context.
const CONTEXT_WORDS: [&str; 6] = [
    "innocities",
    "innokaupungit",
    "innostäder",
    "salasana",
    "lösenord",
    "password",
];

/// Whether `password` is a common one, possibly with digits or symbols around it, or one
/// character or a short pattern repeated.
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    if COMMON.contains(lower.as_str()) || COMMON.contains(core) || CONTEXT_WORDS.contains(&core) {
        return true;
    }
    let chars: Vec<char> = lower.chars().collect();
    (1..=4).any(|period| {
        chars.len() > period
            && chars
                .iter()
                .enumerate()
                .all(|(i, c)| *c == chars[i % period])
    }) || is_sequence(&chars)
}

/// `123456789012`, `abcdefghijkl` and their reverses.
fn is_sequence(chars: &[char]) -> bool {
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    !steps.is_empty()
        && (steps.iter().all(|s| *s == 1 || *s == -9) || steps.iter().all(|s| *s == -1 || *s == 9))
}

/// Checks a new password against the policy.
///
/// # Errors
/// The message key: `password_too_short`, `password_too_long` or `password_common`.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        Err("password_too_short")
    } else if chars > PASSWORD_MAX_CHARS {
        Err("password_too_long")
    } else if is_common(password) {
        Err("password_common")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_between_12_and_128_characters_are_accepted() {
        assert_eq!(check_new_password("short pass"), Err("password_too_short"));
        assert_eq!(check_new_password("river otter lamp"), Ok(()));
        assert_eq!(
            check_new_password(&"äö".repeat(64)),
            Err("password_common"),
            "a repeated pattern"
        );
        assert_eq!(
            check_new_password(&"kuusi kesää ".repeat(10)[..120]),
            Ok(())
        );
        assert_eq!(
            check_new_password(&"a".repeat(129)),
            Err("password_too_long")
        );
    }

    #[test]
    fn common_passwords_and_their_decorated_forms_are_refused() {
        for bad in [
            "password1234",
            "qwertyuiop12",
            "Dragon123456",
            "!!sunshine2024",
            "123456789012",
            "aaaaaaaaaaaa",
            "abcabcabcabc",
            "Innokaupungit2026",
        ] {
            assert_eq!(check_new_password(bad), Err("password_common"), "{bad}");
        }
        assert_eq!(
            check_new_password("InnoCities-demo-2026"),
            Ok(()),
            "the demo password is not on the list"
        );
    }
}
