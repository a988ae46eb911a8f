//! Security rules at the service level, on both backends: throttling, session revocation,
//! password changes, and the admin's changes with their audit trail and version checks.

use app::error::AppError;
use app::model::account::AuditFilter;
use app::model::auth::Role;
use app::ssr::services::users::{Credentials, NewUser};
use app::ssr::services::{admin_users, audit, sessions, throttle, users};
use entity::session;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use server::testing::TestDb;

on_both_backends!(
    the_sixth_failed_attempt_waits_and_the_right_password_works_later,
    a_free_failure_makes_no_attempt_wait_whatever_its_clock,
    changing_the_password_ends_the_other_sessions,
    admins_change_roles_disable_and_reset_with_audit_and_version_checks,
);

const PASSWORD: &str = "a long enough passphrase";

async fn user(
    db: &sea_orm::DatabaseConnection,
    email: &str,
    roles: Vec<(Role, Option<String>)>,
) -> i32 {
    let new = NewUser {
        email: email.into(),
        display_name: email.into(),
        password: PASSWORD.into(),
        roles,
        must_change_password: false,
    };
    users::create_user(db, new, None).await.unwrap()
}

async fn add_session(db: &sea_orm::DatabaseConnection, id: &str, user_id: i32, handle: &str) {
    session::ActiveModel {
        id: Set(id.into()),
        data: Set("{}".into()),
        expires_at_unix: Set(chrono::Utc::now().timestamp() + 600),
        user_id: Set(Some(user_id)),
        handle: Set(Some(handle.into())),
        signed_in_at_unix: Set(Some(chrono::Utc::now().timestamp())),
        client_addr: Set(None),
        user_agent: Set(None),
    }
    .insert(db)
    .await
    .unwrap();
}

async fn the_sixth_failed_attempt_waits_and_the_right_password_works_later(test: TestDb) {
    let db = &test.db;
    user(db, "t@example.fi", vec![(Role::NationalCoordinator, None)]).await;
    let wrong = Credentials::parse("t@example.fi", "not the passphrase").unwrap();
    let right = Credentials::parse("t@example.fi", PASSWORD).unwrap();
    let start = 1_800_000_000;
    for attempt in 0..throttle::FREE_FAILURES {
        let err = users::authenticate(db, &wrong, Some("10.0.0.1"), start + i64::from(attempt))
            .await
            .unwrap_err();
        assert_eq!(err, AppError::InvalidCredentials, "attempt {}", attempt + 1);
    }
    // The sixth attempt is refused before the password is looked at, even the right one.
    let now = start + 5;
    match users::authenticate(db, &right, Some("10.0.0.1"), now)
        .await
        .unwrap_err()
    {
        AppError::Throttled { retry_after_secs } => {
            assert!(retry_after_secs > 0 && retry_after_secs <= 15)
        }
        other => panic!("expected throttling, got {other:?}"),
    }
    // From another address the account is still throttled.
    assert!(matches!(
        users::authenticate(db, &right, Some("10.0.0.2"), now)
            .await
            .unwrap_err(),
        AppError::Throttled { .. }
    ));
    // After the delay the right password works, and the account's count is cleared.
    let later = start + 4 + throttle::FIRST_DELAY_SECS + 1;
    users::authenticate(db, &right, Some("10.0.0.3"), later)
        .await
        .unwrap();
    assert_eq!(
        users::authenticate(db, &wrong, Some("10.0.0.3"), later + 1)
            .await
            .unwrap_err(),
        AppError::InvalidCredentials,
        "one failure after a success is not throttled"
    );
    let filter = AuditFilter::default();
    let actions: Vec<String> = audit::list_audit(db, &filter)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert!(actions.contains(&"sign_in_throttled".to_string()));
}

async fn a_free_failure_makes_no_attempt_wait_whatever_its_clock(test: TestDb) {
    let db = &test.db;
    user(db, "k@example.fi", vec![(Role::NationalCoordinator, None)]).await;
    let wrong = Credentials::parse("k@example.fi", "not the passphrase").unwrap();
    let right = Credentials::parse("k@example.fi", PASSWORD).unwrap();
    let now = 1_800_000_000;
    let err = users::authenticate(db, &wrong, Some("10.0.0.9"), now)
        .await
        .unwrap_err();
    assert_eq!(err, AppError::InvalidCredentials);
    // A request whose clock was read a few seconds before the failure was counted (a slow
    // request, or another instance) is not made to wait.
    users::authenticate(db, &right, Some("10.0.0.9"), now - 3)
        .await
        .unwrap();
}

