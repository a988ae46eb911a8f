//! The HTTP surface: Leptos pages and server functions, `/healthz` and `/readyz`, the
//! language switch, static files (the built ones in `assets.rs`), sessions, compression,
//! and the 503 answer while the database does not answer (`availability.rs`).

use app::ssr::session::IDLE_TIMEOUT_MINUTES;
use app::ssr::session_store::DbSessionStore;
use app::ssr::state::AppState;
use app::{App, shell};
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

pub use crate::locale::LANG_COOKIE;

/// The largest request body accepted (a form or a server function's arguments); larger ones
/// answer 413.
pub const MAX_REQUEST_BODY: usize = 2 * 1024 * 1024;

/// The whole application as an axum router.
pub fn router(state: AppState, store: DbSessionStore) -> Router {
    crate::request_guard::install_executor();
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let context_state = state.clone();
    let api_document = crate::api_v1::doc::document();
    let fallback_state = state.clone();
    let site_root = state.leptos_options.site_root.to_string();
    let secure = state.settings.secure_cookies;

    let sessions = SessionManagerLayer::new(store)
        .with_name(if secure {
            "__Host-innocities"
        } else {
            "innocities"
        })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::minutes(IDLE_TIMEOUT_MINUTES),
        ))
        // Every request, reading included, counts as activity for the idle timeout.
        .with_always_save(true);

    let pkg = crate::assets::pkg_routes(&state.leptos_options);
    let app = Router::new()
        .route("/healthz", get(crate::availability::healthz))
        .route("/readyz", get(crate::availability::readyz))
        .route("/lang", post(set_language))
        .route(
            crate::public_api::KEY_FIGURES_PATH,
            get(crate::public_api::key_figures),
        )
        .route(
            "/dashboard/{file}",
            get(crate::table_export::dashboard_table),
        )
        .route("/projects.csv", get(crate::table_export::project_list))
        .route("/projects.xlsx", get(crate::table_export::project_list))
        .route(
            "/reporting/board/{period}/{file}",
            get(crate::table_export::board_list),
        )
        .route("/admin/users.csv", get(crate::table_export::users_list))
        .route("/admin/users.xlsx", get(crate::table_export::users_list))
        .route("/admin/audit.csv", get(crate::table_export::audit_list))
        .route("/admin/audit.xlsx", get(crate::table_export::audit_list))
        .merge(page_list_routes())
        .merge(crate::api_v1::routes(&state.db))
        .route(
            crate::import_upload::UPLOAD_PATH,
            post(crate::import_upload::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::import_upload::MAX_UPLOAD_BODY,
            )),
        )
        .route(
            "/imports/template/{file}",
            get(crate::import_upload::template_file),
        )
        .route(
            "/imports/records/{file}",
            get(crate::import_upload::records_file),
        )
        .route(
            "/imports/portfolio.xlsx",
            get(crate::import_upload::portfolio_file),
        )
        .route(
            "/imports/{id}/{file}",
            get(crate::import_upload::preview_rows),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                provide_context(api_document.clone());
                provide_request_ref();
            },
            move || shell(options.clone()),
        )
        .route_layer(axum::middleware::from_fn(crate::metrics::mark_route))
        // Files of the site (the icon; the built files of a debug build) are answered by
        // `ServeDir`, and only what is not there by Leptos (its "not found" page): Leptos's
        // own file answer looks up response options from whatever reactive owner is current
        // on its thread, which under load is another request's page, and takes that page's
        // headers (its Content-Security-Policy among them).
        .fallback_service(
            tower_http::services::ServeDir::new(site_root).not_found_service(
                axum::handler::Handler::with_state(
                    file_and_error_handler_with_context::<AppState, _>(
                        move || {
                            provide_context(fallback_state.clone());
                            provide_request_ref();
                        },
                        shell,
                    ),
                    state.clone(),
                ),
            ),
        )
        .layer(axum::middleware::from_fn(
            crate::wire_status::refusal_status,
        ))
        .layer(axum::middleware::from_fn(
            crate::refused_form::keep_refused_input,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::same_origin_only,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::security_headers,
        ))
        .layer(axum::middleware::from_fn(limit_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::availability::gate,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client_address,
        ))
        .layer(axum::middleware::from_fn(
            crate::request_guard::guard_request,
        ))
        .layer(axum::middleware::from_fn(crate::metrics::record));
    // The built files stand outside the layers above: no session, no compression per
    // request (they are compressed at build time), their own cache policy.
    match pkg {
        Some(pkg) => app.merge(pkg),
        None => app,
    }
    .with_state(state)
}

/// Puts the client's address where every reader of it looks (`ConnectInfo`): the socket's
/// peer, or behind a trusted proxy the client its forwarding headers name
/// (`app::ssr::client_addr`).
async fn client_address(
    State(state): State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    if let Some(ConnectInfo(peer)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    {
        let values = |name: &str| -> Vec<String> {
            request
                .headers()
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_owned))
                .collect()
        };
        let (forwarded, x_forwarded_for) = (values("forwarded"), values("x-forwarded-for"));
        let forwarded: Vec<&str> = forwarded.iter().map(String::as_str).collect();
        let x_forwarded_for: Vec<&str> = x_forwarded_for.iter().map(String::as_str).collect();
        let client = state
            .settings
            .trusted_proxies
            .client(peer.ip(), &forwarded, &x_forwarded_for);
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(client, peer.port())));
    }
    next.run(request).await
}

/// Refuses a request body larger than its address takes (413): an upload to
/// [`crate::import_upload::UPLOAD_PATH`] may hold a spreadsheet, anything else at most
/// [`MAX_REQUEST_BODY`]. A body that claims less than it sends is cut off at the limit.
async fn limit_body(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let limit = if request.uri().path() == crate::import_upload::UPLOAD_PATH {
        crate::import_upload::MAX_UPLOAD_BODY
    } else {
        MAX_REQUEST_BODY
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        // A browser's upload form goes back to its page with the reason.
        if request.uri().path() == crate::import_upload::UPLOAD_PATH {
            return Redirect::to("/imports?error=file_too_large").into_response();
        }
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    next.run(request.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit))))
        .await
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// `POST /lang`: remembers the chosen language for a year and returns to the page.
async fn set_language(State(state): State<AppState>, Form(form): Form<LanguageForm>) -> Response {
    let Some(lang) = app::model::Lang::from_code(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "unknown language").into_response();
    };
    let next = app::ssr::auth::safe_next(form.next.as_deref(), "/");
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        lang.code()
    );
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The page lists' downloads (`crate::page_downloads::LISTS`), each as CSV and XLSX.
fn page_list_routes() -> Router<AppState> {
    crate::page_downloads::LISTS
        .iter()
        .flat_map(|(list, _)| ["csv", "xlsx"].map(|extension| format!("{list}.{extension}")))
        .fold(Router::new(), |router, path| {
            router.route(&path, get(crate::page_downloads::page_list))
        })
}

/// The request's id for the page being rendered (shown under refusals and errors).
fn provide_request_ref() {
    if let Some(id) = crate::request_guard::current_id() {
        provide_context(app::components::guard::RequestRef(id));
    }
}
