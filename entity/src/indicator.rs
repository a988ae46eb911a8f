//! `indicator`: An indicator of the catalogue; values are kept in thousandths of its unit.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub definition_fi: String,
    #[sea_orm(column_type = "Text")]
    pub definition_sv: String,
    #[sea_orm(column_type = "Text")]
    pub definition_en: String,
    pub unit: String,
    pub kind: String,
    pub eu_code: Option<String>,
    pub headline: Option<String>,
    pub lists_companies: bool,
    pub sort_order: i32,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
