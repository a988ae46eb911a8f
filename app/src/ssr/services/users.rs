//! User accounts: creating them, signing in, and loading the principal of a session.

use super::audit::{self, Entry};
use super::password_policy::{PASSWORD_MAX_CHARS, check_new_password};
use super::versioned::in_transaction;
use super::{sessions, throttle};
use crate::error::AppError;
use crate::model::auth::Role;
use crate::ssr::access::Principal;
use crate::ssr::password::{self, Verified};
use entity::{app_user, city_region, role_assignment};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionSession, TransactionTrait,
};

/// Sign-in input that passed the boundary checks.
#[derive(Clone)]
pub struct Credentials {
    email: String,
    password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Trims and lower-cases the e-mail; both fields must be filled.
    ///
    /// # Errors
    /// [`AppError::Validation`] with `required` on each empty field.
    pub fn parse(email: &str, password: &str) -> Result<Self, AppError> {
        let email = crate::model::text::clean(email).to_lowercase();
        let mut errors = crate::error::FieldErrors::new();
        if email.is_empty() {
            errors.insert("email".into(), vec!["required".into()]);
        } else if crate::model::text::problem(&email, crate::model::text::LINE, 254).is_some() {
            // No account has such an address; it is not worth a throttled attempt or an
            // audit row with control characters in it.
            errors.insert("email".into(), vec!["invalid_email".into()]);
        }
        if password.is_empty() {
            errors.insert("password".into(), vec!["required".into()]);
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        // Longer input is never a valid password; do not spend argon2 time on it.
        let password: String = password.chars().take(PASSWORD_MAX_CHARS + 1).collect();
        Ok(Credentials { email, password })
    }
}

/// Striped locks that serialise sign-in attempts per account (within this server process).
fn account_lock(email: &str) -> &'static tokio::sync::Mutex<()> {
    use std::hash::{Hash, Hasher};
    static STRIPES: std::sync::LazyLock<Vec<tokio::sync::Mutex<()>>> =
        std::sync::LazyLock::new(|| (0..64).map(|_| tokio::sync::Mutex::new(())).collect());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    email.hash(&mut hasher);
    &STRIPES[(hasher.finish() % 64) as usize]
}

/// Verifies credentials. Unknown e-mail, wrong password and a disabled account give the
/// same answer in the same time. A throttled attempt is refused before any hashing. Every
/// attempt is audited.
///
/// # Errors
/// [`AppError::Throttled`], [`AppError::InvalidCredentials`], or [`AppError::Internal`] when
/// the database fails.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    credentials: &Credentials,
    client_addr: Option<&str>,
    now: i64,
) -> Result<app_user::Model, AppError> {
    // One attempt per account at a time: a parallel burst waits here and then meets the
    // count of the attempts before it.
    let _one_at_a_time = account_lock(&credentials.email).lock().await;
    let keys = throttle::keys(&credentials.email, client_addr);
    let addr = client_addr.map(str::to_string);
    if let Err(throttled) = throttle::check(db, &keys, now).await {
        crate::ssr::metrics::count(
            "innocities_sign_in_failures_total",
            &[("kind", "throttled")],
        );
        let entry = Entry::new("sign_in_throttled", "app_user", None)
            .changes(serde_json::json!({ "email": credentials.email }))
            .from_addr(addr);
        audit::record(db, entry).await?;
        return Err(throttled);
    }
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(credentials.email.as_str()))
        .one(db)
        .await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let verified = password::verify(credentials.password.clone(), stored).await?;
    match (user, verified) {
        (Some(user), Verified::Yes | Verified::YesRehash) if user.is_active => {
            let mut active: app_user::ActiveModel = user.clone().into();
            active.last_login_at = Set(Some(chrono::Utc::now()));
            if verified == Verified::YesRehash {
                active.password_hash = Set(password::hash(credentials.password.clone()).await?);
            }
            let user = active.update(db).await?;
            throttle::clear_account(db, &credentials.email).await?;
            let entry = Entry::new("sign_in", "app_user", Some(user.id.to_string()))
                .by(Some(user.id))
                .from_addr(addr);
            audit::record(db, entry).await?;
            Ok(user)
        }
        (user, _) => {
            throttle::record_failure(db, &keys, now).await?;
            crate::ssr::metrics::count("innocities_sign_in_failures_total", &[("kind", "failed")]);
            let entry = Entry::new(
                "sign_in_failed",
                "app_user",
                user.as_ref().map(|u| u.id.to_string()),
            )
            .changes(serde_json::json!({ "email": credentials.email }))
            .from_addr(addr);
            audit::record(db, entry).await?;
            Err(AppError::InvalidCredentials)
        }
    }
}

