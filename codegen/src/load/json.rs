//! Reads JSON documents into the positioned tree, through jsonc-parser with every JSONC and
//! JSON5 extension turned off (strict JSON). Large descriptions are JSON: this is several
//! times faster than reading them as YAML, which they also are.

use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::{parse_to_ast, CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::node::{Key, Node, Span, Value};
use super::parsed::{duplicate_key, KeySet, Parsed, ReadProblem};
use super::source::FileId;

/// Nesting deeper than this is refused, as the YAML reader does.
const MAX_DEPTH: usize = 256;

/// Reads one JSON text. A syntax error yields one problem and no tree.
pub fn read(file: FileId, text: &str) -> Parsed {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let mut reader = Reader {
        file,
        text,
        cursor: (0, 1, 1),
        problems: Vec::new(),
    };
    match parse_to_ast(text, &collect, &options) {
        Err(error) => {
            let span = reader.span(error.range().start);
            Parsed {
                root: None,
                problems: vec![ReadProblem {
                    rule: "syntax",
                    span,
                    message: format!("invalid JSON: {}", error.kind()),
                    hint: Some("check the punctuation here and just before".into()),
                }],
            }
        }
        Ok(result) => match result.value {
            None => Parsed {
                root: None,
                problems: vec![ReadProblem {
                    rule: "syntax",
                    span: reader.span(0),
                    message: "the file holds no document".into(),
                    hint: Some("an OpenAPI document is a JSON object".into()),
                }],
            },
            Some(value) => match reader.node(value, 0) {
                Some(root) => Parsed {
                    root: Some(root),
                    problems: reader.problems,
                },
                None => Parsed {
                    root: None,
                    problems: reader.problems,
                },
            },
        },
    }
}

struct Reader<'t> {
    file: FileId,
    text: &'t str,
    /// The last position computed (byte offset, line, column): nodes come in text order, so
    /// each position is counted on from the previous one, not from the start of its line.
    cursor: (usize, u32, u32),
    problems: Vec<ReadProblem>,
}

impl Reader<'_> {
    fn span(&mut self, offset: usize) -> Span {
        let (mut at, mut line, mut column) = self.cursor;
        if offset < at {
            (at, line, column) = (0, 1, 1);
        }
        let end = offset.min(self.text.len());
        for c in self.text.get(at..end).unwrap_or("").chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        self.cursor = (end, line, column);
        Span {
            file: self.file,
            line,
            column,
        }
    }

    fn node(&mut self, value: Ast<'_>, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            let span = self.span(value_start(&value));
            self.problems = vec![ReadProblem {
                rule: "syntax",
                span,
                message: format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
                hint: None,
            }];
            return None;
        }
        Some(match value {
            Ast::NullKeyword(n) => Node::new(Value::Null, self.span(n.range.start)),
            Ast::BooleanLit(b) => Node::new(Value::Bool(b.value), self.span(b.range.start)),
            Ast::StringLit(s) => {
                Node::new(Value::Str(s.value.into_owned()), self.span(s.range.start))
            }
            Ast::NumberLit(n) => {
                let span = self.span(n.range.start);
                let value = match n.value.parse::<i64>() {
                    Ok(i) => Value::Int(i),
                    Err(_) => n
                        .value
                        .parse::<f64>()
                        .map(Value::Float)
                        .unwrap_or(Value::Null),
                };
                Node::new(value, span)
            }
            Ast::Array(a) => {
                let span = self.span(a.range.start);
                let mut items = Vec::with_capacity(a.elements.len());
                for element in a.elements {
                    items.push(self.node(element, depth + 1)?);
                }
                Node::new(Value::Seq(items), span)
            }
            Ast::Object(o) => {
                let span = self.span(o.range.start);
                let mut entries: Vec<(Key, Node)> = Vec::with_capacity(o.properties.len());
                let mut keys = KeySet::default();
                for prop in o.properties {
                    let (name, start) = match prop.name {
                        ObjectPropName::String(s) => (s.value.into_owned(), s.range.start),
                        ObjectPropName::Word(w) => (w.value.to_string(), w.range.start),
                    };
                    let key_span = self.span(start);
                    let value = self.node(prop.value, depth + 1)?;
                    if let Some(first) = keys.first(&entries, &name) {
                        self.problems.push(duplicate_key(&name, key_span, first));
                        continue;
                    }
                    keys.record(&entries, &name);
                    entries.push((
                        Key {
                            name,
                            span: key_span,
                        },
                        value,
                    ));
                }
                Node::new(Value::Map(entries), span)
            }
        })
    }
}

fn value_start(value: &Ast<'_>) -> usize {
    match value {
        Ast::NullKeyword(n) => n.range.start,
        Ast::BooleanLit(b) => b.range.start,
        Ast::StringLit(s) => s.range.start,
        Ast::NumberLit(n) => n.range.start,
        Ast::Array(a) => a.range.start,
        Ast::Object(o) => o.range.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_values() {
        let p = read(
            FileId(0),
            "{\n  \"a\": [1, 2.5, \"x\\/y\", null, true],\n  \"b\": {\"c\": -3}\n}",
        );
        let root = p.root.expect("parsed");
        let a2 = root.pointer("/a/2").expect("node");
        assert_eq!(a2.as_str(), Some("x/y"));
        assert_eq!((a2.span.line, a2.span.column), (2, 17));
        assert_eq!(
            root.pointer("/b/c").map(|n| n.value.clone()),
            Some(Value::Int(-3))
        );
        let key = root.key("b").expect("key");
        assert_eq!((key.span.line, key.span.column), (3, 3));
    }

    #[test]
    fn strict_json_only() {
        for bad in [
            "{\"a\": 1,}",
            "{a: 1}",
            "{'a': 1}",
            "{\"a\": 0x10}",
            "// c\n{}",
        ] {
            let p = read(FileId(0), bad);
            assert!(p.root.is_none(), "{bad}");
            assert_eq!(p.problems.len(), 1, "{bad}");
            assert_eq!(p.problems[0].rule, "syntax");
        }
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_repeat() {
        let p = read(FileId(0), "{\"a\": 1,\n \"a\": 2}");
        assert_eq!(p.problems.len(), 1);
        assert_eq!((p.problems[0].span.line, p.problems[0].span.column), (2, 2));
        assert_eq!(
            p.root.and_then(|r| r.get("a").map(|n| n.value.clone())),
            Some(Value::Int(1))
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("{}{}", "[".repeat(400), "]".repeat(400));
        let p = read(FileId(0), &text);
        assert!(p.root.is_none());
        assert_eq!(p.problems.len(), 1);
    }
}
