//! The typed session: the one place that knows the session's keys.

use crate::error::AppError;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const USER_KEY: &str = "user";
/// A session ends this long after sign-in, however active it is.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT_MINUTES: i64 = 30;

/// Who a session belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: i32,
    /// The user's `session_epoch` at sign-in; a newer epoch in the database invalidates it.
    pub epoch: i32,
    /// Unix seconds of sign-in, for the absolute timeout.
    pub signed_in_at: i64,
}

/// The session of the current request.
#[derive(Clone, Debug)]
pub struct UserSession(Session);

fn internal(err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "session store failed");
    AppError::Internal
}

impl UserSession {
    /// Wraps a tower-sessions session.
    pub fn new(session: Session) -> Self {
        UserSession(session)
    }

    /// The session of the request being served.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the session layer is missing.
    pub async fn from_request() -> Result<Self, AppError> {
        leptos_axum::extract::<Session>()
            .await
            .map(UserSession)
            .map_err(internal)
    }

    /// Starts a signed-in session under a new id (no session fixation).
    ///
    /// # Errors
    /// [`AppError::Internal`] when the store fails.
    pub async fn sign_in(&self, user_id: i32, epoch: i32) -> Result<(), AppError> {
        self.0.cycle_id().await.map_err(internal)?;
        let user = SessionUser {
            user_id,
            epoch,
            signed_in_at: time::OffsetDateTime::now_utc().unix_timestamp(),
        };
        self.0.insert(USER_KEY, user).await.map_err(internal)
    }

    /// The signed-in user, if the session has one that has not outlived the absolute timeout.
    pub async fn user(&self) -> Option<SessionUser> {
        let user: SessionUser = self.0.get(USER_KEY).await.ok().flatten()?;
        let age = time::OffsetDateTime::now_utc().unix_timestamp() - user.signed_in_at;
        (age < ABSOLUTE_TIMEOUT_SECS).then_some(user)
    }

    /// Ends the session: its data and its record in the store are removed.
    ///
    /// # Errors
    /// [`AppError::Internal`] when the store fails.
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.0.flush().await.map_err(internal)
    }
}
