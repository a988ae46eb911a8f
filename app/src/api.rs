//! Server functions only, grouped by area. Each one authorises, calls one service and maps the
//! result; the rules live in `crate::ssr::services`.

pub mod account;
pub mod admin;
pub mod api_reference;
pub mod auth;
pub mod case_studies;
pub mod dashboard;
pub mod feedback;
pub mod figures;
pub mod imports;
pub mod organisations;
pub mod projects;
pub mod reference;
pub mod register;
pub mod reporting;
