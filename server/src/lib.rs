//! The InnoCities Monitor server: command line, start-up, HTTP routes and the demo data.
//! The application itself (pages, server functions, services) is the `app` crate.

pub mod api_v1;
pub mod assets;
pub mod availability;
pub mod backup;
pub mod cli;
pub mod commands;
pub mod demo;
pub mod generator;
pub mod import_command;
pub mod import_upload;
pub mod locale;
pub mod metrics;
pub mod page_downloads;
pub mod public_api;
pub mod refused_form;
pub mod request_guard;
pub mod routes;
pub mod security;
pub mod serve;
pub mod table_export;
pub mod telemetry;
/// Test support: compiled for the test binaries and benchmarks only (the `testing` feature,
/// which the crate's dev-dependency on itself switches on), never into the server.
#[cfg(feature = "testing")]
pub mod testing;
pub mod wire_status;
