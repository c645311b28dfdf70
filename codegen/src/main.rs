//! `hwcloud-codegen`: the command-line front end over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hwcloud_codegen::report::{render, Format};
use hwcloud_codegen::{validate, Purpose};

#[derive(Parser)]
#[command(
    name = "hwcloud-codegen",
    version,
    about = "Checks OpenAPI 3.0 documents and generates Rust clients from them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check documents; exit 0 without errors, 1 with errors, 2 when input cannot be read.
    Validate {
        /// Documents or folders of documents (default: spec/).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check the documents of --spec as the generator will read them.
    Generate {
        /// A document or a folder of documents.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (paths, format, deny_warnings, purpose) = match cli.command {
        Command::Validate {
            mut paths,
            format,
            deny_warnings,
        } => {
            if paths.is_empty() {
                paths.push(PathBuf::from("spec"));
            }
            (paths, format, deny_warnings, Purpose::Validate)
        }
        Command::Generate {
            spec,
            format,
            deny_warnings,
        } => (vec![spec], format, deny_warnings, Purpose::Generate),
    };
    let report = match validate(&paths, purpose) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let human = format == Format::Human;
    let color = human && std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = render(format, &report.findings, &report.docs, color);
    let (errors, warnings) = (report.errors(), report.warnings());
    if human {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        let _ = writeln!(
            err,
            "checked {} document(s): {errors} error(s), {warnings} warning(s)",
            report.docs.entries.len()
        );
    } else {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        if purpose == Purpose::Generate && human {
            eprintln!("the documents are ready for generation; code generation itself is tracked in issue #4");
        }
        ExitCode::SUCCESS
    }
}
