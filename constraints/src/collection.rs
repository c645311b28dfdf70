//! `minItems`, `maxItems`, `uniqueItems`, `contains`, `minProperties` and `maxProperties`.

use serde_json::Value as Json;

use crate::Sink;

/// `minItems` and `maxItems` of an array of `count` items.
pub fn check_items(sink: &mut dyn Sink, count: usize, min: Option<u64>, max: Option<u64>) {
    let count = count as u64;
    if let Some(min) = min.filter(|&min| count < min) {
        sink.push(
            "minItems",
            format!("{count} items, at least {min} required"),
        );
    }
    if let Some(max) = max.filter(|&max| count > max) {
        sink.push("maxItems", format!("{count} items, at most {max} allowed"));
    }
}

/// `contains` with `minContains` (1 unless given) and `maxContains`: `matching` items of the
/// array match the `contains` schema.
pub fn check_contains(sink: &mut dyn Sink, matching: usize, min: Option<u64>, max: Option<u64>) {
    let matching = matching as u64;
    match min {
        None if matching == 0 => sink.push(
            "contains",
            "no item matches the `contains` schema".to_owned(),
        ),
        Some(min) if matching < min => sink.push(
            "minContains",
            format!("{matching} items match the `contains` schema, at least {min} required"),
        ),
        _ => {}
    }
    if let Some(max) = max.filter(|&max| matching > max) {
        sink.push(
            "maxContains",
            format!("{matching} items match the `contains` schema, at most {max} allowed"),
        );
    }
}

/// `uniqueItems`: the first two equal items, if any (see [`first_duplicate`]).
pub fn check_unique(sink: &mut dyn Sink, duplicate: Option<(usize, usize)>) {
    if let Some((i, j)) = duplicate {
        sink.push("uniqueItems", format!("items {i} and {j} are equal"));
    }
}

/// The indices of the first two items `equal` says are the same.
pub fn first_duplicate<T>(items: &[T], equal: impl Fn(&T, &T) -> bool) -> Option<(usize, usize)> {
    items.iter().enumerate().find_map(|(i, a)| {
        items[i + 1..]
            .iter()
            .position(|b| equal(a, b))
            .map(|offset| (i, i + 1 + offset))
    })
}

/// Equality as JSON Schema means it: numbers by value (`1` equals `1.0`), arrays item by
/// item, objects by their entries whatever their order.
pub fn json_equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// `minProperties` and `maxProperties` of an object of `count` entries.
pub fn check_properties(sink: &mut dyn Sink, count: usize, min: Option<u64>, max: Option<u64>) {
    let count = count as u64;
    if let Some(min) = min.filter(|&min| count < min) {
        sink.push(
            "minProperties",
            format!("{count} properties, at least {min} required"),
        );
    }
    if let Some(max) = max.filter(|&max| count > max) {
        sink.push(
            "maxProperties",
            format!("{count} properties, at most {max} allowed"),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn duplicates_are_found_as_json_compares() {
        let items = [json!(1), json!({"a": [1.0]}), json!(2), json!({"a": [1]})];
        assert_eq!(first_duplicate(&items, json_equal), Some((1, 3)));
        assert_eq!(first_duplicate(&[1, 2, 3], |a, b| a == b), None);
        assert_eq!(first_duplicate(&[1, 2, 1, 2], |a, b| a == b), Some((0, 2)));
        let mut found = Vec::new();
        check_unique(
            &mut |k: &'static str, m: String| found.push((k, m)),
            Some((0, 2)),
        );
        assert_eq!(
            found,
            [("uniqueItems", "items 0 and 2 are equal".to_owned())]
        );
    }

    #[test]
    fn counts_of_items_and_properties() {
        let mut found = Vec::new();
        let mut sink = |k: &'static str, m: String| found.push(format!("{m} ({k})"));
        check_items(&mut sink, 0, Some(1), Some(20));
        check_items(&mut sink, 21, Some(1), Some(20));
        check_properties(&mut sink, 3, None, Some(2));
        assert_eq!(
            found,
            [
                "0 items, at least 1 required (minItems)",
                "21 items, at most 20 allowed (maxItems)",
                "3 properties, at most 2 allowed (maxProperties)",
            ]
        );
    }
}
