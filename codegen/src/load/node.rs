//! The positioned document tree every later stage reads: JSON-like values that remember
//! where in which file they were written, so any finding can point at its line.

use super::source::FileId;

/// Where a node starts: file, 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The file the node is written in.
    pub file: FileId,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A value of the document together with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub span: Span,
}

/// A mapping key with its own position (findings about a key point at the key).
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where the key starts.
    pub span: Span,
}

/// The JSON data model: YAML documents are read into it too.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (in YAML also `~` or an empty value).
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits an `i64`.
    Int(i64),
    /// Any other number (YAML's `.inf` and `.nan` included).
    Float(f64),
    /// A string.
    Str(String),
    /// An array (a YAML sequence), items in document order.
    Seq(Vec<Node>),
    /// Entries in document order; keys are unique (the reader reports and drops repeats).
    Map(Vec<(Key, Node)>),
}

impl Node {
    /// A node holding `value`, starting at `span`.
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    /// The entry `key` of a mapping, if this is a mapping holding it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key object of entry `key` (for findings that point at the key itself).
    pub fn key(&self, key: &str) -> Option<&Key> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// A number as `f64`, whether written as an integer or not.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// A non-negative integer (as the length and count keywords take).
    pub fn as_u64(&self) -> Option<u64> {
        match self.value {
            Value::Int(i) if i >= 0 => Some(i as u64),
            Value::Float(f) if f >= 0.0 && f.fract() == 0.0 && f < u64::MAX as f64 => {
                Some(f as u64)
            }
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// Follows an RFC 6901 JSON pointer (`/paths/~1v1~1x/get`) from this node.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        for raw in rest.split('/') {
            let token = unescape_token(raw);
            node = match &node.value {
                Value::Map(_) => node.get(&token)?,
                Value::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The entry indices leading to what `pointer` names (see [`Node::at_path`]).
    pub fn pointer_path(&self, pointer: &str) -> Option<Vec<u32>> {
        let mut path = Vec::new();
        if pointer.is_empty() {
            return Some(path);
        }
        let mut node = self;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = unescape_token(raw);
            let index = match &node.value {
                Value::Map(entries) => entries.iter().position(|(k, _)| k.name == token)?,
                Value::Seq(items) => token.parse::<usize>().ok().filter(|i| *i < items.len())?,
                _ => return None,
            };
            node = match &node.value {
                Value::Map(entries) => &entries[index].1,
                Value::Seq(items) => &items[index],
                _ => return None,
            };
            path.push(u32::try_from(index).ok()?);
        }
        Some(path)
    }

    /// The node at a path of entry indices.
    pub fn at_path(&self, path: &[u32]) -> Option<&Node> {
        let mut node = self;
        for &index in path {
            let index = index as usize;
            node = match &node.value {
                Value::Map(entries) => &entries.get(index)?.1,
                Value::Seq(items) => items.get(index)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The JSON pointer of the node at `path` (entry indices, as [`Node::at_path`] takes).
    pub fn path_pointer(&self, path: &[u32]) -> Option<String> {
        let mut node = self;
        let mut out = String::new();
        for &index in path {
            let index = index as usize;
            node = match &node.value {
                Value::Map(entries) => {
                    let (key, child) = entries.get(index)?;
                    out.push('/');
                    out.push_str(&escape_token(&key.name));
                    child
                }
                Value::Seq(items) => {
                    out.push('/');
                    out.push_str(&index.to_string());
                    items.get(index)?
                }
                _ => return None,
            };
        }
        Some(out)
    }

    /// The JSON name of this value's kind, as messages print it.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }

    /// The value as `serde_json`, dropping positions (for validating examples as data).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::Str(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Decodes one reference token of a JSON pointer (`~1` is `/`, `~0` is `~`).
pub fn unescape_token(raw: &str) -> String {
    raw.replace("~1", "/").replace("~0", "~")
}

/// Encodes one reference token of a JSON pointer.
pub fn escape_token(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    push_escaped(&mut out, raw);
    out
}

/// Appends `raw` escaped as a pointer token; most tokens need no escape and are copied whole.
fn push_escaped(out: &mut String, raw: &str) {
    if !raw.contains(['~', '/']) {
        out.push_str(raw);
        return;
    }
    for c in raw.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// A JSON pointer under construction, as the walkers descend.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The empty pointer: the whole document.
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// The pointer to the entry `token` of this one's mapping (`token` is escaped here).
    pub fn join(&self, token: &str) -> Self {
        let mut out = String::with_capacity(self.0.len() + 1 + token.len());
        out.push_str(&self.0);
        out.push('/');
        push_escaped(&mut out, token);
        Pointer(out)
    }

    /// The pointer to item `index` of this one's array.
    pub fn index(&self, index: usize) -> Self {
        Pointer(format!("{}/{}", self.0, index))
    }

    /// A pointer already decoded (as sites store them).
    pub fn from_decoded(pointer: &str) -> Self {
        Pointer(pointer.to_string())
    }

    /// The pointer a `$ref` fragment names (`/components/schemas/A`, percent-decoded).
    pub fn from_fragment(fragment: &str) -> Self {
        Pointer(crate::load::percent_decode(fragment))
    }

    /// The pointer as text (`/paths/~1vpcs/get`; empty for the root).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            f.write_str("(root)")
        } else {
            f.write_str(&self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_escape_and_unescape_both_ways() {
        for raw in ["plain", "a/b", "~tilde", "~1 stays two", "/~/", ""] {
            assert_eq!(unescape_token(&escape_token(raw)), raw);
        }
        assert_eq!(escape_token("~1/"), "~01~1");
        assert_eq!(
            Pointer::root().join("paths").join("/pets/{id}").as_str(),
            "/paths/~1pets~1{id}"
        );
    }
}
