//! The demo portfolio reproduces every published figure of 3 March 2026, and loading it
//! twice changes nothing.

use app::model::Money;
use app::ssr::rollup::figures::key_figures;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use server::testing::TestDb;

on_both_backends!(
    demo_portfolio_reproduces_the_published_figures,
    seeding_twice_duplicates_nothing
);

#[derive(Debug, FromQueryResult)]
struct CityShare {
    #[allow(dead_code)] // shown in failure messages
    region: String,
    city_cents: i64,
    total_cents: i64,
}

async fn demo_portfolio_reproduces_the_published_figures(test: TestDb) {
    let outcome = server::demo::seed(&test.db).await.unwrap();
    assert!(outcome.portfolio_loaded);
    let f = key_figures(&test.db).await.unwrap();

    assert_eq!(f.projects, 214);
    assert_eq!(f.subprojects, 403);
    assert!(
        f.organisations > 80,
        "more than 80 organisations, got {}",
        f.organisations
    );
    assert_eq!(f.organisations, 84);
    assert_eq!(f.councils, 14);
    assert_eq!(f.city_regions, 16);
    assert_eq!(f.total_funding, Money::from_euros(103_500_000));
    assert_eq!(f.eu_state_funding, Money::from_euros(61_600_000));
    assert_eq!(f.city_funding, Money::from_euros(30_000_000));
    assert!(
        f.city_funding_min >= Money::from_euros(500_000),
        "{:?}",
        f.city_funding_min
    );
    assert!(
        f.city_funding_max <= Money::from_euros(6_000_000),
        "{:?}",
        f.city_funding_max
    );
    assert_eq!(f.platforms_target, 611);
    assert_eq!(f.companies_target, 2712);
    assert_eq!(f.innovations_target, 987);
    assert_eq!(f.as_of, chrono::NaiveDate::from_ymd_opt(2026, 3, 3));
    assert_eq!(f.by_theme.len(), 3);
    assert_eq!(f.by_theme.iter().map(|t| t.projects).sum::<i64>(), 214);
    assert_eq!(
        f.by_theme.iter().map(|t| t.total_funding).sum::<Money>(),
        f.total_funding
    );
    assert_eq!(f.regions.len(), 16);

    // Each city's own money is 25–40 % of its projects' funding, computed independently.
    let backend = test.db.get_database_backend();
    let sql = "SELECT r.code AS region,
          CAST(SUM(CASE WHEN fs.code = 'city' THEN fl.amount_cents ELSE 0 END) AS BIGINT) AS city_cents,
          CAST(SUM(fl.amount_cents) AS BIGINT) AS total_cents
        FROM funding_line fl
        JOIN funding_source fs ON fs.id = fl.source_id
        JOIN subproject s ON s.id = fl.subproject_id
        JOIN city_region r ON r.id = s.region_id
        WHERE fl.kind = 'planned'
        GROUP BY r.code";
    let shares = CityShare::find_by_statement(Statement::from_string(backend, sql))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(shares.len(), 16);
    for share in shares {
        let basis_points = share.city_cents * 10_000 / share.total_cents;
        assert!((2_500..=4_000).contains(&basis_points), "{share:?}");
        assert!(
            (50_000_000..=600_000_000).contains(&share.city_cents),
            "{share:?}"
        );
    }
}

async fn seeding_twice_duplicates_nothing(test: TestDb) {
    server::demo::seed(&test.db).await.unwrap();
    let before = key_figures(&test.db).await.unwrap();
    let again = server::demo::seed(&test.db).await.unwrap();
    assert!(!again.portfolio_loaded);
    assert_eq!(again.users_created, 0);
    assert_eq!(key_figures(&test.db).await.unwrap(), before);
    let backend = test.db.get_database_backend();
    let row = test
        .db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM app_user",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.try_get::<i64>("", "n").unwrap(),
        server::demo::users::DEMO_USERS.len() as i64
    );
}
