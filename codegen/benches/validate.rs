//! How long loading, checking and generating take, and how much memory they need.
//!
//! A plain `harness = false` bench (no criterion):
//!
//! ```text
//! bash scripts/fetch-github-spec.sh                      # optional: GitHub's description
//! cargo bench -p hwcloud-codegen --bench validate         # every case
//! cargo bench -p hwcloud-codegen --bench validate -- github synthetic-1000   # some cases
//! ```
//!
//! Cases: the project's `spec/` folder, GitHub's REST API description
//! (`target/bench-data/api.github.com.json`, skipped with a hint when absent) and synthetic
//! documents of 100, 1,000 and 10,000 operations (written to `target/bench-data/synthetic/`)
//! that show how the time grows with size. Each case is measured in three phases: `load`
//! (`DocSet::load`: read, parse, follow `$ref`s), `load+check` (`hwcloud_codegen::validate`
//! with `Purpose::Validate`, examples included) and `generate` (`hwcloud_codegen::generate`:
//! load, check, lower, emit and format, the files kept in memory). A fourth phase,
//! `reformat`, times only what formatting costs: the generated files, read back as tokens
//! once, parsed by `syn` and printed by `prettyplease` on one thread; it is the floor under
//! `generate` for that much output on one core. The allocator is the CLI's (mimalloc), so
//! the figures are the CLI's.
//!
//! Each (case, phase) runs in a child process (this binary re-executed with `--child`) so
//! that the peak resident memory read from `VmHWM` in `/proc/self/status` belongs to that
//! case alone. The child runs one untimed warm-up, then N timed iterations, N chosen so the
//! case takes about `BENCH_BUDGET_SECS` seconds (default 5), at least 5 and at most 200.
//! The parent prints a markdown table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use hwcloud_codegen::check::{walk, Findings};
use hwcloud_codegen::load::node::Node;
use hwcloud_codegen::load::DocSet;
use hwcloud_codegen::{validate, Purpose};
use proc_macro2::TokenStream;
use serde_json::{json, Map, Value};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SYNTHETIC_SIZES: &[usize] = &[100, 1_000, 10_000];
const MIN_ITERATIONS: usize = 5;
const MAX_ITERATIONS: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Load,
    LoadCheck,
    /// Loading, checking, lowering, emitting and formatting (the generated files in memory).
    Generate,
    /// `syn` and `prettyplease` alone, on one thread, over the tokens of `generate`'s output.
    Reformat,
}

impl Phase {
    const ALL: [Phase; 4] = [
        Phase::Load,
        Phase::LoadCheck,
        Phase::Generate,
        Phase::Reformat,
    ];

    fn name(self) -> &'static str {
        match self {
            Phase::Load => "load",
            Phase::LoadCheck => "load+check",
            Phase::Generate => "generate",
            Phase::Reformat => "reformat",
        }
    }

    fn parse(name: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// What a child measured, sent to the parent as one JSON line on stdout.
struct Measurement {
    iterations: usize,
    median: Duration,
    min: Duration,
    bytes: usize,
    files: usize,
    operations: usize,
    examples: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    peak_kib: u64,
    baseline_kib: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1..]);
        return;
    }
    parent(&args);
}

// ---------------------------------------------------------------------------------------------
// Parent: prepares the inputs, runs one child per (case, phase), prints the table.

