//! Free text as the register keeps it, parsed once at the boundary: Unicode in its composed
//! form (NFC), line breaks as `\n`, no surrounding white space, and no characters that a
//! database refuses or a reader cannot see. Every text a form, an import or an API call
//! brings goes through [`clean`] and one of the checks here before a service sees it, so a
//! database constraint is never the first to say no.
//!
//! The checks give message keys, as the rest of the validation does:
//! `control_characters` and `too_long`.

use unicode_normalization::UnicodeNormalization;
use validator::ValidationError;

/// One line: a name, a code, a title, a reason given in one field.
pub const LINE: TextKind = TextKind::Line;
/// Several paragraphs: descriptions, report narratives, comments, story bodies.
pub const PARAGRAPHS: TextKind = TextKind::Paragraphs;

/// What a text field may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// One line: no line breaks, no tabs.
    Line,
    /// Paragraphs: line breaks and tabs allowed.
    Paragraphs,
}

/// The text as it is stored: NFC, `\r\n` and `\r` as `\n`, no byte-order marks, trimmed.
pub fn clean(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let composed: String = unified.nfc().filter(|c| *c != '\u{feff}').collect();
    composed.trim().to_string()
}

/// Whether `text` shows nothing: white space and invisible formatting characters only
/// (zero-width spaces and joiners, word joiners, soft hyphens, byte-order marks).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || ('\u{200b}'..='\u{200f}').contains(&c)
            || ('\u{2060}'..='\u{2064}').contains(&c)
            || matches!(c, '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{feff}')
    })
}

/// Whether `c` may stand in a text of `kind`. Refused everywhere: the C0 and C1 control
/// characters (NUL among them, which PostgreSQL cannot store and SQLite cuts text at), the
/// bidirectional overrides and isolates that make text read differently from what it is,
/// the Unicode line and paragraph separators, and the noncharacters U+FFFE and U+FFFF.
pub fn allowed(c: char, kind: TextKind) -> bool {
    let multi_line_break = kind == TextKind::Paragraphs && matches!(c, '\n' | '\t' | '\r');
    if multi_line_break {
        return true;
    }
    !(c.is_control()
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || c == '\u{2028}'
        || c == '\u{2029}'
        || c == '\u{fffe}'
        || c == '\u{ffff}')
}

/// The message key of what is wrong with `text` as a `kind` of at most `max_chars`
/// characters, or `None` when it is fine. Empty text is fine here; whether a field is
/// required is its own rule.
pub fn problem(text: &str, kind: TextKind, max_chars: usize) -> Option<&'static str> {
    if !text.chars().all(|c| allowed(c, kind)) {
        Some("control_characters")
    } else if text.chars().count() > max_chars {
        Some("too_long")
    } else {
        None
    }
}

/// Cleans `text` and checks it as `kind` of at most `max_chars`; with `required`, empty text
/// is `required`. Any problem is added to `errors` under `field`; the cleaned text is returned
/// either way.
pub fn parse_into(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    text: &str,
    kind: TextKind,
    max_chars: usize,
    required: bool,
) -> String {
    let cleaned = clean(text);
    let key = if required && is_blank(&cleaned) {
        Some("required")
    } else {
        problem(&cleaned, kind, max_chars)
    };
    if let Some(key) = key {
        errors
            .entry(field.to_string())
            .or_default()
            .push(key.to_string());
    }
    cleaned
}

/// [`parse_into`] for a single field: the cleaned text, or that field's error.
///
/// # Errors
/// [`crate::error::AppError::Validation`] naming `field`.
pub fn parse(
    field: &str,
    text: &str,
    kind: TextKind,
    max_chars: usize,
    required: bool,
) -> Result<String, crate::error::AppError> {
    let mut errors = crate::error::FieldErrors::new();
    let cleaned = parse_into(&mut errors, field, text, kind, max_chars, required);
    if errors.is_empty() {
        Ok(cleaned)
    } else {
        Err(crate::error::AppError::Validation(errors))
    }
}

