//! `flask-cookie`: decode, verify, sign and crack Flask session cookies,
//! byte for byte as Flask 3.1 and itsdangerous 2.2 do.
//!
//! Built with `--features cli`. The cookie logic lives in the library; this
//! binary parses arguments, reads and writes, and runs the threads, plus two
//! views of payloads that are not a dict (`not_a_dict.rs`: what Flask's
//! `dict(data)` makes of one, and `sign --raw`).
//! `flask-cookie --help` documents the interface and its exit codes:
//! 0 success, 1 invalid cookie or no key found, 2 malformed usage or input,
//! 3 (`verify`) a genuine cookie whose payload is not a dict.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

mod args;
mod commands;
mod crack;
mod hints;
mod io;
mod not_a_dict;
mod py_literal;
mod py_value;
mod surrogates;

use std::process::ExitCode;

use clap::Parser as _;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match cli.command {
        Command::Decode(a) => commands::decode(a, cli.json),
        Command::Verify(a) => commands::verify(a, cli.json),
        Command::Sign(a) => commands::sign(a, cli.json),
        Command::Crack(a) => crack::crack(a, cli.json),
        Command::BenchSha1(a) => crack::bench_sha1(a, cli.json),
    }
}

/// Help and version as clap prints them; any other usage error as the one
/// lowercase line the help promises (clap's first line, less its `error: `
/// prefix), with exit status 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::from(if e.use_stderr() {
            commands::USAGE
        } else {
            commands::OK
        });
    }
    // clap's first paragraph (the message, and the arguments it names on
    // the lines below it), joined into one line.
    let text = e.render().to_string();
    let message = text
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let json = std::env::args_os().any(|a| a == "--json");
    commands::fail_json(json, commands::USAGE, &format!("{message} (see --help)"))
}
