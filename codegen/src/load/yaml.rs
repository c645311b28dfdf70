//! The one module that reads YAML (and JSON, which YAML 1.2 contains): text in, a positioned
//! [`Node`] tree out. serde_yaml drops positions after parsing, so the tree is built from a
//! marked event stream instead; swapping the reader means changing this file only.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::node::{Key, Node, Span, Value};
use super::parsed::{duplicate_key, KeySet};
pub use super::parsed::{Parsed, ReadProblem};
use super::source::FileId;

/// Alias expansion beyond this many nodes is refused ("billion laughs" documents).
const MAX_ALIAS_NODES: usize = 1_000_000;
/// Nesting deeper than this is refused so later recursive walks cannot overflow the stack.
const MAX_DEPTH: usize = 256;

/// Reads one YAML or JSON text. A syntax error yields one problem and no tree: what follows
/// the first error would only produce knock-on findings.
pub fn read(file: FileId, text: &str) -> Parsed {
    let mut builder = Builder::new(file);
    let mut parser = Parser::new_from_str(text);
    // Events are pulled one by one (the parser's own `load` recurses once per nesting level
    // and would overflow the stack on deep input before the depth limit could stop it).
    loop {
        match parser.next_token() {
            Ok((event, mark)) => {
                let end = event == Event::StreamEnd;
                builder.on_event(event, mark);
                if end || builder.fatal.is_some() {
                    break;
                }
            }
            Err(error) => {
                let span = builder.span(*error.marker());
                return Parsed {
                    root: None,
                    problems: vec![ReadProblem {
                        rule: "syntax",
                        span,
                        message: format!("invalid YAML/JSON: {}", error.info()),
                        hint: Some(
                            "check the indentation and quoting on this line and the one above"
                                .into(),
                        ),
                    }],
                };
            }
        }
    }
    if let Some(problem) = builder.fatal.take() {
        return Parsed {
            root: None,
            problems: vec![problem],
        };
    }
    let root = builder.documents.into_iter().next();
    let mut problems = builder.problems;
    if root.is_none() {
        problems.push(ReadProblem {
            rule: "syntax",
            span: Span {
                file,
                line: 1,
                column: 1,
            },
            message: "the file holds no document".into(),
            hint: Some("an OpenAPI document starts with `openapi: 3.0.3`".into()),
        });
    }
    Parsed { root, problems }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        span: Span,
        anchor: usize,
        /// The key read and waiting for its value; `None` inside means "skip the value".
        pending: Option<Option<Key>>,
        keys: KeySet,
    },
}

struct Builder {
    file: FileId,
    stack: Vec<Frame>,
    documents: Vec<Node>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    problems: Vec<ReadProblem>,
    fatal: Option<ReadProblem>,
}

impl Builder {
    fn new(file: FileId) -> Self {
        Builder {
            file,
            stack: Vec::new(),
            documents: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            problems: Vec::new(),
            fatal: None,
        }
    }

    fn span(&self, mark: Marker) -> Span {
        Span {
            file: self.file,
            line: u32::try_from(mark.line()).unwrap_or(u32::MAX).max(1),
            column: u32::try_from(mark.col() + 1).unwrap_or(u32::MAX),
        }
    }

    fn fail(&mut self, span: Span, rule: &'static str, message: String) {
        if self.fatal.is_none() {
            self.fatal = Some(ReadProblem {
                rule,
                span,
                message,
                hint: None,
            });
        }
    }

