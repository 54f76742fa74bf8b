//! The `marsad` binary: command-line interface (and, later, the web server).

mod cli;
mod cmd;
mod web;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
