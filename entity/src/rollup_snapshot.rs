//! `rollup_snapshot`: the national roll-up frozen when a reporting period was closed.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rollup_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub period_id: i32,
    pub taken_at: DateTimeUtc,
    pub taken_by: Option<i32>,
    /// The dashboard's figures as JSON.
    #[sea_orm(column_type = "Text")]
    pub data: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::reporting_period::Entity",
        from = "Column::PeriodId",
        to = "super::reporting_period::Column::Id"
    )]
    ReportingPeriod,
}

impl Related<super::reporting_period::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportingPeriod.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
