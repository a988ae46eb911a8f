//! The five funding sources of the programme and a value per source ([`BySource`]): planned
//! or realised money of a subproject, a region or the nation, and the amounts a form posts
//! (`…[eu]`, `…[state]`, `…[city]`, `…[other_public]`, `…[private]`).

use super::Money;
use serde::{Deserialize, Serialize};
use std::ops::{Add, Index, IndexMut};

/// A funding source, in the programme's fixed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Eu,
    State,
    City,
    OtherPublic,
    Private,
}

impl Source {
    /// Every source, in the order tables and forms show them.
    pub const ALL: [Source; 5] = [
        Source::Eu,
        Source::State,
        Source::City,
        Source::OtherPublic,
        Source::Private,
    ];

    /// The source's code in the reference table, in form field names and in files.
    pub fn code(self) -> &'static str {
        match self {
            Source::Eu => "eu",
            Source::State => "state",
            Source::City => "city",
            Source::OtherPublic => "other_public",
            Source::Private => "private",
        }
    }

    pub fn from_code(code: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One value per funding source. Serialised with the sources' codes as keys; reads the
/// older five-element arrays (in [`Source::ALL`] order) too, as frozen roll-ups hold them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BySource<T> {
    pub eu: T,
    pub state: T,
    pub city: T,
    pub other_public: T,
    pub private: T,
}

impl<T> BySource<T> {
    /// A value for each source from `f`.
    pub fn from_fn(mut f: impl FnMut(Source) -> T) -> Self {
        BySource {
            eu: f(Source::Eu),
            state: f(Source::State),
            city: f(Source::City),
            other_public: f(Source::OtherPublic),
            private: f(Source::Private),
        }
    }

    /// The sources with their values, in [`Source::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Source, &T)> {
        Source::ALL.into_iter().map(move |s| (s, &self[s]))
    }

    /// The values, in [`Source::ALL`] order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        Source::ALL.into_iter().map(move |s| &self[s])
    }

    /// Each value turned by `f`, source by source.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> BySource<U> {
        BySource {
            eu: f(self.eu),
            state: f(self.state),
            city: f(self.city),
            other_public: f(self.other_public),
            private: f(self.private),
        }
    }
}

impl<T> Index<Source> for BySource<T> {
    type Output = T;

    fn index(&self, source: Source) -> &T {
        match source {
            Source::Eu => &self.eu,
            Source::State => &self.state,
            Source::City => &self.city,
            Source::OtherPublic => &self.other_public,
            Source::Private => &self.private,
        }
    }
}

impl<T> IndexMut<Source> for BySource<T> {
    fn index_mut(&mut self, source: Source) -> &mut T {
        match source {
            Source::Eu => &mut self.eu,
            Source::State => &mut self.state,
            Source::City => &mut self.city,
            Source::OtherPublic => &mut self.other_public,
            Source::Private => &mut self.private,
        }
    }
}

impl<T> From<[T; 5]> for BySource<T> {
    /// From values in [`Source::ALL`] order.
    fn from([eu, state, city, other_public, private]: [T; 5]) -> Self {
        BySource {
            eu,
            state,
            city,
            other_public,
            private,
        }
    }
}

impl<T> IntoIterator for BySource<T> {
    type Item = T;
    type IntoIter = std::array::IntoIter<T, 5>;

    /// The values, in [`Source::ALL`] order.
    fn into_iter(self) -> Self::IntoIter {
        [
            self.eu,
            self.state,
            self.city,
            self.other_public,
            self.private,
        ]
        .into_iter()
    }
}

impl BySource<Money> {
    /// The sum over every source.
    pub fn total(&self) -> Money {
        self.values().copied().sum()
    }

    /// EU and state funding together (the programme's public funding).
    pub fn eu_state(&self) -> Money {
        self.eu + self.state
    }

    /// The city's share of the total in basis points (hundredths of a percent).
    pub fn city_share_basis_points(&self) -> Option<i64> {
        self.city.share_basis_points(self.total())
    }
}

impl Add for BySource<Money> {
    type Output = BySource<Money>;

    fn add(self, other: BySource<Money>) -> BySource<Money> {
        BySource::from_fn(|s| self[s] + other[s])
    }
}

/// Money by source as a form posts it, as typed.
pub type SourcesInput = BySource<String>;

/// The amounts of a form, exact; an empty field is zero. A field that is not an amount
/// adds its message under its name in `fields`, and counts as zero.
pub fn parse_amounts(
    typed: &SourcesInput,
    fields: &BySource<&str>,
    errors: &mut crate::error::FieldErrors,
) -> BySource<Money> {
    BySource::from_fn(|source| {
        let text = typed[source].trim();
        if text.is_empty() {
            return Money::ZERO;
        }
        Money::parse_input(text).unwrap_or_else(|e| {
            errors
                .entry(fields[source].to_owned())
                .or_default()
                .push(e.message_key().into());
            Money::ZERO
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_each_source_once_in_order() {
        let codes: Vec<_> = Source::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, ["eu", "state", "city", "other_public", "private"]);
        for s in Source::ALL {
            assert_eq!(Source::from_code(s.code()), Some(s));
        }
        assert_eq!(Source::from_code("EU"), None);
    }

    #[test]
    fn sums_and_shares_are_exact() {
        let m = BySource::from_fn(|s| Money::from_cents(100 * (s as i64 + 1)));
        assert_eq!(m.total(), Money::from_cents(1500));
        assert_eq!(m.eu_state(), Money::from_cents(300));
        assert_eq!(m.city_share_basis_points(), Some(2000));
        assert_eq!((m + m).private, Money::from_cents(1000));
        let cents: Vec<_> = m.into_iter().map(Money::cents).collect();
        assert_eq!(cents, [100, 200, 300, 400, 500]);
    }

    #[test]
    fn reads_keys_and_the_older_arrays_alike() {
        let m = BySource::from_fn(|s| Money::from_cents(s as i64));
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.starts_with("{\"eu\":"), "{json}");
        assert_eq!(serde_json::from_str::<BySource<Money>>(&json).unwrap(), m);
        let array = serde_json::to_string(&m.into_iter().collect::<Vec<_>>()).unwrap();
        assert_eq!(serde_json::from_str::<BySource<Money>>(&array).unwrap(), m);
    }
}
