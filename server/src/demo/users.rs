//! The demo accounts: one per role, a second coordinator for Tampere, and a city coordinator
//! working for two regions.

use app::model::auth::Role;
use app::ssr::services::users::{NewUser, create_user};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "InnoCities-demo-2026";

/// The national coordinator's demo account: the one who published the demo's figures.
pub const NATIONAL_EMAIL: &str = "national@innocities.example";

/// Roles of an account, a city coordinator's with its region's code.
pub type DemoRoles = &'static [(Role, Option<&'static str>)];

/// (e-mail, name, roles)
pub const DEMO_USERS: [(&str, &str, DemoRoles); 7] = [
    (
        "admin@innocities.example",
        "Aino Ylläpitäjä",
        &[(Role::Admin, None)],
    ),
    (
        "national@innocities.example",
        "Kaisa Koordinaattori",
        &[(Role::NationalCoordinator, None)],
    ),
    (
        "ministry@innocities.example",
        "Matti Ministeriö",
        &[(Role::MinistryViewer, None)],
    ),
    (
        "tampere@innocities.example",
        "Tiina Tampere",
        &[(Role::CityCoordinator, Some("tampere"))],
    ),
    (
        "tampere2@innocities.example",
        "Pauli Pirkanmaa",
        &[(Role::CityCoordinator, Some("tampere"))],
    ),
    (
        "turku@innocities.example",
        "Teemu Turku",
        &[(Role::CityCoordinator, Some("turku"))],
    ),
    (
        "east@innocities.example",
        "Eeva Itä-Suomi",
        &[
            (Role::CityCoordinator, Some("kuopio")),
            (Role::CityCoordinator, Some("joensuu")),
        ],
    ),
];

/// Creates the demo accounts that do not exist yet; returns how many it created.
///
/// # Errors
/// The database fails.
pub async fn seed_users(db: &DatabaseConnection) -> anyhow::Result<usize> {
    let mut created = 0;
    for (email, name, roles) in DEMO_USERS {
        let exists = entity::app_user::Entity::find()
            .filter(entity::app_user::Column::Email.eq(email))
            .one(db)
            .await?
            .is_some();
        if exists {
            continue;
        }
        let new = NewUser {
            email: email.to_string(),
            display_name: name.to_string(),
            password: DEMO_PASSWORD.to_string(),
            roles: roles
                .iter()
                .map(|(role, region)| (*role, region.map(str::to_string)))
                .collect(),
            must_change_password: false,
        };
        create_user(db, new, None)
            .await
            .map_err(|e| anyhow::anyhow!("demo user {email}: {e:?}"))?;
        created += 1;
    }
    Ok(created)
}
