//! `role_assignment`: A role of a user; city coordinators' roles are scoped to one city region each.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_assignment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub role: String,
    pub region_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id"
    )]
    AppUser,
    #[sea_orm(
        belongs_to = "super::city_region::Entity",
        from = "Column::RegionId",
        to = "super::city_region::Column::Id"
    )]
    CityRegion,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl Related<super::city_region::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CityRegion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
