//! `hwcloud-codegen generate` on documents that used to crash it or that it refused without
//! need: each is written into a scratch folder and generated (and validated) there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("generate-inputs")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

fn codegen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hwcloud-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run hwcloud-codegen")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_findings(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

/// `generate --format json` of `file` (in `dir`) into `dir/out`: exit code and findings.
fn generate_json(dir: &Path, file: &str) -> (Option<i32>, Vec<Value>, String) {
    let output = codegen(
        &[
            "generate", "--spec", file, "--out", "out", "--format", "json",
        ],
        dir,
    );
    (
        output.status.code(),
        json_findings(&output),
        stderr(&output),
    )
}

/// `validate --format json` of `file` (in `dir`): exit code and findings.
fn validate_json(dir: &Path, file: &str) -> (Option<i32>, Vec<Value>) {
    let output = codegen(&["validate", file, "--format", "json"], dir);
    (output.status.code(), json_findings(&output))
}

/// A YAML document whose one query parameter has the schema `schema` (flow style), on line 11.
fn yaml_with_schema(schema: &str) -> String {
    format!(
        "openapi: 3.0.3
info:
  title: Numbers
  version: \"1\"
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {{name: n, in: query, schema:
            {schema}}}
      responses:
        \"200\":
          description: OK
"
    )
}

/// The same document in JSON: the schema's keywords are on line 14 (`schema` one per line).
fn json_with_schema(schema: &str) -> String {
    format!(
        r#"{{
  "openapi": "3.0.3",
  "info": {{"title": "Numbers", "version": "1"}},
  "paths": {{
    "/things": {{
      "get": {{
        "operationId": "listThings",
        "parameters": [
          {{
            "name": "n",
            "in": "query",
            "schema": {{
              "type": "number",
              {schema}
            }}
          }}
        ],
        "responses": {{"200": {{"description": "OK"}}}}
      }}
    }}
  }}
}}
"#
    )
}

