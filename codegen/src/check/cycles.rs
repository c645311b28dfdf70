//! Reference cycles no finite value can satisfy: a schema that, through `allOf` members,
//! required properties and the first item of arrays with `minItems` above 0, requires a value
//! of itself.
//!
//! A cycle through a required property means the service must leave that property out
//! somewhere: the generated code makes every required property on such a cycle optional,
//! and the finding is one the generated code does not depend on (an error for `validate`, a
//! warning for `generate`). A cycle of `allOf` members and array items alone has no property
//! to relax and stays an error for both.

use std::collections::{HashMap, HashSet, VecDeque};

use super::walk::Site;
use crate::base::{rules, schema, Findings};
use crate::load::node::{Node, Pointer};
use crate::load::source::FileId;
use crate::load::DocSet;

/// How a schema requires another.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Link {
    /// Member `i` of its `allOf`.
    AllOf(usize),
    /// A property it lists in `required` (and that is not `nullable`).
    Property(String),
    /// The items of an array with `minItems` above 0.
    Item,
}

impl Link {
    fn label(&self) -> String {
        match self {
            Link::AllOf(i) => format!(".allOf[{i}]"),
            Link::Property(name) => format!(".{name}"),
            Link::Item => "[0]".into(),
        }
    }
}

/// The required properties the generated code makes optional, since a cycle through them
/// leaves no finite value: by the address of the Schema Object listing them, and their name.
#[derive(Debug, Default)]
pub struct RequiredCycles {
    links: HashSet<(usize, String)>,
}

impl RequiredCycles {
    /// Whether property `name` of `schema` (the object holding `properties` and `required`)
    /// is required on a cycle, and so generated as optional.
    pub fn breaks(&self, schema: &Node, name: &str) -> bool {
        !self.links.is_empty()
            && self
                .links
                .contains(&(schema as *const Node as usize, name.to_string()))
    }
}

/// Finds the cycles among `schemas`, reports them and returns the properties to relax.
pub fn check(docs: &DocSet, schemas: &[Site<'_>], findings: &mut Findings) -> RequiredCycles {
    let graph = Graph::new(docs, schemas);
    let components = graph.components();
    let mut out = RequiredCycles::default();
    // Property links inside a strongly connected component are on a cycle.
    let mut relaxed: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for (from, edges) in graph.edges.iter().enumerate() {
        for (e, (to, link)) in edges.iter().enumerate() {
            if let Link::Property(name) = link {
                let key = (schemas[from].node as *const Node as usize, name.clone());
                // (A name `required` lists twice is one property.)
                if components[from] == components[*to] && out.links.insert(key) {
                    relaxed.entry(components[from]).or_default().push((from, e));
                }
            }
        }
    }
    let mut groups: Vec<Vec<(usize, usize)>> = relaxed.into_values().collect();
    for group in &mut groups {
        group.sort_by_key(|&(from, e)| (schemas[from].node.span, e));
    }
    groups.sort_by_key(|g| g.first().map(|&(from, _)| schemas[from].node.span));
    for group in &groups {
        graph.report_relaxed(group, &components, findings);
    }
    graph.report_unbreakable(&out, findings);
    out
}

/// The schemas and the links between them.
struct Graph<'s, 'a> {
    schemas: &'s [Site<'a>],
    /// For each schema, the schemas it requires (indices into `schemas`) and how.
    edges: Vec<Vec<(usize, Link)>>,
}

/// A schema on the search path: its index, the next edge to try.
type Frame = (usize, usize);

