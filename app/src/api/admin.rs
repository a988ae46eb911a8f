//! People management and the audit log, for admins only.

use crate::error::AppError;
use crate::model::account::{
    AccessChange, AuditFilter, AuditPage, NewUserForm, PasswordReset, RoleChange, UserSummary,
};
use crate::model::projects::Choice;
use leptos::prelude::*;

/// The role set of a form: one role, with regions for a city coordinator.
#[cfg(feature = "ssr")]
fn roles_from_form(
    role: &str,
    mut regions: Vec<String>,
) -> Result<Vec<(crate::model::auth::Role, Option<String>)>, AppError> {
    use crate::model::auth::Role;
    let role = Role::from_code(role).ok_or_else(|| AppError::field("roles", "invalid_roles"))?;
    regions.sort();
    regions.dedup();
    if role == Role::CityCoordinator {
        if regions.is_empty() {
            return Err(AppError::field("roles", "invalid_roles"));
        }
        Ok(regions.into_iter().map(|r| (role, Some(r))).collect())
    } else {
        Ok(vec![(role, None)])
    }
}

/// Every account.
///
/// # Errors
/// [`AppError::Forbidden`] unless the user is an admin.
#[server(endpoint = "admin/list_users")]
pub async fn list_users() -> Result<Vec<UserSummary>, AppError> {
    use crate::ssr::{auth, services::admin_users, state::app_state};
    auth::require_role(crate::model::auth::Role::Admin).await?;
    admin_users::list_users(&app_state()?.db).await
}

/// One account.
///
/// # Errors
/// [`AppError::Forbidden`] unless admin; [`AppError::NotFound`].
#[server(endpoint = "admin/get_user")]
pub async fn get_user(id: i32) -> Result<UserSummary, AppError> {
    use crate::ssr::{auth, services::admin_users, state::app_state};
    auth::require_role(crate::model::auth::Role::Admin).await?;
    admin_users::get_user(&app_state()?.db, id).await
}

/// The city regions, for role forms.
///
/// # Errors
/// [`AppError::Forbidden`] unless admin.
#[server(endpoint = "admin/list_regions")]
pub async fn list_regions() -> Result<Vec<Choice>, AppError> {
    use crate::ssr::{auth, services::lookup, state::app_state};
    auth::require_role(crate::model::auth::Role::Admin).await?;
    lookup::choices::<entity::city_region::Entity>(&app_state()?.db).await
}

/// The city regions for the new-user form, with the input of this admin's refused post of
/// it (without JavaScript), if there is one: the form shows what was typed, but never the
/// password.
///
/// # Errors
/// [`AppError::Forbidden`] unless admin.
#[server(endpoint = "admin/new_user_form")]
pub async fn get_new_user_form() -> Result<(Vec<Choice>, Option<NewUserForm>), AppError> {
    let regions = list_regions().await?;
    let refused = crate::ssr::session::refused_input::<CreateUser>().map(|args| NewUserForm {
        temporary_password: String::new(),
        ..args.form
    });
    Ok((regions, refused))
}

/// Creates an account with a temporary password the user must change at first sign-in.
///
/// # Errors
/// [`AppError::Validation`] per field, [`AppError::Conflict`] for a taken e-mail.
#[server(endpoint = "admin/create_user")]
pub async fn create_user(form: NewUserForm) -> Result<(), AppError> {
    use crate::ssr::{auth, services::users, state::app_state};
    let admin = auth::require_role(crate::model::auth::Role::Admin).await?;
    let roles = roles_from_form(&form.role, form.regions)?;
    let new = users::NewUser {
        email: form.email,
        display_name: form.display_name,
        password: form.temporary_password,
        roles,
        must_change_password: true,
    };
    let id = users::create_user(&app_state()?.db, new, Some(admin.user_id))
        .await
        .map_err(|e| match e {
            AppError::Validation(mut fields) => {
                if let Some(messages) = fields.remove("password") {
                    fields.insert("temporary_password".into(), messages);
                }
                AppError::Validation(fields)
            }
            AppError::Conflict => AppError::field("email", "email_taken"),
            other => other,
        })?;
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=1"));
    Ok(())
}

/// Replaces an account's roles.
///
/// # Errors
/// [`AppError::Validation`], [`AppError::Conflict`] when someone changed it meanwhile.
#[server(endpoint = "admin/update_roles")]
pub async fn update_roles(form: RoleChange) -> Result<(), AppError> {
    use crate::ssr::{auth, services::admin_users, state::app_state};
    let admin = auth::require_role(crate::model::auth::Role::Admin).await?;
    let RoleChange {
        id,
        version,
        role,
        regions,
    } = form;
    let roles = roles_from_form(&role, regions)?;
    admin_users::set_roles(&app_state()?.db, admin.user_id, id, version, roles).await?;
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=1"));
    Ok(())
}

/// Disables or enables an account, with a reason.
///
/// # Errors
/// [`AppError::Validation`], [`AppError::Conflict`].
#[server(endpoint = "admin/set_user_active")]
pub async fn set_user_active(form: AccessChange) -> Result<(), AppError> {
    use crate::ssr::{auth, services::admin_users, state::app_state};
    let admin = auth::require_role(crate::model::auth::Role::Admin).await?;
    let AccessChange {
        id,
        version,
        active,
        reason,
    } = form;
    admin_users::set_active(
        &app_state()?.db,
        admin.user_id,
        id,
        version,
        active,
        &reason,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=1"));
    Ok(())
}

/// Forces a password reset with a temporary password.
///
/// # Errors
/// [`AppError::Validation`], [`AppError::Conflict`].
#[server(endpoint = "admin/reset_password")]
pub async fn reset_password(form: PasswordReset) -> Result<(), AppError> {
    use crate::ssr::{auth, services::admin_users, state::app_state};
    let admin = auth::require_role(crate::model::auth::Role::Admin).await?;
    let PasswordReset {
        id,
        version,
        temporary_password,
    } = form;
    admin_users::reset_password(
        &app_state()?.db,
        admin.user_id,
        id,
        version,
        &temporary_password,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/users/{id}?saved=1"));
    Ok(())
}

/// A page of the audit log.
///
/// # Errors
/// [`AppError::Forbidden`] unless admin; [`AppError::Validation`] for a bad date.
#[server(endpoint = "admin/list_audit")]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    use crate::ssr::{auth, services::audit, state::app_state};
    auth::require_role(crate::model::auth::Role::Admin).await?;
    audit::list_audit(&app_state()?.db, &filter).await
}
