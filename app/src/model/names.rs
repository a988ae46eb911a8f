//! A name or text in the three interface languages, Finnish required.

use super::Lang;
use serde::{Deserialize, Serialize};

/// Texts in Finnish, Swedish and English; a missing translation falls back to Finnish.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    pub fi: String,
    pub sv: Option<String>,
    pub en: Option<String>,
}

impl Names {
    /// The same text in every language (a proper name such as a city's).
    pub fn same(text: impl Into<String>) -> Self {
        Names {
            fi: text.into(),
            sv: None,
            en: None,
        }
    }

    /// The text in `lang`, or the Finnish one when that translation is missing or blank.
    pub fn get(&self, lang: Lang) -> &str {
        let translated = match lang {
            Lang::Fi => None,
            Lang::Sv => self.sv.as_deref(),
            Lang::En => self.en.as_deref(),
        };
        translated
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.fi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_translation_falls_back_to_finnish() {
        let names = Names {
            fi: "Kestävä siirtymä".into(),
            sv: Some(" ".into()),
            en: Some("Sustainable transition".into()),
        };
        assert_eq!(names.get(Lang::Sv), "Kestävä siirtymä");
        assert_eq!(names.get(Lang::En), "Sustainable transition");
    }
}
