//! `report`: A subproject's report for one period, with its workflow status and narrative.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub subproject_id: i32,
    pub period_id: i32,
    pub status: super::status::ReportState,
    #[sea_orm(column_type = "Text")]
    pub progress: String,
    #[sea_orm(column_type = "Text")]
    pub problems: String,
    #[sea_orm(column_type = "Text")]
    pub next_steps: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub approved_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::subproject::Entity",
        from = "Column::SubprojectId",
        to = "super::subproject::Column::Id"
    )]
    Subproject,
    #[sea_orm(
        belongs_to = "super::reporting_period::Entity",
        from = "Column::PeriodId",
        to = "super::reporting_period::Column::Id"
    )]
    ReportingPeriod,
}

impl Related<super::subproject::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subproject.def()
    }
}

impl Related<super::reporting_period::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportingPeriod.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
