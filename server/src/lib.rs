//! The InnoCities Monitor server: command line, start-up, HTTP routes and the demo data.
//! The application itself (pages, server functions, services) is the `app` crate.

pub mod cli;
pub mod commands;
pub mod demo;
pub mod routes;
pub mod security;
pub mod serve;
pub mod telemetry;
pub mod testing;
