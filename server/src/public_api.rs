//! `GET /api/v1/key-figures`: the programme's public key figures as JSON at a stable address,
//! for the programme's website to embed. The same figures as the public page: the register's
//! planned money and targets, indicator actuals from approved reports only, the published
//! case studies, and the day they are as of. Money is a decimal string in euros (`"103500000.00"`),
//! never a float. Anyone may read it, from any origin.

use app::ssr::services::{case_studies, figures};
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The path of the JSON; part of the programme's public interface, so it does not change.
pub const KEY_FIGURES_PATH: &str = "/api/v1/key-figures";

pub async fn key_figures(State(state): State<AppState>) -> Response {
    let loaded = async {
        let figures = figures::cached_key_figures(&state.db, &state.rollups).await?;
        let stories = case_studies::published(&state.db).await?;
        Ok::<_, app::error::AppError>((figures, stories))
    }
    .await;
    match loaded {
        Ok((figures, stories)) => {
            let mut body = serde_json::to_value(&figures).unwrap_or_default();
            if let Some(object) = body.as_object_mut() {
                object.insert(
                    "case_studies".into(),
                    serde_json::to_value(&stories).unwrap_or_default(),
                );
            }
            let mut response = Json(body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            );
            response
        }
        Err(err) => {
            tracing::error!(error = ?err, "key figures failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
