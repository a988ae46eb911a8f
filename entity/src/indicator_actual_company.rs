//! `indicator_actual_company`: A company (by Business ID) behind a company-count actual value.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_actual_company")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub actual_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub business_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::indicator_actual::Entity",
        from = "Column::ActualId",
        to = "super::indicator_actual::Column::Id"
    )]
    IndicatorActual,
}

impl Related<super::indicator_actual::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::IndicatorActual.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
