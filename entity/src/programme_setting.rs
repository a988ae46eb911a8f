//! `programme_setting`: programme-wide settings the national team edits, such as the
//! funding frame.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_setting")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub setting_key: String,
    #[sea_orm(column_type = "Text")]
    pub setting_value: String,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
