//! Types generated from OpenAPI 3.1 schemas (`tests/generate/openapi31.yaml`) as a user meets
//! them: a `const` is a fixed value only that value decodes into, so a union without a
//! discriminator still tells its members apart by it.
#![deny(warnings)]

#[allow(deprecated)]
pub mod shelter {
    include!("generate/openapi31.rs");
}

use shelter::types::{Cat, CatKind, Dog, DogKind, Sighting};

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
