//! `case_study`: A case study (success story) of a city region, in three languages.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_study")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub region_id: i32,
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body_fi: String,
    #[sea_orm(column_type = "Text")]
    pub body_sv: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body_en: Option<String>,
    pub is_published: bool,
    pub published_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
