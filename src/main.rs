//! The `sleuth` command: parses arguments, calls the library, prints, and exits with grep's codes
//! (0 found, 1 nothing found, 2 error).

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_args();
    match cli::run(cli) {
        Ok(exit) => exit.into(),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "sleuth: {}", message(&err));
            ExitCode::from(cli::Exit::Error)
        }
    }
}

/// The error and its causes, each said once: a library error often names its cause already
/// (`index: File exists (os error 17)`), and anyhow's `{:#}` would repeat it.
fn message(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// A reader that stopped reading (`sleuth search … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn an_error_names_each_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "File exists");
        let err = anyhow::Error::new(sleuth::error::Error::io(std::path::Path::new("afile"), io))
            .context("opening the index");
        assert_eq!(message(&err), "opening the index: afile: File exists");
    }
}
