//! The read models on top of the services: roll-ups of the register and the reports by any
//! scope, kept against the database's change counter; the snapshots frozen when a period
//! closes; the public key figures and their publication; the dashboard and its CSV tables.
//! `indicators`, `parts`, `part_queries` and `compute` are at the bottom of this folder; nothing here is imported by a
//! service.

pub mod cache;
pub mod compute;
pub mod dashboard;
pub mod dashboard_tables;
pub mod figures;
pub mod indicators;
pub mod live;
pub mod part_queries;
pub mod parts;
pub mod publication;
pub mod snapshots;
