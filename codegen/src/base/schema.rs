//! The keywords OpenAPI 3.0 and 3.1 (JSON Schema 2020-12) spell two ways, read one way for
//! every stage: the rules, the instance evaluator, the lowering and `diff` all ask here, so
//! a 3.0 `nullable: true` and a 3.1 `type: [string, "null"]` can never be told apart later.
//! The spelling tells which is meant (a boolean `exclusiveMinimum` is 3.0's, a number 3.1's),
//! so no reader needs the document's version.

use crate::load::node::{Node, Value};

/// The JSON types a schema's `type` allows, `null` apart. Held in place: it is read for
/// every schema the lowering and the evaluator meet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Types<'a> {
    /// The names as written, each once; JSON has six types besides `null`, and names past
    /// the sixth (only a broken `type` has them, which its rule reports) are left out.
    names: [&'a str; 6],
    len: usize,
    null: bool,
    /// Whether `type` is written at all.
    typed: bool,
}

impl<'a> Types<'a> {
    /// The one type besides `null`, when there is exactly one.
    pub fn single(&self) -> Option<&'a str> {
        (self.len == 1).then_some(self.names[0])
    }

    /// The types besides `null`, as written.
    pub fn names(&self) -> &[&'a str] {
        &self.names[..self.len]
    }

    /// Whether `null` is allowed: 3.0's `nullable: true` or 3.1's `"null"` among the types.
    pub fn null(&self) -> bool {
        self.null
    }

    /// Whether the schema says no type at all (any value, as far as `type` goes).
    pub fn is_empty(&self) -> bool {
        !self.typed
    }

    /// Whether `type` allows `null` and nothing else (`type: "null"`).
    pub fn only_null(&self) -> bool {
        self.typed && self.len == 0 && self.null
    }

    fn add(&mut self, name: &'a str) {
        if name == "null" {
            self.null = true;
        } else if !self.names().contains(&name) && self.len < self.names.len() {
            self.names[self.len] = name;
            self.len += 1;
        }
    }
}

/// What `type` (a name or, in 3.1, a list of names) and `nullable` say of `schema`. A
/// `nullable: true` without `type` still counts: the value may be null (it may be anything),
/// and the generated field is an `Option`, as it always was.
pub fn types<'a>(schema: &'a Node) -> Types<'a> {
    let mut out = Types::default();
    match schema.get("type").map(|t| &t.value) {
        Some(Value::Str(name)) => out.add(name),
        Some(Value::Seq(names)) => names
            .iter()
            .filter_map(Node::as_str)
            .for_each(|n| out.add(n)),
        _ => {}
    }
    out.typed = schema.get("type").is_some();
    if schema.get("nullable").and_then(Node::as_bool) == Some(true) {
        out.null = true;
    }
    out
}

/// Whether `schema` allows `null` and nothing else (`type: "null"`, or `enum`/`const` of null
/// alone): the member of `anyOf: [T, {type: null}]` that makes a value optional.
pub fn is_null_only(schema: &Node) -> bool {
    if types(schema).only_null() {
        return true;
    }
    matches!(enum_values(schema), Some(values) if !values.is_empty() && values.iter().all(|v| v.value == Value::Null))
}

/// The values `enum` lists, or the one value of `const`.
pub fn enum_values(schema: &Node) -> Option<&[Node]> {
    match schema.get("enum").and_then(Node::as_seq) {
        Some(values) => Some(values),
        None => schema.get("const").map(std::slice::from_ref),
    }
}

/// A numeric bound and whether the value may equal it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The bound.
    pub value: f64,
    /// Whether the bound itself is excluded.
    pub exclusive: bool,
}

/// The lower bound: `minimum` with 3.0's `exclusiveMinimum: true`, or 3.1's numeric
/// `exclusiveMinimum`; the stricter when both are written.
pub fn lower_bound(schema: &Node) -> Option<Bound> {
    bound(schema, "minimum", "exclusiveMinimum", |a, b| a > b)
}

/// The upper bound: `maximum` with 3.0's `exclusiveMaximum: true`, or 3.1's numeric
/// `exclusiveMaximum`; the stricter when both are written.
pub fn upper_bound(schema: &Node) -> Option<Bound> {
    bound(schema, "maximum", "exclusiveMaximum", |a, b| a < b)
}

fn bound(
    schema: &Node,
    inclusive_key: &str,
    exclusive_key: &str,
    stricter: fn(f64, f64) -> bool,
) -> Option<Bound> {
    let finite = |key: &str| {
        schema
            .get(key)
            .and_then(Node::as_f64)
            .filter(|n| n.is_finite())
    };
    let flag = schema.get(exclusive_key).and_then(Node::as_bool) == Some(true);
    let inclusive = finite(inclusive_key).map(|value| Bound {
        value,
        exclusive: flag,
    });
    let exclusive = finite(exclusive_key).map(|value| Bound {
        value,
        exclusive: true,
    });
    match (inclusive, exclusive) {
        (Some(i), Some(e)) if stricter(i.value, e.value) => Some(i),
        (_, Some(e)) => Some(e),
        (i, None) => i,
    }
}

/// The examples a schema carries: 3.0's `example` and 3.1's `examples` list, each with its
/// pointer below the schema.
pub fn examples(schema: &Node) -> Vec<(&Node, String)> {
    let mut out = Vec::new();
    if let Some(example) = schema.get("example") {
        out.push((example, "/example".to_string()));
    }
    if let Some(list) = schema.get("examples").and_then(Node::as_seq) {
        for (i, example) in list.iter().enumerate() {
            out.push((example, format!("/examples/{i}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::DocSet;

    fn schema(text: &str) -> DocSet {
        DocSet::from_text("s.yaml", text)
    }

    fn root(docs: &DocSet) -> &Node {
        docs.tree(docs.entries[0]).expect("parsed")
    }

    #[test]
    fn nullable_and_null_types_read_alike() {
        let old = schema("type: string\nnullable: true\n");
        let new = schema("type: [string, 'null']\n");
        assert_eq!(types(root(&old)), types(root(&new)));
        assert_eq!(types(root(&new)).single(), Some("string"));
        assert!(types(root(&new)).null());
    }

    #[test]
    fn nullable_without_type_is_nullable_yet_no_null_only_member() {
        let docs = schema("nullable: true\n");
        assert!(types(root(&docs)).is_empty());
        assert!(types(root(&docs)).null());
        assert!(!is_null_only(root(&docs)));
    }

    #[test]
    fn numeric_exclusive_bounds_read_as_the_boolean_ones() {
        let old = schema("minimum: 3\nexclusiveMinimum: true\n");
        let new = schema("exclusiveMinimum: 3\n");
        assert_eq!(lower_bound(root(&old)), lower_bound(root(&new)));
        let both = schema("minimum: 5\nexclusiveMinimum: 3\n");
        assert_eq!(
            lower_bound(root(&both)),
            Some(Bound {
                value: 5.0,
                exclusive: false
            })
        );
        let upper = schema("maximum: 10\nexclusiveMaximum: 7\n");
        assert_eq!(
            upper_bound(root(&upper)),
            Some(Bound {
                value: 7.0,
                exclusive: true
            })
        );
    }

    #[test]
    fn const_is_an_enum_of_one() {
        let docs = schema("const: cat\n");
        let values = enum_values(root(&docs)).expect("const");
        assert_eq!(values.len(), 1);
        assert_eq!(values[0].as_str(), Some("cat"));
        assert!(is_null_only(root(&schema("type: 'null'\n"))));
        assert!(!is_null_only(root(&schema("type: [string, 'null']\n"))));
    }
}
