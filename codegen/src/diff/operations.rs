//! Operations matched across the revisions by method and path (path parameters by position,
//! so renaming one alone is no change), and compared part by part: the operation itself,
//! its parameters, request body, responses, security and servers.

use std::collections::{BTreeMap, BTreeSet};

use super::checks::{self, Check};
use super::schema::Schemas;
use super::{At, Direction, Found, Place, Revisions, Side};
use crate::load::node::Node;
use crate::load::DocSet;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation's identity across revisions: its method and its path with every
/// variable's name left out (`/v3/{}/vpcs`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct OpKey {
    pub method: String,
    pub path: String,
}

impl OpKey {
    /// The key of `method` (any case) on the path template `path`.
    pub fn of(method: &str, path: &str) -> OpKey {
        let mut normal = String::with_capacity(path.len());
        let mut in_variable = false;
        for c in path.chars() {
            match c {
                '{' => {
                    in_variable = true;
                    normal.push_str("{}");
                }
                '}' => in_variable = false,
                _ if in_variable => {}
                _ => normal.push(c),
            }
        }
        OpKey {
            method: method.to_ascii_uppercase(),
            path: normal,
        }
    }
}

/// A finding attributed to an operation: its key and how it is shown (`PUT /path`).
pub(crate) struct Attributed<'d> {
    pub operation: (OpKey, String),
    pub found: Found<'d>,
}

/// One operation of one revision.
struct Op<'d> {
    key: OpKey,
    shown: String,
    path: String,
    at: At<'d>,
    /// The Path Item, for its parameters and servers.
    item: At<'d>,
    /// The document's root, for its security and servers.
    root: At<'d>,
}

impl<'d> Op<'d> {
    fn operation_id(&self) -> Option<&'d str> {
        self.at.node.get("operationId").and_then(Node::as_str)
    }

    fn deprecated(&self) -> bool {
        self.at.node.get("deprecated").and_then(Node::as_bool) == Some(true)
    }
}

/// Every operation of the entry documents of `docs`, by key (the first of a repeated key).
fn index(docs: &DocSet) -> BTreeMap<OpKey, Op<'_>> {
    let mut out = BTreeMap::new();
    for &file in &docs.entries {
        let Some(tree) = docs.tree(file) else {
            continue;
        };
        let root = At {
            file,
            node: tree,
            pointer: super::Pointer::of(""),
        };
        let Some(paths) = root.get("paths") else {
            continue;
        };
        for (path, _) in paths.node.as_map().unwrap_or(&[]) {
            let Some(item) = paths.get(&path.name).map(|i| i.follow(docs)) else {
                continue;
            };
            for method in METHODS {
                let Some(at) = item.get(method) else {
                    continue;
                };
                let key = OpKey::of(method, &path.name);
                out.entry(key.clone()).or_insert(Op {
                    key,
                    shown: format!("{} {}", method.to_ascii_uppercase(), path.name),
                    path: path.name.clone(),
                    at,
                    item: item.clone(),
                    root: root.clone(),
                });
            }
        }
    }
    out
}

/// Every change of every operation from `revisions.old` to `revisions.new`.
pub(crate) fn compare(revisions: Revisions<'_>) -> Vec<Attributed<'_>> {
    let old = index(revisions.old);
    let new = index(revisions.new);
    let mut out = Vec::new();
    for (key, before) in &old {
        match new.get(key) {
            Some(after) => pair(revisions, before, after, &mut out),
            None => removed(before, &new, &mut out),
        }
    }
    for (key, after) in &new {
        if !old.contains_key(key) && !moved_here(after, &old) {
            let found = op_found(
                checks::OPERATION_ADDED,
                Side::New,
                after,
                format!("new operation {}", after.shown),
            );
            out.push(attribute(after, found));
        }
    }
    out
}

fn attribute<'d>(op: &Op<'d>, found: Found<'d>) -> Attributed<'d> {
    Attributed {
        operation: (op.key.clone(), op.shown.clone()),
        found,
    }
}

fn op_found<'d>(check: Check, side: Side, op: &Op<'d>, message: String) -> Found<'d> {
    Found {
        check,
        side,
        at: op.at.clone(),
        message,
        place: Place::Operation,
        direction: None,
    }
}

