//! `minimum`, `maximum` (exclusive or not) and `multipleOf`.

use crate::Sink;

/// The numeric constraints of one schema; `static` in generated code.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NumberRules {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `exclusiveMinimum` (OpenAPI 3.0: a flag on `minimum`).
    pub exclusive_minimum: bool,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMaximum` (OpenAPI 3.0: a flag on `maximum`).
    pub exclusive_maximum: bool,
    /// `multipleOf` (above 0; the generator refuses anything else).
    pub multiple_of: Option<f64>,
}

/// Checks a number (an integer through its `f64` value, exact below 2^53).
pub fn check_number(sink: &mut dyn Sink, value: f64, rules: &NumberRules) {
    if let Some(min) = rules.minimum {
        if rules.exclusive_minimum && value <= min {
            sink.push(
                "exclusiveMinimum",
                format!("{value} is not greater than {min}"),
            );
        } else if value < min {
            sink.push("minimum", format!("{value} is less than the minimum {min}"));
        }
    }
    if let Some(max) = rules.maximum {
        if rules.exclusive_maximum && value >= max {
            sink.push(
                "exclusiveMaximum",
                format!("{value} is not less than {max}"),
            );
        } else if value > max {
            sink.push(
                "maximum",
                format!("{value} is greater than the maximum {max}"),
            );
        }
    }
    if let Some(step) = rules.multiple_of {
        let q = value / step;
        if step > 0.0 && (q - q.round()).abs() > 1e-9 {
            sink.push("multipleOf", format!("{value} is not a multiple of {step}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(value: f64, rules: NumberRules) -> Vec<String> {
        let mut found = Vec::new();
        check_number(
            &mut |k: &'static str, m: String| found.push(format!("{m} ({k})")),
            value,
            &rules,
        );
        found
    }

    #[test]
    fn bounds_inclusive_and_exclusive() {
        let inclusive = NumberRules {
            minimum: Some(1.0),
            maximum: Some(100.0),
            ..NumberRules::default()
        };
        assert!(run(1.0, inclusive).is_empty());
        assert!(run(100.0, inclusive).is_empty());
        assert_eq!(
            run(0.0, inclusive),
            ["0 is less than the minimum 1 (minimum)"]
        );
        assert_eq!(
            run(100.5, inclusive),
            ["100.5 is greater than the maximum 100 (maximum)"]
        );
        let exclusive = NumberRules {
            exclusive_minimum: true,
            exclusive_maximum: true,
            ..inclusive
        };
        assert_eq!(
            run(1.0, exclusive),
            ["1 is not greater than 1 (exclusiveMinimum)"]
        );
        assert_eq!(
            run(100.0, exclusive),
            ["100 is not less than 100 (exclusiveMaximum)"]
        );
    }

    #[test]
    fn multiples_allow_for_floating_point() {
        let cents = NumberRules {
            multiple_of: Some(0.01),
            ..NumberRules::default()
        };
        assert!(run(19.99, cents).is_empty());
        assert_eq!(
            run(0.015, cents),
            ["0.015 is not a multiple of 0.01 (multipleOf)"]
        );
    }
}
