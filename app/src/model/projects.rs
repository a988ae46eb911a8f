//! The project list: its filter, rows and the choices the filter offers.

use super::{Money, Names};
use serde::{Deserialize, Serialize};

/// The life-cycle status of a project package or subproject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectStatus {
    Planned,
    Ongoing,
    Closed,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 3] = [
        ProjectStatus::Planned,
        ProjectStatus::Ongoing,
        ProjectStatus::Closed,
    ];

    /// The code stored in the database and used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::Ongoing => "ongoing",
            ProjectStatus::Closed => "closed",
        }
    }

    /// Parses a stored or URL code.
    pub fn from_code(code: &str) -> Option<ProjectStatus> {
        ProjectStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The list's filter, as it stands in the page's query string. Empty means "all".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectFilter {
    pub region: Option<String>,
    pub theme: Option<String>,
    pub status: Option<ProjectStatus>,
    /// Action code.
    pub action: Option<String>,
    /// Regional council code.
    pub council: Option<String>,
    /// Business ID of a lead or implementing organisation.
    pub organisation: Option<String>,
    /// Active on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Active on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Words of the name (any language) or code.
    pub q: Option<String>,
    /// Sort column: one of [`SORT_KEYS`]; code when empty.
    pub sort: Option<String>,
    /// Descending order.
    pub desc: bool,
    /// 1-based page number.
    pub page: u32,
}

impl ProjectFilter {
    /// The filter of the list's address (`?region=…&status=…`), `value` giving a query
    /// parameter: empty parameters, an unknown status or sort key and a page that is not a
    /// number are left out. The list page and its downloads read it alike.
    pub fn from_query(value: impl Fn(&str) -> Option<String>) -> Self {
        let non_empty = |key: &str| value(key).filter(|v| !v.is_empty());
        ProjectFilter {
            region: non_empty("region"),
            theme: non_empty("theme"),
            status: non_empty("status").and_then(|s| ProjectStatus::from_code(&s)),
            action: non_empty("action"),
            council: non_empty("council"),
            organisation: non_empty("organisation"),
            from: non_empty("from"),
            to: non_empty("to"),
            q: non_empty("q"),
            sort: non_empty("sort").filter(|s| SORT_KEYS.contains(&s.as_str())),
            desc: non_empty("desc").is_some(),
            page: non_empty("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    }

    /// The filter with every text cleaned at the boundary (see
    /// [`super::text::filter_value`]) and the dates parsed: a date that is no date is left
    /// out.
    pub fn sanitized(&self) -> ProjectFilter {
        let text = |v: &Option<String>| super::text::filter_value(v.as_deref());
        let day = |v: &Option<String>| {
            v.as_deref()
                .and_then(|d| super::dates::parse(d).ok())
                .map(|d| d.to_string())
        };
        ProjectFilter {
            region: text(&self.region),
            theme: text(&self.theme),
            status: self.status,
            action: text(&self.action),
            council: text(&self.council),
            organisation: text(&self.organisation),
            from: day(&self.from),
            to: day(&self.to),
            q: text(&self.q),
            sort: text(&self.sort),
            desc: self.desc,
            page: self.page,
        }
    }
}

/// The columns the list sorts by.
pub const SORT_KEYS: [&str; 8] = [
    "code",
    "name",
    "region",
    "theme",
    "status",
    "subprojects",
    "funding",
    "starts",
];

pub(crate) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

impl ProjectFilter {
    /// The list's address for this filter on `page`, sorted by `sort` (descending when
    /// `desc`).
    pub fn href(&self, page: u32, sort: Option<&str>, desc: bool) -> String {
        let mut parts = Vec::new();
        let fields = [
            ("q", &self.q),
            ("region", &self.region),
            ("theme", &self.theme),
            ("action", &self.action),
            ("council", &self.council),
            ("organisation", &self.organisation),
            ("from", &self.from),
            ("to", &self.to),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                parts.push(format!("{key}={}", encode(value)));
            }
        }
        if let Some(status) = self.status {
            parts.push(format!("status={}", status.code()));
        }
        if let Some(sort) = sort {
            parts.push(format!("sort={sort}"));
        }
        if desc {
            parts.push("desc=1".into());
        }
        parts.push(format!("page={page}"));
        format!("/projects?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_addresses_keep_every_filter_and_encode_text() {
        let filter = ProjectFilter {
            q: Some("säh & co".into()),
            region: Some("tampere".into()),
            status: Some(ProjectStatus::Ongoing),
            ..Default::default()
        };
        assert_eq!(
            filter.href(2, Some("funding"), true),
            "/projects?q=s%C3%A4h+%26+co&region=tampere&status=ongoing&sort=funding&desc=1&page=2"
        );
    }
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: i32,
    pub code: String,
    pub name: Names,
    pub region: Names,
    pub theme: Names,
    pub status: ProjectStatus,
    pub subprojects: i64,
    pub planned_funding: Money,
}

/// A code and its names, for filter menus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub name: Names,
}

/// A page of the list, with the totals of the whole filtered set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPage {
    pub rows: Vec<ProjectRow>,
    pub total_projects: i64,
    pub total_funding: Money,
    pub page: u32,
    pub page_count: u32,
    pub regions: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub actions: Vec<Choice>,
    pub councils: Vec<Choice>,
    /// Whether the user may register new packages (a city coordinator).
    pub can_create: bool,
}

/// Rows per page of the project list.
pub const PAGE_SIZE: u32 = 25;
