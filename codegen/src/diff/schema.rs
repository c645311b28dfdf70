//! Two schemas compared in the direction their values travel: in a request, what allows
//! less than before breaks clients; in a response, what allows more may. References are
//! followed on both sides and `allOf` members merged, so how a schema is spelled does not
//! matter, only what it allows.

use std::collections::HashSet;

use serde_json::Value as Json;

use super::checks::{self, Check};
use super::{At, Direction, Found, Place, Revisions, Side};
use crate::base::schema::{self, Bound};
use crate::load::node::Node;

/// Recursion through nested schemas stops here; deeper changes are not reported.
const MAX_DEPTH: usize = 64;

/// The comparison of an operation's schemas, reporting into its findings.
pub(crate) struct Schemas<'a, 'd> {
    revisions: Revisions<'d>,
    out: &'a mut Vec<Found<'d>>,
    /// (old schema, new schema, direction) pairs already compared for this operation.
    seen: HashSet<(usize, usize, Direction)>,
}

/// Whether a change allows more or less than before.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    Narrowed,
    Widened,
}

fn node_id(node: &Node) -> usize {
    node as *const Node as usize
}

fn with_path(place: &Place, path: &[String]) -> Place {
    let joined = |base: &[String]| base.iter().chain(path).cloned().collect();
    match place {
        Place::Operation => Place::Operation,
        Place::Parameter(location, name, base) => {
            Place::Parameter(location.clone(), name.clone(), joined(base))
        }
        Place::Body(base) => Place::Body(joined(base)),
        Place::Response(status, base) => Place::Response(status.clone(), joined(base)),
    }
}

/// `allOf` members merged into one view: properties, `required` and the keywords of each.
struct Merged<'d> {
    /// The schema itself, then each `allOf` member (references followed), depth first.
    parts: Vec<At<'d>>,
}

impl<'d> Merged<'d> {
    fn of(at: At<'d>, revision: &'d crate::load::DocSet) -> Merged<'d> {
        let mut parts = Vec::new();
        let mut stack = vec![at.follow(revision)];
        while let Some(part) = stack.pop() {
            if parts.len() > MAX_DEPTH {
                break;
            }
            if let Some(members) = part.get("allOf") {
                for i in (0..members.node.as_seq().map_or(0, <[Node]>::len)).rev() {
                    if let Some(member) = members.item(i) {
                        stack.push(member.follow(revision));
                    }
                }
            }
            parts.push(part);
        }
        Merged { parts }
    }

    /// The first part holding `key`, with that keyword's node.
    fn keyword(&self, key: &str) -> Option<At<'d>> {
        self.parts.iter().find_map(|p| p.get(key))
    }

    /// Every property, by name, from every part (the first definition of a name).
    fn properties(&self) -> Vec<(String, At<'d>)> {
        let mut out: Vec<(String, At<'d>)> = Vec::new();
        for part in &self.parts {
            let Some(properties) = part.get("properties") else {
                continue;
            };
            for (key, _) in properties.node.as_map().unwrap_or(&[]) {
                if !out.iter().any(|(n, _)| *n == key.name) {
                    if let Some(at) = properties.get(&key.name) {
                        out.push((key.name.clone(), at));
                    }
                }
            }
        }
        out
    }

    fn required(&self) -> HashSet<String> {
        self.parts
            .iter()
            .filter_map(|p| p.node.get("required").and_then(Node::as_seq))
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect()
    }

    fn flag(&self, key: &str) -> bool {
        self.keyword(key).and_then(|k| k.node.as_bool()) == Some(true)
    }

    fn number(&self, key: &str) -> Option<f64> {
        self.keyword(key).and_then(|k| k.node.as_f64())
    }

    fn text(&self, key: &str) -> Option<&'d str> {
        self.keyword(key).and_then(|k| k.node.as_str())
    }

    /// The types `type` names, `null` apart, as one text (`string`, or 3.1's `string or
    /// integer`): what a changed `type` compares.
    fn type_text(&self) -> Option<String> {
        let part = self.parts.iter().find(|p| p.node.get("type").is_some())?;
        // `[string, integer]` and `[integer, string]` are one type list.
        let types = schema::types(part.node);
        let mut names = types.names().to_vec();
        names.sort_unstable();
        let names = names.join(" or ");
        (!names.is_empty()).then_some(names)
    }

    /// Whether `null` is allowed: 3.0's `nullable` or 3.1's `"null"` type.
    fn null(&self) -> bool {
        self.parts.iter().any(|p| schema::types(p.node).null())
    }

    /// The lower (or upper) bound, whichever way it is spelt, from the first part with one.
    fn bound(&self, upper: bool) -> Option<Bound> {
        self.parts.iter().find_map(|p| match upper {
            true => schema::upper_bound(p.node),
            false => schema::lower_bound(p.node),
        })
    }

    /// The schema's own node (for locating what is reported about it as a whole).
    fn at(&self) -> At<'d> {
        self.parts[0].clone()
    }
}

