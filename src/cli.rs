//! Command-line parsing (clap) and dispatch. Each subcommand lives in
//! `cmd/<name>.rs`; this file only says what the commands are.

use crate::cmd;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit codes: 0 when everything succeeded, 1 when any document failed,
/// 2 for usage errors (clap's own exit code for bad arguments).
pub const EXIT_OK: u8 = 0;
pub const EXIT_SOME_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "marsad",
    version,
    about = "مرصد — Arabic news pages in, structured and searchable evidence out",
    long_about = "marsad turns raw Arabic news pages (crawl text, HTML, WARC/WET, JSONL) into \
structured evidence for fact-checkers and media researchers: the clean article, who it says \
said what, which outlets relayed it, where its numbers disagree, which words are loaded, and \
which other articles tell the same story.",
    after_help = "Examples:\n  marsad analyze examples/\n  marsad analyze --json page.txt | jq .headline\n  cat page.txt | marsad analyze -"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Analyze(cmd::analyze::Args),
    Ingest(cmd::ingest::Args),
    Search(cmd::search::Args),
    Duplicates(cmd::duplicates::Args),
    Stories(cmd::stories::Args),
    Claims(cmd::claims::Args),
    Reindex(cmd::reindex::Args),
    Serve(cmd::serve::Args),
    /// Train models and derive lexicons from corpora (the files are committed
    /// with the command that made them).
    Train {
        #[command(subcommand)]
        what: TrainCommand,
    },
    /// Score marsad's analyses against gold data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    Lexicon(cmd::train_lexicon::Args),
    Ner(cmd::train_ner::Args),
    Clusters(cmd::train_clusters::Args),
    Claims(cmd::train_claims::Args),
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    Dedup(cmd::eval_dedup::Args),
    Ner(cmd::eval_ner::Args),
    Claims(cmd::eval_claims::Args),
    Quantities(cmd::eval_quantities::Args),
    Wording(cmd::eval_wording::Args),
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Duplicates(args) => cmd::duplicates::run(args),
        Command::Stories(args) => cmd::stories::run(args),
        Command::Claims(args) => cmd::claims::run(args),
        Command::Reindex(args) => cmd::reindex::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Train { what } => match what {
            TrainCommand::Lexicon(args) => cmd::train_lexicon::run(args),
            TrainCommand::Ner(args) => cmd::train_ner::run(args),
            TrainCommand::Clusters(args) => cmd::train_clusters::run(args),
            TrainCommand::Claims(args) => cmd::train_claims::run(args),
        },
        Command::Eval { what } => match what {
            EvalCommand::Dedup(args) => cmd::eval_dedup::run(args),
            EvalCommand::Ner(args) => cmd::eval_ner::run(args),
            EvalCommand::Claims(args) => cmd::eval_claims::run(args),
            EvalCommand::Quantities(args) => cmd::eval_quantities::run(args),
            EvalCommand::Wording(args) => cmd::eval_wording::run(args),
        },
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("marsad: error: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
