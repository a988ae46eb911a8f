//! Personal API tokens: a user makes named keys to the open API (`/api/v1`) on the account
//! page, read-only or read-write, living at most a year. A token acts as its user, with
//! the user's roles and regions and never more; a read-only one cannot write. The secret
//! (`ict_` and 64 hex digits, 256 random bits) is shown once; only its SHA-256 is stored,
//! and its first characters to tell tokens apart. Making and revoking a token is audited;
//! a revoked or expired token, or one of a disabled account, stops working at once.

use super::audit::{self, Entry, created_json};
use super::users;
use crate::error::{AppError, FieldErrors};
use crate::model::account::{TOKEN_MAX_DAYS, TokenInfo, TokenInput};
use crate::model::text::{TextKind, parse_into};
use crate::ssr::access::Principal;
use chrono::{DateTime, Utc};
use entity::api_token;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use sha2::{Digest, Sha256};

/// What a secret starts with: a scanner that finds one in a repository knows what it is.
pub const SECRET_PREFIX: &str = "ict_";
/// How many characters of a secret are kept to tell tokens apart.
const SHOWN_CHARS: usize = 12;
/// A token's use is written down at most this often (not a write per request).
const USE_NOTED_EVERY_SECS: i64 = 60;

/// A token that answered: its user's principal and whether it may write.
#[derive(Clone, Debug)]
pub struct TokenPrincipal {
    pub principal: Principal,
    pub token_id: i32,
    pub can_write: bool,
}