/// Whether `op` (new) is an old operation of the same id moved to another method.
fn moved_here(op: &Op<'_>, old: &BTreeMap<OpKey, Op<'_>>) -> bool {
    old.values().any(|o| {
        o.key.path == op.key.path
            && o.key.method != op.key.method
            && o.operation_id().is_some()
            && o.operation_id() == op.operation_id()
    })
}

fn removed<'d>(op: &Op<'d>, new: &BTreeMap<OpKey, Op<'d>>, out: &mut Vec<Attributed<'d>>) {
    let moved = new.values().find(|n| {
        n.key.path == op.key.path
            && op.operation_id().is_some()
            && n.operation_id() == op.operation_id()
    });
    let found = match moved {
        Some(to) => op_found(
            checks::METHOD_CHANGED,
            Side::Old,
            op,
            format!("{} is now {}", op.shown, to.shown),
        ),
        None if op.deprecated() => op_found(
            checks::DEPRECATED_OPERATION_REMOVED,
            Side::Old,
            op,
            format!("{} was deprecated and is gone", op.shown),
        ),
        None => op_found(
            checks::OPERATION_REMOVED,
            Side::Old,
            op,
            format!("{} is gone", op.shown),
        ),
    };
    out.push(attribute(op, found));
}

/// The changes of one operation present in both revisions.
fn pair<'d>(revisions: Revisions<'d>, old: &Op<'d>, new: &Op<'d>, out: &mut Vec<Attributed<'d>>) {
    let mut found = Vec::new();
    if old.operation_id() != new.operation_id() {
        let message = format!(
            "operationId `{}` is now `{}`",
            old.operation_id().unwrap_or("(none)"),
            new.operation_id().unwrap_or("(none)")
        );
        found.push(op_found(
            checks::OPERATION_ID_CHANGED,
            Side::New,
            new,
            message,
        ));
    }
    if !old.deprecated() && new.deprecated() {
        found.push(op_found(
            checks::OPERATION_DEPRECATED,
            Side::New,
            new,
            format!("{} is deprecated", new.shown),
        ));
    }
    let mut schemas = Schemas::new(revisions, &mut found);
    parameters(revisions, old, new, &mut schemas);
    body(revisions, old, new, &mut schemas);
    responses(revisions, old, new, &mut schemas);
    security(revisions, old, new, &mut found);
    servers(old, new, &mut found);
    out.extend(
        found
            .into_iter()
            .map(|f| attribute(new_or_old(f.side, old, new), f)),
    );
}

fn new_or_old<'a, 'd>(side: Side, old: &'a Op<'d>, new: &'a Op<'d>) -> &'a Op<'d> {
    match side {
        Side::Old => old,
        Side::New => new,
    }
}

/// A parameter, keyed for matching: path parameters by position in the path.
struct Param<'d> {
    key: (String, String),
    name: String,
    location: String,
    required: bool,
    at: At<'d>,
}

fn params<'d>(docs: &'d DocSet, op: &Op<'d>) -> Vec<Param<'d>> {
    let mut out: Vec<Param<'d>> = Vec::new();
    let lists = [op.item.get("parameters"), op.at.get("parameters")];
    for list in lists.into_iter().flatten() {
        for i in 0..list.node.as_seq().map_or(0, <[Node]>::len) {
            let Some(at) = list.item(i).map(|p| p.follow(docs)) else {
                continue;
            };
            let (Some(name), Some(location)) = (
                at.node.get("name").and_then(Node::as_str),
                at.node.get("in").and_then(Node::as_str),
            ) else {
                continue;
            };
            let key = match location {
                "path" => {
                    let position = op.path.split('/').position(|s| s == format!("{{{name}}}"));
                    (
                        "path".to_owned(),
                        position.map_or(name.to_owned(), |p| p.to_string()),
                    )
                }
                "header" => ("header".to_owned(), name.to_ascii_lowercase()),
                other => (other.to_owned(), name.to_owned()),
            };
            out.retain(|p| p.key != key);
            out.push(Param {
                key,
                name: name.to_owned(),
                location: location.to_owned(),
                required: location == "path"
                    || at.node.get("required").and_then(Node::as_bool) == Some(true),
                at,
            });
        }
    }
    out
}

