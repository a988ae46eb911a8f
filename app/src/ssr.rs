//! Server-only code: state, database access, sessions, authentication and the services that
//! hold the business rules. Never compiled into the browser's wasm.

pub mod access;
pub mod auth;
pub mod client_addr;
pub mod columns;
pub mod db;
pub mod export;
pub mod fault_page;
pub mod import_file;
pub mod metrics;
pub mod password;
pub mod rollup;
pub mod services;
pub mod session;
pub mod session_store;
pub mod sql;
pub mod state;