/// Whether a property travels in `direction` (`readOnly` ones are never sent, `writeOnly`
/// ones never received).
fn travels(property: &Merged<'_>, direction: Direction) -> bool {
    match direction {
        Direction::Request => !property.flag("readOnly"),
        Direction::Response => !property.flag("writeOnly"),
    }
}

impl<'a, 'd> Schemas<'a, 'd> {
    pub fn new(revisions: Revisions<'d>, out: &'a mut Vec<Found<'d>>) -> Self {
        Schemas {
            revisions,
            out,
            seen: HashSet::new(),
        }
    }

    /// Records a finding.
    pub fn report(
        &mut self,
        check: Check,
        side: Side,
        at: At<'d>,
        message: String,
        place: Place,
        direction: Option<Direction>,
    ) {
        self.out.push(Found {
            check,
            side,
            at,
            message,
            place,
            direction,
        });
    }

    /// Compares the schema `old` with `new` for values travelling `direction`, at `place`.
    pub fn compare(&mut self, old: At<'d>, new: At<'d>, direction: Direction, place: &Place) {
        self.compare_at(old, new, direction, place, &mut Vec::new());
    }

    fn compare_at(
        &mut self,
        old: At<'d>,
        new: At<'d>,
        direction: Direction,
        place: &Place,
        path: &mut Vec<String>,
    ) {
        let old = Merged::of(old, self.revisions.old);
        let new = Merged::of(new, self.revisions.new);
        let pair = (node_id(old.at().node), node_id(new.at().node), direction);
        if path.len() > MAX_DEPTH || !self.seen.insert(pair) {
            return;
        }
        let here = with_path(place, path);
        if self.types(&old, &new, direction, &here) {
            return;
        }
        self.nullable(&old, &new, direction, &here);
        self.bounds(&old, &new, direction, &here);
        self.enums(&old, &new, direction, &here);
        self.properties(&old, &new, direction, place, path);
        for (keyword, token) in [("items", "[]"), ("additionalProperties", "*")] {
            if let (Some(a), Some(b)) = (old.keyword(keyword), new.keyword(keyword)) {
                if a.node.as_map().is_some() && b.node.as_map().is_some() {
                    path.push(token.to_owned());
                    self.compare_at(a, b, direction, place, path);
                    path.pop();
                }
            }
        }
        self.members(&old, &new, direction, place, path);
    }

    /// Reports a changed `type`; true when the rest cannot be compared.
    fn types(
        &mut self,
        old: &Merged<'d>,
        new: &Merged<'d>,
        direction: Direction,
        here: &Place,
    ) -> bool {
        match (old.type_text(), new.type_text()) {
            (Some(a), Some(b)) if a != b => {
                let at = new.keyword("type").unwrap_or_else(|| new.at());
                let message = format!("type `{a}` is now `{b}`");
                self.report(
                    checks::TYPE_CHANGED,
                    Side::New,
                    at,
                    message,
                    here.clone(),
                    Some(direction),
                );
                true
            }
            (None, Some(b)) => {
                let at = new.keyword("type").unwrap_or_else(|| new.at());
                self.way(
                    Way::Narrowed,
                    direction,
                    Side::New,
                    at,
                    format!("type `{b}` added"),
                    here,
                );
                false
            }
            (Some(a), None) => {
                let at = new.at();
                self.way(
                    Way::Widened,
                    direction,
                    Side::New,
                    at,
                    format!("type `{a}` removed"),
                    here,
                );
                false
            }
            _ => false,
        }
    }

    /// Reports a constraint that allows more or less, classified by direction.
    fn way(
        &mut self,
        way: Way,
        direction: Direction,
        side: Side,
        at: At<'d>,
        message: String,
        here: &Place,
    ) {
        let check = match (direction, way) {
            (Direction::Request, Way::Narrowed) => checks::REQUEST_NARROWED,
            (Direction::Request, Way::Widened) => checks::REQUEST_WIDENED,
            (Direction::Response, Way::Widened) => checks::RESPONSE_WIDENED,
            (Direction::Response, Way::Narrowed) => checks::RESPONSE_NARROWED,
        };
        self.report(check, side, at, message, here.clone(), Some(direction));
    }