/// The SHA-256 of a secret, in hex: what is stored and looked up.
fn hash_of(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn info(token: &api_token::Model, now: DateTime<Utc>) -> TokenInfo {
    TokenInfo {
        id: token.id,
        name: token.name.clone(),
        prefix: token.prefix.clone(),
        can_write: token.can_write,
        created_at: token.created_at.to_rfc3339(),
        expires_at: token.expires_at.to_rfc3339(),
        last_used_at: token.last_used_at.map(|at| at.to_rfc3339()),
        revoked_at: token.revoked_at.map(|at| at.to_rfc3339()),
        live: token.revoked_at.is_none() && token.expires_at > now,
    }
}

/// The form's fields parsed: name, end of the last day (Finnish midnight is close enough:
/// the token lives through the day it names, in UTC), write access.
fn parse(
    input: &TokenInput,
    today: chrono::NaiveDate,
) -> Result<(String, DateTime<Utc>, bool), AppError> {
    let mut errors = FieldErrors::new();
    let name = parse_into(&mut errors, "name", &input.name, TextKind::Line, 100, true);
    let expires = match crate::model::dates::parse(&input.expires_on) {
        Ok(day) if day <= today => {
            errors
                .entry("expires_on".into())
                .or_default()
                .push("expiry_past".into());
            None
        }
        Ok(day) if (day - today).num_days() > TOKEN_MAX_DAYS => {
            errors
                .entry("expires_on".into())
                .or_default()
                .push("expiry_too_far".into());
            None
        }
        Ok(day) => day.and_hms_opt(23, 59, 59).map(|end| end.and_utc()),
        Err(key) => {
            errors
                .entry("expires_on".into())
                .or_default()
                .push(key.into());
            None
        }
    };
    let can_write = match input.access.as_str() {
        "read" => false,
        "write" => true,
        _ => {
            errors
                .entry("access".into())
                .or_default()
                .push("invalid".into());
            false
        }
    };
    match expires {
        Some(expires) if errors.is_empty() => Ok((name, expires, can_write)),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Makes a token for `principal` and returns it with its secret, which is never shown again.
///
/// # Errors
/// Field errors of `name`, `expires_on` (`expiry_past`, `expiry_too_far`) and `access`.
pub async fn create(
    db: &impl ConnectionTrait,
    principal: &Principal,
    input: &TokenInput,
    client_addr: Option<String>,
) -> Result<(TokenInfo, String), AppError> {
    let now = Utc::now();
    let (name, expires_at, can_write) = parse(input, now.date_naive())?;
    let random: [u8; 32] = rand::random();
    let secret = format!(
        "{SECRET_PREFIX}{}",
        random
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let token = api_token::ActiveModel {
        user_id: Set(principal.user_id),
        name: Set(name.clone()),
        secret_hash: Set(hash_of(&secret)),
        prefix: Set(secret.chars().take(SHOWN_CHARS).collect()),
        can_write: Set(can_write),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let access = if can_write { "write" } else { "read" };
    audit::record(
        db,
        Entry::new("create", "api_token", Some(token.id.to_string()))
            .by(Some(principal.user_id))
            .changes(created_json(&[
                ("name", name),
                ("access", access.to_owned()),
                ("expires_at", expires_at.to_rfc3339()),
                ("prefix", token.prefix.clone()),
            ]))
            .from_addr(client_addr),
    )
    .await?;
    Ok((info(&token, now), secret))
}

/// The user's tokens, newest first.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn list(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> Result<Vec<TokenInfo>, AppError> {
    let now = Utc::now();
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(principal.user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|token| info(token, now))
        .collect())
}

/// Revokes one of the user's tokens; it stops working at once. Revoking a revoked token
/// changes nothing.
///
/// # Errors
/// [`AppError::NotFound`] for another user's token or none.
pub async fn revoke(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
    client_addr: Option<String>,
) -> Result<(), AppError> {
    let token = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::UserId.eq(principal.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if token.revoked_at.is_some() {
        return Ok(());
    }
    let now = Utc::now();
    let mut revoked: api_token::ActiveModel = token.clone().into();
    revoked.revoked_at = Set(Some(now));
    revoked.update(db).await?;
    audit::record(
        db,
        Entry::new("revoke", "api_token", Some(token.id.to_string()))
            .by(Some(principal.user_id))
            .changes(serde_json::json!({
                "revoked_at": { "old": null, "new": now.to_rfc3339() },
                "name": { "old": token.name, "new": token.name },
            }))
            .from_addr(client_addr),
    )
    .await
}

/// The principal behind a bearer secret: a live token of an active account with a
/// permanent password. `None` for anything else (unknown, revoked, expired, disabled), all
/// alike to the caller.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    secret: &str,
) -> Result<Option<TokenPrincipal>, AppError> {
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 200 {
        return Ok(None);
    }
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::SecretHash.eq(hash_of(secret)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    if token.revoked_at.is_some() || token.expires_at <= now {
        return Ok(None);
    }
    let Some(principal) = users::load_active_principal(db, token.user_id).await? else {
        return Ok(None);
    };
    if principal.must_change_password {
        return Ok(None);
    }
    let stale = token
        .last_used_at
        .is_none_or(|at| (now - at).num_seconds() >= USE_NOTED_EVERY_SECS);
    if stale {
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::LastUsedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(api_token::Column::Id.eq(token.id))
            .exec(db)
            .await?;
    }
    Ok(Some(TokenPrincipal {
        principal,
        token_id: token.id,
        can_write: token.can_write,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, expires_on: &str, access: &str) -> TokenInput {
        TokenInput {
            name: name.into(),
            expires_on: expires_on.into(),
            access: access.into(),
        }
    }

    fn keys(err: AppError) -> Vec<String> {
        match err {
            AppError::Validation(errors) => errors
                .iter()
                .flat_map(|(field, keys)| keys.iter().map(move |k| format!("{field}:{k}")))
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_token_lives_through_its_last_day_at_most_a_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let (name, expires, write) = parse(&input(" BI ", "2027-03-01", "read"), today).unwrap();
        assert_eq!((name.as_str(), write), ("BI", false));
        assert_eq!(expires.to_rfc3339(), "2027-03-01T23:59:59+00:00");
        assert!(parse(&input("BI", "7.12.2027", "write"), today).is_ok());
        assert_eq!(
            keys(parse(&input("", "2026-12-06", "admin"), today).unwrap_err()),
            ["access:invalid", "expires_on:expiry_past", "name:required"]
        );
        assert_eq!(
            keys(parse(&input("BI", "2027-12-08", "read"), today).unwrap_err()),
            ["expires_on:expiry_too_far"]
        );
        assert_eq!(
            keys(parse(&input("BI\u{7}", "huomenna", "read"), today).unwrap_err()),
            ["expires_on:invalid_date", "name:control_characters"]
        );
    }

    #[test]
    fn only_the_hash_is_kept_and_it_is_sha256() {
        assert_eq!(
            hash_of("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
