//! The signed-in user's own account: sessions and the password form; and the admin's view of
//! accounts and the audit log.

use super::auth::Role;
use serde::{Deserialize, Serialize};

/// One of the user's live sessions, as the session list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// A public name for the session (never the session id).
    pub handle: String,
    pub signed_in_at_unix: i64,
    pub expires_at_unix: i64,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request came with.
    pub current: bool,
}

/// A role assignment: the role, and the city region's code for a city coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub region: Option<String>,
}

/// An account as the admin's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub is_active: bool,
    pub must_change_password: bool,
    pub grants: Vec<RoleGrant>,
    pub last_login_at: Option<String>,
    pub version: i32,
}

/// One audit record as the admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i32,
    /// RFC 3339 time.
    pub at: String,
    pub user: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub changes: String,
    pub reason: Option<String>,
    pub client_addr: Option<String>,
}

/// A page of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub page: u32,
    pub page_count: u32,
    pub total: i64,
}

/// The audit log's filter, as in the page's query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// E-mail of the user who acted.
    pub user: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub page: u32,
}

impl AuditFilter {
    /// The filter with the e-mail cleaned at the boundary (see
    /// [`super::text::filter_value`]); dates are parsed by the service, which names a bad
    /// one.
    pub fn sanitized(&self) -> AuditFilter {
        AuditFilter {
            user: super::text::filter_value(self.user.as_deref()),
            from: super::text::filter_value(self.from.as_deref()),
            to: super::text::filter_value(self.to.as_deref()),
            page: self.page,
        }
    }
}