/// Changes the user's own password after checking the current one. Every other session of
/// the user ends; the returned epoch re-signs the current one.
///
/// # Errors
/// [`AppError::Validation`] (`current_password`: `wrong_password`; `new_password`: policy
/// keys; `confirm_password`: `passwords_differ`), [`AppError::Internal`] on database failure.
pub async fn change_password(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i32,
    current: &str,
    new: &str,
    confirm: &str,
    keep_handle: Option<&str>,
) -> Result<i32, AppError> {
    let user = app_user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let _one_at_a_time = account_lock(&user.email).lock().await;
    let now = chrono::Utc::now().timestamp();
    // Guessing the current password with a stolen session is throttled like signing in.
    let keys = throttle::keys(&user.email, None);
    throttle::check(db, &keys, now).await?;
    let mut errors = new_password_errors(current, new, confirm);
    let current: String = current.chars().take(PASSWORD_MAX_CHARS + 1).collect();
    if password::verify(current, Some(user.password_hash.clone())).await? == Verified::No {
        errors.insert("current_password".into(), vec!["wrong_password".into()]);
        throttle::record_failure(db, &keys, now).await?;
        let entry = Entry::new(
            "password_change_failed",
            "app_user",
            Some(user_id.to_string()),
        )
        .by(Some(user_id));
        audit::record(db, entry).await?;
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let hash = password::hash(new.to_string()).await?;
    let txn = crate::ssr::db::begin_write(db).await?;
    let epoch = user.session_epoch + 1;
    // Only over the account as it was read: an admin's reset in between is not overwritten.
    let updated = app_user::Entity::update_many()
        .col_expr(app_user::Column::PasswordHash, Expr::value(hash))
        .col_expr(app_user::Column::MustChangePassword, Expr::value(false))
        .col_expr(app_user::Column::SessionEpoch, Expr::value(epoch))
        .col_expr(app_user::Column::Version, Expr::value(user.version + 1))
        .col_expr(app_user::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(app_user::Column::Id.eq(user_id))
        .filter(app_user::Column::Version.eq(user.version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::Conflict);
    }
    let ended = sessions::revoke_all_sessions(&txn, user_id, keep_handle).await?;
    let entry = Entry::new("password_change", "app_user", Some(user_id.to_string()))
        .by(Some(user_id))
        .changes(serde_json::json!({ "other_sessions_ended": ended }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(epoch)
}

/// The principal of the active account with `email` (for the command line, which acts as a
/// user without a session).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn principal_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<Principal>, AppError> {
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await?;
    match user {
        Some(user) => load_principal(db, user.id, user.session_epoch).await,
        None => Ok(None),
    }
}

/// The principal of `user_id`, if the account is active and `epoch` is still its session
/// epoch (a password change or disabling bumps it and so ends older sessions).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn load_principal(
    db: &impl ConnectionTrait,
    user_id: i32,
    epoch: i32,
) -> Result<Option<Principal>, AppError> {
    let Some(user) = app_user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if !user.is_active || user.session_epoch != epoch {
        return Ok(None);
    }
    principal_of_user(db, user).await.map(Some)
}

/// The principal of `user_id` if the account is active, whatever its sessions (an API
/// token's user).
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn load_active_principal(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Option<Principal>, AppError> {
    match app_user::Entity::find_by_id(user_id).one(db).await? {
        Some(user) if user.is_active => principal_of_user(db, user).await.map(Some),
        _ => Ok(None),
    }
}

/// The roles and regions of an account.
async fn principal_of_user(
    db: &impl ConnectionTrait,
    user: app_user::Model,
) -> Result<Principal, AppError> {
    let user_id = user.id;
    let assignments = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .find_also_related(city_region::Entity)
        .all(db)
        .await?;
    let mut roles = Vec::new();
    let mut regions = Vec::new();
    for (assignment, region) in assignments {
        let Some(role) = Role::from_code(&assignment.role) else {
            continue;
        };
        if !roles.contains(&role) {
            roles.push(role);
        }
        if let (Role::CityCoordinator, Some(region)) = (role, region) {
            regions.push((region.id, region.code));
        }
    }
    roles.sort();
    Ok(Principal {
        user_id: user.id,
        display_name: user.display_name,
        email: user.email,
        roles,
        regions,
        must_change_password: user.must_change_password,
        session_handle: None,
    })
}

/// A new account and its roles.
#[derive(Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password: String,
    /// Roles; a city coordinator's role names its region by code.
    pub roles: Vec<(Role, Option<String>)>,
    /// The password is temporary: the user must choose a new one at first sign-in.
    pub must_change_password: bool,
}

/// Creates an account with its role assignments in one transaction, audited.
///
/// # Errors
/// [`AppError::Validation`] for a bad e-mail, name, password, region or role combination;
/// [`AppError::Conflict`] when the e-mail is taken.
pub async fn create_user(
    db: &(impl ConnectionTrait + TransactionTrait),
    new: NewUser,
    created_by: Option<i32>,
) -> Result<i32, AppError> {
    let (email, display_name) = parse_new(&new)?;
    if app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict);
    }
    let hash = password::hash(new.password).await?;

    in_transaction(db, async |txn| {
        let user = app_user::ActiveModel {
            email: Set(email.clone()),
            display_name: Set(display_name),
            password_hash: Set(hash),
            is_active: Set(true),
            must_change_password: Set(new.must_change_password),
            locale: Set("fi".into()),
            session_epoch: Set(1),
            version: Set(1),
            created_at: Set(chrono::Utc::now()),
            updated_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(AppError::on_unique(|| AppError::Conflict))?;
        let granted = grant_roles(txn, user.id, &new.roles).await?;
        let entry = Entry::new("create", "app_user", Some(user.id.to_string()))
            .by(created_by)
            .changes(serde_json::json!({
                "email": { "old": null, "new": email },
                "display_name": { "old": null, "new": user.display_name },
                "roles": { "old": null, "new": granted },
            }));
        audit::record(txn, entry).await?;
        Ok(user.id)
    })
    .await
}

/// At least one role, and a region exactly for city coordinators.
pub fn roles_are_valid(roles: &[(Role, Option<String>)]) -> bool {
    let distinct: std::collections::HashSet<_> = roles.iter().collect();
    // At most one assignment per role and region (the database's unique keys), and no more
    // than there are regions.
    !roles.is_empty()
        && roles.len() <= 64
        && distinct.len() == roles.len()
        && roles.iter().all(|(role, region)| {
            (*role == Role::CityCoordinator) == region.is_some()
                && region.as_deref().is_none_or(|code| {
                    crate::model::text::problem(code, crate::model::text::LINE, 40).is_none()
                })
        })
}

/// Inserts role assignments (city regions by code) and returns them as `role[:region]` texts
/// for the audit log. Pass the transaction of the surrounding change.
///
/// # Errors
/// [`AppError::Validation`] (`roles`: `unknown_region`), or [`AppError::Internal`].
pub async fn grant_roles(
    db: &impl ConnectionTrait,
    user_id: i32,
    roles: &[(Role, Option<String>)],
) -> Result<Vec<String>, AppError> {
    let mut granted = Vec::new();
    for (role, region_code) in roles {
        let region_id = match region_code {
            Some(code) => Some(
                city_region::Entity::find()
                    .filter(city_region::Column::Code.eq(code.as_str()))
                    .one(db)
                    .await?
                    .ok_or_else(|| AppError::field("roles", "unknown_region"))?
                    .id,
            ),
            None => None,
        };
        role_assignment::ActiveModel {
            user_id: Set(user_id),
            role: Set(role.code().to_string()),
            region_id: Set(region_id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        granted.push(match region_code {
            Some(code) => format!("{}:{code}", role.code()),
            None => role.code().to_string(),
        });
    }
    granted.sort();
    Ok(granted)
}

/// What is wrong with a new password and its confirmation, by field.
fn new_password_errors(current: &str, new: &str, confirm: &str) -> crate::error::FieldErrors {
    let mut errors = crate::error::FieldErrors::new();
    if let Err(key) = check_new_password(new) {
        errors.insert("new_password".into(), vec![key.into()]);
    }
    if new != confirm {
        errors.insert("confirm_password".into(), vec!["passwords_differ".into()]);
    }
    if new == current {
        errors
            .entry("new_password".into())
            .or_default()
            .push("password_unchanged".into());
    }
    errors
}

/// A new account's e-mail (lower case) and display name, if they, its password and its roles
/// are valid.
///
/// # Errors
/// [`AppError::Validation`] per field.
fn parse_new(new: &NewUser) -> Result<(String, String), AppError> {
    use crate::model::text::{LINE, clean, parse_into, problem};
    let email = clean(&new.email).to_lowercase();
    let mut errors = crate::error::FieldErrors::new();
    if problem(&email, LINE, 254).is_some() || !validator::ValidateEmail::validate_email(&email) {
        errors.insert("email".into(), vec!["invalid_email".into()]);
    }
    let display_name = parse_into(
        &mut errors,
        "display_name",
        &new.display_name,
        LINE,
        200,
        true,
    );
    if let Err(key) = check_new_password(&new.password) {
        errors.insert("password".into(), vec![key.into()]);
    }
    if !roles_are_valid(&new.roles) {
        errors.insert("roles".into(), vec!["invalid_roles".into()]);
    }
    AppError::check(errors)?;
    Ok((email, display_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sign_in_fields_are_reported_per_field() {
        let err = Credentials::parse("  ", "").unwrap_err();
        assert_eq!(err.field_messages("email"), ["required"]);
        assert_eq!(err.field_messages("password"), ["required"]);
        assert!(
            format!(
                "{:?}",
                Credentials::parse("a@b.fi", "secret-secret").unwrap()
            )
            .contains("a@b.fi")
        );
        assert!(
            !format!(
                "{:?}",
                Credentials::parse("a@b.fi", "secret-secret").unwrap()
            )
            .contains("secret")
        );
    }
}