impl<'s, 'a> Graph<'s, 'a> {
    fn new(docs: &'a DocSet, schemas: &'s [Site<'a>]) -> Self {
        let index: HashMap<usize, usize> = schemas
            .iter()
            .enumerate()
            .map(|(i, s)| (s.node as *const Node as usize, i))
            .collect();
        let edges = schemas
            .iter()
            .map(|site| {
                forced(docs, site.file, site.node)
                    .into_iter()
                    .filter_map(|(n, link)| {
                        index.get(&(n as *const Node as usize)).map(|&j| (j, link))
                    })
                    .collect()
            })
            .collect();
        Graph { schemas, edges }
    }

    /// The strongly connected component of each schema (Tarjan's algorithm, iterative: large
    /// documents nest deeper than a thread's stack).
    fn components(&self) -> Vec<usize> {
        const UNSEEN: usize = usize::MAX;
        let n = self.edges.len();
        let (mut index, mut low) = (vec![UNSEEN; n], vec![0; n]);
        let mut component = vec![UNSEEN; n];
        let mut on_stack = vec![false; n];
        let (mut stack, mut counter, mut components) = (Vec::new(), 0, 0);
        for start in 0..n {
            if index[start] != UNSEEN {
                continue;
            }
            let mut calls: Vec<Frame> = vec![(start, 0)];
            index[start] = counter;
            low[start] = counter;
            counter += 1;
            stack.push(start);
            on_stack[start] = true;
            while let Some(&mut (v, ref mut next)) = calls.last_mut() {
                if let Some((w, _)) = self.edges[v].get(*next) {
                    let w = *w;
                    *next += 1;
                    if index[w] == UNSEEN {
                        index[w] = counter;
                        low[w] = counter;
                        counter += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = components;
                        if w == v {
                            break;
                        }
                    }
                    components += 1;
                }
            }
        }
        component
    }

    /// One finding for the required properties of one component that are on a cycle
    /// (`group`: schema and edge index, the first where the component begins to be read).
    fn report_relaxed(
        &self,
        group: &[(usize, usize)],
        components: &[usize],
        findings: &mut Findings,
    ) {
        let Some(&(start, first)) = group.first() else {
            return;
        };
        // The cycle shown: the first relaxed link, then the shortest way back.
        let target = self.edges[start][first].0;
        let component = components[start];
        let back = self.path(target, start, |n| components[n] == component);
        let mut steps = vec![format!(
            "{}{}",
            self.name(start),
            self.edges[start][first].1.label()
        )];
        steps.extend(
            back.iter()
                .map(|&(n, e)| format!("{}{}", self.name(n), self.edges[n][e].1.label())),
        );
        steps.push(self.name(start));
        let fields: Vec<String> = group
            .iter()
            .map(|&(n, e)| format!("`{}{}`", self.name(n), self.edges[n][e].1.label()))
            .collect();
        let leave = match fields.as_slice() {
            [one] => format!(
                "the service must leave {one} out somewhere: the generated field is optional"
            ),
            many => format!(
                "the service must leave out one of {} somewhere: the generated fields are optional",
                many.join(", ")
            ),
        };
        let site = &self.schemas[start];
        findings.report_harmless(
            site.node.span,
            &rules::REF_CYCLE,
            &Pointer::from_decoded(&site.pointer),
            format!(
                "schema `{}` requires itself ({}); no finite value can satisfy it, so {leave}",
                self.name(start),
                steps.join(" -> ")
            ),
            Some(HINT.into()),
        );
    }

    /// The shortest way from `from` to `to` through schemas `inside` accepts: each schema
    /// left and the index of the edge it is left by (empty when `from` is `to`).
    fn path(&self, from: usize, to: usize, inside: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
        let mut came: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        let mut seen = HashSet::from([from]);
        while let Some(n) = queue.pop_front() {
            if n == to {
                break;
            }
            for (e, (w, _)) in self.edges[n].iter().enumerate() {
                if inside(*w) && seen.insert(*w) {
                    came.insert(*w, (n, e));
                    queue.push_back(*w);
                }
            }
        }
        let mut out = Vec::new();
        let mut at = to;
        while let Some(&(n, e)) = came.get(&at) {
            out.push((n, e));
            at = n;
            if at == from {
                break;
            }
        }
        out.reverse();
        out
    }

    /// Cycles left once the relaxed properties are optional: `allOf` members and array items
    /// alone, which no generated code can make finite. Each is reported at the schema where
    /// it begins to be read.
    fn report_unbreakable(&self, relaxed: &RequiredCycles, findings: &mut Findings) {
        let schemas = self.schemas;
        let edges: Vec<Vec<(usize, String)>> = self
            .edges
            .iter()
            .enumerate()
            .map(|(i, edges)| {
                edges
                    .iter()
                    .filter(|(_, link)| match link {
                        Link::Property(name) => !relaxed.breaks(schemas[i].node, name),
                        _ => true,
                    })
                    .map(|(j, link)| (*j, link.label()))
                    .collect()
            })
            .collect();
        // 0 = unvisited, 1 = on the current path, 2 = done.
        let mut state = vec![0u8; schemas.len()];
        let mut starts: Vec<usize> = (0..schemas.len()).collect();
        starts.sort_by_key(|&i| schemas[i].node.span);
        for start in starts {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<Frame> = vec![(start, 0)];
            state[start] = 1;
            while let Some((node, next)) = stack.last_mut() {
                let Some((target, _)) = edges[*node].get(*next) else {
                    state[*node] = 2;
                    stack.pop();
                    continue;
                };
                let target = *target;
                *next += 1;
                match state[target] {
                    0 => {
                        state[target] = 1;
                        stack.push((target, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                        let path: Vec<String> = stack[from..]
                            .iter()
                            .map(|(n, next)| {
                                let label = edges[*n]
                                    .get(next.saturating_sub(1))
                                    .map(|(_, l)| l.as_str())
                                    .unwrap_or("");
                                format!("{}{label}", self.name(*n))
                            })
                            .collect();
                        let site = &schemas[target];
                        findings.report(
                            site.node.span,
                            &rules::REF_CYCLE,
                            &Pointer::from_decoded(&site.pointer),
                            format!(
                                "schema `{}` requires itself ({} -> {}); no finite value can satisfy it",
                                self.name(target),
                                path.join(" -> "),
                                self.name(target)
                            ),
                            Some(HINT.into()),
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    fn name(&self, i: usize) -> String {
        self.schemas[i]
            .pointer
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_else(|| "(root)".into())
    }
}

const HINT: &str =
    "make one link optional: drop it from `required`, mark it `nullable`, or allow an empty array";

/// Schemas every valid instance of `node` must also satisfy with a value of its own: the
/// targets of `allOf`, required properties, and items when at least one is required. A cycle
/// along these links can only be satisfied by an infinite value.
fn forced<'a>(docs: &'a DocSet, file: FileId, node: &'a Node) -> Vec<(&'a Node, Link)> {
    let mut out = Vec::new();
    if let Some(all) = node.get("allOf").and_then(Node::as_seq) {
        for (i, sub) in all.iter().enumerate() {
            if let Some((_, n)) = docs.follow(file, sub) {
                out.push((n, Link::AllOf(i)));
            }
        }
    }
    let properties = node.get("properties");
    if let Some(required) = node.get("required").and_then(Node::as_seq) {
        for name in required.iter().filter_map(Node::as_str) {
            let Some(prop) = properties.and_then(|p| p.get(name)) else {
                continue;
            };
            // 3.0's `nullable: true` or 3.1's `"null"` type: `null` ends the chain.
            let nullable = schema::types(prop).null();
            if let (false, Some((_, n))) = (nullable, docs.follow(file, prop)) {
                out.push((n, Link::Property(name.to_string())));
            }
        }
    }
    if node.get("minItems").and_then(Node::as_u64).unwrap_or(0) > 0 {
        if let Some((_, n)) = node.get("items").and_then(|i| docs.follow(file, i)) {
            out.push((n, Link::Item));
        }
    }
    out
}
