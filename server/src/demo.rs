//! `seed-demo`: a deterministic, realistic demo portfolio whose national totals reproduce the
//! programme's published figures of 3 March 2026, two reporting periods of reports, the
//! published case studies, and one demo account per role. Loading it twice changes nothing.

pub mod catalogue;
pub mod plan;
mod portfolio;
mod reports;
pub mod users;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};
use std::fmt;

/// The code of the first demo project; its presence means the portfolio is loaded.
pub const FIRST_PROJECT_CODE: &str = "A73001";

/// What a seeding run did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub users_created: usize,
    pub portfolio_loaded: bool,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let portfolio = if self.portfolio_loaded {
            "loaded"
        } else {
            "already present"
        };
        write!(
            f,
            "demo data: portfolio {portfolio}, {} demo accounts created",
            self.users_created
        )
    }
}

/// Loads whatever part of the demo data is missing.
///
/// # Errors
/// The database fails; nothing of the portfolio is then saved.
pub async fn seed(db: &DatabaseConnection) -> anyhow::Result<Outcome> {
    let users_created = users::seed_users(db).await?;
    let present = entity::project::Entity::find()
        .filter(entity::project::Column::Code.eq(FIRST_PROJECT_CODE))
        .one(db)
        .await?
        .is_some();
    if present {
        return Ok(Outcome {
            users_created,
            portfolio_loaded: false,
        });
    }
    let txn = db.begin().await?;
    let subprojects = portfolio::load(&txn).await?;
    reports::load(&txn, &subprojects).await?;
    app::ssr::services::projects::refresh_project_totals(&txn, None)
        .await
        .map_err(|e| anyhow::anyhow!("refreshing project totals: {e:?}"))?;
    txn.commit().await?;
    Ok(Outcome {
        users_created,
        portfolio_loaded: true,
    })
}
