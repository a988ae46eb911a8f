//! The typed session: the one place that knows the session's keys.

use crate::error::AppError;
use crate::model::forms::RefusedPost;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const USER_KEY: &str = "user";
/// A session ends this long after sign-in, however active it is.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT_MINUTES: i64 = 30;

/// Who a session belongs to. The session store copies these fields into its own columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub user_id: i32,
    /// The user's `session_epoch` at sign-in; a newer epoch in the database invalidates it.
    pub epoch: i32,
    /// Unix seconds of sign-in, for the absolute timeout.
    pub signed_in_at: i64,
    /// A public name of the session for the user's session list (the id stays secret).
    pub handle: String,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

/// The session key the user is stored under (read by the session store too).
pub const SESSION_USER_KEY: &str = USER_KEY;

/// A plain form post (no JavaScript) that the server refused, kept in the session for the
/// page the browser is sent back to, so its form shows what was typed rather than what is
/// stored.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RefusedForm {
    /// The server function's path (its `ServerFn::PATH`).
    pub endpoint: String,
    /// The URL-encoded form body as posted, without its password fields.
    pub body: String,
    /// The path of the page the browser was sent back to; only that page shows it.
    #[serde(default)]
    pub back: String,
    /// Unix seconds; older than [`REFUSED_FORM_TTL_SECS`] is forgotten.
    pub at: i64,
}

const REFUSED_FORM_KEY: &str = "refused_form";
/// How long a refused form is kept for its page to pick up.
pub const REFUSED_FORM_TTL_SECS: i64 = 120;

/// The input of the refused plain form post the current page was sent back with, decoded
/// as the arguments of the server function `T`; `None` when there is none or it was posted
/// to another. The page request carries it (see `UserSession::take_refused`).
pub fn refused_input<T>() -> Option<T>
where
    T: server_fn::ServerFn + serde::de::DeserializeOwned,
{
    let post = refused_post()?;
    (post.endpoint == T::PATH)
        .then(|| {
            serde_qs::Config::new(5, false)
                .deserialize_str(&post.body)
                .ok()
        })
        .flatten()
}

/// The refused plain form post the current page was sent back with, if any.
pub fn refused_post() -> Option<RefusedPost> {
    leptos::prelude::use_context::<axum::http::request::Parts>()?
        .extensions
        .get::<RefusedPost>()
        .cloned()
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

    /// Keeps a refused plain form post for the page at `back` the browser is sent back to
    /// (replacing any kept before). Failing to keep it only costs the user their typing.
    pub async fn keep_refused(&self, endpoint: &str, body: String, back: &str) {
        let form = RefusedForm {
            endpoint: endpoint.to_owned(),
            body,
            back: back.to_owned(),
            at: time::OffsetDateTime::now_utc().unix_timestamp(),
        };
        if let Err(err) = self.0.insert(REFUSED_FORM_KEY, form).await {
            tracing::warn!(error = %err, "could not keep a refused form's input");
        }
    }

    /// The refused plain form post kept for the page at `path`, once: it is removed as it is
    /// read, and forgotten when older than [`REFUSED_FORM_TTL_SECS`].
    pub async fn take_refused(&self, path: &str) -> Option<RefusedPost> {
        let form: RefusedForm = self.0.get(REFUSED_FORM_KEY).await.ok().flatten()?;
        if form.back != path {
            return None;
        }
        let _ = self.0.remove::<RefusedForm>(REFUSED_FORM_KEY).await;
        let age = time::OffsetDateTime::now_utc().unix_timestamp() - form.at;
        (age <= REFUSED_FORM_TTL_SECS).then(|| RefusedPost {
            fields: serde_urlencoded::from_str(&form.body).unwrap_or_default(),
            endpoint: form.endpoint,
            body: form.body,
        })
    }

    /// Drops a kept refused post older than [`REFUSED_FORM_TTL_SECS`], which no page will
    /// show any more.
    pub async fn forget_stale_refused(&self) {
        let Ok(Some(form)) = self.0.get::<RefusedForm>(REFUSED_FORM_KEY).await else {
            return;
        };
        if time::OffsetDateTime::now_utc().unix_timestamp() - form.at > REFUSED_FORM_TTL_SECS {
            let _ = self.0.remove::<RefusedForm>(REFUSED_FORM_KEY).await;
        }
    }

    /// Starts a signed-in session under a new id (no session fixation).
    ///
    /// # Errors
    /// [`AppError::Internal`] when the store fails.
    pub async fn sign_in(
        &self,
        user_id: i32,
        epoch: i32,
        client_addr: Option<String>,
        user_agent: Option<String>,
    ) -> Result<(), AppError> {
        self.0.cycle_id().await.map_err(internal)?;
        let handle: u64 = rand::random();
        let user = SessionUser {
            user_id,
            epoch,
            signed_in_at: time::OffsetDateTime::now_utc().unix_timestamp(),
            handle: format!("{handle:016x}"),
            client_addr,
            user_agent: user_agent.map(|a| a.chars().take(300).collect()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tower_sessions::MemoryStore;

    fn user(signed_in_at: i64) -> SessionUser {
        SessionUser {
            user_id: 1,
            epoch: 1,
            signed_in_at,
            handle: "h".into(),
            client_addr: None,
            user_agent: None,
        }
    }

    #[tokio::test]
    async fn a_session_older_than_twelve_hours_is_signed_out() {
        let session = Session::new(None, Arc::new(MemoryStore::default()), None);
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        session
            .insert(USER_KEY, user(now - ABSOLUTE_TIMEOUT_SECS - 1))
            .await
            .unwrap();
        assert_eq!(UserSession::new(session.clone()).user().await, None);
        session
            .insert(USER_KEY, user(now - ABSOLUTE_TIMEOUT_SECS + 60))
            .await
            .unwrap();
        assert!(UserSession::new(session).user().await.is_some());
    }
}
