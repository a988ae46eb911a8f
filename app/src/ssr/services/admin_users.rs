//! Managing people (admins only): listing accounts, changing roles, disabling and enabling,
//! and forcing a password reset. Every change is audited in the same transaction, and a
//! change based on an outdated view of the account is refused.

use super::audit::{self, Entry};
use super::password_policy::check_new_password;
use super::sessions::revoke_all_sessions;
use super::users::{grant_roles, roles_are_valid};
use crate::error::AppError;
use crate::model::account::{RoleGrant, UserSummary};
use crate::model::auth::Role;
use crate::ssr::password;
use entity::{app_user, city_region, role_assignment};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession,
    TransactionTrait,
};
use std::collections::HashMap;

async fn grants_of(db: &impl ConnectionTrait) -> Result<HashMap<i32, Vec<RoleGrant>>, AppError> {
    let rows = role_assignment::Entity::find()
        .find_also_related(city_region::Entity)
        .all(db)
        .await?;
    let mut grants: HashMap<i32, Vec<RoleGrant>> = HashMap::new();
    for (assignment, region) in rows {
        if let Some(role) = Role::from_code(&assignment.role) {
            grants
                .entry(assignment.user_id)
                .or_default()
                .push(RoleGrant {
                    role,
                    region: region.map(|r| r.code),
                });
        }
    }
    Ok(grants)
}

fn summary(user: app_user::Model, grants: Vec<RoleGrant>) -> UserSummary {
    UserSummary {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        is_active: user.is_active,
        must_change_password: user.must_change_password,
        grants,
        last_login_at: user.last_login_at.map(|t| t.to_rfc3339()),
        version: user.version,
    }
}

/// Every account with its roles, by name.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn list_users(db: &impl ConnectionTrait) -> Result<Vec<UserSummary>, AppError> {
    let mut grants = grants_of(db).await?;
    let users = app_user::Entity::find()
        .order_by_asc(app_user::Column::DisplayName)
        .all(db)
        .await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let g = grants.remove(&u.id).unwrap_or_default();
            summary(u, g)
        })
        .collect())
}

/// One account.
///
/// # Errors
/// [`AppError::NotFound`], or [`AppError::Internal`] when the database fails.
pub async fn get_user(db: &impl ConnectionTrait, user_id: i32) -> Result<UserSummary, AppError> {
    let user = app_user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let grants = grants_of(db).await?.remove(&user_id).unwrap_or_default();
    Ok(summary(user, grants))
}

