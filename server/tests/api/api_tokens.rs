//! Personal API tokens on the account page: made with a name, an expiry of at most a year
//! and read or write access, the secret shown once and stored only as its hash, listed
//! with their last use, revocable, all of it audited; a revoked or expired token, or one of
//! a disabled account, no longer names anyone. On both databases.

use super::*;
use app::model::account::TokenInput;
use app::ssr::services::api_tokens;
use entity::{api_token, app_user, audit_log, session};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

on_both_backends!(
    a_token_is_made_on_the_account_page_shown_once_and_kept_only_as_its_hash,
    a_revoked_expired_or_disabled_accounts_token_names_no_one,
);

/// Posts the new-token form as a browser without JavaScript.
async fn post_token(client: &Client, app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(app.url(<app::api::account::CreateToken as ServerFn>::PATH))
        .header("Referer", app.url("/account"))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Posts the revoke button of token `id` as a browser without JavaScript.
async fn post_revoke(client: &Client, app: &TestApp, id: i32) -> reqwest::Response {
    client
        .post(app.url(<app::api::account::RevokeToken as ServerFn>::PATH))
        .header("Referer", app.url("/account"))
        .form(&[("form[id]", id.to_string())])
        .send()
        .await
        .unwrap()
}

/// The secret the page shows in its new-token box, if any.
fn shown_secret(html: &str) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    let input = scraper::Selector::parse("#new-token-secret").unwrap();
    document
        .select(&input)
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_owned))
}

async fn a_token_is_made_on_the_account_page_shown_once_and_kept_only_as_its_hash(app: TestApp) {
    let tampere = browser_of(&app, "tampere@innocities.example").await;
    let expires = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();

    // A refused form says why, field by field, and makes nothing.
    let too_far = (chrono::Utc::now().date_naive() + chrono::Days::new(400)).to_string();
    let refused = post_token(
        &tampere,
        &app,
        &[
            ("form[name]", "Power BI"),
            ("form[expires_on]", &too_far),
            ("form[access]", "read"),
        ],
    )
    .await;
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("__err="), "{back}");
    let shown = html(tampere.get(&back).send().await.unwrap()).await;
    assert!(shown.contains(app::messages::field_message_text(
        app::i18n::Locale::fi,
        "expiry_too_far"
    )));
    assert_eq!(
        api_token::Entity::find().all(&app.db).await.unwrap().len(),
        0
    );

    let made = post_token(
        &tampere,
        &app,
        &[
            ("form[name]", "Power BI"),
            ("form[expires_on]", &expires),
            ("form[access]", "read"),
        ],
    )
    .await;
    assert_eq!(made.headers()["location"], "/account?token=1#tokens");
    let page = html(
        tampere
            .get(app.url("/account?token=1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let secret = shown_secret(&page).expect("the new token's secret is shown");
    assert!(secret.starts_with("ict_") && secret.len() == 68, "{secret}");
    assert!(page.contains("data-testid=\"tokens\""));
    // Once: the next view of the page does not show it.
    let again = html(tampere.get(app.url("/account")).send().await.unwrap()).await;
    assert_eq!(shown_secret(&again), None);
    assert!(again.contains("Power BI"));

    // Stored only as a hash: the secret is nowhere in the database.
    let token = api_token::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(token.secret_hash, secret);
    assert_eq!(token.secret_hash.len(), 64);
    assert!(secret.starts_with(&token.prefix));
    assert!(!token.can_write);
    for row in session::Entity::find().all(&app.db).await.unwrap() {
        assert!(!row.data.contains(&secret[4..]), "the secret in a session");
    }
    for row in audit_log::Entity::find().all(&app.db).await.unwrap() {
        assert!(
            !row.changes.contains(&secret[4..]),
            "the secret in the audit log"
        );
    }
    let created = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("api_token"))
        .filter(audit_log::Column::Action.eq("create"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("making a token is audited");
    assert!(created.changes.contains("Power BI") && created.changes.contains("read"));

    // It names its user, and its use is noted.
    let found = api_tokens::authenticate(&app.db, &secret)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.principal.email, "tampere@innocities.example");
    assert!(!found.can_write);
    let used = api_token::Entity::find_by_id(token.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(used.last_used_at.is_some());

    // Revoked from the page: audited, and the list says so.
    let revoked = post_revoke(&tampere, &app, token.id).await;
    assert!(revoked.status().is_redirection(), "{}", revoked.status());
    assert!(
        api_tokens::authenticate(&app.db, &secret)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("api_token"))
            .filter(audit_log::Column::Action.eq("revoke"))
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );
    // Another user cannot revoke it (nor learn it exists).
    let turku = browser_of(&app, "turku@innocities.example").await;
    let other = post_revoke(&turku, &app, token.id).await;
    let back = other.headers()["location"].to_str().unwrap();
    assert!(back.contains("__err="), "{back}");
}

async fn a_revoked_expired_or_disabled_accounts_token_names_no_one(app: TestApp) {
    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("turku@innocities.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let principal = app::ssr::services::users::load_active_principal(&app.db, user.id)
        .await
        .unwrap()
        .unwrap();
    let input = |access: &str| TokenInput {
        name: "Skripti".into(),
        expires_on: (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string(),
        access: access.into(),
    };
    let (_, writer) = api_tokens::create(&app.db, &principal, &input("write"), None)
        .await
        .unwrap();
    let (expiring, reader) = api_tokens::create(&app.db, &principal, &input("read"), None)
        .await
        .unwrap();
    let found = api_tokens::authenticate(&app.db, &writer)
        .await
        .unwrap()
        .unwrap();
    assert!(found.can_write);
    assert_eq!(
        found.principal.regions.len(),
        1,
        "the user's own regions, no more"
    );

    // Not a token at all, or one letter off (a different last letter, whatever it was).
    let last = if writer.ends_with('0') { '1' } else { '0' };
    for wrong in [
        "",
        "ict_",
        "Bearer x",
        &format!("{}{last}", &writer[..writer.len() - 1]),
    ] {
        assert!(
            api_tokens::authenticate(&app.db, wrong)
                .await
                .unwrap()
                .is_none(),
            "{wrong}"
        );
    }

    // Expired.
    let mut past: api_token::ActiveModel = api_token::Entity::find_by_id(expiring.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    past.expires_at = Set(chrono::Utc::now() - chrono::Duration::minutes(1));
    past.update(&app.db).await.unwrap();
    assert!(
        api_tokens::authenticate(&app.db, &reader)
            .await
            .unwrap()
            .is_none()
    );

    // The account disabled: its tokens stop at once.
    let mut disabled: app_user::ActiveModel = user.into();
    disabled.is_active = Set(false);
    disabled.update(&app.db).await.unwrap();
    assert!(
        api_tokens::authenticate(&app.db, &writer)
            .await
            .unwrap()
            .is_none()
    );
}
