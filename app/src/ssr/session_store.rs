//! A tower-sessions store in the application's own database (SQLite or PostgreSQL), so a
//! restart signs nobody out and several instances can share sessions.

use super::session::{SESSION_USER_KEY, SessionUser};
use entity::session;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

/// Sessions in the `session` table: id, JSON data and expiry in Unix seconds.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { db }
    }
}

/// The store's error; a database that does not answer is marked so (the request is then
/// answered 503 by `server/src/availability.rs`, not as the session layer's 500).
fn backend_error(err: sea_orm::DbErr) -> session_store::Error {
    if super::db::is_unavailable(&err) {
        super::db::mark_unavailable();
    }
    session_store::Error::Backend(err.to_string())
}

fn to_model(record: &Record) -> session_store::Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user: Option<SessionUser> = record
        .data
        .get(SESSION_USER_KEY)
        .and_then(|value| serde_json::from_value(value.clone()).ok());
    Ok(session::ActiveModel {
        id: Set(record.id.to_string()),
        data: Set(data),
        expires_at_unix: Set(record.expiry_date.unix_timestamp()),
        user_id: Set(user.as_ref().map(|u| u.user_id)),
        handle: Set(user.as_ref().map(|u| u.handle.clone())),
        signed_in_at_unix: Set(user.as_ref().map(|u| u.signed_in_at)),
        client_addr: Set(user.as_ref().and_then(|u| u.client_addr.clone())),
        user_agent: Set(user.and_then(|u| u.user_agent)),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh random id; on the astronomically unlikely collision, draw again.
        loop {
            let exists = session::Entity::find_by_id(record.id.to_string())
                .one(&self.db)
                .await
                .map_err(backend_error)?
                .is_some();
            if !exists {
                break;
            }
            record.id = Id::default();
        }
        session::Entity::insert(to_model(record)?)
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    /// Updates an existing record only. A request still in flight from a session that was
    /// revoked meanwhile must not bring it back; new sessions go through `create`.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let model = to_model(record)?;
        session::Entity::update_many()
            .set(model)
            .filter(session::Column::Id.eq(record.id.to_string()))
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let Some(row) = session::Entity::find_by_id(id.to_string())
            .filter(session::Column::ExpiresAtUnix.gt(now))
            .one(&self.db)
            .await
            .map_err(backend_error)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at_unix)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAtUnix.lte(now))
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}
