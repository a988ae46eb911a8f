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
pub struct ProjectFilter {
    pub region: Option<String>,
    pub theme: Option<String>,
    pub status: Option<ProjectStatus>,
    /// 1-based page number.
    pub page: u32,
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
    /// Whether the user may register new packages (a city coordinator).
    pub can_create: bool,
}

/// Rows per page of the project list.
pub const PAGE_SIZE: u32 = 25;