fn parent(args: &[String]) {
    // `cargo bench` passes `--bench`; anything not starting with `-` filters cases by name.
    let filters: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    let root = workspace_root();
    let data = target_dir(&root).join("bench-data");

    let mut cases: Vec<(String, PathBuf)> = Vec::new();
    let spec = root.join("spec");
    if wanted("spec") {
        if has_documents(&spec) {
            cases.push(("spec/".into(), spec));
        } else {
            eprintln!(
                "skipping spec/: {} holds no YAML/JSON documents",
                spec.display()
            );
        }
    }
    let github = data.join("api.github.com.json");
    if wanted("github") {
        if github.is_file() {
            cases.push(("github".into(), github));
        } else {
            eprintln!(
                "skipping github: {} is absent; get it with `bash scripts/fetch-github-spec.sh` \
                 (npm pack @octokit/openapi, about 13 MB) and run the bench again",
                github.display()
            );
        }
    }
    for &operations in SYNTHETIC_SIZES {
        let name = format!("synthetic-{operations}");
        if !wanted(&name) {
            continue;
        }
        let path = data
            .join("synthetic")
            .join(format!("ops-{operations}.json"));
        if let Err(e) = write_synthetic(&path, operations) {
            eprintln!("skipping {name}: cannot write {}: {e}", path.display());
            continue;
        }
        cases.push((name, path));
    }
    if cases.is_empty() {
        eprintln!("nothing to measure");
        return;
    }

    let exe = std::env::current_exe().expect("the bench knows its own path");
    let budget = std::env::var("BENCH_BUDGET_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(5.0);
    let mut table = String::new();
    table.push_str(
        "| case | size | files | operations | examples | phase | N | median | min | peak RSS (VmHWM) | findings (errors/warnings) |\n",
    );
    table.push_str("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
    for (name, path) in &cases {
        for phase in Phase::ALL {
            eprintln!("measuring {name} {} ...", phase.name());
            let output = Command::new(&exe)
                .arg("--child")
                .arg(phase.name())
                .arg(path)
                .arg(budget.to_string())
                .output()
                .expect("the bench can run itself");
            if !output.status.success() {
                eprintln!(
                    "{name} {} failed ({}):\n{}",
                    phase.name(),
                    output.status,
                    String::from_utf8_lossy(&output.stderr)
                );
                continue;
            }
            let line = String::from_utf8_lossy(&output.stdout);
            let Some(m) = parse_measurement(line.trim()) else {
                eprintln!("{name} {}: unreadable child output: {line}", phase.name());
                continue;
            };
            let findings = match phase {
                Phase::Load => format!("{} (from loading)", m.findings),
                Phase::LoadCheck | Phase::Generate => {
                    format!("{} ({}/{})", m.findings, m.errors, m.warnings)
                }
                Phase::Reformat => format!("{} KiB of Rust", m.findings / 1024),
            };
            let row = format!(
                "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} (baseline {}) | {findings} |",
                mib(m.bytes as f64),
                m.files,
                m.operations,
                m.examples,
                phase.name(),
                m.iterations,
                ms(m.median),
                ms(m.min),
                mib(m.peak_kib as f64 * 1024.0),
                mib(m.baseline_kib as f64 * 1024.0),
            );
            eprintln!("{row}");
            let _ = writeln!(table, "{row}");
        }
    }
    println!();
    println!(
        "hwcloud-codegen validate bench ({} logical CPU(s), {})",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model().unwrap_or_else(|| "unknown CPU".into())
    );
    println!();
    print!("{table}");
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        }
        None => root.join("target"),
    }
}

