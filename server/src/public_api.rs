//! `GET /api/v1/key-figures`: the programme's public key figures as JSON at a stable address,
//! for the programme's website to embed. The same figures as the public page: what the
//! national team last published (planned money and targets of the register, indicator
//! actuals from approved reports, as they stood then), the day they were published
//! (`as_of`), and the published case studies. Money is a decimal string in euros
//! (`"103500000.00"`), never a float. Anyone may read it, from any origin; before the first
//! publication it answers 404.

use app::ssr::rollup::publication;
use app::ssr::services::case_studies;
use app::ssr::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The path of the JSON; part of the programme's public interface, so it does not change.
pub const KEY_FIGURES_PATH: &str = "/api/v1/key-figures";

pub async fn key_figures(State(state): State<AppState>) -> Response {
    let loaded = async {
        let figures = publication::published(&state.db).await?;
        let stories = case_studies::published(&state.db).await?;
        Ok::<_, app::error::AppError>((figures, stories))
    }
    .await;
    match loaded {
        Ok((None, _)) => (StatusCode::NOT_FOUND, "no figures published yet").into_response(),
        Ok((Some(figures), stories)) => {
            let mut body = serde_json::to_value(&figures).unwrap_or_default();
            if let Some(object) = body.as_object_mut() {
                let stories: Vec<serde_json::Value> = stories
                    .iter()
                    .map(|story| {
                        let mut value = serde_json::to_value(story).unwrap_or_default();
                        if let Some(fields) = value.as_object_mut() {
                            fields.insert("url".into(), format!("/stories/{}", story.id).into());
                        }
                        value
                    })
                    .collect();
                object.insert("case_studies".into(), stories.into());
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