/// Bumps the account's version if it is still `version`, with extra column changes.
async fn bump(
    db: &impl ConnectionTrait,
    user_id: i32,
    version: i32,
    columns: Vec<(app_user::Column, Expr)>,
) -> Result<(), AppError> {
    let mut update = app_user::Entity::update_many()
        .col_expr(
            app_user::Column::Version,
            Expr::col(app_user::Column::Version).add(1),
        )
        .col_expr(app_user::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .filter(app_user::Column::Id.eq(user_id))
        .filter(app_user::Column::Version.eq(version));
    for (column, value) in columns {
        update = update.col_expr(column, value);
    }
    if update.exec(db).await?.rows_affected == 0 {
        return Err(
            if app_user::Entity::find_by_id(user_id)
                .one(db)
                .await?
                .is_some()
            {
                AppError::Conflict
            } else {
                AppError::NotFound
            },
        );
    }
    Ok(())
}

/// Refuses a change that would leave no active admin (checked inside the change's
/// transaction, so two admins demoting each other at once cannot both succeed).
async fn ensure_an_admin_remains(db: &impl ConnectionTrait, field: &str) -> Result<(), AppError> {
    let admins = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(Role::Admin.code()))
        .find_also_related(app_user::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter(|(_, user)| user.as_ref().is_some_and(|u| u.is_active))
        .count();
    if admins == 0 {
        Err(AppError::field(field, "last_admin"))
    } else {
        Ok(())
    }
}

/// Replaces the account's roles.
///
/// # Errors
/// [`AppError::Validation`] for an invalid role set (or an admin removing their own admin
/// role), [`AppError::Conflict`] when the account changed since `version`.
pub async fn set_roles(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin_id: i32,
    user_id: i32,
    version: i32,
    roles: Vec<(Role, Option<String>)>,
) -> Result<(), AppError> {
    if !roles_are_valid(&roles) {
        return Err(AppError::field("roles", "invalid_roles"));
    }
    if admin_id == user_id && !roles.iter().any(|(r, _)| *r == Role::Admin) {
        return Err(AppError::field("roles", "cannot_remove_own_admin"));
    }
    let before = get_user(db, user_id).await?;
    let txn = crate::ssr::db::begin_write(db).await?;
    bump(&txn, user_id, version, vec![]).await?;
    role_assignment::Entity::delete_many()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    let granted = grant_roles(&txn, user_id, &roles).await?;
    ensure_an_admin_remains(&txn, "roles").await?;
    let mut old: Vec<String> = before
        .grants
        .iter()
        .map(|g| match &g.region {
            Some(region) => format!("{}:{region}", g.role.code()),
            None => g.role.code().to_string(),
        })
        .collect();
    old.sort();
    let entry = Entry::new("role_change", "app_user", Some(user_id.to_string()))
        .by(Some(admin_id))
        .changes(serde_json::json!({ "roles": { "old": old, "new": granted } }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Disables (ending all sessions) or enables the account, with the admin's reason.
///
/// # Errors
/// [`AppError::Validation`] without a reason or when an admin disables themself,
/// [`AppError::Conflict`] when the account changed since `version`.
pub async fn set_active(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin_id: i32,
    user_id: i32,
    version: i32,
    active: bool,
    reason: &str,
) -> Result<(), AppError> {
    let reason =
        crate::model::text::parse("reason", reason, crate::model::text::PARAGRAPHS, 2000, true)?;
    if admin_id == user_id && !active {
        return Err(AppError::field("reason", "cannot_disable_self"));
    }
    let txn = crate::ssr::db::begin_write(db).await?;
    let mut columns = vec![(app_user::Column::IsActive, Expr::value(active))];
    if !active {
        columns.push((
            app_user::Column::SessionEpoch,
            Expr::col(app_user::Column::SessionEpoch).add(1),
        ));
    }
    bump(&txn, user_id, version, columns).await?;
    ensure_an_admin_remains(&txn, "reason").await?;
    let ended = if active {
        0
    } else {
        revoke_all_sessions(&txn, user_id, None).await?
    };
    let entry = Entry::new(if active { "enable" } else { "disable" }, "app_user", Some(user_id.to_string()))
        .by(Some(admin_id))
        .changes(serde_json::json!({ "is_active": { "old": !active, "new": active }, "sessions_ended": ended }))
        .reason(reason);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a temporary password the user must change at the next sign-in; all the user's
/// sessions end.
///
/// # Errors
/// [`AppError::Validation`] for a password the policy refuses, [`AppError::Conflict`] when
/// the account changed since `version`.
pub async fn reset_password(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin_id: i32,
    user_id: i32,
    version: i32,
    temporary_password: &str,
) -> Result<(), AppError> {
    if let Err(key) = check_new_password(temporary_password) {
        return Err(AppError::field("temporary_password", key));
    }
    let hash = password::hash(temporary_password.to_string()).await?;
    let txn = crate::ssr::db::begin_write(db).await?;
    bump(
        &txn,
        user_id,
        version,
        vec![
            (app_user::Column::PasswordHash, Expr::value(hash)),
            (app_user::Column::MustChangePassword, Expr::value(true)),
            (
                app_user::Column::SessionEpoch,
                Expr::col(app_user::Column::SessionEpoch).add(1),
            ),
        ],
    )
    .await?;
    let ended = revoke_all_sessions(&txn, user_id, None).await?;
    let entry = Entry::new("password_reset", "app_user", Some(user_id.to_string()))
        .by(Some(admin_id))
        .changes(serde_json::json!({ "must_change_password": { "old": false, "new": true }, "sessions_ended": ended }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}