fn has_documents(dir: &Path) -> bool {
    hwcloud_codegen::load::expand_inputs(&[dir.to_path_buf()]).is_ok_and(|files| !files.is_empty())
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn mib(bytes: f64) -> String {
    let mib = bytes / (1024.0 * 1024.0);
    if mib < 10.0 {
        format!("{mib:.2} MiB")
    } else {
        format!("{mib:.0} MiB")
    }
}

fn parse_measurement(line: &str) -> Option<Measurement> {
    let v: Value = serde_json::from_str(line).ok()?;
    let n = |k: &str| v.get(k).and_then(Value::as_u64);
    Some(Measurement {
        iterations: n("iterations")? as usize,
        median: Duration::from_nanos(n("median_ns")?),
        min: Duration::from_nanos(n("min_ns")?),
        bytes: n("bytes")? as usize,
        files: n("files")? as usize,
        operations: n("operations")? as usize,
        examples: n("examples")? as usize,
        findings: n("findings")? as usize,
        errors: n("errors")? as usize,
        warnings: n("warnings")? as usize,
        peak_kib: n("peak_kib")?,
        baseline_kib: n("baseline_kib")?,
    })
}

// ---------------------------------------------------------------------------------------------
// Child: measures one (phase, path) and prints one JSON line.

fn child(args: &[String]) {
    let (Some(phase), Some(path)) = (args.first().and_then(|p| Phase::parse(p)), args.get(1))
    else {
        eprintln!("usage: validate --child load|load+check|generate|reformat PATH [BUDGET_SECS]");
        std::process::exit(2);
    };
    let budget = args
        .get(2)
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(5.0);
    let paths = vec![PathBuf::from(path)];
    // What `reformat` formats, read back as tokens before anything is timed.
    let output: Vec<TokenStream> = match phase {
        Phase::Reformat => hwcloud_codegen::generate(&paths)
            .expect("the input loads")
            .files
            .values()
            .map(|text| text.parse().expect("generated code lexes"))
            .collect(),
        _ => Vec::new(),
    };
    let baseline_kib = vm_hwm_kib();

    // One untimed warm-up (page cache, allocator), which also sizes N.
    let start = Instant::now();
    run(phase, &paths, &output);
    let once = start.elapsed().as_secs_f64().max(1e-6);
    let iterations = ((budget / once) as usize).clamp(MIN_ITERATIONS, MAX_ITERATIONS);

    let mut times = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        let outcome = run(phase, &paths, &output);
        times.push(start.elapsed());
        drop(outcome); // freeing is part of every real run; kept outside the timing
    }
    times.sort();
    let peak_kib = vm_hwm_kib();

    // Describe the input and the outcome once, outside the timed runs.
    let report = validate(&paths, Purpose::Validate).expect("the input loaded while timing");
    let bytes = report
        .docs
        .files
        .iter()
        .map(|f| f.text.len())
        .sum::<usize>();
    let (operations, examples) = count_operations_and_examples(&report.docs);
    let (findings, errors, warnings) = match phase {
        Phase::Load => (report.docs.findings.len(), 0, 0),
        Phase::LoadCheck => (report.findings.len(), report.errors(), report.warnings()),
        Phase::Generate => {
            let generation = hwcloud_codegen::generate(&paths).expect("the input loads");
            let r = &generation.report;
            (r.findings.len(), r.errors(), r.warnings())
        }
        // The bytes formatted, in the findings column's place.
        Phase::Reformat => {
            let generation = hwcloud_codegen::generate(&paths).expect("the input loads");
            (generation.files.values().map(String::len).sum(), 0, 0)
        }
    };
    let line = json!({
        "iterations": iterations,
        "median_ns": times[times.len() / 2].as_nanos() as u64,
        "min_ns": times[0].as_nanos() as u64,
        "bytes": bytes,
        "files": report.docs.files.len(),
        "operations": operations,
        "examples": examples,
        "findings": findings,
        "errors": errors,
        "warnings": warnings,
        "peak_kib": peak_kib,
        "baseline_kib": baseline_kib,
    });
    println!("{line}");
}

