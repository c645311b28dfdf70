//! `hwcloud-codegen`: the command-line front end over the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use hwcloud_codegen::diff::ignore::Ignore;
use hwcloud_codegen::diff::render as diff_render;
use hwcloud_codegen::diff::source::Revision;
use hwcloud_codegen::diff::{Change, Http, Rust};
use hwcloud_codegen::report::{render, Format};
use hwcloud_codegen::{
    compare_loaded, generate_with, sync_files, validate, DateTimeAs, Options, Purpose, Report, Sync,
};

// Generation is allocation-bound (tokens, syntax trees, strings): see `cli` in Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "hwcloud-codegen",
    version,
    about = "Checks OpenAPI 3.0 and 3.1 documents, generates Rust clients from them, and says what an edit breaks"
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
    /// Compare two revisions of the documents and list what changed, classified for HTTP
    /// clients and for Rust code; exit 1 when a change of the --fail-on kind exists, 2 when
    /// the comparison could not run.
    Diff {
        /// The old revision: files or folders, or a git revision of them (`main:spec`).
        /// With --against: the documents to compare (default: spec/).
        old: Option<String>,
        /// The new revision, the same way.
        new: Option<String>,
        /// Compare the working tree's documents with this git revision of them.
        #[arg(long)]
        against: Option<String>,
        /// How changes are printed: human (stderr), json (one object per line), github,
        /// markdown.
        #[arg(long, value_enum, default_value_t = diff_render::Format::Human)]
        format: diff_render::Format,
        /// Which changes fail the run.
        #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
        fail_on: FailOn,
        /// A file of accepted changes (check id, optionally `METHOD /path`, per line).
        #[arg(long)]
        ignore: Option<PathBuf>,
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

/// Which changes fail `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    /// Changes that break HTTP clients.
    Breaking,
    /// Changes that break or may break HTTP clients.
    PossiblyBreaking,
    /// Changes that break Rust code using the generated crate.
    Rust,
    /// None: report only.
    Never,
}

impl FailOn {
    fn fails(self, change: &Change) -> bool {
        match self {
            FailOn::Breaking => change.http == Http::Breaking,
            FailOn::PossiblyBreaking => change.http != Http::NonBreaking,
            FailOn::Rust => change.rust == Rust::Breaking,
            FailOn::Never => false,
        }
    }
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
        Command::Diff {
            old,
            new,
            against,
            format,
            fail_on,
            ignore,
        } => {
            let revisions = match (against, old, new) {
                (Some(rev), path, None) => {
                    let path = path.unwrap_or_else(|| "spec".into());
                    let git = Revision::Git {
                        rev,
                        path: PathBuf::from(&path),
                    };
                    (git, Revision::Paths(vec![PathBuf::from(path)]))
                }
                (None, Some(old), Some(new)) => (Revision::parse(&old), Revision::parse(&new)),
                _ => {
                    eprintln!("error: give OLD and NEW, or --against REV [PATH]");
                    return ExitCode::from(2);
                }
            };
            run_diff(revisions, format, fail_on, ignore.as_deref())
        }
    }
}

fn run_diff(
    (old, new): (Revision, Revision),
    format: diff_render::Format,
    fail_on: FailOn,
    ignore: Option<&Path>,
) -> ExitCode {
    let accepted = match ignore.map(std::fs::read_to_string).transpose() {
        Ok(text) => Ignore::parse(text.as_deref().unwrap_or("")),
        Err(error) => {
            eprintln!("error: cannot read the ignore file: {error}");
            return ExitCode::from(2);
        }
    };
    // Reading and parsing are independent: the old revision is read on another thread.
    let reading = std::thread::spawn(move || old.load());
    let new = new.load();
    let loaded = match reading.join() {
        Ok(old) => old.and_then(|o| new.map(|n| (o, n))),
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let (old, new) = match loaded {
        Ok(pair) => pair,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let mut comparison = compare_loaded(old, new);
    if !comparison.errors.is_empty() {
        for error in &comparison.errors {
            eprintln!(
                "error[{}]: {}:{}:{}: {}",
                error.rule, error.file, error.line, error.column, error.message
            );
        }
        eprintln!("error: a revision has errors (`validate` lists them); it cannot be compared");
        return ExitCode::from(2);
    }
    let before = comparison.changes.len();
    comparison.changes.retain(|c| !accepted.accepts(c));
    let ignored = before - comparison.changes.len();
    let text = diff_render::render(
        format,
        &comparison.changes,
        &comparison.old,
        &comparison.new,
    );
    if format == diff_render::Format::Human {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
        if ignored > 0 {
            eprintln!("{ignored} accepted change(s) left out (--ignore)");
        }
    } else {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
    if comparison.changes.iter().any(|c| fail_on.fails(c)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