    fn nullable(&mut self, old: &Merged<'d>, new: &Merged<'d>, direction: Direction, here: &Place) {
        let (a, b) = (old.null(), new.null());
        if a == b {
            return;
        }
        let at = new
            .keyword("nullable")
            // 3.1 writes `null` among the types.
            .or_else(|| new.keyword("type").filter(|t| t.node.as_seq().is_some()))
            .unwrap_or_else(|| new.at());
        let check = match (direction, b) {
            (Direction::Request, false) => checks::REQUEST_NULLABLE_REMOVED,
            (Direction::Request, true) => checks::REQUEST_NULLABLE_ADDED,
            (Direction::Response, true) => checks::RESPONSE_NULLABLE_ADDED,
            (Direction::Response, false) => checks::RESPONSE_NULLABLE_REMOVED,
        };
        let message = if b {
            "may now be null"
        } else {
            "may no longer be null"
        };
        self.report(
            check,
            Side::New,
            at,
            message.into(),
            here.clone(),
            Some(direction),
        );
    }

    /// Lengths, counts, bounds, `multipleOf`, `uniqueItems` and `pattern`.
    fn bounds(&mut self, old: &Merged<'d>, new: &Merged<'d>, direction: Direction, here: &Place) {
        // (keyword, whether a higher value allows more)
        const LIMITS: [(&str, bool); 6] = [
            ("maxLength", true),
            ("minLength", false),
            ("maxItems", true),
            ("minItems", false),
            ("maxProperties", true),
            ("minProperties", false),
        ];
        for (keyword, higher_allows_more) in LIMITS {
            let (a, b) = (old.number(keyword), new.number(keyword));
            let way = match (a, b) {
                (Some(a), Some(b)) if a == b => continue,
                (Some(a), Some(b)) => {
                    if (b > a) == higher_allows_more {
                        Way::Widened
                    } else {
                        Way::Narrowed
                    }
                }
                (None, Some(_)) => Way::Narrowed,
                (Some(_), None) => Way::Widened,
                (None, None) => continue,
            };
            let shown = |v: Option<f64>| v.map_or("none".to_owned(), |v| v.to_string());
            let message = format!("{keyword} {} is now {}", shown(a), shown(b));
            let at = new.keyword(keyword).unwrap_or_else(|| new.at());
            self.way(way, direction, Side::New, at, message, here);
        }
        self.numeric_bounds(old, new, direction, here);
        let (a, b) = (old.flag("uniqueItems"), new.flag("uniqueItems"));
        if a != b {
            let way = if b { Way::Narrowed } else { Way::Widened };
            let at = new.keyword("uniqueItems").unwrap_or_else(|| new.at());
            let message = format!("uniqueItems is now {b}");
            self.way(way, direction, Side::New, at, message, here);
        }
        let (a, b) = (old.number("multipleOf"), new.number("multipleOf"));
        if a != b {
            // A new step allows less unless it divides the old one.
            let way = match (a, b) {
                (Some(a), Some(b)) if (a / b).fract() == 0.0 => Way::Widened,
                (_, None) => Way::Widened,
                _ => Way::Narrowed,
            };
            let at = new.keyword("multipleOf").unwrap_or_else(|| new.at());
            let shown = |v: Option<f64>| v.map_or("none".to_owned(), |v| v.to_string());
            let message = format!("multipleOf {} is now {}", shown(a), shown(b));
            self.way(way, direction, Side::New, at, message, here);
        }
        let (a, b) = (old.text("pattern"), new.text("pattern"));
        if a != b {
            let way = if b.is_some() {
                Way::Narrowed
            } else {
                Way::Widened
            };
            let at = new.keyword("pattern").unwrap_or_else(|| new.at());
            let message = match (a, b) {
                (None, Some(b)) => format!("pattern `{b}` added"),
                (Some(a), None) => format!("pattern `{a}` removed"),
                (a, b) => format!("pattern `{}` is now `{}`", a.unwrap_or(""), b.unwrap_or("")),
            };
            self.way(way, direction, Side::New, at, message, here);
        }
    }

