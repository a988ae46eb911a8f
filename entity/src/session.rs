//! `session`: A tower-sessions record: the serialised session, its expiry (Unix seconds) and
//! its owner.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub expires_at_unix: i64,
    /// The signed-in user, if any (copied from the data for listing and revoking).
    pub user_id: Option<i32>,
    /// A public name of the session, safe to show; the id itself is a secret.
    pub handle: Option<String>,
    pub signed_in_at_unix: Option<i64>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
