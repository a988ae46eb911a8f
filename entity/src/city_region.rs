//! `city_region`: One of the 16 city regions with an ecosystem agreement.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "city_region")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub code: String,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    pub council_id: i32,
    pub population: Option<i32>,
    pub latitude_milli: i32,
    pub longitude_milli: i32,
    pub sort_order: i32,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::regional_council::Entity",
        from = "Column::CouncilId",
        to = "super::regional_council::Column::Id"
    )]
    RegionalCouncil,
}

impl Related<super::regional_council::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RegionalCouncil.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
