//! The project list's filters, search and sorting on the demo portfolio, on both backends,
//! checked against independent counts.

use app::model::projects::{ProjectFilter, ProjectStatus};
use app::ssr::access::Scope;
use app::ssr::services::projects::list_projects;
use sea_orm::{ConnectionTrait, Statement};
use server::testing::TestDb;

on_both_backends!(filters_search_and_sorting_agree_with_the_rows);

async fn list(
    db: &sea_orm::DatabaseConnection,
    filter: ProjectFilter,
) -> app::model::projects::ProjectPage {
    list_projects(db, &Scope::National, &filter).await.unwrap()
}

async fn count(test: &TestDb, sql: &str) -> i64 {
    let backend = test.db.get_database_backend();
    let row = test
        .db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn filters_search_and_sorting_agree_with_the_rows(test: TestDb) {
    server::demo::seed(&test.db).await.unwrap();
    let db = &test.db;
    let filter = |f: fn(&mut ProjectFilter)| {
        let mut filter = ProjectFilter {
            page: 1,
            ..Default::default()
        };
        f(&mut filter);
        filter
    };

    let by_code = list(db, filter(|f| f.q = Some("a73001".into()))).await;
    assert_eq!(by_code.total_projects, 1, "search by code, any case");
    let by_name = list(db, filter(|f| f.q = Some("SIRUOSAAMINEN".into()))).await;
    let expected = count(
        &test,
        "SELECT COUNT(*) AS n FROM project WHERE name_fi LIKE 'Siruosaaminen%'",
    )
    .await;
    assert_eq!(by_name.total_projects, expected, "search by Finnish name");
    assert!(expected > 0);
    let english = list(db, filter(|f| f.q = Some("chip expertise".into()))).await;
    assert_eq!(english.total_projects, expected, "search by English name");

    let council = list(db, filter(|f| f.council = Some("helsinki-uusimaa".into()))).await;
    assert_eq!(
        council.total_projects,
        24 + 12 + 16,
        "capital region, Lahti and Turku"
    );

    let action = list(db, filter(|f| f.action = Some("talent".into()))).await;
    let expected = count(
        &test,
        "SELECT COUNT(DISTINCT pa.project_id) AS n FROM project_action pa JOIN action a ON a.id = pa.action_id WHERE a.code = 'talent'",
    )
    .await;
    assert_eq!(action.total_projects, expected);

    let org = list(
        db,
        filter(|f| f.organisation = Some("Tampereen yliopisto".into())),
    )
    .await;
    assert_eq!(
        org.total_projects, 0,
        "the filter takes a Business ID, not a name"
    );
    let bid = {
        let backend = db.get_database_backend();
        let row = db
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT business_id FROM organisation WHERE name = 'Tampereen yliopisto'",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<String>("", "business_id").unwrap()
    };
    let expected = count(
        &test,
        &format!(
            "SELECT COUNT(*) AS n FROM project p WHERE p.lead_organisation_id IN (SELECT id FROM organisation WHERE business_id = '{bid}') \
             OR p.id IN (SELECT s.project_id FROM subproject s JOIN organisation o ON o.id = s.organisation_id WHERE o.business_id = '{bid}')"
        ),
    )
    .await;
    let org = list(
        db,
        ProjectFilter {
            organisation: Some(bid),
            page: 1,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(org.total_projects, expected);
    assert!(expected > 0);

    let active = list(
        db,
        filter(|f| {
            f.from = Some("2026-03-03".into());
            f.to = Some("2026-03-03".into());
        }),
    )
    .await;
    let expected = count(&test, "SELECT COUNT(*) AS n FROM project WHERE starts_on <= '2026-03-03' AND ends_on >= '2026-03-03'").await;
    assert_eq!(active.total_projects, expected, "active on the day");

    let combined = list(
        db,
        filter(|f| {
            f.region = Some("oulu".into());
            f.status = Some(ProjectStatus::Ongoing);
            f.theme = Some("digitalisation".into());
        }),
    )
    .await;
    assert!(
        combined
            .rows
            .iter()
            .all(|r| r.status == ProjectStatus::Ongoing && r.region.fi == "Oulu")
    );

    let richest = list(
        db,
        filter(|f| {
            f.sort = Some("funding".into());
            f.desc = true;
        }),
    )
    .await;
    let amounts: Vec<i64> = richest
        .rows
        .iter()
        .map(|r| r.planned_funding.cents())
        .collect();
    assert!(
        amounts.windows(2).all(|w| w[0] >= w[1]),
        "funding, largest first: {amounts:?}"
    );
    let max = count(&test, "SELECT MAX(planned_cents) AS n FROM project").await;
    assert_eq!(amounts[0], max);
    let names = list(db, filter(|f| f.sort = Some("name".into()))).await;
    let sorted: Vec<String> = names.rows.iter().map(|r| r.name.fi.clone()).collect();
    // The database's own collation decides the order (PostgreSQL's differs from bytes).
    let backend = db.get_database_backend();
    let expected_order: Vec<String> = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name_fi FROM project ORDER BY name_fi, code LIMIT 25",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "name_fi").unwrap())
        .collect();
    assert_eq!(sorted, expected_order);
    // Regions and themes in the programme's order (the filters' order), descending too.
    for (key, table, column) in [
        ("region", "city_region", "region_id"),
        ("theme", "theme", "theme_id"),
    ] {
        for desc in [false, true] {
            let page = list(
                db,
                ProjectFilter {
                    sort: Some(key.into()),
                    desc,
                    page: 1,
                    ..Default::default()
                },
            )
            .await;
            let got: Vec<String> = page.rows.iter().map(|r| r.code.clone()).collect();
            let dir = if desc { "DESC" } else { "ASC" };
            let want: Vec<String> = db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!(
                        "SELECT p.code FROM project p JOIN {table} o ON o.id = p.{column} \
                         ORDER BY o.sort_order {dir}, p.code LIMIT 25"
                    ),
                ))
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String>("", "code").unwrap())
                .collect();
            assert_eq!(got, want, "sorted by {key}, descending {desc}");
        }
    }
    let unknown = list(
        db,
        filter(|f| f.sort = Some("password_hash; DROP TABLE project".into())),
    )
    .await;
    assert_eq!(
        unknown.rows[0].code, "A73001",
        "an unknown sort key falls back to the code"
    );
}