    /// Places a finished node into its parent (or makes it a document).
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.documents.is_empty() {
                    self.documents.push(node);
                } else {
                    self.problems.push(ReadProblem {
                        rule: "syntax",
                        span: node.span,
                        message: "a second YAML document in the same file is ignored".into(),
                        hint: Some("keep one OpenAPI document per file".into()),
                    });
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending,
                keys,
                ..
            }) => match pending.take() {
                Some(Some(key)) => entries.push((key, node)),
                Some(None) => {}
                None => {
                    let name = match node.value {
                        Value::Str(s) => s,
                        Value::Int(i) => i.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".into(),
                        Value::Float(f) => f.to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            self.problems.push(ReadProblem {
                                rule: "syntax",
                                span: node.span,
                                message: "a mapping key must be a scalar".into(),
                                hint: Some("OpenAPI keys are strings".into()),
                            });
                            *pending = Some(None);
                            return;
                        }
                    };
                    if let Some(first) = keys.first(entries, &name) {
                        self.problems.push(duplicate_key(&name, node.span, first));
                        *pending = Some(None);
                    } else {
                        keys.record(entries, &name);
                        *pending = Some(Some(Key {
                            name,
                            span: node.span,
                        }));
                    }
                }
            },
        }
    }

    fn count_nodes(node: &Node) -> usize {
        match &node.value {
            Value::Seq(items) => 1 + items.iter().map(Self::count_nodes).sum::<usize>(),
            Value::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(_, v)| Self::count_nodes(v))
                    .sum::<usize>()
            }
            _ => 1,
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.fatal.is_some() {
            return;
        }
        let span = self.span(mark);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(text, style, tag.as_ref());
                self.finish(Node::new(value, span), anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _)
                if self.stack.len() >= MAX_DEPTH =>
            {
                let _ = anchor;
                self.fail(
                    span,
                    "syntax",
                    format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
                );
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Seq {
                items: Vec::new(),
                span,
                anchor,
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map {
                entries: Vec::new(),
                span,
                anchor,
                pending: None,
                keys: KeySet::default(),
            }),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    items,
                    span,
                    anchor,
                }) => self.finish(Node::new(Value::Seq(items), span), anchor),
                Some(Frame::Map {
                    entries,
                    span,
                    anchor,
                    ..
                }) => {
                    // A block mapping's start event is marked after its first key; the key
                    // is where a reader sees the mapping begin.
                    let span = match entries.first() {
                        Some((key, _)) if key.span < span => key.span,
                        _ => span,
                    };
                    self.finish(Node::new(Value::Map(entries), span), anchor)
                }
                None => {}
            },
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(target) => {
                    let target = target.clone();
                    self.alias_nodes += Self::count_nodes(&target);
                    if self.alias_nodes > MAX_ALIAS_NODES {
                        self.fail(
                            span,
                            "syntax",
                            format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                        );
                    } else {
                        // The copy points at the alias, where the reader sees it used.
                        self.finish(Node::new(target.value, span), 0);
                    }
                }
                None => self.fail(span, "syntax", "alias to an unknown anchor".into()),
            },
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// Gives a scalar its type under the YAML 1.2 core schema: only plain scalars can be
/// anything but strings, unless a standard tag says otherwise.
fn resolve_scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
            match tag.suffix.as_str() {
                "str" => return Value::Str(text),
                "int" | "float" | "bool" | "null" => {}
                _ => return Value::Str(text),
            }
        } else {
            return Value::Str(text);
        }
    } else if style != TScalarStyle::Plain {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = parse_int(&text) {
        return Value::Int(int);
    }
    if is_float(&text) {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text)
}

fn parse_int(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = match bytes.first() {
        Some(b'-') | Some(b'+') => &text[1..],
        _ => text,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok()
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float form.
fn is_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (!int.is_empty() || !frac.is_empty())
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        }
    };
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        read(FileId(0), text)
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let p = parse("a: 1\nb: '1'\nc: 1.5\nd: true\ne: ~\nf: 0x1F\ng: 1e3\nh: 1.2.3\n200: x\n");
        let root = p.root.expect("parsed");
        assert_eq!(root.get("a").map(|n| &n.value), Some(&Value::Int(1)));
        assert_eq!(
            root.get("b").map(|n| &n.value),
            Some(&Value::Str("1".into()))
        );
        assert_eq!(root.get("c").map(|n| &n.value), Some(&Value::Float(1.5)));
        assert_eq!(root.get("d").map(|n| &n.value), Some(&Value::Bool(true)));
        assert_eq!(root.get("e").map(|n| &n.value), Some(&Value::Null));
        assert_eq!(root.get("f").map(|n| &n.value), Some(&Value::Int(31)));
        assert_eq!(root.get("g").map(|n| &n.value), Some(&Value::Float(1000.0)));
        assert_eq!(
            root.get("h").map(|n| &n.value),
            Some(&Value::Str("1.2.3".into()))
        );
        assert!(root.get("200").is_some(), "integer keys become strings");
    }

    #[test]
    fn positions_are_one_based() {
        let root = parse("a:\n  b: [1, 2]\n").root.expect("parsed");
        let b = root.pointer("/a/b/1").expect("node");
        assert_eq!((b.span.line, b.span.column), (2, 10));
        let a = root.pointer("/a").expect("node");
        assert_eq!(
            (a.span.line, a.span.column),
            (2, 3),
            "a block mapping starts at its first key"
        );
        let key = root.get("a").and_then(|a| a.key("b")).expect("key");
        assert_eq!((key.span.line, key.span.column), (2, 3));
    }

    #[test]
    fn duplicate_keys_are_reported_once_at_the_repeat() {
        let p = parse("a: 1\nb: 2\na: 3\n");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].rule, "duplicate-key");
        assert_eq!(p.problems[0].span.line, 3);
        assert_eq!(
            p.root.and_then(|r| r.get("a").map(|n| n.value.clone())),
            Some(Value::Int(1))
        );
    }

    #[test]
    fn a_syntax_error_is_one_problem() {
        let p = parse("a:\n  b: 1\n c: 2\n  d: 3\n    e: 4\n");
        assert!(p.root.is_none());
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        assert_eq!(p.problems[0].rule, "syntax");
    }

    #[test]
    fn json_is_read_too() {
        let root = parse("{\"a\": [1, 2.5, \"x\\/y\", null, false]}")
            .root
            .expect("parsed");
        assert_eq!(root.pointer("/a/2").and_then(Node::as_str), Some("x/y"));
        assert_eq!(
            root.pointer("/a/1").map(|n| n.value.clone()),
            Some(Value::Float(2.5))
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let p = parse(&text);
        assert!(p.root.is_none());
        assert_eq!(p.problems.len(), 1);
    }
}
