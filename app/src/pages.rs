//! Route-level views, one module per area.

pub mod accessibility;
pub mod account;
pub mod account_tokens;
pub mod admin;
pub mod case_studies;
pub mod dashboard;
pub mod dashboard_regions;
pub mod dashboard_trend;
pub mod home;
pub mod import_preview;
pub mod imports;
pub mod indicators;
pub mod login;
pub mod not_found;
pub mod organisation_form;
pub mod period_form;
pub mod project_detail;
pub mod project_form;
pub mod projects;
pub mod publication;
pub mod reference;
pub mod report;
pub mod reporting;
pub mod story;
pub mod subproject_form;
pub mod targets;