fn parameters<'d>(
    revisions: Revisions<'d>,
    old: &Op<'d>,
    new: &Op<'d>,
    schemas: &mut Schemas<'_, 'd>,
) {
    let before = params(revisions.old, old);
    let after = params(revisions.new, new);
    for p in &before {
        let place = || Place::Parameter(p.location.clone(), p.name.clone(), Vec::new());
        let Some(q) = after.iter().find(|q| q.key == p.key) else {
            let moved = after
                .iter()
                .find(|q| q.name == p.name && q.location != p.location);
            let (check, message) = match moved {
                Some(q) => (
                    checks::PARAMETER_MOVED,
                    format!(
                        "parameter `{}` moved from {} to {}",
                        p.name, p.location, q.location
                    ),
                ),
                None => (
                    checks::PARAMETER_REMOVED,
                    format!("{} parameter `{}` is gone", p.location, p.name),
                ),
            };
            schemas.report(
                check,
                Side::Old,
                p.at.clone(),
                message,
                place(),
                Some(Direction::Request),
            );
            continue;
        };
        let place = || Place::Parameter(q.location.clone(), q.name.clone(), Vec::new());
        if !p.required && q.required {
            let message = format!("{} parameter `{}` is now required", q.location, q.name);
            schemas.report(
                checks::PARAMETER_BECAME_REQUIRED,
                Side::New,
                q.at.clone(),
                message,
                place(),
                Some(Direction::Request),
            );
        } else if p.required && !q.required {
            let message = format!("{} parameter `{}` is now optional", q.location, q.name);
            schemas.report(
                checks::PARAMETER_BECAME_OPTIONAL,
                Side::New,
                q.at.clone(),
                message,
                place(),
                Some(Direction::Request),
            );
        }
        if let (Some(a), Some(b)) = (p.at.get("schema"), q.at.get("schema")) {
            schemas.compare(a, b, Direction::Request, &place());
        }
    }
    for q in after.iter().filter(|q| {
        !before
            .iter()
            .any(|p| p.key == q.key || (p.name == q.name && p.location != q.location))
    }) {
        let place = Place::Parameter(q.location.clone(), q.name.clone(), Vec::new());
        let (check, kind) = if q.required {
            (checks::PARAMETER_ADDED_REQUIRED, "required")
        } else {
            (checks::PARAMETER_ADDED, "optional")
        };
        let message = format!("new {kind} {} parameter `{}`", q.location, q.name);
        schemas.report(
            check,
            Side::New,
            q.at.clone(),
            message,
            place,
            Some(Direction::Request),
        );
    }
}

