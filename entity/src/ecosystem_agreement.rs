//! `ecosystem_agreement`: A city region's ecosystem agreement with the ministry.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ecosystem_agreement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub region_id: i32,
    pub signed_on: Date,
    pub starts_on: Date,
    pub ends_on: Date,
    #[sea_orm(column_type = "Text")]
    pub focus_fi: String,
    #[sea_orm(column_type = "Text")]
    pub focus_sv: String,
    #[sea_orm(column_type = "Text")]
    pub focus_en: String,
    pub version: i32,
    /// The region's own funding frame in cents, where the agreement names one.
    pub frame_cents: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::city_region::Entity",
        from = "Column::RegionId",
        to = "super::city_region::Column::Id"
    )]
    CityRegion,
}

impl Related<super::city_region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CityRegion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
