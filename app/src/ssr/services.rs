//! Business rules and queries, as plain async functions over a database connection.
//! Each takes `db: &impl ConnectionTrait` first, so a caller can pass a transaction.

pub mod audit;
pub mod figures;
pub mod projects;
pub mod users;