/// Numbers that cannot be finite, and counts that are no non-negative integer a check can
/// hold, each as `generate` and `validate` read them: one `number-invalid` error on the line
/// of the value, no crash, no file written.
#[test]
fn numbers_that_cannot_be_finite_are_findings_not_crashes() {
    let dir = scratch("numbers");
    let yaml = [
        "{type: number, maximum: .inf}",
        "{type: number, minimum: -.inf}",
        "{type: number, maximum: .nan}",
        "{type: number, minimum: 1e999}",
        "{type: number, multipleOf: .inf}",
        "{type: number, multipleOf: .nan}",
        "{type: number, enum: [1, .inf]}",
        "{type: array, items: {type: number}, enum: [[.nan]]}",
        "{type: number, default: -.inf}",
        "{type: array, items: {type: number}, default: [1, .nan]}",
        "{type: integer, enum: [1, .inf]}",
        "{type: string, maxLength: 18446744073709551616}",
        "{type: string, minLength: 1.0e30}",
        "{type: string, maxLength: .inf}",
        "{type: array, items: {type: string}, minItems: 1.0e30}",
        "{type: array, items: {type: string}, maxItems: 18446744073709551616}",
        "{type: string, minLength: -1}",
        "{type: string, maxLength: 2.5}",
    ];
    let json = [
        r#""maximum": 1e999"#,
        r#""minimum": -1e999"#,
        r#""multipleOf": 1e999"#,
        r#""enum": [1, 1e999]"#,
        r#""default": -1e999"#,
        r#""maxLength": 18446744073709551616"#,
        r#""minItems": 1.0e30"#,
    ];
    let cases = yaml
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("case{i}.yaml"), yaml_with_schema(s), 11, *s))
        .chain(
            json.iter()
                .enumerate()
                .map(|(i, s)| (format!("case{i}.json"), json_with_schema(s), 14, *s)),
        );
    let mut failures = Vec::new();
    for (file, text, line, schema) in cases {
        std::fs::write(dir.join(&file), text).expect("write the document");
        let (code, findings, err) = generate_json(&dir, &file);
        let (validate_code, validated) = validate_json(&dir, &file);
        // A number `enum` is also an `unsupported` warning (not checked before sending).
        let findings: Vec<_> = findings
            .into_iter()
            .filter(|f| f["rule"] != "unsupported")
            .collect();
        let validated: Vec<_> = validated
            .into_iter()
            .filter(|f| f["rule"] != "unsupported")
            .collect();
        let expected = findings.len() == 1
            && findings[0]["rule"] == "number-invalid"
            && findings[0]["severity"] == "error"
            && findings[0]["line"] == line
            && !findings[0]["hint"].as_str().unwrap_or("").is_empty();
        if code != Some(1) || !expected || validate_code != Some(1) || validated != findings {
            failures.push(format!(
                "{file} ({schema}): generate exited {code:?} with {findings:?} {}, \
                 validate exited {validate_code:?} with {validated:?}",
                err.lines().next().unwrap_or("")
            ));
        }
        if dir.join("out").exists() {
            failures.push(format!("{file} ({schema}): files written despite errors"));
            let _ = std::fs::remove_dir_all(dir.join("out"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Finite numbers and counts as large as a check can hold still generate, and compile.
#[test]
fn large_finite_numbers_and_counts_generate() {
    let dir = scratch("large-numbers");
    std::fs::create_dir_all(dir.join("spec")).expect("spec/");
    let schema = "{type: number, maximum: 1.7976931348623157e308, minimum: -1e300, \
                  multipleOf: 1e-300, enum: [1e308], default: 1e308}";
    std::fs::write(dir.join("spec/large.yaml"), yaml_with_schema(schema)).expect("write");
    let counts = "{type: string, maxLength: 18446744073709550000, minLength: 1e3}";
    std::fs::write(dir.join("spec/counts.yaml"), yaml_with_schema(counts)).expect("write");
    for file in ["spec/large.yaml", "spec/counts.yaml"] {
        let (code, findings, err) = generate_json(&dir, file);
        assert_eq!(code, Some(0), "{file}: {findings:?} {err}");
        // The number `enum` is generated but not checked before sending, and says so.
        assert!(
            findings.iter().all(|f| f["rule"] == "unsupported"
                && f["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("`enum` is not checked"))),
            "{file}: {findings:?}"
        );
    }
    let output = codegen(
        &["generate", "--spec", "spec", "--out", "crate/src/generated"],
        &dir,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let generated = dir.join("crate").join("src").join("generated");
    let module = std::fs::read_to_string(generated.join("counts.rs")).expect("counts.rs");
    assert!(
        module.contains("max_length: Some(18446744073709549568)"),
        "{module}"
    );
    assert!(module.contains("min_length: Some(1000)"), "{module}");
    compile(
        &dir.join("crate"),
        "//! Large numbers.\n#![deny(warnings)]\ninclude!(\"generated/mod.rs\");\n",
    );
}

/// A minimal document with one operation, titled `title`.
fn small_document(title: &str) -> String {
    format!(
        "openapi: 3.0.3
info:
  title: {title}
  version: \"1\"
paths:
  /things:
    get:
      operationId: listThings
      responses:
        \"200\":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: {{type: string}}
"
    )
}

/// Documents whose file names are Rust keywords (`type.yaml`, `mod.yaml`, `self.yaml`)
/// generate like any other: their modules are `type_`, `mod_` and `self_` (files `type_.rs`,
/// ...; `mod.rs` stays the index), and the output compiles with warnings denied.
#[test]
fn keyword_file_names_generate_modules_that_compile() {
    let dir = scratch("keywords");
    let spec = dir.join("spec");
    std::fs::create_dir_all(&spec).expect("create spec/");
    for stem in ["type", "mod", "self", "crate"] {
        std::fs::write(spec.join(format!("{stem}.yaml")), small_document(stem)).expect("write");
    }
    let krate = dir.join("crate");
    let output = codegen(
        &["generate", "--spec", "spec", "--out", "crate/src/generated"],
        &dir,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let generated = krate.join("src").join("generated");
    let mut names: Vec<String> = std::fs::read_dir(&generated)
        .expect("generated folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["crate_.rs", "mod.rs", "mod_.rs", "self_.rs", "type_.rs"],
        "{}",
        stderr(&output)
    );
    let index = std::fs::read_to_string(generated.join("mod.rs")).expect("mod.rs");
    // Each module is declared in `mod.rs` around its file, in order.
    let declared: Vec<&str> = index
        .lines()
        .filter(|line| line.starts_with("pub mod ") || line.trim_start().starts_with("include!"))
        .map(str::trim)
        .collect();
    assert_eq!(
        declared,
        [
            "pub mod crate_ {",
            "include!(\"crate_.rs\");",
            "pub mod mod_ {",
            "include!(\"mod_.rs\");",
            "pub mod self_ {",
            "include!(\"self_.rs\");",
            "pub mod type_ {",
            "include!(\"type_.rs\");",
        ],
        "{index}"
    );

    compile(
        &krate,
        "//! Modules generated from documents named after Rust keywords.\n\
         #![deny(warnings)]\n\
         include!(\"generated/mod.rs\");\n\n\
         /// Each module's client type, named by its path.\n\
         pub type Clients = (type_::Client, mod_::Client, self_::Client, crate_::Client);\n",
    );
}

/// Compiles the crate `krate` (its `src/` written already but for `lib.rs`, which holds
/// `lib`) with warnings denied: it depends on this workspace's `hwcloud`.
fn compile(krate: &Path, lib: &str) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().expect("workspace folder");
    let name = krate
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\nhwcloud = {{ path = {:?} }}\n\n[workspace]\n",
            workspace.display().to_string()
        ),
    )
    .expect("write Cargo.toml");
    std::fs::write(krate.join("src").join("lib.rs"), lib).expect("write lib.rs");
    std::fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy Cargo.lock");
    // A target folder of its own (the outer build holds the lock on its own), beside it: by
    // default the one `tests/corpus.rs` compiles the corpus in, dependencies built already.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("corpus-check-target");
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo check");
    assert!(
        output.status.success(),
        "the generated modules do not compile:\n{}",
        stderr(&output)
    );
}

/// An exit code and the findings printed.
type Run = (Option<i32>, Vec<Value>);

/// Findings of `validate` and of `generate` (which writes into `dir/out`) on `file`.
fn both(dir: &Path, file: &str) -> (Run, Run) {
    let (code, findings, _) = generate_json(dir, file);
    (validate_json(dir, file), (code, findings))
}

/// A security requirement naming an undefined scheme is an error for `validate`, a warning
/// for `generate`, which writes the module; the requirement is left out, so the operation
/// sends no credentials (not the configuration's Huawei token, to a server that asked for
/// something else).
#[test]
fn an_undefined_security_scheme_is_a_warning_when_generating() {
    let dir = scratch("security");
    let text = small_document("Secured").replace(
        "    get:\n      operationId: listThings\n",
        "    get:\n      operationId: listThings\n      security:\n        - token: []\n",
    );
    std::fs::write(dir.join("secured.yaml"), text).expect("write");
    let ((validate_code, validated), (code, generated)) = both(&dir, "secured.yaml");
    assert_eq!(validate_code, Some(1), "{validated:?}");
    assert_eq!(validated.len(), 1, "{validated:?}");
    assert_eq!(validated[0]["rule"], "security-undefined");
    assert_eq!(validated[0]["severity"], "error");
    assert_eq!(validated[0]["line"], 10);
    assert_eq!(code, Some(0), "{generated:?}");
    assert_eq!(generated.len(), 1, "{generated:?}");
    assert_eq!(generated[0]["rule"], "security-undefined");
    assert_eq!(generated[0]["severity"], "warning");
    let module = std::fs::read_to_string(dir.join("out").join("secured.rs")).expect("written");
    assert!(
        module.contains("auth::Security::NONE"),
        "listThings should send no credentials:\n{module}"
    );
    let denied = codegen(
        &[
            "generate",
            "--spec",
            "secured.yaml",
            "--out",
            "out",
            "--deny-warnings",
        ],
        &dir,
    );
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

/// `Parent` requires a `Child`, which requires a `Parent`: the service must leave one of them
/// out somewhere. An error for `validate`; for `generate` a warning naming both properties,
/// which it generates as optional, and the module compiles.
#[test]
fn a_required_cycle_is_a_warning_when_generating_and_its_fields_are_optional() {
    let dir = scratch("required-cycle");
    let text = small_document("Cycles").replace(
        "              schema:\n                type: object\n                properties:\n                  name: {type: string}\n",
        "              schema:\n                $ref: \"#/components/schemas/Parent\"\n",
    ) + "components:
  schemas:
    Parent:
      type: object
      required: [child, name]
      properties:
        name: {type: string}
        child: {$ref: \"#/components/schemas/Child\"}
    Child:
      type: object
      required: [parent]
      properties:
        parent: {$ref: \"#/components/schemas/Parent\"}
    Holder:
      type: object
      required: [parent]
      properties:
        parent: {$ref: \"#/components/schemas/Parent\"}
";
    std::fs::create_dir_all(dir.join("spec")).expect("spec/");
    std::fs::write(dir.join("spec").join("cycles.yaml"), text).expect("write");
    let ((validate_code, validated), (code, generated)) = both(&dir, "spec/cycles.yaml");
    assert_eq!(validate_code, Some(1), "{validated:?}");
    assert_eq!(validated.len(), 1, "{validated:?}");
    assert_eq!(validated[0]["rule"], "ref-cycle");
    assert_eq!(validated[0]["severity"], "error");
    assert_eq!(validated[0]["line"], 19);
    assert_eq!(code, Some(0), "{generated:?}");
    assert_eq!(generated.len(), 1, "{generated:?}");
    assert_eq!(generated[0]["severity"], "warning");
    let message = generated[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("(Parent.child -> Child.parent -> Parent)")
            && message.contains("`Parent.child`, `Child.parent`")
            && message.contains("the generated fields are optional"),
        "{message}"
    );
    let module = std::fs::read_to_string(dir.join("out").join("cycles.rs")).expect("cycles.rs");
    for field in [
        "pub child: Option<Box<Child>>,",
        "pub parent: Option<Parent>,",
        // Outside the cycle, required stays required; so does `name`.
        "pub parent: Parent,",
        "pub name: String,",
    ] {
        assert!(module.contains(field), "{field}:\n{module}");
    }
    let krate = dir.join("crate");
    let out = codegen(
        &["generate", "--spec", "spec", "--out", "crate/src/generated"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    compile(
        &krate,
        "//! A module with a required cycle.\n#![deny(warnings)]\ninclude!(\"generated/mod.rs\");\n\n\
         /// A finite value of each type of the cycle.\n\
         pub fn values() -> (cycles::types::Parent, cycles::types::Child) {\n\
             let parent = cycles::types::Parent { child: None, name: String::new() };\n\
             (parent.clone(), cycles::types::Child { parent: Some(parent) })\n\
         }\n",
    );
}

/// A schema that requires itself through `allOf` alone has no property to leave out: an
/// error for `generate` too.
#[test]
fn an_all_of_cycle_stays_an_error_when_generating() {
    let dir = scratch("all-of-cycle");
    let text = small_document("Loop")
        + "components:
  schemas:
    Loop:
      allOf:
        - $ref: \"#/components/schemas/Loop\"
";
    std::fs::write(dir.join("loop.yaml"), text).expect("write");
    let (code, findings, _) = generate_json(&dir, "loop.yaml");
    assert_eq!(code, Some(1), "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "ref-cycle");
    assert_eq!(findings[0]["severity"], "error");
}

/// A multipart body's `dependentRequired` is checked like a JSON body's: no warning, and the
/// body's validator reports the missing part.
#[test]
fn a_multipart_bodys_dependent_required_is_checked() {
    let dir = scratch("multipart-dependent");
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /up:\n    post:\n      \
        operationId: upload\n      requestBody:\n        required: true\n        content:\n          \
        multipart/form-data:\n            schema:\n              type: object\n              \
        properties:\n                a: {type: string}\n                b: {type: string}\n                \
        f: {type: string, contentMediaType: application/octet-stream}\n              \
        dependentRequired: {a: [b]}\n      responses:\n        '200': {description: ok}\n";
    std::fs::write(dir.join("up.yaml"), text).expect("write");
    let (code, findings, err) = generate_json(&dir, "up.yaml");
    assert_eq!(code, Some(0), "{err}");
    assert!(findings.is_empty(), "{findings:?}");
    let module = std::fs::read_to_string(dir.join("out").join("up.rs")).expect("written");
    assert!(
        module.contains(r#"validation::missing_dependent(out, pointer, "a", "b");"#),
        "{module}"
    );
}
