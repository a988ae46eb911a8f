//! `subproject`: An individual project or subproject: one implementing organisation, one city region, its own budget.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subproject")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub code: String,
    pub name_fi: String,
    pub name_sv: Option<String>,
    pub name_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description_fi: String,
    #[sea_orm(column_type = "Text")]
    pub description_sv: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description_en: Option<String>,
    pub region_id: i32,
    pub organisation_id: i32,
    pub council_id: i32,
    pub starts_on: Date,
    pub ends_on: Date,
    pub status: super::status::ProjectStatus,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::project::Entity",
        from = "Column::ProjectId",
        to = "super::project::Column::Id"
    )]
    Project,
    #[sea_orm(
        belongs_to = "super::city_region::Entity",
        from = "Column::RegionId",
        to = "super::city_region::Column::Id"
    )]
    CityRegion,
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
    #[sea_orm(
        belongs_to = "super::regional_council::Entity",
        from = "Column::CouncilId",
        to = "super::regional_council::Column::Id"
    )]
    RegionalCouncil,
}

impl Related<super::project::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Project.def()
    }
}

impl Related<super::city_region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CityRegion.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::regional_council::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RegionalCouncil.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
