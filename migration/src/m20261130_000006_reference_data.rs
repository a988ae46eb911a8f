//! Inserts the reference data of [`crate::reference`]: councils, city regions with
//! municipalities and agreements, themes, actions, funding sources and the first indicators.

use crate::reference::{
    ACTIONS, COUNCILS, Classifier, FUNDING_SOURCES, INDICATORS, REGIONS, THEMES,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::prelude::Date;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The agreements were signed for the programme period 2021–2027.
const AGREEMENT_SIGNED: (i32, u32, u32) = (2021, 6, 17);
const AGREEMENT_STARTS: (i32, u32, u32) = (2021, 1, 1);
const AGREEMENT_ENDS: (i32, u32, u32) = (2027, 12, 31);

fn insert(table: &str, columns: &[&str]) -> InsertStatement {
    let mut stmt = Query::insert();
    stmt.into_table(Alias::new(table))
        .columns(columns.iter().map(|c| Alias::new(*c)));
    stmt
}

/// `(SELECT id FROM table WHERE code = 'code')` as an insertable value.
fn id_of(table: &str, code: &str) -> Expr {
    let select = Query::select()
        .column(Alias::new("id"))
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new("code")).eq(code))
        .to_owned();
    Expr::SubQuery(None, Box::new(select.into()))
}

fn date(ymd: (i32, u32, u32)) -> Expr {
    Date::from_ymd_opt(ymd.0, ymd.1, ymd.2)
        .expect("a valid calendar date")
        .into()
}

async fn insert_classifiers(
    manager: &SchemaManager<'_>,
    table: &str,
    rows: &[Classifier],
) -> Result<(), DbErr> {
    let mut stmt = insert(
        table,
        &["code", "name_fi", "name_sv", "name_en", "sort_order"],
    );
    for (i, row) in rows.iter().enumerate() {
        let [fi, sv, en] = row.names;
        stmt.values_panic([
            row.code.into(),
            fi.into(),
            sv.into(),
            en.into(),
            (i as i32 + 1).into(),
        ]);
    }
    manager.exec_stmt(stmt).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut councils = insert(
            "regional_council",
            &["code", "name_fi", "name_sv", "name_en"],
        );
        for c in &COUNCILS {
            let [fi, sv, en] = c.names;
            councils.values_panic([c.code.into(), fi.into(), sv.into(), en.into()]);
        }
        manager.exec_stmt(councils).await?;

        for (i, r) in REGIONS.iter().enumerate() {
            let [fi, sv, en] = r.names;
            let mut region = insert(
                "city_region",
                &[
                    "code",
                    "name_fi",
                    "name_sv",
                    "name_en",
                    "council_id",
                    "population",
                    "latitude_milli",
                    "longitude_milli",
                    "sort_order",
                ],
            );
            region.values_panic([
                r.code.into(),
                fi.into(),
                sv.into(),
                en.into(),
                id_of("regional_council", r.council),
                r.population.into(),
                r.lat_lon_milli.0.into(),
                r.lat_lon_milli.1.into(),
                (i as i32 + 1).into(),
            ]);
            manager.exec_stmt(region).await?;

            let mut municipalities =
                insert("municipality", &["region_id", "name_fi", "name_sv", "kind"]);
            for (name_fi, name_sv, is_city) in r.municipalities {
                let kind = if *is_city { "city" } else { "municipality" };
                municipalities.values_panic([
                    id_of("city_region", r.code),
                    (*name_fi).into(),
                    (*name_sv).into(),
                    kind.into(),
                ]);
            }
            manager.exec_stmt(municipalities).await?;

            let [focus_fi, focus_sv, focus_en] = r.focus;
            let mut agreement = insert(
                "ecosystem_agreement",
                &[
                    "region_id",
                    "signed_on",
                    "starts_on",
                    "ends_on",
                    "focus_fi",
                    "focus_sv",
                    "focus_en",
                ],
            );
            agreement.values_panic([
                id_of("city_region", r.code),
                date(AGREEMENT_SIGNED),
                date(AGREEMENT_STARTS),
                date(AGREEMENT_ENDS),
                focus_fi.into(),
                focus_sv.into(),
                focus_en.into(),
            ]);
            manager.exec_stmt(agreement).await?;
        }

        insert_classifiers(manager, "theme", &THEMES).await?;
        insert_classifiers(manager, "action", &ACTIONS).await?;

        let mut sources = insert(
            "funding_source",
            &[
                "code",
                "name_fi",
                "name_sv",
                "name_en",
                "is_public",
                "sort_order",
            ],
        );
        for (i, (code, [fi, sv, en], public)) in FUNDING_SOURCES.iter().enumerate() {
            sources.values_panic([
                (*code).into(),
                (*fi).into(),
                (*sv).into(),
                (*en).into(),
                (*public).into(),
                (i as i32 + 1).into(),
            ]);
        }
        manager.exec_stmt(sources).await?;

        let mut indicators = insert(
            "indicator",
            &[
                "code",
                "name_fi",
                "name_sv",
                "name_en",
                "definition_fi",
                "definition_sv",
                "definition_en",
                "unit",
                "kind",
                "eu_code",
                "headline",
                "lists_companies",
                "sort_order",
            ],
        );
        for (i, ind) in INDICATORS.iter().enumerate() {
            let [fi, sv, en] = ind.names;
            let [dfi, dsv, den] = ind.definitions;
            let kind = if ind.cumulative {
                "cumulative"
            } else {
                "incremental"
            };
            indicators.values_panic([
                ind.code.into(),
                fi.into(),
                sv.into(),
                en.into(),
                dfi.into(),
                dsv.into(),
                den.into(),
                ind.unit.into(),
                kind.into(),
                ind.eu_code.into(),
                ind.headline.into(),
                ind.lists_companies.into(),
                (i as i32 + 1).into(),
            ]);
        }
        manager.exec_stmt(indicators).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in [
            "indicator",
            "funding_source",
            "action",
            "theme",
            "ecosystem_agreement",
            "municipality",
            "city_region",
            "regional_council",
        ] {
            db.execute_unprepared(&format!("DELETE FROM {table}"))
                .await?;
        }
        Ok(())
    }
}
