//! The built files under `/pkg` (the script, the wasm and the style sheet): served as the
//! brotli and gzip files the release build made beside them (no compression per request),
//! outside the session and compression layers. A name with its content's hash
//! (`innocities.<hash>.wasm`, listed in cargo-leptos's `hash.txt`) is cached for a year;
//! anything else under `/pkg` is revalidated.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// How long a hashed file may be kept: a year, without asking again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Any other built file: kept, but asked for again each time.
pub const REVALIDATE: &str = "no-cache";

/// Where cargo-leptos listed the hashed names: `hash.txt` beside the running binary, if a
/// release build wrote it.
pub fn hash_list(options: &LeptosOptions) -> Option<PathBuf> {
    let path = std::env::current_exe()
        .ok()?
        .parent()?
        .join(options.hash_file.as_ref());
    path.is_file().then_some(path)
}

/// The hashed file names of the build (`innocities.<hash>.js`, `.wasm`, `.css`), from a hash
/// list's `js: <hash>` lines.
pub fn hashed_names(output_name: &str, list: &str) -> HashSet<String> {
    list.lines()
        .filter_map(|line| {
            let (kind, hash) = line.split_once(':')?;
            let extension = match kind.trim() {
                kind @ ("js" | "wasm" | "css") => kind,
                _ => return None,
            };
            Some(format!("{output_name}.{}.{extension}", hash.trim()))
        })
        .collect()
}

/// `/pkg` as precompressed files with their cache policy, when the build hashed its files;
/// `None` otherwise (a debug build: Leptos's own file handler serves them, compressed per
/// request, so that a rebuild is seen at once).
pub fn pkg_routes<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Option<Router<S>> {
    if !options.hash_files {
        return None;
    }
    let list = std::fs::read_to_string(hash_list(options)?).ok()?;
    let hashed = Arc::new(hashed_names(&options.output_name, &list));
    let dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let policy = axum::middleware::from_fn(move |request: Request, next: Next| {
        let hashed = Arc::clone(&hashed);
        async move { with_cache_policy(&hashed, request, next).await }
    });
    Some(Router::new().nest_service("/pkg", files).layer(policy))
}

async fn with_cache_policy(hashed: &HashSet<String>, request: Request, next: Next) -> Response {
    let name = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut response = next.run(request).await;
    let policy = if response.status().is_success() && hashed.contains(&name) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_list_names_the_script_the_wasm_and_the_style_sheet() {
        let list = "js: AbC-1\nwasm: dEf_2\ncss: 3gh\nmanifest: x\n\n";
        let names = hashed_names("innocities", list);
        assert_eq!(names.len(), 3);
        for name in [
            "innocities.AbC-1.js",
            "innocities.dEf_2.wasm",
            "innocities.3gh.css",
        ] {
            assert!(names.contains(name), "{name}");
        }
    }
}
