//! `funding_line`: Money of one subproject from one source: planned (no period) or realised in a period, in cents.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "funding_line")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub subproject_id: i32,
    pub source_id: i32,
    pub kind: super::status::FundingKind,
    pub period_id: Option<i32>,
    pub amount_cents: i64,
    pub version: i32,
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
        belongs_to = "super::funding_source::Entity",
        from = "Column::SourceId",
        to = "super::funding_source::Column::Id"
    )]
    FundingSource,
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

impl Related<super::funding_source::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FundingSource.def()
    }
}

impl Related<super::reporting_period::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportingPeriod.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
