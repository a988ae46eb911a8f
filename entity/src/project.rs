//! `project`: A project package (hankekokonaisuus) launched by a city region.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
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
    pub is_national_lead: bool,
    pub theme_id: i32,
    pub council_id: i32,
    pub lead_organisation_id: Option<i32>,
    pub starts_on: Date,
    pub ends_on: Date,
    pub status: super::status::ProjectStatus,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Kept current with every subproject write: the number of subprojects.
    pub subproject_count: i32,
    /// Kept current with every funding write: planned money of all subprojects, in cents.
    pub planned_cents: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::city_region::Entity",
        from = "Column::RegionId",
        to = "super::city_region::Column::Id"
    )]
    CityRegion,
    #[sea_orm(
        belongs_to = "super::theme::Entity",
        from = "Column::ThemeId",
        to = "super::theme::Column::Id"
    )]
    Theme,
    #[sea_orm(
        belongs_to = "super::regional_council::Entity",
        from = "Column::CouncilId",
        to = "super::regional_council::Column::Id"
    )]
    RegionalCouncil,
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::LeadOrganisationId",
        to = "super::organisation::Column::Id"
    )]
    Organisation,
}

impl Related<super::city_region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CityRegion.def()
    }
}

impl Related<super::theme::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Theme.def()
    }
}

impl Related<super::regional_council::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RegionalCouncil.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
