//! Types generated from OpenAPI 3.1 schemas (`tests/generate/openapi31.yaml`) as a user meets
//! them: a `const` is a fixed value only that value decodes into, so a union without a
//! discriminator still tells its members apart by it; bounds beside a `$ref` to a plain
//! string are checked with the target's.
#![deny(warnings)]

#[allow(deprecated)]
pub mod shelter {
    include!("generate/openapi31.rs");
}

use hwcloud::validation::{Validate, Violations};
use shelter::types::{Cat, CatKind, Dog, DogKind, Sighting};

fn violations_of(value: &impl Validate) -> Vec<String> {
    let mut out = Violations::new();
    value.validate_at("", &mut out);
    match out.into_result() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations.iter().map(|v| v.to_string()).collect(),
    }
}

#[test]
fn a_union_without_discriminator_decodes_the_member_whose_const_matches() {
    let dog: Sighting = serde_json::from_str(r#"{"kind": "Dog", "name": "Rex"}"#).expect("a dog");
    assert_eq!(
        dog,
        Sighting::Dog(Dog {
            kind: DogKind::Dog,
            name: "Rex".into(),
            tricks: None,
        })
    );
    let cat: Sighting = serde_json::from_str(r#"{"kind": "Cat", "name": "Tom"}"#).expect("a cat");
    assert!(
        matches!(cat, Sighting::Cat(Cat { ref name, .. }) if name == "Tom"),
        "{cat:?}"
    );
    // A kind neither member has is no member's.
    let bird = serde_json::from_str::<Sighting>(r#"{"kind": "Bird", "name": "Tweety"}"#);
    assert!(bird.is_err(), "{bird:?}");
}

#[test]
fn a_const_sends_its_value_and_refuses_any_other() {
    assert_eq!(
        serde_json::to_string(&CatKind::Cat).expect("json"),
        r#""Cat""#
    );
    assert_eq!(CatKind::VALUE, "Cat");
    assert_eq!(CatKind::default(), CatKind::Cat);
    let wrong = serde_json::from_str::<CatKind>(r#""Dog""#).expect_err("not the constant");
    assert!(
        wrong
            .to_string()
            .contains(r#"expected the constant "Cat", found "Dog""#),
        "{wrong}"
    );
}

#[test]
fn bounds_beside_a_ref_to_a_plain_string_are_checked_with_the_targets() {
    use shelter::types::Adoption;
    let adoption: Adoption = serde_json::from_value(serde_json::json!({
        "pet": {"kind": "Cat", "name": "Tom"},
        "age": 3,
        "location": [52.5, 13.4],
        "shelter": "BERLIN",
    }))
    .expect("decodes");
    assert_eq!(
        violations_of(&adoption),
        ["body /shelter: 6 characters, at most 4 allowed (maxLength)"]
    );
    let lower = Adoption {
        shelter: Some("ber".into()),
        ..adoption
    };
    assert_eq!(
        violations_of(&lower),
        [r#"body /shelter: "ber" does not match the pattern `^[A-Z]+$` (pattern)"#]
    );
}

#[test]
fn a_property_needing_another_is_refused_without_it() {
    use shelter::types::Adoption;
    let chipped: Adoption = serde_json::from_value(serde_json::json!({
        "pet": {"kind": "Dog", "name": "Rex"},
        "age": 3,
        "location": [52.5, 13.4],
        "chip": {"code": "276098100123456"},
        "notes": {"diet": "no grain", "Vet": "Dr. Lee"},
    }))
    .expect("decodes");
    assert_eq!(
        violations_of(&chipped),
        [
            r#"body /notes: property name "Vet": "Vet" does not match the pattern `^[a-z]+$` (propertyNames)"#,
            "body (root): property `shelter` is required when `chip` is present (dependentRequired)",
        ]
    );
    let named = Adoption {
        shelter: Some("BER".into()),
        notes: None,
        ..chipped
    };
    assert_eq!(violations_of(&named), Vec::<String>::new());
}

#[test]
fn a_discriminated_union_inside_another_union_decodes() {
    use shelter::types::{Listing, Pet};
    let cat: Listing = serde_json::from_str(r#"{"kind": "Cat", "name": "Tom"}"#).expect("a pet");
    assert!(
        matches!(&cat, Listing::Pet(Pet::Cat(c)) if c.name == "Tom"),
        "{cat:?}"
    );
    let named: Listing = serde_json::from_str(r#""Rex""#).expect("a name");
    assert_eq!(named, Listing::String("Rex".into()));
    let listed: Vec<Listing> =
        serde_json::from_value(serde_json::json!([{"kind": "Dog", "name": "Rex"}, "Tom"]))
            .expect("from a serde_json::Value too");
    assert!(matches!(listed[0], Listing::Pet(Pet::Dog(_))), "{listed:?}");
}
