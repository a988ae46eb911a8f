//! Spreadsheet uploads and templates, outside server functions (a file is a multipart body,
//! larger than any form's):
//! - `POST /imports/upload` (multipart: `kind`, `file`, `sheet`, `mapping`, `policy`): the
//!   file becomes an import batch whose rows are checked in the background, and the browser
//!   goes to its page, `/imports/{id}` (the preview, or how far the check is); a file that
//!   cannot be read goes back to `/imports?error=…` with the reason's key;
//! - `GET /imports/template/{kind}.xlsx`: the template of a kind in the reader's language;
//! - `GET /imports/records/{kind}.xlsx`: the same with the user's own records in it;
//! - `GET /imports/portfolio.xlsx`: every kind's records in one workbook, a sheet each;
//! - `GET /imports/{id}/rows.xlsx` and `.csv`: every row of a preview that does something.

use crate::table_export::{attachment, download, reader, refused};
use app::error::AppError;
use app::model::imports::{ImportKind, Policy};
use app::ssr::export::table::Format;
use app::ssr::services::imports::{self, Upload, preview_table, records, template};
use app::ssr::state::AppState;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// The address uploads are posted to.
pub const UPLOAD_PATH: &str = "/imports/upload";
/// The largest upload body: the largest file an import reads, and the form's other fields.
pub const MAX_UPLOAD_BODY: usize = app::ssr::import_file::MAX_FILE_BYTES + 64 * 1024;

/// How long an upload waits for its rows to be checked before it shows the check's progress.
const CHECK_AWAITED: std::time::Duration = std::time::Duration::from_secs(2);

/// The fields of the upload form.
#[derive(Default)]
struct Posted {
    kind: Option<ImportKind>,
    file_name: String,
    bytes: axum::body::Bytes,
    sheet: Option<String>,
    mapping: Option<i32>,
    policy: Policy,
    /// A policy the form does not offer was posted: refused, never read as one that writes.
    unknown_policy: bool,
}

/// Back to the imports page with the reason a file was not taken.
fn back(key: &str, kind: Option<ImportKind>) -> Response {
    let kind = kind.map_or(String::new(), |k| format!("&kind={}", k.code()));
    Redirect::to(&format!("/imports?error={key}{kind}")).into_response()
}

/// A multipart body that cannot be read: too large, or not multipart as the browser sends it.
fn unreadable(err: &MultipartError) -> Response {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        back("file_too_large", None)
    } else {
        StatusCode::BAD_REQUEST.into_response()
    }
}

async fn posted(mut multipart: Multipart) -> Result<Posted, Response> {
    let mut form = Posted::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| unreadable(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            form.file_name = field.file_name().unwrap_or_default().to_owned();
            form.bytes = field.bytes().await.map_err(|e| unreadable(&e))?;
            continue;
        }
        let text = field.text().await.map_err(|e| unreadable(&e))?;
        let text = text.trim();
        match name.as_str() {
            "kind" => form.kind = ImportKind::from_code(text),
            "sheet" if !text.is_empty() => form.sheet = Some(text.to_owned()),
            "mapping" => form.mapping = text.parse().ok(),
            "policy" => match Policy::from_code(text) {
                Some(policy) => form.policy = policy,
                None => form.unknown_policy = true,
            },
            _ => {}
        }
    }
    Ok(form)
}

/// `POST /imports/upload`.
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    multipart: Multipart,
) -> Response {
    let principal = match reader(&state, session, "/imports").await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let form = match posted(multipart).await {
        Ok(form) => form,
        Err(refusal) => return refusal,
    };
    let Some(kind) = form.kind else {
        return back("no_kind", None);
    };
    if form.bytes.is_empty() {
        return back("no_file", Some(kind));
    }
    if form.unknown_policy {
        return back("invalid", Some(kind));
    }
    let upload = Upload {
        kind,
        file_name: &form.file_name,
        bytes: &form.bytes,
        sheet: form.sheet.as_deref(),
        mapping: form.mapping,
        policy: form.policy,
    };
    match imports::start(&state.db, &principal, &upload).await {
        Ok(id) => {
            let db = state.db.clone();
            let checking = tokio::spawn(async move { imports::check(&db, &principal, id).await });
            // Most files are checked at once and their preview shows straight away; a large
            // one's page shows how far its check is, and the check goes on meanwhile.
            let _ = tokio::time::timeout(CHECK_AWAITED, checking).await;
            Redirect::to(&format!("/imports/{id}")).into_response()
        }
        Err(AppError::Validation(errors)) => {
            let key = errors
                .values()
                .flatten()
                .next()
                .map_or("invalid", String::as_str);
            back(key, Some(kind))
        }
        Err(err) => StatusCode::from_u16(err.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

/// `GET /imports/template/{kind}.xlsx`: an empty template.
pub async fn template_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    workbook_file(state, file, session, headers, false).await
}

/// `GET /imports/records/{kind}.xlsx`: the user's own records in the template's shape, to
/// edit and import back.
pub async fn records_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    workbook_file(state, file, session, headers, true).await
}

/// `GET /imports/portfolio.xlsx`: the whole portfolio the user reads, a sheet per kind in
/// its template's shape (a coordinator's sheets import back as they are).
pub async fn portfolio_file(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let principal = match reader(&state, session, "/imports").await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let Ok(_turn) = crate::table_export::BUILDING.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let locale = crate::locale::of(&headers);
    match template::portfolio(&state.db, locale, &principal).await {
        Ok(bytes) => attachment(bytes, Format::Xlsx, "innocities-portfolio.xlsx"),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /imports/{id}/rows.xlsx` and `.csv`: the uploader's preview of import `id`, every
/// row that does something (refused ones first) with its details in the reader's language.
pub async fn preview_rows(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    session: Session,
    headers: HeaderMap,
) -> Response {
    let format = match file.as_str() {
        "rows.csv" => Format::Csv,
        "rows.xlsx" => Format::Xlsx,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Ok(id) = id.parse::<i32>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let principal = match reader(&state, session, &format!("/imports/{id}")).await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let Ok(_turn) = crate::table_export::BUILDING.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let locale = crate::locale::of(&headers);
    match imports::preview_whole(&state.db, &principal, id, locale).await {
        Ok(preview) => download(&preview_table::rows_table(&preview, locale), format, locale),
        Err(err) => refused(err),
    }
}

async fn workbook_file(
    state: AppState,
    file: String,
    session: Session,
    headers: HeaderMap,
    with_records: bool,
) -> Response {
    let Some(kind) = file.strip_suffix(".xlsx").and_then(ImportKind::from_code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let principal = match reader(&state, session, "/imports").await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let Ok(_turn) = crate::table_export::BUILDING.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let rows = if with_records {
        match records::rows(&state.db, &principal, kind).await {
            Ok(rows) => rows,
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    } else {
        Vec::new()
    };
    let locale = crate::locale::of(&headers);
    match template::workbook(&state.db, locale, kind, rows).await {
        Ok(bytes) => {
            let what = if with_records { "records" } else { "template" };
            attachment(
                bytes,
                Format::Xlsx,
                &format!("innocities-{}-{what}.xlsx", kind.code()),
            )
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
