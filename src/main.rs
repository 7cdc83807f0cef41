//! The `sleuth` command: parses arguments, calls the library, prints, and exits with grep's codes
//! (0 found, 1 nothing found, 2 error).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_args();
    match cli::run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "sleuth: {err:#}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

/// A reader that stopped reading (`sleuth search … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Whether to colour stdout: a terminal, `NO_COLOR` unset, `TERM` not `dumb`.
pub fn stdout_wants_color() -> bool {
    wants_color(
        io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var("TERM").ok().as_deref(),
    )
}

/// The colour decision, apart from where its inputs come from.
fn wants_color(is_terminal: bool, no_color: Option<&std::ffi::OsStr>, term: Option<&str>) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty()) && term != Some("dumb")
}

#[cfg(test)]
mod tests {
    use super::wants_color;
    use std::ffi::OsStr;

    #[test]
    fn colour_needs_a_terminal_and_respects_no_color_and_dumb_terminals() {
        assert!(wants_color(true, None, Some("xterm")));
        assert!(wants_color(true, Some(OsStr::new("")), None));
        assert!(!wants_color(false, None, Some("xterm")));
        assert!(!wants_color(true, Some(OsStr::new("1")), Some("xterm")));
        assert!(!wants_color(true, None, Some("dumb")));
    }
}
