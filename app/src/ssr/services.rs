//! Business rules and queries, as plain async functions over a database connection.
//! Each takes `db: &impl ConnectionTrait` first, so a caller can pass a transaction.

pub mod admin_users;
pub mod api_reference;
pub mod api_register;
pub mod api_tokens;
pub mod audit;
pub mod case_studies;
pub mod feedback;
pub mod frame;
pub mod funding;
pub mod imports;
pub mod list_tables;
pub mod lookup;
pub mod organisations;
pub mod password_policy;
pub mod project_form;
pub mod project_page;
pub mod project_table;
pub mod projects;
pub mod rate_counts;
pub mod reference;
pub mod reference_tables;
pub mod register;
pub mod reporting;
pub mod sessions;
pub mod subprojects;
pub mod throttle;
pub mod unit;
pub mod users;
pub mod versioned;
