//! Publishing the key figures: the public page shows what the national team published, and
//! the national team sees what is waiting for publication.

use super::figures::KeyFigures;
use super::{Money, Names};
use serde::{Deserialize, Serialize};

/// One published set of key figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub id: i32,
    /// RFC 3339.
    pub published_at: String,
    pub published_by: Option<String>,
    pub note: Option<String>,
}

/// A key figure's value, for comparing the published figures with the live ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FigureValue {
    Count(i64),
    Money(Money),
}

/// The publication page: the live figures beside the published ones, and the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationStatus {
    pub live: KeyFigures,
    pub published: Option<KeyFigures>,
    /// Whether any data behind the figures changed since the latest publication (even when
    /// the figures themselves came out the same).
    pub changed_since: bool,
    /// Newest first.
    pub history: Vec<Publication>,
    /// The data version the live figures are of: publishing sends it back, and is refused
    /// when the data changed since (someone saved after the page was opened).
    pub data_version: i64,
}

/// One figure a publication states: the key of its label (a theme's is `theme:<code>`, and
/// its name comes with it) and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureRow {
    pub key: String,
    pub name: Option<Names>,
    pub value: FigureValue,
}

/// A figure whose published and live values differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingFigure {
    pub key: String,
    pub name: Option<Names>,
    /// `None` when it was never published.
    pub published: Option<FigureValue>,
    pub live: FigureValue,
}

/// The figures a publication states, in the order the public page shows them.
pub fn figure_rows(f: &KeyFigures) -> Vec<FigureRow> {
    use FigureValue::{Count, Money as Euros};
    let mut rows: Vec<FigureRow> = [
        ("projects", Count(f.projects)),
        ("subprojects", Count(f.subprojects)),
        ("organisations", Count(f.organisations)),
        ("councils", Count(f.councils)),
        ("total_funding", Euros(f.total_funding)),
        ("eu_state_funding", Euros(f.eu_state_funding)),
        ("city_funding", Euros(f.city_funding)),
        ("platforms_target", Count(f.platforms_target)),
        ("companies_target", Count(f.companies_target)),
        ("innovations_target", Count(f.innovations_target)),
        ("platforms_actual", Count(f.platforms_actual)),
        ("companies_actual", Count(f.companies_actual)),
        ("innovations_actual", Count(f.innovations_actual)),
    ]
    .into_iter()
    .map(|(key, value)| FigureRow {
        key: key.to_string(),
        name: None,
        value,
    })
    .collect();
    rows.extend(f.by_theme.iter().map(|theme| FigureRow {
        key: format!("theme:{}", theme.code),
        name: Some(theme.name.clone()),
        value: Euros(theme.total_funding),
    }));
    rows
}

/// The figures whose published and live values differ.
pub fn waiting(published: Option<&KeyFigures>, live: &KeyFigures) -> Vec<WaitingFigure> {
    let before = published.map(figure_rows).unwrap_or_default();
    figure_rows(live)
        .into_iter()
        .filter_map(|row| {
            let then = before.iter().find(|b| b.key == row.key).map(|b| b.value);
            (then != Some(row.value)).then_some(WaitingFigure {
                key: row.key,
                name: row.name,
                published: then,
                live: row.value,
            })
        })
        .collect()
}

/// Publishing the figures as they stand: `seen` is the change counter the page showed, so
/// nothing that changed since is published unreviewed; `note` is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publishing {
    pub seen: i64,
    pub note: String,
}