/// A search or filter value from an address: cleaned, with the characters [`allowed`]
/// refuses left out and at most 200 characters kept; `None` when nothing is left. A filter
/// never refuses: a value that matches nothing finds nothing.
pub fn filter_value(value: Option<&str>) -> Option<String> {
    let kept: String = clean(value?)
        .chars()
        .filter(|c| allowed(*c, TextKind::Line))
        .take(200)
        .collect();
    (!kept.is_empty()).then_some(kept)
}

/// `validator` rule: one line without control characters (the length is its own rule).
///
/// # Errors
/// `control_characters`.
pub fn line(text: &str) -> Result<(), ValidationError> {
    match problem(text, TextKind::Line, usize::MAX) {
        Some(key) => Err(ValidationError::new(key)),
        None => Ok(()),
    }
}

/// `validator` rule: paragraphs without control characters other than line breaks and tabs.
///
/// # Errors
/// `control_characters`.
pub fn paragraphs(text: &str) -> Result<(), ValidationError> {
    match problem(text, TextKind::Paragraphs, usize::MAX) {
        Some(key) => Err(ValidationError::new(key)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_other_control_characters_are_refused_in_every_kind() {
        for bad in [
            "\0",
            "a\0b",
            "\u{7}",
            "\u{1b}[31m",
            "\u{85}",
            "x\u{202e}gpj.exe",
        ] {
            assert_eq!(
                problem(bad, LINE, 100),
                Some("control_characters"),
                "{bad:?}"
            );
            assert_eq!(
                problem(bad, PARAGRAPHS, 100),
                Some("control_characters"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn line_breaks_and_tabs_belong_to_paragraphs_only() {
        assert_eq!(problem("a\nb", LINE, 100), Some("control_characters"));
        assert_eq!(problem("a\tb", LINE, 100), Some("control_characters"));
        assert_eq!(problem("a\nb\tc", PARAGRAPHS, 100), None);
    }

    #[test]
    fn length_counts_characters_after_composition() {
        // "ä" as a plus a combining diaeresis: two code points typed, one character stored.
        let decomposed = "a\u{308}".repeat(10);
        let cleaned = clean(&decomposed);
        assert_eq!(cleaned, "ä".repeat(10));
        assert_eq!(problem(&cleaned, LINE, 10), None);
        assert_eq!(problem(&"ä".repeat(11), LINE, 10), Some("too_long"));
    }

    #[test]
    fn cleaning_unifies_line_breaks_drops_byte_order_marks_and_trims() {
        assert_eq!(
            clean("\u{feff}  Rivi 1\r\nRivi 2\rRivi 3  "),
            "Rivi 1\nRivi 2\nRivi 3"
        );
    }

    #[test]
    fn invisible_characters_alone_are_blank() {
        assert!(is_blank("\u{200b}\u{2060} \u{ad}"));
        assert!(!is_blank("\u{200b}a"));
    }

    #[test]
    fn html_and_sql_metacharacters_are_ordinary_text() {
        let text = "</textarea><b>'; DROP TABLE project; --\"&";
        assert_eq!(problem(text, LINE, 100), None);
        assert_eq!(clean(text), text);
    }

    #[test]
    fn filters_drop_what_they_cannot_match_and_never_refuse() {
        assert_eq!(filter_value(Some(" tam\0pere ")), Some("tampere".into()));
        assert_eq!(filter_value(Some("\u{1}")), None);
        assert_eq!(filter_value(None), None);
        assert_eq!(
            filter_value(Some(&"x".repeat(1000))).map(|v| v.len()),
            Some(200)
        );
    }

    #[test]
    fn a_required_field_of_white_space_only_is_missing() {
        let mut errors = crate::error::FieldErrors::new();
        let cleaned = parse_into(&mut errors, "name", " \u{feff} ", LINE, 10, true);
        assert_eq!(cleaned, "");
        assert_eq!(errors["name"], ["required"]);
    }
}