    /// `minimum`/`maximum`, with 3.0's boolean and 3.1's numeric exclusive bounds read as one.
    fn numeric_bounds(
        &mut self,
        old: &Merged<'d>,
        new: &Merged<'d>,
        direction: Direction,
        here: &Place,
    ) {
        for (upper, keyword) in [(true, "maximum"), (false, "minimum")] {
            let (a, b) = (old.bound(upper), new.bound(upper));
            let way = match (a, b) {
                (Some(a), Some(b)) if a == b => continue,
                (Some(a), Some(b)) => {
                    // Further out, or as far and no longer exclusive, allows more.
                    let further = if upper {
                        b.value > a.value
                    } else {
                        b.value < a.value
                    };
                    if further || (a.value == b.value && a.exclusive && !b.exclusive) {
                        Way::Widened
                    } else {
                        Way::Narrowed
                    }
                }
                (None, Some(_)) => Way::Narrowed,
                (Some(_), None) => Way::Widened,
                (None, None) => continue,
            };
            let exclusive = if upper {
                "exclusiveMaximum"
            } else {
                "exclusiveMinimum"
            };
            let shown = |v: Option<Bound>| match v {
                None => "none".to_owned(),
                Some(Bound {
                    value,
                    exclusive: true,
                }) => format!("{value} (exclusive)"),
                Some(Bound { value, .. }) => value.to_string(),
            };
            let message = format!("{keyword} {} is now {}", shown(a), shown(b));
            let at = new
                .keyword(keyword)
                .or_else(|| new.keyword(exclusive))
                .unwrap_or_else(|| new.at());
            self.way(way, direction, Side::New, at, message, here);
        }
    }

