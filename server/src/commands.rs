//! The one-shot commands: `migrate`, `seed-demo`, `create-user`.

use crate::cli::{CreateTokenArgs, CreateUserArgs, DatabaseArgs, MigrateArgs, RoleArg};
use anyhow::Context;
use app::model::auth::Role;
use app::ssr::services::users::{self, NewUser};
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;

/// Connects to the configured database and applies pending migrations.
///
/// # Errors
/// The database cannot be reached or a migration fails.
pub async fn connect_and_migrate(database: &DatabaseArgs) -> anyhow::Result<DatabaseConnection> {
    connect_migrated(database, true).await
}

/// Connects to the configured database, and applies pending migrations when `migrate`;
/// otherwise refuses a database with any pending (the schema's owner migrates it).
///
/// # Errors
/// The database cannot be reached, a migration fails, or one is pending and not applied.
pub async fn connect_migrated(
    database: &DatabaseArgs,
    migrate: bool,
) -> anyhow::Result<DatabaseConnection> {
    let db = app::ssr::db::connect(&database.database_url)
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                redact(&database.database_url)
            )
        })?;
    if migrate {
        Migrator::up(&db, None)
            .await
            .context("applying migrations failed")?;
    } else {
        let pending = Migrator::get_pending_migrations(&db).await?.len();
        anyhow::ensure!(
            pending == 0,
            "{pending} migrations are pending: run `server migrate` as the schema's owner first"
        );
    }
    Ok(db)
}

/// `migrate`: apply pending migrations, or roll back `--down N`.
///
/// # Errors
/// The database cannot be reached or a migration fails.
pub async fn migrate(database: &DatabaseArgs, args: MigrateArgs) -> anyhow::Result<()> {
    let db = app::ssr::db::connect(&database.database_url).await?;
    match args.down {
        Some(steps) => Migrator::down(&db, Some(steps)).await?,
        None => Migrator::up(&db, None).await?,
    }
    let applied = Migrator::get_applied_migrations(&db).await?.len();
    println!("{applied} migrations applied");
    Ok(())
}

/// `seed-demo`: load the demo portfolio and accounts.
///
/// # Errors
/// The database fails.
pub async fn seed_demo(database: &DatabaseArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(database).await?;
    let outcome = crate::demo::seed(&db).await?;
    println!("{outcome}");
    Ok(())
}

/// `generate-portfolio`: a large synthetic portfolio for benchmarks.
///
/// # Errors
/// The database fails or holds a generated portfolio already.
pub async fn generate_portfolio(
    database: &DatabaseArgs,
    args: crate::cli::GenerateArgs,
) -> anyhow::Result<()> {
    let db = connect_and_migrate(database).await?;
    let started = std::time::Instant::now();
    let made = crate::generator::generate(
        &db,
        crate::generator::Size {
            subprojects: args.subprojects,
            companies: args.companies,
        },
    )
    .await?;
    println!("{made} in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// `create-user`: create an account, asking for the password when none was given.
///
/// # Errors
/// Invalid input or a database failure, explained.
pub async fn create_user(database: &DatabaseArgs, args: CreateUserArgs) -> anyhow::Result<()> {
    let db = connect_and_migrate(database).await?;
    let password = match args.password {
        Some(p) => p,
        None => {
            let first = rpassword::prompt_password("Password (12–128 characters): ")?;
            let again = rpassword::prompt_password("Password again: ")?;
            anyhow::ensure!(first == again, "the passwords differ");
            first
        }
    };
    let role = match args.role {
        RoleArg::Admin => Role::Admin,
        RoleArg::NationalCoordinator => Role::NationalCoordinator,
        RoleArg::MinistryViewer => Role::MinistryViewer,
        RoleArg::CityCoordinator => Role::CityCoordinator,
    };
    let new = NewUser {
        email: args.email.clone(),
        display_name: args.name,
        password,
        roles: vec![(role, args.region)],
        must_change_password: false,
    };
    match users::create_user(&db, new, None).await {
        Ok(id) => {
            println!("created user {id} <{}>", args.email);
            Ok(())
        }
        Err(app::error::AppError::Validation(fields)) => {
            anyhow::bail!(
                "invalid input: {fields:?} (passwords are 12–128 characters; a city coordinator needs --region, other roles none)"
            )
        }
        Err(app::error::AppError::Conflict) => anyhow::bail!("a user with that e-mail exists"),
        Err(e) => anyhow::bail!("creating the user failed: {e}"),
    }
}

/// `create-token`: a personal API token of an active user, its secret printed alone on
/// standard output.
///
/// # Errors
/// An unknown or disabled user, a refused expiry, a database failure, explained.
pub async fn create_token(database: &DatabaseArgs, args: CreateTokenArgs) -> anyhow::Result<()> {
    use app::ssr::services::api_tokens;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = connect_and_migrate(database).await?;
    let user = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Email.eq(args.as_user.trim().to_lowercase()))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user {}", args.as_user))?;
    let principal = users::load_active_principal(&db, user.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("{} is disabled", args.as_user))?;
    let input = app::model::account::TokenInput {
        name: args.name,
        expires_on: (chrono::Utc::now().date_naive() + chrono::Days::new(args.days)).to_string(),
        access: if args.write { "write" } else { "read" }.into(),
    };
    match api_tokens::create(&db, &principal, &input, None).await {
        Ok((_, secret)) => {
            println!("{secret}");
            Ok(())
        }
        Err(app::error::AppError::Validation(fields)) => {
            anyhow::bail!("refused: {fields:?} (a token lives 1–366 days)")
        }
        Err(e) => anyhow::bail!("making the token failed: {e}"),
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..scheme + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_are_not_printed() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/x"),
            "postgres://app@db:5432/x"
        );
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