enum Outcome {
    Loaded(#[allow(dead_code)] DocSet),
    Checked(#[allow(dead_code)] hwcloud_codegen::Report),
    Generated(#[allow(dead_code)] hwcloud_codegen::Generation),
    Reformatted(#[allow(dead_code)] Vec<String>),
}

fn run(phase: Phase, paths: &[PathBuf], output: &[TokenStream]) -> Outcome {
    match phase {
        Phase::Load => Outcome::Loaded(std::hint::black_box(
            DocSet::load(paths).expect("the input loads"),
        )),
        Phase::LoadCheck => Outcome::Checked(std::hint::black_box(
            validate(paths, Purpose::Validate).expect("the input loads"),
        )),
        Phase::Generate => Outcome::Generated(std::hint::black_box(
            hwcloud_codegen::generate(paths).expect("the input loads"),
        )),
        Phase::Reformat => Outcome::Reformatted(std::hint::black_box(
            output
                .iter()
                .map(|tokens| {
                    let file: syn::File =
                        syn::parse2(tokens.clone()).expect("generated code parses");
                    prettyplease::unparse(&file)
                })
                .collect(),
        )),
    }
}

/// Peak resident set size of this process so far, in KiB.
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// Operations, and examples checked against a schema, counted the way the checks meet them:
/// `example`s and `examples` entries of parameters, headers and media types that have a
/// schema, and `example`s of schemas.
fn count_operations_and_examples(docs: &DocSet) -> (usize, usize) {
    let mut findings = Findings::default();
    let sites = walk::walk(docs, &mut findings);
    let holders = sites
        .parameters
        .iter()
        .chain(&sites.headers)
        .chain(&sites.media_types)
        .filter(|site| site.node.get("schema").is_some());
    let mut examples = 0;
    for site in holders {
        examples += usize::from(site.node.get("example").is_some());
        examples += site
            .node
            .get("examples")
            .and_then(Node::as_map)
            .map_or(0, <[_]>::len);
    }
    examples += sites
        .schemas
        .iter()
        .filter(|site| site.node.get("example").is_some())
        .count();
    (sites.operations.len(), examples)
}

// ---------------------------------------------------------------------------------------------
// Synthetic documents: `operations` operations (a `get` and a `post` per path), one component
// schema per path with nested objects, arrays, enums, patterns, formats and nullable fields,
// and examples on media types, parameters and schemas. One example in 50 is wrong on purpose
// so the report path is exercised too; the rest are valid.

fn write_synthetic(path: &Path, operations: usize) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(&synthetic(operations))
        .expect("a JSON value serialises")
        + "\n";
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

fn synthetic(operations: usize) -> Value {
    let resources = operations.div_ceil(2);
    let mut paths = Map::new();
    let mut schemas = Map::new();
    let mut examples = Map::new();
    schemas.insert("Owner".into(), owner_schema());
    schemas.insert("Error".into(), error_schema());
    let mut made = 0;
    for i in 0..resources {
        let name = format!("Resource{i}");
        schemas.insert(name.clone(), resource_schema(i));
        schemas.insert(format!("{name}Create"), create_schema(i));
        examples.insert(
            format!("{name}List"),
            json!({ "summary": format!("a page of resource {i}"), "value": [item(i, 1, i % 50 == 7), item(i, 2, false)] }),
        );
        let mut item_ops = Map::new();
        item_ops.insert("get".into(), get_operation(i, &name));
        made += 1;
        if made < operations {
            item_ops.insert("post".into(), post_operation(i, &name));
            made += 1;
        }
        item_ops.insert(
            "parameters".into(),
            json!([{
                "name": "project_id",
                "in": "path",
                "required": true,
                "description": "The project.",
                "schema": { "type": "string", "pattern": "^[0-9a-f]{32}$", "example": "0123456789abcdef0123456789abcdef" }
            }]),
        );
        paths.insert(
            format!("/v1/{{project_id}}/group{}/resources{i}", i % 97),
            Value::Object(item_ops),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": format!("Synthetic API with {operations} operations"), "version": "1.0.0" },
        "servers": [{ "url": "https://{region}.example.com", "variables": { "region": { "default": "eu-west-1", "enum": ["eu-west-1", "ap-southeast-1"] } } }],
        "security": [{ "token": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "examples": examples,
            "securitySchemes": { "token": { "type": "apiKey", "in": "header", "name": "X-Auth-Token" } },
            "responses": {
                "Error": {
                    "description": "An error.",
                    "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Error" },
                        "example": { "error_code": "APIGW.0101", "error_msg": "The API does not exist." }
                    } }
                }
            }
        }
    })
}

fn get_operation(i: usize, name: &str) -> Value {
    json!({
        "operationId": format!("list{name}"),
        "summary": format!("Lists resource {i}"),
        "tags": [format!("group{}", i % 97)],
        "parameters": [
            { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 100 }, "example": 50 },
            { "name": "marker", "in": "query", "schema": { "type": "string", "maxLength": 64 }, "examples": { "first": { "value": "abc" }, "next": { "value": "def" } } },
            { "name": "X-Request-Id", "in": "header", "schema": { "type": "string", "format": "uuid" }, "example": "6f1c1b4e-4b8e-4a8e-9f3e-1a2b3c4d5e6f" }
        ],
        "responses": {
            "200": {
                "description": "The resources.",
                "headers": { "X-Total-Count": { "schema": { "type": "integer", "minimum": 0 }, "example": 2 } },
                "content": { "application/json": {
                    "schema": { "type": "array", "items": { "$ref": format!("#/components/schemas/{name}") } },
                    "examples": { "page": { "$ref": format!("#/components/examples/{name}List") } }
                } }
            },
            "default": { "$ref": "#/components/responses/Error" }
        }
    })
}

fn post_operation(i: usize, name: &str) -> Value {
    json!({
        "operationId": format!("create{name}"),
        "summary": format!("Creates resource {i}"),
        "tags": [format!("group{}", i % 97)],
        "requestBody": {
            "required": true,
            "content": { "application/json": {
                "schema": { "$ref": format!("#/components/schemas/{name}Create") },
                "example": { "name": format!("res-{i}"), "size": 10, "labels": { "env": "test" }, "mode": "fast" }
            } }
        },
        "responses": {
            "201": {
                "description": "Created.",
                "content": { "application/json": {
                    "schema": { "$ref": format!("#/components/schemas/{name}") },
                    "example": item(i, 3, i % 50 == 23)
                } }
            },
            "default": { "$ref": "#/components/responses/Error" }
        }
    })
}

fn item(i: usize, n: usize, wrong: bool) -> Value {
    json!({
        "id": format!("{i:08x}{n:024x}"),
        "name": format!("res-{i}-{n}"),
        "size": if wrong { json!("ten") } else { json!(10 * n) },
        "status": if wrong { "unknown" } else { "active" },
        "created_at": "2024-05-01T12:00:00Z",
        "tags": ["a", "b"],
        "labels": { "env": "test" },
        "owner": { "id": 42, "email": "owner@example.com", "display_name": null },
        "spec": { "cpu": 2, "memory_gb": 4.5, "disks": [{ "size_gb": 40, "type": "ssd" }] }
    })
}

fn resource_schema(i: usize) -> Value {
    json!({
        "type": "object",
        "description": format!("Resource {i}."),
        "required": ["id", "name", "status", "created_at", "owner"],
        "properties": {
            "id": { "type": "string", "pattern": "^[0-9a-f]{32}$" },
            "name": { "type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z][a-z0-9-]*$" },
            "size": { "type": "integer", "format": "int32", "minimum": 0, "maximum": 100000 },
            "status": { "type": "string", "enum": ["active", "creating", "deleting", "error"] },
            "created_at": { "type": "string", "format": "date-time" },
            "tags": { "type": "array", "items": { "type": "string" }, "maxItems": 20, "uniqueItems": true },
            "labels": { "type": "object", "additionalProperties": { "type": "string" } },
            "owner": { "$ref": "#/components/schemas/Owner" },
            "spec": {
                "type": "object",
                "properties": {
                    "cpu": { "type": "integer", "minimum": 1 },
                    "memory_gb": { "type": "number", "minimum": 0.5 },
                    "disks": { "type": "array", "items": {
                        "type": "object",
                        "required": ["size_gb"],
                        "properties": {
                            "size_gb": { "type": "integer", "minimum": 1 },
                            "type": { "type": "string", "enum": ["ssd", "hdd"], "default": "ssd" }
                        }
                    } }
                },
                "example": { "cpu": 1, "memory_gb": 1.0, "disks": [] }
            }
        }
    })
}

fn create_schema(i: usize) -> Value {
    json!({
        "type": "object",
        "description": format!("What creating resource {i} takes."),
        "required": ["name"],
        "additionalProperties": false,
        "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z][a-z0-9-]*$" },
            "size": { "type": "integer", "minimum": 0, "maximum": 100000, "default": 1 },
            "labels": { "type": "object", "additionalProperties": { "type": "string" } },
            "mode": { "oneOf": [ { "type": "string", "enum": ["fast", "safe"] }, { "type": "integer", "minimum": 0 } ] }
        },
        "example": { "name": "example", "size": 1 }
    })
}

fn owner_schema() -> Value {
    json!({
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": { "type": "integer", "format": "int64" },
            "email": { "type": "string", "format": "email" },
            "display_name": { "type": "string", "nullable": true }
        },
        "example": { "id": 1, "email": "someone@example.com", "display_name": "Someone" }
    })
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["error_code", "error_msg"],
        "properties": {
            "error_code": { "type": "string" },
            "error_msg": { "type": "string" }
        }
    })
}
