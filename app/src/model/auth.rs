//! Roles, the signed-in user as the browser sees it, and the sign-in form.

use serde::{Deserialize, Serialize};

/// A role, ordered from least to most national reach (admin manages people, not data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    CityCoordinator,
    MinistryViewer,
    NationalCoordinator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::CityCoordinator,
        Role::MinistryViewer,
        Role::NationalCoordinator,
        Role::Admin,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::CityCoordinator => "city_coordinator",
            Role::MinistryViewer => "ministry_viewer",
            Role::NationalCoordinator => "national_coordinator",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The signed-in user, as pages need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// Codes of the city regions a city coordinator works for.
    pub region_codes: Vec<String>,
    /// The password is temporary and must be changed before anything else.
    pub must_change_password: bool,
}

/// The sign-in form as posted; `next` is where to go afterwards (a local path).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: Option<String>,
}

/// Never shows the password.
impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm")
            .field("email", &self.email)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}
