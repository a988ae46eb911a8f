//! Black-box tests: the real router on a random port, driven over HTTP like a browser would,
//! on SQLite and on PostgreSQL.

use app::api::{
    account, admin, api_reference, auth, case_studies, dashboard, feedback, figures, organisations,
    projects, reference, register, reporting,
};
use reqwest::{Client, StatusCode, redirect::Policy};
use server::testing::{Backend, TestApp, TestDb, spawn_app};
use server_fn::ServerFn;

/// Runs each named `async fn(TestApp)` against a seeded app once per backend.
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        $(
            mod $test {
                use server::testing::Backend;

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::run(Backend::Sqlite, super::$test).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::run(Backend::Postgres, super::$test).await;
                }
            }
        )*
    };
}

/// As [`run`], with `vars` set in the environment first (a server setting a test asks for).
async fn run_with_env<F, Fut>(backend: Backend, vars: &[(&str, &str)], test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for (key, value) in vars {
        // SAFETY: nextest runs every test in a process of its own, before any other thread
        // reads the environment.
        unsafe { std::env::set_var(key, value) };
    }
    run(backend, test).await;
}

async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let db = TestDb::new(backend).await;
    server::demo::seed(&db.db).await.expect("demo data loads");
    let app = spawn_app(db.db.clone()).await;
    test(app).await;
    drop(db);
}

/// A client that keeps cookies, does not follow redirects (tests look at them) and sends
/// `accept` and this site's `Origin` with every request, as a browser does.
fn client(app: &TestApp, accept: &'static str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("Accept", reqwest::header::HeaderValue::from_static(accept));
    headers.insert("Origin", app.url("").parse().unwrap());
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// As a browser navigates: asking for HTML.
fn browser(app: &TestApp) -> Client {
    client(app, "text/html,application/xhtml+xml,*/*;q=0.8")
}

/// As the browser's wasm calls server functions: asking for JSON.
fn api_client(app: &TestApp) -> Client {
    client(app, "application/json")
}

/// The page's HTML without the empty hydration markers (`<!>`) Leptos puts between text parts.
/// The body of what `path` downloads.
pub(crate) async fn bytes_at(client: &Client, app: &TestApp, path: &str) -> Vec<u8> {
    let response = client.get(app.url(path)).send().await.unwrap();
    response.bytes().await.unwrap().to_vec()
}

async fn html(response: reqwest::Response) -> String {
    response.text().await.unwrap().replace("<!>", "")
}

/// GETs `path` and returns its HTML.
async fn page(client: &Client, app: &TestApp, path: &str) -> String {
    html(client.get(app.url(path)).send().await.unwrap()).await
}

const DEMO_PASSWORD: &str = server::demo::users::DEMO_PASSWORD;

mod api_history;
mod api_matrix;
mod api_tokens;
mod contract;
mod first_week;
mod forwarded;
mod hostile;
mod import_organisations;
mod import_reports;
mod imports;
mod instances;
mod list_downloads;
mod live_rollups;
mod matrix;
mod open_api;
mod operations;
mod pages;
mod payloads;
mod rate_limits;
mod refused;
mod rolling;
mod security;

/// A browser-like client of `email` (with the demo password), signed in.
pub(crate) async fn browser_of(app: &TestApp, email: &str) -> Client {
    let client = browser(app);
    sign_in(&client, app, email, DEMO_PASSWORD).await;
    client
}

pub(crate) async fn sign_in(
    client: &Client,
    app: &TestApp,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url(<auth::Login as ServerFn>::PATH))
        .header("Accept", "text/html")
        .header("Referer", app.url("/login"))
        .form(&[
            ("form[email]", email),
            ("form[password]", password),
            ("form[next]", "/projects"),
        ])
        .send()
        .await
        .unwrap()
}