    fn enums(&mut self, old: &Merged<'d>, new: &Merged<'d>, direction: Direction, here: &Place) {
        let values = |m: &Merged<'d>| -> Option<Vec<Json>> {
            // 3.1's `const` is an enum of one.
            let part = m.parts.iter().find_map(|p| schema::enum_values(p.node))?;
            Some(part.iter().map(Node::to_json).collect())
        };
        let (a, b) = (values(old), values(new));
        let at = new.keyword("enum").unwrap_or_else(|| new.at());
        match (a, b) {
            (None, None) => {}
            (None, Some(_)) => self.way(
                Way::Narrowed,
                direction,
                Side::New,
                at,
                "enum added".into(),
                here,
            ),
            (Some(_), None) => {
                let at = new.at();
                self.way(
                    Way::Widened,
                    direction,
                    Side::New,
                    at,
                    "enum removed".into(),
                    here,
                )
            }
            (Some(a), Some(b)) => {
                let removed: Vec<String> = a
                    .iter()
                    .filter(|v| !b.contains(v))
                    .map(Json::to_string)
                    .collect();
                let added: Vec<String> = b
                    .iter()
                    .filter(|v| !a.contains(v))
                    .map(Json::to_string)
                    .collect();
                let (on_removed, on_added) = match direction {
                    Direction::Request => (
                        checks::REQUEST_ENUM_VALUE_REMOVED,
                        checks::REQUEST_ENUM_VALUE_ADDED,
                    ),
                    Direction::Response => (
                        checks::RESPONSE_ENUM_VALUE_REMOVED,
                        checks::RESPONSE_ENUM_VALUE_ADDED,
                    ),
                };
                if !removed.is_empty() {
                    let message = format!("enum value(s) {} removed", removed.join(", "));
                    self.report(
                        on_removed,
                        Side::New,
                        at.clone(),
                        message,
                        here.clone(),
                        Some(direction),
                    );
                }
                if !added.is_empty() {
                    let message = format!("enum value(s) {} added", added.join(", "));
                    self.report(
                        on_added,
                        Side::New,
                        at,
                        message,
                        here.clone(),
                        Some(direction),
                    );
                }
            }
        }
    }

    fn properties(
        &mut self,
        old: &Merged<'d>,
        new: &Merged<'d>,
        direction: Direction,
        place: &Place,
        path: &mut Vec<String>,
    ) {
        let here = with_path(place, path);
        let closed = |m: &Merged<'d>| {
            m.keyword("additionalProperties")
                .and_then(|a| a.node.as_bool())
                == Some(false)
        };
        if direction == Direction::Request && !closed(old) && closed(new) {
            let at = new
                .keyword("additionalProperties")
                .unwrap_or_else(|| new.at());
            let message = "properties it does not define are no longer allowed".to_owned();
            self.report(
                checks::REQUEST_CLOSED,
                Side::New,
                at,
                message,
                here.clone(),
                Some(direction),
            );
        }
        let (old_props, new_props) = (old.properties(), new.properties());
        let (old_required, new_required) = (old.required(), new.required());
        let view = |at: &At<'d>, side: Side| match side {
            Side::Old => Merged::of(at.clone(), self.revisions.old),
            Side::New => Merged::of(at.clone(), self.revisions.new),
        };
        for (name, a) in &old_props {
            if !travels(&view(a, Side::Old), direction) {
                continue;
            }
            let Some((_, b)) = new_props.iter().find(|(n, _)| n == name) else {
                let check = match direction {
                    Direction::Request => checks::REQUEST_PROPERTY_REMOVED,
                    Direction::Response => checks::RESPONSE_PROPERTY_REMOVED,
                };
                let message = format!("property `{name}` is gone");
                self.report(
                    check,
                    Side::Old,
                    a.clone(),
                    message,
                    here.clone(),
                    Some(direction),
                );
                continue;
            };
            let (was, is) = (old_required.contains(name), new_required.contains(name));
            let flip = match (direction, was, is) {
                (Direction::Request, false, true) => {
                    Some((checks::REQUEST_PROPERTY_BECAME_REQUIRED, "required"))
                }
                (Direction::Request, true, false) => {
                    Some((checks::REQUEST_PROPERTY_BECAME_OPTIONAL, "optional"))
                }
                (Direction::Response, true, false) => {
                    Some((checks::RESPONSE_PROPERTY_BECAME_OPTIONAL, "optional"))
                }
                (Direction::Response, false, true) => {
                    Some((checks::RESPONSE_PROPERTY_BECAME_REQUIRED, "required"))
                }
                _ => None,
            };
            if let Some((check, now)) = flip {
                let message = format!("property `{name}` is now {now}");
                self.report(
                    check,
                    Side::New,
                    b.clone(),
                    message,
                    here.clone(),
                    Some(direction),
                );
            }
            path.push(name.clone());
            self.compare_at(a.clone(), b.clone(), direction, place, path);
            path.pop();
        }
        for (name, b) in &new_props {
            if old_props.iter().any(|(n, _)| n == name) || !travels(&view(b, Side::New), direction)
            {
                continue;
            }
            let required = new_required.contains(name);
            let check = match (direction, required) {
                (Direction::Request, true) => checks::REQUEST_PROPERTY_ADDED_REQUIRED,
                (Direction::Request, false) => checks::REQUEST_PROPERTY_ADDED,
                (Direction::Response, _) => checks::RESPONSE_PROPERTY_ADDED,
            };
            let kind = if required { "required" } else { "optional" };
            let message = format!("new {kind} property `{name}`");
            self.report(
                check,
                Side::New,
                b.clone(),
                message,
                here.clone(),
                Some(direction),
            );
        }
    }

    /// `oneOf`/`anyOf` members, compared by position.
    fn members(
        &mut self,
        old: &Merged<'d>,
        new: &Merged<'d>,
        direction: Direction,
        place: &Place,
        path: &mut Vec<String>,
    ) {
        for keyword in ["oneOf", "anyOf"] {
            let count = |m: &Merged<'d>| {
                m.keyword(keyword)
                    .and_then(|k| k.node.as_seq().map(<[Node]>::len))
            };
            let (Some(a), Some(b)) = (old.keyword(keyword), new.keyword(keyword)) else {
                continue;
            };
            let (n, m) = (count(old).unwrap_or(0), count(new).unwrap_or(0));
            for i in 0..n.min(m) {
                if let (Some(x), Some(y)) = (a.item(i), b.item(i)) {
                    self.compare_at(x, y, direction, place, path);
                }
            }
            if n == m {
                continue;
            }
            let check = match (direction, m > n) {
                (Direction::Request, true) => checks::REQUEST_MEMBER_ADDED,
                (Direction::Request, false) => checks::REQUEST_MEMBER_REMOVED,
                (Direction::Response, true) => checks::RESPONSE_MEMBER_ADDED,
                (Direction::Response, false) => checks::RESPONSE_MEMBER_REMOVED,
            };
            let message = format!("{keyword} has {m} member(s), had {n}");
            self.report(
                check,
                Side::New,
                b,
                message,
                with_path(place, path),
                Some(direction),
            );
        }
    }
}
