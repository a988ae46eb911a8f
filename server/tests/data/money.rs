//! Money is exact on both backends: 10 000 random amounts up to 10^12 € round-trip through the
//! real `funding_line` table unchanged, and the SQL sums the key figures use equal the sums
//! of Rust `Decimal`s.

use app::model::Money;
use app::ssr::rollup::figures::key_figures;
use chrono::{NaiveDate, Utc};
use entity::status::{FundingKind, ProjectStatus};
use entity::{city_region, funding_line, funding_source, organisation, project, subproject, theme};
use rand::{Rng, SeedableRng, rngs::StdRng};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder};
use server::testing::TestDb;

const AMOUNTS: usize = 10_000;

/// Amounts up to 10^12 €, with every cent pattern, many of them near the top of the range.
fn random_amounts(seed: u64) -> Vec<Money> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..AMOUNTS)
        .map(|i| match i % 4 {
            0 => Money::from_cents(rng.random_range(0..=Money::MAX.cents())),
            1 => Money::from_cents(rng.random_range(0..=1_000_000)),
            2 => Money::from_cents(Money::MAX.cents() - rng.random_range(0..=1_000)),
            _ => Money::from_cents(rng.random_range(0..=100_000_000_000)),
        })
        .collect()
}

on_both_backends!(ten_thousand_random_amounts_round_trip_and_sum_exactly);

async fn ten_thousand_random_amounts_round_trip_and_sum_exactly(test: TestDb) {
    let seed: u64 = std::env::var("MONEY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("MONEY_SEED={seed}");
    let amounts = random_amounts(seed);
    let db = &test.db;
    let now = Utc::now();
    let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let region = city_region::Entity::find().one(db).await.unwrap().unwrap();
    let theme = theme::Entity::find().one(db).await.unwrap().unwrap();
    let org = organisation::ActiveModel {
        business_id: Set("0201256-6".into()),
        name: Set("Testiorganisaatio".into()),
        kind: Set("city".into()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let package = project::ActiveModel {
        code: Set("MONEY".into()),
        name_fi: Set("Rahatesti".into()),
        description_fi: Set(String::new()),
        region_id: Set(region.id),
        is_national_lead: Set(false),
        theme_id: Set(theme.id),
        council_id: Set(region.council_id),
        starts_on: Set(day),
        ends_on: Set(day),
        status: Set(ProjectStatus::Ongoing),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let mut sources = funding_source::Entity::find().all(db).await.unwrap();
    sources.sort_by_key(|s| s.sort_order);

    // Five planned lines (one per source) on each of 2 000 subprojects.
    let mut lines = Vec::with_capacity(AMOUNTS);
    for chunk in 0..AMOUNTS / sources.len() {
        let sub = subproject::ActiveModel {
            project_id: Set(package.id),
            code: Set(format!("MONEY-{chunk}")),
            name_fi: Set("Osa".into()),
            description_fi: Set(String::new()),
            region_id: Set(region.id),
            organisation_id: Set(org.id),
            council_id: Set(region.council_id),
            starts_on: Set(day),
            ends_on: Set(day),
            status: Set(ProjectStatus::Ongoing),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        for (s, source) in sources.iter().enumerate() {
            lines.push(funding_line::ActiveModel {
                subproject_id: Set(sub.id),
                source_id: Set(source.id),
                kind: Set(FundingKind::Planned),
                period_id: Set(None),
                amount_cents: Set(amounts[chunk * sources.len() + s].cents()),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    for batch in lines.chunks(500) {
        funding_line::Entity::insert_many(batch.to_vec())
            .exec(db)
            .await
            .unwrap();
    }

    let stored: Vec<Money> = funding_line::Entity::find()
        .order_by_asc(funding_line::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| Money::from_cents(l.amount_cents))
        .collect();
    assert_eq!(
        stored, amounts,
        "every amount comes back to the cent (seed {seed})"
    );

    let decimal_total: Decimal = amounts.iter().map(|m| m.to_decimal()).sum();
    let figures = key_figures(db).await.unwrap();
    assert_eq!(
        figures.total_funding.to_decimal(),
        decimal_total,
        "SQL total = Decimal total (seed {seed})"
    );
    let eu_state: Decimal = amounts
        .chunks(sources.len())
        .flat_map(|five| five.iter().take(2))
        .map(|m| m.to_decimal())
        .sum();
    assert_eq!(
        figures.eu_state_funding.to_decimal(),
        eu_state,
        "SQL EU+state = Decimal sum (seed {seed})"
    );
    let city: Decimal = amounts
        .chunks(sources.len())
        .map(|five| five[2].to_decimal())
        .sum();
    assert_eq!(
        figures.city_funding.to_decimal(),
        city,
        "SQL city sum = Decimal sum (seed {seed})"
    );
}
