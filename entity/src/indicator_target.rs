//! `indicator_target`: A revision of a subproject's target for an indicator; the highest revision is current.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_target")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub subproject_id: i32,
    pub indicator_id: i32,
    pub revision: i32,
    pub value_milli: i64,
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
    pub set_by: Option<i32>,
    pub set_at: DateTimeUtc,
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
        belongs_to = "super::indicator::Entity",
        from = "Column::IndicatorId",
        to = "super::indicator::Column::Id"
    )]
    Indicator,
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::SetBy",
        to = "super::app_user::Column::Id"
    )]
    AppUser,
}

impl Related<super::subproject::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subproject.def()
    }
}

impl Related<super::indicator::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Indicator.def()
    }
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
