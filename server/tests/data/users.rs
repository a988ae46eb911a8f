//! Accounts: creation, sign-in with the same answer for every failure, audit records, and
//! sessions ended by disabling the account.

use app::error::AppError;
use app::model::auth::Role;
use app::ssr::services::users::{Credentials, NewUser, authenticate, create_user, load_principal};
use entity::{app_user, audit_log};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use server::testing::TestDb;

on_both_backends!(
    sign_in_checks_the_password_and_audits_every_attempt,
    invalid_accounts_are_refused_field_by_field
);

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: email.into(),
        display_name: "Tiina Testaaja".into(),
        password: "a long enough passphrase".into(),
        roles: vec![
            (Role::CityCoordinator, Some("tampere".into())),
            (Role::CityCoordinator, Some("turku".into())),
        ],
        must_change_password: false,
    }
}

async fn sign_in_checks_the_password_and_audits_every_attempt(test: TestDb) {
    let db = &test.db;
    let id = create_user(db, new_user(" Tiina@Example.FI "), None)
        .await
        .unwrap();

    let good = Credentials::parse("tiina@example.fi", "a long enough passphrase").unwrap();
    let user = authenticate(db, &good, Some("127.0.0.1"), 1).await.unwrap();
    assert_eq!(user.id, id);
    assert!(user.last_login_at.is_some());

    let wrong = Credentials::parse("tiina@example.fi", "not the passphrase").unwrap();
    assert_eq!(
        authenticate(db, &wrong, None, 2).await.unwrap_err(),
        AppError::InvalidCredentials
    );
    let unknown = Credentials::parse("nobody@example.fi", "a long enough passphrase").unwrap();
    assert_eq!(
        authenticate(db, &unknown, None, 3).await.unwrap_err(),
        AppError::InvalidCredentials
    );

    let principal = load_principal(db, id, user.session_epoch)
        .await
        .unwrap()
        .expect("active user");
    assert_eq!(principal.roles, vec![Role::CityCoordinator]);
    let mut codes: Vec<_> = principal.regions.iter().map(|(_, c)| c.clone()).collect();
    codes.sort();
    assert_eq!(codes, ["tampere", "turku"]);

    // Disabling the account ends its sessions and its sign-ins.
    let mut active: app_user::ActiveModel = user.clone().into();
    active.is_active = Set(false);
    active.session_epoch = Set(user.session_epoch + 1);
    active.update(db).await.unwrap();
    assert!(
        load_principal(db, id, user.session_epoch)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        authenticate(db, &good, None, 4).await.unwrap_err(),
        AppError::InvalidCredentials
    );

    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("app_user"))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "sign_in",
            "sign_in_failed",
            "sign_in_failed",
            "sign_in_failed"
        ]
    );
    let logged = audit_log::Entity::find().all(db).await.unwrap();
    assert!(
        logged.iter().all(|a| !a.changes.contains("passphrase")),
        "no password is ever logged"
    );
}

async fn invalid_accounts_are_refused_field_by_field(test: TestDb) {
    let db = &test.db;
    let mut bad = new_user("not an email");
    bad.password = "short".into();
    bad.display_name = " ".into();
    bad.roles = vec![(Role::CityCoordinator, None)];
    let AppError::Validation(fields) = create_user(db, bad, None).await.unwrap_err() else {
        panic!("expected a validation error");
    };
    assert_eq!(fields["email"], ["invalid_email"]);
    assert_eq!(fields["password"], ["password_too_short"]);
    assert_eq!(fields["display_name"], ["required"]);
    assert_eq!(fields["roles"], ["invalid_roles"]);

    create_user(db, new_user("dup@example.fi"), None)
        .await
        .unwrap();
    assert_eq!(
        create_user(db, new_user("DUP@example.fi"), None)
            .await
            .unwrap_err(),
        AppError::Conflict
    );
    assert_eq!(
        app_user::Entity::find().all(db).await.unwrap().len(),
        1,
        "nothing saved partly"
    );
}
