//! Database tests, each run on SQLite and on PostgreSQL with a fresh database.

/// Runs each named `async fn(TestDb)` once per backend, as `<name>::sqlite` and
/// `<name>::postgres`.
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {
        $(
            mod $test {
                use server::testing::{Backend, TestDb};

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$test(TestDb::new(Backend::Sqlite).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$test(TestDb::new(Backend::Postgres).await).await;
                }
            }
        )*
    };
}

mod audit;
mod backups;
mod dashboard;
mod demo;
mod first_week;
mod hostile;
mod migrations;
mod money;
mod project_list;
mod register;
mod reporting;
mod reporting_property;
mod rollup_cache;
mod rollup_parts;
mod security;
mod sessions;
mod users;
