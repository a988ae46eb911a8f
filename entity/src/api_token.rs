//! `api_token`: a user's personal key to the open API. Only the SHA-256 hash of its secret
//! is kept; `prefix` is the secret's first characters, to tell tokens apart in a list.

use sea_orm::entity::prelude::*;

/// Deliberately not `Serialize`: the hash stays on the server.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub name: String,
    #[sea_orm(unique)]
    pub secret_hash: String,
    pub prefix: String,
    pub can_write: bool,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
