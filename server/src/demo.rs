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
    // The kept totals first: closing 2025H2 (in the reports) freezes figures that read them.
    app::ssr::services::projects::refresh_project_totals(&txn, None)
        .await
        .map_err(|e| anyhow::anyhow!("refreshing project totals: {e:?}"))?;
    reports::load(&txn, &subprojects).await?;
    // The figures the programme published on 3 March 2026, as the national team's
    // publication: the public page shows them until the national team publishes again.
    let national = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Email.eq(users::NATIONAL_EMAIL))
        .one(&txn)
        .await?
        .map(|u| u.id);
    let published = chrono::NaiveDate::from_ymd_opt(2026, 3, 3)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| anyhow::anyhow!("the publication day"))?;
    app::ssr::rollup::publication::record(&txn, published, national, "")
        .await
        .map_err(|e| anyhow::anyhow!("publishing the demo figures: {e:?}"))?;
    txn.commit().await?;
    Ok(Outcome {
        users_created,
        portfolio_loaded: true,
    })
}

/// The id of every row of classifier `E` by its code.
///
/// # Errors
/// The database fails.
async fn ids_by_code<E: app::ssr::services::lookup::Classifier>(
    db: &impl sea_orm::ConnectionTrait,
) -> anyhow::Result<std::collections::HashMap<String, i32>> {
    app::ssr::services::lookup::ids_by_code::<E>(db)
        .await
        .map_err(|e| anyhow::anyhow!("reading codes: {e:?}"))
}
