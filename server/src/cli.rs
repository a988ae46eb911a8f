//! The command line. Every option can also be given as an environment variable.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;

/// InnoCities Monitor: the back office of Finland's InnoCities programme.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where the data lives.
#[derive(Clone, Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://path/to/file.db?mode=rwc` (default, created on first start)
    /// or `postgres://user@host:5432/dbname`.
    #[arg(long, env = "DATABASE_URL", default_value = app::ssr::db::DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default). Migrates the database first.
    Serve(ServeArgs),
    /// Apply (or roll back) database migrations.
    Migrate(MigrateArgs),
    /// Load the demo portfolio and demo accounts. Running it again changes nothing.
    SeedDemo,
    /// Create a user account, e.g. the first admin.
    CreateUser(CreateUserArgs),
    /// Load a large synthetic portfolio for benchmarks (into an empty database).
    GeneratePortfolio(GenerateArgs),
    /// Import a spreadsheet (XLSX or CSV) as a user: print the preview, then commit it
    /// unless `--dry-run` (all rows or none, as on the imports page).
    Import(ImportArgs),
    /// Make a personal API token for a user and print its secret (for scripts and the
    /// API's contract tests; users make theirs on /account). Audited like the page's.
    CreateToken(CreateTokenArgs),
    /// Back the database up while it serves: SQLite with `VACUUM INTO`, PostgreSQL with
    /// `pg_dump --format=custom`.
    Backup(BackupArgs),
    /// Restore a backup into an empty database, all of it or nothing.
    Restore(RestoreArgs),
}

/// Options of `backup`.
#[derive(Clone, Debug, Args)]
pub struct BackupArgs {
    /// The file to write (it must not exist).
    #[arg(long)]
    pub to: std::path::PathBuf,
}

/// Options of `restore`.
#[derive(Clone, Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore.
    #[arg(long)]
    pub from: std::path::PathBuf,
}

/// Options of `create-token`.
#[derive(Clone, Debug, Args)]
pub struct CreateTokenArgs {
    /// The e-mail address of the user the token acts as.
    #[arg(long = "as")]
    pub as_user: String,
    /// What the token is for.
    #[arg(long, default_value = "command line")]
    pub name: String,
    /// Days it is valid (at most 366).
    #[arg(long, default_value_t = 30)]
    pub days: u64,
    /// Read and write (read only without it).
    #[arg(long)]
    pub write: bool,
}

/// What an import's rows are.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Packages,
    Subprojects,
    Organisations,
    IndicatorValues,
    Targets,
}

/// Options of `import`.
#[derive(Clone, Debug, Args)]
pub struct ImportArgs {
    /// What the file's rows are.
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// The file: an `.xlsx` workbook or CSV text.
    #[arg(long)]
    pub file: std::path::PathBuf,
    /// The e-mail address of the city coordinator the import is made as.
    #[arg(long = "as")]
    pub as_user: String,
    /// A workbook's sheet; the first visible one when not given.
    #[arg(long)]
    pub sheet: Option<String>,
    /// Leave rows whose code is registered as they are, adding new rows only.
    #[arg(long)]
    pub add_only: bool,
    /// Print the preview and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Options of `generate-portfolio`.
#[derive(Clone, Debug, Args)]
pub struct GenerateArgs {
    /// Individual projects (four per package); each gets three funding rows, two reports
    /// and an actual of every indicator in each.
    #[arg(long, default_value_t = 100_000)]
    pub subprojects: usize,
    /// Distinct companies named in the company lists.
    #[arg(long, default_value_t = 5_000)]
    pub companies: usize,
}

impl Default for Command {
    fn default() -> Self {
        Command::Serve(ServeArgs::parse_from(["serve"]))
    }
}

/// Options of `serve`.
#[derive(Clone, Debug, Parser)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "INNOCITIES_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The address users reach the service at (used for same-origin checks and links).
    #[arg(
        long,
        env = "INNOCITIES_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_url: String,
    /// Mark cookies `Secure`. Turn off only for plain-http use on localhost.
    #[arg(long, env = "INNOCITIES_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
    /// Load the demo data before serving (as `seed-demo` does).
    #[arg(long, env = "INNOCITIES_SEED_DEMO", default_value_t = false)]
    pub seed_demo: bool,
    /// Apply pending migrations at start. `false` in production, where the schema's owner
    /// runs `server migrate`: the server then refuses to start while any is pending.
    #[arg(long, env = "INNOCITIES_MIGRATE", default_value_t = true, action = clap::ArgAction::Set)]
    pub migrate: bool,
    /// Addresses and CIDRs of the reverse proxies whose `Forwarded` / `X-Forwarded-For`
    /// name the client (comma-separated); from anyone else the headers are ignored.
    #[arg(long, env = "INNOCITIES_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Serve Prometheus metrics at `/metrics` on this address (keep it internal); none
    /// when not given.
    #[arg(long, env = "INNOCITIES_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
}

/// Options of `migrate`.
#[derive(Clone, Debug, Args)]
pub struct MigrateArgs {
    /// Roll back this many migrations instead of applying the pending ones.
    #[arg(long)]
    pub down: Option<u32>,
}

/// A role given on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    Admin,
    NationalCoordinator,
    MinistryViewer,
    CityCoordinator,
}

/// Options of `create-user`.
#[derive(Clone, Debug, Args)]
pub struct CreateUserArgs {
    /// The user's e-mail address (the sign-in name).
    #[arg(long)]
    pub email: String,
    /// The user's name as shown in the application.
    #[arg(long)]
    pub name: String,
    /// The role to give.
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// The city region (code, e.g. `tampere`) of a city coordinator.
    #[arg(long)]
    pub region: Option<String>,
    /// The password; asked for interactively when not given. Prefer the prompt or the
    /// environment variable to keep it out of the shell history.
    #[arg(long, env = "INNOCITIES_NEW_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}