fn body<'d>(revisions: Revisions<'d>, old: &Op<'d>, new: &Op<'d>, schemas: &mut Schemas<'_, 'd>) {
    let before = old.at.get("requestBody").map(|b| b.follow(revisions.old));
    let after = new.at.get("requestBody").map(|b| b.follow(revisions.new));
    let required = |b: &At<'_>| b.node.get("required").and_then(Node::as_bool) == Some(true);
    let place = || Place::Body(Vec::new());
    let dir = Some(Direction::Request);
    let (before, after) = match (before, after) {
        (None, None) => return,
        (Some(b), None) => {
            schemas.report(
                checks::BODY_REMOVED,
                Side::Old,
                b,
                "the request body is gone".into(),
                place(),
                dir,
            );
            return;
        }
        (None, Some(a)) => {
            let check = if required(&a) {
                checks::BODY_ADDED_REQUIRED
            } else {
                checks::BODY_ADDED
            };
            schemas.report(
                check,
                Side::New,
                a,
                "a new request body".into(),
                place(),
                dir,
            );
            return;
        }
        (Some(b), Some(a)) => (b, a),
    };
    if !required(&before) && required(&after) {
        schemas.report(
            checks::BODY_BECAME_REQUIRED,
            Side::New,
            after.clone(),
            "the request body is now required".into(),
            place(),
            dir,
        );
    } else if required(&before) && !required(&after) {
        schemas.report(
            checks::BODY_BECAME_OPTIONAL,
            Side::New,
            after.clone(),
            "the request body is now optional".into(),
            place(),
            dir,
        );
    }
    media(
        schemas,
        (&before, &after),
        Direction::Request,
        place(),
        (checks::REQUEST_MEDIA_REMOVED, checks::REQUEST_MEDIA_ADDED),
    );
}

/// The media types of two `content` holders compared, and the schemas of those in both.
fn media<'d>(
    schemas: &mut Schemas<'_, 'd>,
    (before, after): (&At<'d>, &At<'d>),
    direction: Direction,
    place: Place,
    (removed, added): (Check, Check),
) {
    let types = |at: &At<'d>| -> Vec<String> {
        at.node
            .get("content")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|(k, _)| k.name.clone())
            .collect()
    };
    let (old_types, new_types) = (types(before), types(after));
    let content = |at: &At<'d>, media: &str| at.get("content").and_then(|c| c.get(media));
    for media in &old_types {
        match (content(before, media), content(after, media)) {
            (Some(a), Some(b)) => {
                if let (Some(a), Some(b)) = (a.get("schema"), b.get("schema")) {
                    schemas.compare(a, b, direction, &place);
                }
            }
            (Some(a), None) => {
                let message = format!("media type `{media}` is gone");
                schemas.report(
                    removed,
                    Side::Old,
                    a,
                    message,
                    place.clone(),
                    Some(direction),
                );
            }
            _ => {}
        }
    }
    for media in new_types.iter().filter(|m| !old_types.contains(m)) {
        if let Some(b) = content(after, media) {
            let message = format!("new media type `{media}`");
            schemas.report(added, Side::New, b, message, place.clone(), Some(direction));
        }
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn responses<'d>(
    revisions: Revisions<'d>,
    old: &Op<'d>,
    new: &Op<'d>,
    schemas: &mut Schemas<'_, 'd>,
) {
    let statuses = |op: &Op<'d>| -> Vec<String> {
        op.at
            .node
            .get("responses")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|(k, _)| k.name.clone())
            .collect()
    };
    let (before, after) = (statuses(old), statuses(new));
    let response = |revision: &'d DocSet, op: &Op<'d>, status: &str| {
        op.at
            .get("responses")
            .and_then(|r| r.get(status))
            .map(|r| r.follow(revision))
    };
    for status in &before {
        let place = Place::Response(status.clone(), Vec::new());
        let Some(a) = response(revisions.old, old, status) else {
            continue;
        };
        match response(revisions.new, new, status) {
            Some(b) => media(
                schemas,
                (&a, &b),
                Direction::Response,
                place,
                (checks::RESPONSE_MEDIA_REMOVED, checks::RESPONSE_MEDIA_ADDED),
            ),
            None => {
                let check = if is_success(status) {
                    checks::SUCCESS_STATUS_REMOVED
                } else {
                    checks::ERROR_STATUS_REMOVED
                };
                let message = format!("response `{status}` is gone");
                schemas.report(
                    check,
                    Side::Old,
                    a,
                    message,
                    place,
                    Some(Direction::Response),
                );
            }
        }
    }
    for status in after.iter().filter(|s| !before.contains(s)) {
        if let Some(b) = response(revisions.new, new, status) {
            let check = if is_success(status) {
                checks::SUCCESS_STATUS_ADDED
            } else {
                checks::ERROR_STATUS_ADDED
            };
            let place = Place::Response(status.clone(), Vec::new());
            schemas.report(
                check,
                Side::New,
                b,
                format!("new response `{status}`"),
                place,
                Some(Direction::Response),
            );
        }
    }
}