async fn changing_the_password_ends_the_other_sessions(test: TestDb) {
    let db = &test.db;
    let id = user(db, "p@example.fi", vec![(Role::MinistryViewer, None)]).await;
    let other = user(db, "o@example.fi", vec![(Role::MinistryViewer, None)]).await;
    add_session(db, "s1", id, "here").await;
    add_session(db, "s2", id, "phone").await;
    add_session(db, "s3", other, "theirs").await;
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        sessions::list_sessions(db, id, Some("here"), now)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        sessions::revoke_session(db, id, "theirs")
            .await
            .unwrap_err(),
        AppError::NotFound,
        "not one's own"
    );

    let err = users::change_password(
        db,
        id,
        "wrong current",
        "new enough passphrase",
        "different",
        Some("here"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field_messages("current_password"), ["wrong_password"]);
    assert_eq!(err.field_messages("confirm_password"), ["passwords_differ"]);

    let epoch = users::change_password(
        db,
        id,
        PASSWORD,
        "new enough passphrase",
        "new enough passphrase",
        Some("here"),
    )
    .await
    .unwrap();
    assert_eq!(epoch, 2);
    let left: Vec<String> = sessions::list_sessions(db, id, Some("here"), now)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.handle)
        .collect();
    assert_eq!(left, ["here"]);
    assert_eq!(
        sessions::list_sessions(db, other, None, now)
            .await
            .unwrap()
            .len(),
        1,
        "others untouched"
    );
    assert!(
        users::load_principal(db, id, 1).await.unwrap().is_none(),
        "the old epoch is no longer valid"
    );
    users::authenticate(
        db,
        &Credentials::parse("p@example.fi", "new enough passphrase").unwrap(),
        None,
        now,
    )
    .await
    .unwrap();
}

async fn admins_change_roles_disable_and_reset_with_audit_and_version_checks(test: TestDb) {
    let db = &test.db;
    let admin = user(db, "admin@example.fi", vec![(Role::Admin, None)]).await;
    let id = user(
        db,
        "c@example.fi",
        vec![(Role::CityCoordinator, Some("tampere".into()))],
    )
    .await;
    add_session(db, "c1", id, "c-laptop").await;

    let v1 = admin_users::get_user(db, id).await.unwrap().version;
    let roles = vec![
        (Role::CityCoordinator, Some("turku".into())),
        (Role::CityCoordinator, Some("vaasa".into())),
    ];
    admin_users::set_roles(db, admin, id, v1, roles.clone())
        .await
        .unwrap();
    assert_eq!(
        admin_users::set_roles(db, admin, id, v1, roles)
            .await
            .unwrap_err(),
        AppError::Conflict,
        "a stale version is refused"
    );
    let after = admin_users::get_user(db, id).await.unwrap();
    let mut regions: Vec<_> = after
        .grants
        .iter()
        .filter_map(|g| g.region.clone())
        .collect();
    regions.sort();
    assert_eq!(regions, ["turku", "vaasa"]);

    assert_eq!(
        admin_users::set_active(db, admin, id, after.version, false, " ")
            .await
            .unwrap_err()
            .field_messages("reason"),
        ["required"]
    );
    admin_users::set_active(db, admin, id, after.version, false, "left the city")
        .await
        .unwrap();
    assert!(
        sessions::list_sessions(db, id, None, 0)
            .await
            .unwrap()
            .is_empty(),
        "disabling ends the sessions"
    );
    assert!(users::load_principal(db, id, 1).await.unwrap().is_none());

    let user_now = admin_users::get_user(db, id).await.unwrap();
    assert_eq!(
        admin_users::reset_password(db, admin, id, user_now.version, "password1234")
            .await
            .unwrap_err()
            .field_messages("temporary_password"),
        ["password_common"]
    );
    admin_users::set_active(db, admin, id, user_now.version, true, "came back")
        .await
        .unwrap();
    let user_now = admin_users::get_user(db, id).await.unwrap();
    admin_users::reset_password(db, admin, id, user_now.version, "temporary passphrase 7")
        .await
        .unwrap();
    assert!(
        admin_users::get_user(db, id)
            .await
            .unwrap()
            .must_change_password
    );
    assert_eq!(
        admin_users::set_active(db, admin, admin, 1, false, "oops")
            .await
            .unwrap_err()
            .field_messages("reason"),
        ["cannot_disable_self"]
    );

    let filter = AuditFilter {
        user: Some("admin@example.fi".into()),
        ..Default::default()
    };
    let trail: Vec<(String, Option<String>)> = audit::list_audit(db, &filter)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.action, r.reason))
        .collect();
    assert_eq!(
        trail,
        [
            ("password_reset".to_string(), None),
            ("enable".to_string(), Some("came back".to_string())),
            ("disable".to_string(), Some("left the city".to_string())),
            ("role_change".to_string(), None),
        ]
    );
    let none = AuditFilter {
        from: Some("2000-01-01".into()),
        to: Some("2000-01-02".into()),
        ..Default::default()
    };
    assert_eq!(audit::list_audit(db, &none).await.unwrap().total, 0);
    let bad = AuditFilter {
        from: Some("yesterday".into()),
        ..Default::default()
    };
    assert_eq!(
        audit::list_audit(db, &bad)
            .await
            .unwrap_err()
            .field_messages("from"),
        ["invalid_date"]
    );
}
