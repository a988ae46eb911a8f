//! Route-level views, one module per area.

pub mod account;
pub mod admin;
pub mod home;
pub mod login;
pub mod not_found;
pub mod projects;
