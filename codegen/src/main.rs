//! `hwcloud-codegen`: the command-line front end over the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use hwcloud_codegen::report::{render, Format};
use hwcloud_codegen::{
    generate_with, sync_files, validate, DateTimeAs, Options, Purpose, Report, Sync,
};

// Generation is allocation-bound (tokens, syntax trees, strings): see `cli` in Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

#[derive(Args)]
struct Output {
    /// How findings are printed: human (stderr), json (one object per line), github, sarif.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

/// What the generated code looks like.
#[derive(Args)]
struct Shape {
    /// The Rust type of `format: date-time` strings: `string` (any text decodes) or `time`
    /// (`hwcloud::datetime::DateTime`, RFC 3339).
    #[arg(long, value_enum, default_value_t = DateTimeAs::String)]
    date_time: DateTimeAs,
}

/// What this project runs to regenerate `generated/` from `spec/`.
const PROJECT_COMMAND: &str = "cargo run -p hwcloud-codegen -- generate";

impl Shape {
    /// The options for documents at `spec` generated into `out`, with the command that
    /// regenerates them, which each file's header names (and a stale `check` prints).
    fn options(&self, spec: &Path, out: &Path) -> (Options, String) {
        let flags = match self.date_time {
            DateTimeAs::String => "",
            DateTimeAs::Time => " --date-time time",
        };
        let command = if spec == Path::new("spec") && out == Path::new("generated") {
            format!("{PROJECT_COMMAND}{flags}")
        } else {
            format!(
                "hwcloud-codegen generate --spec {} --out {}{flags}",
                spec.display(),
                out.display()
            )
        };
        let options = Options {
            date_time: self.date_time,
            regenerate: (command != PROJECT_COMMAND).then(|| command.clone()),
        };
        (options, command)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check documents; exit 0 without errors, 1 with errors, 2 when input cannot be read.
    Validate {
        /// Documents or folders of documents (default: spec/).
        paths: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
    },
    /// Check the documents and write the generated Rust into --out (only files that change).
    Generate {
        /// A document or a folder of documents.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// Where the generated modules go.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        #[command(flatten)]
        shape: Shape,
        #[command(flatten)]
        output: Output,
    },
    /// Check the documents and that --out holds exactly what `generate` would write.
    Check {
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        #[command(flatten)]
        shape: Shape,
        #[command(flatten)]
        output: Output,
    },
}

/// Prints the findings; true when they fail the run.
fn report(report: &Report, output: &Output) -> bool {
    let human = output.format == Format::Human;
    let color = human && std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = render(output.format, &report.findings, &report.docs, color);
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
    errors > 0 || (output.deny_warnings && warnings > 0)
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Validate { mut paths, output } => {
            if paths.is_empty() {
                paths.push(PathBuf::from("spec"));
            }
            match validate(&paths, Purpose::Validate) {
                Ok(r) if report(&r, &output) => ExitCode::from(1),
                Ok(_) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Generate {
            spec,
            out,
            shape,
            output,
        } => {
            let (options, command) = shape.options(&spec, &out);
            run_generate(spec, out, &options, &command, output, Sync::Write)
        }
        Command::Check {
            spec,
            out,
            shape,
            output,
        } => {
            let (options, command) = shape.options(&spec, &out);
            run_generate(spec, out, &options, &command, output, Sync::Check)
        }
    }
}

fn run_generate(
    spec: PathBuf,
    out: PathBuf,
    options: &Options,
    command: &str,
    output: Output,
    mode: Sync,
) -> ExitCode {
    let generation = match generate_with(&[spec], options) {
        Ok(g) => g,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if report(&generation.report, &output) {
        return ExitCode::from(1);
    }
    let differing = match sync_files(&out, &generation.files, mode) {
        Ok(d) => d,
        Err(error) => {
            eprintln!("error: cannot update {}: {error}", out.display());
            return ExitCode::from(2);
        }
    };
    match mode {
        Sync::Write => {
            eprintln!(
                "{}: {} file(s) written or removed, {} unchanged",
                out.display(),
                differing.len(),
                generation.files.len().saturating_sub(differing.len())
            );
            ExitCode::SUCCESS
        }
        Sync::Check if differing.is_empty() => {
            eprintln!("{} is up to date", out.display());
            ExitCode::SUCCESS
        }
        Sync::Check => {
            for name in &differing {
                eprintln!("error: {} is stale", out.join(name).display());
            }
            eprintln!("hint: run `{command}` and commit the result");
            ExitCode::from(1)
        }
    }
}
