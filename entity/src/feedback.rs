//! `feedback`: accessibility feedback from the statement's form, answered by the national team.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub received_at: DateTimeUtc,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The page the feedback is about, as the reader gave it.
    pub page: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    /// The language the reader wrote from: `fi`, `sv` or `en`.
    pub lang: String,
    pub answered_at: Option<DateTimeUtc>,
    pub answered_by: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub answer_note: Option<String>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::AnsweredBy",
        to = "super::app_user::Column::Id"
    )]
    AppUser,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
