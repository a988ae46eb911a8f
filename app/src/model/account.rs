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
    /// The kind of record (`project`, `subproject`, `report`, `city_region` …).
    #[serde(default)]
    pub entity: Option<String>,
    /// The record's id, within its kind.
    #[serde(default)]
    pub entity_id: Option<String>,
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
            entity: super::text::filter_value(self.entity.as_deref()),
            entity_id: super::text::filter_value(self.entity_id.as_deref()),
            page: self.page,
        }
    }

    /// The filter of an address's query, each value by its key (a blank one is none).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> AuditFilter {
        let value = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        AuditFilter {
            user: value("user"),
            from: value("from"),
            to: value("to"),
            entity: value("entity"),
            entity_id: value("entity_id"),
            page: value("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    }

    /// The filter's fields as an address's query holds them (its page aside).
    pub fn query_pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("user", &self.user),
            ("from", &self.from),
            ("to", &self.to),
            ("entity", &self.entity),
            ("entity_id", &self.entity_id),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.as_deref().map(|v| (key, v)))
        .collect()
    }
}

/// Ending one of the user's own sessions, by its public handle.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRevocation {
    pub handle: String,
}

/// The password form of the user's own account.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

/// Never shows a password.
impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordChange").finish_non_exhaustive()
    }
}

/// An admin's new account: one role, with its regions for a city coordinator, and a
/// temporary password the user must change at first sign-in.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserForm {
    pub email: String,
    pub display_name: String,
    pub role: String,
    /// City region codes (`form[regions][]`); none posts nothing.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Never kept with a refused form's input (see `server/src/refused_form.rs`): empty then.
    #[serde(default)]
    pub temporary_password: String,
}

/// Never shows the password.
impl std::fmt::Debug for NewUserForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUserForm")
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("regions", &self.regions)
            .finish_non_exhaustive()
    }
}

/// An account's new role (with its regions for a city coordinator), at the version the
/// form showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChange {
    pub id: i32,
    pub version: i32,
    pub role: String,
    #[serde(default)]
    pub regions: Vec<String>,
}

/// Disabling (`active` = false) or enabling an account, with a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessChange {
    pub id: i32,
    pub version: i32,
    pub active: bool,
    pub reason: String,
}

/// A forced password reset with a temporary password.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub id: i32,
    pub version: i32,
    pub temporary_password: String,
}

/// Never shows the password.
impl std::fmt::Debug for PasswordReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordReset")
            .field("id", &self.id)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// A personal API token as its owner's list shows it (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: i32,
    pub name: String,
    /// The secret's first characters, to tell tokens apart.
    pub prefix: String,
    pub can_write: bool,
    /// RFC 3339.
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Neither revoked nor expired.
    pub live: bool,
}

/// The new-token form as typed: `form[name]`, `form[expires_on]` (a day), `form[access]`
/// (`read` or `write`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInput {
    pub name: String,
    pub expires_on: String,
    pub access: String,
}

/// Revoking one of the user's tokens: `form[id]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRevocation {
    pub id: i32,
}

/// The account page's token section: the user's tokens, the secret of one just made (shown
/// once) and the expiry the form proposes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensPage {
    pub tokens: Vec<TokenInfo>,
    pub fresh_secret: Option<String>,
    /// `YYYY-MM-DD`, ninety days from today.
    pub proposed_expiry: String,
}

/// The longest a token may live, in days.
pub const TOKEN_MAX_DAYS: i64 = 366;