/// The alternatives of an operation's effective security: each a set of scheme names
/// (empty: no credentials needed). No `security` at all: no credentials needed.
fn security_of<'d>(op: &Op<'d>) -> (BTreeSet<BTreeSet<String>>, At<'d>) {
    let at = op.at.get("security").or_else(|| op.root.get("security"));
    let Some(at) = at else {
        return (BTreeSet::from([BTreeSet::new()]), op.at.clone());
    };
    let alternatives = at
        .node
        .as_seq()
        .unwrap_or(&[])
        .iter()
        .map(|r| {
            r.as_map()
                .unwrap_or(&[])
                .iter()
                .map(|(k, _)| k.name.clone())
                .collect()
        })
        .collect::<BTreeSet<BTreeSet<String>>>();
    let alternatives = if alternatives.is_empty() {
        BTreeSet::from([BTreeSet::new()])
    } else {
        alternatives
    };
    (alternatives, at)
}

fn security<'d>(_: Revisions<'d>, old: &Op<'d>, new: &Op<'d>, out: &mut Vec<Found<'d>>) {
    let (before, _) = security_of(old);
    let (after, at) = security_of(new);
    let show = |set: &BTreeSet<String>| {
        if set.is_empty() {
            "no credentials".to_owned()
        } else {
            set.iter().cloned().collect::<Vec<_>>().join(" + ")
        }
    };
    let lost: Vec<String> = before.difference(&after).map(show).collect();
    let gained: Vec<String> = after.difference(&before).map(show).collect();
    let found = |check, message| Found {
        check,
        side: Side::New,
        at: at.clone(),
        message,
        place: Place::Operation,
        direction: None,
    };
    if !lost.is_empty() {
        out.push(found(
            checks::SECURITY_ADDED,
            format!("no longer accepts {}", lost.join(", or ")),
        ));
    } else if !gained.is_empty() {
        out.push(found(
            checks::SECURITY_REMOVED,
            format!("now also accepts {}", gained.join(", or ")),
        ));
    }
}

/// The URLs of the servers an operation is reached at (its own, its path's or the document's).
fn servers_of<'d>(op: &Op<'d>) -> Option<(BTreeSet<String>, At<'d>)> {
    let at = op
        .at
        .get("servers")
        .or_else(|| op.item.get("servers"))
        .or_else(|| op.root.get("servers"))?;
    let urls = at
        .node
        .as_seq()
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| s.get("url").and_then(Node::as_str).map(str::to_owned))
        .collect();
    Some((urls, at))
}

fn servers<'d>(old: &Op<'d>, new: &Op<'d>, out: &mut Vec<Found<'d>>) {
    let before = servers_of(old).map(|(urls, _)| urls).unwrap_or_default();
    let (after, at) = servers_of(new).unwrap_or_else(|| (BTreeSet::new(), new.at.clone()));
    let gone: Vec<String> = before
        .difference(&after)
        .map(|u| format!("`{u}`"))
        .collect();
    if !gone.is_empty() {
        out.push(Found {
            check: checks::SERVERS_CHANGED,
            side: Side::New,
            at,
            message: format!("no longer served at {}", gone.join(", ")),
            place: Place::Operation,
            direction: None,
        });
    }
}

/// Where each operation of `docs` is, by key.
pub(crate) fn locations(docs: &DocSet) -> BTreeMap<OpKey, At<'_>> {
    index(docs)
        .into_iter()
        .map(|(key, op)| (key, op.at))
        .collect()
}
