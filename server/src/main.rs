//! `server`: the InnoCities Monitor binary. `server --help` lists the commands.

use clap::Parser;
use server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    server::telemetry::init();
    match cli.command.unwrap_or_default() {
        Command::Serve(args) => server::serve::run(&cli.database, args).await,
        Command::Migrate(args) => server::commands::migrate(&cli.database, args).await,
        Command::SeedDemo => server::commands::seed_demo(&cli.database).await,
        Command::CreateUser(args) => server::commands::create_user(&cli.database, args).await,
        Command::Import(args) => server::import_command::run(&cli.database, args).await,
        Command::CreateToken(args) => server::commands::create_token(&cli.database, args).await,
        Command::Backup(args) => {
            server::backup::backup(&cli.database.database_url, &args.to).await?;
            println!("backed up into {}", args.to.display());
            Ok(())
        }
        Command::Restore(args) => {
            server::backup::restore(&cli.database.database_url, &args.from).await?;
            println!("restored from {}", args.from.display());
            Ok(())
        }
        Command::GeneratePortfolio(args) => {
            server::commands::generate_portfolio(&cli.database, args).await
        }
    }
}
